/*
 * Graph rows for the Details screen's Overview: numbers and layout.  The
 * current value comes from the domain record (cpu_pct, rd_bps + wr_bps,
 * rx_bps + tx_bps) and is formatted the way the Domains list formats it;
 * the bars come from the record's history ring.  The span is the number of
 * bars times the refresh interval: one bar per refresh.
 */
#include "config.h"

#include <math.h>

#include "ui/graph.h"
#include "ui/text.h"

/* label, value, "  max ", scale, space: what stands before the bars */
#define LABEL_W 10
#define VALUE_W 7
#define PREFIX_W (2 + LABEL_W + VALUE_W + 6 + VALUE_W + 1)
#define SPAN_W 6

void
tv_graph_value(char *buf, size_t len, double value, bool valid, tv_graph_unit unit)
{
    char num[32];
    if (!valid) {
        g_strlcpy(buf, "-", len);
        return;
    }
    if (unit == TV_GRAPH_PERCENT) {
        tv_fmt_pct(num, sizeof(num), value);
        g_snprintf(buf, len, "%s%%", num);
    } else {
        tv_fmt_size(num, sizeof(num), value);
        g_snprintf(buf, len, "%s/s", num);
    }
}

double
tv_graph_scale(const float *v, size_t n, double current, bool valid)
{
    double max = valid ? MAX(current, 0.0) : 0.0;
    float as_stored = (float)current;
    for (size_t i = 0; i < n; i++) {
        double s = valid && v[i] == as_stored ? current : (double)v[i];
        if (s > max)
            max = s;
    }
    return max;
}

void
tv_graph_row_build(tv_graph_row *row, const char *label, const float *v, size_t n,
                   double current, bool valid, tv_graph_unit unit, double interval_s,
                   int cols, int max_bars)
{
    char now[32], scale[32];
    g_autoptr(GString) bars = g_string_new(NULL);
    const float *shown_v;

    row->bars_col = PREFIX_W;
    row->bars_width = CLAMP(cols - PREFIX_W - 1 - SPAN_W - 1, 1, MAX(max_bars, 1));
    row->shown = MIN(n, (size_t)row->bars_width);
    shown_v = v + (n - row->shown);
    row->scale = tv_graph_scale(shown_v, row->shown, current, valid);
    row->span_col = row->bars_col + row->bars_width + 1;

    tv_graph_value(now, sizeof(now), current, valid, unit);
    if (row->shown > 0 || valid) {
        tv_graph_value(scale, sizeof(scale), row->scale, true, unit);
    } else {
        g_strlcpy(scale, "-", sizeof(scale));
    }
    row->text = g_strdup_printf("  %-*s%*s  max %-*s ", LABEL_W, label, VALUE_W, now, VALUE_W,
                                scale);
    if (row->shown > 0) {
        char span[16];
        tv_text_sparkline(bars, shown_v, row->shown, (float)row->scale, row->bars_width);
        tv_fmt_duration(span, sizeof(span), lround((double)row->shown * interval_s));
        row->span = g_strdup(span);
    } else {
        g_string_append(bars, "no samples yet");
        row->span = g_strdup("");
    }
    row->bars = g_string_free(g_steal_pointer(&bars), FALSE);
}

void
tv_graph_row_clear(tv_graph_row *row)
{
    g_clear_pointer(&row->text, g_free);
    g_clear_pointer(&row->bars, g_free);
    g_clear_pointer(&row->span, g_free);
}
