/*
 * Table column layout.  Dropping goes by priority so the most telling
 * columns survive a narrow terminal; growth is round-robin so two flexible
 * columns (host, name) share spare room fairly.
 */
#include "config.h"

#include "ui/layout.h"

static int
min_sum(const tv_column *cols, size_t n, int gap)
{
    int sum = 0, shown = 0;
    for (size_t i = 0; i < n; i++) {
        if (cols[i].shown) {
            sum += cols[i].min;
            shown++;
        }
    }
    return sum + (shown > 1 ? (shown - 1) * gap : 0);
}

int
tv_layout_columns(tv_column *cols, size_t n, int total, int gap)
{
    int used, x = 0;
    bool grew;

    for (size_t i = 0; i < n; i++) {
        cols[i].shown = true;
        cols[i].width = cols[i].min;
    }
    while (min_sum(cols, n, gap) > total) {
        int drop = -1;
        for (size_t i = 0; i < n; i++) {
            if (cols[i].shown && cols[i].prio > 0 &&
                (drop < 0 || cols[i].prio >= cols[drop].prio))
                drop = (int)i;
        }
        if (drop < 0)
            break;
        cols[drop].shown = false;
    }
    used = min_sum(cols, n, gap);
    do {
        grew = false;
        for (size_t i = 0; i < n && used < total; i++) {
            if (cols[i].shown && cols[i].width < cols[i].pref) {
                cols[i].width++;
                used++;
                grew = true;
            }
        }
    } while (grew && used < total);
    for (size_t i = 0; i < n; i++) {
        cols[i].x = x;
        if (cols[i].shown)
            x += cols[i].width + gap;
        else
            cols[i].width = 0;
    }
    return used;
}
