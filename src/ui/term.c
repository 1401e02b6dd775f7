/*
 * The console's terminal on libvterm.  libvterm parses the guest's bytes
 * and keeps the screen (and the alternate screen full-screen programs
 * switch to); this file adds what a terminal window adds around it: a ring
 * of scrollback lines fed by libvterm's push callback (and drained by its
 * pop callback when the screen grows), a view offset into it, the cursor's
 * visibility, and the conversion of cells and colours to plain values the
 * curses side can draw.  Scrollback lines are stored with trailing blanks
 * cut, so a few thousand short shell lines cost little.
 */
#include "config.h"

#include <string.h>
#include <glib.h>
#include <vterm.h>

#include "ui/term.h"

typedef struct sb_line {
    int cols;
    tv_term_cell cells[]; /* cols of them */
} sb_line;

struct tv_term {
    VTerm *vt;
    VTermScreen *screen;
    VTermState *state;
    int rows, cols;
    bool cursor_visible;
    tv_term_output_fn out;
    void *user;

    sb_line **sb;  /* ring of TV_TERM_SCROLLBACK lines */
    int sb_first;  /* index of the oldest */
    int sb_len;
    int offset;    /* lines the view is scrolled back */
};

/* ---- colours ------------------------------------------------------------- */

/* xterm's default RGB for the 16 ANSI colours. */
static const uint8_t ansi_rgb[16][3] = {
    { 0x00, 0x00, 0x00 }, { 0xcd, 0x00, 0x00 }, { 0x00, 0xcd, 0x00 }, { 0xcd, 0xcd, 0x00 },
    { 0x00, 0x00, 0xee }, { 0xcd, 0x00, 0xcd }, { 0x00, 0xcd, 0xcd }, { 0xe5, 0xe5, 0xe5 },
    { 0x7f, 0x7f, 0x7f }, { 0xff, 0x00, 0x00 }, { 0x00, 0xff, 0x00 }, { 0xff, 0xff, 0x00 },
    { 0x5c, 0x5c, 0xff }, { 0xff, 0x00, 0xff }, { 0x00, 0xff, 0xff }, { 0xff, 0xff, 0xff },
};

static const int cube_levels[6] = { 0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff };

static void
index_rgb(int idx, int rgb[3])
{
    if (idx < 16) {
        for (int i = 0; i < 3; i++)
            rgb[i] = ansi_rgb[idx][i];
    } else if (idx < 232) {
        idx -= 16;
        rgb[0] = cube_levels[idx / 36];
        rgb[1] = cube_levels[idx / 6 % 6];
        rgb[2] = cube_levels[idx % 6];
    } else {
        rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (idx - 232);
    }
}

static int
dist2(const int a[3], const int b[3])
{
    int d = 0;
    for (int i = 0; i < 3; i++)
        d += (a[i] - b[i]) * (a[i] - b[i]);
    return d;
}

static int
cube_step(int v)
{
    if (v < 48)
        return 0;
    if (v < 115)
        return 1;
    return (v - 35) / 40;
}

int
tv_term_rgb_to_256(int r, int g, int b)
{
    int want[3] = { r, g, b };
    int cube = 16 + 36 * cube_step(r) + 6 * cube_step(g) + cube_step(b);
    int gray = 232 + CLAMP(((r + g + b) / 3 - 3) / 10, 0, 23);
    int c[3], gr[3];

    index_rgb(cube, c);
    index_rgb(gray, gr);
    return dist2(gr, want) < dist2(c, want) ? gray : cube;
}

int
tv_term_color_fit(int color, int ncolors, bool *bright)
{
    int best = 0;

    if (bright)
        *bright = false;
    if (color < 0 || color > 255 || ncolors < 8)
        return TV_TERM_COLOR_DEFAULT;
    if (ncolors >= 256)
        return color;
    if (color >= 16) {
        int rgb[3], best_d = G_MAXINT;
        int hi, lo;
        bool chromatic;
        index_rgb(color, rgb);
        hi = MAX(rgb[0], MAX(rgb[1], rgb[2]));
        lo = MIN(rgb[0], MIN(rgb[1], rgb[2]));
        /* Keep the hue: a colour matches colours, a grey greys (dark green is not black). */
        chromatic = (hi - lo) * 4 > hi;
        for (int i = 0; i < 16; i++) {
            int c[3], d;
            if ((i % 8 != 0 && i % 8 != 7) != chromatic)
                continue;
            index_rgb(i, c);
            d = dist2(c, rgb);
            if (d < best_d) {
                best_d = d;
                best = i;
            }
        }
        color = best;
    }
    if (ncolors < 16 && color >= 8) {
        if (bright)
            *bright = true;
        color -= 8;
    }
    return color;
}

char
tv_term_ascii(uint32_t ch)
{
    if (ch >= 0x20 && ch < 0x7f)
        return (char)ch;
    if (ch >= 0x2500 && ch <= 0x257f) { /* box drawing */
        static const uint32_t horiz[] = { 0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509,
                                          0x254c, 0x254d, 0x2550, 0x2574, 0x2576, 0x2578,
                                          0x257a, 0x257c, 0x257e };
        static const uint32_t vert[] = { 0x2502, 0x2503, 0x2506, 0x2507, 0x250a, 0x250b,
                                         0x254e, 0x254f, 0x2551, 0x2575, 0x2577, 0x2579,
                                         0x257b, 0x257d, 0x257f };
        for (size_t i = 0; i < G_N_ELEMENTS(horiz); i++) {
            if (ch == horiz[i])
                return '-';
            if (ch == vert[i])
                return '|';
        }
        return '+';
    }
    if (ch >= 0x2580 && ch <= 0x259f) /* block elements */
        return '#';
    if (ch == 0xb7 || ch == 0x2022) /* middle dot, bullet */
        return '.';
    return '?';
}

static int16_t
color_of(const VTermColor *c, bool background)
{
    if (background ? VTERM_COLOR_IS_DEFAULT_BG(c) : VTERM_COLOR_IS_DEFAULT_FG(c))
        return TV_TERM_COLOR_DEFAULT;
    if (VTERM_COLOR_IS_INDEXED(c))
        return c->indexed.idx;
    return (int16_t)tv_term_rgb_to_256(c->rgb.red, c->rgb.green, c->rgb.blue);
}

/* ---- cells --------------------------------------------------------------- */

static void
blank_cell(tv_term_cell *cell)
{
    memset(cell, 0, sizeof(*cell));
    cell->fg = cell->bg = TV_TERM_COLOR_DEFAULT;
    cell->width = 1;
}

static void
cell_from_vterm(const VTermScreenCell *vc, tv_term_cell *cell)
{
    blank_cell(cell);
    cell->fg = color_of(&vc->fg, false);
    cell->bg = color_of(&vc->bg, true);
    cell->attrs = (vc->attrs.bold ? TV_TERM_BOLD : 0) |
                  (vc->attrs.underline ? TV_TERM_UNDERLINE : 0) |
                  (vc->attrs.reverse ? TV_TERM_REVERSE : 0) |
                  (vc->attrs.italic ? TV_TERM_ITALIC : 0) | (vc->attrs.blink ? TV_TERM_BLINK : 0);
    if (vc->chars[0] == (uint32_t)-1) { /* the right half of a wide character */
        cell->width = 0;
        return;
    }
    for (int i = 0; i < TV_TERM_CELL_CHARS && i < VTERM_MAX_CHARS_PER_CELL && vc->chars[i]; i++)
        cell->chars[i] = vc->chars[i];
    cell->width = vc->width == 2 ? 2 : 1;
}

static bool
cell_is_blank(const tv_term_cell *cell)
{
    return cell->chars[0] == 0 && cell->width == 1 && cell->attrs == 0 &&
           cell->fg == TV_TERM_COLOR_DEFAULT && cell->bg == TV_TERM_COLOR_DEFAULT;
}

/* ---- scrollback ---------------------------------------------------------- */

static sb_line *
sb_at(const tv_term *t, int i) /* 0: the oldest */
{
    return t->sb[(t->sb_first + i) % TV_TERM_SCROLLBACK];
}

static int
on_sb_push(int cols, const VTermScreenCell *cells, void *user)
{
    tv_term *t = user;
    int n = cols;
    sb_line *line;
    int slot;

    line = g_malloc(sizeof(sb_line) + (size_t)MAX(cols, 1) * sizeof(tv_term_cell));
    for (int i = 0; i < cols; i++)
        cell_from_vterm(&cells[i], &line->cells[i]);
    while (n > 0 && cell_is_blank(&line->cells[n - 1]))
        n--;
    if (n < cols)
        line = g_realloc(line, sizeof(sb_line) + (size_t)MAX(n, 1) * sizeof(tv_term_cell));
    line->cols = n;

    if (t->sb_len == TV_TERM_SCROLLBACK) {
        g_free(t->sb[t->sb_first]);
        t->sb[t->sb_first] = NULL;
        t->sb_first = (t->sb_first + 1) % TV_TERM_SCROLLBACK;
        t->sb_len--;
    }
    slot = (t->sb_first + t->sb_len) % TV_TERM_SCROLLBACK;
    t->sb[slot] = line;
    t->sb_len++;
    /* A user reading old lines keeps seeing the same ones while new output arrives. */
    if (t->offset > 0)
        t->offset = MIN(t->offset + 1, t->sb_len);
    return 1;
}

static void
color_to_vterm(const tv_term *t, int16_t c, bool background, VTermColor *out)
{
    if (c == TV_TERM_COLOR_DEFAULT) {
        VTermColor fg, bg;
        vterm_state_get_default_colors(t->state, &fg, &bg);
        *out = background ? bg : fg;
    } else {
        vterm_color_indexed(out, (uint8_t)c);
    }
}

static int
on_sb_pop(int cols, VTermScreenCell *cells, void *user)
{
    tv_term *t = user;
    sb_line *line;
    int slot;

    if (t->sb_len == 0)
        return 0;
    slot = (t->sb_first + t->sb_len - 1) % TV_TERM_SCROLLBACK;
    line = t->sb[slot];
    for (int i = 0; i < cols; i++) {
        tv_term_cell c;
        VTermScreenCell *vc = &cells[i];
        if (i < line->cols)
            c = line->cells[i];
        else
            blank_cell(&c);
        memset(vc, 0, sizeof(*vc));
        for (int k = 0; k < TV_TERM_CELL_CHARS && c.chars[k]; k++)
            vc->chars[k] = c.chars[k];
        vc->width = (char)(c.width == 2 ? 2 : 1);
        vc->attrs.bold = !!(c.attrs & TV_TERM_BOLD);
        vc->attrs.underline = (c.attrs & TV_TERM_UNDERLINE) ? VTERM_UNDERLINE_SINGLE : 0;
        vc->attrs.reverse = !!(c.attrs & TV_TERM_REVERSE);
        vc->attrs.italic = !!(c.attrs & TV_TERM_ITALIC);
        vc->attrs.blink = !!(c.attrs & TV_TERM_BLINK);
        color_to_vterm(t, c.fg, false, &vc->fg);
        color_to_vterm(t, c.bg, true, &vc->bg);
    }
    g_free(line);
    t->sb[slot] = NULL;
    t->sb_len--;
    t->offset = MIN(t->offset, t->sb_len);
    return 1;
}

/* ---- libvterm callbacks -------------------------------------------------- */

static int
on_prop(VTermProp prop, VTermValue *val, void *user)
{
    tv_term *t = user;
    if (prop == VTERM_PROP_CURSORVISIBLE)
        t->cursor_visible = val->boolean;
    return 1; /* accepted: libvterm stores it (the alternate screen depends on that) */
}

static void
on_output(const char *s, size_t len, void *user)
{
    tv_term *t = user;
    if (t->out)
        t->out(s, len, t->user);
}

static const VTermScreenCallbacks screen_callbacks = {
    .settermprop = on_prop,
    .sb_pushline = on_sb_push,
    .sb_popline = on_sb_pop,
};

/* ---- the terminal -------------------------------------------------------- */

tv_term *
tv_term_new(int rows, int cols, tv_term_output_fn out, void *user)
{
    tv_term *t = g_new0(tv_term, 1);

    t->rows = MAX(rows, 1);
    t->cols = MAX(cols, 1);
    t->out = out;
    t->user = user;
    t->cursor_visible = true;
    t->sb = g_new0(sb_line *, TV_TERM_SCROLLBACK);
    t->vt = vterm_new(t->rows, t->cols);
    vterm_set_utf8(t->vt, 1);
    vterm_output_set_callback(t->vt, on_output, t);
    t->state = vterm_obtain_state(t->vt);
    t->screen = vterm_obtain_screen(t->vt);
    vterm_screen_enable_altscreen(t->screen, 1);
    vterm_screen_set_callbacks(t->screen, &screen_callbacks, t);
    vterm_screen_reset(t->screen, 1);
    return t;
}

void
tv_term_free(tv_term *t)
{
    if (!t)
        return;
    vterm_free(t->vt);
    for (int i = 0; i < t->sb_len; i++)
        g_free(sb_at(t, i));
    g_free(t->sb);
    g_free(t);
}

void
tv_term_feed(tv_term *t, const char *bytes, size_t n)
{
    if (n)
        vterm_input_write(t->vt, bytes, n);
}

void
tv_term_resize(tv_term *t, int rows, int cols)
{
    rows = MAX(rows, 1);
    cols = MAX(cols, 1);
    if (rows == t->rows && cols == t->cols)
        return;
    t->rows = rows;
    t->cols = cols;
    vterm_set_size(t->vt, rows, cols);
}

void
tv_term_get_size(const tv_term *t, int *rows, int *cols)
{
    *rows = t->rows;
    *cols = t->cols;
}

void
tv_term_cell_at(const tv_term *t, int row, int col, tv_term_cell *cell)
{
    blank_cell(cell);
    if (row < 0 || row >= t->rows || col < 0 || col >= t->cols)
        return;
    if (row < t->offset) {
        const sb_line *line = sb_at(t, t->sb_len - t->offset + row);
        if (col < line->cols)
            *cell = line->cells[col];
        return;
    }
    {
        VTermScreenCell vc;
        VTermPos pos = { .row = row - t->offset, .col = col };
        memset(&vc, 0, sizeof(vc)); /* libvterm stops copying characters at the first 0 */
        if (vterm_screen_get_cell(t->screen, pos, &vc))
            cell_from_vterm(&vc, cell);
    }
}

void
tv_term_cell_utf8(const tv_term_cell *cell, char *buf, size_t len)
{
    size_t at = 0;
    for (int i = 0; i < TV_TERM_CELL_CHARS && cell->chars[i]; i++) {
        char u[8];
        int n = g_unichar_to_utf8(cell->chars[i], u);
        if (at + (size_t)n + 1 > len)
            break;
        memcpy(buf + at, u, (size_t)n);
        at += (size_t)n;
    }
    if (len)
        buf[at] = '\0';
}

char *
tv_term_row_text(const tv_term *t, int row)
{
    GString *s = g_string_new(NULL);
    for (int col = 0; col < t->cols; col++) {
        tv_term_cell c;
        char u[4 * TV_TERM_CELL_CHARS + 1];
        tv_term_cell_at(t, row, col, &c);
        if (c.width == 0)
            continue;
        if (!c.chars[0]) {
            g_string_append_c(s, ' ');
            continue;
        }
        tv_term_cell_utf8(&c, u, sizeof(u));
        g_string_append(s, u);
    }
    while (s->len && s->str[s->len - 1] == ' ')
        g_string_truncate(s, s->len - 1);
    return g_string_free(s, FALSE);
}

bool
tv_term_cursor(const tv_term *t, int *row, int *col)
{
    VTermPos pos;
    vterm_state_get_cursorpos(t->state, &pos);
    *row = pos.row + t->offset;
    *col = MIN(pos.col, t->cols - 1);
    return t->cursor_visible && *row < t->rows;
}

int
tv_term_scrollback_lines(const tv_term *t)
{
    return t->sb_len;
}

int
tv_term_scroll_offset(const tv_term *t)
{
    return t->offset;
}

void
tv_term_scroll(tv_term *t, int lines)
{
    t->offset = CLAMP(t->offset + lines, 0, t->sb_len);
}

static VTermModifier
vterm_mods(unsigned mods)
{
    return (VTermModifier)(((mods & TV_TERM_MOD_SHIFT) ? VTERM_MOD_SHIFT : 0) |
                           ((mods & TV_TERM_MOD_ALT) ? VTERM_MOD_ALT : 0) |
                           ((mods & TV_TERM_MOD_CTRL) ? VTERM_MOD_CTRL : 0));
}

void
tv_term_send_key(tv_term *t, tv_term_key key, unsigned mods)
{
    static const VTermKey keys[] = {
        [TV_TERM_KEY_ENTER] = VTERM_KEY_ENTER,
        [TV_TERM_KEY_TAB] = VTERM_KEY_TAB,
        [TV_TERM_KEY_BACKSPACE] = VTERM_KEY_BACKSPACE,
        [TV_TERM_KEY_ESCAPE] = VTERM_KEY_ESCAPE,
        [TV_TERM_KEY_UP] = VTERM_KEY_UP,
        [TV_TERM_KEY_DOWN] = VTERM_KEY_DOWN,
        [TV_TERM_KEY_LEFT] = VTERM_KEY_LEFT,
        [TV_TERM_KEY_RIGHT] = VTERM_KEY_RIGHT,
        [TV_TERM_KEY_INSERT] = VTERM_KEY_INS,
        [TV_TERM_KEY_DELETE] = VTERM_KEY_DEL,
        [TV_TERM_KEY_HOME] = VTERM_KEY_HOME,
        [TV_TERM_KEY_END] = VTERM_KEY_END,
        [TV_TERM_KEY_PAGE_UP] = VTERM_KEY_PAGEUP,
        [TV_TERM_KEY_PAGE_DOWN] = VTERM_KEY_PAGEDOWN,
    };
    VTermKey vk;

    if ((unsigned)key >= TV_TERM_KEY_LAST)
        return;
    if (key >= TV_TERM_KEY_F1)
        vk = (VTermKey)VTERM_KEY_FUNCTION(key - TV_TERM_KEY_F1 + 1);
    else
        vk = keys[key];
    vterm_keyboard_key(t->vt, vk, vterm_mods(mods));
}

void
tv_term_send_char(tv_term *t, uint32_t ch, unsigned mods)
{
    vterm_keyboard_unichar(t->vt, ch, vterm_mods(mods));
}
