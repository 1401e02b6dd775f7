/*
 * A bounded queue of message entries for the Messages screen.
 */
#include "config.h"

#include "ui/msglog.h"

static void
entry_free(gpointer p)
{
    tv_msglog_entry *e = p;
    g_free(e->host);
    g_free(e->text);
    g_free(e);
}

void
tv_msglog_init(tv_msglog *log)
{
    log->entries = g_ptr_array_new_with_free_func(entry_free);
    log->added = 0;
}

void
tv_msglog_clear(tv_msglog *log)
{
    g_clear_pointer(&log->entries, g_ptr_array_unref);
}

void
tv_msglog_add(tv_msglog *log, gint64 time_us, const char *host, bool error, const char *text)
{
    tv_msglog_entry *e = g_new0(tv_msglog_entry, 1);
    e->time_us = time_us;
    e->host = g_strdup(host);
    e->error = error;
    e->text = g_strdup(text);
    g_ptr_array_add(log->entries, e);
    if (log->entries->len > TV_MSGLOG_MAX)
        g_ptr_array_remove_range(log->entries, 0, log->entries->len - TV_MSGLOG_MAX);
    log->added++;
}

guint
tv_msglog_len(const tv_msglog *log)
{
    return log->entries->len;
}

const tv_msglog_entry *
tv_msglog_get(const tv_msglog *log, guint i)
{
    return i < log->entries->len ? log->entries->pdata[i] : NULL;
}
