/*
 * Help for the screen it was opened from, generated from the keymap, the
 * UI command table and the action table, so it always tells the keys in
 * force (remapped ones included), with each command's name for the ':'
 * line beside its keys.  Actions that cannot run on the current domain are
 * greyed with the reason; long texts wrap.  ":?" lists every command.
 * The lines show through the pager widget, so help scrolls and "/", n and
 * N search it as they do the Details screen's XML.
 */
#include "config.h"

#include <curses.h>
#include <string.h>

#include "ui/draw.h"
#include "ui/views.h"

typedef struct help_line {
    char *keys;    /* NULL: a heading or blank line */
    char *command; /* the name to type after ':', or NULL */
    char *text;
    tv_el el;
} help_line;

static void
help_line_free(gpointer p)
{
    help_line *l = p;
    g_free(l->keys);
    g_free(l->command);
    g_free(l->text);
    g_free(l);
}

typedef struct key_collect {
    const char *command;
    GString *keys;
} key_collect;

static void
collect_key(int key, const char *command, void *data)
{
    key_collect *kc = data;
    if (strcmp(command, kc->command) == 0)
        g_string_append_printf(kc->keys, "%s%s", kc->keys->len ? " " : "", tv_key_name(key));
}

/* All keys bound to a command, space separated (g_free). */
static char *
keys_for(const tv_app *app, const char *command)
{
    key_collect kc = { command, g_string_new(NULL) };
    tv_keymap_foreach(app->keymap, collect_key, &kc);
    return g_string_free(kc.keys, FALSE);
}

static void
add(GPtrArray *lines, char *keys, const char *command, char *text, tv_el el)
{
    help_line *l = g_new0(help_line, 1);
    l->keys = keys;
    l->command = g_strdup(command);
    l->text = text;
    l->el = el;
    g_ptr_array_add(lines, l);
}

static void
heading(GPtrArray *lines, char *text)
{
    if (lines->len)
        add(lines, NULL, NULL, g_strdup(""), TV_EL_DEFAULT);
    add(lines, NULL, NULL, text, TV_EL_LABEL);
}

/* Commands that belong to some screens only (lists), shown first on those. */
static bool
command_is_screens(tv_cmd cmd)
{
    switch (cmd) {
    case TV_CMD_FILTER:
    case TV_CMD_SORT:
    case TV_CMD_SORT_LEFT:
    case TV_CMD_SORT_RIGHT:
    case TV_CMD_SELECT:
    case TV_CMD_SELECT_NONE:
        return true;
    default:
        return false;
    }
}

static bool
command_applies(tv_cmd cmd, tv_view_id view)
{
    switch (cmd) {
    case TV_CMD_FILTER:
    case TV_CMD_SORT:
    case TV_CMD_SORT_LEFT:
    case TV_CMD_SORT_RIGHT:
        return tv_app_view(view)->list != NULL;
    case TV_CMD_SELECT:
    case TV_CMD_SELECT_NONE:
        return view == TV_VIEW_DOMAINS;
    case TV_CMD_OPEN:
        return view == TV_VIEW_DOMAINS || view == TV_VIEW_HOSTS || view == TV_VIEW_STORAGE;
    default:
        return true;
    }
}

static void
action_lines(tv_app *app, GPtrArray *lines, bool all)
{
    const tv_host_snapshot *snap = NULL;
    const tv_domain *d = all ? NULL : tv_app_current_domain(app, &snap);
    size_t n;
    const tv_action *const *actions = tv_action_table(&n);

    heading(lines, d ? g_strdup_printf("Actions (on the marked domains, or on '%s')", d->name)
                     : g_strdup("Actions (:NAME DOMAIN... runs one by name; host= picks the "
                                "host)"));
    for (size_t i = 0; i < n; i++) {
        const char *why = NULL;
        bool ok;
        /* A domain's screens list the domain actions; ":?" lists them all. */
        if (!all && actions[i]->target != TV_TARGET_DOMAIN)
            continue;
        ok = all || (d && tv_action_can_run(actions[i], snap, d, &why));
        add(lines, keys_for(app, actions[i]->name), actions[i]->name,
            ok ? g_strdup(actions[i]->help)
               : g_strdup_printf("%s (not now: %s)", actions[i]->help, why ? why : "no domain"),
            ok ? TV_EL_DEFAULT : TV_EL_DISABLED);
    }
}

static void
command_line_lines(GPtrArray *lines)
{
    heading(lines, g_strdup("Command line (:) — Tab completes, Up and Down recall"));
    add(lines, g_strdup(":connect URI"), NULL, g_strdup("Add a host while running."),
        TV_EL_DEFAULT);
    add(lines, g_strdup(":disconnect [HOST]"), NULL,
        g_strdup("Drop a host (default: the one under the cursor)."), TV_EL_DEFAULT);
    add(lines, g_strdup(":ACTION NAME..."), NULL,
        g_strdup("Run an action on the domains named (name or UUID, on any host; "
                 "host=LABEL when a name is on several), e.g. :domain-pause web01."),
        TV_EL_DEFAULT);
    add(lines, g_strdup(":COMMAND"), NULL,
        g_strdup("Run any command by name, e.g. :screen-hosts. :? lists them all."),
        TV_EL_DEFAULT);
}

static GPtrArray *
help_lines(tv_app *app)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(help_line_free);
    tv_view_id view = app->help_for;
    const tv_view *v = tv_app_view(view);

    if (app->help_all) {
        add(lines, NULL, NULL, g_strdup("All commands, with their keys and names"),
            TV_EL_LABEL);
        action_lines(app, lines, true);
    } else {
        add(lines, NULL, NULL, g_strdup_printf("Keys on the %s screen", v->title),
            TV_EL_LABEL);
        if (v->own_keys) {
            heading(lines, g_strdup_printf("On the %s screen", v->title));
            for (size_t i = 0; v->own_keys[i] && v->own_keys[i + 1]; i += 2) {
                const char *k = v->own_keys[i];
                char *keys;
                if (k[0] == '{' && g_str_has_suffix(k, "}")) {
                    g_autofree char *command = g_strndup(k + 1, strlen(k) - 2);
                    keys = keys_for(app, command);
                } else {
                    keys = g_strdup(k);
                }
                add(lines, keys, NULL, g_strdup(v->own_keys[i + 1]), TV_EL_DEFAULT);
            }
        }
        if (view == TV_VIEW_DOMAINS || view == TV_VIEW_DETAILS)
            action_lines(app, lines, false);
    }
    /* This screen's own commands (filter, sort, marks) before the ones every screen has. */
    for (int pass = 0; pass < 2; pass++) {
        bool any = false;
        for (int c = 0; c < TV_CMD_LAST; c++) {
            const tv_ui_command *uc = tv_ui_command_get((tv_cmd)c);
            bool own = command_is_screens((tv_cmd)c);
            if ((pass == 0) != own || (!app->help_all && !command_applies((tv_cmd)c, view)))
                continue;
            if (!any)
                heading(lines, g_strdup(pass == 0 ? "Lists" : "Moving and screens"));
            any = true;
            add(lines, keys_for(app, uc->name), uc->name, g_strdup(uc->help), TV_EL_DEFAULT);
        }
    }
    command_line_lines(lines);
    add(lines, NULL, NULL, g_strdup(""), TV_EL_DEFAULT);
    add(lines, NULL, NULL, g_strdup("Esc, q or ? closes this help. / searches it, n N: next / "
                                          "previous match."),
        TV_EL_LABEL);
    return lines;
}

/*
 * The help lines laid out in the pager: a line's first row holds its keys
 * and command name in columns of their own, and its text wraps beside them.
 */
static void
load_help(tv_app *app)
{
    g_autoptr(GPtrArray) lines = help_lines(app);
    tv_pagerview *pv = &app->help_page;
    int key_w = app->cols >= 120 ? 18 : 12;
    int name_w = 20;
    int text_x = 2 + key_w + 1 + name_w + 1;
    int text_w = MAX(app->cols - text_x - 1, 20);

    tv_pagerview_begin(pv);
    pv->what = "the help";
    pv->position_el = TV_EL_LABEL;
    for (guint i = 0; i < lines->len; i++) {
        const help_line *l = lines->pdata[i];
        g_autoptr(GPtrArray) wrapped = NULL;
        bool disabled = l->el == TV_EL_DISABLED;
        /* Long keys (":disconnect [HOST]") take the name column too. */
        int kw = l->command ? key_w : key_w + 1 + name_w;
        if (!l->keys) {
            g_autofree char *row = g_strconcat(" ", l->text, NULL);
            tv_pagerview_add(pv, l->el, row);
            continue;
        }
        wrapped = tv_text_wrap(l->text, text_w);
        for (guint k = 0; k < MAX(wrapped->len, 1u); k++) {
            g_autoptr(GString) row = g_string_new(NULL);
            if (k == 0) {
                g_string_append(row, "  ");
                tv_text_fit(row, l->keys, kw, TV_ALIGN_LEFT);
                if (l->command) {
                    g_string_append_c(row, ' ');
                    tv_text_fit(row, l->command, name_w, TV_ALIGN_LEFT);
                }
                g_string_append_c(row, ' ');
            } else {
                g_string_append_printf(row, "%*s", text_x, "");
            }
            g_string_append(row, wrapped->len ? (const char *)wrapped->pdata[k] : "");
            tv_pagerview_add(pv, l->el, row->str);
            if (k == 0) {
                tv_pagerview_style(pv, 2, kw, disabled ? TV_EL_DISABLED : TV_EL_KEY);
                if (l->command)
                    tv_pagerview_style(pv, 3 + key_w, name_w,
                                       disabled ? TV_EL_DISABLED : TV_EL_LABEL);
            }
        }
    }
}

static void
help_draw(tv_app *app, int y, int height)
{
    load_help(app);
    tv_pagerview_draw(&app->help_page, y, 0, height, app->cols, tv_app_typed_search(app));
}

static void
help_search(tv_app *app, const char *text)
{
    g_autofree char *say = NULL;
    bool error;
    load_help(app);
    say = tv_pagerview_search(&app->help_page, text, &error);
    tv_app_status(app, error, "%s", say);
}

/* Help is a pager: n and N go from match to match, h and l scroll sideways. */
static bool
help_key(tv_app *app, int ch, bool is_char)
{
    g_autofree char *say = NULL;
    bool error, used;
    /* Left goes back as on every screen, so the arrows keep their screen meanings. */
    if (!is_char && (ch == KEY_LEFT || ch == KEY_RIGHT))
        return false;
    load_help(app);
    used = tv_pagerview_key(&app->help_page, app->keymap, ch, is_char, &say, &error);
    if (say)
        tv_app_status(app, error, "%s", say);
    return used;
}

void
tv_app_show_all_commands(tv_app *app)
{
    if (app->view != TV_VIEW_HELP)
        app->help_for = app->view;
    app->help_all = true;
    tv_pagerview_reset(&app->help_page);
    tv_app_show(app, TV_VIEW_HELP, app->view != TV_VIEW_HELP);
}

static bool
help_command(tv_app *app, tv_cmd cmd)
{
    if (tv_pagerview_command(&app->help_page, cmd))
        return true;
    switch (cmd) {
    case TV_CMD_FILTER:
        tv_app_open_edit(app, TV_EDIT_SEARCH, NULL);
        return true;
    case TV_CMD_QUIT:
    case TV_CMD_CANCEL:
    case TV_CMD_BACK:
    case TV_CMD_HELP:
        app->help_all = false;
        tv_app_back(app);
        return true;
    default:
        return true; /* other keys do nothing while help is open */
    }
}

static const char *const help_hints[] = { "cancel", "help", NULL };

const tv_view tv_view_help = {
    .title = "Help",
    .draw = help_draw,
    .command = help_command,
    .hints = help_hints,
    .key = help_key,
    .search = help_search,
};
