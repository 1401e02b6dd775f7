/*
 * Hosts: one row per connection with its label, URI, state (and libvirt's
 * error when it is down, with the reconnect countdown), versions, CPUs,
 * memory and VM counts; below the table, the host under the cursor in
 * detail, wrapped over as many lines as it needs, with the load, CPU,
 * memory and NIC rates its collector publishes.  The URI is what tells
 * hosts apart, so it gets its width before any optional column.
 */
#include "config.h"

#include <string.h>

#include "ui/draw.h"
#include "ui/layout.h"
#include "ui/views.h"

enum { COL_HOST, COL_URI, COL_STATE, COL_HV, COL_CPUS, COL_MEM, COL_FREE, COL_VMS, COL_LAST };

/* HOST and URI widths are set from the hosts shown (see layout). */
static const tv_column column_template[COL_LAST] = {
    [COL_HOST] = { "HOST", 4, 4, 0, false, false, 0, 0 },
    [COL_URI] = { "URI", 12, 12, 0, false, false, 0, 0 },
    [COL_STATE] = { "STATE", 13, 60, 0, false, false, 0, 0 }, /* "disconnected…" */
    [COL_HV] = { "HYPERVISOR", 10, 14, 4, false, false, 0, 0 },
    [COL_CPUS] = { "CPUS", 4, 4, 2, true, false, 0, 0 },
    [COL_MEM] = { "MEM", 5, 5, 3, true, false, 0, 0 },
    [COL_FREE] = { "FREE", 5, 5, 3, true, false, 0, 0 },
    [COL_VMS] = { "VMS run/pau/off", 15, 15, 1, true, false, 0, 0 },
};

/* Labels above this width are cut (around what tells them apart). */
#define HOST_COL_MIN_CAP 16
#define HOST_COL_PREF_CAP 32

static void
version_string(char *buf, size_t len, unsigned long v)
{
    g_snprintf(buf, len, "%lu.%lu.%lu", v / 1000000, (v / 1000) % 1000, v % 1000);
}

/* "connected", "connecting...", "disconnected: why — retrying in 3s". */
static char *
state_text(const tv_app *app, const tv_host_snapshot *s)
{
    long silent = tv_app_silent_for(app, s);
    if (silent > 0)
        return g_strdup_printf("connected, not answering for %lds", silent);
    if (s->state == TV_HOST_DISCONNECTED) {
        gint64 left = (s->retry_at_us - g_get_monotonic_time() + G_USEC_PER_SEC - 1) /
                      G_USEC_PER_SEC;
        /* The countdown goes first: long libvirt errors are cut at 80 columns. */
        return g_strdup_printf("disconnected, retrying in %lds: %s", (long)MAX(left, 0),
                               s->error ? s->error : "?");
    }
    if (s->state == TV_HOST_FAILED)
        return g_strdup_printf("failed, not retrying: %s", s->error ? s->error : "?");
    if (s->state == TV_HOST_CONNECTING) {
        gint64 for_s = (g_get_monotonic_time() - s->retry_at_us) / G_USEC_PER_SEC;
        return for_s >= 2 ? g_strdup_printf("connecting for %lds...", (long)for_s)
                          : g_strdup("connecting...");
    }
    return g_strdup(s->readonly ? "connected (read-only)" : "connected");
}

static void
hosts_rebuild(tv_app *app)
{
    tv_table_fit(&app->host_tbl, (int)app->snaps->len, MAX(tv_app_body_rows(app) / 2, 1));
}

/*
 * Widths from the hosts shown: HOST as wide as the longest label (up to a
 * cap), URI at least as wide as the longest URI as far as HOST and STATE
 * leave room, so the optional columns drop before a URI is cut.
 */
static void
layout(const tv_app *app, tv_column *cols)
{
    int label_w = 4, uri_w = 3, room;
    for (guint i = 0; i < app->snaps->len; i++) {
        const tv_host_snapshot *s = app->snaps->pdata[i];
        label_w = MAX(label_w, tv_text_width(tv_labels_get(app->labels, s)));
        uri_w = MAX(uri_w, tv_text_width(s->uri));
    }
    cols[COL_HOST].min = MIN(label_w, HOST_COL_MIN_CAP);
    cols[COL_HOST].pref = MIN(label_w, HOST_COL_PREF_CAP);
    room = app->cols - cols[COL_HOST].min - cols[COL_STATE].min - 2;
    cols[COL_URI].min = MIN(uri_w, MAX(room, cols[COL_URI].min));
    cols[COL_URI].pref = MAX(uri_w, cols[COL_URI].min);
    tv_layout_columns(cols, COL_LAST, app->cols, 1);
}

/* Draws text at column x, wrapped to the screen's width, from *line on (up to height). */
static void
draw_wrapped(const tv_app *app, int y, int height, int *line, int x, tv_el el,
             const char *text)
{
    g_autoptr(GPtrArray) lines = tv_text_wrap(text, app->cols - x - 1);
    for (guint i = 0; i < lines->len; i++, (*line)++) {
        if (*line < height)
            tv_draw_text(y + *line, x, app->cols - x, lines->pdata[i], TV_ALIGN_LEFT, el);
    }
}

static void
draw_detail(tv_app *app, const tv_host_snapshot *s, int y, int height)
{
    char a[32], b[32], c[32];
    int line = 0;
    g_autoptr(GString) text = g_string_new(NULL);
    const tv_hoststats *hs = &s->hoststats;

    /* Every line wraps: a libvirt error or a URI can be longer than the screen. */
#define LINE(...)                                                                          \
    do {                                                                                   \
        g_string_printf(text, __VA_ARGS__);                                                \
        draw_wrapped(app, y, height, &line, 2, TV_EL_DEFAULT, text->str);                  \
    } while (0)

    g_string_printf(text, "%s  %s", tv_labels_get(app->labels, s), s->uri);
    draw_wrapped(app, y, height, &line, 0, TV_EL_LABEL, text->str);
    if (s->is_demo)
        LINE("This is libvirt's built-in demo driver: no libvirt host answered at the default "
             "URI.");
    {
        /* Whole here: the table's STATE column yields its width to the URI. */
        g_autofree char *st = state_text(app, s);
        LINE("%s", st);
    }
    if (s->state != TV_HOST_CONNECTED)
        return;
    if (s->has_node) {
        version_string(a, sizeof(a), s->hv_version);
        version_string(b, sizeof(b), s->lib_version);
        LINE("Host %s  hypervisor %s %s  libvirt %s", s->hostname ? s->hostname : "?",
             s->hv_type ? s->hv_type : "?", a, b);
        tv_fmt_kib(a, sizeof(a), s->mem_total_kib);
        tv_fmt_kib(b, sizeof(b), s->mem_free_kib);
        LINE("CPU %s, %u CPUs at %u MHz  memory %s, %s free", s->cpu_model ? s->cpu_model : "?",
             s->cpus, s->mhz, a, b);
    }
    {
        /* The VMS column is the first to go on a narrow screen: the counts are here too. */
        unsigned r, p, off;
        tv_host_snapshot_count(s, &r, &p, &off);
        LINE("Domains: %u running, %u paused, %u shut off", r, p, off);
    }
    if (hs->valid & TV_HS_LOAD)
        LINE("Load %.2f %.2f %.2f", hs->load[0], hs->load[1], hs->load[2]);
    if (hs->valid & (TV_HS_CPU | TV_HS_MEM)) {
        g_string_truncate(text, 0);
        if (hs->valid & TV_HS_CPU)
            tv_fmt_pct(a, sizeof(a), hs->cpu_pct);
        else
            g_strlcpy(a, "-", sizeof(a));
        tv_fmt_kib(b, sizeof(b), hs->mem_used_kib);
        tv_fmt_kib(c, sizeof(c), hs->mem_total_kib);
        LINE("Host CPU %s%%  memory used %s of %s", a, (hs->valid & TV_HS_MEM) ? b : "-",
             (hs->valid & TV_HS_MEM) ? c : "-");
    }
    if (hs->valid & TV_HS_NICS) {
        for (size_t i = 0; i < hs->n_nics; i++) {
            tv_fmt_size(a, sizeof(a), hs->nics[i].rx_bps);
            tv_fmt_size(b, sizeof(b), hs->nics[i].tx_bps);
            LINE("NIC %-12s rx %6s/s  tx %6s/s", hs->nics[i].name, a, b);
        }
    }
#undef LINE
}

static void
hosts_draw(tv_app *app, int y, int height)
{
    tv_column cols[COL_LAST];
    int table_rows = MIN((int)app->snaps->len, MAX(height / 2 - 1, 1));
    g_autoptr(GString) cell = g_string_new(NULL);

    memcpy(cols, column_template, sizeof(cols));
    layout(app, cols);
    tv_app_draw_header(app, y, cols, COL_LAST);
    tv_table_fit(&app->host_tbl, (int)app->snaps->len, table_rows);
    for (int i = 0; i < table_rows; i++) {
        int row = app->host_tbl.top + i;
        const tv_host_snapshot *s;
        bool cursor = row == app->host_tbl.cursor;
        attr_t base = tv_theme_attr(cursor ? TV_EL_CURSOR : TV_EL_DEFAULT);
        char buf[COL_LAST][48] = { { 0 } };
        g_autofree char *state = NULL;
        unsigned r, p, off;

        if (row >= (int)app->snaps->len)
            break;
        s = app->snaps->pdata[row];
        state = state_text(app, s);
        if (s->has_node) {
            char v[24];
            version_string(v, sizeof(v), s->hv_version);
            g_snprintf(buf[COL_HV], 48, "%s %s", s->hv_type ? s->hv_type : "?", v);
            g_snprintf(buf[COL_CPUS], 48, "%u", s->cpus);
            tv_fmt_kib(buf[COL_MEM], 48, s->mem_total_kib);
            tv_fmt_kib(buf[COL_FREE], 48, s->mem_free_kib);
        }
        if (s->state == TV_HOST_CONNECTED) {
            tv_host_snapshot_count(s, &r, &p, &off);
            g_snprintf(buf[COL_VMS], 48, "%u/%u/%u", r, p, off);
        }
        tv_draw_fill_attr(y + 1 + i, 0, app->cols, base);
        for (int c = 0; c < COL_LAST; c++) {
            const char *text;
            attr_t attr = base;
            if (!cols[c].shown)
                continue;
            if (c == COL_HOST)
                text = tv_labels_fit(app->labels, s, cols[c].width, cell);
            else if (c == COL_URI)
                text = tv_labels_fit_uri(app->labels, s, cols[c].width, cell);
            else
                text = c == COL_STATE ? state : buf[c];
            if (c == COL_STATE && !cursor)
                attr = tv_theme_attr(s->state == TV_HOST_CONNECTED &&
                                             tv_app_silent_for(app, s) == 0
                                         ? TV_EL_HOST_UP
                                         : TV_EL_HOST_DOWN);
            tv_draw_text_attr(y + 1 + i, cols[c].x, cols[c].width, text,
                              cols[c].right ? TV_ALIGN_RIGHT : TV_ALIGN_LEFT, attr);
        }
    }
    if (app->snaps->len > 0) {
        int dy = y + 2 + table_rows;
        draw_detail(app, app->snaps->pdata[MIN((guint)app->host_tbl.cursor,
                                               app->snaps->len - 1)],
                    dy, y + height - dy);
    }
}

static bool
hosts_command(tv_app *app, tv_cmd cmd)
{
    if (tv_app_move(&app->host_tbl, cmd, false))
        return true;
    switch (cmd) {
    case TV_CMD_OPEN: {
        /* Enter on a host shows its domains. */
        if (app->snaps->len == 0)
            return true;
        const tv_host_snapshot *s = app->snaps->pdata[app->host_tbl.cursor];
        tv_list_set_filter(&app->domains, NULL);
        app->host_filter = s->host_id;
        tv_app_show(app, TV_VIEW_DOMAINS, false);
        tv_app_view(TV_VIEW_DOMAINS)->rebuild(app);
        tv_app_status(app, false, "Domains of %s (Esc clears the filter)",
                      tv_labels_get(app->labels, s));
        return true;
    }
    default:
        return false;
    }
}

static const char *const hosts_hints[] = { "open", "command", "refresh", "help", "quit", NULL };

const tv_view tv_view_hosts = {
    .title = "Hosts",
    .rebuild = hosts_rebuild,
    .draw = hosts_draw,
    .command = hosts_command,
    .hints = hosts_hints,
};
