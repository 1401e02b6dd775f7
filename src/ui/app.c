/*
 * The UI thread: curses set-up, the main loop and key dispatch (the frame
 * around the views is drawn by frame.c).
 *
 * The loop sleeps in poll() on the terminal, a SIGWINCH self-pipe and the
 * back end's wake pipe.  Input and new snapshots only mark the frame dirty;
 * each pass ends with at most one repaint and one doupdate(), and curses
 * sends only the cells that changed, so an idle screen costs no bytes.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <curses.h>

#include "model/job.h"
#include "model/messages.h"
#include "ui/app.h"
#include "ui/dispatch.h"
#include "ui/draw.h"
#include "ui/editor.h"
#include "ui/form.h"
#include "ui/layout.h"
#include "ui/views.h"

/* Signals reach the loop through this pipe: 'w' for SIGWINCH, 'i' for SIGINT. */
static int winch_pipe[2] = { -1, -1 };

static void
on_signal(int sig)
{
    int saved = errno;
    if (winch_pipe[1] >= 0) {
        ssize_t n = write(winch_pipe[1], sig == SIGINT ? "i" : "w", 1);
        (void)n;
    }
    errno = saved;
}

static void
on_fatal(int sig)
{
    /* Leave the terminal usable before dying. */
    endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}

static const tv_view *const views[] = {
    [TV_VIEW_HOSTS] = &tv_view_hosts,       [TV_VIEW_DOMAINS] = &tv_view_domains,
    [TV_VIEW_STORAGE] = &tv_view_storage,   [TV_VIEW_NETWORKS] = &tv_view_networks,
    [TV_VIEW_DETAILS] = &tv_view_details,   [TV_VIEW_VOLUMES] = &tv_view_volumes,
    [TV_VIEW_HELP] = &tv_view_help,         [TV_VIEW_CONSOLE] = &tv_view_console,
    [TV_VIEW_MESSAGES] = &tv_view_messages,
    [TV_VIEW_MIGRATIONS] = &tv_view_migrations,
};
G_STATIC_ASSERT(G_N_ELEMENTS(views) == TV_VIEW_LAST);

const tv_view *
tv_app_view(tv_view_id id)
{
    return views[id];
}

/* ---- lookups ------------------------------------------------------------- */

const tv_host_snapshot *
tv_app_snapshot(const tv_app *app, unsigned host_id)
{
    for (guint i = 0; i < app->snaps->len; i++) {
        const tv_host_snapshot *s = app->snaps->pdata[i];
        if (s->host_id == host_id)
            return s;
    }
    return NULL;
}

tv_host *
tv_app_host(const tv_app *app, unsigned host_id)
{
    for (guint i = 0; i < app->hosts->len; i++) {
        if (tv_host_id(app->hosts->pdata[i]) == host_id)
            return app->hosts->pdata[i];
    }
    return NULL;
}

char *
tv_app_domain_key(const tv_host_snapshot *snap, const tv_domain *d)
{
    return g_strdup_printf("%u/%s", snap->host_id, d->uuid_str);
}

bool
tv_app_resolve_key(const tv_app *app, const char *key, const tv_host_snapshot **snap,
                   const tv_domain **d)
{
    char *end = NULL;
    unsigned long id = strtoul(key, &end, 10);
    const tv_host_snapshot *s;
    if (!end || *end != '/')
        return false;
    s = tv_app_snapshot(app, (unsigned)id);
    if (!s)
        return false;
    *d = tv_host_snapshot_find(s, end + 1);
    *snap = s;
    return *d != NULL;
}

void
tv_app_status(tv_app *app, bool error, const char *fmt, ...)
{
    va_list ap;
    g_free(app->status);
    va_start(ap, fmt);
    app->status = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    app->status_error = error;
    app->dirty = true;
}

bool
tv_app_move(tv_table *t, tv_cmd cmd, bool scroll)
{
    tv_move move;
    if (!tv_cmd_move(cmd, &move))
        return false;
    if (scroll)
        tv_table_scroll(t, move);
    else
        tv_table_move(t, move);
    return true;
}

void
tv_app_draw_header(const tv_app *app, int y, const tv_column *cols, size_t n)
{
    tv_draw_fill(y, 0, app->cols, TV_EL_HEADER);
    for (size_t c = 0; c < n; c++) {
        if (cols[c].shown)
            tv_draw_text(y, cols[c].x, cols[c].width, cols[c].title,
                         cols[c].right ? TV_ALIGN_RIGHT : TV_ALIGN_LEFT, TV_EL_HEADER);
    }
}

/* Lines the status message takes: long messages (libvirt errors with paths) wrap to 3. */
int
tv_app_status_lines(const tv_app *app)
{
    g_autoptr(GPtrArray) lines = NULL;
    if (app->edit_mode != TV_EDIT_OFF || !app->status || app->cols < 1 ||
        tv_text_width(app->status) <= app->cols)
        return 1;
    lines = tv_text_wrap(app->status, app->cols);
    return CLAMP((int)lines->len, 1, 3);
}

bool
tv_app_inventory_pending(const tv_app *app, bool storage)
{
    for (guint i = 0; i < app->snaps->len; i++) {
        const tv_host_snapshot *s = app->snaps->pdata[i];
        if (s->state == TV_HOST_CONNECTED && !(storage ? (void *)s->storage : (void *)s->networks))
            return true;
    }
    return false;
}

int
tv_app_body_rows(const tv_app *app)
{
    /* title, column header, status, hints */
    return MAX(app->rows - 3 - tv_app_status_lines(app), 1);
}

tv_el
tv_app_state_el(tv_dom_state s)
{
    switch (s) {
    case TV_DOM_RUNNING:
    case TV_DOM_BLOCKED: return TV_EL_RUNNING;
    case TV_DOM_PAUSED:
    case TV_DOM_PMSUSPENDED:
    case TV_DOM_SHUTDOWN: return TV_EL_PAUSED;
    case TV_DOM_CRASHED: return TV_EL_CRASHED;
    default: return TV_EL_SHUTOFF;
    }
}

const tv_domain *
tv_app_current_domain(const tv_app *app, const tv_host_snapshot **snap)
{
    if (app->view == TV_VIEW_DETAILS || (app->view == TV_VIEW_HELP &&
                                         app->help_for == TV_VIEW_DETAILS)) {
        const tv_host_snapshot *s = tv_app_snapshot(app, app->det_host);
        const tv_domain *d = s ? tv_host_snapshot_find(s, app->det_uuid) : NULL;
        *snap = s;
        return d;
    }
    {
        const tv_row *r = tv_list_current(&app->domains);
        if (!r)
            return NULL;
        *snap = r->snap;
        return &r->snap->domains[r->index];
    }
}

/* ---- views and snapshots -------------------------------------------------- */

static void
rebuild_all(tv_app *app)
{
    for (int i = 0; i < TV_VIEW_LAST; i++) {
        if (views[i]->rebuild)
            views[i]->rebuild(app);
    }
    app->dirty = true;
}

void
tv_app_show(tv_app *app, tv_view_id id, bool push)
{
    if (push && app->view != id)
        g_array_append_val(app->stack, app->view);
    else if (!push)
        g_array_set_size(app->stack, 0);
    app->view = id;
    app->dirty = true;
}

void
tv_app_back(tv_app *app)
{
    if (app->stack->len == 0)
        return;
    app->view = g_array_index(app->stack, tv_view_id, app->stack->len - 1);
    g_array_set_size(app->stack, app->stack->len - 1);
    if (app->view != TV_VIEW_DETAILS && app->det_uuid) {
        tv_host *h = tv_app_host(app, app->det_host);
        if (h)
            tv_host_set_details(h, NULL);
    }
    app->dirty = true;
}

/* Takes the newest snapshot of every host; true when any changed. */
bool
tv_app_sync_snapshots(tv_app *app)
{
    bool changed = app->snaps->len != app->hosts->len;
    GPtrArray *fresh = g_ptr_array_new_with_free_func((GDestroyNotify)tv_host_snapshot_unref);
    for (guint i = 0; i < app->hosts->len; i++) {
        tv_host_snapshot *s = tv_host_snapshot_get(app->hosts->pdata[i]);
        if (!changed) {
            const tv_host_snapshot *old = app->snaps->pdata[i];
            if (old->host_id != s->host_id || old->generation != s->generation)
                changed = true;
        }
        g_ptr_array_add(fresh, s);
    }
    if (!changed) {
        g_ptr_array_unref(fresh);
        return false;
    }
    /* Rows point into the old snapshots: keep them alive until rebuilt. */
    {
        GPtrArray *old = app->snaps;
        app->snaps = fresh;
        tv_labels_update(app->labels, app->hosts, app->snaps); /* sorting goes by label */
        rebuild_all(app);
        tv_dispatch_refresh_dialog(app); /* a question must not outlive its facts */
        tv_app_form_snapshots_changed(app);
        tv_dispatch_console_pending(app);
        tv_dispatch_deferred(app);
        g_ptr_array_unref(old);
    }
    return true;
}

/* ---- keys ----------------------------------------------------------------- */

static void
open_edit(tv_app *app, tv_edit_mode mode, const char *initial)
{
    tv_lineedit_clear(&app->edit);
    tv_lineedit_init(&app->edit, initial);
    app->edit_mode = mode;
    app->dirty = true;
}

void
tv_app_open_edit(tv_app *app, tv_edit_mode mode, const char *initial)
{
    open_edit(app, mode, initial);
}

tv_list *
tv_app_view_list(tv_app *app)
{
    return views[app->view]->list ? views[app->view]->list(app) : NULL;
}

static void
set_filter(tv_app *app, const char *text)
{
    if (tv_app_view_list(app))
        tv_list_set_filter(tv_app_view_list(app), text);
    rebuild_all(app);
}

/* Keys the ':' line handles beyond editing: Tab completes, Up and Down walk the history. */
static bool
command_line_key(tv_app *app, int ch, bool is_char)
{
    const char *line = NULL;
    if (is_char && ch == '\t') {
        tv_app_complete_line(app);
        return true;
    }
    if (!is_char && (ch == KEY_UP || ch == KEY_DOWN)) {
        line = tv_history_move(&app->history, ch == KEY_UP, app->edit.text->str);
        if (line) {
            g_autofree char *copy = g_strdup(line);
            tv_lineedit_clear(&app->edit);
            tv_lineedit_init(&app->edit, copy);
        }
        return true;
    }
    return false;
}

static void
edit_key(tv_app *app, int ch, bool is_char)
{
    tv_edit_result r;
    tv_edit_mode mode = app->edit_mode;
    g_autofree char *text = NULL;

    app->dirty = true;
    if (!(is_char && ch == '\t'))
        g_clear_pointer(&app->edit_hint, g_free);
    if (mode == TV_EDIT_COMMAND && command_line_key(app, ch, is_char))
        return;
    r = tv_lineedit_key(&app->edit, ch, is_char);
    if (mode == TV_EDIT_COMMAND && r == TV_EDIT_CHANGED)
        tv_history_reset(&app->history);
    if (r == TV_EDIT_NONE || r == TV_EDIT_CHANGED) {
        if (mode == TV_EDIT_FILTER)
            set_filter(app, app->edit.text->str);
        return;
    }
    text = g_strdup(app->edit.text->str);
    app->edit_mode = TV_EDIT_OFF;
    tv_lineedit_clear(&app->edit);
    if (mode == TV_EDIT_FILTER) {
        set_filter(app, r == TV_EDIT_ACCEPT ? text : NULL);
        if (tv_app_view_list(app) && tv_app_view_list(app)->filter)
            tv_app_status(app, false, "Filter: %s (/ then Esc clears)", tv_app_view_list(app)->filter);
    } else if (mode == TV_EDIT_SEARCH) {
        if (r == TV_EDIT_ACCEPT && views[app->view]->search)
            views[app->view]->search(app, text);
    } else {
        tv_history_reset(&app->history);
        if (r == TV_EDIT_ACCEPT)
            tv_app_run_line(app, text);
    }
}

static void
switch_screen(tv_app *app, tv_view_id id)
{
    tv_app_show(app, id, false);
    if (app->det_uuid) {
        tv_host *h = tv_app_host(app, app->det_host);
        if (h)
            tv_host_set_details(h, NULL);
    }
}

/* x: the detach action that fits the device under the Hardware tab's cursor. */
static void
detach_device(tv_app *app)
{
    g_autofree char *id = NULL;
    tv_device_kind kind = tv_app_current_device(app, &id);
    size_t n;
    const tv_action *const *actions = tv_action_table(&n);

    if (kind == TV_DEVICE_NONE) {
        tv_app_status(app, true, "Detach works on a disk or network interface: choose one in "
                                 "Details, Hardware (Enter, then Tab)");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (g_str_has_prefix(actions[i]->name, "domain-detach-") &&
            (actions[i]->devices & TV_DEVICE_BIT(kind))) {
            tv_dispatch_action(app, actions[i], NULL, NULL);
            return;
        }
    }
    tv_app_status(app, true, "Nothing detaches this device (%s)", id);
}

/* Quits, or asks first while actions still run (q, :quit and Ctrl+C). */
static void
request_quit(tv_app *app)
{
    unsigned jobs = tv_jobs_running(); /* long actions on threads of their own */
    for (guint i = 0; i < app->hosts->len; i++)
        jobs += tv_host_pending_jobs(app->hosts->pdata[i]);
    if (jobs == 0) {
        app->quit = true;
        return;
    }
    if (app->edit_mode != TV_EDIT_OFF) {
        app->edit_mode = TV_EDIT_OFF;
        tv_lineedit_clear(&app->edit);
    }
    if (app->dialog != TV_DIALOG_NONE && app->dialog != TV_DIALOG_QUIT)
        tv_dispatch_cancel(app);
    g_free(app->dialog_text);
    app->dialog_text = g_strdup_printf("%u action%s still running or queued; quitting "
                                       "drops the queued ones. Quit anyway?",
                                       jobs, jobs == 1 ? " is" : "s are");
    app->dialog = TV_DIALOG_QUIT;
    app->dirty = true;
}

void
tv_app_run_command(tv_app *app, tv_cmd cmd)
{
    static const tv_view_id tabs[] = { TV_VIEW_HOSTS, TV_VIEW_DOMAINS, TV_VIEW_STORAGE,
                                       TV_VIEW_NETWORKS, TV_VIEW_MIGRATIONS };
    const tv_view *v = views[app->view];

    if (v->command && v->command(app, cmd)) {
        app->dirty = true;
        return;
    }
    switch (cmd) {
    case TV_CMD_QUIT:
        request_quit(app);
        break;
    case TV_CMD_HELP:
        if (app->view != TV_VIEW_HELP) {
            app->help_for = app->view;
            app->help_all = false;
            tv_pagerview_reset(&app->help_page);
            tv_app_show(app, TV_VIEW_HELP, true);
        } else {
            tv_app_back(app);
        }
        break;
    case TV_CMD_SCREEN_HOSTS: switch_screen(app, TV_VIEW_HOSTS); break;
    case TV_CMD_SCREEN_DOMAINS: switch_screen(app, TV_VIEW_DOMAINS); break;
    case TV_CMD_SCREEN_STORAGE: switch_screen(app, TV_VIEW_STORAGE); break;
    case TV_CMD_SCREEN_NETWORKS: switch_screen(app, TV_VIEW_NETWORKS); break;
    case TV_CMD_SCREEN_MIGRATIONS: switch_screen(app, TV_VIEW_MIGRATIONS); break;
    case TV_CMD_NEXT_SCREEN:
    case TV_CMD_PREV_SCREEN: {
        int at = 1;
        int n = (int)G_N_ELEMENTS(tabs);
        for (int i = 0; i < n; i++)
            if (tabs[i] == app->view)
                at = i;
        at = (at + (cmd == TV_CMD_NEXT_SCREEN ? 1 : n - 1)) % n;
        switch_screen(app, tabs[at]);
        break;
    }
    case TV_CMD_CANCEL:
    case TV_CMD_BACK:
        tv_app_back(app);
        break;
    case TV_CMD_DETACH:
        detach_device(app);
        break;
    case TV_CMD_SCREEN_MESSAGES:
        app->msg_seen = 0; /* opens at the newest */
        tv_app_show(app, TV_VIEW_MESSAGES, true);
        break;
    case TV_CMD_COMMAND_LINE:
        open_edit(app, TV_EDIT_COMMAND, NULL);
        break;
    case TV_CMD_REDRAW:
        app->clear_next = true;
        break;
    case TV_CMD_REFRESH:
        for (guint i = 0; i < app->hosts->len; i++)
            tv_host_refresh_now(app->hosts->pdata[i]);
        tv_app_status(app, false, "Refreshing all hosts");
        break;
    case TV_CMD_FILTER:
    case TV_CMD_SORT:
    case TV_CMD_SORT_LEFT:
    case TV_CMD_SORT_RIGHT:
        /* Lists take these themselves (ui/list.c). */
        tv_app_status(app, true, "%s works on the lists: Domains, Storage, a pool's volumes "
                      "and Networks", cmd == TV_CMD_FILTER ? "Filtering" : "Sorting");
        break;
    default:
        break;
    }
    app->dirty = true;
}

static void
handle_key(tv_app *app, int ch, bool is_char)
{
    const char *name;
    int key = ch;
    const tv_action *a;
    tv_cmd cmd;

    if (!is_char && ch == KEY_RESIZE)
        return;
    if (app->view == TV_VIEW_CONSOLE) {
        tv_app_console_key(app, ch, is_char); /* every key goes to the guest */
        app->dirty = true;
        return;
    }
    if (app->edit_mode != TV_EDIT_OFF) {
        edit_key(app, ch, is_char);
        return;
    }
    if (app->dialog != TV_DIALOG_NONE) {
        tv_app_dialog_key(app, ch, is_char);
        return;
    }
    if (tv_app_editor_key(app, ch, is_char))
        return;
    if (tv_app_form_key(app, ch, is_char))
        return;
    if (views[app->view]->key && views[app->view]->key(app, ch, is_char)) {
        app->dirty = true;
        return;
    }
    if (is_char && ch > 0x7f)
        return; /* characters share numbers with curses' function-key codes */
    if (is_char && ch == '\r')
        key = '\n';
    if (!is_char && ch == KEY_ENTER)
        key = '\n';
    name = tv_keymap_lookup(app->keymap, key);
    if (!name)
        return;
    if ((cmd = tv_ui_command_find(name)) != TV_CMD_LAST) {
        tv_app_run_command(app, cmd);
    } else if ((a = tv_action_find(name))) {
        if (tv_app_editor_start(app, a))
            return; /* domain-edit-xml: the XML in $EDITOR */
        if (a->target == TV_TARGET_HOST)
            tv_dispatch_host_action(app, a, 0, NULL, false);
        else if (a->target_param && strcmp(a->target_param, "job") == 0)
            app->view == TV_VIEW_MIGRATIONS
                ? tv_app_migration_action(app, a, NULL)
                : tv_app_status(app, true, "%s works on the Migrations screen (5)", a->label);
        else if (app->view == TV_VIEW_DOMAINS || app->view == TV_VIEW_DETAILS)
            tv_dispatch_action(app, a, NULL, NULL);
        else
            tv_app_status(app, true, "%s works on the Domains and Details screens", a->label);
    }
}

/* ---- set-up and the loop -------------------------------------------------- */

static void
apply_key_overrides(const tv_config *cfg, tv_keymap *keymap, GPtrArray *warnings)
{
    if (!cfg || !cfg->key_names)
        return;
    for (guint i = 0; i < cfg->key_names->len; i++) {
        g_autofree char *error = NULL;
        const char *spelling = cfg->key_names->pdata[i];
        const char *command = cfg->key_actions->pdata[i];
        guint line = i < cfg->key_lines->len ? g_array_index(cfg->key_lines, guint, i) : 0;
        g_autofree char *where = g_strdup_printf("%s:%u: [keys]", cfg->path ? cfg->path : "config",
                                                 line);
        int key = tv_key_parse(spelling, &error);
        if (key < 0) {
            g_ptr_array_add(warnings, g_strdup_printf("%s %s", where, error));
            continue;
        }
        if (!*command || strcmp(command, "none") == 0) {
            tv_keymap_unbind(keymap, key);
            continue;
        }
        if (!tv_command_exists(command)) {
            g_ptr_array_add(warnings, g_strdup_printf("%s '%s' is not a command or action",
                                                      where, command));
            continue;
        }
        tv_keymap_bind(keymap, key, command);
    }
}

/*
 * Every start-up warning goes to the Messages screen; the status line shows
 * the one, or how many there are and the first.
 */
static void
show_startup_warnings(tv_app *app, GPtrArray *warnings)
{
    for (guint i = 0; i < warnings->len; i++)
        tv_app_log(app, true, NULL, false, "%s", (const char *)warnings->pdata[i]);
    if (warnings->len == 1)
        tv_app_status(app, true, "%s", (const char *)warnings->pdata[0]);
    else if (warnings->len > 1)
        tv_app_status(app, true, "%u start-up warnings (! shows them all): %s", warnings->len,
                      (const char *)warnings->pdata[0]);
}

static void
setup_theme(tv_app *app, const char *name, GPtrArray *warnings)
{
    g_auto(GStrv) dirs = tv_theme_dirs();
    tv_theme theme = { 0 };

    app->use_color = has_colors() && !g_getenv("NO_COLOR");
    if (app->use_color) {
        start_color();
        use_default_colors();
    }
    if (name)
        tv_theme_load(&theme, name, (const char *const *)dirs, warnings);
    else
        tv_theme_init_default(&theme);
    tv_theme_apply(&theme, app->use_color);
    tv_theme_clear(&theme);
}

static void
read_terminal_size(tv_app *app)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resize_term(ws.ws_row, ws.ws_col);
    app->rows = LINES;
    app->cols = COLS;
}

static void
read_keys(tv_app *app)
{
    wint_t wch;
    int r;
    while ((r = get_wch(&wch)) != ERR) {
        if (r == KEY_CODE_YES && wch == KEY_RESIZE) {
            read_terminal_size(app);
            app->clear_next = true;
            rebuild_all(app);
            continue;
        }
        handle_key(app, (int)wch, r == OK);
        if (app->quit)
            return;
    }
}

/* What the hosts must read for the screen on show: pools and networks only when seen. */
static void
update_wants(tv_app *app)
{
    tv_view_id v = app->view == TV_VIEW_HELP ? app->help_for : app->view;
    unsigned wants = TV_WANT_NODE | TV_WANT_FLAGS | TV_WANT_HOSTSTATS | TV_WANT_INFO |
                     TV_WANT_HISTORY;
    if (v == TV_VIEW_STORAGE || v == TV_VIEW_VOLUMES)
        wants |= TV_WANT_STORAGE;
    if (v == TV_VIEW_VOLUMES)
        wants |= TV_WANT_VOL_USERS;
    if (v == TV_VIEW_NETWORKS)
        wants |= TV_WANT_NETWORKS;
    /* An open form's defaults and checks read the host's pools, networks, capabilities. */
    if (app->form)
        wants |= tv_action_wants(app->form->values);
    if (app->deferred_params)
        wants |= tv_action_wants(app->deferred_params);
    if (wants == app->wants && app->hosts->len == app->wants_hosts)
        return;
    for (guint i = 0; i < app->hosts->len; i++)
        tv_host_set_wants(app->hosts->pdata[i], wants);
    app->wants = wants;
    app->wants_hosts = app->hosts->len;
}

long
tv_app_silent_for(const tv_app *app, const tv_host_snapshot *s)
{
    gint64 quiet_us, allowed_us;
    if (s->state != TV_HOST_CONNECTED || s->taken_at_us <= 0)
        return 0;
    /* A refresh takes time on a busy host: only well past its due time counts. */
    allowed_us = (gint64)(MAX(3 * app->interval_s, app->interval_s + 5) * G_USEC_PER_SEC);
    quiet_us = g_get_monotonic_time() - s->taken_at_us;
    return quiet_us > allowed_us ? (long)(quiet_us / G_USEC_PER_SEC) : 0;
}

/* Whether some host line shows a clock (a countdown, "not answering for"). */
static bool
any_clock(const tv_app *app)
{
    for (guint i = 0; i < app->snaps->len; i++) {
        const tv_host_snapshot *s = app->snaps->pdata[i];
        if ((s->state != TV_HOST_CONNECTED && s->state != TV_HOST_FAILED) ||
            tv_app_silent_for(app, s) > 0)
            return true;
    }
    return false;
}

static int
poll_timeout_ms(const tv_app *app)
{
    /* Wake each second: a host may fall silent without publishing anything. */
    return app->snaps->len > 0 ? 1000 : -1;
}

static void
app_free(tv_app *app)
{
    tv_app_console_free(app);
    tv_app_editor_free(app);
    tv_dispatch_free(app);
    tv_app_close_form(app);
    tv_lineedit_clear(&app->edit);
    tv_history_clear(&app->history);
    tv_msglog_clear(&app->msglog);
    tv_app_pick_free(app);
    g_free(app->edit_hint);
    tv_pagerview_clear(&app->det_page);
    tv_pagerview_clear(&app->help_page);
    g_ptr_array_unref(app->snaps);
    tv_labels_free(app->labels);
    g_array_unref(app->stack);
    tv_list_clear(&app->domains);
    tv_list_clear(&app->pools);
    tv_list_clear(&app->volumes);
    tv_list_clear(&app->networks);
    tv_list_clear(&app->migrations);
    if (app->mig_rows)
        g_ptr_array_unref(app->mig_rows);
    if (app->mig_history)
        g_ptr_array_unref(app->mig_history);
    if (app->migrating)
        g_hash_table_unref(app->migrating);
    tv_job_list_unref(app->jobs);
    g_hash_table_destroy(app->marked);
    tv_keymap_free(app->keymap);
    g_free(app->status);
    g_free(app->vol_pool);
    g_free(app->det_uuid);
    g_free(app->det_name);
}

int
tv_app_run(GPtrArray *hosts, const tv_app_settings *settings, char **error)
{
    tv_app app = {
        .hosts = hosts,
        .snaps = g_ptr_array_new_with_free_func((GDestroyNotify)tv_host_snapshot_unref),
        .labels = tv_labels_new(),
        .interval_s = settings->interval_s,
        .readonly = settings->readonly,
        .view = TV_VIEW_DOMAINS,
        .stack = g_array_new(FALSE, FALSE, sizeof(tv_view_id)),
        .marked = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
        .requests = tv_dispatch_requests_new(),
        .watches = tv_dispatch_watches_new(),
        .dirty = true,
    };
    struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    const char *codeset;
    SCREEN *screen;

    tv_list_init(&app.domains, &tv_domains_list);
    tv_list_init(&app.pools, &tv_pools_list);
    tv_list_init(&app.volumes, &tv_volumes_list);
    tv_list_init(&app.networks, &tv_networks_list);
    tv_list_init(&app.migrations, &tv_migrations_list);
    tv_app_load_mig_history(&app);

    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        *error = g_strdup("the screen needs a terminal; use --batch for scripts");
        app_free(&app);
        return 1;
    }
    if (pipe2(winch_pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
        app_free(&app);
        return 1;
    }
    tv_list_use_labels(app.labels);
    tv_msglog_init(&app.msglog);
    tv_history_init(&app.history);
    codeset = nl_langinfo(CODESET);
    app.utf8 = codeset && g_ascii_strcasecmp(codeset, "UTF-8") == 0;
    tv_text_set_utf8(app.utf8);
    app.keymap = tv_default_keymap();

    /* newterm, unlike initscr, returns on an unknown TERM instead of exiting. */
    screen = newterm(NULL, stdout, stdin);
    if (!screen) {
        *error = g_strdup_printf("cannot start curses on this terminal (TERM=%s)",
                                 g_getenv("TERM") ? g_getenv("TERM") : "");
        app_free(&app);
        return 1;
    }
    signal(SIGSEGV, on_fatal);
    signal(SIGABRT, on_fatal);
    signal(SIGBUS, on_fatal);
    signal(SIGFPE, on_fatal);
    sigaction(SIGWINCH, &sa, NULL);
    sigaction(SIGINT, &sa, NULL); /* Ctrl+C is q: it asks while actions run */
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    set_escdelay(25);
    {
        /* Ctrl+S and Ctrl+Q are keys here (run a form; the guest's in the console), not
         * the terminal's flow control; curses restores the shell's modes on exit. */
        struct termios t;
        if (tcgetattr(STDIN_FILENO, &t) == 0) {
            t.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
            tcsetattr(STDIN_FILENO, TCSANOW, &t);
            def_prog_mode();
        }
    }
    curs_set(0);
    leaveok(stdscr, FALSE);
    if (settings->config_error)
        g_ptr_array_add(warnings, g_strdup_printf("Config file ignored, using defaults: %s",
                                                  settings->config_error));
    setup_theme(&app, settings->theme, warnings);
    apply_key_overrides(settings->config, app.keymap, warnings);
    show_startup_warnings(&app, warnings);
    read_terminal_size(&app);
    tv_app_sync_snapshots(&app);
    rebuild_all(&app);
    tv_dispatch_take_messages(&app);

    while (!app.quit) {
        struct pollfd fds[3] = {
            { .fd = STDIN_FILENO, .events = POLLIN },
            { .fd = winch_pipe[0], .events = POLLIN },
            { .fd = tv_notify_fd(), .events = POLLIN },
        };
        update_wants(&app);
        if (app.dirty || app.clear_next) {
            if (app.clear_next)
                clear();
            app.clear_next = false;
            tv_app_draw_frame(&app);
            refresh();
            app.dirty = false;
        }
        if (poll(fds, 3, poll_timeout_ms(&app)) < 0 && errno != EINTR)
            break;
        if (fds[1].revents & POLLIN) {
            char buf[64];
            ssize_t n;
            bool resized = false, interrupted = false;
            while ((n = read(winch_pipe[0], buf, sizeof(buf))) > 0) {
                resized = resized || memchr(buf, 'w', (size_t)n);
                interrupted = interrupted || memchr(buf, 'i', (size_t)n);
            }
            if (resized) {
                read_terminal_size(&app);
                app.clear_next = true;
                rebuild_all(&app);
            }
            if (interrupted && app.view == TV_VIEW_CONSOLE)
                tv_app_console_key(&app, 3, true); /* the guest's Ctrl+C */
            else if (interrupted && app.dialog == TV_DIALOG_QUIT)
                app.quit = true; /* Ctrl+C twice: quit without asking again */
            else if (interrupted)
                request_quit(&app);
        }
        if (fds[2].revents & POLLIN) {
            tv_notify_drain();
            if (!tv_app_sync_snapshots(&app)) {
                tv_app_form_snapshots_changed(&app); /* the OS catalog may have come */
                tv_dispatch_deferred(&app);
            }
            tv_app_sync_jobs(&app);
            tv_dispatch_take_messages(&app);
            tv_app_pump_console(&app);
        }
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            if (fds[0].revents & (POLLHUP | POLLERR))
                app.quit = true;
            read_keys(&app);
        }
        tv_dispatch_check_watches(&app);
        tv_app_editor_pump(&app); /* may run $EDITOR */
        if (any_clock(&app))
            app.dirty = true; /* countdowns and silent hosts */
    }

    endwin();
    delscreen(screen);
    close(winch_pipe[0]);
    close(winch_pipe[1]);
    winch_pipe[0] = winch_pipe[1] = -1;
    app_free(&app);
    return 0;
}
