/*
 * A fixed-size ring of samples kept by value, so a domain's history can be
 * copied into each published snapshot with a plain struct copy and read by
 * the UI without locks.  The newest sample is index len-1.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define TV_RING_CAP 60

typedef struct tv_ring {
    float v[TV_RING_CAP];
    unsigned short head; /* slot the next push writes */
    unsigned short len;  /* samples held, <= TV_RING_CAP */
} tv_ring;

void tv_ring_clear(tv_ring *r);
void tv_ring_push(tv_ring *r, float value);
/* i = 0 is the oldest sample held; i must be < r->len. */
float tv_ring_get(const tv_ring *r, size_t i);
float tv_ring_last(const tv_ring *r);
float tv_ring_max(const tv_ring *r);
