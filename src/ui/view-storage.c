/*
 * Storage: the pools of every connected host (type, state, capacity,
 * allocation, available, autostart) and, on Enter, the volumes of one pool.
 */
#include "config.h"

#include <string.h>

#include "ui/draw.h"
#include "ui/layout.h"
#include "ui/views.h"

enum { P_HOST, P_NAME, P_TYPE, P_STATE, P_AUTO, P_CAP, P_ALLOC, P_AVAIL, P_VOLS, P_PATH, P_LAST };

static const tv_column pool_template[P_LAST] = {
    [P_HOST] = { "HOST", 6, 24, 3, false, false, 0, 0 },
    [P_NAME] = { "POOL", 8, 24, 0, false, false, 0, 0 },
    [P_TYPE] = { "TYPE", 7, 8, 2, false, false, 0, 0 },
    [P_STATE] = { "STATE", 8, 8, 0, false, false, 0, 0 },
    [P_AUTO] = { "AUTOSTART", 9, 9, 4, false, false, 0, 0 },
    [P_CAP] = { "SIZE", 5, 5, 0, true, false, 0, 0 },
    [P_ALLOC] = { "USED", 5, 5, 1, true, false, 0, 0 },
    [P_AVAIL] = { "FREE", 5, 5, 0, true, false, 0, 0 },
    [P_VOLS] = { "VOLS", 4, 4, 1, true, false, 0, 0 },
    [P_PATH] = { "PATH", 8, 60, 5, false, false, 0, 0 },
};

enum { V_NAME, V_TYPE, V_CAP, V_ALLOC, V_PATH, V_LAST };

static const tv_column vol_template[V_LAST] = {
    [V_NAME] = { "VOLUME", 10, 30, 0, false, false, 0, 0 },
    [V_TYPE] = { "TYPE", 5, 7, 1, false, false, 0, 0 },
    [V_CAP] = { "SIZE", 5, 5, 0, true, false, 0, 0 },
    [V_ALLOC] = { "USED", 5, 5, 0, true, false, 0, 0 },
    [V_PATH] = { "PATH", 10, 200, 0, false, false, 0, 0 },
};

static void
draw_cells(const tv_app *app, int y, const tv_column *cols, size_t n, char cells[][64],
           bool cursor)
{
    attr_t attr = tv_theme_attr(cursor ? TV_EL_CURSOR : TV_EL_DEFAULT);
    tv_draw_fill_attr(y, 0, app->cols, attr);
    for (size_t c = 0; c < n; c++) {
        if (cols[c].shown)
            tv_draw_text_attr(y, cols[c].x, cols[c].width, cells[c],
                              cols[c].right ? TV_ALIGN_RIGHT : TV_ALIGN_LEFT, attr);
    }
}

static void
storage_rebuild(tv_app *app)
{
    g_array_set_size(app->pool_rows, 0);
    for (guint i = 0; i < app->snaps->len; i++) {
        const tv_host_snapshot *s = app->snaps->pdata[i];
        for (size_t k = 0; s->storage && k < s->storage->n; k++) {
            tv_row r = { s, k };
            g_array_append_val(app->pool_rows, r);
        }
    }
    tv_table_fit(&app->pool_tbl, (int)app->pool_rows->len, tv_app_body_rows(app));
}

static const tv_pool *
row_pool(const tv_row *r)
{
    return &r->snap->storage->pools[r->index];
}

static void
storage_draw(tv_app *app, int y, int height)
{
    tv_column cols[P_LAST];
    g_autoptr(GString) host = g_string_new(NULL);
    memcpy(cols, pool_template, sizeof(cols));
    tv_layout_columns(cols, P_LAST, app->cols, 1);
    tv_app_draw_header(app, y, cols, P_LAST);
    tv_table_fit(&app->pool_tbl, (int)app->pool_rows->len, height - 1);
    if (app->pool_rows->len == 0) {
        tv_draw_text(y + 2, 2, app->cols - 4,
                     tv_app_inventory_pending(app, true) ? "Reading storage pools..."
                                                         : "No storage pools.",
                     TV_ALIGN_LEFT, TV_EL_LABEL);
        return;
    }
    for (int i = 0; i < height - 1; i++) {
        int row = app->pool_tbl.top + i;
        const tv_row *r;
        const tv_pool *p;
        char cells[P_LAST][64];
        if (row >= (int)app->pool_rows->len)
            break;
        r = &g_array_index(app->pool_rows, tv_row, row);
        p = row_pool(r);
        g_strlcpy(cells[P_HOST], tv_labels_fit(app->labels, r->snap, cols[P_HOST].width, host),
                  64);
        g_strlcpy(cells[P_NAME], p->name, 64);
        g_strlcpy(cells[P_TYPE], p->type ? p->type : "?", 64);
        g_strlcpy(cells[P_STATE], p->active ? "active" : "inactive", 64);
        g_strlcpy(cells[P_AUTO], p->autostart ? "yes" : "no", 64);
        tv_fmt_size(cells[P_CAP], 64, (double)p->capacity);
        tv_fmt_size(cells[P_ALLOC], 64, (double)p->allocation);
        tv_fmt_size(cells[P_AVAIL], 64, (double)p->available);
        g_snprintf(cells[P_VOLS], 64, "%zu", p->n_volumes);
        g_strlcpy(cells[P_PATH], p->target_path ? p->target_path : "", 64);
        draw_cells(app, y + 1 + i, cols, P_LAST, cells, row == app->pool_tbl.cursor);
    }
}

static bool
storage_command(tv_app *app, tv_cmd cmd)
{
    tv_table *t = &app->pool_tbl;
    if (tv_app_move(t, cmd, false))
        return true;
    switch (cmd) {
    case TV_CMD_OPEN:
        if (app->pool_rows->len > 0) {
            const tv_row *r = &g_array_index(app->pool_rows, tv_row, t->cursor);
            app->vol_host = r->snap->host_id;
            g_free(app->vol_pool);
            app->vol_pool = g_strdup(row_pool(r)->name);
            app->vol_tbl = (tv_table){ 0 };
            tv_app_show(app, TV_VIEW_VOLUMES, true);
        }
        return true;
    default:
        return false;
    }
}

static const tv_pool *
volumes_pool(const tv_app *app)
{
    const tv_host_snapshot *s = tv_app_snapshot(app, app->vol_host);
    for (size_t i = 0; s && s->storage && i < s->storage->n; i++) {
        if (g_strcmp0(s->storage->pools[i].name, app->vol_pool) == 0)
            return &s->storage->pools[i];
    }
    return NULL;
}

static void
volumes_draw(tv_app *app, int y, int height)
{
    const tv_pool *p = volumes_pool(app);
    tv_column cols[V_LAST];
    g_autofree char *title = g_strdup_printf("Volumes of pool %s", app->vol_pool);

    memcpy(cols, vol_template, sizeof(cols));
    tv_layout_columns(cols, V_LAST, app->cols, 1);
    tv_draw_text(y, 0, app->cols, title, TV_ALIGN_LEFT, TV_EL_LABEL);
    tv_app_draw_header(app, y + 1, cols, V_LAST);
    if (!p) {
        tv_draw_text(y + 3, 2, app->cols - 4, "The pool is gone (Esc goes back).",
                     TV_ALIGN_LEFT, TV_EL_ERROR);
        return;
    }
    tv_table_fit(&app->vol_tbl, (int)p->n_volumes, height - 2);
    if (p->n_volumes == 0)
        tv_draw_text(y + 3, 2, app->cols - 4, p->active ? "No volumes." : "The pool is inactive.",
                     TV_ALIGN_LEFT, TV_EL_LABEL);
    for (int i = 0; i < height - 2; i++) {
        int row = app->vol_tbl.top + i;
        const tv_volume *v;
        char cells[V_LAST][64];
        if (row >= (int)p->n_volumes)
            break;
        v = &p->volumes[row];
        g_strlcpy(cells[V_NAME], v->name, 64);
        g_strlcpy(cells[V_TYPE], v->type ? v->type : "?", 64);
        tv_fmt_size(cells[V_CAP], 64, (double)v->capacity);
        tv_fmt_size(cells[V_ALLOC], 64, (double)v->allocation);
        g_strlcpy(cells[V_PATH], v->path ? v->path : "", 64);
        draw_cells(app, y + 2 + i, cols, V_LAST, cells, row == app->vol_tbl.cursor);
    }
}

static bool
volumes_command(tv_app *app, tv_cmd cmd)
{
    tv_table *t = &app->vol_tbl;
    if (tv_app_move(t, cmd, false))
        return true;
    switch (cmd) {
    case TV_CMD_OPEN: return true;
    default: return false;
    }
}

static const char *const storage_hints[] = { "open", "refresh", "help", "quit", NULL };
static const char *const volumes_hints[] = { "back", "refresh", "help", "quit", NULL };

const tv_view tv_view_storage = {
    .title = "Storage",
    .rebuild = storage_rebuild,
    .draw = storage_draw,
    .command = storage_command,
    .hints = storage_hints,
};

const tv_view tv_view_volumes = {
    .title = "Volumes",
    .draw = volumes_draw,
    .command = volumes_command,
    .hints = volumes_hints,
};
