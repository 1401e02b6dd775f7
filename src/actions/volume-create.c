/*
 * volume-create: a new volume in a pool (Storage, n on a pool).  A long
 * action: a fully allocated volume takes as long as the disk needs to
 * write it, so it runs as a job whose progress is the allocation read
 * every half second while libvirt writes.  Cancelling deletes what was
 * made; so does a failure after the volume exists.
 */
#include "config.h"

#include <string.h>

#include "actions/action-impl.h"
#include "model/volxml.h"

static const char *const formats[] = { "qcow2", "raw", NULL };

/* The pool of the target, from the snapshot (the form's and --exec's checks). */
static const tv_pool *
target_pool(const tv_param_ctx *ctx)
{
    const char *name = ctx->target;
    if (!ctx->snap || !ctx->snap->storage || !name)
        return NULL;
    for (size_t i = 0; i < ctx->snap->storage->n; i++) {
        if (strcmp(ctx->snap->storage->pools[i].name, name) == 0)
            return &ctx->snap->storage->pools[i];
    }
    return NULL;
}

static char *
check_name(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_pool *pool = target_pool(ctx);
    for (size_t i = 0; pool && i < pool->n_volumes; i++) {
        if (strcmp(pool->volumes[i].name, v->text) == 0)
            return g_strdup_printf("pool '%s' already has a volume '%s'", pool->name, v->text);
    }
    return NULL;
}

/* Bytes the volume takes from the pool now: all of it when fully allocated. */
static guint64
bytes_taken(const tv_param_ctx *ctx)
{
    const tv_param_value *size = tv_param_values_get(ctx->values, "size");
    const tv_param_value *alloc = tv_param_values_get(ctx->values, "allocation");
    return alloc->set && alloc->number ? size->bytes : 0;
}

static char *
check_size(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_pool *pool = target_pool(ctx);
    char free_text[32];
    if (!pool || !pool->active)
        return NULL;
    /* A sparse volume may be larger than the pool is free, as virt-manager allows... */
    if (v->bytes > pool->capacity && pool->capacity > 0) {
        g_autofree char *cap = tv_param_format_size(pool->capacity);
        return g_strdup_printf("%s is more than the whole pool '%s' holds (%s)", v->text,
                               pool->name, cap);
    }
    /* ...but what is written now must fit. */
    if (bytes_taken(ctx) > pool->available) {
        g_snprintf(free_text, sizeof(free_text), "%.1fG",
                   (double)pool->available / (1024.0 * 1024 * 1024));
        return g_strdup_printf("%s fully allocated is more than the %s free in pool '%s'",
                               v->text, free_text, pool->name);
    }
    return NULL;
}

static const tv_param create_params[] = {
    { .name = "name", .label = "Name", .help = "The new volume's name, unique in its pool.",
      .kind = TV_PARAM_NAME, .flags = TV_PARAM_REQUIRED, .validate = check_name },
    { .name = "size", .label = "Size",
      .help = "Its capacity: 10G, 512M, 1.5T (a bare number is in GiB).",
      .kind = TV_PARAM_SIZE, .flags = TV_PARAM_REQUIRED, .min = 1024 * 1024, .unit = "GiB",
      .validate = check_size },
    { .name = "format", .label = "Format",
      .help = "qcow2 (grows as written, snapshots) or raw (plain, fastest).",
      .kind = TV_PARAM_CHOICE, .choices = formats, .def = "qcow2" },
    { .name = "allocation", .label = "Allocate now",
      .help = "Write the whole size now (yes) or let it grow as the guest writes (no).",
      .kind = TV_PARAM_BOOL, .def = "no" },
};

typedef struct progress_poll {
    virStoragePoolPtr pool; /* a reference of its own */
    char *name;
    guint64 capacity;
    tv_action_ctx *ctx;
    gint stop;
} progress_poll;

/* Reads the growing allocation while libvirt writes the volume. */
static gpointer
poll_main(gpointer data)
{
    progress_poll *pp = data;
    while (!g_atomic_int_get(&pp->stop)) {
        g_autoptr(virStorageVol) vol = virStorageVolLookupByName(pp->pool, pp->name);
        virStorageVolInfo info;
        if (vol && virStorageVolGetInfo(vol, &info) == 0)
            tv_action_progress(pp->ctx, "allocating", info.allocation, pp->capacity);
        virResetLastError();
        g_usleep(500000);
    }
    return NULL;
}

static char *
delete_volume(virConnectPtr conn, void *data)
{
    const char *path = data;
    g_autoptr(virStorageVol) vol = virStorageVolLookupByPath(conn, path);
    if (!vol || virStorageVolDelete(vol, 0) < 0)
        return tv_vir_last_error("could not delete it");
    return NULL;
}

static int
create_exec(tv_action_ctx *ctx)
{
    const tv_param_value *size = tv_param_values_get(ctx->params, "size");
    bool full = tv_param_values_get(ctx->params, "allocation")->number;
    tv_volume_spec spec = {
        .name = tv_param_values_text(ctx->params, "name"),
        .capacity = size->bytes,
        .allocation = full ? size->bytes : 0,
        .format = tv_param_values_text(ctx->params, "format"),
    };
    g_autoptr(virStoragePool) pool = virStoragePoolLookupByName(ctx->conn, ctx->name);
    g_autoptr(virStorageVol) vol = NULL;
    g_autofree char *xml = NULL;
    tv_autovirstr *path = NULL;
    progress_poll pp = { 0 };
    GThread *poller = NULL;

    if (!pool)
        return tv_action_fail(ctx, "no such pool");
    xml = tv_volxml_build(&spec);
    tv_action_progress(ctx, full ? "allocating" : "creating", 0, spec.capacity);
    if (full) {
        pp.pool = pool;
        virStoragePoolRef(pool);
        pp.name = g_strdup(spec.name);
        pp.capacity = spec.capacity;
        pp.ctx = ctx;
        poller = g_thread_new("tv-vol-progress", poll_main, &pp);
    }
    vol = virStorageVolCreateXML(pool, xml, 0);
    if (poller) {
        g_atomic_int_set(&pp.stop, 1);
        g_thread_join(poller);
        virStoragePoolFree(pp.pool);
        g_free(pp.name);
    }
    if (!vol)
        return tv_action_fail(ctx, "could not create the volume");
    path = virStorageVolGetPath(vol);
    if (path) {
        g_autofree char *what = g_strdup_printf("deleted the new volume %s", path);
        tv_action_undo(ctx, what, delete_volume, g_strdup(path), g_free);
        tv_action_undo_left(ctx, "volume %s/%s", ctx->name, spec.name);
    }
    if (tv_action_cancelled(ctx)) {
        ctx->error = g_strdup("cancelled");
        return -1;
    }
    tv_action_progress(ctx, "done", spec.capacity, spec.capacity);
    g_string_append_printf(ctx->note, "now holds the new volume '%s' (%s%s%s): %s", spec.name,
                           size->text, spec.format ? " " : "", spec.format ? spec.format : "",
                           path ? path : "");
    tv_action_result(ctx, "pool", false, "%s", ctx->name);
    tv_action_result(ctx, "name", false, "%s", spec.name);
    if (path)
        tv_action_result(ctx, "path", false, "%s", path);
    tv_action_result(ctx, "capacity", true, "%" G_GUINT64_FORMAT, spec.capacity);
    return 0;
}

const tv_action tv_action_volume_create = {
    .name = "volume-create",
    .key = NULL, /* n on the Storage screen, once forms ask for the fields */
    .label = "new volume",
    .help = "Create a volume in the pool.",
    .done = "", /* the note says it: "'images' now holds the new volume..." */
    .target = TV_TARGET_POOL,
    .requires = TV_STATES_ANY,
    .flags = TV_ACTION_WRITES | TV_ACTION_LONG | TV_ACTION_FORM,
    .exec = create_exec,
    .params = create_params,
    .n_params = G_N_ELEMENTS(create_params),
};
