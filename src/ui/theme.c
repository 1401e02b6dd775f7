/*
 * Colour themes: the element name table, the compiled-in default and
 * monochrome sets, the parser for themes/NAME.theme files and the step that
 * turns a theme into curses colour pairs.  Parsing and loading never touch
 * the terminal, so they are tested without one; only tv_theme_apply calls
 * curses.  The compiled-in default must stay equal to themes/default.theme
 * (a unit test compares them), so that an uninstalled or broken setup looks
 * the same as a working one.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "ui/theme.h"

#ifndef TV_THEMEDIR
#define TV_THEMEDIR "/usr/local/share/tvirt/themes"
#endif

#ifndef A_ITALIC
#define A_ITALIC A_NORMAL
#endif

static const char *const el_names[] = {
    [TV_EL_DEFAULT] = "default",
    [TV_EL_TITLE] = "title",
    [TV_EL_TAB] = "tab",
    [TV_EL_TAB_ACTIVE] = "tab-active",
    [TV_EL_HEADER] = "header",
    [TV_EL_CURSOR] = "cursor",
    [TV_EL_SELECTED] = "selected",
    [TV_EL_RUNNING] = "running",
    [TV_EL_PAUSED] = "paused",
    [TV_EL_SHUTOFF] = "shutoff",
    [TV_EL_CRASHED] = "crashed",
    [TV_EL_HOST_UP] = "host-up",
    [TV_EL_HOST_DOWN] = "host-down",
    [TV_EL_STATUS] = "status",
    [TV_EL_STATUS_ERROR] = "status-error",
    [TV_EL_KEY] = "key",
    [TV_EL_KEY_LABEL] = "key-label",
    [TV_EL_DISABLED] = "disabled",
    [TV_EL_DIALOG] = "dialog",
    [TV_EL_DIALOG_TITLE] = "dialog-title",
    [TV_EL_BORDER] = "border",
    [TV_EL_LABEL] = "label",
    [TV_EL_GRAPH] = "graph",
    [TV_EL_ERROR] = "error",
    [TV_EL_WARNING] = "warning",
    [TV_EL_MATCH] = "match",
};
G_STATIC_ASSERT(G_N_ELEMENTS(el_names) == TV_EL_LAST);

#define DEF TV_COLOR_DEFAULT

/* Keep in step with themes/default.theme: test-theme checks they agree. */
static const tv_theme_entry default_theme[] = {
    [TV_EL_DEFAULT] = { DEF, DEF, A_NORMAL },
    [TV_EL_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD },
    [TV_EL_TAB] = { COLOR_WHITE, COLOR_BLUE, A_NORMAL },
    [TV_EL_TAB_ACTIVE] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL },
    [TV_EL_HEADER] = { DEF, DEF, A_BOLD },
    [TV_EL_CURSOR] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL },
    [TV_EL_SELECTED] = { COLOR_YELLOW, DEF, A_BOLD },
    [TV_EL_RUNNING] = { COLOR_GREEN, DEF, A_NORMAL },
    [TV_EL_PAUSED] = { COLOR_YELLOW, DEF, A_NORMAL },
    [TV_EL_SHUTOFF] = { DEF, DEF, A_DIM },
    [TV_EL_CRASHED] = { COLOR_RED, DEF, A_BOLD },
    [TV_EL_HOST_UP] = { COLOR_GREEN, DEF, A_NORMAL },
    [TV_EL_HOST_DOWN] = { COLOR_RED, DEF, A_BOLD },
    [TV_EL_STATUS] = { DEF, DEF, A_NORMAL },
    [TV_EL_STATUS_ERROR] = { COLOR_WHITE, COLOR_RED, A_BOLD },
    [TV_EL_KEY] = { DEF, DEF, A_BOLD },
    [TV_EL_KEY_LABEL] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL },
    [TV_EL_DISABLED] = { DEF, DEF, A_DIM },
    [TV_EL_DIALOG] = { DEF, DEF, A_NORMAL },
    [TV_EL_DIALOG_TITLE] = { COLOR_CYAN, DEF, A_BOLD },
    [TV_EL_BORDER] = { COLOR_CYAN, DEF, A_NORMAL },
    [TV_EL_LABEL] = { COLOR_CYAN, DEF, A_NORMAL },
    [TV_EL_GRAPH] = { COLOR_GREEN, DEF, A_NORMAL },
    [TV_EL_ERROR] = { COLOR_RED, DEF, A_BOLD },
    [TV_EL_WARNING] = { COLOR_YELLOW, DEF, A_BOLD },
    [TV_EL_MATCH] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL },
};
G_STATIC_ASSERT(G_N_ELEMENTS(default_theme) == TV_EL_LAST);

/*
 * Attributes without colour (NO_COLOR, monochrome terminals).  Normal states
 * stay plain so that the unusual ones stand out.  themes/mono.theme spells
 * out the same set for colour terminals.
 */
static const attr_t mono_attrs[] = {
    [TV_EL_DEFAULT] = A_NORMAL,
    [TV_EL_TITLE] = A_BOLD,
    [TV_EL_TAB] = A_NORMAL,
    [TV_EL_TAB_ACTIVE] = A_REVERSE,
    [TV_EL_HEADER] = A_BOLD | A_UNDERLINE,
    [TV_EL_CURSOR] = A_REVERSE,
    [TV_EL_SELECTED] = A_BOLD,
    [TV_EL_RUNNING] = A_NORMAL,
    [TV_EL_PAUSED] = A_UNDERLINE,
    [TV_EL_SHUTOFF] = A_DIM,
    [TV_EL_CRASHED] = A_BOLD | A_UNDERLINE,
    [TV_EL_HOST_UP] = A_NORMAL,
    [TV_EL_HOST_DOWN] = A_BOLD | A_UNDERLINE,
    [TV_EL_STATUS] = A_NORMAL,
    [TV_EL_STATUS_ERROR] = A_BOLD,
    [TV_EL_KEY] = A_BOLD,
    [TV_EL_KEY_LABEL] = A_NORMAL,
    [TV_EL_DISABLED] = A_DIM,
    [TV_EL_DIALOG] = A_NORMAL,
    [TV_EL_DIALOG_TITLE] = A_BOLD,
    [TV_EL_BORDER] = A_NORMAL,
    [TV_EL_LABEL] = A_BOLD,
    [TV_EL_GRAPH] = A_NORMAL,
    [TV_EL_ERROR] = A_BOLD,
    [TV_EL_WARNING] = A_UNDERLINE,
    [TV_EL_MATCH] = A_BOLD | A_UNDERLINE,
};
G_STATIC_ASSERT(G_N_ELEMENTS(mono_attrs) == TV_EL_LAST);

static const char *const color_names[] = {
    "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const struct {
    const char *name;
    attr_t attr;
} attr_names[] = {
    { "normal", A_NORMAL },
    { "bold", A_BOLD },
    { "dim", A_DIM },
    { "underline", A_UNDERLINE },
    { "reverse", A_REVERSE },
    { "standout", A_STANDOUT },
    { "italic", A_ITALIC },
};

/* What tv_theme_apply computed; the UI thread alone reads and writes it. */
static attr_t el_attr[TV_EL_LAST];

const char *
tv_el_name(tv_el el)
{
    if ((unsigned)el >= TV_EL_LAST)
        return NULL;
    return el_names[el];
}

static int
el_lookup(const char *name)
{
    for (int i = 0; i < TV_EL_LAST; i++) {
        if (g_str_equal(el_names[i], name))
            return i;
    }
    return -1;
}

void
tv_theme_init_default(tv_theme *t)
{
    t->name = g_strdup("default");
    memcpy(t->el, default_theme, sizeof(t->el));
}

void
tv_theme_clear(tv_theme *t)
{
    g_clear_pointer(&t->name, g_free);
}

static void G_GNUC_PRINTF(2, 3)
add_warning(GPtrArray *warnings, const char *fmt, ...)
{
    va_list ap;
    if (!warnings)
        return;
    va_start(ap, fmt);
    g_ptr_array_add(warnings, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

/* A colour word: a name, bright-NAME, 0-255 or default.  Returns 0 or -1. */
static int
parse_color(const char *word, short *out)
{
    const char *base = word;
    int bright = 0;

    if (g_ascii_strcasecmp(word, "default") == 0) {
        *out = TV_COLOR_DEFAULT;
        return 0;
    }
    if (g_ascii_isdigit(*word)) {
        guint64 n;
        if (!g_ascii_string_to_unsigned(word, 10, 0, 255, &n, NULL))
            return -1;
        *out = (short)n;
        return 0;
    }
    if (g_ascii_strncasecmp(word, "bright-", 7) == 0) {
        base = word + 7;
        bright = 8;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(color_names); i++) {
        if (g_ascii_strcasecmp(base, color_names[i]) == 0) {
            *out = (short)(i + bright);
            return 0;
        }
    }
    return -1;
}

static int
parse_attr(const char *word, attr_t *out)
{
    for (size_t i = 0; i < G_N_ELEMENTS(attr_names); i++) {
        if (g_ascii_strcasecmp(word, attr_names[i].name) == 0) {
            *out |= attr_names[i].attr;
            return 0;
        }
    }
    return -1;
}

/*
 * Parses "element = fg bg [attr,...]" (comment already cut) into *el and *e.
 * Words are separated by whitespace or commas, so "black cyan,bold" and
 * "black cyan bold, underline" both work.  Warns and returns -1 when the line is to be skipped.
 */
static int
parse_line(char *text, const char *name, unsigned lineno, int *el, tv_theme_entry *e,
           GPtrArray *warnings)
{
    char *eq = strchr(text, '=');
    g_auto(GStrv) words = NULL;
    g_autoptr(GPtrArray) fields = g_ptr_array_new();
    tv_theme_entry parsed = { DEF, DEF, A_NORMAL };
    char *elname;

    if (!eq)
        goto malformed;
    *eq = '\0';
    elname = g_strstrip(text);
    words = g_strsplit_set(eq + 1, " \t,", -1);
    for (guint i = 0; words[i]; i++) {
        if (*words[i] != '\0')
            g_ptr_array_add(fields, words[i]);
    }
    if (*elname == '\0' || fields->len < 2)
        goto malformed;

    *el = el_lookup(elname);
    if (*el < 0) {
        add_warning(warnings, "%s:%u: unknown element '%s'", name, lineno, elname);
        return -1;
    }
    for (guint i = 0; i < 2; i++) {
        const char *word = g_ptr_array_index(fields, i);
        if (parse_color(word, i == 0 ? &parsed.fg : &parsed.bg) < 0) {
            add_warning(warnings, "%s:%u: unknown colour '%s'", name, lineno, word);
            return -1;
        }
    }
    for (guint i = 2; i < fields->len; i++) {
        const char *word = g_ptr_array_index(fields, i);
        if (parse_attr(word, &parsed.attrs) < 0) {
            add_warning(warnings, "%s:%u: unknown attribute '%s'", name, lineno, word);
            return -1;
        }
    }
    *e = parsed;
    return 0;

malformed:
    add_warning(warnings, "%s:%u: expected 'element = fg bg [attr,...]'", name, lineno);
    return -1;
}

void
tv_theme_parse(tv_theme *t, const char *name, const char *text, GPtrArray *warnings)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

    for (guint i = 0; lines[i]; i++) {
        char *line = lines[i];
        char *hash = strchr(line, '#');
        tv_theme_entry e;
        int el;

        /* No word of the syntax holds '#', so it always starts a comment. */
        if (hash)
            *hash = '\0';
        g_strstrip(line);
        if (*line == '\0')
            continue;
        if (parse_line(line, name, i + 1, &el, &e, warnings) == 0)
            t->el[el] = e;
    }
}

/* "dir/foo.theme" -> "foo", for a theme given by path. */
static char *
theme_name_of_path(const char *path)
{
    char *base = g_path_get_basename(path);
    if (g_str_has_suffix(base, ".theme") && strlen(base) > strlen(".theme"))
        base[strlen(base) - strlen(".theme")] = '\0';
    return base;
}

/* Reads path; returns 1 if it does not exist, -1 (with a warning) if unreadable. */
static int
read_theme(const char *path, char **text, GPtrArray *warnings)
{
    g_autoptr(GError) err = NULL;

    if (g_file_get_contents(path, text, NULL, &err))
        return 0;
    if (g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return 1;
    add_warning(warnings, "%s; using the default theme", err->message);
    return -1;
}

int
tv_theme_load(tv_theme *t, const char *name, const char *const *dirs, GPtrArray *warnings)
{
    g_autofree char *path = NULL;
    g_autofree char *text = NULL;
    int rc = 1;

    tv_theme_init_default(t);
    if (strchr(name, '/')) {
        path = g_strdup(name);
        rc = read_theme(path, &text, warnings);
    } else if (*name) {
        g_autofree char *file = g_strconcat(name, ".theme", NULL);
        for (size_t i = 0; dirs && dirs[i] && rc == 1; i++) {
            g_free(path);
            path = g_build_filename(dirs[i], file, NULL);
            rc = read_theme(path, &text, warnings);
        }
    }
    if (rc < 0)
        return -1;
    if (rc == 1) {
        /* The compiled-in copy of default.theme stands in for a missing file. */
        if (g_str_equal(name, "default"))
            return 0;
        add_warning(warnings, "unknown theme '%s'; using the default theme", name);
        return -1;
    }

    tv_theme_parse(t, path, text, warnings);
    g_free(t->name);
    t->name = theme_name_of_path(path);
    return 0;
}

char **
tv_theme_dirs(void)
{
    GPtrArray *dirs = g_ptr_array_new();
    const char *env = g_getenv("TVIRT_THEMEDIR");

    g_ptr_array_add(dirs, g_build_filename(g_get_user_config_dir(), "tvirt", "themes", NULL));
    if (env && *env)
        g_ptr_array_add(dirs, g_strdup(env));
    g_ptr_array_add(dirs, g_strdup(TV_THEMEDIR));
#ifdef TV_SRC_THEMEDIR
    g_ptr_array_add(dirs, g_strdup(TV_SRC_THEMEDIR));
#endif
    g_ptr_array_add(dirs, NULL);
    return (char **)g_ptr_array_free(dirs, FALSE);
}

tv_theme_entry
tv_theme_fit(tv_theme_entry e, int ncolors)
{
    /* Below 16 colours, bright-X is X in bold (most terminals brighten bold text). */
    if (ncolors < 16) {
        if (e.fg >= 8 && e.fg < 16) {
            e.fg = (short)(e.fg - 8);
            e.attrs |= A_BOLD;
        }
        if (e.bg >= 8 && e.bg < 16)
            e.bg = (short)(e.bg - 8);
    }
    if (e.fg >= ncolors)
        e.fg = TV_COLOR_DEFAULT;
    if (e.bg >= ncolors)
        e.bg = TV_COLOR_DEFAULT;
    return e;
}

void
tv_theme_apply(const tv_theme *t, bool use_color)
{
    for (int i = 0; i < TV_EL_LAST; i++) {
        tv_theme_entry e;

        if (!use_color) {
            el_attr[i] = mono_attrs[i];
            continue;
        }
        e = tv_theme_fit(t->el[i], COLORS);
        /* Pairs 1..TV_EL_LAST: the ones below TV_THEME_FIRST_FREE_PAIR. */
        if (init_pair((short)(i + 1), e.fg, e.bg) == OK)
            el_attr[i] = COLOR_PAIR(i + 1) | e.attrs;
        else
            el_attr[i] = mono_attrs[i] | e.attrs;
    }
}

attr_t
tv_theme_attr(tv_el el)
{
    if ((unsigned)el >= TV_EL_LAST)
        return A_NORMAL;
    return el_attr[el];
}
