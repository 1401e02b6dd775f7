/*
 * The serial console screen: a title line, then the guest's terminal
 * (ui/term.c, libvterm) drawn cell by cell with its colours and attributes,
 * fed by the console session (model/console.c).  Every key goes to the
 * guest, encoded by the terminal, except Ctrl+], which returns, and
 * Shift+PgUp/PgDn (or Alt+PgUp/PgDn, for terminal windows that keep Shift
 * for themselves), which page through the scrollback.  When another client
 * holds the console, the screen shows libvirt's message and asks whether to
 * take the console over, which opens it again with libvirt's force flag.
 * The guest's colours get curses pairs on demand (ui/pairs.c), above the
 * theme's; without colour (NO_COLOR, monochrome) only attributes are drawn.
 */
#include "config.h"

#include <curses.h>
#include <string.h>
#include <wchar.h>

#include "model/console.h"
#include "ui/draw.h"
#include "ui/pairs.h"
#include "ui/term.h"
#include "ui/views.h"

#ifndef A_ITALIC
#define A_ITALIC A_NORMAL
#endif

#define TV_KEY_CONSOLE_EXIT 0x1d /* Ctrl+], as in virsh console */

/* Codes for the scrollback keys when the terminal description lacks them. */
#define TV_KEY_SCROLL_BASE 0x7100

struct tv_console_screen {
    tv_console *session; /* NULL while asking whether to take over */
    tv_term *term;
    tv_pairs *pairs;     /* the guest's colours; made at the first draw in colour */
    char *title;         /* "Console of NAME on HOST" */
    unsigned host_id;
    char *uuid;
    bool forced;         /* opened with the force flag */
    char *busy;          /* libvirt's message while asking to take over, else NULL */
};

/* Key codes of Shift+PgUp, Shift+PgDn, Alt+PgUp, Alt+PgDn (0: unknown). */
static int scroll_keys[4];

/*
 * xterm's sequences for the scrollback keys, which tmux and most terminal
 * windows send whatever TERM says: known to curses under some terminal
 * descriptions, taught to it under the others.  Once per process.
 */
static void
setup_scroll_keys(void)
{
    static const char *const seqs[] = { "\033[5;2~", "\033[6;2~", "\033[5;3~", "\033[6;3~" };
    static bool done;
    if (done)
        return;
    done = true;
    for (int i = 0; i < 4; i++) {
        int code = key_defined(seqs[i]);
        if (code == 0 && define_key(seqs[i], TV_KEY_SCROLL_BASE + i) == OK)
            code = TV_KEY_SCROLL_BASE + i;
        scroll_keys[i] = code > 0 ? code : 0;
    }
}

/* -1 for a key that scrolls back a page, +1 forward, 0 for any other key. */
static int
scroll_direction(int ch)
{
    if (ch == KEY_SPREVIOUS)
        return -1;
    if (ch == KEY_SNEXT)
        return 1;
    for (int i = 0; i < 4; i++) {
        if (scroll_keys[i] && ch == scroll_keys[i])
            return i % 2 ? 1 : -1;
    }
    return 0;
}

static void
screen_free(struct tv_console_screen *cs)
{
    if (!cs)
        return;
    if (cs->session) {
        tv_console_close(cs->session);
        tv_console_unref(cs->session);
    }
    tv_term_free(cs->term);
    tv_pairs_free(cs->pairs);
    g_free(cs->title);
    g_free(cs->uuid);
    g_free(cs->busy);
    g_free(cs);
}

void
tv_app_console_free(tv_app *app)
{
    screen_free(app->console);
    app->console = NULL;
}

/* The terminal's answers and the user's keys go to the guest. */
static void
to_guest(const char *bytes, size_t n, void *user)
{
    struct tv_console_screen *cs = user;
    if (cs->session)
        tv_console_write(cs->session, bytes, n);
}

static int
term_rows(const tv_app *app)
{
    return MAX(app->rows - 1, 1); /* below the title line */
}

void
tv_app_open_console(tv_app *app, const tv_host_snapshot *snap, const tv_domain *d)
{
    tv_host *host = tv_app_host(app, snap->host_id);
    struct tv_console_screen *cs;

    if (!host)
        return;
    setup_scroll_keys();
    tv_app_console_free(app);
    cs = g_new0(struct tv_console_screen, 1);
    cs->host_id = snap->host_id;
    cs->uuid = g_strdup(d->uuid_str);
    cs->title = g_strdup_printf("Console of %s on %s", d->name,
                                tv_labels_get(app->labels, snap));
    cs->term = tv_term_new(term_rows(app), MAX(app->cols, 1), to_guest, cs);
    cs->session = tv_console_open(host, d->uuid_str, false);
    app->console = cs;
    tv_app_show(app, TV_VIEW_CONSOLE, true);
}

static void
end_console(tv_app *app, const char *why)
{
    g_autofree char *title = g_strdup(app->console->title);
    tv_app_console_free(app);
    if (app->view == TV_VIEW_CONSOLE)
        tv_app_back(app);
    app->clear_next = true; /* the guest may have left anything on the screen */
    if (why)
        tv_app_status(app, true, "%s ended: %s", title, why);
    else
        tv_app_status(app, false, "%s closed", title);
}

/* Opens the console again with the force flag: libvirt closes the other client's stream. */
static void
take_over(tv_app *app)
{
    struct tv_console_screen *cs = app->console;
    tv_host *host = tv_app_host(app, cs->host_id);
    if (!host) {
        end_console(app, "the host was disconnected");
        return;
    }
    g_clear_pointer(&cs->busy, g_free);
    cs->forced = true;
    cs->session = tv_console_open(host, cs->uuid, true);
    app->dirty = true;
}

bool
tv_app_pump_console(tv_app *app)
{
    struct tv_console_screen *cs = app->console;
    char buf[8192];
    size_t n;
    const char *reason = NULL;
    tv_console_state st;

    if (!cs)
        return false;
    if (!cs->session)
        return true; /* asking */
    while ((n = tv_console_read(cs->session, buf, sizeof(buf))) > 0) {
        tv_term_feed(cs->term, buf, n);
        app->dirty = true;
    }
    st = tv_console_get_state(cs->session, &reason);
    if (st == TV_CONSOLE_BUSY) {
        cs->busy = g_strdup(reason ? reason : "another client holds the console");
        tv_console_unref(cs->session);
        cs->session = NULL;
        app->dirty = true;
        return true;
    }
    if (st == TV_CONSOLE_CLOSED) {
        g_autofree char *why = g_strdup(reason ? reason : "closed");
        end_console(app, why);
        return false;
    }
    return true;
}

/* ---- keys ---------------------------------------------------------------- */

/*
 * Modified cursor keys that curses knows only by their terminfo names
 * (kUP5 is Ctrl+Up): the digit is xterm's modifier parameter, 1 + mods.
 */
static bool
named_key(int ch, tv_term_key *key, unsigned *mods)
{
    static const struct {
        const char *name;
        tv_term_key key;
    } names[] = {
        { "kUP", TV_TERM_KEY_UP },     { "kDN", TV_TERM_KEY_DOWN },
        { "kLFT", TV_TERM_KEY_LEFT },  { "kRIT", TV_TERM_KEY_RIGHT },
        { "kHOM", TV_TERM_KEY_HOME },  { "kEND", TV_TERM_KEY_END },
        { "kIC", TV_TERM_KEY_INSERT }, { "kDC", TV_TERM_KEY_DELETE },
        { "kPRV", TV_TERM_KEY_PAGE_UP }, { "kNXT", TV_TERM_KEY_PAGE_DOWN },
    };
    const char *name = keyname(ch);
    size_t len;

    if (!name)
        return false;
    len = strlen(name);
    if (len < 4 || name[len - 1] < '2' || name[len - 1] > '8')
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        if (strlen(names[i].name) == len - 1 && strncmp(name, names[i].name, len - 1) == 0) {
            *key = names[i].key;
            *mods = (unsigned)(name[len - 1] - '1');
            return true;
        }
    }
    return false;
}

/* A curses function key as a terminal key; false for keys a terminal has no bytes for. */
static bool
curses_key(int ch, tv_term_key *key, unsigned *mods)
{
    static const struct {
        int curses;
        tv_term_key key;
        unsigned mods;
    } keys[] = {
        { KEY_UP, TV_TERM_KEY_UP, 0 },
        { KEY_DOWN, TV_TERM_KEY_DOWN, 0 },
        { KEY_LEFT, TV_TERM_KEY_LEFT, 0 },
        { KEY_RIGHT, TV_TERM_KEY_RIGHT, 0 },
        { KEY_HOME, TV_TERM_KEY_HOME, 0 },
        { KEY_END, TV_TERM_KEY_END, 0 },
        { KEY_IC, TV_TERM_KEY_INSERT, 0 },
        { KEY_DC, TV_TERM_KEY_DELETE, 0 },
        { KEY_PPAGE, TV_TERM_KEY_PAGE_UP, 0 },
        { KEY_NPAGE, TV_TERM_KEY_PAGE_DOWN, 0 },
        { KEY_BACKSPACE, TV_TERM_KEY_BACKSPACE, 0 },
        { KEY_ENTER, TV_TERM_KEY_ENTER, 0 },
        { KEY_BTAB, TV_TERM_KEY_TAB, TV_TERM_MOD_SHIFT },
        { KEY_SR, TV_TERM_KEY_UP, TV_TERM_MOD_SHIFT },
        { KEY_SF, TV_TERM_KEY_DOWN, TV_TERM_MOD_SHIFT },
        { KEY_SLEFT, TV_TERM_KEY_LEFT, TV_TERM_MOD_SHIFT },
        { KEY_SRIGHT, TV_TERM_KEY_RIGHT, TV_TERM_MOD_SHIFT },
        { KEY_SHOME, TV_TERM_KEY_HOME, TV_TERM_MOD_SHIFT },
        { KEY_SEND, TV_TERM_KEY_END, TV_TERM_MOD_SHIFT },
        { KEY_SIC, TV_TERM_KEY_INSERT, TV_TERM_MOD_SHIFT },
        { KEY_SDC, TV_TERM_KEY_DELETE, TV_TERM_MOD_SHIFT },
    };

    *mods = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        if (keys[i].curses == ch) {
            *key = keys[i].key;
            *mods = keys[i].mods;
            return true;
        }
    }
    /* F13..F24 and F25..F36 are how terminfo spells Shift and Ctrl with F1..F12. */
    if (ch >= KEY_F(1) && ch <= KEY_F(36)) {
        int n = ch - KEY_F(1);
        static const unsigned fmods[] = { 0, TV_TERM_MOD_SHIFT, TV_TERM_MOD_CTRL };
        *key = (tv_term_key)(TV_TERM_KEY_F1 + n % 12);
        *mods = fmods[n / 12];
        return true;
    }
    return named_key(ch, key, mods);
}

static void
ask_key(tv_app *app, int ch, bool is_char)
{
    int c = is_char ? (int)g_unichar_tolower((gunichar)ch) : ch;
    if (c == 'y') {
        take_over(app);
    } else if (c == 'n' || c == 27 || c == 'q' || c == TV_KEY_CONSOLE_EXIT) {
        g_autofree char *why = g_strdup(app->console->busy);
        end_console(app, why);
    }
}

void
tv_app_console_key(tv_app *app, int ch, bool is_char)
{
    struct tv_console_screen *cs = app->console;
    tv_term_key key;
    unsigned mods;
    int dir;

    if (!cs)
        return;
    if (cs->busy) {
        ask_key(app, ch, is_char);
        return;
    }
    if (is_char && ch == TV_KEY_CONSOLE_EXIT) {
        end_console(app, NULL);
        return;
    }
    if (!is_char && (dir = scroll_direction(ch)) != 0) {
        int rows, cols;
        tv_term_get_size(cs->term, &rows, &cols);
        tv_term_scroll(cs->term, -dir * MAX(rows - 1, 1));
        return;
    }
    /* Typing returns to the live screen, as in a terminal window. */
    tv_term_scroll(cs->term, -tv_term_scroll_offset(cs->term));
    if (is_char) {
        if (ch == '\r')
            tv_term_send_key(cs->term, TV_TERM_KEY_ENTER, 0); /* CR, or CR LF in newline mode */
        else
            tv_term_send_char(cs->term, (uint32_t)ch, 0);
    } else if (curses_key(ch, &key, &mods)) {
        tv_term_send_key(cs->term, key, mods);
    }
}

/* ---- drawing ------------------------------------------------------------- */

/* Colour pair for a cell's colours (adding A_BOLD for a bright colour on 8 colours). */
static short
cell_pair(struct tv_console_screen *cs, const tv_term_cell *c, attr_t *attr)
{
    bool bright = false, fresh = false;
    int fg = tv_term_color_fit(c->fg, COLORS, &bright);
    int bg = tv_term_color_fit(c->bg, COLORS, NULL);
    int pair;

    if (bright)
        *attr |= A_BOLD;
    if (fg == TV_TERM_COLOR_DEFAULT && bg == TV_TERM_COLOR_DEFAULT)
        return 0;
    if (!cs->pairs)
        cs->pairs = tv_pairs_new(TV_THEME_FIRST_FREE_PAIR, MIN(COLOR_PAIRS, 32767));
    pair = tv_pairs_get(cs->pairs, fg, bg, &fresh);
    if (pair < 0)
        return 0; /* more colours on screen than pairs: this frame draws the rest plain */
    if (fresh && init_pair((short)pair, (short)fg, (short)bg) != OK)
        return 0;
    return (short)pair;
}

/*
 * The characters curses draws for a cell in its width: the cell's own when
 * the terminal can show them in that many columns, else ASCII stand-ins.
 */
static void
cell_glyph(const tv_term_cell *c, wchar_t *out, size_t max, bool *doubled)
{
    uint32_t base = c->chars[0];
    size_t n = 0;

    *doubled = false;
    if (!base) {
        out[n++] = L' ';
    } else if (tv_text_utf8() && wcwidth((wchar_t)base) == c->width) {
        for (int i = 0; i < TV_TERM_CELL_CHARS && c->chars[i] && n + 1 < max; i++)
            out[n++] = (wchar_t)c->chars[i];
    } else {
        out[n++] = (wchar_t)tv_term_ascii(base);
        *doubled = c->width == 2; /* keep the columns: the stand-in is narrow */
    }
    out[n] = L'\0';
}

static void
draw_cell(tv_app *app, int y, int x, const tv_term_cell *c)
{
    struct tv_console_screen *cs = app->console;
    wchar_t glyph[TV_TERM_CELL_CHARS + 1];
    attr_t attr = A_NORMAL;
    short pair = 0;
    bool doubled;
    cchar_t cc;

    if (c->attrs & TV_TERM_BOLD)
        attr |= A_BOLD;
    if (c->attrs & TV_TERM_UNDERLINE)
        attr |= A_UNDERLINE;
    if (c->attrs & TV_TERM_REVERSE)
        attr |= A_REVERSE;
    if (c->attrs & TV_TERM_ITALIC)
        attr |= A_ITALIC;
    if (c->attrs & TV_TERM_BLINK)
        attr |= A_BLINK;
    if (app->use_color)
        pair = cell_pair(cs, c, &attr);
    cell_glyph(c, glyph, G_N_ELEMENTS(glyph), &doubled);
    if (setcchar(&cc, glyph, attr, pair, NULL) != OK)
        return;
    mvadd_wch(y, x, &cc);
    if (doubled && x + 1 < app->cols)
        mvadd_wch(y, x + 1, &cc);
}

/* The take-over question, in a box over the terminal. */
static void
draw_question(tv_app *app, int y, int height)
{
    static const char question[] = "Take the console over from the other client? [y/n]";
    int w = MIN(app->cols - 4, 72), h, top, x;
    g_autoptr(GPtrArray) lines = tv_text_wrap(app->console->busy, MAX(w - 4, 1));
    g_autoptr(GPtrArray) ask = tv_text_wrap(question, MAX(w - 4, 1));

    h = (int)lines->len + (int)ask->len + 3;
    top = y + MAX((height - h) / 2, 0);
    x = MAX((app->cols - w) / 2, 0);
    tv_draw_box(top, x, h, w, "Console in use", TV_EL_DIALOG);
    for (guint i = 0; i < lines->len; i++)
        tv_draw_text(top + 1 + (int)i, x + 2, w - 4, lines->pdata[i], TV_ALIGN_LEFT,
                     TV_EL_DIALOG);
    for (guint i = 0; i < ask->len; i++)
        tv_draw_text(top + 2 + (int)lines->len + (int)i, x + 2, w - 4, ask->pdata[i],
                     TV_ALIGN_LEFT, TV_EL_DIALOG_TITLE);
}

static void
draw_title(tv_app *app, int y)
{
    struct tv_console_screen *cs = app->console;
    g_autofree char *title = NULL;
    const char *state = "";
    int rows, cols, offset;

    tv_term_get_size(cs->term, &rows, &cols);
    offset = tv_term_scroll_offset(cs->term);
    if (cs->busy)
        state = ": another client holds it";
    else if (cs->session && tv_console_get_state(cs->session, NULL) == TV_CONSOLE_OPENING)
        state = cs->forced ? ": taking over..." : ": connecting...";
    if (cs->busy)
        title = g_strdup_printf("%s%s  (y takes it over, n returns)", cs->title, state);
    else if (offset > 0)
        title = g_strdup_printf("%s%s  [scrollback: %d of %d lines up]  "
                                "(Shift+PgDn or typing returns, Ctrl+] leaves)",
                                cs->title, state, offset, tv_term_scrollback_lines(cs->term));
    else
        title = g_strdup_printf("%s%s  %dx%d  (Ctrl+] returns, Shift+PgUp scrolls back)",
                                cs->title, state, cols, rows);
    tv_draw_text(y, 0, app->cols, title, TV_ALIGN_LEFT, TV_EL_HEADER);
}

static void
console_draw(tv_app *app, int y, int height)
{
    struct tv_console_screen *cs = app->console;
    int rows, cols, crow, ccol;

    if (!cs) {
        tv_draw_text(y, 0, app->cols, "Console", TV_ALIGN_LEFT, TV_EL_HEADER);
        curs_set(0);
        return;
    }
    draw_title(app, y);
    tv_term_get_size(cs->term, &rows, &cols);
    rows = MIN(rows, height - 1);
    cols = MIN(cols, app->cols);
    if (cs->pairs)
        tv_pairs_frame(cs->pairs);
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
            tv_term_cell cell;
            tv_term_cell_at(cs->term, r, c, &cell);
            if (cell.width == 0)
                continue; /* drawn with the wide character on its left */
            if (cell.width == 2 && c + 1 >= cols)
                cell.chars[0] = 0;
            draw_cell(app, y + 1 + r, c, &cell);
        }
    }
    attrset(A_NORMAL);
    if (cs->busy) {
        draw_question(app, y + 1, height - 1);
        curs_set(0);
    } else if (tv_term_cursor(cs->term, &crow, &ccol) && crow < rows) {
        move(y + 1 + crow, MIN(ccol, app->cols - 1));
        curs_set(1);
    } else {
        curs_set(0);
    }
}

/* After a terminal resize: the guest's screen takes the new size. */
static void
console_rebuild(tv_app *app)
{
    if (app->console)
        tv_term_resize(app->console->term, term_rows(app), MAX(app->cols, 1));
}

const tv_view tv_view_console = {
    .title = "Console",
    .rebuild = console_rebuild,
    .draw = console_draw,
};
