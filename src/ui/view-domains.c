/*
 * Domains, the home screen: every domain of every connected host with live
 * stats, filtered, sorted, and multi-selectable.  Rows are rebuilt from the
 * snapshots on each change and the cursor follows its domain (by host and
 * UUID), not its row number, so a re-sort never moves it to another VM.
 * Hosts that are not connected are listed above the table.
 */
#include "config.h"

#include <string.h>

#include "ui/draw.h"
#include "ui/layout.h"
#include "ui/views.h"

enum {
    COL_MARK, COL_HOST, COL_NAME, COL_STATE, COL_VCPUS, COL_CPU, COL_MEM,
    COL_RD, COL_WR, COL_RX, COL_TX, COL_GRAPH, COL_LAST
};

static const tv_column column_template[COL_LAST] = {
    [COL_MARK] = { "", 1, 1, 0, false, false, 0, 0 },
    [COL_HOST] = { "HOST", 8, 20, 3, false, false, 0, 0 },
    [COL_NAME] = { "NAME", 12, 32, 0, false, false, 0, 0 },
    [COL_STATE] = { "STATE", 7, 7, 0, false, false, 0, 0 },
    [COL_VCPUS] = { "CPUS", 4, 4, 0, true, false, 0, 0 },
    [COL_CPU] = { "%CPU", 5, 5, 0, true, false, 0, 0 },
    [COL_MEM] = { "MEM", 5, 5, 0, true, false, 0, 0 },
    [COL_RD] = { "RD/s", 5, 5, 1, true, false, 0, 0 },
    [COL_WR] = { "WR/s", 5, 5, 1, true, false, 0, 0 },
    [COL_RX] = { "RX/s", 5, 5, 2, true, false, 0, 0 },
    [COL_TX] = { "TX/s", 5, 5, 2, true, false, 0, 0 },
    [COL_GRAPH] = { "CPU HISTORY", 16, 30, 4, false, false, 0, 0 },
};

static tv_app *sort_app; /* qsort has no user data; the UI is single-threaded */

static int
cmp_double(double a, double b)
{
    return a < b ? -1 : a > b ? 1 : 0;
}

static int
compare_rows(const void *pa, const void *pb)
{
    const tv_row *ra = pa, *rb = pb;
    const tv_domain *a = &ra->snap->domains[ra->index];
    const tv_domain *b = &rb->snap->domains[rb->index];
    int c = 0;

    switch (sort_app->sort_key) {
    case TV_SORT_HOST:
        c = g_strcmp0(tv_labels_get(sort_app->labels, ra->snap),
                      tv_labels_get(sort_app->labels, rb->snap));
        break;
    case TV_SORT_NAME: c = g_utf8_collate(a->name, b->name); break;
    case TV_SORT_STATE: c = (int)a->state - (int)b->state; break;
    case TV_SORT_VCPUS: c = cmp_double(a->vcpus, b->vcpus); break;
    case TV_SORT_CPU: c = cmp_double(a->cpu_pct, b->cpu_pct); break;
    case TV_SORT_MEM: c = cmp_double((double)a->mem_kib, (double)b->mem_kib); break;
    case TV_SORT_DISK_RD: c = cmp_double(a->rd_bps, b->rd_bps); break;
    case TV_SORT_DISK_WR: c = cmp_double(a->wr_bps, b->wr_bps); break;
    case TV_SORT_NET_RX: c = cmp_double(a->rx_bps, b->rx_bps); break;
    case TV_SORT_NET_TX: c = cmp_double(a->tx_bps, b->tx_bps); break;
    default: break;
    }
    if (sort_app->sort_desc)
        c = -c;
    if (c == 0) /* ties: by name, then host, always ascending */
        c = g_utf8_collate(a->name, b->name);
    if (c == 0)
        c = g_strcmp0(ra->snap->uri, rb->snap->uri);
    return c;
}

static bool
matches_filter(const char *filter_folded, const tv_host_snapshot *s, const char *label,
               const tv_domain *d)
{
    g_autofree char *name = NULL;
    g_autofree char *uri = NULL;
    if (!filter_folded)
        return true;
    name = g_utf8_casefold(d->name, -1);
    if (strstr(name, filter_folded))
        return true;
    uri = g_utf8_casefold(s->uri, -1);
    if (strstr(uri, filter_folded))
        return true;
    g_free(uri);
    uri = g_utf8_casefold(label, -1);
    if (strstr(uri, filter_folded))
        return true;
    return strstr(tv_dom_state_name(d->state), filter_folded) != NULL;
}

/* Number of lines above the table for hosts that are not connected. */
static int
banner_lines(const tv_app *app)
{
    int n = 0;
    for (guint i = 0; i < app->snaps->len; i++) {
        const tv_host_snapshot *s = app->snaps->pdata[i];
        if (s->state != TV_HOST_CONNECTED || s->is_demo || tv_app_silent_for(app, s) > 0)
            n++;
    }
    return MIN(n, 3);
}

static void
domains_rebuild(tv_app *app)
{
    g_autofree char *folded = app->filter ? g_utf8_casefold(app->filter, -1) : NULL;
    g_autofree char *keep = NULL;
    int cursor = 0;

    if (!app->dom_cursor_moved) {
        keep = NULL; /* hosts answer in any order: start on the first row */
    } else if (app->dom_rows->len > 0 && app->dom_tbl.cursor < (int)app->dom_rows->len) {
        const tv_row *r = &g_array_index(app->dom_rows, tv_row, app->dom_tbl.cursor);
        keep = tv_app_domain_key(r->snap, &r->snap->domains[r->index]);
    } else if (app->dom_cursor_key) {
        keep = g_strdup(app->dom_cursor_key);
    }
    g_array_set_size(app->dom_rows, 0);
    for (guint i = 0; i < app->snaps->len; i++) {
        const tv_host_snapshot *s = app->snaps->pdata[i];
        if (app->host_filter && s->host_id != app->host_filter)
            continue;
        for (size_t k = 0; k < s->n_domains; k++) {
            tv_row r = { s, k };
            if (matches_filter(folded, s, tv_labels_get(app->labels, s), &s->domains[k]))
                g_array_append_val(app->dom_rows, r);
        }
    }
    sort_app = app;
    if (app->dom_rows->len > 1) /* data is NULL while the array is empty */
        qsort(app->dom_rows->data, app->dom_rows->len, sizeof(tv_row), compare_rows);
    if (keep) {
        for (guint i = 0; i < app->dom_rows->len; i++) {
            const tv_row *r = &g_array_index(app->dom_rows, tv_row, i);
            g_autofree char *key = tv_app_domain_key(r->snap, &r->snap->domains[r->index]);
            if (strcmp(key, keep) == 0) {
                cursor = (int)i;
                break;
            }
            cursor = MIN(app->dom_tbl.cursor, (int)app->dom_rows->len - 1);
        }
    }
    app->dom_tbl.cursor = MAX(cursor, 0);
    g_free(app->dom_cursor_key);
    app->dom_cursor_key = g_steal_pointer(&keep);
    tv_table_fit(&app->dom_tbl, (int)app->dom_rows->len,
                 tv_app_body_rows(app) - banner_lines(app));
}

static void
draw_banners(tv_app *app, int y)
{
    int shown = 0;
    gint64 now = g_get_monotonic_time();
    for (guint i = 0; i < app->snaps->len && shown < 3; i++) {
        const tv_host_snapshot *s = app->snaps->pdata[i];
        g_autofree char *line = NULL;
        long silent = tv_app_silent_for(app, s);
        if (silent > 0) {
            line = g_strdup_printf("%s: not answering for %lds (the list shows its last "
                                   "refresh)", s->uri, silent);
        } else if (s->is_demo && s->state == TV_HOST_CONNECTED) {
            line = g_strdup_printf("Demo: no libvirt host answered, so this is libvirt's "
                                   "built-in test driver (%s) with sample data.", s->uri);
        } else if (s->state == TV_HOST_CONNECTING) {
            long for_s = (long)((now - s->retry_at_us) / G_USEC_PER_SEC);
            line = for_s >= 2 ? g_strdup_printf("%s: connecting for %lds...%s%s", s->uri, for_s,
                                                s->error ? " last error: " : "",
                                                s->error ? s->error : "")
                              : g_strdup_printf("%s: connecting...", s->uri);
        } else if (s->state == TV_HOST_DISCONNECTED) {
            long left = (long)((s->retry_at_us - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
            /* The countdown goes first: long libvirt errors are cut at 80 columns. */
            line = g_strdup_printf("%s: disconnected, retrying in %lds: %s", s->uri,
                                   MAX(left, 0), s->error ? s->error : "not connected");
        } else if (s->state == TV_HOST_FAILED) {
            line = g_strdup_printf("%s: failed, not retrying: %s", s->uri,
                                   s->error ? s->error : "?");
        } else {
            continue;
        }
        tv_draw_text(y + shown, 0, app->cols, line, TV_ALIGN_LEFT,
                     s->state == TV_HOST_DISCONNECTED || s->state == TV_HOST_FAILED
                         ? TV_EL_ERROR
                         : TV_EL_WARNING);
        shown++;
    }
}

static void
format_rate(char *buf, size_t len, bool valid, double v)
{
    if (!valid)
        g_strlcpy(buf, tv_text_utf8() ? "\u2013" : "-", len);
    else
        tv_fmt_size(buf, len, v);
}

static void
draw_row(tv_app *app, const tv_column *cols, int y, const tv_row *r, bool is_cursor)
{
    const tv_domain *d = &r->snap->domains[r->index];
    g_autofree char *key = tv_app_domain_key(r->snap, d);
    bool marked = g_hash_table_contains(app->marked, key);
    attr_t base = tv_theme_attr(is_cursor ? TV_EL_CURSOR : marked ? TV_EL_SELECTED
                                                                    : TV_EL_DEFAULT);
    char buf[COL_LAST][32];
    const char *dash = tv_text_utf8() ? "\u2013" : "-";
    g_autoptr(GString) host = g_string_new(NULL);

    tv_draw_fill_attr(y, 0, app->cols, base);
    g_strlcpy(buf[COL_MARK], marked ? "*" : " ", 32);
    g_strlcpy(buf[COL_STATE], tv_dom_state_name(d->state), 32);
    if (d->valid & TV_DOM_HAS_VCPUS)
        g_snprintf(buf[COL_VCPUS], 32, "%u", d->vcpus);
    else
        g_strlcpy(buf[COL_VCPUS], dash, 32);
    if (d->valid & TV_DOM_HAS_CPU)
        tv_fmt_pct(buf[COL_CPU], 32, d->cpu_pct);
    else
        g_strlcpy(buf[COL_CPU], dash, 32);
    if (d->valid & TV_DOM_HAS_MEM)
        tv_fmt_kib(buf[COL_MEM], 32, d->mem_kib);
    else
        g_strlcpy(buf[COL_MEM], dash, 32);
    format_rate(buf[COL_RD], 32, d->valid & TV_DOM_HAS_DISK, d->rd_bps);
    format_rate(buf[COL_WR], 32, d->valid & TV_DOM_HAS_DISK, d->wr_bps);
    format_rate(buf[COL_RX], 32, d->valid & TV_DOM_HAS_NET, d->rx_bps);
    format_rate(buf[COL_TX], 32, d->valid & TV_DOM_HAS_NET, d->tx_bps);

    for (int c = 0; c < COL_LAST; c++) {
        const tv_column *col = &cols[c];
        const char *text;
        attr_t attr = base;
        if (!col->shown)
            continue;
        switch (c) {
        case COL_HOST: text = tv_labels_fit(app->labels, r->snap, col->width, host); break;
        case COL_NAME: text = d->name; break;
        case COL_GRAPH: {
            float v[TV_RING_CAP];
            const tv_ring *ring = d->hist ? &d->hist->cpu : NULL;
            if (!ring)
                continue;
            for (size_t i = 0; i < ring->len; i++)
                v[i] = tv_ring_get(ring, i);
            tv_draw_sparkline(y, col->x, col->width, v, ring->len,
                              MAX(100.0f, tv_ring_max(ring)),
                              is_cursor ? base : tv_theme_attr(TV_EL_GRAPH));
            continue;
        }
        default: text = buf[c]; break;
        }
        if (c == COL_STATE && !is_cursor)
            attr = tv_theme_attr(tv_app_state_el(d->state)) | (marked ? A_BOLD : 0);
        tv_draw_text_attr(y, col->x, col->width, text, col->right ? TV_ALIGN_RIGHT
                                                                   : TV_ALIGN_LEFT, attr);
    }
}

static void
domains_draw(tv_app *app, int y, int height)
{
    tv_column cols[COL_LAST];
    int banners = banner_lines(app);
    int list_y, page;

    memcpy(cols, column_template, sizeof(cols));
    tv_layout_columns(cols, COL_LAST, app->cols, 1);
    draw_banners(app, y);
    y += banners;
    tv_app_draw_header(app, y, cols, COL_LAST);
    list_y = y + 1;
    page = height - banners - 1;
    tv_table_fit(&app->dom_tbl, (int)app->dom_rows->len, page);
    if (app->filter || app->host_filter) {
        const tv_host_snapshot *hs = app->host_filter ? tv_app_snapshot(app, app->host_filter)
                                                      : NULL;
        g_autofree char *host = hs ? g_strdup_printf("host %s%s",
                                                     tv_labels_get(app->labels, hs),
                                                     app->filter ? ", " : "")
                                   : g_strdup("");
        g_autofree char *f = g_strdup_printf(" filter: %s%s (%u) ", host,
                                             app->filter ? app->filter : "",
                                             app->dom_rows->len);
        int w = MIN(tv_text_width(f), app->cols / 2);
        tv_draw_text(y, app->cols - w, w, f, TV_ALIGN_RIGHT, TV_EL_WARNING);
    }
    if (app->dom_rows->len == 0) {
        const char *msg = app->filter || app->host_filter ? "No domain matches the filter."
                                                           : "No domains.";
        tv_draw_text(list_y + 1, 2, app->cols - 4, msg, TV_ALIGN_LEFT, TV_EL_LABEL);
        return;
    }
    for (int i = 0; i < page; i++) {
        int row = app->dom_tbl.top + i;
        if (row >= (int)app->dom_rows->len)
            break;
        draw_row(app, cols, list_y + i, &g_array_index(app->dom_rows, tv_row, row),
                 row == app->dom_tbl.cursor);
    }
}

static void
open_details(tv_app *app)
{
    const tv_row *r;
    const tv_domain *d;
    tv_host *h;
    if (app->dom_rows->len == 0)
        return;
    r = &g_array_index(app->dom_rows, tv_row, app->dom_tbl.cursor);
    d = &r->snap->domains[r->index];
    app->det_host = r->snap->host_id;
    g_free(app->det_uuid);
    app->det_uuid = g_strdup(d->uuid_str);
    g_free(app->det_name);
    app->det_name = g_strdup(d->name);
    app->det_tab = 0;
    app->det_scroll = (tv_table){ 0 };
    tv_pager_reset(&app->det_pager);
    h = tv_app_host(app, app->det_host);
    if (h)
        tv_host_set_details(h, app->det_uuid);
    tv_app_show(app, TV_VIEW_DETAILS, true);
}

static bool
domains_command(tv_app *app, tv_cmd cmd)
{
    app->dom_cursor_moved = true;
    if (tv_app_move(&app->dom_tbl, cmd, false))
        return true;
    switch (cmd) {
    case TV_CMD_OPEN:
        open_details(app);
        return true;
    case TV_CMD_SELECT:
        if (app->dom_rows->len > 0) {
            const tv_row *r = &g_array_index(app->dom_rows, tv_row, app->dom_tbl.cursor);
            char *key = tv_app_domain_key(r->snap, &r->snap->domains[r->index]);
            if (!g_hash_table_remove(app->marked, key))
                g_hash_table_add(app->marked, key);
            else
                g_free(key);
            tv_table_move(&app->dom_tbl, TV_MOVE_DOWN);
            tv_app_status(app, false, "%u marked (space marks, u unmarks all)",
                          g_hash_table_size(app->marked));
        }
        return true;
    case TV_CMD_SELECT_NONE:
        g_hash_table_remove_all(app->marked);
        tv_app_status(app, false, "No domain marked");
        return true;
    case TV_CMD_BACK:
        if (app->filter || app->host_filter) {
            g_clear_pointer(&app->filter, g_free);
            app->host_filter = 0;
            domains_rebuild(app);
            tv_app_status(app, false, "Filter cleared");
        }
        return true;
    default:
        return false;
    }
}

/* Keeps the cursor key in sync after moves (rebuild reads it). */
static const char *const domains_hints[] = { "open", "filter", "sort", "select", "help",
                                             "quit", NULL };

const tv_view tv_view_domains = {
    .title = "Domains",
    .rebuild = domains_rebuild,
    .draw = domains_draw,
    .command = domains_command,
    .hints = domains_hints,
};
