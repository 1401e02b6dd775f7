/*
 * Help for the screen it was opened from, generated from the keymap, the
 * UI command table and the action table, so it always tells the keys in
 * force (remapped ones included).  Actions that cannot run on the current
 * domain are greyed with the reason.
 */
#include "config.h"

#include <string.h>

#include "ui/draw.h"
#include "ui/views.h"

typedef struct help_line {
    char *keys;
    char *text;
    tv_el el;
} help_line;

static void
help_line_free(gpointer p)
{
    help_line *l = p;
    g_free(l->keys);
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
add(GPtrArray *lines, char *keys, char *text, tv_el el)
{
    help_line *l = g_new0(help_line, 1);
    l->keys = keys;
    l->text = text;
    l->el = el;
    g_ptr_array_add(lines, l);
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

static GPtrArray *
help_lines(tv_app *app)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(help_line_free);
    tv_view_id view = app->help_for;
    const tv_view *v = tv_app_view(view);

    add(lines, NULL, g_strdup_printf("Keys on the %s screen", v->title), TV_EL_LABEL);
    if (view == TV_VIEW_DOMAINS || view == TV_VIEW_DETAILS) {
        const tv_host_snapshot *snap = NULL;
        const tv_domain *d = tv_app_current_domain(app, &snap);
        size_t n;
        const tv_action *const *actions = tv_action_table(&n);
        add(lines, NULL, g_strdup(""), TV_EL_DEFAULT);
        add(lines, NULL,
            d ? g_strdup_printf("Actions (on the marked domains, or on '%s')", d->name)
              : g_strdup("Actions"),
            TV_EL_LABEL);
        for (size_t i = 0; i < n; i++) {
            const char *why = NULL;
            bool ok = d && tv_action_can_run(actions[i], snap, d, &why);
            char *keys = keys_for(app, actions[i]->name);
            add(lines, keys,
                ok ? g_strdup_printf("%-14s %s", actions[i]->label, actions[i]->help)
                   : g_strdup_printf("%-14s %s (not now: %s)", actions[i]->label,
                                     actions[i]->help, why ? why : "no domain"),
                ok ? TV_EL_DEFAULT : TV_EL_DISABLED);
        }
    }
    if (v->own_keys) {
        add(lines, NULL, g_strdup(""), TV_EL_DEFAULT);
        add(lines, NULL, g_strdup_printf("On the %s screen", v->title), TV_EL_LABEL);
        for (size_t i = 0; v->own_keys[i] && v->own_keys[i + 1]; i += 2) {
            const char *k = v->own_keys[i];
            char *keys;
            if (k[0] == '{' && g_str_has_suffix(k, "}")) {
                g_autofree char *command = g_strndup(k + 1, strlen(k) - 2);
                keys = keys_for(app, command);
            } else {
                keys = g_strdup(k);
            }
            add(lines, keys, g_strdup(v->own_keys[i + 1]), TV_EL_DEFAULT);
        }
    }
    add(lines, NULL, g_strdup(""), TV_EL_DEFAULT);
    add(lines, NULL, g_strdup("Moving and screens"), TV_EL_LABEL);
    for (int c = 0; c < TV_CMD_LAST; c++) {
        const tv_ui_command *uc = tv_ui_command_get((tv_cmd)c);
        char *keys;
        if (!command_applies((tv_cmd)c, view))
            continue;
        keys = keys_for(app, uc->name);
        add(lines, keys, g_strdup_printf("%-14s %s", uc->name, uc->help), TV_EL_DEFAULT);
    }
    add(lines, NULL, g_strdup(""), TV_EL_DEFAULT);
    add(lines, NULL, g_strdup("Command line (:)"), TV_EL_LABEL);
    add(lines, g_strdup(":connect URI"), g_strdup("Add a host while running."), TV_EL_DEFAULT);
    add(lines, g_strdup(":disconnect [URI]"),
        g_strdup("Drop a host (default: the one under the cursor)."), TV_EL_DEFAULT);
    add(lines, g_strdup(":NAME"), g_strdup("Run any action or command by name, e.g. "
                                           ":domain-start, :screen-hosts."), TV_EL_DEFAULT);
    add(lines, NULL, g_strdup(""), TV_EL_DEFAULT);
    add(lines, NULL, g_strdup("Esc, q or ? closes this help."), TV_EL_LABEL);
    return lines;
}

static void
help_draw(tv_app *app, int y, int height)
{
    g_autoptr(GPtrArray) lines = help_lines(app);
    int key_w = 18;
    app->help_scroll.count = (int)lines->len;
    app->help_scroll.page = MAX(height, 1);
    app->help_scroll.top = CLAMP(app->help_scroll.top, 0,
                                 MAX(app->help_scroll.count - app->help_scroll.page, 0));
    for (int i = 0; i < height; i++) {
        int idx = app->help_scroll.top + i;
        const help_line *l;
        if (idx >= (int)lines->len)
            break;
        l = lines->pdata[idx];
        if (!l->keys) {
            tv_draw_text(y + i, 1, app->cols - 2, l->text, TV_ALIGN_LEFT, l->el);
            continue;
        }
        tv_draw_text(y + i, 2, key_w, l->keys, TV_ALIGN_LEFT,
                     l->el == TV_EL_DISABLED ? TV_EL_DISABLED : TV_EL_KEY);
        tv_draw_text(y + i, 3 + key_w, app->cols - 4 - key_w, l->text, TV_ALIGN_LEFT, l->el);
    }
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
