/*
 * The central action table and the runner that carries an action to the
 * owning host's worker: it resolves each target domain by UUID there (a
 * domain may have vanished since the user pressed the key), runs exec,
 * and posts one summary message naming every failure with libvirt's text.
 */
#include "config.h"

#include <string.h>

#include "actions/action-impl.h"
#include "model/messages.h"

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
};

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

bool
tv_action_can_run(const tv_action *a, const tv_host_snapshot *snap, const tv_domain *d,
                  const char **why)
{
    const char *unused;
    if (!why)
        why = &unused;
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
            *why = (d->state == TV_DOM_SHUTOFF || d->state == TV_DOM_NOSTATE)
                       ? "the domain is not running"
                       : "not possible in the domain's current state";
            return false;
        }
    }
    if (a->can_run && !a->can_run(snap, d, why))
        return false;
    return true;
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
    char **uuids;
    char **names;
    size_t n;
    unsigned opts;
    /* Set for tv_action_run_sync. */
    GMutex *lock;
    GCond *cond;
    bool done;
    int failures;
    char *summary;
} run_request;

/* Runs after the job ran or was dropped; a waiting tv_action_run_sync owns r after this. */
static void
run_request_free(run_request *r)
{
    g_strfreev(r->uuids);
    g_strfreev(r->names);
    if (r->lock) {
        g_mutex_lock(r->lock);
        r->done = true;
        g_cond_signal(r->cond);
        g_mutex_unlock(r->lock);
        return;
    }
    g_free(r->summary);
    g_free(r);
}

static void
run_job(tv_host *host, struct _virConnect *conn, void *data)
{
    run_request *r = data;
    const tv_action *a = r->action;
    g_autoptr(GString) failures = g_string_new(NULL);
    g_autofree char *note = NULL;
    size_t ok = 0;
    int failed = 0;

    for (size_t i = 0; i < r->n; i++) {
        tv_action_ctx ctx = { .conn = conn, .name = r->names[i], .opts = r->opts };
        g_autoptr(virDomain) dom = NULL;
        const char *name = r->names[i];

        if (!conn) {
            g_autofree char *host_name = tv_host_name(host);
            ctx.error = g_strdup_printf("host %s is not connected", host_name);
        } else if (!(dom = virDomainLookupByUUIDString(conn, r->uuids[i]))) {
            virErrorPtr err = virGetLastError();
            g_autofree char *host_name = tv_host_name(host);
            if (err && err->code == VIR_ERR_NO_DOMAIN)
                ctx.error = g_strdup_printf("the domain no longer exists on %s", host_name);
            else
                ctx.error = tv_vir_last_error("could not look the domain up");
            virResetLastError();
        } else {
            ctx.dom = dom;
            ctx.note = g_string_new(NULL);
            if (a->exec(&ctx) == 0 && !ctx.error) {
                ok++;
                if (ctx.note->len && !note)
                    note = g_strdup(ctx.note->str);
            } else if (!ctx.error) {
                ctx.error = g_strdup("failed");
            }
            g_string_free(ctx.note, TRUE);
        }
        if (ctx.error) {
            failed++;
            g_string_append_printf(failures, "%s'%s': %s", failures->len ? "; " : "", name,
                                   ctx.error);
            g_free(ctx.error);
        }
        virResetLastError();
    }

    if (failed == 0 && r->n == 1)
        r->summary = g_strdup_printf("'%s' %s%s%s", r->names[0], a->done,
                                     note && *a->done ? " " : "", note ? note : "");
    else if (failed == 0)
        r->summary = g_strdup_printf("%s done on %zu domains", a->label, ok);
    else if (r->n == 1)
        r->summary = g_strdup_printf("Could not %s %s", a->label, failures->str);
    else
        r->summary = g_strdup_printf("%s: %zu of %zu done; failed: %s", a->label, ok, r->n,
                                     failures->str);
    tv_message_post(failed ? TV_MSG_ERROR : TV_MSG_INFO, "%s", r->summary);

    r->failures = failed;
}

static run_request *
request_new(const tv_action *a, const char *const *uuids, const char *const *names, size_t n,
            unsigned opts)
{
    run_request *r = g_new0(run_request, 1);
    r->action = a;
    r->n = n;
    r->opts = opts;
    r->uuids = g_new0(char *, n + 1);
    r->names = g_new0(char *, n + 1);
    for (size_t i = 0; i < n; i++) {
        r->uuids[i] = g_strdup(uuids[i]);
        r->names[i] = g_strdup(names ? names[i] : uuids[i]);
    }
    return r;
}

void
tv_action_run(tv_host *host, const tv_action *a, const char *const *uuids,
              const char *const *names, size_t n, unsigned opts)
{
    run_request *r = request_new(a, uuids, names, n, opts);
    tv_host_submit(host, run_job, r, (GDestroyNotify)run_request_free);
}

int
tv_action_run_sync(tv_host *host, const tv_action *a, const char *const *uuids,
                   const char *const *names, size_t n, unsigned opts, char **summary)
{
    GMutex lock;
    GCond cond;
    run_request *r = request_new(a, uuids, names, n, opts);
    int failures;

    g_mutex_init(&lock);
    g_cond_init(&cond);
    r->lock = &lock;
    r->cond = &cond;
    r->failures = (int)n; /* if the host drops the job unrun */
    tv_host_submit(host, run_job, r, (GDestroyNotify)run_request_free);
    g_mutex_lock(&lock);
    while (!r->done)
        g_cond_wait(&cond, &lock);
    g_mutex_unlock(&lock);
    failures = r->failures;
    if (summary)
        *summary = g_steal_pointer(&r->summary);
    g_free(r->summary);
    g_free(r);
    g_mutex_clear(&lock);
    g_cond_clear(&cond);
    return failures;
}
