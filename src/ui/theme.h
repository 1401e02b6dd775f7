/*
 * Colour themes: themes/NAME.theme files of "element = fg bg [attr,...]"
 * lines with # comments.  The element list is one enum with a name table;
 * the default theme is compiled in as the fallback; an unknown element or
 * colour is a warning, never fatal.  With NO_COLOR set or on a terminal
 * without colours, only attributes are used (a compiled-in monochrome set).
 */
#pragma once

#include <stdbool.h>
#include <glib.h>
#include <curses.h>

typedef enum {
    TV_EL_DEFAULT,         /* plain text */
    TV_EL_TITLE,           /* top line: program, screen tabs background */
    TV_EL_TAB,             /* inactive screen tab */
    TV_EL_TAB_ACTIVE,      /* active screen tab */
    TV_EL_HEADER,          /* table column headers */
    TV_EL_CURSOR,          /* the row under the cursor */
    TV_EL_SELECTED,        /* rows marked with space */
    TV_EL_RUNNING,         /* state words */
    TV_EL_PAUSED,
    TV_EL_SHUTOFF,
    TV_EL_CRASHED,
    TV_EL_HOST_UP,
    TV_EL_HOST_DOWN,
    TV_EL_STATUS,          /* status bar: last message */
    TV_EL_STATUS_ERROR,    /* status bar: failure message */
    TV_EL_KEY,             /* key hint: the key */
    TV_EL_KEY_LABEL,       /* key hint: what it does */
    TV_EL_DISABLED,        /* greyed out: action not available */
    TV_EL_DIALOG,          /* dialog body */
    TV_EL_DIALOG_TITLE,
    TV_EL_BORDER,
    TV_EL_LABEL,           /* field names in details */
    TV_EL_GRAPH,           /* sparklines */
    TV_EL_ERROR,           /* inline error text */
    TV_EL_WARNING,         /* inline warnings, demo-driver banner */
    TV_EL_MATCH,           /* search matches in text (the current one uses cursor) */
    TV_EL_LAST
} tv_el;

/* Name of an element as written in theme files ("cursor", "tab-active"). */
const char *tv_el_name(tv_el el);

#define TV_COLOR_DEFAULT (-1)

typedef struct tv_theme_entry {
    short fg, bg;  /* curses colour numbers, TV_COLOR_DEFAULT for the terminal's */
    attr_t attrs;  /* A_BOLD, A_REVERSE, ... */
} tv_theme_entry;

typedef struct tv_theme {
    char *name;
    tv_theme_entry el[TV_EL_LAST];
} tv_theme;

/* Fills t with the compiled-in default theme (t->name = "default"); t is only written. */
void tv_theme_init_default(tv_theme *t);
void tv_theme_clear(tv_theme *t);

/*
 * Parses theme text over t (elements not mentioned keep their value).
 * Problems are appended to warnings (char*, "NAME:LINE: ...") and skipped.
 */
void tv_theme_parse(tv_theme *t, const char *name, const char *text, GPtrArray *warnings);

/*
 * Loads a theme by name from the first of dirs holding NAME.theme (or from a
 * path when name contains '/').  Returns 0, or -1 with a warning appended
 * and t holding the default theme.  t is only written (tv_theme_clear an
 * old theme first); the file is read over the default theme, so it need
 * not name every element.  "default" with no default.theme found loads the
 * compiled-in copy and returns 0.  warnings may be NULL.
 */
int tv_theme_load(tv_theme *t, const char *name, const char *const *dirs, GPtrArray *warnings);

/*
 * Theme search path (g_strfreev): $XDG_CONFIG_HOME/tvirt/themes,
 * $TVIRT_THEMEDIR, the installed dir, and the source tree's themes/ when
 * built with TV_SRC_THEMEDIR.
 */
char **tv_theme_dirs(void);

/*
 * The colours tv_theme_apply uses for e on a terminal with ncolors colours
 * (COLORS): below 16, bright-X becomes X plus A_BOLD (X alone as background);
 * a colour the terminal lacks becomes TV_COLOR_DEFAULT.  Pure, for tests.
 */
tv_theme_entry tv_theme_fit(tv_theme_entry e, int ncolors);

/*
 * Makes curses colour pairs for t.  use_color false (NO_COLOR, monochrome
 * terminal) uses the compiled-in monochrome attributes instead.
 * Call after initscr()/start_color().
 */
void tv_theme_apply(const tv_theme *t, bool use_color);

/* Colour pairs 1..TV_EL_LAST are the theme's; pairs from this one on are free for views. */
#define TV_THEME_FIRST_FREE_PAIR (TV_EL_LAST + 1)

/* Attribute (colour pair | attrs) to draw an element with after tv_theme_apply. */
attr_t tv_theme_attr(tv_el el);
