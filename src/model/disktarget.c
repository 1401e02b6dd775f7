/*
 * Disk target names and new volume names.  Target names follow libvirt's
 * own arithmetic (virDiskNameToIndex / virIndexToDiskName: letters count
 * in base 26 with "aa" after "z"), so the next free name tvirt offers is
 * the one libvirt would take for the same index.  SCSI, SATA and USB disks
 * share the sd* names, so a name is free only when no disk of any bus has it.
 */
#include "config.h"

#include <string.h>

#include "model/disktarget.h"

/* Four letters reach index 475253: far beyond any bus, and no overflow. */
#define MAX_LETTERS 4

const char *
tv_disk_bus_prefix(const char *bus)
{
    if (!bus)
        return NULL;
    if (strcmp(bus, "virtio") == 0)
        return "vd";
    if (strcmp(bus, "scsi") == 0 || strcmp(bus, "sata") == 0 || strcmp(bus, "usb") == 0)
        return "sd";
    if (strcmp(bus, "ide") == 0)
        return "hd";
    return NULL;
}

int
tv_disk_target_index(const char *target, const char **prefix)
{
    /* libvirt's order: "xvd" before "vd" would not matter, no prefix is another's start. */
    static const char *const prefixes[] = { "fd", "hd", "vd", "sd", "xvd", "ubd" };
    const char *p = NULL;
    int idx = 0;
    size_t n = 0;

    for (size_t i = 0; target && i < G_N_ELEMENTS(prefixes); i++) {
        if (g_str_has_prefix(target, prefixes[i])) {
            p = target + strlen(prefixes[i]);
            if (prefix)
                *prefix = prefixes[i];
            break;
        }
    }
    if (!p)
        return -1;
    for (; *p; p++, n++) {
        if (*p < 'a' || *p > 'z' || n >= MAX_LETTERS)
            return -1;
        idx = (idx + (n ? 1 : 0)) * 26 + (*p - 'a');
    }
    return n ? idx : -1;
}

char *
tv_disk_target_name(const char *prefix, int index)
{
    char letters[MAX_LETTERS + 2];
    int n = 0;

    if (index < 0)
        return NULL;
    for (int c = index; c >= 0 && n < MAX_LETTERS + 1; c = c / 26 - 1)
        letters[n++] = (char)('a' + c % 26);
    /* The letters came out last first. */
    for (int i = 0; i < n / 2; i++) {
        char t = letters[i];
        letters[i] = letters[n - 1 - i];
        letters[n - 1 - i] = t;
    }
    letters[n] = '\0';
    return g_strconcat(prefix, letters, NULL);
}

char *
tv_disk_next_target(const char *bus, const char *const *used)
{
    const char *prefix = tv_disk_bus_prefix(bus);
    g_autoptr(GHashTable) taken = NULL;

    if (!prefix)
        return NULL;
    taken = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (size_t i = 0; used && used[i]; i++) {
        const char *p = NULL;
        int idx = tv_disk_target_index(used[i], &p);
        if (idx >= 0 && strcmp(p, prefix) == 0)
            g_hash_table_add(taken, GINT_TO_POINTER(idx + 1));
    }
    for (int idx = 0;; idx++) {
        if (!g_hash_table_contains(taken, GINT_TO_POINTER(idx + 1)))
            return tv_disk_target_name(prefix, idx);
    }
}

char *
tv_disk_volume_name(const char *domain, const char *target, const char *format,
                    bool (*taken)(const char *name, void *data), void *data)
{
    const char *ext = g_strcmp0(format, "qcow2") == 0 ? "qcow2" : "img";
    const char *base = domain ? domain : "disk";
    char *name = g_strdup_printf("%s-%s.%s", base, target, ext);

    for (unsigned n = 2; taken && taken(name, data); n++) {
        g_free(name);
        name = g_strdup_printf("%s-%s-%u.%s", base, target, n, ext);
    }
    return name;
}
