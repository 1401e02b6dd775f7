/*
 * A one-line text editor for the filter and the ':' command line.  Works on
 * UTF-8 text with the cursor on character boundaries; no curses here, so it
 * is unit-tested with plain key codes.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

typedef enum {
    TV_EDIT_NONE,    /* key not for the editor */
    TV_EDIT_CHANGED, /* text or cursor changed */
    TV_EDIT_ACCEPT,  /* Enter */
    TV_EDIT_CANCEL,  /* Esc or C-g */
} tv_edit_result;

typedef struct tv_lineedit {
    GString *text;
    size_t cursor; /* byte offset, on a character boundary */
} tv_lineedit;

void tv_lineedit_init(tv_lineedit *e, const char *initial);
void tv_lineedit_clear(tv_lineedit *e);

/*
 * Feeds one key: is_char says ch is a character (from get_wch's OK), else a
 * curses KEY_* code.  Handles printing characters, Backspace, Del, Left,
 * Right, Home/C-a, End/C-e, C-u (kill to start), C-k (kill to end), C-w
 * (kill word), Enter, Esc.
 */
tv_edit_result tv_lineedit_key(tv_lineedit *e, int ch, bool is_char);

/* Column of the cursor from the start of the text (display width). */
int tv_lineedit_cursor_col(const tv_lineedit *e);
