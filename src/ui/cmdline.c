/*
 * Command line parsing, completion and history.  Splitting uses GLib's
 * shell parser; completion works on the last word only, which is where
 * the cursor is when a user presses Tab to finish what they are typing.
 */
#include "config.h"

#include <string.h>

#include "ui/cmdline.h"

#define TV_HISTORY_MAX 100

bool
tv_cmdline_looks_like_param(const char *word)
{
    const char *eq = strchr(word, '=');
    /* NAME=VALUE only when NAME looks like a parameter: a domain may have '=' in its name. */
    bool is_param = eq && eq > word;
    for (const char *p = word; is_param && p < eq; p++)
        is_param = g_ascii_islower(*p) || *p == '_' || *p == '.' || g_ascii_isdigit(*p);
    return is_param;
}

tv_cmdline *
tv_cmdline_parse(const char *line, char **error)
{
    g_autoptr(GError) err = NULL;
    g_auto(GStrv) argv = NULL;
    tv_cmdline *c;
    int argc = 0;

    if (!g_shell_parse_argv(line, &argc, &argv, &err)) {
        *error = g_strdup(err && err->code == G_SHELL_ERROR_EMPTY_STRING
                              ? "empty command"
                              : err ? err->message : "cannot split the line");
        return NULL;
    }
    c = g_new0(tv_cmdline, 1);
    c->command = g_strdup(argv[0]);
    c->args = g_ptr_array_new_with_free_func(g_free);
    c->keys = g_ptr_array_new_with_free_func(g_free);
    c->values = g_ptr_array_new_with_free_func(g_free);
    for (int i = 1; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        if (tv_cmdline_looks_like_param(argv[i])) {
            g_ptr_array_add(c->keys, g_strndup(argv[i], (gsize)(eq - argv[i])));
            g_ptr_array_add(c->values, g_strdup(eq + 1));
        } else {
            g_ptr_array_add(c->args, g_strdup(argv[i]));
        }
    }
    return c;
}

void
tv_cmdline_free(tv_cmdline *c)
{
    if (!c)
        return;
    g_free(c->command);
    g_ptr_array_unref(c->args);
    g_ptr_array_unref(c->keys);
    g_ptr_array_unref(c->values);
    g_free(c);
}

const char *
tv_cmdline_get(const tv_cmdline *c, const char *name)
{
    for (guint i = c->keys->len; i > 0; i--) {
        if (strcmp(c->keys->pdata[i - 1], name) == 0)
            return c->values->pdata[i - 1];
    }
    return NULL;
}

/* Byte offset where the last word of line starts (after the last unquoted space). */
static size_t
last_word_start(const char *line)
{
    size_t start = 0;
    char quote = 0;
    for (size_t i = 0; line[i]; i++) {
        char ch = line[i];
        if (quote) {
            if (ch == quote)
                quote = 0;
            else if (ch == '\\' && quote == '"' && line[i + 1])
                i++;
        } else if (ch == '\'' || ch == '"') {
            quote = ch;
        } else if (ch == '\\' && line[i + 1]) {
            i++;
        } else if (ch == ' ') {
            start = i + 1;
        }
    }
    return start;
}

int
tv_cmdline_word_index(const char *line)
{
    int n = 0;
    size_t start = last_word_start(line);
    g_autofree char *head = g_strndup(line, start);
    g_auto(GStrv) argv = NULL;
    int argc = 0;
    if (start > 0 && g_shell_parse_argv(head, &argc, &argv, NULL))
        n = argc;
    return n;
}

char *
tv_cmdline_last_word(const char *line)
{
    const char *word = line + last_word_start(line);
    char *text = *word ? g_shell_unquote(word, NULL) : NULL;
    if (!text) {
        /* An open quote: the text after it, as typed. */
        text = g_strdup(word[0] == '\'' || word[0] == '"' ? word + 1 : word);
    }
    return text;
}

/* A word as it must be typed: quoted when it holds anything a shell would split on. */
static char *
quoted(const char *word)
{
    for (const char *p = word; *p; p++) {
        if (strchr(" \t'\"\\$`&|;<>()*?#~", *p))
            return g_shell_quote(word);
    }
    return g_strdup(word);
}

char *
tv_cmdline_complete(const char *line, const char *const *words, size_t n_words,
                    GPtrArray **matches)
{
    size_t start = last_word_start(line);
    g_autofree char *typed = tv_cmdline_last_word(line);
    g_autoptr(GPtrArray) found = g_ptr_array_new();
    g_autofree char *common = NULL;
    g_autofree char *as_typed = NULL;
    bool unique;

    for (size_t i = 0; i < n_words; i++) {
        if (g_str_has_prefix(words[i], typed)) {
            bool dup = false;
            for (guint k = 0; k < found->len && !dup; k++)
                dup = strcmp(found->pdata[k], words[i]) == 0;
            if (!dup)
                g_ptr_array_add(found, (gpointer)words[i]);
        }
    }
    if (found->len == 0)
        return NULL;
    common = g_strdup(found->pdata[0]);
    for (guint i = 1; i < found->len; i++) {
        const char *w = found->pdata[i];
        size_t k = 0;
        while (common[k] && common[k] == w[k])
            k++;
        /* Never cut a UTF-8 character in two. */
        while (k > 0 && (common[k] & 0xc0) == 0x80)
            k--;
        common[k] = '\0';
    }
    unique = found->len == 1;
    as_typed = quoted(common);
    if (matches) {
        *matches = NULL;
        if (!unique) {
            *matches = g_ptr_array_new_with_free_func(g_free);
            for (guint i = 0; i < found->len; i++)
                g_ptr_array_add(*matches, g_strdup(found->pdata[i]));
        }
    }
    return g_strdup_printf("%.*s%s%s", (int)start, line, as_typed,
                           unique && !g_str_has_suffix(common, "=") ? " " : "");
}

void
tv_history_init(tv_history *h)
{
    h->lines = g_ptr_array_new_with_free_func(g_free);
    h->pos = 0;
    h->draft = NULL;
}

void
tv_history_clear(tv_history *h)
{
    g_clear_pointer(&h->lines, g_ptr_array_unref);
    g_clear_pointer(&h->draft, g_free);
}

void
tv_history_add(tv_history *h, const char *line)
{
    if (!*line)
        return;
    if (h->lines->len == 0 ||
        strcmp(h->lines->pdata[h->lines->len - 1], line) != 0)
        g_ptr_array_add(h->lines, g_strdup(line));
    if (h->lines->len > TV_HISTORY_MAX)
        g_ptr_array_remove_index(h->lines, 0);
    tv_history_reset(h);
}

void
tv_history_reset(tv_history *h)
{
    h->pos = (int)h->lines->len;
    g_clear_pointer(&h->draft, g_free);
}

const char *
tv_history_move(tv_history *h, bool older, const char *current)
{
    int n = (int)h->lines->len;
    if (h->pos > n)
        h->pos = n;
    if (older) {
        if (h->pos == 0)
            return NULL;
        if (h->pos == n) {
            g_free(h->draft);
            h->draft = g_strdup(current);
        }
        h->pos--;
        return h->lines->pdata[h->pos];
    }
    if (h->pos >= n)
        return NULL;
    h->pos++;
    return h->pos == n ? (h->draft ? h->draft : "") : h->lines->pdata[h->pos];
}
