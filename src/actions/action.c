/*
 * The central action table and the runner that carries an action to the
 * owning host's worker: it resolves each target domain by UUID there (a
 * domain may have vanished since the user pressed the key), runs exec,
 * and posts one summary message naming every failure with libvirt's text.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "actions/action-impl.h"
#include "actions/report.h"
#include "model/hostcaps.h"
#include "model/job.h"
#include "model/messages.h"
#include "model/oscat.h"

static const tv_action *const action_table[] = {
    &tv_action_domain_start,
    &tv_action_domain_shutdown,
    &tv_action_domain_reboot,
    &tv_action_domain_destroy,
    &tv_action_domain_pause,
    &tv_action_domain_autostart,
    &tv_action_domain_managed_save,
    &tv_action_domain_delete,
    &tv_action_domain_console,
    &tv_action_volume_create,
    &tv_action_domain_attach_disk,
    &tv_action_domain_detach_disk,
    &tv_action_domain_edit,
    &tv_action_domain_set_media,
    &tv_action_domain_edit_xml,
    &tv_action_domain_attach_nic,
    &tv_action_domain_detach_nic,
    &tv_action_domain_create,
    &tv_action_domain_migrate,
    &tv_action_migration_set_bandwidth,
    &tv_action_migration_set_downtime,
    &tv_action_migration_postcopy,
    &tv_action_migration_abort,
    &tv_action_migration_export,
};

unsigned
tv_action_wants(const tv_param_values *v)
{
    unsigned wants = 0;
    for (size_t i = 0; v && i < tv_param_values_count(v); i++) {
        const tv_param *p = tv_param_values_param(v, i); /* groups expanded */
        /* With their users: a pool read without them would drop what Volumes shows. */
        if (p->kind == TV_PARAM_POOL || p->kind == TV_PARAM_VOLUME)
            wants |= TV_WANT_STORAGE | TV_WANT_VOL_USERS;
        if (p->kind == TV_PARAM_NETWORK || (p->flags & TV_PARAM_READS_NETWORKS))
            wants |= TV_WANT_NETWORKS;
        if (p->kind == TV_PARAM_OS) {
            wants |= TV_WANT_CAPS;
            tv_oscat_load();
        }
    }
    return wants;
}

const tv_action *const *
tv_action_table(size_t *n)
{
    *n = G_N_ELEMENTS(action_table);
    return action_table;
}

const tv_action *
tv_action_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(action_table); i++) {
        if (strcmp(action_table[i]->name, name) == 0)
            return action_table[i];
    }
    return NULL;
}

const char *
tv_action_target_name(const tv_action *a)
{
    static const char *const names[] = {
        [TV_TARGET_HOST] = NULL,       [TV_TARGET_DOMAIN] = "domain", [TV_TARGET_POOL] = "pool",
        [TV_TARGET_VOLUME] = "volume", [TV_TARGET_NETWORK] = "network",
    };
    G_STATIC_ASSERT(G_N_ELEMENTS(names) == TV_TARGET_LAST);
    if (a->target_param)
        return a->target_param;
    return (unsigned)a->target < TV_TARGET_LAST ? names[a->target] : NULL;
}

bool
tv_action_can_run(const tv_action *a, const tv_host_snapshot *snap, const tv_domain *d,
                  const char **why)
{
    const char *unused;
    if (!why)
        why = &unused;
    if (a->flags & TV_ACTION_LOCAL)
        return true; /* it works on this machine */
    if (!snap || snap->state != TV_HOST_CONNECTED) {
        *why = "the host is not connected";
        return false;
    }
    if ((a->flags & TV_ACTION_WRITES) && snap->readonly) {
        *why = "the connection is read-only (-r)";
        return false;
    }
    if (a->target == TV_TARGET_DOMAIN) {
        if (!d) {
            *why = "no domain is selected";
            return false;
        }
        if (!(a->requires & TV_STATE_BIT(d->state))) {
            static const char *const state_is[] = {
                [TV_DOM_NOSTATE] = "the domain is not running",
                [TV_DOM_RUNNING] = "the domain is running",
                [TV_DOM_BLOCKED] = "the domain is running",
                [TV_DOM_PAUSED] = "the domain is paused",
                [TV_DOM_SHUTDOWN] = "the domain is shutting down",
                [TV_DOM_SHUTOFF] = "the domain is not running",
                [TV_DOM_CRASHED] = "the domain has crashed",
                [TV_DOM_PMSUSPENDED] = "the domain is suspended",
            };
            G_STATIC_ASSERT(G_N_ELEMENTS(state_is) == TV_DOM_STATE_LAST);
            *why = state_is[d->state];
            return false;
        }
    }
    if (a->can_run && !a->can_run(snap, d, why))
        return false;
    return true;
}

void
tv_action_progress(tv_action_ctx *ctx, const char *phase, guint64 done, guint64 total)
{
    if (ctx->job)
        tv_job_progress(ctx->job, phase, done, total);
}

bool
tv_action_cancelled(tv_action_ctx *ctx)
{
    return ctx->job && tv_job_cancelled(ctx->job);
}

typedef struct undo_step {
    char *what;
    char *left; /* what stays on the host when the undo cannot run, or NULL */
    tv_action_undo_fn fn;
    void *data;
    GDestroyNotify free_data;
} undo_step;

static void
undo_step_free(gpointer p)
{
    undo_step *s = p;
    if (s->free_data)
        s->free_data(s->data);
    g_free(s->what);
    g_free(s->left);
    g_free(s);
}

void
tv_action_undo(tv_action_ctx *ctx, const char *what, tv_action_undo_fn fn, void *data,
               GDestroyNotify free_data)
{
    undo_step *s = g_new0(undo_step, 1);
    s->what = g_strdup(what);
    s->fn = fn;
    s->data = data;
    s->free_data = free_data;
    g_ptr_array_add(ctx->undo, s);
}

void
tv_action_undo_left(tv_action_ctx *ctx, const char *fmt, ...)
{
    undo_step *s = ctx->undo->len ? ctx->undo->pdata[ctx->undo->len - 1] : NULL;
    va_list ap;
    if (!s)
        return;
    g_free(s->left);
    va_start(ap, fmt);
    s->left = g_strdup_vprintf(fmt, ap);
    va_end(ap);
}

/* How long an undo list waits for its host to come back: TVIRT_UNDO_WAIT seconds, else 60. */
static unsigned
undo_wait_s(void)
{
    const char *env = g_getenv("TVIRT_UNDO_WAIT");
    guint64 v;
    if (env && g_ascii_string_to_unsigned(env, 10, 0, 3600, &v, NULL))
        return (unsigned)v;
    return 60;
}

/* Where an undo list runs: the action's connection while it lives, else a new one. */
typedef struct undo_conn {
    virConnectPtr conn;  /* the one to use (borrowed or fresh) */
    virConnectPtr fresh; /* owned: the host's connection after it came back */
    gint64 until_us;     /* 0 until the first wait */
    unsigned wait_s;
} undo_conn;

/*
 * A live connection for the undo list, or NULL when the host did not come
 * back in time: the steps the action made must not be forgotten because
 * the link failed under it, so the job says what it waits for.
 */
static virConnectPtr
undo_conn_live(undo_conn *u, tv_action_ctx *ctx, tv_host *host, const char *host_name,
               unsigned host_id)
{
    virConnectPtr c;
    if (virConnectIsAlive(u->conn) == 1)
        return u->conn;
    virResetLastError();
    if (!u->until_us) {
        g_autofree char *phase = g_strdup_printf("waiting for %s to undo", host_name);
        u->wait_s = undo_wait_s();
        u->until_us = g_get_monotonic_time() + (gint64)u->wait_s * G_USEC_PER_SEC;
        tv_action_progress(ctx, phase, 0, 0);
        tv_message_post_host(TV_MSG_ERROR, host_id,
                             "'%s' failed with %s gone: waiting up to %u s for it to come "
                             "back, to undo what was made",
                             ctx->name, host_name, u->wait_s);
    }
    if (!host || !(c = tv_host_reconnect(host, u->conn, u->until_us)))
        return NULL;
    if (u->fresh)
        virConnectClose(u->fresh);
    u->conn = u->fresh = c;
    tv_action_progress(ctx, "undoing", 0, 0);
    return c;
}

/*
 * Reverts every step done, last first, saying each in ctx->undone; when
 * the host stays away, what each step left ("left: volume a/b.qcow2").
 */
static void
unwind(tv_action_ctx *ctx, tv_host *host, const char *host_name, unsigned host_id)
{
    undo_conn u = { .conn = ctx->conn };
    bool gone = false;

    for (guint i = ctx->undo->len; i > 0; i--) {
        undo_step *s = ctx->undo->pdata[i - 1];
        g_autofree char *why = NULL;
        /* A step whose connection died while it ran gets one more try on a new one. */
        for (int attempt = 0; attempt < 2 && !gone; attempt++) {
            if (!undo_conn_live(&u, ctx, host, host_name, host_id)) {
                gone = true;
                break;
            }
            g_free(why);
            why = s->fn(u.conn, s->data);
            if (!why || virConnectIsAlive(u.conn) == 1)
                break;
        }
        if (gone)
            g_ptr_array_add(ctx->undone, s->left ? g_strdup_printf("left: %s", s->left)
                                                 : g_strdup_printf("left undone: %s", s->what));
        else if (why)
            g_ptr_array_add(ctx->undone, g_strdup_printf("could not undo (%s): %s", s->what, why));
        else
            g_ptr_array_add(ctx->undone, g_strdup(s->what));
        virResetLastError();
    }
    if (gone) {
        char *error = g_strdup_printf("%s; %s did not come back within %u s to undo it",
                                      ctx->error, host_name, u.wait_s);
        g_free(ctx->error);
        ctx->error = error;
    }
    if (u.fresh)
        virConnectClose(u.fresh);
    g_ptr_array_set_size(ctx->undo, 0);
}

int
tv_action_fail(tv_action_ctx *ctx, const char *fallback)
{
    g_free(ctx->error);
    ctx->error = tv_vir_last_error(fallback);
    return -1;
}

typedef struct run_request {
    const tv_action *action;
    guint request;
    char *host_label;
    char **uuids; /* NULL entries for targets that are not domains */
    char **names;
    size_t n;
    unsigned opts;
    tv_param_values *params; /* owned; NULL when the action takes none */
    bool ran;     /* the worker took the job (a host that stops drops queued jobs) */
    bool preview; /* a preview_job, not a run_job */
    /* Set for the synchronous runs. */
    GMutex *lock;
    GCond *cond;
    bool done;
    int failures;
    char *summary;
    tv_action_report *report; /* kept for tv_action_exec_sync */
    bool keep_report;         /* the caller takes the report (no message) */
    /* A long action runs on a thread of its own (TV_ACTION_LONG): */
    tv_job *job;
    tv_host *host;      /* a reference: an undo list may need its next connection; a live
                         * control or a preflight runs beside the worker on it */
    virConnectPtr conn; /* its own reference */
    bool own_conn;      /* the job opens a connection of its own (tv_host_open) */
    char *host_name;
    unsigned host_id;
    tv_host_caps *caps; /* what the host offers new VMs, as its worker last read it */
} run_request;

/* Drops what a request holds for its run (the report and summary stay for the caller). */
static void
request_clear(run_request *r)
{
    g_clear_pointer(&r->uuids, g_strfreev);
    g_clear_pointer(&r->names, g_strfreev);
    g_clear_pointer(&r->host_label, g_free);
    g_clear_pointer(&r->host_name, g_free);
    g_clear_pointer(&r->caps, tv_host_caps_unref);
    g_clear_pointer(&r->params, tv_param_values_free);
    g_clear_pointer(&r->host, tv_host_unref);
}

/* Runs after the job ran or was dropped; a waiting synchronous caller owns r after this. */
static void
run_request_free(run_request *r)
{
    if (!r->ran && r->request && !r->preview) {
        /* Dropped unrun (the host was disconnected): the request still gets its answer. */
        tv_action_report *report = tv_action_report_new(r->action, r->request);
        for (size_t i = 0; i < r->n; i++)
            tv_action_report_add(report, TV_OUTCOME_SKIPPED, r->host_label, r->names[i],
                                 "its host was disconnected before it ran");
        tv_message_post_result(TV_MSG_ERROR, 0, r->request, "dropped", report,
                               (GDestroyNotify)tv_action_report_free);
    }
    request_clear(r);
    if (r->lock) {
        g_mutex_lock(r->lock);
        r->done = true;
        g_cond_signal(r->cond);
        g_mutex_unlock(r->lock);
        return;
    }
    g_free(r->summary);
    tv_action_report_free(r->report);
    g_free(r);
}

/* Runs the action on one target and adds its outcome to report. */
static void
run_one(const char *host_name, virConnectPtr conn, const run_request *r, size_t i,
        tv_action_report *report, const char *label)
{
    const tv_action *a = r->action;
    tv_action_ctx ctx = { .conn = conn, .name = r->names[i], .opts = r->opts,
                          .params = r->params, .job = r->job, .caps = r->caps,
                          .host = label };
    g_autoptr(virDomain) dom = NULL;

    if (!conn && !(a->flags & TV_ACTION_LOCAL)) {
        ctx.error = g_strdup_printf("host %s is not connected", host_name);
    } else if (r->uuids[i] && !(dom = virDomainLookupByUUIDString(conn, r->uuids[i]))) {
        virErrorPtr err = virGetLastError();
        ctx.error = err && err->code == VIR_ERR_NO_DOMAIN
                        ? g_strdup_printf("the domain no longer exists on %s", host_name)
                        : tv_vir_last_error("could not look the domain up");
        virResetLastError();
    } else {
        ctx.dom = dom;
        ctx.note = g_string_new(NULL);
        ctx.undone = g_ptr_array_new_with_free_func(g_free);
        ctx.undo = g_ptr_array_new_with_free_func(undo_step_free);
        ctx.result = tv_result_fields_new();
        if (a->exec(&ctx) < 0 && !ctx.error)
            ctx.error = g_strdup("failed");
        if (ctx.error)
            unwind(&ctx, r->host, host_name, r->host_id); /* what earlier steps made goes */
        g_ptr_array_unref(ctx.undo);
    }
    tv_action_report_add_full(report, ctx.error ? TV_OUTCOME_FAILED : TV_OUTCOME_OK, label,
                              r->names[i],
                              ctx.error ? ctx.error : ctx.note ? ctx.note->str : NULL,
                              ctx.undone, ctx.result);
    g_free(ctx.error);
    if (ctx.note)
        g_string_free(ctx.note, TRUE);
    if (ctx.undone)
        g_ptr_array_unref(ctx.undone);
    if (ctx.result)
        g_array_unref(ctx.result);
    virResetLastError();
}

/* Runs every target and answers: a message for the front end, or the report kept. */
static void
run_targets(run_request *r, virConnectPtr conn)
{
    tv_action_report *report = tv_action_report_new(r->action, r->request);
    const char *label = r->host_label ? r->host_label : r->host_name;

    /* Held: an undo on the worker's thread may reconnect, closing the worker's reference. */
    if (conn)
        virConnectRef(conn);
    for (size_t i = 0; i < r->n; i++)
        run_one(r->host_name, conn, r, i, report, label);
    if (conn)
        virConnectClose(conn);
    r->failures = (int)tv_action_report_count(report, TV_OUTCOME_FAILED);
    r->summary = tv_action_report_summary(report);
    if (r->job)
        tv_job_finish(g_steal_pointer(&r->job),
                      r->failures ? TV_JOB_FAILED : TV_JOB_DONE, r->summary);
    if (r->lock || r->keep_report) {
        /* A synchronous caller (--exec, tests) takes the report itself. */
        r->report = report;
        return;
    }
    tv_message_post_result(r->failures ? TV_MSG_ERROR : TV_MSG_INFO, r->host_id, r->request,
                           r->summary, report, (GDestroyNotify)tv_action_report_free);
}

/*
 * A long action's own thread, on a connection of its own where it can
 * (tv_host_open says why), dropped when it ends.
 */
static gpointer
long_main(gpointer data)
{
    run_request *r = data;
    g_autofree char *error = NULL;
    virConnectPtr own = r->own_conn ? tv_host_open(r->host, &error) : NULL;
    if (own) {
        virConnectClose(r->conn);
        r->conn = own;
    }
    virResetLastError(); /* not opened: the worker's connection serves, as it can */
    run_targets(r, r->conn);
    if (r->conn)
        virConnectClose(r->conn);
    r->conn = NULL;
    run_request_free(r);
    return NULL;
}

static void
run_job(tv_host *host, struct _virConnect *conn, void *data)
{
    run_request *r = data;

    r->ran = true;
    r->host = tv_host_ref(host);
    r->host_name = tv_host_name(host);
    r->host_id = tv_host_id(host);
    {
        g_autoptr(tv_host_snapshot) snap = tv_host_snapshot_get(host);
        if (snap && snap->caps)
            r->caps = tv_host_caps_ref(snap->caps);
        /* Not the test driver: a second connection there is a private copy of the host. */
        r->own_conn = snap && !snap->is_test_driver;
    }
    if (r->action->flags & TV_ACTION_LONG)
        r->job = tv_job_new(r->host_id, r->action->name, r->names[0]);
    if ((r->action->flags & TV_ACTION_LONG) && !r->keep_report && conn) {
        /* The worker goes on refreshing: the job takes the request to a thread of its own. */
        run_request *t = g_new0(run_request, 1);
        *t = *r;
        *r = (run_request){ .ran = true };
        t->conn = conn;
        virConnectRef(conn);
        g_thread_unref(g_thread_new("tv-job", long_main, t));
        return;
    }
    run_targets(r, conn);
}

static void
preview_job(tv_host *host, struct _virConnect *conn, void *data)
{
    run_request *r = data;
    tv_action_report *report = tv_action_report_new(r->action, r->request);
    tv_action_ctx ctx = { .conn = conn, .name = r->names[0], .opts = r->opts,
                          .params = r->params, .host = r->host_label };

    r->ran = true;
    report->preview = true;
    g_autoptr(virDomain) dom = conn ? virDomainLookupByUUIDString(conn, r->uuids[0]) : NULL;
    g_autofree char *text = NULL;

    if (!dom) {
        ctx.error = conn ? tv_vir_last_error("could not look the domain up")
                         : g_strdup("the host is not connected");
    } else {
        ctx.dom = dom;
        text = r->action->preview(&ctx);
        if (!text && !ctx.error)
            ctx.error = g_strdup("could not tell");
    }
    tv_action_report_add(report, ctx.error ? TV_OUTCOME_FAILED : TV_OUTCOME_OK,
                         r->host_label, r->names[0], ctx.error ? ctx.error : text);
    g_free(ctx.error);
    virResetLastError();
    tv_message_post_result(TV_MSG_INFO, tv_host_id(host), r->request, "preview", report,
                           (GDestroyNotify)tv_action_report_free);
}

static run_request *
request_new(const tv_action *a, guint request, const char *host_label,
            const char *const *uuids, const char *const *names, size_t n, unsigned opts,
            tv_param_values *params)
{
    run_request *r = g_new0(run_request, 1);
    r->action = a;
    r->request = request;
    r->host_label = g_strdup(host_label);
    r->n = n;
    r->opts = opts;
    r->params = params;
    r->uuids = g_new0(char *, n + 1);
    r->names = g_new0(char *, n + 1);
    for (size_t i = 0; i < n; i++) {
        r->uuids[i] = uuids ? g_strdup(uuids[i]) : NULL;
        r->names[i] = g_strdup(names ? names[i] : uuids[i]);
    }
    return r;
}

/*
 * A connection for a thread beside the worker (a live control, a
 * preflight): one of its own, since two threads in calls on one connection
 * crash libvirt's client when keepalive closes it (tv_host_open); on the
 * test driver, where a second connection is a private copy, the worker's.
 */
static virConnectPtr
side_connection(run_request *r)
{
    g_autofree char *error = NULL;
    virConnectPtr c = r->own_conn ? tv_host_open(r->host, &error) : NULL;
    virResetLastError();
    return c ? c : tv_host_conn_ref(r->host);
}

/* Marks r to run beside the worker on host (the host stays valid until r is freed). */
static void
run_beside(run_request *r, tv_host *host)
{
    g_autoptr(tv_host_snapshot) snap = tv_host_snapshot_get(host);
    r->host = tv_host_ref(host);
    r->host_name = tv_host_name(host);
    r->host_id = tv_host_id(host);
    r->own_conn = snap && !snap->is_test_driver && snap->state == TV_HOST_CONNECTED;
}

/* A TV_ACTION_NOW action's thread: not the host's queue. */
static gpointer
now_main(gpointer data)
{
    run_request *r = data;
    virConnectPtr conn = side_connection(r);
    r->ran = true;
    run_targets(r, conn);
    if (conn)
        virConnectClose(conn);
    run_request_free(r);
    return NULL;
}

void
tv_action_run(tv_host *host, const tv_action *a, guint request, const char *host_label,
              const char *const *uuids, const char *const *names, size_t n, unsigned opts,
              tv_param_values *params)
{
    run_request *r = request_new(a, request, host_label, uuids, names, n, opts, params);
    if (a->flags & TV_ACTION_NOW) {
        /* Not behind whatever the worker is doing: it acts on a running job at once. */
        run_beside(r, host);
        g_thread_unref(g_thread_new("tv-now", now_main, r));
        return;
    }
    tv_host_submit(host, run_job, r, (GDestroyNotify)run_request_free);
}

/* Submits r and waits until the worker ran it or dropped it. */
static void
run_and_wait(tv_host *host, run_request *r)
{
    GMutex lock;
    GCond cond;

    g_mutex_init(&lock);
    g_cond_init(&cond);
    r->lock = &lock;
    r->cond = &cond;
    r->failures = (int)r->n; /* if the host drops the job unrun */
    tv_host_submit(host, run_job, r, (GDestroyNotify)run_request_free);
    g_mutex_lock(&lock);
    while (!r->done)
        g_cond_wait(&cond, &lock);
    g_mutex_unlock(&lock);
    g_mutex_clear(&lock);
    g_cond_clear(&cond);
}

tv_action_report *
tv_action_exec_sync(tv_host *host, const tv_action *a, const char *uuid, const char *name,
                    tv_param_values *params, bool inline_host)
{
    run_request *r = request_new(a, 0, NULL, &uuid, &name, 1, 0, params);
    tv_action_report *report;
    if (inline_host) {
        r->keep_report = true;
        tv_host_run_inline(host, run_job, r);
        request_clear(r);
    } else {
        run_and_wait(host, r);
    }
    report = g_steal_pointer(&r->report);
    if (!report) {
        report = tv_action_report_new(a, 0);
        tv_action_report_add(report, TV_OUTCOME_FAILED, NULL, name,
                             "the host stopped before the action ran");
    }
    g_free(r->summary);
    g_free(r);
    return report;
}

/* A long action's preview (a migration's preflight) on a thread of its own. */
static gpointer
preview_main(gpointer data)
{
    run_request *r = data;
    virConnectPtr conn = side_connection(r);
    preview_job(r->host, conn, r);
    if (conn)
        virConnectClose(conn);
    run_request_free(r);
    return NULL;
}

void
tv_action_preview(tv_host *host, const tv_action *a, guint request, const char *host_label,
                  const char *uuid, const char *name, tv_param_values *params)
{
    run_request *r = request_new(a, request, host_label, &uuid, &name, 1, 0, params);
    r->preview = true;
    if (a->flags & TV_ACTION_LONG) {
        /* It may take seconds (a preflight measures the guest): not in the worker's way. */
        run_beside(r, host);
        g_thread_unref(g_thread_new("tv-preview", preview_main, r));
        return;
    }
    tv_host_submit(host, preview_job, r, (GDestroyNotify)run_request_free);
}

int
tv_action_run_sync(tv_host *host, const tv_action *a, const char *const *uuids,
                   const char *const *names, size_t n, unsigned opts, char **summary)
{
    run_request *r = request_new(a, 0, NULL, uuids, names, n, opts, NULL);
    int failures;
    run_and_wait(host, r);
    failures = r->failures;
    if (summary)
        *summary = g_steal_pointer(&r->summary);
    g_free(r->summary);
    tv_action_report_free(r->report);
    g_free(r);
    return failures;
}
