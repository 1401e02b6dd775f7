/*
 * UI command table and default key bindings (DESIGN.md's key map).  Action
 * keys come from the action table itself, so adding an action file with a
 * .key is all it takes to bind it.
 */
#include "config.h"

#include <string.h>

#include "actions/action.h"
#include "ui/commands.h"

static const tv_ui_command ui_commands[] = {
    [TV_CMD_QUIT] = { "quit", "q", "quit", "Quit tvirt." },
    [TV_CMD_HELP] = { "help", "? F1", "help", "Show the keys of this screen." },
    [TV_CMD_SCREEN_HOSTS] = { "screen-hosts", "1", "hosts", "Show the Hosts screen." },
    [TV_CMD_SCREEN_DOMAINS] = { "screen-domains", "2", "domains", "Show the Domains screen." },
    [TV_CMD_SCREEN_STORAGE] = { "screen-storage", "3", "storage", "Show the Storage screen." },
    [TV_CMD_SCREEN_NETWORKS] = { "screen-networks", "4", "networks",
                                 "Show the Networks screen." },
    [TV_CMD_NEXT_SCREEN] = { "screen-next", "Tab", "next", "Next screen (next tab in details)." },
    [TV_CMD_PREV_SCREEN] = { "screen-prev", "BTab", "prev", "Previous screen." },
    [TV_CMD_UP] = { "move-up", "Up k", "up", "Move up." },
    [TV_CMD_DOWN] = { "move-down", "Down j", "down", "Move down." },
    [TV_CMD_PAGE_UP] = { "page-up", "PgUp C-b", "page up", "Move up one page." },
    [TV_CMD_PAGE_DOWN] = { "page-down", "PgDn C-f", "page down", "Move down one page." },
    [TV_CMD_TOP] = { "move-top", "g Home", "top", "Move to the first row." },
    [TV_CMD_BOTTOM] = { "move-bottom", "G End", "bottom", "Move to the last row." },
    [TV_CMD_OPEN] = { "open", "Enter", "open", "Open the item under the cursor." },
    [TV_CMD_CANCEL] = { "cancel", "Esc", "back",
                        "Clear the list's filter, or else go back to the previous screen." },
    [TV_CMD_BACK] = { "back", "Left", "back",
                      "Go back to the previous screen (a filter stays)." },
    [TV_CMD_FILTER] = { "filter", "/", "filter", "Filter the list by text (Esc clears)." },
    [TV_CMD_SORT] = { "sort", "o", "sort", "Choose the column to sort by." },
    [TV_CMD_SORT_LEFT] = { "sort-left", "<", "sort left",
                           "Sort by the next column to the left (shown by the marker)." },
    [TV_CMD_SORT_RIGHT] = { "sort-right", ">", "sort right",
                            "Sort by the next column to the right." },
    [TV_CMD_SELECT] = { "select", "Space", "select", "Mark the row for a bulk action." },
    [TV_CMD_SELECT_NONE] = { "select-none", "u", "unmark", "Unmark all rows." },
    [TV_CMD_COMMAND_LINE] = { "command", ":", "command",
                              "Run a command: an action name, connect URI, disconnect [HOST], "
                              "quit." },
    [TV_CMD_REDRAW] = { "redraw", "C-l", "redraw", "Redraw the whole screen." },
    [TV_CMD_REFRESH] = { "refresh", "C-r", "refresh", "Refresh all hosts now." },
    [TV_CMD_DETACH] = { "device-detach", "x", "detach",
                        "Detach the disk or network interface under the cursor (Details, "
                        "Hardware): domain-detach-disk or domain-detach-nic." },
    [TV_CMD_SCREEN_MIGRATIONS] = { "screen-migrations", "5", "migrations",
                                   "Show the Migrations screen: running and past migrations." },
    [TV_CMD_SCREEN_MESSAGES] = { "screen-messages", "!", "messages",
                                 "Show the last results, errors and warnings (! again returns)." },
};
G_STATIC_ASSERT(G_N_ELEMENTS(ui_commands) == TV_CMD_LAST);

const tv_ui_command *
tv_ui_command_get(tv_cmd cmd)
{
    return (unsigned)cmd < TV_CMD_LAST ? &ui_commands[cmd] : NULL;
}

tv_cmd
tv_ui_command_find(const char *name)
{
    for (int i = 0; i < TV_CMD_LAST; i++) {
        if (strcmp(ui_commands[i].name, name) == 0)
            return (tv_cmd)i;
    }
    return TV_CMD_LAST;
}

static void
bind_spellings(tv_keymap *km, const char *spellings, const char *command)
{
    g_auto(GStrv) keys = g_strsplit(spellings, " ", -1);
    for (size_t i = 0; keys[i]; i++) {
        g_autofree char *error = NULL;
        int key;
        if (!*keys[i])
            continue;
        key = tv_key_parse(keys[i], &error);
        if (key < 0)
            g_error("default key '%s' of %s: %s", keys[i], command, error);
        tv_keymap_bind(km, key, command);
    }
}

tv_keymap *
tv_default_keymap(void)
{
    tv_keymap *km = tv_keymap_new();
    size_t n;
    const tv_action *const *actions = tv_action_table(&n);

    for (int i = 0; i < TV_CMD_LAST; i++)
        bind_spellings(km, ui_commands[i].keys, ui_commands[i].name);
    for (size_t i = 0; i < n; i++) {
        if (actions[i]->key)
            bind_spellings(km, actions[i]->key, actions[i]->name);
    }
    return km;
}

gboolean
tv_command_exists(const char *name)
{
    return tv_ui_command_find(name) != TV_CMD_LAST || tv_action_find(name) != NULL;
}

bool
tv_cmd_move(tv_cmd cmd, tv_move *move)
{
    static const struct {
        tv_cmd cmd;
        tv_move move;
    } moves[] = {
        { TV_CMD_UP, TV_MOVE_UP },           { TV_CMD_DOWN, TV_MOVE_DOWN },
        { TV_CMD_PAGE_UP, TV_MOVE_PAGE_UP }, { TV_CMD_PAGE_DOWN, TV_MOVE_PAGE_DOWN },
        { TV_CMD_TOP, TV_MOVE_TOP },         { TV_CMD_BOTTOM, TV_MOVE_BOTTOM },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(moves); i++) {
        if (moves[i].cmd == cmd) {
            *move = moves[i].move;
            return true;
        }
    }
    return false;
}
