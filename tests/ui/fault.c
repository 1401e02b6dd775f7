/*
 * A fault for the UI tests, preloaded into tvirt (LD_PRELOAD): libvirt's
 * test driver starts every domain it is given, so a start that fails, and
 * everything tvirt must undo after it, cannot be seen on it otherwise.
 * With TV_FAULT_START=NAME, virDomainCreate on the domain called NAME
 * fails, its error set the only way libvirt's public API allows: by a
 * call that fails (a lookup of a domain named "tv-fault: ..."), so tvirt
 * reports libvirt's own words; every other call goes to libvirt.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>

int
virDomainCreate(virDomainPtr dom)
{
    static int (*real)(virDomainPtr);
    const char *name = getenv("TV_FAULT_START");
    if (name && strcmp(name, virDomainGetName(dom)) == 0) {
        virDomainPtr none = virDomainLookupByName(virDomainGetConnect(dom),
                                                  "tv-fault: the guest did not start");
        if (none)
            virDomainFree(none);
        return -1;
    }
    if (!real)
        real = (int (*)(virDomainPtr))dlsym(RTLD_NEXT, "virDomainCreate");
    return real(dom);
}
