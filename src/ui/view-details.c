/*
 * Details of one domain: Overview (facts, IP addresses and live graphs),
 * Hardware (disks, NICs with their addresses, consoles, graphics as read
 * from its XML) and XML (read-only; scrolls sideways and is searchable with
 * "/", n and N like less).  The XML and the addresses come in the host's
 * snapshot once the view asked the worker for them; until then the page
 * says so.  Every tab shows its lines through the pager widget
 * (pagerview.c); graph numbers live in graph.c.
 */
#include "config.h"

#include <curses.h>
#include <string.h>

#include "model/domxml.h"
#include "model/guestaddr.h"
#include "ui/draw.h"
#include "ui/graph.h"
#include "ui/views.h"

enum { TAB_OVERVIEW, TAB_HARDWARE, TAB_XML, TAB_LAST };
static const char *const tab_names[TAB_LAST] = { "Overview", "Hardware", "XML" };

/* Columns a tab character in the XML stands for. */
#define TAB_STOP 8

typedef struct line {
    char *text;
    tv_el el;
    tv_device_kind device; /* a device the Hardware tab's cursor can stand on, or NONE */
    char *device_id;       /* its target ("vda") or MAC */
} line;

static void
line_free(gpointer p)
{
    line *l = p;
    g_free(l->text);
    g_free(l->device_id);
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

/* Marks the line just added as a device the cursor can stand on. */
static void
mark_device(GPtrArray *lines, tv_device_kind kind, const char *id)
{
    line *l = lines->pdata[lines->len - 1];
    l->device = kind;
    l->device_id = g_strdup(id);
}

static const char *
or_dash(const char *s)
{
    return s && *s ? s : "-";
}

/* The domain, its parsed XML and its addresses, when the snapshot has them. */
typedef struct shown {
    const tv_host_snapshot *s;
    const tv_domain *d;
    const tv_domain_details *x;
    const tv_guest_addrs *a;
} shown;

static shown
current(const tv_app *app)
{
    shown w = { 0 };
    w.s = tv_app_snapshot(app, app->det_host);
    w.d = w.s ? tv_host_snapshot_find(w.s, app->det_uuid) : NULL;
    if (w.s && w.s->details && g_strcmp0(w.s->details->uuid_str, app->det_uuid) == 0)
        w.x = w.s->details;
    if (w.s && w.s->addrs && g_strcmp0(w.s->addrs->uuid_str, app->det_uuid) == 0)
        w.a = w.s->addrs;
    return w;
}

/* ---- addresses -------------------------------------------------------------- */

/* Why no address is shown yet or at all, before looking at the sources. */
static const char *
addresses_pending(const shown *w)
{
    if (w->d->id < 0)
        return "none: the domain is not running";
    if (w->x && w->x->nics->len == 0)
        return "none: the domain has no network interface";
    if (!w->a || !w->a->active || w->a->dom_id != w->d->id)
        return "reading...";
    return NULL;
}

static void
address_lines(GPtrArray *lines, const shown *w)
{
    const char *pending = addresses_pending(w);
    g_autoptr(GPtrArray) seen = NULL;
    const char *label = "Addresses";

    if (pending) {
        add(lines, TV_EL_DEFAULT, "  %-11s %s", label, pending);
        return;
    }
    if (w->a->addrs->len == 0) {
        g_autofree char *why = tv_guest_addrs_why_none(w->a);
        add(lines, TV_EL_DEFAULT, "  %-11s none known: %s", label, why);
        return;
    }
    /* One line per NIC, in the order the source reported them. */
    seen = g_ptr_array_new();
    for (guint i = 0; i < w->a->addrs->len; i++) {
        const tv_guest_addr *ad = &g_array_index(w->a->addrs, tv_guest_addr, i);
        g_autofree char *text = NULL;
        if (ad->mac) {
            bool done = false;
            for (guint k = 0; k < seen->len && !done; k++)
                done = g_ascii_strcasecmp(seen->pdata[k], ad->mac) == 0;
            if (done)
                continue;
            g_ptr_array_add(seen, ad->mac);
            text = tv_guest_addrs_for_mac(w->a, ad->mac);
        } else {
            text = tv_guest_addr_format(ad, w->a->source);
        }
        add(lines, TV_EL_DEFAULT, "  %-11s %s  on %s%s%s", label, text,
            ad->mac ? ad->mac : or_dash(ad->ifname), ad->mac && ad->ifname ? " " : "",
            ad->mac && ad->ifname ? ad->ifname : "");
        label = "";
    }
}

/* The address line under a NIC in Hardware. */
static void
nic_address_line(GPtrArray *lines, const shown *w, const tv_nic_info *n)
{
    const char *pending = addresses_pending(w);
    g_autofree char *text = NULL;

    if (pending) {
        add(lines, TV_EL_DEFAULT, "      address: %s", pending);
        return;
    }
    text = tv_guest_addrs_for_mac(w->a, n->mac);
    if (text) {
        add(lines, TV_EL_DEFAULT, "      address: %s", text);
    } else {
        g_autofree char *why = tv_guest_addrs_why_none_for_nic(w->a);
        add(lines, TV_EL_DEFAULT, "      address: none known: %s", why);
    }
}

/* ---- the pages ---------------------------------------------------------------- */

static void
overview_lines(GPtrArray *lines, const shown *w)
{
    char a[32], b[32];
    const tv_domain *d = w->d;
    const tv_domain_details *x = w->x;
    add(lines, TV_EL_LABEL, "Domain");
    add(lines, TV_EL_DEFAULT, "  Name        %s", d->name);
    add(lines, TV_EL_DEFAULT, "  UUID        %s", d->uuid_str);
    add(lines, TV_EL_DEFAULT, "  Host        %s", w->s->uri);
    add(lines, tv_app_state_el(d->state), "  State       %s", tv_domain_state_word(d));
    if (d->id >= 0)
        add(lines, TV_EL_DEFAULT, "  ID          %d", d->id);
    address_lines(lines, w);
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
hardware_lines(GPtrArray *lines, const shown *w)
{
    const tv_domain_details *x = w->x;
    add(lines, TV_EL_LABEL, "Disks (%u)", x->disks->len);
    for (guint i = 0; i < x->disks->len; i++) {
        const tv_disk_info *k = &g_array_index(x->disks, tv_disk_info, i);
        add(lines, TV_EL_DEFAULT, "  %-6s %-6s bus %-7s format %-6s cache %-12s %s%s",
            or_dash(k->target), or_dash(k->device), or_dash(k->bus), or_dash(k->format),
            k->cache ? k->cache : "default", k->source ? k->source : "(empty)",
            k->readonly ? " (read-only)" : "");
        if (k->target)
            mark_device(lines, g_strcmp0(k->device, "cdrom") == 0 ? TV_DEVICE_CDROM
                                                                   : TV_DEVICE_DISK,
                        k->target);
    }
    add(lines, TV_EL_LABEL, "Network interfaces (%u)", x->nics->len);
    for (guint i = 0; i < x->nics->len; i++) {
        const tv_nic_info *n = &g_array_index(x->nics, tv_nic_info, i);
        add(lines, TV_EL_DEFAULT, "  %-17s model %-8s %s %s%s%s", or_dash(n->mac),
            or_dash(n->model), or_dash(n->type), or_dash(n->source),
            n->target_dev ? "  dev " : "", n->target_dev ? n->target_dev : "");
        if (n->mac)
            mark_device(lines, TV_DEVICE_NIC, n->mac);
        nic_address_line(lines, w, n);
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

/* The XML as lines, tabs expanded (a NULL-terminated array, g_strfreev). */
static char **
xml_lines(const tv_domain_details *x)
{
    g_auto(GStrv) split = g_strsplit(x && x->xml ? x->xml : "", "\n", -1);
    GPtrArray *out = g_ptr_array_new();
    for (size_t i = 0; split[i]; i++) {
        GString *l;
        if (!split[i + 1] && !*split[i])
            break; /* the newline that ends the text starts no line */
        l = g_string_new(NULL);
        for (const char *p = split[i]; *p; p++) {
            if (*p == '\t') {
                int col = tv_text_width(l->str);
                do
                    g_string_append_c(l, ' ');
                while (++col % TAB_STOP);
            } else {
                g_string_append_c(l, *p);
            }
        }
        g_ptr_array_add(out, g_string_free(l, FALSE));
    }
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}

/* ---- graphs ------------------------------------------------------------------- */

static void
graph(tv_app *app, int y, const char *label, const tv_ring *r, bool valid, double now,
      tv_graph_unit unit)
{
    float vals[TV_RING_CAP];
    tv_graph_row row = { 0 };

    for (size_t i = 0; i < r->len; i++)
        vals[i] = tv_ring_get(r, i);
    tv_graph_row_build(&row, label, vals, r->len, now, valid, unit, app->interval_s, app->cols,
                       TV_RING_CAP);
    tv_draw_text(y, 0, row.bars_col, row.text, TV_ALIGN_LEFT, TV_EL_DEFAULT);
    tv_draw_text(y, row.bars_col, row.bars_width, row.bars, TV_ALIGN_LEFT,
                 row.shown > 0 ? TV_EL_GRAPH : TV_EL_DISABLED);
    tv_draw_text(y, row.span_col, app->cols - row.span_col, row.span, TV_ALIGN_LEFT,
                 TV_EL_DEFAULT);
    tv_graph_row_clear(&row);
}

/* Draws the graphs and returns the rows they took. */
static int
graphs(tv_app *app, int y, const tv_domain *d)
{
    g_autofree char *title = g_strdup_printf("Live: one bar per refresh (every %gs), "
                                             "bars scaled to the max", app->interval_s);
    tv_draw_text(y, 0, app->cols, title, TV_ALIGN_LEFT, TV_EL_LABEL);
    graph(app, y + 1, "CPU", &d->hist->cpu, d->valid & TV_DOM_HAS_CPU, d->cpu_pct,
          TV_GRAPH_PERCENT);
    graph(app, y + 2, "Disk r+w", &d->hist->disk, d->valid & TV_DOM_HAS_DISK,
          d->rd_bps + d->wr_bps, TV_GRAPH_RATE);
    graph(app, y + 3, "Net rx+tx", &d->hist->net, d->valid & TV_DOM_HAS_NET,
          d->rx_bps + d->tx_bps, TV_GRAPH_RATE);
    return 4;
}

/* ---- drawing ------------------------------------------------------------------ */

static void
draw_tabs(tv_app *app, int y, const shown *w)
{
    int x0 = 1;
    g_autofree char *title = NULL;
    int tw;

    tv_draw_fill(y, 0, app->cols, TV_EL_HEADER);
    for (int t = 0; t < TAB_LAST; t++) {
        g_autofree char *label = g_strdup_printf(" %s ", tab_names[t]);
        int lw = tv_text_width(label);
        tv_draw_text(y, x0, lw, label, TV_ALIGN_LEFT,
                     t == app->det_tab ? TV_EL_TAB_ACTIVE : TV_EL_HEADER);
        x0 += lw + 1;
    }
    title = g_strdup_printf("%s on %s", app->det_name, w->s ? w->s->uri : "a host that is gone");
    tw = MIN(tv_text_width(title), app->cols - x0 - 2);
    if (tw > 4)
        tv_draw_text(y, app->cols - tw - 1, tw, title, TV_ALIGN_RIGHT, TV_EL_HEADER);
}

/* The line of the n-th device (0 is the first), or -1. */
static int
device_line(GPtrArray *lines, int n)
{
    for (guint i = 0; i < lines->len; i++) {
        const line *l = lines->pdata[i];
        if (l->device != TV_DEVICE_NONE && n-- == 0)
            return (int)i;
    }
    return -1;
}

static int
device_count(GPtrArray *lines)
{
    int n = 0;
    for (guint i = 0; i < lines->len; i++)
        n += ((const line *)lines->pdata[i])->device != TV_DEVICE_NONE;
    return n;
}

tv_device_kind
tv_app_current_device(const tv_app *app, char **id)
{
    shown w = current(app);
    g_autoptr(GPtrArray) lines = NULL;
    int at;

    *id = NULL;
    if (app->view != TV_VIEW_DETAILS || app->det_tab != TAB_HARDWARE || !w.x)
        return TV_DEVICE_NONE;
    lines = g_ptr_array_new_with_free_func(line_free);
    hardware_lines(lines, &w);
    at = device_line(lines, app->det_device);
    if (at < 0)
        return TV_DEVICE_NONE;
    *id = g_strdup(((const line *)lines->pdata[at])->device_id);
    return ((const line *)lines->pdata[at])->device;
}

/*
 * Fills the pager with the tab's lines (the cursor's device highlighted on
 * Hardware); returns the cursor's line, or -1.
 */
static int
load_page(tv_app *app, const shown *w)
{
    tv_pagerview *pv = &app->det_page;
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(line_free);
    int cursor = -1;

    tv_pagerview_begin(pv);
    pv->what = "the XML";
    pv->position_el = TV_EL_LABEL;
    if (!w->d)
        return -1;
    if (app->det_tab == TAB_XML && w->x) {
        g_auto(GStrv) xl = xml_lines(w->x);
        for (size_t i = 0; xl[i]; i++)
            tv_pagerview_add(pv, TV_EL_DEFAULT, xl[i]);
        return -1;
    }
    if (app->det_tab == TAB_OVERVIEW)
        overview_lines(lines, w);
    else if (w->x)
        hardware_lines(lines, w);
    else
        add(lines, TV_EL_LABEL, "Reading the domain XML...");
    if (app->det_tab == TAB_HARDWARE)
        cursor = device_line(lines, app->det_device);
    for (guint i = 0; i < lines->len; i++) {
        const line *l = lines->pdata[i];
        tv_pagerview_add(pv, (int)i == cursor ? TV_EL_CURSOR : l->el, l->text);
    }
    return cursor;
}

static void
details_draw(tv_app *app, int y, int height)
{
    shown w = current(app);
    int body_y = y + 1, body_h = height - 1, cursor;

    draw_tabs(app, y, &w);
    if (!w.d) {
        tv_draw_text(body_y + 1, 2, app->cols - 4,
                     w.s && w.s->state == TV_HOST_CONNECTED
                         ? "This domain no longer exists on its host (Esc goes back)."
                         : "The host is not connected (Esc goes back).",
                     TV_ALIGN_LEFT, TV_EL_ERROR);
        return;
    }
    if (app->det_tab == TAB_OVERVIEW && body_h >= 12 && w.d->hist) {
        int used = graphs(app, body_y, w.d);
        body_y += used;
        body_h -= used;
    }
    cursor = load_page(app, &w);
    tv_pagerview_show_line(&app->det_page, cursor, body_h); /* the device under the cursor */
    tv_pagerview_draw(&app->det_page, body_y, 0, body_h, app->cols,
                      app->det_tab == TAB_XML ? tv_app_typed_search(app) : NULL);
}

/* ---- the XML tab's keys and search -------------------------------------------- */

static void
details_search(tv_app *app, const char *text)
{
    shown w = current(app);
    g_autofree char *say = NULL;
    bool error;

    if (app->det_tab != TAB_XML)
        return;
    if (!w.x) {
        tv_app_status(app, true, "The XML has not been read yet: search again in a moment");
        return;
    }
    load_page(app, &w);
    say = tv_pagerview_search(&app->det_page, text, &error);
    tv_app_status(app, error, "%s", say);
}

/*
 * The XML tab is a pager: it scrolls sideways and n/N go from match to
 * match.  On Overview and Hardware only h and l scroll sideways (over a
 * long disk path): Left goes back there and Up/Down move the device cursor.
 */
static bool
details_key(tv_app *app, int ch, bool is_char)
{
    shown w = current(app);
    g_autofree char *say = NULL;
    bool error, used;

    if (app->det_tab == TAB_XML ? !w.x : !(is_char && (ch == 'h' || ch == 'l')))
        return false;
    load_page(app, &w);
    used = tv_pagerview_key(&app->det_page, app->keymap, ch, is_char, &say, &error);
    if (say)
        tv_app_status(app, error, "%s", say);
    return used;
}

static bool
details_command(tv_app *app, tv_cmd cmd)
{
    shown w = current(app);
    if (app->det_tab == TAB_HARDWARE && w.x && (cmd == TV_CMD_UP || cmd == TV_CMD_DOWN)) {
        /* On Hardware the cursor goes from device to device (x detaches, M changes media). */
        g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(line_free);
        int n;
        hardware_lines(lines, &w);
        n = device_count(lines);
        if (n > 0)
            app->det_device = CLAMP(app->det_device + (cmd == TV_CMD_DOWN ? 1 : -1), 0, n - 1);
        return true;
    }
    if (tv_pagerview_command(&app->det_page, cmd))
        return true;
    switch (cmd) {
    case TV_CMD_NEXT_SCREEN:
    case TV_CMD_PREV_SCREEN:
        app->det_tab = (app->det_tab + (cmd == TV_CMD_NEXT_SCREEN ? 1 : TAB_LAST - 1)) % TAB_LAST;
        app->det_device = 0;
        tv_pagerview_reset(&app->det_page);
        if (app->det_tab == TAB_XML)
            tv_app_status(app, false, "XML: / searches, n/N next/previous, Left/Right or h/l "
                                      "scroll sideways");
        return true;
    case TV_CMD_FILTER:
        if (app->det_tab == TAB_XML)
            tv_app_open_edit(app, TV_EDIT_SEARCH, NULL);
        else
            tv_app_status(app, true, "Search works in the XML tab (Tab to it)");
        return true;
    case TV_CMD_OPEN:
        return true;
    default:
        return false;
    }
}

static const char *const details_hints[] = { "screen-next", "cancel", "help", NULL };

static const char *const details_keys[] = {
    "{screen-next}", "Next tab: Overview, Hardware, XML.",
    "Up Down", "Hardware: the cursor goes from disk to disk and NIC to NIC.",
    "{filter}", "XML: search from the top line, any case.",
    "n N", "XML: next / previous match.",
    "Right Left l h", "XML: scroll sideways by half a screen (l and h on every tab).",
    "Home", "XML: back to column 1 (again: to the top).",
    NULL,
};

const tv_view tv_view_details = {
    .title = "Details",
    .draw = details_draw,
    .command = details_command,
    .hints = details_hints,
    .key = details_key,
    .search = details_search,
    .own_keys = details_keys,
};
