/*
 * Hosts: one row per connection with its state (and libvirt's error when
 * it is down, with the reconnect countdown), versions, CPUs, memory and VM
 * counts; below the table, the host under the cursor in detail, with the
 * load, CPU, memory and NIC rates its collector publishes.
 */
#include "config.h"

#include <string.h>

#include "ui/draw.h"
#include "ui/layout.h"
#include "ui/views.h"

enum { COL_URI, COL_STATE, COL_HV, COL_CPUS, COL_MEM, COL_FREE, COL_VMS, COL_LAST };

static const tv_column column_template[COL_LAST] = {
    [COL_URI] = { "URI", 12, 40, 0, false, false, 0, 0 },
    [COL_STATE] = { "STATE", 12, 60, 0, false, false, 0, 0 },
    [COL_HV] = { "HYPERVISOR", 10, 14, 2, false, false, 0, 0 },
    [COL_CPUS] = { "CPUS", 4, 4, 1, true, false, 0, 0 },
    [COL_MEM] = { "MEM", 5, 5, 1, true, false, 0, 0 },
    [COL_FREE] = { "FREE", 5, 5, 1, true, false, 0, 0 },
    [COL_VMS] = { "VMS run/pau/off", 15, 15, 0, true, false, 0, 0 },
};

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

static void
draw_detail(tv_app *app, const tv_host_snapshot *s, int y, int height)
{
    char a[32], b[32], c[32];
    int line = 0;
    g_autoptr(GString) text = g_string_new(NULL);
    const tv_hoststats *hs = &s->hoststats;

#define LINE(...)                                                                          \
    do {                                                                                   \
        if (line < height) {                                                               \
            g_string_printf(text, __VA_ARGS__);                                            \
            tv_draw_text(y + line, 2, app->cols - 4, text->str, TV_ALIGN_LEFT, TV_EL_DEFAULT); \
        }                                                                                  \
        line++;                                                                            \
    } while (0)

    tv_draw_text(y + line++, 0, app->cols, s->uri, TV_ALIGN_LEFT, TV_EL_LABEL);
    if (s->is_demo)
        LINE("This is libvirt's built-in demo driver: no libvirt host answered at the default "
             "URI.");
    if (s->state != TV_HOST_CONNECTED) {
        g_autofree char *st = state_text(app, s);
        LINE("%s", st);
        return;
    }
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

    memcpy(cols, column_template, sizeof(cols));
    tv_layout_columns(cols, COL_LAST, app->cols, 1);
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
            const char *text = c == COL_URI ? s->uri : c == COL_STATE ? state : buf[c];
            attr_t attr = base;
            if (!cols[c].shown)
                continue;
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
        tv_app_status(app, false, "Domains of %s (Esc clears the filter)", s->uri);
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
