/*
 * The front end's own commands (moving, switching screens, filtering...)
 * in a name table like the action table, so keys map to names and every
 * key can be remapped.  The default keymap is built from this table and
 * the action table together.
 */
#pragma once

#include "ui/keymap.h"
#include "ui/table.h"

typedef enum {
    TV_CMD_QUIT,
    TV_CMD_HELP,
    TV_CMD_SCREEN_HOSTS,
    TV_CMD_SCREEN_DOMAINS,
    TV_CMD_SCREEN_STORAGE,
    TV_CMD_SCREEN_NETWORKS,
    TV_CMD_NEXT_SCREEN,
    TV_CMD_PREV_SCREEN,
    TV_CMD_UP,
    TV_CMD_DOWN,
    TV_CMD_PAGE_UP,
    TV_CMD_PAGE_DOWN,
    TV_CMD_TOP,
    TV_CMD_BOTTOM,
    TV_CMD_OPEN,
    TV_CMD_CANCEL,
    TV_CMD_BACK,
    TV_CMD_FILTER,
    TV_CMD_SORT,
    TV_CMD_SORT_LEFT,
    TV_CMD_SORT_RIGHT,
    TV_CMD_SELECT,
    TV_CMD_SELECT_NONE,
    TV_CMD_COMMAND_LINE,
    TV_CMD_REDRAW,
    TV_CMD_REFRESH,
    TV_CMD_SCREEN_MESSAGES,
    TV_CMD_DETACH,
    TV_CMD_SCREEN_MIGRATIONS,
    TV_CMD_LAST
} tv_cmd;

typedef struct tv_ui_command {
    const char *name;  /* "move-down" */
    const char *keys;  /* default key spellings, space separated */
    const char *label; /* short, for key hints */
    const char *help;
} tv_ui_command;

const tv_ui_command *tv_ui_command_get(tv_cmd cmd);
/* TV_CMD_LAST when name is not a UI command. */
tv_cmd tv_ui_command_find(const char *name);

/*
 * The default keymap: UI commands and every action's default key.  Returns
 * a new keymap; a problem with a default spelling (a bug) is g_error'd.
 */
tv_keymap *tv_default_keymap(void);

/* Does name name a UI command or an action? */
gboolean tv_command_exists(const char *name);

/* The movement a command stands for (up, down, pages, top, bottom); false for any other. */
bool tv_cmd_move(tv_cmd cmd, tv_move *move);
