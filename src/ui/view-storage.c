/*
 * Storage: the pools of every connected host (type, state, capacity,
 * allocation, available, autostart) and, on Enter, the volumes of one pool
 * with the domains that use each.  Both are lists (ui/list.c) with their
 * own sort and filter; this file says what their columns show and how
 * they sort.  Which domains use a volume is read by the host worker while
 * the volume list shows (TV_WANT_VOL_USERS).
 */
#include "config.h"

#include <string.h>

#include "ui/draw.h"
#include "ui/layout.h"
#include "ui/views.h"

enum { P_HOST, P_NAME, P_TYPE, P_STATE, P_AUTO, P_CAP, P_ALLOC, P_AVAIL, P_VOLS, P_PATH, P_LAST };

static const tv_list_column pool_columns[P_LAST] = {
    [P_HOST] = { { "HOST", 6, 24, 3, false, false, 0, 0 }, "host", false },
    [P_NAME] = { { "POOL", 8, 24, 0, false, false, 0, 0 }, "name", false },
    [P_TYPE] = { { "TYPE", 7, 8, 2, false, false, 0, 0 }, "type", false },
    [P_STATE] = { { "STATE", 8, 8, 0, false, false, 0, 0 }, "state", false },
    [P_AUTO] = { { "AUTOSTART", 9, 9, 4, false, false, 0, 0 }, "autostart", true },
    [P_CAP] = { { "SIZE", 5, 5, 0, true, false, 0, 0 }, "size", true },
    [P_ALLOC] = { { "USED", 5, 5, 1, true, false, 0, 0 }, "used", true },
    [P_AVAIL] = { { "FREE", 5, 5, 0, true, false, 0, 0 }, "free", true },
    [P_VOLS] = { { "VOLS", 4, 4, 1, true, false, 0, 0 }, "volumes", true },
    [P_PATH] = { { "PATH", 8, 60, 5, false, false, 0, 0 }, "path", false },
};

enum { V_NAME, V_TYPE, V_CAP, V_ALLOC, V_USERS, V_PATH, V_LAST };

static const tv_list_column vol_columns[V_LAST] = {
    [V_NAME] = { { "VOLUME", 10, 30, 0, false, false, 0, 0 }, "name", false },
    [V_TYPE] = { { "TYPE", 5, 7, 1, false, false, 0, 0 }, "type", false },
    [V_CAP] = { { "SIZE", 5, 5, 0, true, false, 0, 0 }, "size", true },
    [V_ALLOC] = { { "ALLOC", 5, 5, 0, true, false, 0, 0 }, "allocation", true },
    [V_USERS] = { { "USED BY", 10, 40, 0, false, false, 0, 0 }, "used by", false },
    [V_PATH] = { { "PATH", 10, 200, 2, false, false, 0, 0 }, "path", false },
};

static const tv_pool *
row_pool(const tv_row *r)
{
    return &r->snap->storage->pools[r->index];
}

static const tv_volume *
row_volume(const tv_row *r)
{
    return &row_pool(r)->volumes[r->sub];
}

/* ---- pools ---------------------------------------------------------------------------- */

static int
compare_pools(const tv_row *ra, const tv_row *rb, int col)
{
    const tv_pool *a = row_pool(ra), *b = row_pool(rb);
    switch (col) {
    case P_HOST: return g_strcmp0(tv_list_host_label(ra), tv_list_host_label(rb));
    case P_NAME: return g_utf8_collate(a->name, b->name);
    case P_TYPE: return g_strcmp0(a->type, b->type);
    case P_STATE: return (int)b->active - (int)a->active; /* active first */
    case P_AUTO: return (int)a->autostart - (int)b->autostart;
    case P_CAP: return tv_list_cmp_ull(a->capacity, b->capacity);
    case P_ALLOC: return tv_list_cmp_ull(a->allocation, b->allocation);
    case P_AVAIL: return tv_list_cmp_ull(a->available, b->available);
    case P_VOLS: return tv_list_cmp_ull(a->n_volumes, b->n_volumes);
    case P_PATH: return g_strcmp0(a->target_path, b->target_path);
    default: return 0;
    }
}

static int
tiebreak_pools(const tv_row *ra, const tv_row *rb)
{
    return tv_list_cmp_names(row_pool(ra)->name, ra, row_pool(rb)->name, rb);
}

/* Name, host, type, state word or path. */
static bool
pool_matches(const tv_row *r, const char *folded)
{
    const tv_pool *p = row_pool(r);
    return tv_list_text_matches(p->name, folded) || tv_list_host_matches(r, folded) ||
           tv_list_text_matches(p->type, folded) ||
           strstr(p->active ? "active" : "inactive", folded) ||
           tv_list_text_matches(p->target_path, folded);
}

static char *
pool_key(const tv_row *r)
{
    return g_strdup_printf("%u/%s", r->snap->host_id, row_pool(r)->name);
}

const tv_list_class tv_pools_list = {
    .columns = pool_columns,
    .n_columns = P_LAST,
    .default_sort = P_HOST,
    .compare = compare_pools,
    .tiebreak = tiebreak_pools,
    .matches = pool_matches,
    .key = pool_key,
};

/* ---- volumes -------------------------------------------------------------------------- */

/* Used volumes by their users' names; unused ones after them; unknown last. */
static int
compare_users(char **a, char **b)
{
    int c;
    if (!a || !b)
        return (a == NULL) - (b == NULL);
    if (!a[0] || !b[0])
        return (a[0] == NULL) - (b[0] == NULL);
    for (size_t i = 0; a[i] && b[i]; i++) {
        if ((c = g_utf8_collate(a[i], b[i])) != 0)
            return c;
    }
    return (int)g_strv_length(a) - (int)g_strv_length(b);
}

static int
compare_volumes(const tv_row *ra, const tv_row *rb, int col)
{
    const tv_volume *a = row_volume(ra), *b = row_volume(rb);
    switch (col) {
    case V_NAME: return g_utf8_collate(a->name, b->name);
    case V_TYPE: return g_strcmp0(a->type, b->type);
    case V_CAP: return tv_list_cmp_ull(a->capacity, b->capacity);
    case V_ALLOC: return tv_list_cmp_ull(a->allocation, b->allocation);
    case V_USERS: return compare_users(a->used_by, b->used_by);
    case V_PATH: return g_strcmp0(a->path, b->path);
    default: return 0;
    }
}

static int
tiebreak_volumes(const tv_row *ra, const tv_row *rb)
{
    int c = g_utf8_collate(row_volume(ra)->name, row_volume(rb)->name);
    return c ? c : g_strcmp0(row_volume(ra)->path, row_volume(rb)->path);
}

/* Name, type, path, or the name of a domain that uses it. */
static bool
volume_matches(const tv_row *r, const char *folded)
{
    const tv_volume *v = row_volume(r);
    if (tv_list_text_matches(v->name, folded) || tv_list_text_matches(v->type, folded) ||
        tv_list_text_matches(v->path, folded))
        return true;
    for (size_t i = 0; v->used_by && v->used_by[i]; i++) {
        if (tv_list_text_matches(v->used_by[i], folded))
            return true;
    }
    return false;
}

static char *
volume_key(const tv_row *r)
{
    return g_strdup(row_volume(r)->name);
}

const tv_list_class tv_volumes_list = {
    .columns = vol_columns,
    .n_columns = V_LAST,
    .default_sort = V_NAME,
    .compare = compare_volumes,
    .tiebreak = tiebreak_volumes,
    .matches = volume_matches,
    .key = volume_key,
};

/* ---- drawing -------------------------------------------------------------------------- */

static void
storage_rebuild(tv_app *app)
{
    tv_list *l = &app->pools;
    tv_list_begin(l);
    for (guint i = 0; i < app->snaps->len; i++) {
        const tv_host_snapshot *s = app->snaps->pdata[i];
        for (size_t k = 0; s->storage && k < s->storage->n; k++)
            tv_list_add(l, s, k, 0);
    }
    tv_list_end(l, tv_app_body_rows(app) - (l->filter != NULL));
}

static void
storage_draw(tv_app *app, int y, int height)
{
    tv_list *l = &app->pools;
    g_autoptr(GString) host = g_string_new(NULL);
    tv_column cols[P_LAST];
    int list_y = tv_list_draw_top(app, l, cols, y, NULL);
    int page = height - (list_y - y);

    tv_table_fit(&l->tbl, (int)l->rows->len, page);
    if (l->rows->len == 0) {
        tv_draw_text(list_y + 1, 2, app->cols - 4,
                     l->filter ? "No pool matches the filter."
                     : tv_app_inventory_pending(app, true) ? "Reading storage pools..."
                                                           : "No storage pools.",
                     TV_ALIGN_LEFT, TV_EL_LABEL);
        return;
    }
    for (int i = 0; i < page; i++) {
        int row = l->tbl.top + i;
        const tv_row *r = tv_list_row(l, (guint)row);
        const tv_pool *p;
        const char *cells[P_LAST];
        char cap[16], alloc[16], avail[16], vols[16];
        if (!r)
            break;
        p = row_pool(r);
        tv_fmt_size(cap, sizeof(cap), (double)p->capacity);
        tv_fmt_size(alloc, sizeof(alloc), (double)p->allocation);
        tv_fmt_size(avail, sizeof(avail), (double)p->available);
        g_snprintf(vols, sizeof(vols), "%zu", p->n_volumes);
        cells[P_HOST] = tv_labels_fit(app->labels, r->snap, cols[P_HOST].width, host);
        cells[P_NAME] = p->name;
        cells[P_TYPE] = p->type ? p->type : "?";
        cells[P_STATE] = p->active ? "active" : "inactive";
        cells[P_AUTO] = p->autostart ? "yes" : "no";
        cells[P_CAP] = cap;
        cells[P_ALLOC] = alloc;
        cells[P_AVAIL] = avail;
        cells[P_VOLS] = vols;
        cells[P_PATH] = p->target_path ? p->target_path : "";
        tv_list_draw_cells(app, list_y + i, cols, P_LAST, cells, row == l->tbl.cursor);
    }
}

static bool
storage_command(tv_app *app, tv_cmd cmd)
{
    const tv_row *r = tv_list_current(&app->pools);
    if (tv_list_command(app, &app->pools, cmd))
        return true;
    switch (cmd) {
    case TV_CMD_OPEN:
        if (r) {
            app->vol_host = r->snap->host_id;
            g_free(app->vol_pool);
            app->vol_pool = g_strdup(row_pool(r)->name);
            /* Another pool: the cursor starts on top; sort and filter stay. */
            app->volumes.tbl = (tv_table){ 0 };
            app->volumes.cursor_moved = false;
            tv_app_show(app, TV_VIEW_VOLUMES, true);
            tv_app_view(TV_VIEW_VOLUMES)->rebuild(app);
        }
        return true;
    default:
        return false;
    }
}

/* The pool whose volumes show, and its index in its snapshot's list. */
static const tv_pool *
volumes_pool(const tv_app *app, const tv_host_snapshot **snap, size_t *index)
{
    const tv_host_snapshot *s = tv_app_snapshot(app, app->vol_host);
    for (size_t i = 0; s && s->storage && i < s->storage->n; i++) {
        if (g_strcmp0(s->storage->pools[i].name, app->vol_pool) == 0) {
            *snap = s;
            *index = i;
            return &s->storage->pools[i];
        }
    }
    return NULL;
}

static void
volumes_rebuild(tv_app *app)
{
    tv_list *l = &app->volumes;
    const tv_host_snapshot *s = NULL;
    size_t index = 0;
    const tv_pool *p = app->vol_pool ? volumes_pool(app, &s, &index) : NULL;

    tv_list_begin(l);
    for (size_t k = 0; p && k < p->n_volumes; k++)
        tv_list_add(l, s, index, k);
    tv_list_end(l, tv_app_body_rows(app) - 1 - (l->filter != NULL));
}

static void
volumes_draw(tv_app *app, int y, int height)
{
    tv_list *l = &app->volumes;
    const tv_host_snapshot *s = NULL;
    size_t index = 0;
    const tv_pool *p = volumes_pool(app, &s, &index);
    tv_column cols[V_LAST];
    g_autofree char *title = g_strdup_printf("Volumes of pool %s", app->vol_pool);
    int list_y, page;

    tv_draw_text(y, 0, app->cols, title, TV_ALIGN_LEFT, TV_EL_LABEL);
    /* Names and users take the room they need (up to their usual width); paths the rest. */
    l->fit[V_NAME] = l->fit[V_USERS] = 1;
    for (guint i = 0; i < l->rows->len; i++) {
        const tv_volume *v = row_volume(tv_list_row(l, i));
        g_autofree char *users = v->used_by ? g_strjoinv(", ", v->used_by) : NULL;
        l->fit[V_NAME] = MAX(l->fit[V_NAME], tv_text_width(v->name));
        l->fit[V_USERS] = MAX(l->fit[V_USERS], users ? tv_text_width(users) : 1);
    }
    l->fit[V_NAME] = MIN(l->fit[V_NAME], vol_columns[V_NAME].layout.pref);
    l->fit[V_USERS] = MIN(l->fit[V_USERS], vol_columns[V_USERS].layout.pref);
    list_y = tv_list_draw_top(app, l, cols, y + 1, NULL);
    page = height - (list_y - y);
    if (!p) {
        tv_draw_text(list_y + 1, 2, app->cols - 4, "The pool is gone (Esc goes back).",
                     TV_ALIGN_LEFT, TV_EL_ERROR);
        return;
    }
    tv_table_fit(&l->tbl, (int)l->rows->len, page);
    if (l->rows->len == 0)
        tv_draw_text(list_y + 1, 2, app->cols - 4,
                     !p->active ? "The pool is inactive."
                     : p->n_volumes ? "No volume matches the filter." : "No volumes.",
                     TV_ALIGN_LEFT, TV_EL_LABEL);
    for (int i = 0; i < page; i++) {
        int row = l->tbl.top + i;
        const tv_row *r = tv_list_row(l, (guint)row);
        const tv_volume *v;
        const char *cells[V_LAST];
        char cap[16], alloc[16];
        g_autofree char *users = NULL;
        if (!r)
            break;
        v = row_volume(r);
        tv_fmt_size(cap, sizeof(cap), (double)v->capacity);
        tv_fmt_size(alloc, sizeof(alloc), (double)v->allocation);
        /* Not read yet: a dash, as for every value not known. */
        users = v->used_by ? g_strjoinv(", ", v->used_by)
                           : g_strdup(tv_text_utf8() ? "\u2013" : "-");
        cells[V_NAME] = v->name;
        cells[V_TYPE] = v->type ? v->type : "?";
        cells[V_CAP] = cap;
        cells[V_ALLOC] = alloc;
        cells[V_USERS] = users;
        cells[V_PATH] = v->path ? v->path : "";
        tv_list_draw_cells(app, list_y + i, cols, V_LAST, cells, row == l->tbl.cursor);
    }
}

static bool
volumes_command(tv_app *app, tv_cmd cmd)
{
    if (tv_list_command(app, &app->volumes, cmd))
        return true;
    switch (cmd) {
    case TV_CMD_OPEN: return true;
    default: return false;
    }
}

static tv_list *
storage_list(tv_app *app)
{
    return &app->pools;
}

static tv_list *
volumes_list(tv_app *app)
{
    return &app->volumes;
}

static const char *const storage_hints[] = { "open", "filter", "sort", "refresh", "help", "quit",
                                             NULL };
static const char *const volumes_hints[] = { "cancel", "filter", "sort", "refresh", "help",
                                             "quit", NULL };

/* The pool to add a volume to: the one under the cursor, or the one whose volumes show. */
static bool
new_volume_key(tv_app *app, int ch, bool is_char)
{
    const tv_action *a = tv_action_find("volume-create");
    const char *pool = NULL;
    unsigned host_id = 0;
    const char *why = NULL;
    const tv_host_snapshot *snap;

    if (!is_char || ch != 'n' || !a)
        return false;
    if (app->view == TV_VIEW_STORAGE) {
        const tv_row *r = tv_list_current(&app->pools);
        if (r) {
            pool = row_pool(r)->name;
            host_id = r->snap->host_id;
        }
    } else {
        pool = app->vol_pool;
        host_id = app->vol_host;
    }
    snap = host_id ? tv_app_snapshot(app, host_id) : NULL;
    if (!pool || !snap) {
        tv_app_status(app, true, "%s: no pool here", a->label);
        return true;
    }
    if (!tv_action_can_run(a, snap, NULL, &why)) {
        tv_app_status(app, true, "Cannot add a volume to '%s': %s", pool, why);
        return true;
    }
    tv_app_open_form(app, a, host_id, pool, NULL, NULL);
    return true;
}

static const char *const storage_own_keys[] = {
    "n", "New volume in the pool under the cursor (a form: name, size, format, allocation).",
    NULL, NULL,
};

const tv_view tv_view_storage = {
    .title = "Storage",
    .rebuild = storage_rebuild,
    .draw = storage_draw,
    .command = storage_command,
    .hints = storage_hints,
    .list = storage_list,
    .key = new_volume_key,
    .own_keys = storage_own_keys,
};

const tv_view tv_view_volumes = {
    .title = "Volumes",
    .rebuild = volumes_rebuild,
    .draw = volumes_draw,
    .command = volumes_command,
    .hints = volumes_hints,
    .list = volumes_list,
    .key = new_volume_key,
    .own_keys = storage_own_keys,
};
