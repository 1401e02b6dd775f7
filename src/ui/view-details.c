/*
 * Details of one domain: Overview (facts and live graphs), Hardware (disks,
 * NICs, consoles, graphics as read from its XML) and XML (read-only,
 * scrollable).  The XML comes parsed in the host's snapshot once the view
 * asked the worker for it; until then the page says it is loading.
 */
#include "config.h"

#include <string.h>

#include "model/domxml.h"
#include "ui/draw.h"
#include "ui/views.h"

enum { TAB_OVERVIEW, TAB_HARDWARE, TAB_XML, TAB_LAST };
static const char *const tab_names[TAB_LAST] = { "Overview", "Hardware", "XML" };

typedef struct line {
    char *text;
    tv_el el;
} line;

static void
line_free(gpointer p)
{
    line *l = p;
    g_free(l->text);
    g_free(l);
}

static void G_GNUC_PRINTF(3, 4)
add(GPtrArray *lines, tv_el el, const char *fmt, ...)
{
    va_list ap;
    line *l = g_new0(line, 1);
    va_start(ap, fmt);
    l->text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    l->el = el;
    g_ptr_array_add(lines, l);
}

static const char *
or_dash(const char *s)
{
    return s && *s ? s : "-";
}

static void
overview_lines(GPtrArray *lines, const tv_host_snapshot *s, const tv_domain *d,
               const tv_domain_details *x)
{
    char a[32], b[32];
    add(lines, TV_EL_LABEL, "Domain");
    add(lines, TV_EL_DEFAULT, "  Name        %s", d->name);
    add(lines, TV_EL_DEFAULT, "  UUID        %s", d->uuid_str);
    add(lines, TV_EL_DEFAULT, "  Host        %s", s->uri);
    add(lines, tv_app_state_el(d->state), "  State       %s%s", tv_dom_state_name(d->state),
        d->id >= 0 ? "" : "");
    if (d->id >= 0)
        add(lines, TV_EL_DEFAULT, "  ID          %d", d->id);
    if (d->valid & TV_DOM_HAS_FLAGS)
        add(lines, TV_EL_DEFAULT, "  Persistent  %s   Autostart %s   Managed save %s",
            d->persistent ? "yes" : "no", d->autostart ? "on" : "off",
            d->managed_save ? "yes" : "no");
    if (x) {
        tv_fmt_kib(a, sizeof(a), x->mem_kib);
        tv_fmt_kib(b, sizeof(b), x->max_mem_kib);
        add(lines, TV_EL_DEFAULT, "  vCPUs       %u", x->vcpus);
        add(lines, TV_EL_DEFAULT, "  Memory      %s (max %s)", a, b);
        add(lines, TV_EL_DEFAULT, "  Type        %s %s %s %s", or_dash(x->domain_type),
            or_dash(x->os_type), or_dash(x->arch), x->machine ? x->machine : "");
        if (x->emulator)
            add(lines, TV_EL_DEFAULT, "  Emulator    %s", x->emulator);
        if (x->boot)
            add(lines, TV_EL_DEFAULT, "  Boot        %s", x->boot);
        if (x->kernel)
            add(lines, TV_EL_DEFAULT, "  Kernel      %s %s", x->kernel,
                x->cmdline ? x->cmdline : "");
        if (x->description)
            add(lines, TV_EL_DEFAULT, "  Description %s", x->description);
    }
}

static void
hardware_lines(GPtrArray *lines, const tv_domain_details *x)
{
    add(lines, TV_EL_LABEL, "Disks (%u)", x->disks->len);
    for (guint i = 0; i < x->disks->len; i++) {
        const tv_disk_info *k = &g_array_index(x->disks, tv_disk_info, i);
        add(lines, TV_EL_DEFAULT, "  %-6s %-6s bus %-7s format %-6s cache %-12s %s%s",
            or_dash(k->target), or_dash(k->device), or_dash(k->bus), or_dash(k->format),
            k->cache ? k->cache : "default", k->source ? k->source : "(empty)",
            k->readonly ? " (read-only)" : "");
    }
    add(lines, TV_EL_LABEL, "Network interfaces (%u)", x->nics->len);
    for (guint i = 0; i < x->nics->len; i++) {
        const tv_nic_info *n = &g_array_index(x->nics, tv_nic_info, i);
        add(lines, TV_EL_DEFAULT, "  %-17s model %-8s %s %s%s%s", or_dash(n->mac),
            or_dash(n->model), or_dash(n->type), or_dash(n->source),
            n->target_dev ? "  dev " : "", n->target_dev ? n->target_dev : "");
    }
    add(lines, TV_EL_LABEL, "Consoles and serial ports (%u)", x->chardevs->len);
    for (guint i = 0; i < x->chardevs->len; i++) {
        const tv_chardev_info *c = &g_array_index(x->chardevs, tv_chardev_info, i);
        g_autofree char *port = c->port >= 0 ? g_strdup_printf("%d", c->port) : g_strdup("-");
        add(lines, TV_EL_DEFAULT, "  %-8s %-5s target %-10s port %-3s %s", or_dash(c->kind),
            or_dash(c->type), or_dash(c->target_type), port, c->path ? c->path : "");
    }
    add(lines, TV_EL_LABEL, "Graphics (%u)", x->graphics->len);
    for (guint i = 0; i < x->graphics->len; i++) {
        const tv_graphics_info *g = &g_array_index(x->graphics, tv_graphics_info, i);
        g_autofree char *port = g->port >= 0 ? g_strdup_printf("%d", g->port) : g_strdup("auto");
        add(lines, TV_EL_DEFAULT, "  %-6s listen %s port %s", or_dash(g->type),
            or_dash(g->listen), port);
    }
}

static void
xml_lines(GPtrArray *lines, const tv_domain_details *x)
{
    g_auto(GStrv) split = g_strsplit(x->xml ? x->xml : "", "\n", -1);
    for (size_t i = 0; split[i]; i++) {
        if (!split[i + 1] && !*split[i])
            break;
        add(lines, TV_EL_DEFAULT, "%s", split[i]);
    }
}

static void
graph(tv_app *app, int y, const char *label, const tv_ring *r, bool valid, double now,
      bool pct)
{
    char v[32];
    float vals[TV_RING_CAP];
    int x = 24, w = app->cols - x - 1;
    g_autofree char *text = NULL;

    for (size_t i = 0; i < r->len; i++)
        vals[i] = tv_ring_get(r, i);
    if (!valid)
        g_strlcpy(v, "-", sizeof(v));
    else if (pct)
        tv_fmt_pct(v, sizeof(v), now);
    else
        tv_fmt_size(v, sizeof(v), now);
    text = g_strdup_printf("  %-10s %6s%s", label, v, pct ? "%" : "/s");
    tv_draw_text(y, 0, x, text, TV_ALIGN_LEFT, TV_EL_DEFAULT);
    tv_draw_sparkline(y, x, MIN(w, TV_RING_CAP), vals, r->len,
                      pct ? MAX(100.0f, tv_ring_max(r)) : 0.0f, tv_theme_attr(TV_EL_GRAPH));
}

static void
details_draw(tv_app *app, int y, int height)
{
    const tv_host_snapshot *s = tv_app_snapshot(app, app->det_host);
    const tv_domain *d = s ? tv_host_snapshot_find(s, app->det_uuid) : NULL;
    const tv_domain_details *x = s && s->details && g_strcmp0(s->details->uuid_str,
                                                              app->det_uuid) == 0
                                     ? s->details : NULL;
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(line_free);
    int x0 = 1, body_y, body_h, graphs = 0;

    /* Sub-tabs */
    tv_draw_fill(y, 0, app->cols, TV_EL_HEADER);
    for (int t = 0; t < TAB_LAST; t++) {
        g_autofree char *label = g_strdup_printf(" %s ", tab_names[t]);
        int w = tv_text_width(label);
        tv_draw_text(y, x0, w, label, TV_ALIGN_LEFT,
                     t == app->det_tab ? TV_EL_TAB_ACTIVE : TV_EL_HEADER);
        x0 += w + 1;
    }
    {
        g_autofree char *title = g_strdup_printf("%s on %s", app->det_name,
                                                 s ? s->uri : "a host that is gone");
        int w = MIN(tv_text_width(title), app->cols - x0 - 2);
        if (w > 4)
            tv_draw_text(y, app->cols - w - 1, w, title, TV_ALIGN_RIGHT, TV_EL_HEADER);
    }
    body_y = y + 1;
    body_h = height - 1;

    if (!d) {
        tv_draw_text(body_y + 1, 2, app->cols - 4,
                     s && s->state == TV_HOST_CONNECTED
                         ? "This domain no longer exists on its host (Esc goes back)."
                         : "The host is not connected (Esc goes back).",
                     TV_ALIGN_LEFT, TV_EL_ERROR);
        return;
    }
    if (app->det_tab == TAB_OVERVIEW) {
        graphs = MIN(4, body_h / 3);
        if (graphs >= 4 && d->hist) {
            tv_draw_text(body_y, 0, app->cols, "Live", TV_ALIGN_LEFT, TV_EL_LABEL);
            graph(app, body_y + 1, "CPU", &d->hist->cpu, d->valid & TV_DOM_HAS_CPU, d->cpu_pct,
                  true);
            graph(app, body_y + 2, "Disk r+w", &d->hist->disk, d->valid & TV_DOM_HAS_DISK,
                  d->rd_bps + d->wr_bps, false);
            graph(app, body_y + 3, "Net rx+tx", &d->hist->net, d->valid & TV_DOM_HAS_NET,
                  d->rx_bps + d->tx_bps, false);
            body_y += 4;
            body_h -= 4;
        }
        overview_lines(lines, s, d, x);
    } else if (x && app->det_tab == TAB_HARDWARE) {
        hardware_lines(lines, x);
    } else if (x) {
        xml_lines(lines, x);
    }
    if (!x && app->det_tab != TAB_OVERVIEW)
        add(lines, TV_EL_LABEL, "Reading the domain XML...");

    app->det_scroll.count = (int)lines->len;
    app->det_scroll.page = MAX(body_h, 1);
    app->det_scroll.top = CLAMP(app->det_scroll.top, 0,
                                MAX(app->det_scroll.count - app->det_scroll.page, 0));
    for (int i = 0; i < body_h; i++) {
        int idx = app->det_scroll.top + i;
        const line *l;
        if (idx >= (int)lines->len)
            break;
        l = lines->pdata[idx];
        tv_draw_text(body_y + i, 0, app->cols, l->text, TV_ALIGN_LEFT, l->el);
    }
}

static bool
details_command(tv_app *app, tv_cmd cmd)
{
    tv_table *t = &app->det_scroll;
    if (tv_app_move(t, cmd, true))
        return true;
    switch (cmd) {
    case TV_CMD_NEXT_SCREEN:
    case TV_CMD_PREV_SCREEN:
        app->det_tab = (app->det_tab + (cmd == TV_CMD_NEXT_SCREEN ? 1 : TAB_LAST - 1)) % TAB_LAST;
        *t = (tv_table){ 0 };
        return true;
    case TV_CMD_OPEN:
        return true;
    default:
        return false;
    }
}

static const char *const details_hints[] = { "screen-next", "back", "help", NULL };

const tv_view tv_view_details = {
    .title = "Details",
    .draw = details_draw,
    .command = details_command,
    .hints = details_hints,
};
