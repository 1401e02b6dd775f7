/*
 * The serial console's terminal: a libvterm screen (colours, cursor
 * addressing, erase, scrolling regions, the alternate screen that vi and
 * less use) and a scrollback of the lines that scroll off its top, which
 * the user can page through.  Guest output goes in with tv_term_feed; what
 * the terminal sends back (answers to cursor position and device queries,
 * and the keys the user types, encoded as a terminal would encode them in
 * the guest's current modes) comes out through the output callback.
 * Cells are read back as plain values: no curses here, so it is unit-tested.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TV_TERM_SCROLLBACK 5000 /* lines kept above the screen */
#define TV_TERM_CELL_CHARS 3    /* a character and up to two combining ones */
#define TV_TERM_COLOR_DEFAULT (-1)

typedef struct tv_term tv_term;

/* Cell attributes. */
enum {
    TV_TERM_BOLD = 1 << 0,
    TV_TERM_UNDERLINE = 1 << 1,
    TV_TERM_REVERSE = 1 << 2,
    TV_TERM_ITALIC = 1 << 3,
    TV_TERM_BLINK = 1 << 4,
};

typedef struct tv_term_cell {
    uint32_t chars[TV_TERM_CELL_CHARS]; /* code points, 0 after the last; none: blank */
    int16_t fg, bg; /* TV_TERM_COLOR_DEFAULT or an xterm colour index 0..255 */
    uint8_t attrs;  /* TV_TERM_BOLD, ... */
    uint8_t width;  /* 1; 2 for a wide character; 0 for the cell a wide one covers */
} tv_term_cell;

/* Keys that are not characters. */
typedef enum {
    TV_TERM_KEY_ENTER,
    TV_TERM_KEY_TAB,
    TV_TERM_KEY_BACKSPACE,
    TV_TERM_KEY_ESCAPE,
    TV_TERM_KEY_UP,
    TV_TERM_KEY_DOWN,
    TV_TERM_KEY_LEFT,
    TV_TERM_KEY_RIGHT,
    TV_TERM_KEY_INSERT,
    TV_TERM_KEY_DELETE,
    TV_TERM_KEY_HOME,
    TV_TERM_KEY_END,
    TV_TERM_KEY_PAGE_UP,
    TV_TERM_KEY_PAGE_DOWN,
    TV_TERM_KEY_F1, /* F1..F12 follow in order */
    TV_TERM_KEY_F12 = TV_TERM_KEY_F1 + 11,
    TV_TERM_KEY_LAST
} tv_term_key;

/* Modifiers of a key. */
enum {
    TV_TERM_MOD_SHIFT = 1 << 0,
    TV_TERM_MOD_ALT = 1 << 1,
    TV_TERM_MOD_CTRL = 1 << 2,
};

/* Receives bytes for the guest; called from inside tv_term_feed and the key functions. */
typedef void (*tv_term_output_fn)(const char *bytes, size_t n, void *user);

/* A new terminal of rows x cols (at least 1 x 1) in UTF-8; out may be NULL. */
tv_term *tv_term_new(int rows, int cols, tv_term_output_fn out, void *user);
void tv_term_free(tv_term *t);

/* Guest output; sequences split across calls are fine. */
void tv_term_feed(tv_term *t, const char *bytes, size_t n);

/*
 * Changes the size: lines that no longer fit above the cursor go to the
 * scrollback, and come back from it when the screen grows again.
 */
void tv_term_resize(tv_term *t, int rows, int cols);
void tv_term_get_size(const tv_term *t, int *rows, int *cols);

/*
 * The cell shown at (row, col): with the view scrolled back by n lines, the
 * first n rows are the newest n lines of the scrollback.  Outside the
 * screen or past the end of a stored line, a blank cell.
 */
void tv_term_cell_at(const tv_term *t, int row, int col, tv_term_cell *cell);

/* The cell's characters in UTF-8, NUL-terminated (at least 4 * TV_TERM_CELL_CHARS + 1 bytes). */
void tv_term_cell_utf8(const tv_term_cell *cell, char *buf, size_t len);

/* The text shown on a row, trailing blanks cut (g_free); for tests and logs. */
char *tv_term_row_text(const tv_term *t, int row);

/* Where the cursor is shown; false when the guest hid it or it is scrolled out of view. */
bool tv_term_cursor(const tv_term *t, int *row, int *col);

/* Lines in the scrollback, and how far the view is scrolled back into it (0: live). */
int tv_term_scrollback_lines(const tv_term *t);
int tv_term_scroll_offset(const tv_term *t);
/* Scrolls the view by lines: positive goes back in time; clamped to what is stored. */
void tv_term_scroll(tv_term *t, int lines);

/*
 * A key or a character the user typed, sent to the output as a terminal
 * sends it: arrows and Home/End follow the guest's cursor-key mode, Enter
 * is a carriage return, Backspace DEL, F1..F4 SS3 sequences.
 */
void tv_term_send_key(tv_term *t, tv_term_key key, unsigned mods);
void tv_term_send_char(tv_term *t, uint32_t ch, unsigned mods);

/*
 * An ASCII stand-in for a character, for terminals without UTF-8: box
 * drawing becomes - | +, blocks #, anything else outside ASCII '?'.
 */
char tv_term_ascii(uint32_t ch);

/* The xterm 256-colour index (16..255) nearest to an RGB colour. */
int tv_term_rgb_to_256(int r, int g, int b);

/*
 * What a terminal with ncolors colours (curses' COLORS) can show for a cell
 * colour: itself from 256 colours up; the nearest of the 16 ANSI colours
 * below that; with fewer than 16, a bright one as its normal colour with
 * *bright set (drawn bold, as such terminals brighten bold text).  Below 8,
 * the default colour.  bright may be NULL.
 */
int tv_term_color_fit(int color, int ncolors, bool *bright);
