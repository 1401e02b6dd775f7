/*
 * Append-only debug log, enabled by $TVIRT_LOG; thread safe through stdio's
 * own stream lock.  Lines carry a monotonic timestamp in milliseconds.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "util/log.h"

static FILE *log_file;

void
tv_log_init(void)
{
    const char *path = g_getenv("TVIRT_LOG");
    if (path && *path && !log_file)
        log_file = fopen(path, "a");
}

void
tv_log_close(void)
{
    if (log_file)
        fclose(log_file);
    log_file = NULL;
}

void
tv_log(const char *fmt, ...)
{
    va_list ap;
    if (!log_file)
        return;
    flockfile(log_file);
    fprintf(log_file, "%10.3f ", g_get_monotonic_time() / 1000.0);
    va_start(ap, fmt);
    vfprintf(log_file, fmt, ap);
    va_end(ap);
    fputc('\n', log_file);
    fflush(log_file);
    funlockfile(log_file);
}
