/*
 * Ring of float samples for sparklines and live graphs.  Fixed capacity and
 * no allocation: rings are embedded in domain records and copied whole.
 */
#include "config.h"

#include "util/ring.h"

void
tv_ring_clear(tv_ring *r)
{
    r->head = 0;
    r->len = 0;
}

void
tv_ring_push(tv_ring *r, float value)
{
    r->v[r->head] = value;
    r->head = (unsigned short)((r->head + 1) % TV_RING_CAP);
    if (r->len < TV_RING_CAP)
        r->len++;
}

float
tv_ring_get(const tv_ring *r, size_t i)
{
    size_t oldest = (r->head + TV_RING_CAP - r->len) % TV_RING_CAP;
    return r->v[(oldest + i) % TV_RING_CAP];
}

float
tv_ring_last(const tv_ring *r)
{
    if (r->len == 0)
        return 0.0f;
    return r->v[(r->head + TV_RING_CAP - 1) % TV_RING_CAP];
}

float
tv_ring_max(const tv_ring *r)
{
    float max = 0.0f;
    for (size_t i = 0; i < r->len; i++) {
        float x = tv_ring_get(r, i);
        if (x > max)
            max = x;
    }
    return max;
}
