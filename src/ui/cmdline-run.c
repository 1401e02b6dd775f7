/*
 * Running what the user typed on the ':' line: :connect and :disconnect,
 * UI commands, and actions with their targets.  A bare word after an
 * action names its target by name or UUID, on whichever connected host
 * has it; host= narrows it to one host, and a name on several hosts asks
 * which.  A name that was given is never replaced by the cursor's domain.
 * Also the line's Tab completion and history.
 */
#include "config.h"

#include <string.h>

#include "actions/param.h"
#include "ui/dispatch.h"
#include "ui/labels.h"
#include "ui/views.h"

static const char *const line_commands[] = { "connect", "disconnect", "quit", "q" };

/* ---- hosts added and dropped while running -------------------------------- */

static void
connect_host(tv_app *app, const char *uri)
{
    tv_host_config hc = {
        .uri = uri,
        .readonly = app->readonly,
        .interval_s = app->interval_s,
        .wants = TV_WANT_ALL,
        .announce = true, /* "Connecting to..." is replaced by how it went */
    };
    tv_host *h;
    for (guint i = 0; i < app->hosts->len; i++) {
        if (g_strcmp0(tv_host_label(app->hosts->pdata[i]), uri) == 0) {
            tv_app_status(app, true, "Already connected to %s", uri);
            return;
        }
    }
    h = tv_host_new(&hc);
    g_ptr_array_add(app->hosts, h);
    tv_host_start(h);
    tv_app_sync_snapshots(app);
    tv_app_status(app, false, "Connecting to %s...", uri);
}

/*
 * The host text names: a label (any case) first, since labels are unique;
 * else a URI; else libvirt's hostname, which two hosts may share (a system
 * and a session URI on one machine).  0 when none does; *several is set
 * when the hostname fits more than one.
 */
static unsigned
resolve_host(const tv_app *app, const char *text, bool *several)
{
    unsigned by_uri = 0, by_hostname = 0;
    *several = false;
    for (guint i = 0; i < app->snaps->len; i++) {
        const tv_host_snapshot *s = app->snaps->pdata[i];
        if (g_ascii_strcasecmp(tv_labels_get(app->labels, s), text) == 0)
            return s->host_id;
        if (!by_uri && g_strcmp0(s->uri, text) == 0)
            by_uri = s->host_id;
        if (s->hostname && g_strcmp0(s->hostname, text) == 0) {
            *several = *several || by_hostname != 0;
            by_hostname = by_hostname ? by_hostname : s->host_id;
        }
    }
    if (by_uri) {
        *several = false;
        return by_uri;
    }
    return *several ? 0 : by_hostname;
}

/* The host the cursor is on in the current view. */
static tv_host *
cursor_host(tv_app *app)
{
    const tv_host_snapshot *snap = NULL;
    if (app->view == TV_VIEW_HOSTS && app->snaps->len > 0) {
        snap = app->snaps->pdata[MIN((guint)app->host_tbl.cursor, app->snaps->len - 1)];
    } else if (!tv_app_current_domain(app, &snap)) {
        snap = app->snaps->len == 1 ? app->snaps->pdata[0] : NULL;
    }
    return snap ? tv_app_host(app, snap->host_id) : NULL;
}

static void
disconnect_host(tv_app *app, const char *which)
{
    tv_host *h = NULL;
    g_autofree char *label = NULL;
    if (which && *which) {
        unsigned id = tv_labels_find(app->labels, which);
        for (guint i = 0; i < app->hosts->len; i++) {
            if (g_strcmp0(tv_host_label(app->hosts->pdata[i]), which) == 0 ||
                tv_host_id(app->hosts->pdata[i]) == id)
                h = app->hosts->pdata[i];
        }
        if (!h) {
            tv_app_status(app, true, "No host %s is connected", which);
            return;
        }
    } else if (!(h = cursor_host(app))) {
        tv_app_status(app, true, "Which host? Say :disconnect HOST (its label or URI)");
        return;
    }
    {
        const tv_host_snapshot *s = tv_app_snapshot(app, tv_host_id(h));
        label = s ? g_strdup_printf("%s (%s)", tv_labels_get(app->labels, s), tv_host_label(h))
                  : g_strdup(tv_host_label(h));
    }
    g_ptr_array_remove(app->hosts, h);
    /* Never waits: a worker stuck on a hung host finishes on its own. */
    tv_host_free(h);
    tv_app_sync_snapshots(app);
    if (app->view == TV_VIEW_DETAILS && !tv_app_snapshot(app, app->det_host))
        tv_app_show(app, TV_VIEW_DOMAINS, false);
    tv_app_log(app, false, NULL, true, "Disconnected from %s", label);
}

/* ---- actions with targets ------------------------------------------------- */

/*
 * Keys of the domains called word (by name or UUID) on the connected hosts,
 * or on host host_id only (0: any); the labels of their hosts go to hosts.
 * Hosts that have not listed their domains yet go to loading.
 */
static void
find_domains(tv_app *app, const char *word, unsigned host_id, GPtrArray *keys,
             GPtrArray *hosts, GString *loading)
{
    for (guint i = 0; i < app->snaps->len; i++) {
        const tv_host_snapshot *s = app->snaps->pdata[i];
        if (host_id && s->host_id != host_id)
            continue;
        if (s->state != TV_HOST_CONNECTED || s->taken_at_us <= 0) {
            g_string_append_printf(loading, "%s%s", loading->len ? ", " : "",
                                   tv_labels_get(app->labels, s));
            continue;
        }
        for (size_t k = 0; k < s->n_domains; k++) {
            const tv_domain *d = &s->domains[k];
            if (strcmp(d->name, word) != 0 && g_ascii_strcasecmp(d->uuid_str, word) != 0)
                continue;
            g_ptr_array_add(keys, tv_app_domain_key(s, d));
            g_ptr_array_add(hosts, g_strdup(tv_labels_get(app->labels, s)));
        }
    }
}

/* Forgets a resolution in progress. */
static void
pick_clear(tv_app *app)
{
    g_clear_pointer(&app->pick_hosts, g_ptr_array_unref);
    g_clear_pointer(&app->pick_keys, g_ptr_array_unref);
    g_clear_pointer(&app->pick_words, g_ptr_array_unref);
    g_clear_pointer(&app->pick_done, g_ptr_array_unref);
    g_clear_pointer(&app->pick_params, tv_param_values_free);
    app->pick_action = NULL;
}

static void finish_action(tv_app *app, const tv_action *a, GPtrArray *keys,
                          tv_param_values *params);

/*
 * Resolves the names of a ':' line one after the other (app->pick_*): a
 * name on one host is taken, one on several stops to ask which (the
 * dialog's answer resumes here with the next name), one nowhere ends it
 * all with an error.  When every name has its domain, the action runs.
 */
static void
resolve_names(tv_app *app)
{
    while (app->pick_next < app->pick_words->len) {
        const char *word = app->pick_words->pdata[app->pick_next];
        g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GPtrArray) hosts = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GString) loading = g_string_new(NULL);
        find_domains(app, word, app->pick_host_id, found, hosts, loading);
        if (found->len == 0) {
            const tv_host_snapshot *only = app->pick_host_id
                                               ? tv_app_snapshot(app, app->pick_host_id)
                                               : NULL;
            tv_app_status(app, true, "No domain '%s' on %s%s%s%s", word,
                          only ? tv_labels_get(app->labels, only) : "any connected host",
                          loading->len ? " (not listed yet: " : "", loading->str,
                          loading->len ? ")" : "");
            pick_clear(app);
            return;
        }
        if (found->len > 1) {
            app->pick_hosts = g_steal_pointer(&hosts);
            app->pick_keys = g_steal_pointer(&found);
            g_free(app->dialog_text);
            app->dialog_text = g_strdup_printf("'%s' is on %u hosts. Which one?", word,
                                               app->pick_hosts->len);
            app->dialog_tbl = (tv_table){ 0 };
            tv_table_fit(&app->dialog_tbl, (int)app->pick_hosts->len,
                         (int)app->pick_hosts->len);
            app->dialog = TV_DIALOG_PICK_HOST;
            app->dirty = true;
            return;
        }
        g_ptr_array_add(app->pick_done, g_strdup(found->pdata[0]));
        app->pick_next++;
    }
    {
        const tv_action *a = app->pick_action;
        GPtrArray *keys = g_steal_pointer(&app->pick_done);
        tv_param_values *params = g_steal_pointer(&app->pick_params);
        pick_clear(app);
        finish_action(app, a, keys, params);
    }
}

/* Checks what the line gave against the target's host: the problems, or NULL. */
static GPtrArray *
check_params(tv_param_values *params, const tv_host_snapshot *snap, const char *target)
{
    tv_param_ctx ctx = { .snap = snap, .target = target };
    GPtrArray *problems = tv_param_values_check(params, &ctx);
    if (problems->len == 0)
        g_clear_pointer(&problems, g_ptr_array_unref);
    return problems;
}

/*
 * The targets are known: run, or, when a field is missing or wrong, open
 * the action's form with what the line gave, so the user finishes there.
 */
static void
finish_action(tv_app *app, const tv_action *a, GPtrArray *keys, tv_param_values *params)
{
    const tv_host_snapshot *snap = NULL;
    const tv_domain *d = NULL;
    g_autoptr(GPtrArray) problems = NULL;

    if (a->n_params > 0 && keys && keys->len == 1 &&
        tv_app_resolve_key(app, keys->pdata[0], &snap, &d)) {
        if (!params)
            params = tv_param_values_new(a->params, a->n_params);
        if ((problems = check_params(params, snap, d->name))) {
            tv_app_open_form(app, a, snap->host_id, d->name, keys, params);
            return;
        }
    }
    tv_dispatch_action(app, a, keys, params);
}

/* The hosts with a pool called word (host_id 0: any). */
static void
find_pools(tv_app *app, const char *word, unsigned host_id, GArray *hosts)
{
    for (guint i = 0; i < app->snaps->len; i++) {
        const tv_host_snapshot *s = app->snaps->pdata[i];
        if ((host_id && s->host_id != host_id) || !s->storage)
            continue;
        for (size_t k = 0; k < s->storage->n; k++) {
            if (strcmp(s->storage->pools[k].name, word) == 0)
                g_array_append_val(hosts, s->host_id);
        }
    }
}

/* An action on a pool: ':volume-create images name=new size=10G'. */
static void
run_pool_action(tv_app *app, const tv_action *a, GPtrArray *words, unsigned host_id,
                tv_param_values *params)
{
    g_autoptr(GArray) hosts = g_array_new(FALSE, FALSE, sizeof(unsigned));
    g_autoptr(GPtrArray) problems = NULL;
    const char *pool = words->len ? words->pdata[0] : NULL;
    unsigned id;

    if (!pool) {
        tv_param_values_free(params);
        tv_app_status(app, true, "%s: say which pool (e.g. :%s images)", a->name, a->name);
        return;
    }
    find_pools(app, pool, host_id, hosts);
    if (hosts->len != 1) {
        tv_param_values_free(params);
        if (hosts->len)
            tv_app_status(app, true, "pool '%s' is on %u hosts: add host=LABEL", pool,
                          hosts->len);
        else
            tv_app_status(app, true, "No pool '%s' on %s", pool,
                          host_id ? tv_app_host_label(app, host_id) : "any connected host");
        return;
    }
    id = g_array_index(hosts, unsigned, 0);
    problems = check_params(params, tv_app_snapshot(app, id), pool);
    if (problems)
        tv_app_open_form(app, a, id, pool, NULL, params); /* finish it there */
    else
        tv_dispatch_on(app, a, id, pool, params);
}

static void
run_action(tv_app *app, const tv_action *a, const tv_cmdline *c)
{
    const char *host = tv_cmdline_get(c, "host");
    const char *target = tv_action_target_name(a);
    unsigned host_id = 0;
    g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GString) unknown = g_string_new(NULL);
    g_autoptr(tv_param_values) params = tv_param_values_new(a->params, a->n_params);

    for (guint i = 0; i < c->keys->len; i++) {
        const char *k = c->keys->pdata[i];
        g_autofree char *error = NULL;
        if (target && strcmp(k, target) == 0) {
            g_ptr_array_add(words, g_strdup(c->values->pdata[i]));
        } else if (strcmp(k, "host") != 0 &&
                   !tv_param_values_set(params, k, c->values->pdata[i], &error) &&
                   !tv_param_values_find(params, k)) {
            /* A value that does not parse is the form's to fix; an unknown name is not. */
            g_string_append_printf(unknown, "%s%s", unknown->len ? "; " : "", error);
        }
    }
    if (unknown->len) {
        tv_app_status(app, true, "%s: %s", a->name, unknown->str);
        return;
    }
    for (guint i = 0; i < c->args->len; i++)
        g_ptr_array_add(words, g_strdup(c->args->pdata[i]));
    if (host) {
        bool several;
        host_id = resolve_host(app, host, &several);
        if (!host_id) {
            tv_app_status(app, true, several ? "host=%s names several hosts: give its label"
                                             : "host=%s: no such host is connected",
                          host);
            return;
        }
    }
    if (a->target == TV_TARGET_POOL) {
        run_pool_action(app, a, words, host_id, g_steal_pointer(&params));
        return;
    }
    if (a->target == TV_TARGET_HOST) {
        /* ':domain-create web01 memory=1G': a bare word is the name of what it makes. */
        g_autofree char *error = NULL;
        if (words->len == 1 && tv_param_values_find(params, "name") &&
            !tv_param_values_given(params, "name"))
            tv_param_values_set(params, "name", words->pdata[0], &error);
        else if (words->len > 0) {
            tv_app_status(app, true, "%s: one name at most ('%s'?)", a->name,
                          (char *)words->pdata[words->len - 1]);
            return;
        }
        app->deferred_until_us = g_get_monotonic_time() + TV_DEFER_US;
        tv_dispatch_host_action(app, a, host_id, g_steal_pointer(&params), true);
        return;
    }
    if (words->len == 0) {
        if (host) {
            tv_app_status(app, true, "%s: say which domain on %s", a->name, host);
            return;
        }
        /* the marked domains or the cursor's */
        tv_dispatch_action(app, a, NULL, c->keys->len ? g_steal_pointer(&params) : NULL);
        return;
    }
    pick_clear(app);
    app->pick_params = g_steal_pointer(&params);
    app->pick_action = a;
    app->pick_host_id = host_id;
    app->pick_words = g_steal_pointer(&words);
    app->pick_next = 0;
    app->pick_done = g_ptr_array_new_with_free_func(g_free);
    resolve_names(app);
}

void
tv_app_pick_host(tv_app *app, int choice)
{
    bool chosen = app->pick_keys && choice >= 0 && (guint)choice < app->pick_keys->len;
    g_clear_pointer(&app->dialog_text, g_free);
    app->dialog = TV_DIALOG_NONE;
    app->dirty = true;
    if (!chosen || !app->pick_done) {
        pick_clear(app);
        return;
    }
    g_ptr_array_add(app->pick_done, g_strdup(app->pick_keys->pdata[choice]));
    g_clear_pointer(&app->pick_hosts, g_ptr_array_unref);
    g_clear_pointer(&app->pick_keys, g_ptr_array_unref);
    app->pick_next++;
    resolve_names(app);
}

void
tv_app_pick_free(tv_app *app)
{
    pick_clear(app);
}

void
tv_app_run_line(tv_app *app, const char *line)
{
    g_autofree char *text = g_strstrip(g_strdup(line));
    g_autofree char *error = NULL;
    g_autoptr(tv_cmdline) c = NULL;
    char *rest = text + strcspn(text, " ");
    const tv_action *a;
    tv_cmd cmd;

    if (!*text)
        return;
    tv_history_add(&app->history, text);
    /* A URI is taken as typed: it may hold characters a shell would split on. */
    if (g_str_has_prefix(text, "connect") && (text[7] == ' ' || !text[7])) {
        g_strstrip(rest);
        if (!*rest)
            tv_app_status(app, true, "Usage: :connect URI");
        else
            connect_host(app, rest);
        return;
    }
    if (g_str_has_prefix(text, "disconnect") && (text[10] == ' ' || !text[10])) {
        /* Completion quotes a label with spaces; a URI typed bare stays as typed. */
        g_autofree char *unquoted = g_shell_unquote(g_strstrip(rest), NULL);
        disconnect_host(app, unquoted && *unquoted ? unquoted : rest);
        return;
    }
    if (strcmp(text, "?") == 0 || strcmp(text, "help") == 0) {
        tv_app_show_all_commands(app);
        return;
    }
    if (!(c = tv_cmdline_parse(text, &error))) {
        tv_app_status(app, true, "Cannot read the command: %s", error);
        return;
    }
    if (strcmp(c->command, "q") == 0 || strcmp(c->command, "quit") == 0) {
        tv_app_run_command(app, TV_CMD_QUIT);
    } else if ((a = tv_action_find(c->command))) {
        run_action(app, a, c);
    } else if ((cmd = tv_ui_command_find(c->command)) != TV_CMD_LAST) {
        if (c->args->len || c->keys->len)
            tv_app_status(app, true, "%s takes no arguments", c->command);
        else
            tv_app_run_command(app, cmd);
    } else {
        tv_app_status(app, true, "Unknown command '%s' (:? lists them)", c->command);
    }
}

/* ---- completion ----------------------------------------------------------- */

static void
add_unique(GPtrArray *words, GHashTable *seen, char *w)
{
    if (g_hash_table_add(seen, w))
        g_ptr_array_add(words, w);
    else
        g_free(w);
}

/* Candidates for the word being typed at the end of line (g_free each). */
static GPtrArray *
candidates(tv_app *app, const char *line)
{
    GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    int index = tv_cmdline_word_index(line);
    g_autofree char *first = g_strndup(line, strcspn(line, " "));
    const tv_action *a = index > 0 ? tv_action_find(first) : NULL;
    size_t n;

    if (index == 0) {
        const tv_action *const *actions = tv_action_table(&n);
        for (size_t i = 0; i < n; i++)
            add_unique(words, seen, g_strdup(actions[i]->name));
        for (int c = 0; c < TV_CMD_LAST; c++)
            add_unique(words, seen, g_strdup(tv_ui_command_get((tv_cmd)c)->name));
        for (size_t i = 0; i < G_N_ELEMENTS(line_commands); i++)
            add_unique(words, seen, g_strdup(line_commands[i]));
        return words;
    }
    if (strcmp(first, "disconnect") == 0) {
        for (guint i = 0; i < app->snaps->len; i++)
            add_unique(words, seen, g_strdup(tv_labels_get(app->labels, app->snaps->pdata[i])));
        return words;
    }
    if (a && a->target == TV_TARGET_DOMAIN) {
        for (guint i = 0; i < app->snaps->len; i++) {
            const tv_host_snapshot *s = app->snaps->pdata[i];
            add_unique(words, seen,
                       g_strdup_printf("host=%s", tv_labels_get(app->labels, s)));
            for (size_t k = 0; k < s->n_domains; k++) {
                const char *name = s->domains[k].name;
                /* "vm=1" would read as a parameter: such a name goes as domain=NAME. */
                add_unique(words, seen, tv_cmdline_looks_like_param(name)
                                            ? g_strdup_printf("domain=%s", name)
                                            : g_strdup(name));
            }
        }
    }
    return words;
}

void
tv_app_complete_line(tv_app *app)
{
    const char *line = app->edit.text->str;
    g_autoptr(GPtrArray) words = NULL;
    g_autoptr(GPtrArray) matches = NULL;
    g_autofree char *done = NULL;

    if (app->edit.cursor != app->edit.text->len)
        return; /* completion works at the end of the line */
    words = candidates(app, line);
    done = tv_cmdline_complete(line, (const char *const *)words->pdata, words->len, &matches);
    g_clear_pointer(&app->edit_hint, g_free);
    app->dirty = true;
    if (!done) {
        app->edit_hint = g_strdup("(no match)");
        return;
    }
    tv_lineedit_clear(&app->edit);
    tv_lineedit_init(&app->edit, done);
    if (matches) {
        g_autoptr(GString) list = g_string_new(NULL);
        for (guint i = 0; i < matches->len; i++)
            g_string_append_printf(list, "%s%s", i ? "  " : "", (char *)matches->pdata[i]);
        app->edit_hint = g_string_free(g_steal_pointer(&list), FALSE);
    }
}
