/*
 * Help for the screen it was opened from, generated from the keymap, the
 * UI command table and the action table, so it always tells the keys in
 * force (remapped ones included), with each command's name for the ':'
 * line beside its keys.  Actions that cannot run on the current domain are
 * greyed with the reason; long texts wrap.  ":?" lists every command.
 */
#include "config.h"

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
    add(lines, NULL, NULL, g_strdup("Esc, q or ? closes this help."), TV_EL_LABEL);
    return lines;
}

/* A help line laid out: the first row holds keys and name, the text wraps below them. */
typedef struct help_row {
    const help_line *line;
    const char *text; /* this row's part of the text */
    bool first;
} help_row;

static void
help_draw(tv_app *app, int y, int height)
{
    g_autoptr(GPtrArray) lines = help_lines(app);
    g_autoptr(GArray) rows = g_array_new(FALSE, FALSE, sizeof(help_row));
    g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    int key_w = app->cols >= 120 ? 18 : 12;
    int name_w = 20;
    int text_x = 2 + key_w + 1 + name_w + 1;
    int text_w = MAX(app->cols - text_x - 1, 20);

    for (guint i = 0; i < lines->len; i++) {
        const help_line *l = lines->pdata[i];
        GPtrArray *wrapped;
        if (!l->keys) {
            help_row r = { l, l->text, true };
            g_array_append_val(rows, r);
            continue;
        }
        /* Long keys (":disconnect [HOST]") take the name column too. */
        wrapped = tv_text_wrap(l->text, text_w);
        g_ptr_array_add(texts, wrapped);
        for (guint k = 0; k < MAX(wrapped->len, 1u); k++) {
            help_row r = { l, wrapped->len ? wrapped->pdata[k] : "", k == 0 };
            g_array_append_val(rows, r);
        }
    }
    app->help_scroll.count = (int)rows->len;
    app->help_scroll.page = MAX(height, 1);
    app->help_scroll.top = CLAMP(app->help_scroll.top, 0,
                                 MAX(app->help_scroll.count - app->help_scroll.page, 0));
    for (int i = 0; i < height; i++) {
        int idx = app->help_scroll.top + i;
        const help_row *r;
        const help_line *l;
        if (idx >= (int)rows->len)
            break;
        r = &g_array_index(rows, help_row, idx);
        l = r->line;
        if (!l->keys) {
            tv_draw_text(y + i, 1, app->cols - 2, l->text, TV_ALIGN_LEFT, l->el);
            continue;
        }
        if (r->first) {
            tv_el key_el = l->el == TV_EL_DISABLED ? TV_EL_DISABLED : TV_EL_KEY;
            int kw = l->command ? key_w : key_w + 1 + name_w;
            tv_draw_text(y + i, 2, kw, l->keys, TV_ALIGN_LEFT, key_el);
            if (l->command)
                tv_draw_text(y + i, 3 + key_w, name_w, l->command, TV_ALIGN_LEFT,
                             l->el == TV_EL_DISABLED ? TV_EL_DISABLED : TV_EL_LABEL);
        }
        tv_draw_text(y + i, text_x, text_w, r->text, TV_ALIGN_LEFT, l->el);
    }
}

void
tv_app_show_all_commands(tv_app *app)
{
    if (app->view != TV_VIEW_HELP)
        app->help_for = app->view;
    app->help_all = true;
    app->help_scroll = (tv_table){ 0 };
    tv_app_show(app, TV_VIEW_HELP, app->view != TV_VIEW_HELP);
}

static bool
help_command(tv_app *app, tv_cmd cmd)
{
    tv_table *t = &app->help_scroll;
    if (tv_app_move(t, cmd, true))
        return true;
    switch (cmd) {
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
};
