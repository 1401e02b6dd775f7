/*
 * Small glue between libvirt's per-thread error state and GLib strings.
 * libvirt keeps the last error in thread-local storage and clears it when
 * objects are freed, so callers copy the message out first and report the
 * copy; this file owns that one copy step.
 */
#include "config.h"

#include "util/cleanup.h"

#include <libvirt/virterror.h>

/*
 * Returns a new string (g_free) with the calling thread's last libvirt error
 * message, or a copy of fallback when libvirt recorded none.  A NULL fallback
 * still yields a sentence so callers never have to check for NULL.
 */
char *
tv_vir_last_error(const char *fallback)
{
    if (virGetLastError() != NULL)
        return g_strdup(virGetLastErrorMessage());
    return g_strdup(fallback ? fallback : "unknown libvirt error");
}
