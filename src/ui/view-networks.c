/*
 * Networks: the virtual networks of every connected host with forward mode,
 * bridge, state, autostart and persistence.
 */
#include "config.h"

#include <string.h>

#include "ui/draw.h"
#include "ui/layout.h"
#include "ui/views.h"

enum { N_HOST, N_NAME, N_STATE, N_FORWARD, N_BRIDGE, N_AUTO, N_PERSIST, N_LAST };

static const tv_column net_template[N_LAST] = {
    [N_HOST] = { "HOST", 6, 24, 3, false, false, 0, 0 },
    [N_NAME] = { "NETWORK", 8, 24, 0, false, false, 0, 0 },
    [N_STATE] = { "STATE", 8, 8, 0, false, false, 0, 0 },
    [N_FORWARD] = { "FORWARD", 8, 10, 0, false, false, 0, 0 },
    [N_BRIDGE] = { "BRIDGE", 6, 16, 1, false, false, 0, 0 },
    [N_AUTO] = { "AUTOSTART", 9, 9, 2, false, false, 0, 0 },
    [N_PERSIST] = { "PERSISTENT", 10, 10, 2, false, false, 0, 0 },
};

static void
networks_rebuild(tv_app *app)
{
    g_array_set_size(app->net_rows, 0);
    for (guint i = 0; i < app->snaps->len; i++) {
        const tv_host_snapshot *s = app->snaps->pdata[i];
        for (size_t k = 0; s->networks && k < s->networks->n; k++) {
            tv_row r = { s, k };
            g_array_append_val(app->net_rows, r);
        }
    }
    tv_table_fit(&app->net_tbl, (int)app->net_rows->len, tv_app_body_rows(app));
}

static void
networks_draw(tv_app *app, int y, int height)
{
    tv_column cols[N_LAST];
    g_autoptr(GString) host = g_string_new(NULL);
    memcpy(cols, net_template, sizeof(cols));
    tv_layout_columns(cols, N_LAST, app->cols, 1);
    tv_app_draw_header(app, y, cols, N_LAST);
    tv_table_fit(&app->net_tbl, (int)app->net_rows->len, height - 1);
    if (app->net_rows->len == 0) {
        tv_draw_text(y + 2, 2, app->cols - 4,
                     tv_app_inventory_pending(app, false) ? "Reading virtual networks..."
                                                          : "No virtual networks.",
                     TV_ALIGN_LEFT, TV_EL_LABEL);
        return;
    }
    for (int i = 0; i < height - 1; i++) {
        int row = app->net_tbl.top + i;
        const tv_row *r;
        const tv_network *n;
        const char *cells[N_LAST];
        bool cursor = row == app->net_tbl.cursor;
        attr_t attr = tv_theme_attr(cursor ? TV_EL_CURSOR : TV_EL_DEFAULT);
        if (row >= (int)app->net_rows->len)
            break;
        r = &g_array_index(app->net_rows, tv_row, row);
        n = &r->snap->networks->networks[r->index];
        cells[N_HOST] = tv_labels_fit(app->labels, r->snap, cols[N_HOST].width, host);
        cells[N_NAME] = n->name;
        cells[N_STATE] = n->active ? "active" : "inactive";
        cells[N_FORWARD] = n->forward_mode ? n->forward_mode : "?";
        cells[N_BRIDGE] = n->bridge ? n->bridge : "";
        cells[N_AUTO] = n->autostart ? "yes" : "no";
        cells[N_PERSIST] = n->persistent ? "yes" : "no";
        tv_draw_fill_attr(y + 1 + i, 0, app->cols, attr);
        for (int c = 0; c < N_LAST; c++) {
            if (cols[c].shown)
                tv_draw_text_attr(y + 1 + i, cols[c].x, cols[c].width, cells[c], TV_ALIGN_LEFT,
                                  attr);
        }
    }
}

static bool
networks_command(tv_app *app, tv_cmd cmd)
{
    tv_table *t = &app->net_tbl;
    if (tv_app_move(t, cmd, false))
        return true;
    switch (cmd) {
    default: return false;
    }
}

static const char *const networks_hints[] = { "refresh", "help", "quit", NULL };

const tv_view tv_view_networks = {
    .title = "Networks",
    .rebuild = networks_rebuild,
    .draw = networks_draw,
    .command = networks_command,
    .hints = networks_hints,
};
