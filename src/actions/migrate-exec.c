/*
 * domain-migrate's job; see migrate-exec.h.  The migrate call blocks for
 * the whole migration, so a monitor thread reads virDomainGetJobStats on
 * the same connection (libvirt's calls are thread-safe) and publishes each
 * reading; it also applies the maximum downtime once QEMU's job exists
 * (libvirt has no migrate parameter for it) and aborts the job when the
 * user cancels.  Completed-job statistics are read from whichever side
 * still has them: the source, or the destination once the source forgot
 * the domain (undefinesource).
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "actions/migrate-exec.h"
#include "actions/migrate-preflight.h"
#include "model/job.h"
#include "model/messages.h"
#include "model/mighistory.h"
#include "model/migpolicy.h"
#include "model/migration.h"

#define POLL_US (G_USEC_PER_SEC / 2)

typedef struct flag_param {
    const char *name;
    unsigned long flag;
} flag_param;

static const flag_param flag_params[] = {
    { "live", VIR_MIGRATE_LIVE },
    { "offline", VIR_MIGRATE_OFFLINE },
    { "suspend", VIR_MIGRATE_PAUSED },
    { "persistent", VIR_MIGRATE_PERSIST_DEST },
    { "undefinesource", VIR_MIGRATE_UNDEFINE_SOURCE },
    { "p2p", VIR_MIGRATE_PEER2PEER },
    { "tunnelled", VIR_MIGRATE_TUNNELLED },
    { "compressed", VIR_MIGRATE_COMPRESSED },
    { "auto_converge", VIR_MIGRATE_AUTO_CONVERGE },
    { "postcopy", VIR_MIGRATE_POSTCOPY },
    { "tls", VIR_MIGRATE_TLS },
    { "abort_on_error", VIR_MIGRATE_ABORT_ON_ERROR },
    { "unsafe", VIR_MIGRATE_UNSAFE },
};

static bool
yes(const tv_param_values *v, const char *name)
{
    const tv_param_value *x = tv_param_values_get(v, name);
    return x->set && x->number;
}

unsigned long
tv_migrate_flags(const tv_param_values *v)
{
    unsigned long flags = 0;
    const char *copy = tv_param_values_text(v, "copy_storage");
    for (size_t i = 0; i < G_N_ELEMENTS(flag_params); i++) {
        if (yes(v, flag_params[i].name))
            flags |= flag_params[i].flag;
    }
    if (g_strcmp0(copy, "all") == 0)
        flags |= VIR_MIGRATE_NON_SHARED_DISK;
    else if (g_strcmp0(copy, "inc") == 0)
        flags |= VIR_MIGRATE_NON_SHARED_INC;
    if (tv_param_values_get(v, "parallel")->number > 0)
        flags |= VIR_MIGRATE_PARALLEL;
    return flags;
}

static const char *const policies[] = { "postcopy_after", "downtime_ramp", "stall_abort" };

/* The settings in words for the dashboard: "live, persistent, undefine source". */
static char *
mode_words(const tv_param_values *v)
{
    GString *s = g_string_new(NULL);
    const char *copy = tv_param_values_text(v, "copy_storage");
    for (size_t i = 0; i < G_N_ELEMENTS(flag_params); i++) {
        if (yes(v, flag_params[i].name))
            g_string_append_printf(s, "%s%s", s->len ? ", " : "", flag_params[i].name);
    }
    if (g_strcmp0(copy, "no") != 0)
        g_string_append_printf(s, "%scopy storage %s", s->len ? ", " : "", copy);
    for (size_t i = 0; i < G_N_ELEMENTS(policies); i++) {
        const char *text = tv_param_values_text(v, policies[i]);
        if (text && *text)
            g_string_append_printf(s, "%s%s %s", s->len ? ", " : "", policies[i], text);
    }
    return g_string_free(s, FALSE);
}

/* The typed parameters of the migrate call. */
static int
migrate_params(const tv_param_values *v, virTypedParameterPtr *params, int *n)
{
    int max = 0;
    const tv_param_value *bw = tv_param_values_get(v, "bandwidth");
    const tv_param_value *par = tv_param_values_get(v, "parallel");
    const char *dname = tv_param_values_text(v, "dname");
    const char *uri = tv_param_values_text(v, "migrate_uri");
    const char *methods = tv_param_values_text(v, "comp_methods");

    *params = NULL;
    *n = 0;
    if (bw->set && bw->number > 0 &&
        virTypedParamsAddULLong(params, n, &max, VIR_MIGRATE_PARAM_BANDWIDTH,
                                (unsigned long long)bw->number) < 0)
        return -1;
    if (par->set && par->number > 0 &&
        virTypedParamsAddInt(params, n, &max, VIR_MIGRATE_PARAM_PARALLEL_CONNECTIONS,
                             (int)par->number) < 0)
        return -1;
    if (dname && *dname &&
        virTypedParamsAddString(params, n, &max, VIR_MIGRATE_PARAM_DEST_NAME, dname) < 0)
        return -1;
    if (uri && *uri && virTypedParamsAddString(params, n, &max, VIR_MIGRATE_PARAM_URI, uri) < 0)
        return -1;
    if (yes(v, "compressed") && methods && *methods) {
        g_auto(GStrv) names = g_strsplit(methods, ",", -1);
        for (size_t i = 0; names[i]; i++) {
            if (virTypedParamsAddString(params, n, &max, VIR_MIGRATE_PARAM_COMPRESSION,
                                        g_strstrip(names[i])) < 0)
                return -1;
        }
    }
    return 0;
}

/* The policies the values ask for (checked already: text that does not parse is none). */
static void
read_policies(const tv_param_values *v, tv_mig_policy *p)
{
    const char *after = tv_param_values_text(v, "postcopy_after");
    const char *ramp = tv_param_values_text(v, "downtime_ramp");
    const tv_param_value *stall = tv_param_values_get(v, "stall_abort");
    g_autofree char *e1 = NULL, *e2 = NULL;
    *p = (tv_mig_policy){ 0 };
    if (after && *after)
        tv_mig_policy_parse_postcopy_after(after, p, &e1);
    if (ramp && *ramp)
        tv_mig_policy_parse_ramp(ramp, p, &e2);
    if (stall->set && stall->number > 0)
        p->stall_abort_s = (double)stall->number;
}

/* ---- the monitor ------------------------------------------------------------------ */

typedef struct monitor {
    virDomainPtr dom;
    tv_job *job;
    tv_migration *m; /* the monitor's while it runs, the job thread's after */
    guint64 max_downtime;   /* to apply once the job exists; 0: leave QEMU's */
    bool postcopy_allowed;  /* look for the post-copy phase */
    bool aborted;           /* virDomainAbortJob was called for a cancel or a policy */
    tv_mig_policy policy;   /* the job's policies (all zero: none) */
    tv_mig_policy_state policy_done;
    guint64 base_downtime;  /* the maximum downtime when the job started (the ramp's start) */
    GMutex lock;
    GCond cond;
    bool stop; /* the migrate call returned */
    /* What the polling cost this thread, for the result (bench/lab.sh's goal M). */
    guint polls;
    gint64 poll_cpu_ns;
} monitor;

static gint64
thread_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (gint64)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static guint64
stat_ull(virTypedParameterPtr p, int n, const char *name)
{
    unsigned long long v = 0;
    if (virTypedParamsGetULLong(p, n, name, &v) == 1)
        return v;
    return 0;
}

typedef enum { READ_SAMPLE, READ_NO_JOB, READ_FAILED } read_result;

/* One reading; READ_NO_JOB when the domain has no job (any more, or not yet). */
static read_result
read_sample(monitor *mon, tv_mig_sample *s)
{
    virTypedParameterPtr p = NULL;
    int n = 0, type = VIR_DOMAIN_JOB_NONE;
    if (virDomainGetJobStats(mon->dom, &type, &p, &n, 0) < 0) {
        /* Busy or unreachable: the job goes on; a stall shows and policies still act. */
        virResetLastError();
        return READ_FAILED;
    }
    if (type == VIR_DOMAIN_JOB_NONE) {
        virTypedParamsFree(p, n);
        return READ_NO_JOB;
    }
    *s = (tv_mig_sample){
        .at_us = g_get_monotonic_time(),
        .elapsed_ms = stat_ull(p, n, VIR_DOMAIN_JOB_TIME_ELAPSED),
        .data_total = stat_ull(p, n, VIR_DOMAIN_JOB_DATA_TOTAL),
        .data_processed = stat_ull(p, n, VIR_DOMAIN_JOB_DATA_PROCESSED),
        .data_remaining = stat_ull(p, n, VIR_DOMAIN_JOB_DATA_REMAINING),
        .transfer_bps = stat_ull(p, n, VIR_DOMAIN_JOB_MEMORY_BPS),
        .dirty_bps = stat_ull(p, n, VIR_DOMAIN_JOB_MEMORY_DIRTY_RATE) *
                     MAX(stat_ull(p, n, VIR_DOMAIN_JOB_MEMORY_PAGE_SIZE), 1),
        .iteration = stat_ull(p, n, VIR_DOMAIN_JOB_MEMORY_ITERATION),
        .downtime_ms = stat_ull(p, n, VIR_DOMAIN_JOB_DOWNTIME),
    };
    virTypedParamsFree(p, n);
    if (mon->postcopy_allowed) {
        int state = 0, reason = 0;
        if (virDomainGetState(mon->dom, &state, &reason, 0) == 0)
            s->postcopy = state == VIR_DOMAIN_PAUSED && reason == VIR_DOMAIN_PAUSED_POSTCOPY;
        virResetLastError();
    }
    return READ_SAMPLE;
}

/* The caps as libvirt has them now, so the screen shows what is in force. */
static void
read_settings(monitor *mon)
{
    unsigned long bw = 0;
    unsigned long long downtime = 0;
    if (virDomainMigrateGetMaxSpeed(mon->dom, &bw, 0) == 0)
        mon->m->bandwidth_mib = bw >= (1ul << 40) ? 0 : bw; /* libvirt's "unlimited" */
    if (virDomainMigrateGetMaxDowntime(mon->dom, &downtime, 0) == 0)
        mon->m->max_downtime_ms = downtime;
    virResetLastError();
}

static void
publish(monitor *mon)
{
    tv_migration *m = mon->m;
    guint64 done = m->now.data_total - MIN(m->now.data_remaining, m->now.data_total);
    tv_job_progress(mon->job, tv_mig_phase_name(m->phase), done, m->now.data_total);
    tv_job_set_migration(mon->job, m);
}

/* Does what the job's policies say now, and says it on the dashboard. */
static void
apply_policies(monitor *mon)
{
    guint64 downtime = 0;
    char *why = NULL;
    tv_policy_act act;
    while ((act = tv_mig_policy_next(&mon->policy, &mon->policy_done, mon->m,
                                     g_get_monotonic_time(), mon->base_downtime, &downtime,
                                     &why)) != TV_POLICY_NONE) {
        int rc = act == TV_POLICY_POSTCOPY ? virDomainMigrateStartPostCopy(mon->dom, 0)
                 : act == TV_POLICY_DOWNTIME
                     ? virDomainMigrateSetMaxDowntime(mon->dom, downtime, 0)
                     : virDomainAbortJob(mon->dom);
        if (act == TV_POLICY_ABORT)
            mon->aborted = true;
        if (rc < 0) {
            g_autofree char *failed = tv_vir_last_error("refused");
            char *said = g_strdup_printf("%s; libvirt: %s", why, failed);
            g_free(why);
            why = said;
        }
        tv_message_post_host(rc < 0 ? TV_MSG_ERROR : TV_MSG_INFO, 0, "%s: %s", mon->m->domain,
                             why);
        g_free(mon->m->policy);
        mon->m->policy = why;
        why = NULL;
    }
}

static gpointer
monitor_main(gpointer data)
{
    monitor *mon = data;
    bool had_job = false;
    unsigned polls = 0;
    g_mutex_lock(&mon->lock);
    while (!mon->stop) {
        tv_mig_sample s;
        read_result got;
        gint64 cpu0 = thread_cpu_ns();
        g_mutex_unlock(&mon->lock);
        if ((got = read_sample(mon, &s)) == READ_SAMPLE) {
            if (!had_job && mon->max_downtime &&
                virDomainMigrateSetMaxDowntime(mon->dom, mon->max_downtime, 0) < 0) {
                g_autofree char *why = tv_vir_last_error("could not set the maximum downtime");
                tv_message_post_host(TV_MSG_ERROR, 0, "%s: %s", mon->m->domain, why);
            }
            /* The caps as libvirt has them, every 2 s: the maximum downtime is a question to
             * QEMU's monitor, which the migration itself needs most at the switch-over. */
            if (polls++ % 4 == 0)
                read_settings(mon);
            if (!had_job)
                mon->base_downtime = mon->m->max_downtime_ms;
            had_job = true;
            tv_migration_add_sample(mon->m, &s);
            apply_policies(mon);
        } else if (had_job && got == READ_NO_JOB) {
            mon->m->phase = TV_MIG_COMPLETING; /* the job ended; the call is finishing */
        } else if (had_job) {
            apply_policies(mon); /* no reading: no progress either (stall_abort) */
        }
        if (tv_job_cancelled(mon->job) && !mon->aborted) {
            mon->aborted = true;
            if (virDomainAbortJob(mon->dom) < 0)
                virResetLastError(); /* no job yet or any more: the call says how it ended */
        }
        publish(mon);
        mon->polls++;
        mon->poll_cpu_ns += thread_cpu_ns() - cpu0;
        g_mutex_lock(&mon->lock);
        if (!mon->stop)
            g_cond_wait_until(&mon->cond, &mon->lock, g_get_monotonic_time() + POLL_US);
    }
    g_mutex_unlock(&mon->lock);
    return NULL;
}

/* ---- after the call -------------------------------------------------------------- */

/* A typed parameter's value as text (numbers in libvirt's units), or NULL. */
static char *
typed_text(const virTypedParameter *p)
{
    switch (p->type) {
    case VIR_TYPED_PARAM_INT: return g_strdup_printf("%d", p->value.i);
    case VIR_TYPED_PARAM_UINT: return g_strdup_printf("%u", p->value.ui);
    case VIR_TYPED_PARAM_LLONG: return g_strdup_printf("%lld", p->value.l);
    case VIR_TYPED_PARAM_ULLONG: return g_strdup_printf("%llu", p->value.ul);
    case VIR_TYPED_PARAM_DOUBLE: return g_strdup_printf("%g", p->value.d);
    case VIR_TYPED_PARAM_BOOLEAN: return g_strdup(p->value.b ? "1" : "0");
    case VIR_TYPED_PARAM_STRING: return g_strdup(p->value.s);
    default: return NULL;
    }
}

static bool
add_completed(tv_action_ctx *ctx, tv_migration *m, virDomainPtr dom)
{
    virTypedParameterPtr p = NULL;
    int n = 0, type = 0;
    /* KEEP: reading them must not take them from virsh domjobinfo --completed. */
    if (!dom ||
        virDomainGetJobStats(dom, &type, &p, &n,
                             VIR_DOMAIN_JOB_STATS_COMPLETED |
                                 VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED) < 0 ||
        n == 0) {
        virResetLastError();
        virTypedParamsFree(p, n);
        return false;
    }
    for (int i = 0; i < n; i++) {
        g_autofree char *value = typed_text(&p[i]);
        if (!value)
            continue;
        tv_migration_add_stat(m, p[i].field, value);
        tv_action_result(ctx, p[i].field, p[i].type != VIR_TYPED_PARAM_STRING, "%s", value);
    }
    virTypedParamsFree(p, n);
    return true;
}

/*
 * libvirt's completed-job figures: the source keeps them unless it forgot
 * the domain; then the destination has them (fewer fields).
 */
static void
read_completed(tv_action_ctx *ctx, tv_migration *m, virDomainPtr src, virConnectPtr dconn,
               const char *dest_uri)
{
    g_autoptr(virConnect) own = NULL;
    g_autoptr(virDomain) there = NULL;
    if (add_completed(ctx, m, src))
        return;
    if (!dconn)
        dconn = own = virConnectOpen(dest_uri);
    if (dconn)
        there = virDomainLookupByUUIDString(dconn, m->uuid);
    if (!add_completed(ctx, m, there))
        tv_message_post_host(TV_MSG_INFO, 0, "%s: neither host kept the migration's completed "
                        "figures", m->domain);
    virResetLastError();
}

static char *
summary(const tv_migration *m, const char *dest)
{
    const char *elapsed = tv_migration_stat(m, VIR_DOMAIN_JOB_TIME_ELAPSED);
    const char *downtime = tv_migration_stat(m, VIR_DOMAIN_JOB_DOWNTIME);
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "to %s", dest);
    if (elapsed)
        g_string_append_printf(s, " in %.1f s", g_ascii_strtod(elapsed, NULL) / 1000.0);
    if (downtime)
        g_string_append_printf(s, ", downtime %s ms", downtime);
    return g_string_free(s, FALSE);
}

/* The history file gets the row, whoever ran it (the screen or --exec). */
static void
remember(const tv_migration *m)
{
    g_autofree char *path = tv_mig_history_path();
    g_autoptr(GError) error = NULL;
    if (!tv_mig_history_append(path, m, &error))
        tv_message_post_host(TV_MSG_ERROR, 0, "Could not keep the migration in the history: %s",
                             error->message);
}

/*
 * The destination's connection, with keepalive: a client-driven migration
 * whose link is cut would otherwise wait for ever in its finish step
 * (LAB-FACTS: virsh hangs until aborted).
 */
static virConnectPtr
open_dest(const char *uri)
{
    virConnectPtr c = virConnectOpen(uri);
    if (c && virConnectSetKeepAlive(c, 5, 3) < 0)
        virResetLastError();
    return c;
}

/* The checks against an open destination, or one failed check saying why it is not open. */
static GPtrArray *
preflight(tv_action_ctx *ctx, virConnectPtr dconn, const char *dest, gboolean measure)
{
    GPtrArray *checks;
    if (!dconn) {
        g_autofree char *why = tv_vir_last_error("could not connect");
        checks = tv_preflight_new();
        tv_preflight_add(checks, "destination", TV_CHECK_FAIL, why,
                         "check the URI and that the destination's libvirtd listens");
        (void)dest;
        return checks;
    }
    return tv_migrate_preflight(ctx->dom, dconn, ctx->params, measure);
}

char *
tv_migrate_preview(tv_action_ctx *ctx)
{
    const char *dest = tv_param_values_text(ctx->params, "dest");
    g_autoptr(virConnect) dconn = dest ? open_dest(dest) : NULL;
    g_autoptr(GPtrArray) checks = preflight(ctx, dconn, dest, TRUE);
    char *text = tv_preflight_text(checks);
    if (!tv_preflight_failed(checks))
        return text;
    ctx->error = text; /* a failed check: the review does not offer to run it */
    return NULL;
}

/*
 * The preflight before the migrate call: a failed check refuses it (and
 * --exec exits 3).  The dirty rate is measured only when a bandwidth cap
 * gives it something to be compared with: it costs the guest a second.
 */
static int
refused_by_preflight(tv_action_ctx *ctx, virConnectPtr dconn, const char *dest)
{
    const tv_param_value *bw = tv_param_values_get(ctx->params, "bandwidth");
    gboolean measure = bw->set && bw->number > 0 && tv_param_values_get(ctx->params, "live")->number;
    g_autoptr(GPtrArray) checks = NULL;
    g_autofree char *json = NULL;

    tv_action_progress(ctx, "preflight", 0, 0);
    checks = preflight(ctx, dconn, dest, measure);
    json = tv_preflight_json(checks);
    tv_action_result(ctx, "preflight", true, "%s", json);
    if (!tv_preflight_failed(checks))
        return 0;
    {
        GString *why = g_string_new("refused by the preflight:");
        for (guint i = 0; i < checks->len; i++) {
            const tv_preflight_check *c = checks->pdata[i];
            if (c->verdict == TV_CHECK_FAIL)
                g_string_append_printf(why, " %s: %s%s%s%s", c->name, c->reason,
                                       c->fix ? " (fix: " : "", c->fix ? c->fix : "",
                                       c->fix ? ")" : "");
        }
        g_free(ctx->error);
        ctx->error = g_string_free(why, FALSE);
    }
    tv_action_result(ctx, "refused", false, "preflight");
    return -1;
}

int
tv_migrate_exec(tv_action_ctx *ctx)
{
    const tv_param_values *v = ctx->params;
    const char *dest = tv_param_values_text(v, "dest");
    unsigned long flags = tv_migrate_flags(v);
    virTypedParameterPtr params = NULL;
    int n_params = 0, rc;
    g_autoptr(virConnect) dconn = NULL;
    g_autoptr(virDomain) moved = NULL;
    const tv_param_value *downtime = tv_param_values_get(v, "max_downtime");
    char uuid[VIR_UUID_STRING_BUFLEN] = "";
    monitor mon = { .dom = ctx->dom, .job = ctx->job };
    GThread *thread;
    virErrorPtr err;

    if (migrate_params(v, &params, &n_params) < 0)
        return tv_action_fail(ctx, "could not build the migration's parameters");
    virDomainGetUUIDString(ctx->dom, uuid);
    mon.m = tv_migration_new(ctx->name, uuid, ctx->host, dest);
    mon.m->mode = mode_words(v);
    mon.m->bandwidth_mib = (guint64)tv_param_values_get(v, "bandwidth")->number;
    mon.max_downtime = downtime->set ? (guint64)downtime->number : 0;
    mon.postcopy_allowed = flags & VIR_MIGRATE_POSTCOPY;
    read_policies(v, &mon.policy);
    g_mutex_init(&mon.lock);
    g_cond_init(&mon.cond);
    if (ctx->job)
        publish(&mon);

    /* The destination's connection: for the preflight, the call (client-driven) and the
     * completed figures. */
    dconn = open_dest(dest);
    if (refused_by_preflight(ctx, dconn, dest) < 0) {
        rc = -1;
        mon.m->phase = TV_MIG_FAILED;
    } else if (!dconn && !(flags & VIR_MIGRATE_PEER2PEER)) {
        rc = tv_action_fail(ctx, "could not connect to the destination");
        mon.m->phase = TV_MIG_FAILED;
    } else {
        bool aborted;
        /* The monitor reads on a connection of its own: libvirt's client must not see two
         * threads in calls on one connection when keepalive closes it (a cut link). */
        g_autofree char *uri = ctx->job ? virConnectGetURI(ctx->conn) : NULL;
        g_autoptr(virConnect) mconn = uri ? virConnectOpen(uri) : NULL;
        g_autoptr(virDomain) mdom = mconn ? virDomainLookupByUUIDString(mconn, uuid) : NULL;
        if (mconn && virConnectSetKeepAlive(mconn, 5, 3) < 0)
            virResetLastError();
        virResetLastError(); /* not opened: the job's connection serves */
        mon.dom = mdom ? mdom : ctx->dom;
        thread = ctx->job ? g_thread_new("tv-migmon", monitor_main, &mon) : NULL;
        if (flags & VIR_MIGRATE_PEER2PEER) {
            rc = virDomainMigrateToURI3(ctx->dom, dest, params, (unsigned)n_params, flags);
        } else {
            moved = virDomainMigrate3(ctx->dom, dconn, params, (unsigned)n_params, flags);
            rc = moved ? 0 : -1;
        }
        err = rc < 0 ? virGetLastError() : NULL;
        aborted = err && err->code == VIR_ERR_OPERATION_ABORTED;
        if (rc < 0)
            tv_action_fail(ctx, "the migration failed");
        g_mutex_lock(&mon.lock);
        mon.stop = true;
        g_cond_signal(&mon.cond);
        g_mutex_unlock(&mon.lock);
        if (thread)
            g_thread_join(thread); /* the record is this thread's again */
        mon.dom = ctx->dom;
        mon.m->phase = rc == 0                      ? TV_MIG_DONE
                       : aborted || mon.aborted ? TV_MIG_CANCELLED
                                                : TV_MIG_FAILED;
    }
    virTypedParamsFree(params, n_params);

    mon.m->ended_us = g_get_monotonic_time();
    if (mon.polls)
        tv_action_result(ctx, "tvirt_poll_cpu_us", true, "%.1f",
                         (double)mon.poll_cpu_ns / 1000.0 / mon.polls);
    tv_action_result(ctx, "tvirt_polls", true, "%u", mon.polls);
    if (rc == 0) {
        g_autofree char *said = NULL;
        read_completed(ctx, mon.m, ctx->dom, dconn, dest);
        tv_migration_take_completed(mon.m);
        said = summary(mon.m, dest);
        g_string_append(ctx->note, said);
        tv_action_result(ctx, "dest", false, "%s", dest);
    } else {
        mon.m->message = g_strdup(ctx->error);
    }
    if (ctx->job)
        publish(&mon);
    remember(mon.m);
    tv_migration_free(mon.m);
    g_mutex_clear(&mon.lock);
    g_cond_clear(&mon.cond);
    return rc;
}
