/*
 * Actions from the front end to the hosts, and their results back.  A
 * request may span hosts (a marked set on two hosts): each host's worker
 * runs its part and posts a report tagged with the request id; the last
 * part completes the request, whose merged summary replaces the status
 * line ("Working on 3 domains...") and is kept on the Messages screen with
 * every failure on a line of its own.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "actions/param.h"
#include "model/messages.h"
#include "model/oscat.h"
#include "ui/dispatch.h"
#include "ui/form.h"
#include "ui/labels.h"

static void
request_free(gpointer p)
{
    tv_ui_request *r = p;
    tv_action_report_free(r->report);
    if (r->keys)
        g_ptr_array_unref(r->keys);
    tv_param_values_free(r->retry);
    g_free(r);
}

static void
watch_free(gpointer p)
{
    tv_settle_watch *w = p;
    g_free(w->key);
    g_free(w->name);
    g_free(w->host);
    g_free(w->summary);
    g_free(w);
}

unsigned
tv_dispatch_settle_wait_s(void)
{
    /* TVIRT_SHUTDOWN_WAIT: for guests known to take longer (or tests that cannot wait). */
    const char *env = g_getenv("TVIRT_SHUTDOWN_WAIT");
    guint64 v;
    if (env && g_ascii_string_to_unsigned(env, 10, 1, 3600, &v, NULL))
        return (unsigned)v;
    return 30;
}

/* Watches each target the request reached, when its effect may not show. */
static void
watch_targets(tv_app *app, const tv_ui_request *r, const char *summary)
{
    const tv_action *a = r->action;
    gint64 deadline = g_get_monotonic_time() +
                      (gint64)tv_dispatch_settle_wait_s() * G_USEC_PER_SEC;
    if (!a->settled || !r->keys)
        return;
    for (guint i = 0; i < r->keys->len; i++) {
        const tv_host_snapshot *snap;
        const tv_domain *d;
        bool ok = false;
        tv_settle_watch *w;
        if (!tv_app_resolve_key(app, r->keys->pdata[i], &snap, &d))
            continue;
        for (guint k = 0; k < r->report->outcomes->len && !ok; k++) {
            const tv_outcome *o = &g_array_index(r->report->outcomes, tv_outcome, k);
            ok = o->kind == TV_OUTCOME_OK && strcmp(o->name, d->name) == 0 &&
                 g_strcmp0(o->host, tv_labels_get(app->labels, snap)) == 0;
        }
        if (!ok)
            continue;
        w = g_new0(tv_settle_watch, 1);
        w->action = a;
        w->key = g_strdup(r->keys->pdata[i]);
        w->name = g_strdup(d->name);
        w->host = g_strdup(tv_labels_get(app->labels, snap));
        w->deadline_us = deadline;
        w->summary = g_strdup(summary);
        g_ptr_array_add(app->watches, w);
    }
}

void
tv_dispatch_check_watches(tv_app *app)
{
    gint64 now = g_get_monotonic_time();
    for (guint i = app->watches->len; i > 0; i--) {
        tv_settle_watch *w = app->watches->pdata[i - 1];
        const tv_host_snapshot *snap = NULL;
        const tv_domain *d = NULL;
        if (!tv_app_resolve_key(app, w->key, &snap, &d)) {
            /* A host that is (re)connecting has not listed its domains yet: wait. */
            if (snap && (snap->state != TV_HOST_CONNECTED || snap->taken_at_us <= 0))
                continue;
            /* A transient domain is gone once it is off. */
            if (snap)
                tv_app_log(app, false, w->host, false, "'%s' is gone (shut off)", w->name);
            g_ptr_array_remove_index(app->watches, i - 1);
            continue;
        }
        if (w->action->settled(d)) {
            tv_app_log(app, false, w->host, false, "'%s' %s", w->name, w->action->settled_text);
            /* The request's message still stands: say how it ended, after it. */
            if (app->status && g_str_has_prefix(app->status, w->summary)) {
                g_autofree char *was = g_strdup(app->status);
                tv_app_status(app, app->status_error, "%s; '%s' %s", was, w->name,
                              w->action->settled_text);
            }
            g_ptr_array_remove_index(app->watches, i - 1);
        } else if (now >= w->deadline_us) {
            int key = w->action->forced_by ? tv_keymap_key_for(app->keymap, w->action->forced_by)
                                           : -1;
            const tv_action *f = w->action->forced_by ? tv_action_find(w->action->forced_by)
                                                      : NULL;
            g_autofree char *text = NULL;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
            text = d->state == TV_DOM_PAUSED
                       ? g_strdup("is paused: a paused guest cannot act on the request")
                       : g_strdup_printf(w->action->unsettled, tv_dispatch_settle_wait_s());
#pragma GCC diagnostic pop
            if (key >= 0 && f)
                tv_app_log(app, true, w->host, true, "'%s' %s; press %s to %s", w->name, text,
                           tv_key_name(key), f->label);
            else
                tv_app_log(app, true, w->host, true, "'%s' %s", w->name, text);
            g_ptr_array_remove_index(app->watches, i - 1);
        }
    }
}

const char *
tv_app_host_label(const tv_app *app, unsigned host_id)
{
    const tv_host_snapshot *s = host_id ? tv_app_snapshot(app, host_id) : NULL;
    return s ? tv_labels_get(app->labels, s) : NULL;
}

void
tv_app_log(tv_app *app, bool error, const char *host, bool show, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *text = NULL;
    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    tv_msglog_add(&app->msglog, g_get_real_time(), host, error, text);
    if (show && app->status_errors) {
        GString *to = error ? app->status_errors : app->status_infos;
        g_string_append_printf(to, "%s%s", to->len ? " | " : "", text);
    } else if (show) {
        tv_app_status(app, error, "%s", text);
    }
    app->dirty = true;
}

static void
pending_clear(tv_app *app)
{
    if (app->pending.keys)
        g_ptr_array_unref(app->pending.keys);
    app->pending.keys = NULL;
    app->pending.action = NULL;
    g_clear_pointer(&app->pending.skipped, tv_action_report_free);
    g_clear_pointer(&app->pending.preview, g_free);
    if (app->pending.names)
        g_ptr_array_unref(app->pending.names);
    app->pending.names = NULL;
    g_clear_pointer(&app->pending.params, tv_param_values_free);
    app->pending.preview_request = 0;
    app->pending.from_marks = false;
    g_clear_pointer(&app->dialog_text, g_free);
    app->dialog = TV_DIALOG_NONE;
    app->dirty = true;
}

void
tv_dispatch_cancel(tv_app *app)
{
    pending_clear(app);
}

/* Shows a finished report: the summary on the status line, details in the log. */
static void
show_report(tv_app *app, const tv_action_report *r, const tv_ui_request *request)
{
    g_autofree char *summary = tv_action_report_summary(r);
    bool failed = tv_action_report_count(r, TV_OUTCOME_FAILED) > 0;
    bool partial = failed || tv_action_report_count(r, TV_OUTCOME_SKIPPED) > 0;
    const char *host = r->outcomes->len ? g_array_index(r->outcomes, tv_outcome, 0).host : NULL;

    tv_app_log(app, partial, r->outcomes->len == 1 ? host : NULL, true, "%s", summary);
    if (request)
        watch_targets(app, request, summary);
    /* The Messages screen keeps each failure whole, with its host. */
    if (r->outcomes->len > 1) {
        for (guint i = 0; i < r->outcomes->len; i++) {
            const tv_outcome *o = &g_array_index(r->outcomes, tv_outcome, i);
            if (o->kind == TV_OUTCOME_FAILED)
                tv_app_log(app, true, o->host, false, "Could not %s '%s': %s",
                           r->action->label, o->name, o->detail ? o->detail : "failed");
        }
    }
}

static guint
request_open(tv_app *app, const tv_action *a, unsigned parts, tv_action_report *skipped,
             GPtrArray *keys)
{
    tv_ui_request *r = g_new0(tv_ui_request, 1);
    r->keys = keys ? g_ptr_array_ref(keys) : NULL;
    r->id = ++app->next_request;
    r->action = a;
    r->parts_left = parts;
    r->report = skipped ? skipped : tv_action_report_new(a, r->id);
    g_hash_table_insert(app->requests, GUINT_TO_POINTER(r->id), r);
    return r->id;
}

void
tv_dispatch_console_pending(tv_app *app)
{
    const tv_host_snapshot *snap = app->console_uuid ? tv_app_snapshot(app, app->console_host)
                                                     : NULL;
    const tv_domain *d = snap ? tv_host_snapshot_find(snap, app->console_uuid) : NULL;
    if (!d || !tv_dom_state_active(d->state))
        return;
    g_clear_pointer(&app->console_uuid, g_free);
    if (app->form || app->dialog != TV_DIALOG_NONE || app->console ||
        app->edit_mode != TV_EDIT_OFF || app->editor)
        return; /* the user moved on: the console would take their keys */
    tv_app_open_console(app, snap, d);
}

/* console=yes succeeded: the console of what it made, as soon as the host shows it. */
static void
console_after(tv_app *app, const tv_ui_request *r)
{
    const tv_outcome *o = r->report->outcomes->len == 1
                              ? &g_array_index(r->report->outcomes, tv_outcome, 0)
                              : NULL;
    if (!o || o->kind != TV_OUTCOME_OK || !o->result)
        return;
    for (guint i = 0; i < o->result->len; i++) {
        const tv_result_field *f = &g_array_index(o->result, tv_result_field, i);
        if (strcmp(f->key, "uuid") == 0) {
            g_free(app->console_uuid);
            app->console_uuid = g_strdup(f->value);
            app->console_host = r->console_host;
        }
    }
    tv_dispatch_console_pending(app);
}

/* A host's part of a request came back; the last part shows the whole. */
static void
request_feed(tv_app *app, guint id, const tv_action_report *part)
{
    tv_ui_request *r = g_hash_table_lookup(app->requests, GUINT_TO_POINTER(id));
    if (!r)
        return;
    tv_action_report_merge(r->report, part);
    if (r->parts_left > 0)
        r->parts_left--;
    if (r->parts_left == 0) {
        show_report(app, r->report, r);
        if (r->console_host)
            console_after(app, r);
        if (r->retry && tv_action_report_count(r->report, TV_OUTCOME_FAILED) > 0 &&
            !app->form && tv_app_snapshot(app, r->retry_host)) {
            /* Nothing lost: the user fixes what failed and runs it again. */
            tv_app_open_form(app, r->action, r->retry_host, NULL, NULL,
                             g_steal_pointer(&r->retry));
            app->form->notice = tv_action_report_summary(r->report);
        }
        g_hash_table_remove(app->requests, GUINT_TO_POINTER(id));
    }
}

/* Queues the pending action on each host it touches. */
static void
pending_run(tv_app *app, unsigned opts)
{
    const tv_action *a = app->pending.action;
    const tv_host_snapshot *first_snap;
    const tv_domain *first;
    unsigned parts = 0, sent = 0;
    guint id;
    g_autoptr(GPtrArray) per_host = g_ptr_array_new_with_free_func(
        (GDestroyNotify)g_ptr_array_unref);

    /* Toggles go one way for the whole selection, set by its first domain. */
    if (a->opts_for && app->pending.keys->len > 0 &&
        tv_app_resolve_key(app, app->pending.keys->pdata[0], &first_snap, &first))
        opts |= a->opts_for(first);
    /* Checked again now: the host may have changed while the dialog was open. */
    for (guint i = 0; i < app->pending.keys->len; i++) {
        const tv_host_snapshot *snap = NULL;
        const tv_domain *d = NULL;
        const char *why = NULL;
        if (!tv_app_resolve_key(app, app->pending.keys->pdata[i], &snap, &d)) {
            tv_action_report_add(app->pending.skipped, TV_OUTCOME_SKIPPED,
                                 snap ? tv_labels_get(app->labels, snap) : NULL,
                                 app->pending.names->pdata[i],
                                 snap ? "it no longer exists" : "its host is gone");
        } else if (!tv_action_can_run(a, snap, d, &why)) {
            tv_action_report_add(app->pending.skipped, TV_OUTCOME_SKIPPED,
                                 tv_labels_get(app->labels, snap), d->name, why);
        }
    }
    for (guint h = 0; h < app->hosts->len; h++) {
        tv_host *host = app->hosts->pdata[h];
        GPtrArray *targets = g_ptr_array_new();
        for (guint i = 0; i < app->pending.keys->len; i++) {
            const tv_host_snapshot *snap;
            const tv_domain *d;
            if (tv_app_resolve_key(app, app->pending.keys->pdata[i], &snap, &d) &&
                snap->host_id == tv_host_id(host) && tv_action_can_run(a, snap, d, NULL)) {
                g_ptr_array_add(targets, (gpointer)d);
                sent++;
            }
        }
        parts += targets->len > 0;
        g_ptr_array_add(per_host, targets);
    }
    id = request_open(app, a, parts, g_steal_pointer(&app->pending.skipped), app->pending.keys);
    for (guint h = 0; h < app->hosts->len; h++) {
        tv_host *host = app->hosts->pdata[h];
        GPtrArray *targets = per_host->pdata[h];
        g_autoptr(GPtrArray) uuids = g_ptr_array_new();
        g_autoptr(GPtrArray) names = g_ptr_array_new();
        for (guint i = 0; i < targets->len; i++) {
            const tv_domain *d = targets->pdata[i];
            g_ptr_array_add(uuids, (gpointer)d->uuid_str);
            g_ptr_array_add(names, d->name);
        }
        if (targets->len == 0)
            continue;
        tv_action_run(host, a, id, tv_app_host_label(app, tv_host_id(host)),
                      (const char *const *)uuids->pdata, (const char *const *)names->pdata,
                      uuids->len, opts,
                      app->pending.params ? tv_param_values_copy(app->pending.params) : NULL);
    }
    if (parts == 0) {
        /* Nothing runnable: the skipped targets are the whole answer. */
        tv_ui_request *r = g_hash_table_lookup(app->requests, GUINT_TO_POINTER(id));
        show_report(app, r->report, NULL);
        g_hash_table_remove(app->requests, GUINT_TO_POINTER(id));
    } else {
        tv_app_status(app, false, "%s: working on %u domain%s...", a->label, sent,
                      sent == 1 ? "" : "s");
    }
    if (app->pending.from_marks)
        g_hash_table_remove_all(app->marked);
    pending_clear(app);
}

static void update_dialog_text(tv_app *app);

void
tv_dispatch_refresh_dialog(tv_app *app)
{
    if (app->pending.action && app->pending.keys &&
        (app->dialog == TV_DIALOG_CONFIRM || app->dialog == TV_DIALOG_DELETE))
        update_dialog_text(app);
}

void
tv_dispatch_on(tv_app *app, const tv_action *a, unsigned host_id, const char *target,
               tv_param_values *params)
{
    tv_host *host = tv_app_host(app, host_id);
    guint id;
    if (!host) {
        tv_param_values_free(params);
        tv_app_status(app, true, "%s: the host is gone", a->label);
        return;
    }
    id = request_open(app, a, 1, NULL, NULL);
    if (params && a->target == TV_TARGET_HOST && (a->flags & TV_ACTION_FORM)) {
        tv_ui_request *r = g_hash_table_lookup(app->requests, GUINT_TO_POINTER(id));
        r->retry = tv_param_values_copy(params);
        r->retry_host = host_id;
    }
    if (params && tv_param_values_find(params, "console") &&
        tv_param_values_get(params, "console")->number &&
        tv_param_values_get(params, "start")->number) {
        tv_ui_request *r = g_hash_table_lookup(app->requests, GUINT_TO_POINTER(id));
        r->console_host = host_id;
    }
    if (!target)
        target = a->label; /* what it works on is no object of the host's (an export) */
    tv_action_run(host, a, id, tv_app_host_label(app, host_id), NULL, &target, 1, 0, params);
    tv_app_status(app, false, "%s: working on %s...", a->label, target);
}

unsigned
tv_app_current_host(tv_app *app)
{
    const tv_host_snapshot *snap = NULL;
    tv_view_id v = app->view == TV_VIEW_HELP ? app->help_for : app->view;
    if (v == TV_VIEW_HOSTS && app->snaps->len > 0)
        return ((const tv_host_snapshot *)
                    app->snaps->pdata[MIN((guint)app->host_tbl.cursor, app->snaps->len - 1)])
            ->host_id;
    if ((v == TV_VIEW_DOMAINS || v == TV_VIEW_DETAILS) && tv_app_current_domain(app, &snap))
        return snap->host_id;
    for (guint i = 0; i < app->snaps->len; i++) {
        snap = app->snaps->pdata[i];
        if (snap->state == TV_HOST_CONNECTED)
            return snap->host_id;
    }
    return 0;
}

/* Whether snap holds what wants asks for (and the OS catalog is loaded, for capabilities). */
static bool
host_has_read(const tv_host_snapshot *snap, unsigned wants)
{
    if ((wants & TV_WANT_CAPS) && ((!snap->caps && !snap->is_test_driver) ||
                                   (!tv_oscat_ready() && !tv_oscat_error())))
        return false;
    if ((wants & TV_WANT_STORAGE) && !snap->storage)
        return false;
    return !(wants & TV_WANT_NETWORKS) || snap->networks;
}

void
tv_dispatch_deferred(tv_app *app)
{
    const tv_host_snapshot *snap;
    if (!app->deferred_params)
        return;
    snap = tv_app_snapshot(app, app->deferred_host);
    if (snap && !host_has_read(snap, tv_action_wants(app->deferred_params)) &&
        g_get_monotonic_time() < app->deferred_until_us)
        return;
    app->deferred_until_us = 0; /* no second wait */
    tv_dispatch_host_action(app, app->deferred_action, app->deferred_host,
                            g_steal_pointer(&app->deferred_params), true);
}

void
tv_dispatch_host_action(tv_app *app, const tv_action *a, unsigned host_id,
                        tv_param_values *given, bool from_line)
{
    g_autoptr(tv_param_values) params = given;
    const tv_host_snapshot *snap;
    const char *why = NULL;

    if (!host_id)
        host_id = tv_app_current_host(app);
    snap = host_id ? tv_app_snapshot(app, host_id) : NULL;
    if (!snap) {
        tv_app_status(app, true, "%s: no host here", a->label);
        return;
    }
    if (!tv_action_can_run(a, snap, NULL, &why)) {
        tv_app_status(app, true, "Cannot %s on %s: %s", a->label, tv_app_host_label(app, host_id),
                      why);
        return;
    }
    if (from_line && params && !host_has_read(snap, tv_action_wants(params)) &&
        g_get_monotonic_time() < app->deferred_until_us) {
        /* Checked once the host's capabilities and libosinfo's database are in. */
        tv_param_values_free(app->deferred_params);
        app->deferred_action = a;
        app->deferred_host = host_id;
        app->deferred_params = g_steal_pointer(&params);
        tv_app_status(app, false, "%s: reading what %s offers...", a->label,
                      tv_app_host_label(app, host_id));
        return;
    }
    if (from_line && params) {
        tv_param_ctx ctx = { .snap = snap };
        g_autoptr(GPtrArray) problems = tv_param_values_check(params, &ctx);
        if (problems->len == 0) {
            g_autofree char *name = g_strdup(tv_param_values_text(params, "name"));
            tv_dispatch_on(app, a, host_id, name, g_steal_pointer(&params));
            return;
        }
    }
    tv_app_open_form(app, a, host_id, NULL, NULL, g_steal_pointer(&params));
}

void
tv_dispatch_confirm(tv_app *app, unsigned opts)
{
    if (app->pending.action)
        pending_run(app, opts);
}

/* Keys of the marked domains the user can see (a filter may hide marked rows). */
static GPtrArray *
marked_keys(tv_app *app)
{
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    if (g_hash_table_size(app->marked) == 0 || app->view != TV_VIEW_DOMAINS)
        return keys;
    for (guint i = 0; i < app->domains.rows->len; i++) {
        const tv_row *r = tv_list_row(&app->domains, i);
        g_autofree char *key = tv_app_domain_key(r->snap, &r->snap->domains[r->index]);
        if (g_hash_table_contains(app->marked, key))
            g_ptr_array_add(keys, g_steal_pointer(&key));
    }
    return keys;
}

/* The question of the confirmation dialog, with what the worker found out. */
static void
update_dialog_text(tv_app *app)
{
    const tv_action *a = app->pending.action;
    g_autoptr(GString) names = g_string_new(NULL);
    g_autoptr(GString) text = g_string_new(NULL);
    g_autofree char *what = NULL;
    unsigned running = 0;

    for (guint i = 0; i < app->pending.keys->len; i++) {
        const tv_host_snapshot *snap;
        const tv_domain *d;
        if (!tv_app_resolve_key(app, app->pending.keys->pdata[i], &snap, &d))
            continue;
        /* With several hosts a name alone may not say which domain it is. */
        if (app->snaps->len > 1)
            g_string_append_printf(names, "%s'%s' on %s", names->len ? ", " : "", d->name,
                                   tv_labels_get(app->labels, snap));
        else
            g_string_append_printf(names, "%s'%s'", names->len ? ", " : "", d->name);
        running += tv_dom_state_active(d->state);
    }
    what = app->pending.keys->len == 1
               ? g_strdup(names->str)
               : g_strdup_printf("%u domains (%s)", app->pending.keys->len, names->str);
    /* The format comes from the action table, never from input. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    g_string_append_printf(text, a->confirm, what);
#pragma GCC diagnostic pop
    if ((a->flags & TV_ACTION_STOPS) && running > 0)
        g_string_append_printf(text, "\n%s running: %s forced off first.",
                               app->pending.keys->len == 1 ? "It is" : running == 1
                                                                           ? "One is"
                                                                           : "Some are",
                               running == 1 ? "it is" : "they are");
    if (app->pending.preview_request)
        g_string_append_printf(text, "\n%s", app->pending.preview ? app->pending.preview
                                                                  : "Looking at its storage...");
    if (app->pending.skipped && app->pending.skipped->outcomes->len) {
        g_autofree char *skipped = tv_action_report_summary(app->pending.skipped);
        g_string_append_printf(text, "\nLeft out: %s",
                               strchr(skipped, ';') ? strchr(skipped, ';') + 2 : skipped);
    }
    g_free(app->dialog_text);
    app->dialog_text = g_strdup(text->str);
    app->dirty = true;
}

static const char *
device_words(unsigned devices)
{
    if (devices == TV_DEVICE_BIT(TV_DEVICE_NIC))
        return "a network interface";
    if (devices == TV_DEVICE_BIT(TV_DEVICE_CDROM))
        return "a CD-ROM drive";
    if (devices & TV_DEVICE_BIT(TV_DEVICE_NIC))
        return "a disk or network interface";
    return "a disk";
}

/*
 * Opens a's form on the one domain of keys (taken); a device action's form
 * starts with the device under the Hardware tab's cursor.
 */
static void
open_form_for(tv_app *app, const tv_action *a, GPtrArray *keys)
{
    const tv_host_snapshot *snap;
    const tv_domain *d;
    tv_param_values *values = tv_param_values_new(a->params, a->n_params);

    if (!tv_app_resolve_key(app, keys->pdata[0], &snap, &d)) {
        g_ptr_array_unref(keys);
        tv_param_values_free(values);
        return;
    }
    if (a->devices && a->device_param) {
        g_autofree char *id = NULL;
        g_autofree char *error = NULL;
        tv_device_kind kind = tv_app_current_device(app, &id);
        if (!(a->devices & TV_DEVICE_BIT(kind))) {
            tv_app_status(app, true, "%s works on %s: choose one in Details, Hardware "
                                     "(Enter, then Tab) or say %s= on the ':' line",
                          a->label, device_words(a->devices), a->device_param);
            g_ptr_array_unref(keys);
            tv_param_values_free(values);
            return;
        }
        tv_param_values_set(values, a->device_param, id, &error);
    }
    tv_app_open_form(app, a, snap->host_id, d->name, keys, values);
}

/*
 * A host parameter besides the wizard's own host= (domain-migrate's dest)
 * names a connected host by the label the screens show: the action gets
 * its URI, which is what libvirt connects to.
 */
void
tv_dispatch_labels_to_uris(tv_app *app, tv_param_values *values)
{
    for (size_t i = 0; values && i < tv_param_values_count(values); i++) {
        const tv_param *p = tv_param_values_param(values, i);
        const char *text = tv_param_values_text(values, p->name);
        if (p->kind != TV_PARAM_HOST || strcmp(p->name, "host") == 0 || !text)
            continue;
        for (guint k = 0; k < app->snaps->len; k++) {
            const tv_host_snapshot *s = app->snaps->pdata[k];
            if (strcmp(tv_labels_get(app->labels, s), text) == 0 && s->uri) {
                g_autofree char *uri = g_strdup(s->uri);
                g_autofree char *error = NULL;
                tv_param_values_set(values, p->name, uri, &error);
                break;
            }
        }
    }
}

void
tv_dispatch_action(tv_app *app, const tv_action *a, GPtrArray *given,
                   tv_param_values *given_params)
{
    g_autoptr(tv_param_values) params = given_params;
    g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) candidates = given ? given : marked_keys(app);
    bool from_marks = !given && candidates->len > 0;
    tv_action_report *skipped = tv_action_report_new(a, 0);

    if (a->target != TV_TARGET_DOMAIN) {
        tv_action_report_free(skipped);
        tv_app_status(app, true, "%s does not apply here", a->name);
        return;
    }
    if (candidates->len == 0) {
        const tv_host_snapshot *snap = NULL;
        const tv_domain *d = tv_app_current_domain(app, &snap);
        if (!d) {
            tv_action_report_free(skipped);
            tv_app_status(app, true, "%s: no domain here", a->label);
            return;
        }
        g_ptr_array_add(candidates, tv_app_domain_key(snap, d));
    }
    for (guint i = 0; i < candidates->len; i++) {
        const tv_host_snapshot *snap;
        const tv_domain *d;
        const char *why = NULL;
        if (!tv_app_resolve_key(app, candidates->pdata[i], &snap, &d))
            continue;
        if (!tv_action_can_run(a, snap, d, &why)) {
            tv_action_report_add(skipped, TV_OUTCOME_SKIPPED, tv_labels_get(app->labels, snap),
                                 d->name, why);
            continue;
        }
        g_ptr_array_add(keys, g_strdup(candidates->pdata[i]));
        g_ptr_array_add(names, g_strdup(d->name));
    }
    if (a->flags & TV_ACTION_VIEW) {
        /* A screen of its own, for one domain. */
        const tv_host_snapshot *snap;
        const tv_domain *d;
        if (keys->len == 0) {
            g_autofree char *why = tv_action_report_summary(skipped);
            tv_app_status(app, true, "%s", why);
        } else if (tv_app_resolve_key(app, keys->pdata[0], &snap, &d)) {
            tv_app_open_console(app, snap, d);
        }
        tv_action_report_free(skipped);
        return;
    }
    if (!params && (a->flags & TV_ACTION_FORM) && keys->len == 1 && !from_marks) {
        /* Its parameters come first: the form, with the device under the cursor. */
        open_form_for(app, a, g_steal_pointer(&keys));
        tv_action_report_free(skipped);
        return;
    }
    tv_dispatch_labels_to_uris(app, params);
    pending_clear(app);
    app->pending.action = a;
    app->pending.keys = g_steal_pointer(&keys);
    app->pending.names = g_steal_pointer(&names);
    app->pending.skipped = skipped;
    app->pending.from_marks = from_marks;
    app->pending.params = g_steal_pointer(&params);
    if (!(a->flags & TV_ACTION_CONFIRM) || app->pending.keys->len == 0) {
        pending_run(app, 0);
        return;
    }
    if (a->preview && app->pending.keys->len == 1) {
        const tv_host_snapshot *snap;
        const tv_domain *d;
        if (tv_app_resolve_key(app, app->pending.keys->pdata[0], &snap, &d)) {
            app->pending.preview_request = ++app->next_request; /* an answer, not a request */
            tv_action_preview(tv_app_host(app, snap->host_id), a,
                              app->pending.preview_request, tv_labels_get(app->labels, snap),
                              d->uuid_str, d->name, NULL);
        }
    }
    update_dialog_text(app);
    app->dialog = (a->flags & TV_ACTION_ASK_STORAGE) ? TV_DIALOG_DELETE : TV_DIALOG_CONFIRM;
}

/* A preview came back: for the open confirmation dialog, or too late (dropped). */
static void
take_preview(tv_app *app, const tv_message *m)
{
    const tv_action_report *r = m->payload;
    if (app->form && m->request == app->form->preview_request && r->outcomes->len) {
        const tv_outcome *o = &g_array_index(r->outcomes, tv_outcome, 0);
        tv_form_take_preview(app->form, tv_app_snapshot(app, app->form->host_id),
                             o->detail ? o->detail : "", o->kind != TV_OUTCOME_OK);
        app->dirty = true;
        return;
    }
    if (!app->pending.action || m->request != app->pending.preview_request)
        return;
    if (r->outcomes->len) {
        const tv_outcome *o = &g_array_index(r->outcomes, tv_outcome, 0);
        g_free(app->pending.preview);
        app->pending.preview = g_strdup(o->detail ? o->detail : "");
    }
    update_dialog_text(app);
}

void
tv_dispatch_take_messages(tv_app *app)
{
    tv_message m;
    /* Results that arrive together are shown together, failures first, so a
     * success on one host cannot hide a failure on another. */
    g_autoptr(GString) errors = g_string_new(NULL);
    g_autoptr(GString) infos = g_string_new(NULL);

    app->status_errors = errors;
    app->status_infos = infos;
    while (tv_message_pop(&m)) {
        if (m.request && m.payload) {
            if (((const tv_action_report *)m.payload)->preview)
                take_preview(app, &m);
            else
                request_feed(app, m.request, m.payload);
        } else {
            tv_app_log(app, m.level == TV_MSG_ERROR, tv_app_host_label(app, m.host_id), true,
                       "%s", m.text);
        }
        tv_message_clear(&m);
    }
    app->status_errors = app->status_infos = NULL;
    if (errors->len)
        tv_app_status(app, true, "%s%s%s", errors->str, infos->len ? " | " : "", infos->str);
    else if (infos->len)
        tv_app_status(app, false, "%s", infos->str);
}

void
tv_dispatch_free(tv_app *app)
{
    pending_clear(app);
    g_clear_pointer(&app->requests, g_hash_table_unref);
    g_clear_pointer(&app->watches, g_ptr_array_unref);
    g_clear_pointer(&app->console_uuid, g_free);
    g_clear_pointer(&app->deferred_params, tv_param_values_free);
}

GPtrArray *
tv_dispatch_watches_new(void)
{
    return g_ptr_array_new_with_free_func(watch_free);
}

GHashTable *
tv_dispatch_requests_new(void)
{
    return g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, request_free);
}
