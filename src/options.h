/*
 * The command line.  Parsing is pure (no I/O) so a unit test covers every
 * option and every usage error; main prints usage and exits 2 on error.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

typedef enum {
    TV_FORMAT_CSV,  /* batch mode's default */
    TV_FORMAT_JSON,
    TV_FORMAT_TEXT, /* --exec's default: one line */
} tv_format;

typedef struct tv_options {
    char **uris;       /* from -c, NULL-terminated; NULL when none given */
    bool readonly;
    double interval_s; /* -d; < 0 when not given */
    char *theme;       /* --theme or NULL */
    bool batch;
    long iterations;   /* --iterations; 0 = until interrupted */
    tv_format format;
    char *exec;        /* --exec ACTION, or NULL */
    char **exec_args;  /* its NAME=VALUE words, NULL-terminated (never NULL with --exec) */
    bool help;
    bool version;
} tv_options;

/* Parses argv (argv[0] is the program).  Returns 0, or -1 with *error (g_free). */
int tv_options_parse(tv_options *o, int argc, char **argv, char **error);
void tv_options_clear(tv_options *o);
/* The usage text, ending in a newline. */
const char *tv_options_usage(void);
