/*
 * Networks: the virtual networks of every connected host with forward mode,
 * bridge, state, autostart and persistence.  A list (ui/list.c) with its
 * own sort and filter; this file says what the columns show and how they
 * sort.
 */
#include "config.h"

#include <string.h>

#include "ui/draw.h"
#include "ui/layout.h"
#include "ui/views.h"

enum { N_HOST, N_NAME, N_STATE, N_FORWARD, N_BRIDGE, N_AUTO, N_PERSIST, N_LAST };

static const tv_list_column net_columns[N_LAST] = {
    [N_HOST] = { { "HOST", 6, 24, 3, false, false, 0, 0 }, "host", false },
    [N_NAME] = { { "NETWORK", 8, 24, 0, false, false, 0, 0 }, "name", false },
    [N_STATE] = { { "STATE", 8, 8, 0, false, false, 0, 0 }, "state", false },
    [N_FORWARD] = { { "FORWARD", 8, 10, 0, false, false, 0, 0 }, "forward mode", false },
    [N_BRIDGE] = { { "BRIDGE", 6, 16, 1, false, false, 0, 0 }, "bridge", false },
    [N_AUTO] = { { "AUTOSTART", 9, 9, 2, false, false, 0, 0 }, "autostart", true },
    [N_PERSIST] = { { "PERSISTENT", 10, 10, 2, false, false, 0, 0 }, "persistent", true },
};

static const tv_network *
row_network(const tv_row *r)
{
    return &r->snap->networks->networks[r->index];
}

static int
compare_networks(const tv_row *ra, const tv_row *rb, int col)
{
    const tv_network *a = row_network(ra), *b = row_network(rb);
    switch (col) {
    case N_HOST: return g_strcmp0(tv_list_host_label(ra), tv_list_host_label(rb));
    case N_NAME: return g_utf8_collate(a->name, b->name);
    case N_STATE: return (int)b->active - (int)a->active; /* active first */
    case N_FORWARD: return g_strcmp0(a->forward_mode, b->forward_mode);
    case N_BRIDGE: return g_strcmp0(a->bridge, b->bridge);
    case N_AUTO: return (int)a->autostart - (int)b->autostart;
    case N_PERSIST: return (int)a->persistent - (int)b->persistent;
    default: return 0;
    }
}

static int
tiebreak_networks(const tv_row *ra, const tv_row *rb)
{
    return tv_list_cmp_names(row_network(ra)->name, ra, row_network(rb)->name, rb);
}

/* Name, host, state word, forward mode or bridge. */
static bool
network_matches(const tv_row *r, const char *folded)
{
    const tv_network *n = row_network(r);
    return tv_list_text_matches(n->name, folded) || tv_list_host_matches(r, folded) ||
           strstr(n->active ? "active" : "inactive", folded) ||
           tv_list_text_matches(n->forward_mode, folded) || tv_list_text_matches(n->bridge, folded);
}

static char *
network_key(const tv_row *r)
{
    return g_strdup_printf("%u/%s", r->snap->host_id, row_network(r)->name);
}

const tv_list_class tv_networks_list = {
    .columns = net_columns,
    .n_columns = N_LAST,
    .default_sort = N_HOST,
    .compare = compare_networks,
    .tiebreak = tiebreak_networks,
    .matches = network_matches,
    .key = network_key,
};

static void
networks_rebuild(tv_app *app)
{
    tv_list *l = &app->networks;
    tv_list_begin(l);
    for (guint i = 0; i < app->snaps->len; i++) {
        const tv_host_snapshot *s = app->snaps->pdata[i];
        for (size_t k = 0; s->networks && k < s->networks->n; k++)
            tv_list_add(l, s, k, 0);
    }
    tv_list_end(l, tv_app_body_rows(app) - (l->filter != NULL));
}

static void
networks_draw(tv_app *app, int y, int height)
{
    tv_list *l = &app->networks;
    g_autoptr(GString) host = g_string_new(NULL);
    tv_column cols[N_LAST];
    int list_y, page;

    list_y = tv_list_draw_top(app, l, cols, y, NULL);
    page = height - (list_y - y);
    tv_table_fit(&l->tbl, (int)l->rows->len, page);
    if (l->rows->len == 0) {
        tv_draw_text(list_y + 1, 2, app->cols - 4,
                     l->filter ? "No network matches the filter."
                     : tv_app_inventory_pending(app, false) ? "Reading virtual networks..."
                                                            : "No virtual networks.",
                     TV_ALIGN_LEFT, TV_EL_LABEL);
        return;
    }
    for (int i = 0; i < page; i++) {
        int row = l->tbl.top + i;
        const tv_row *r = tv_list_row(l, (guint)row);
        const tv_network *n;
        const char *cells[N_LAST];
        if (!r)
            break;
        n = row_network(r);
        cells[N_HOST] = tv_labels_fit(app->labels, r->snap, cols[N_HOST].width, host);
        cells[N_NAME] = n->name;
        cells[N_STATE] = n->active ? "active" : "inactive";
        cells[N_FORWARD] = n->forward_mode ? n->forward_mode : "?";
        cells[N_BRIDGE] = n->bridge ? n->bridge : "";
        cells[N_AUTO] = n->autostart ? "yes" : "no";
        cells[N_PERSIST] = n->persistent ? "yes" : "no";
        tv_list_draw_cells(app, list_y + i, cols, N_LAST, cells, row == l->tbl.cursor);
    }
}

static bool
networks_command(tv_app *app, tv_cmd cmd)
{
    return tv_list_command(app, &app->networks, cmd);
}

static tv_list *
networks_list(tv_app *app)
{
    return &app->networks;
}

static const char *const networks_hints[] = { "filter", "sort", "refresh", "help", "quit", NULL };

const tv_view tv_view_networks = {
    .title = "Networks",
    .rebuild = networks_rebuild,
    .draw = networks_draw,
    .command = networks_command,
    .hints = networks_hints,
    .list = networks_list,
};
