/*
 * The Messages screen's memory: the last few hundred results, errors and
 * warnings, each with its wall-clock time and host, oldest first.  The
 * status line holds one message; this keeps the rest.  Pure (no curses).
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

#define TV_MSGLOG_MAX 500

typedef struct tv_msglog_entry {
    gint64 time_us; /* wall-clock */
    char *host;     /* host label, or NULL */
    bool error;
    char *text;
} tv_msglog_entry;

typedef struct tv_msglog {
    GPtrArray *entries; /* tv_msglog_entry*, oldest first */
    guint64 added;  /* how many were ever added (views notice news) */
} tv_msglog;

void tv_msglog_init(tv_msglog *log);
void tv_msglog_clear(tv_msglog *log);
/* Adds an entry, dropping the oldest beyond TV_MSGLOG_MAX; copies host and text. */
void tv_msglog_add(tv_msglog *log, gint64 time_us, const char *host, bool error,
                   const char *text);
guint tv_msglog_len(const tv_msglog *log);
/* Entry i, 0 being the oldest kept. */
const tv_msglog_entry *tv_msglog_get(const tv_msglog *log, guint i);
