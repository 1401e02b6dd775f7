/*
 * Key spellings and keymaps.  A spelling ("C-r", "PgDn", "?") is what the
 * config file, the help screen and key hints show; a key is the curses code
 * getch() returns.  tv_key_name and tv_key_parse are inverses for every
 * code, with "<N>" as the spelling of codes that have no name.  A keymap is
 * a hash from key code to command name; the codes a terminal may send for
 * one key (Enter as '\n', '\r' or KEY_ENTER) are folded into one when keys
 * are bound and looked up, so a binding never depends on the terminal.
 */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "ui/keymap.h"

#define KEY_ESC 27
#define KEY_DEL_CHAR 127
#define MAX_FKEY 63

/* Names tv_key_name gives; tv_key_parse reads them case-insensitively. */
static const struct {
    int key;
    const char *name;
} key_names[] = {
    { 0, "C-Space" },
    { '\t', "Tab" },
    { '\n', "Enter" },
    { KEY_ESC, "Esc" },
    { ' ', "Space" },
    { KEY_BTAB, "BTab" },
    { KEY_BACKSPACE, "Backspace" },
    { KEY_DC, "Del" },
    { KEY_IC, "Ins" },
    { KEY_UP, "Up" },
    { KEY_DOWN, "Down" },
    { KEY_LEFT, "Left" },
    { KEY_RIGHT, "Right" },
    { KEY_PPAGE, "PgUp" },
    { KEY_NPAGE, "PgDn" },
    { KEY_HOME, "Home" },
    { KEY_END, "End" },
    { KEY_ENTER, "KP-Enter" },
};

/* Other spellings tv_key_parse accepts. */
static const struct {
    int key;
    const char *name;
} key_aliases[] = {
    { 0, "C-@" },
    { '\n', "Return" },
    { KEY_ESC, "Escape" },
    { KEY_BTAB, "S-Tab" },
    { KEY_DC, "Delete" },
    { KEY_IC, "Insert" },
    { KEY_PPAGE, "PageUp" },
    { KEY_NPAGE, "PageDown" },
};

/* Control characters past C-z, as "C-" plus this character. */
static const char ctrl_punct[] = "[\\]^_";

struct tv_keymap {
    GHashTable *bindings; /* GINT_TO_POINTER(key) -> owned command name */
};

/* Parses all of s as a decimal number in [min, max]. */
static bool
parse_decimal(const char *s, guint64 min, guint64 max, guint64 *out)
{
    guint64 n = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (!g_ascii_isdigit(*s))
            return false;
        n = n * 10 + (guint64)(*s - '0');
        if (n > max)
            return false;
    }
    *out = n;
    return n >= min;
}

int
tv_key_parse(const char *spelling, char **error)
{
    size_t len = spelling ? strlen(spelling) : 0;

    if (len == 0) {
        if (error)
            *error = g_strdup("empty key name");
        return -1;
    }
    if (len == 1 && spelling[0] >= ' ' && spelling[0] <= '~')
        return spelling[0];

    for (size_t i = 0; i < G_N_ELEMENTS(key_names); i++) {
        if (g_ascii_strcasecmp(spelling, key_names[i].name) == 0)
            return key_names[i].key;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(key_aliases); i++) {
        if (g_ascii_strcasecmp(spelling, key_aliases[i].name) == 0)
            return key_aliases[i].key;
    }

    if (len == 3 && (spelling[0] == 'C' || spelling[0] == 'c') && spelling[1] == '-') {
        char c = spelling[2];
        const char *p;
        /* Terminals send the same code for C-a and C-A. */
        if (g_ascii_isalpha(c))
            return g_ascii_tolower(c) - 'a' + 1;
        if (c != '\0' && (p = strchr(ctrl_punct, c)) != NULL)
            return KEY_ESC + (int)(p - ctrl_punct);
    }

    if ((spelling[0] == 'F' || spelling[0] == 'f') && g_ascii_isdigit(spelling[1])) {
        guint64 n;
        if (parse_decimal(spelling + 1, 1, MAX_FKEY, &n))
            return KEY_F((int)n);
    }

    if (spelling[0] == '<' && spelling[len - 1] == '>' && len > 2) {
        g_autofree char *digits = g_strndup(spelling + 1, len - 2);
        guint64 n;
        if (g_ascii_isdigit(digits[0]) &&
            parse_decimal(digits, 0, G_MAXINT, &n))
            return (int)n;
    }

    if (error)
        *error = g_strdup_printf("unknown key '%s'", spelling);
    return -1;
}

const char *
tv_key_name(int key)
{
    char buf[32];

    for (size_t i = 0; i < G_N_ELEMENTS(key_names); i++) {
        if (key_names[i].key == key)
            return key_names[i].name;
    }
    if (key >= 1 && key <= 26) {
        g_snprintf(buf, sizeof(buf), "C-%c", 'a' + key - 1);
    } else if (key >= KEY_ESC && key < KEY_ESC + (int)strlen(ctrl_punct)) {
        g_snprintf(buf, sizeof(buf), "C-%c", ctrl_punct[key - KEY_ESC]);
    } else if (key > ' ' && key <= '~') {
        buf[0] = (char)key;
        buf[1] = '\0';
    } else if (key >= KEY_F(1) && key <= KEY_F(MAX_FKEY)) {
        g_snprintf(buf, sizeof(buf), "F%d", key - KEY_F0);
    } else {
        g_snprintf(buf, sizeof(buf), "<%d>", key);
    }
    /* Interned: callers keep the pointer as long as they like, from any thread. */
    return g_intern_string(buf);
}

/* One code per physical key, whatever the terminal sent. */
static int
key_normalise(int key)
{
    switch (key) {
    case '\r':
    case KEY_ENTER:
        return '\n';
    case KEY_DEL_CHAR:
        /* What Backspace sends when terminfo's kbs says ^H but the terminal sends ^?. */
        return KEY_BACKSPACE;
    default:
        return key;
    }
}

tv_keymap *
tv_keymap_new(void)
{
    tv_keymap *km = g_new0(tv_keymap, 1);
    km->bindings = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    return km;
}

void
tv_keymap_free(tv_keymap *km)
{
    if (!km)
        return;
    g_hash_table_unref(km->bindings);
    g_free(km);
}

void
tv_keymap_bind(tv_keymap *km, int key, const char *command)
{
    g_return_if_fail(key >= 0);
    if (!command) {
        tv_keymap_unbind(km, key);
        return;
    }
    g_hash_table_insert(km->bindings, GINT_TO_POINTER(key_normalise(key)), g_strdup(command));
}

void
tv_keymap_unbind(tv_keymap *km, int key)
{
    g_hash_table_remove(km->bindings, GINT_TO_POINTER(key_normalise(key)));
}

const char *
tv_keymap_lookup(const tv_keymap *km, int key)
{
    return g_hash_table_lookup(km->bindings, GINT_TO_POINTER(key_normalise(key)));
}

int
tv_keymap_key_for(const tv_keymap *km, const char *command)
{
    GHashTableIter it;
    gpointer k, v;
    int best = -1;

    g_hash_table_iter_init(&it, km->bindings);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        int key = GPOINTER_TO_INT(k);
        if (g_str_equal(v, command) && (best < 0 || key < best))
            best = key;
    }
    return best;
}

static gint
cmp_int(gconstpointer a, gconstpointer b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

void
tv_keymap_foreach(const tv_keymap *km, tv_keymap_fn fn, void *data)
{
    g_autoptr(GArray) keys = g_array_new(FALSE, FALSE, sizeof(int));
    GHashTableIter it;
    gpointer k;

    g_hash_table_iter_init(&it, km->bindings);
    while (g_hash_table_iter_next(&it, &k, NULL)) {
        int key = GPOINTER_TO_INT(k);
        g_array_append_val(keys, key);
    }
    /* Sorted, so that help screens list keys in a stable order. */
    g_array_sort(keys, cmp_int);
    for (guint i = 0; i < keys->len; i++) {
        int key = g_array_index(keys, int, i);
        const char *command = tv_keymap_lookup(km, key);
        if (command)
            fn(key, command, data);
    }
}
