/*
 * The ':' command line's language, apart from the screen: a line is split
 * as a shell would (quotes and backslashes, so names with spaces work),
 * the first word names a command or action, bare words after it name
 * targets and NAME=VALUE words give parameters.  Also Tab completion and
 * the history of accepted lines.  Pure (no curses), unit-tested.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

typedef struct tv_cmdline {
    char *command;   /* the first word */
    GPtrArray *args; /* bare words after it (targets), in order */
    GPtrArray *keys; /* NAME of each NAME=VALUE word, in order */
    GPtrArray *values;
} tv_cmdline;

/* Parses line; NULL with *error when the quoting is broken or the line is empty. */
tv_cmdline *tv_cmdline_parse(const char *line, char **error);
void tv_cmdline_free(tv_cmdline *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(tv_cmdline, tv_cmdline_free)

/* Whether word reads as NAME=VALUE (a lowercase NAME), not as a target. */
bool tv_cmdline_looks_like_param(const char *word);

/* The value of the last NAME=VALUE word with this name, or NULL. */
const char *tv_cmdline_get(const tv_cmdline *c, const char *name);

/*
 * Tab completion of the last word of line (the text before the cursor).
 * words lists the candidates for that word's position (the caller picks
 * them: commands for the first word, target names and NAME= for later
 * ones).  Returns the new line (g_free), or NULL when nothing matches; a
 * unique match is completed and followed by a space (not after '='), and
 * several matches extend the word to their common prefix and are listed in
 * *matches (g_ptr_array_unref) for the status line.  Candidates that need
 * quoting are quoted.
 */
char *tv_cmdline_complete(const char *line, const char *const *words, size_t n_words,
                          GPtrArray **matches);

/* Index of the word the end of line is in: 0 for the command, 1.. after it. */
int tv_cmdline_word_index(const char *line);

/* The unquoted text of the word being typed at the end of line (g_free). */
char *tv_cmdline_last_word(const char *line);

/* The history of accepted lines, newest last, without repeats in a row. */
typedef struct tv_history {
    GPtrArray *lines;
    int pos; /* while browsing: index in lines; lines->len when not */
    char *draft; /* what was typed before browsing began */
} tv_history;

void tv_history_init(tv_history *h);
void tv_history_clear(tv_history *h);
void tv_history_add(tv_history *h, const char *line);
/* Up (older) or Down (newer) from the current line; returns the line to show, or NULL. */
const char *tv_history_move(tv_history *h, bool older, const char *current);
/* Ends browsing (after an edit, or when the line is closed). */
void tv_history_reset(tv_history *h);
