/*
 * --exec: parses NAME=VALUE words against the action's parameter table and
 * its target (host=, domain=), connects to the one host it names, checks
 * everything before anything runs (every bad field is reported, exit 2),
 * runs the action through the same runner as the UI on this thread's host
 * (no worker thread: the caller waits anyway), and prints the report.
 */
#include "config.h"

#include <string.h>

#include "actions/action.h"
#include "actions/param.h"
#include "actions/report.h"
#include "exec.h"
#include "model/host.h"
#include "model/job.h"
#include "model/oscat.h"
#include "util/json.h"

enum { EXEC_OK = 0, EXEC_FAILED = 1, EXEC_USAGE = 2, EXEC_REFUSED = 3 };


int
tv_exec_help(const char *name, FILE *out, FILE *err)
{
    const tv_action *a = tv_action_find(name);
    if (!a) {
        fprintf(err, "tvirt: no action '%s'\n", name);
        return EXEC_USAGE;
    }
    fprintf(out, "%s: %s\n\n", a->name, a->help);
    fprintf(out, "Usage: tvirt %s--exec %s", (a->flags & TV_ACTION_LOCAL) ? "" : "[-c URI]... ",
            a->name);
    if (a->target != TV_TARGET_HOST)
        fprintf(out, " %s=NAME", tv_action_target_name(a));
    g_autoptr(tv_param_values) fields = tv_param_values_new(a->params, a->n_params);
    for (size_t i = 0; i < tv_param_values_count(fields); i++) {
        if (strcmp(tv_param_values_param(fields, i)->name, "host") != 0)
            fprintf(out, " [%s=VALUE]", tv_param_values_param(fields, i)->name);
    }
    fprintf(out, " [--format text|json]\n\n");
    if (a->target != TV_TARGET_HOST)
        fprintf(out, "  %-16s %s (required)\n", tv_action_target_name(a),
                a->target == TV_TARGET_DOMAIN ? "the domain, by name or UUID"
                                              : "what it applies to, by name");
    if (!(a->flags & TV_ACTION_LOCAL))
        fprintf(out, "  %-16s the host, by URI or label (required with several -c)\n", "host");
    for (size_t i = 0; i < tv_param_values_count(fields); i++) {
        const tv_param *p = tv_param_values_param(fields, i);
        g_autoptr(GString) extra = g_string_new(NULL);
        if (strcmp(p->name, "host") == 0)
            continue; /* said above: host= chooses the connection */
        if (p->choices) {
            g_string_append(extra, "; one of ");
            for (size_t k = 0; p->choices[k]; k++)
                g_string_append_printf(extra, "%s%s", k ? ", " : "", p->choices[k]);
        }
        if (p->def)
            g_string_append_printf(extra, "; default %s", p->def);
        else if (p->compute_default)
            g_string_append(extra, (a->flags & TV_ACTION_LOCAL) ? "; default worked out"
                                                                : "; default worked out from "
                                                                  "the host");
        if (p->kind == TV_PARAM_SIZE && p->unit)
            g_string_append_printf(extra, "; a bare number is in %s", p->unit);
        fprintf(out, "  %-16s %s (%s%s%s)\n", p->name, p->help, tv_param_kind_name(p->kind),
                (p->flags & TV_PARAM_REQUIRED) ? ", required" : "", extra->str);
    }
    fprintf(out, "\nExit status: 0 done, 1 failed, 2 usage or a bad value, 3 refused by a "
                 "preflight.\n");
    return EXEC_OK;
}

/* The URI host= names among uris: the URI itself or its short label. */
static const char *
pick_uri(const char *const *uris, size_t n, const char *host, char **error)
{
    if (!host) {
        if (n > 1) {
            *error = g_strdup("host: needed when several hosts are given with -c");
            return NULL;
        }
        return n ? uris[0] : NULL;
    }
    for (size_t i = 0; i < n; i++) {
        g_autofree char *label = tv_uri_label(uris[i], NULL);
        if (strcmp(uris[i], host) == 0 || g_ascii_strcasecmp(label, host) == 0)
            return uris[i];
    }
    if (n == 0)
        return host; /* no -c: host= names the URI */
    *error = g_strdup_printf("host: '%s' is none of the hosts given with -c", host);
    return NULL;
}

/*
 * A host parameter besides host= (domain-migrate's dest) may name one of
 * the -c hosts by its label: the action gets the URI.
 */
static void
labels_to_uris(tv_param_values *values, const char *const *uris, size_t n)
{
    for (size_t i = 0; i < tv_param_values_count(values); i++) {
        const tv_param *p = tv_param_values_param(values, i);
        const char *text = tv_param_values_text(values, p->name);
        if (p->kind != TV_PARAM_HOST || strcmp(p->name, "host") == 0 || !text ||
            strstr(text, ":/"))
            continue;
        for (size_t k = 0; k < n; k++) {
            g_autofree char *label = tv_uri_label(uris[k], NULL);
            if (g_ascii_strcasecmp(label, text) == 0) {
                g_autofree char *error = NULL;
                tv_param_values_set(values, p->name, uris[k], &error);
                break;
            }
        }
    }
}

static const tv_domain *
find_domain(const tv_host_snapshot *s, const char *word)
{
    for (size_t i = 0; i < s->n_domains; i++) {
        const tv_domain *d = &s->domains[i];
        if (strcmp(d->name, word) == 0 || g_ascii_strcasecmp(d->uuid_str, word) == 0)
            return d;
    }
    return NULL;
}

/* Long actions: a progress line on stderr at most once a second, as ACTIONS.md says. */
static gint64 progress_said_us;

static void
print_progress(const tv_job_info *job)
{
    static char *policy_said; /* a policy's action is said once, when it acts */
    gint64 now = g_get_monotonic_time();
    if (job->migration && job->migration->policy &&
        g_strcmp0(job->migration->policy, policy_said) != 0) {
        g_free(policy_said);
        policy_said = g_strdup(job->migration->policy);
        fprintf(stderr, "tvirt: %s %s: %s\n", job->action, job->target, policy_said);
    }
    if (job->state != TV_JOB_RUNNING || now - progress_said_us < G_USEC_PER_SEC)
        return;
    progress_said_us = now;
    if (job->migration && job->migration->have_sample) {
        const tv_migration *m = job->migration;
        fprintf(stderr, "tvirt: %s %s: %s %.0f%%, %" G_GUINT64_FORMAT " MiB remaining of %"
                G_GUINT64_FORMAT " MiB, %.1f MiB/s, dirtied %.1f MiB/s, iteration %"
                G_GUINT64_FORMAT "\n", job->action, job->target, tv_mig_phase_name(m->phase),
                tv_migration_percent(m), m->now.data_remaining >> 20, m->now.data_total >> 20,
                (double)m->now.transfer_bps / (1 << 20), (double)m->now.dirty_bps / (1 << 20),
                m->now.iteration);
    } else if (job->total > 0)
        fprintf(stderr, "tvirt: %s %s: %s %.0f%% (%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                " bytes)\n",
                job->action, job->target, job->phase ? job->phase : "", 100.0 * (double)job->done /
                (double)job->total, job->done, job->total);
    else
        fprintf(stderr, "tvirt: %s %s: %s\n", job->action, job->target,
                job->phase ? job->phase : "running");
}

static const tv_pool *
find_pool(const tv_host_snapshot *s, const char *name)
{
    for (size_t i = 0; s->storage && i < s->storage->n; i++) {
        if (strcmp(s->storage->pools[i].name, name) == 0)
            return &s->storage->pools[i];
    }
    return NULL;
}

/* Writes the outcome: one line, or one JSON object; message NULL: the report's summary. */
static void
print_report(FILE *out, tv_format format, const tv_action *a, const char *host,
             const char *target, const tv_action_report *r, const char *message)
{
    g_autofree char *summary = message ? g_strdup(message) : tv_action_report_summary(r);
    const tv_outcome *o = r->outcomes->len ? &g_array_index(r->outcomes, tv_outcome, 0) : NULL;
    bool ok = o && o->kind == TV_OUTCOME_OK;
    g_autoptr(GString) buf = g_string_new(NULL);

    if (format != TV_FORMAT_JSON) {
        fprintf(out, "%s\n", summary);
        return;
    }
    g_string_append(buf, "{\"action\":");
    tv_json_append_string(buf, a->name);
    g_string_append(buf, ",\"host\":");
    tv_json_append_string(buf, host);
    g_string_append(buf, ",\"target\":");
    if (target)
        tv_json_append_string(buf, target);
    else
        g_string_append(buf, "null");
    g_string_append_printf(buf, ",\"ok\":%s,\"message\":", ok ? "true" : "false");
    tv_json_append_string(buf, summary);
    g_string_append(buf, ",\"undone\":[");
    for (guint i = 0; o && o->undone && i < o->undone->len; i++) {
        if (i)
            g_string_append_c(buf, ',');
        tv_json_append_string(buf, o->undone->pdata[i]);
    }
    g_string_append(buf, "],\"result\":{");
    for (guint i = 0; o && o->result && i < o->result->len; i++) {
        const tv_result_field *f = &g_array_index(o->result, tv_result_field, i);
        if (i)
            g_string_append_c(buf, ',');
        tv_json_append_string(buf, f->key);
        g_string_append_c(buf, ':');
        if (f->number)
            g_string_append(buf, f->value);
        else
            tv_json_append_string(buf, f->value);
    }
    g_string_append(buf, "}}\n");
    fputs(buf->str, out);
}

/* A failure before the action ran: said on stderr, and as the JSON answer when asked. */
static int
fail(FILE *out, FILE *err, tv_format format, const tv_action *a, const char *host,
     const char *target, int status, const char *message)
{
    fprintf(err, "tvirt: %s\n", message);
    if (format == TV_FORMAT_JSON && a) {
        g_autoptr(tv_action_report) r = tv_action_report_new(a, 0);
        tv_action_report_add(r, TV_OUTCOME_FAILED, host, target ? target : "", message);
        print_report(out, format, a, host ? host : "", target, r, message);
    }
    return status;
}

/* Whether a check before the action refused it (domain-migrate's preflight). */
static bool
refused(const tv_action_report *report)
{
    for (guint i = 0; i < report->outcomes->len; i++) {
        const tv_outcome *o = &g_array_index(report->outcomes, tv_outcome, i);
        for (guint k = 0; o->result && k < o->result->len; k++) {
            if (strcmp(g_array_index(o->result, tv_result_field, k).key, "refused") == 0)
                return true;
        }
    }
    return false;
}

/* Prints the report of a run and says how it went as the exit status. */
static int
finish(const tv_options *opts, const tv_action *a, const char *uri, const char *target,
       tv_action_report *report, FILE *out, FILE *err)
{
    int status;
    print_report(out, opts->format, a, uri, target, report, NULL);
    status = tv_action_report_count(report, TV_OUTCOME_OK) == report->outcomes->len ? EXEC_OK
             : refused(report)                                                   ? EXEC_REFUSED
                                                                                 : EXEC_FAILED;
    if (status != EXEC_OK && opts->format != TV_FORMAT_JSON) {
        /* The text line went to stdout; scripts that read stderr see it too. */
        g_autofree char *summary = tv_action_report_summary(report);
        fprintf(err, "tvirt: %s\n", summary);
    }
    tv_action_report_free(report);
    return status;
}

/* An action on this machine alone (migration-export): no host is connected. */
static int
run_local(const tv_options *opts, const tv_action *a, const tv_host_config *cfg,
          tv_param_values *given, FILE *out, FILE *err)
{
    g_autoptr(tv_param_values) values = given;
    tv_param_ctx ctx = { 0 };
    g_autoptr(GPtrArray) problems = tv_param_values_check(values, &ctx);
    tv_host *h;
    int status;
    if (problems->len) {
        for (guint i = 0; i + 1 < problems->len; i++)
            fprintf(err, "tvirt: %s\n", (const char *)problems->pdata[i]);
        return fail(out, err, opts->format, a, NULL, NULL, EXEC_USAGE,
                    problems->pdata[problems->len - 1]);
    }
    h = tv_host_new(cfg); /* never polled: the action runs without a connection */
    status = finish(opts, a, "", a->label,
                    tv_action_exec_sync(h, a, NULL, a->label, g_steal_pointer(&values), true),
                    out, err);
    tv_host_free(h);
    return status;
}

int
tv_exec_run(const tv_options *opts, const char *const *uris, FILE *out, FILE *err)
{
    const tv_action *a = tv_action_find(opts->exec);
    g_autoptr(tv_param_values) values = NULL;
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(tv_host_snapshot) snap = NULL;
    g_autofree char *uri_error = NULL;
    g_autofree char *made = NULL;
    const char *host = NULL, *target = NULL, *uri;
    size_t n_uris = uris ? g_strv_length((char **)uris) : 0;
    const tv_domain *d = NULL;
    tv_host_config cfg = { .on_demand = true, .readonly = opts->readonly,
                           .wants = TV_WANT_INFO | TV_WANT_FLAGS };
    tv_host *h;
    const char *why = NULL;
    tv_param_ctx ctx = { 0 };
    tv_action_report *report;
    int status;

    if (!a) {
        fprintf(err, "tvirt: no action '%s' (:? on the screen lists them)\n", opts->exec);
        return EXEC_USAGE;
    }
    if (opts->help)
        return tv_exec_help(opts->exec, out, err);
    if (a->flags & TV_ACTION_VIEW) {
        g_autofree char *msg = g_strdup_printf("%s opens a screen: it needs tvirt's screen, "
                                               "not --exec", a->name);
        return fail(out, err, opts->format, a, NULL, NULL, EXEC_USAGE, msg);
    }

    values = tv_param_values_new(a->params, a->n_params);
    for (char *const *arg = opts->exec_args; arg && *arg; arg++) {
        const char *eq = strchr(*arg, '=');
        g_autofree char *name = eq ? g_strndup(*arg, (gsize)(eq - *arg)) : NULL;
        char *error = NULL;
        if (!eq) {
            g_ptr_array_add(problems, g_strdup_printf("'%s': expected NAME=VALUE", *arg));
        } else if (strcmp(name, "host") == 0) {
            host = eq + 1;
        } else if (a->target != TV_TARGET_HOST && strcmp(name, tv_action_target_name(a)) == 0) {
            target = eq + 1;
        } else if (!tv_param_values_set(values, name, eq + 1, &error)) {
            /* A value that does not parse is said with the others once the host is read. */
            if (!tv_param_values_find(values, name))
                g_ptr_array_add(problems, error);
            else
                g_free(error);
        }
    }
    if (a->target != TV_TARGET_HOST && !target)
        g_ptr_array_add(problems, g_strdup_printf("%s: is required (the %s to act on)",
                                                  tv_action_target_name(a),
                                                  tv_action_target_name(a)));
    labels_to_uris(values, uris, n_uris);
    uri = pick_uri(uris, n_uris, host, &uri_error);
    if (uri_error)
        g_ptr_array_add(problems, g_steal_pointer(&uri_error));
    if (problems->len) {
        /* Stopping before the host is read: the values that do not parse are said too. */
        g_autoptr(GPtrArray) more = tv_param_values_check(values, &ctx);
        for (guint i = 0; i < more->len; i++)
            g_ptr_array_add(problems, g_strdup(more->pdata[i]));
        for (guint i = 0; i + 1 < problems->len; i++)
            fprintf(err, "tvirt: %s\n", (const char *)problems->pdata[i]);
        return fail(out, err, opts->format, a, uri, target, EXEC_USAGE,
                    problems->pdata[problems->len - 1]);
    }

    cfg.uri = uri;
    if (a->flags & TV_ACTION_LOCAL)
        return run_local(opts, a, &cfg, g_steal_pointer(&values), out, err);
    if (a->target == TV_TARGET_POOL || a->target == TV_TARGET_VOLUME)
        cfg.wants |= TV_WANT_STORAGE;
    if (a->target == TV_TARGET_NETWORK)
        cfg.wants |= TV_WANT_NETWORKS;
    cfg.wants |= tv_action_wants(values); /* starts reading libosinfo's database if needed */
    h = tv_host_new(&cfg);
    tv_host_poll(h); /* connects and reads the host on this thread */
    if (cfg.wants & TV_WANT_CAPS)
        tv_oscat_wait(); /* an OS variant is checked against libosinfo's database */
    snap = tv_host_snapshot_get(h);
    if (snap->state != TV_HOST_CONNECTED) {
        g_autofree char *msg = g_strdup_printf("%s: %s", snap->uri,
                                               snap->error ? snap->error : "not connected");
        tv_host_free(h);
        return fail(out, err, opts->format, a, snap->uri, target, EXEC_FAILED, msg);
    }
    if (a->target == TV_TARGET_DOMAIN && !(d = find_domain(snap, target))) {
        g_autofree char *msg = g_strdup_printf("domain: no domain '%s' on %s", target,
                                               snap->label);
        tv_host_free(h);
        return fail(out, err, opts->format, a, snap->uri, target, EXEC_USAGE, msg);
    }
    if (a->target == TV_TARGET_POOL && !find_pool(snap, target)) {
        g_autofree char *msg = g_strdup_printf("pool: no pool '%s' on %s", target,
                                               snap->label);
        tv_host_free(h);
        return fail(out, err, opts->format, a, snap->uri, target, EXEC_USAGE, msg);
    }
    if (d && a->n_params > 0) {
        /* Its parameters may be checked against its XML (disks, NICs): read it too. */
        tv_host_set_details(h, d->uuid_str);
        tv_host_poll(h);
        tv_host_snapshot_unref(snap);
        snap = tv_host_snapshot_get(h);
        d = find_domain(snap, target);
    }
    if (a->target == TV_TARGET_DOMAIN && !d) {
        g_autofree char *msg = g_strdup_printf("domain: '%s' is gone from %s", target,
                                               snap->label);
        tv_host_free(h);
        return fail(out, err, opts->format, a, snap->uri, target, EXEC_FAILED, msg);
    }
    if (!tv_action_can_run(a, snap, d, &why)) {
        g_autofree char *msg = g_strdup_printf("Cannot %s '%s': %s", a->label,
                                               d ? d->name : target ? target : snap->label,
                                               why);
        tv_host_free(h);
        return fail(out, err, opts->format, a, snap->uri, target, EXEC_FAILED, msg);
    }
    ctx.snap = snap;
    ctx.target = target;
    g_ptr_array_unref(problems);
    problems = tv_param_values_check(values, &ctx);
    if (problems->len) {
        for (guint i = 0; i + 1 < problems->len; i++)
            fprintf(err, "tvirt: %s\n", (const char *)problems->pdata[i]);
        tv_host_free(h);
        return fail(out, err, opts->format, a, snap->uri, target, EXEC_USAGE,
                    problems->pdata[problems->len - 1]);
    }

    if (a->target == TV_TARGET_HOST && !target)
        target = made = g_strdup(tv_param_values_text(values, "name")); /* what it makes */
    tv_jobs_set_observer(print_progress);
    report = tv_action_exec_sync(h, a, d ? d->uuid_str : NULL, d ? d->name : target,
                                 g_steal_pointer(&values), true);
    tv_jobs_set_observer(NULL);
    status = finish(opts, a, snap->uri, d ? d->name : target, report, out, err);
    tv_host_free(h);
    return status;
}
