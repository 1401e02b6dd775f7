/*
 * Domains, the home screen: every domain of every connected host with live
 * stats, filtered, sorted, and multi-selectable.  The list (ui/list.c)
 * rebuilds the rows from the snapshots on each change and the cursor
 * follows its domain (by host and UUID), not its row number, so a re-sort
 * never moves it to another VM.  This file says what the columns show and
 * how they sort.  Hosts that are not connected are listed above the table.
 */
#include "config.h"

#include <string.h>

#include "ui/draw.h"
#include "ui/layout.h"
#include "ui/views.h"

enum {
    COL_MARK, COL_HOST, COL_ID, COL_NAME, COL_STATE, COL_AUTO, COL_VCPUS, COL_CPU, COL_TIME,
    COL_MEM, COL_RSS, COL_RD, COL_WR, COL_RX, COL_TX, COL_GRAPH, COL_LAST
};

/*
 * Priorities: the columns with 0 always show; ID, autostart, CPU time and
 * memory in use come after the history graph, so they show on wide screens.
 */
static const tv_list_column columns[COL_LAST] = {
    [COL_MARK] = { { "", 2, 2, 0, false, false, 0, 0 }, NULL, false },
    [COL_HOST] = { { "HOST", 8, 20, 3, false, false, 0, 0 }, "host", false },
    [COL_ID] = { { "ID", 3, 5, 6, true, false, 0, 0 }, "ID", false },
    [COL_NAME] = { { "NAME", 12, 32, 0, false, false, 0, 0 }, "name", false },
    [COL_STATE] = { { "STATE", 7, 7, 0, false, false, 0, 0 }, "state", false },
    [COL_AUTO] = { { "AUTO", 4, 4, 6, false, false, 0, 0 }, "autostart", true },
    [COL_VCPUS] = { { "CPUS", 4, 4, 0, true, false, 0, 0 }, "vCPUs", true },
    [COL_CPU] = { { "%CPU", 5, 5, 0, true, false, 0, 0 }, "CPU %", true },
    [COL_TIME] = { { "TIME", 8, 8, 5, true, false, 0, 0 }, "CPU time", true },
    [COL_MEM] = { { "MEM", 5, 5, 0, true, false, 0, 0 }, "memory", true },
    [COL_RSS] = { { "RSS", 5, 5, 5, true, false, 0, 0 }, "memory in use", true },
    [COL_RD] = { { "RD/s", 5, 5, 1, true, false, 0, 0 }, "disk read/s", true },
    [COL_WR] = { { "WR/s", 5, 5, 1, true, false, 0, 0 }, "disk write/s", true },
    [COL_RX] = { { "RX/s", 5, 5, 2, true, false, 0, 0 }, "net rx/s", true },
    [COL_TX] = { { "TX/s", 5, 5, 2, true, false, 0, 0 }, "net tx/s", true },
    [COL_GRAPH] = { { "CPU HISTORY", 16, 30, 4, false, false, 0, 0 }, NULL, false },
};

static const tv_domain *
row_domain(const tv_row *r)
{
    return &r->snap->domains[r->index];
}

/* Order of states when sorted: the live ones first, saved before plain shut off. */
static int
state_rank(const tv_domain *d)
{
    static const int rank[] = {
        [TV_DOM_RUNNING] = 0, [TV_DOM_BLOCKED] = 1,  [TV_DOM_PAUSED] = 2,
        [TV_DOM_PMSUSPENDED] = 3, [TV_DOM_SHUTDOWN] = 4, [TV_DOM_CRASHED] = 5,
        [TV_DOM_SHUTOFF] = 7, [TV_DOM_NOSTATE] = 8,
    };
    G_STATIC_ASSERT(G_N_ELEMENTS(rank) == TV_DOM_STATE_LAST);
    if (strcmp(tv_domain_state_word(d), "saved") == 0)
        return 6;
    return (unsigned)d->state < TV_DOM_STATE_LAST ? rank[d->state] : 9;
}

/*
 * A value that is not there ("-") sorts as the smallest: below 0 ascending,
 * last when the largest come first.
 */
static int
cmp_valid(bool va, bool vb)
{
    return va == vb ? 0 : va ? 1 : -1;
}

/* Orders by validity first, then by value when both are there. */
#define CMP_VALID(va, vb, value_cmp) ((va) != (vb) ? cmp_valid(va, vb) : (va) ? (value_cmp) : 0)

static int
compare_domains(const tv_row *ra, const tv_row *rb, int col)
{
    const tv_domain *a = row_domain(ra), *b = row_domain(rb);
    bool fa = a->valid & TV_DOM_HAS_FLAGS, fb = b->valid & TV_DOM_HAS_FLAGS;

    switch (col) {
    case COL_HOST: return g_strcmp0(tv_list_host_label(ra), tv_list_host_label(rb));
    /* Inactive domains (-1) after every ID, as in virsh list --all. */
    case COL_ID: return tv_list_cmp_ull((unsigned)a->id, (unsigned)b->id);
    case COL_NAME: return g_utf8_collate(a->name, b->name);
    case COL_STATE: return state_rank(a) - state_rank(b);
    case COL_AUTO: return CMP_VALID(fa, fb, (int)a->autostart - (int)b->autostart);
    case COL_VCPUS: return tv_list_cmp_ull(a->vcpus, b->vcpus);
    case COL_CPU: return tv_list_cmp_double(a->cpu_pct, b->cpu_pct);
    case COL_TIME:
        return CMP_VALID(!!(a->valid & TV_DOM_RAW_CPU), !!(b->valid & TV_DOM_RAW_CPU),
                         tv_list_cmp_ull(a->cpu_time_ns, b->cpu_time_ns));
    case COL_MEM: return tv_list_cmp_ull(a->mem_kib, b->mem_kib);
    case COL_RSS:
        return CMP_VALID(!!(a->valid & TV_DOM_HAS_RSS), !!(b->valid & TV_DOM_HAS_RSS),
                         tv_list_cmp_ull(a->rss_kib, b->rss_kib));
    case COL_RD: return tv_list_cmp_double(a->rd_bps, b->rd_bps);
    case COL_WR: return tv_list_cmp_double(a->wr_bps, b->wr_bps);
    case COL_RX: return tv_list_cmp_double(a->rx_bps, b->rx_bps);
    case COL_TX: return tv_list_cmp_double(a->tx_bps, b->tx_bps);
    default: return 0;
    }
}

/* Ties: by name, then host. */
static int
tiebreak_domains(const tv_row *ra, const tv_row *rb)
{
    return tv_list_cmp_names(row_domain(ra)->name, ra, row_domain(rb)->name, rb);
}

/* Name, host (URI or label) or the state word ("saved" included). */
static bool
domain_matches(const tv_row *r, const char *folded)
{
    const tv_domain *d = row_domain(r);
    return tv_list_text_matches(d->name, folded) || tv_list_host_matches(r, folded) ||
           strstr(tv_domain_state_word(d), folded) != NULL;
}

static char *
domain_key(const tv_row *r)
{
    return tv_app_domain_key(r->snap, row_domain(r));
}

const tv_list_class tv_domains_list = {
    .columns = columns,
    .n_columns = COL_LAST,
    .default_sort = COL_HOST,
    .compare = compare_domains,
    .tiebreak = tiebreak_domains,
    .matches = domain_matches,
    .key = domain_key,
};

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

/* The filter line above the header: a text filter, or Enter on a host. */
static bool
filter_line(const tv_app *app)
{
    return app->domains.filter || app->host_filter;
}

static void
domains_rebuild(tv_app *app)
{
    tv_list *l = &app->domains;
    tv_list_begin(l);
    for (guint i = 0; i < app->snaps->len; i++) {
        const tv_host_snapshot *s = app->snaps->pdata[i];
        if (app->host_filter && s->host_id != app->host_filter)
            continue;
        for (size_t k = 0; k < s->n_domains; k++)
            tv_list_add(l, s, k, 0);
    }
    tv_list_end(l, tv_app_body_rows(app) - banner_lines(app) - filter_line(app));
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
    const tv_domain *d = row_domain(r);
    g_autofree char *key = tv_app_domain_key(r->snap, d);
    bool marked = g_hash_table_contains(app->marked, key);
    attr_t base = tv_theme_attr(is_cursor ? TV_EL_CURSOR : marked ? TV_EL_SELECTED
                                                                    : TV_EL_DEFAULT);
    char buf[COL_LAST][32];
    const char *dash = tv_text_utf8() ? "\u2013" : "-";
    const char *state = tv_domain_state_word(d);
    g_autoptr(GString) host = g_string_new(NULL);

    tv_draw_fill_attr(y, 0, app->cols, base);
    /* Marked for a bulk action, and migrating (a running migration job moves it). */
    g_snprintf(buf[COL_MARK], 32, "%s%s", marked ? "*" : " ",
               !app->migrating || !g_hash_table_contains(app->migrating, d->uuid_str) ? " "
               : tv_text_utf8()                                                     ? "\u00bb"
                                                                                    : ">");
    if (d->id >= 0)
        g_snprintf(buf[COL_ID], 32, "%d", d->id);
    else
        g_strlcpy(buf[COL_ID], "-", 32); /* as virsh list shows an inactive domain */
    g_strlcpy(buf[COL_STATE], state, 32);
    g_strlcpy(buf[COL_AUTO], !(d->valid & TV_DOM_HAS_FLAGS) ? dash : d->autostart ? "yes" : "no",
              32);
    if (d->valid & TV_DOM_HAS_VCPUS)
        g_snprintf(buf[COL_VCPUS], 32, "%u", d->vcpus);
    else
        g_strlcpy(buf[COL_VCPUS], dash, 32);
    if (d->valid & TV_DOM_HAS_CPU)
        tv_fmt_pct(buf[COL_CPU], 32, d->cpu_pct);
    else
        g_strlcpy(buf[COL_CPU], dash, 32);
    if (d->valid & TV_DOM_RAW_CPU)
        tv_fmt_cputime(buf[COL_TIME], 32, d->cpu_time_ns);
    else
        g_strlcpy(buf[COL_TIME], dash, 32);
    if (d->valid & TV_DOM_HAS_MEM)
        tv_fmt_kib(buf[COL_MEM], 32, d->mem_kib);
    else
        g_strlcpy(buf[COL_MEM], dash, 32);
    if (d->valid & TV_DOM_HAS_RSS)
        tv_fmt_kib(buf[COL_RSS], 32, d->rss_kib);
    else
        g_strlcpy(buf[COL_RSS], dash, 32);
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
        if (c == COL_STATE && !is_cursor) {
            /* A saved domain resumes where it was: coloured like a paused one. */
            tv_el el = strcmp(state, "saved") == 0 ? TV_EL_PAUSED : tv_app_state_el(d->state);
            attr = tv_theme_attr(el) | (marked ? A_BOLD : 0);
        }
        tv_draw_text_attr(y, col->x, col->width, text, col->right ? TV_ALIGN_RIGHT
                                                                   : TV_ALIGN_LEFT, attr);
    }
}

static void
domains_draw(tv_app *app, int y, int height)
{
    tv_list *l = &app->domains;
    tv_column cols[COL_LAST];
    const tv_host_snapshot *hs = app->host_filter ? tv_app_snapshot(app, app->host_filter)
                                                  : NULL;
    g_autofree char *host =
        app->host_filter
            ? g_strdup_printf("host %s", hs ? tv_labels_get(app->labels, hs) : "?")
            : NULL;
    int list_y, page;

    draw_banners(app, y);
    list_y = tv_list_draw_top(app, l, cols, y + banner_lines(app), host);
    page = height - (list_y - y);
    tv_table_fit(&l->tbl, (int)l->rows->len, page);
    if (l->rows->len == 0) {
        const char *msg = filter_line(app) ? "No domain matches the filter." : "No domains.";
        tv_draw_text(list_y + 1, 2, app->cols - 4, msg, TV_ALIGN_LEFT, TV_EL_LABEL);
        return;
    }
    for (int i = 0; i < page; i++) {
        int row = l->tbl.top + i;
        if (row >= (int)l->rows->len)
            break;
        draw_row(app, cols, list_y + i, tv_list_row(l, (guint)row), row == l->tbl.cursor);
    }
}

static void
open_details(tv_app *app)
{
    const tv_row *r = tv_list_current(&app->domains);
    const tv_domain *d;
    tv_host *h;
    if (!r)
        return;
    d = row_domain(r);
    app->det_host = r->snap->host_id;
    g_free(app->det_uuid);
    app->det_uuid = g_strdup(d->uuid_str);
    g_free(app->det_name);
    app->det_name = g_strdup(d->name);
    app->det_tab = 0;
    tv_pagerview_reset(&app->det_page);
    h = tv_app_host(app, app->det_host);
    if (h)
        tv_host_set_details(h, app->det_uuid);
    tv_app_show(app, TV_VIEW_DETAILS, true);
}

static bool
domains_command(tv_app *app, tv_cmd cmd)
{
    tv_list *l = &app->domains;
    const tv_row *r = tv_list_current(l);

    l->cursor_moved = true;
    /* The host filter (Enter on Hosts) goes with the text filter. */
    if (cmd == TV_CMD_CANCEL && app->host_filter) {
        app->host_filter = 0;
        tv_list_set_filter(l, NULL);
        domains_rebuild(app);
        tv_app_status(app, false, "Filter cleared");
        return true;
    }
    if (cmd == TV_CMD_BACK && app->host_filter) {
        tv_list_back_keeps_filter(app);
        return true;
    }
    if (tv_list_command(app, l, cmd))
        return true;
    switch (cmd) {
    case TV_CMD_OPEN:
        open_details(app);
        return true;
    case TV_CMD_SELECT:
        if (r) {
            char *key = domain_key(r);
            if (!g_hash_table_remove(app->marked, key))
                g_hash_table_add(app->marked, key);
            else
                g_free(key);
            tv_table_move(&l->tbl, TV_MOVE_DOWN);
            tv_app_status(app, false, "%u marked (space marks, u unmarks all)",
                          g_hash_table_size(app->marked));
        }
        return true;
    case TV_CMD_SELECT_NONE:
        g_hash_table_remove_all(app->marked);
        tv_app_status(app, false, "No domain marked");
        return true;
    default:
        return false;
    }
}

static tv_list *
domains_list(tv_app *app)
{
    return &app->domains;
}

static const char *const domains_hints[] = { "open", "filter", "sort", "select", "help",
                                             "quit", NULL };

const tv_view tv_view_domains = {
    .title = "Domains",
    .rebuild = domains_rebuild,
    .draw = domains_draw,
    .command = domains_command,
    .hints = domains_hints,
    .list = domains_list,
};
