/*
 * A fault for the UI tests, preloaded into tvirt (LD_PRELOAD): libvirt's
 * test driver starts every domain it is given, so a start that fails, and
 * everything tvirt must undo after it, cannot be seen on it otherwise.
 * With TV_FAULT_START=NAME, virDomainCreate on the domain called NAME
 * fails, its error set the only way libvirt's public API allows: by a
 * call that fails (a lookup of a domain named "tv-fault: ..."), so tvirt
 * reports libvirt's own words; every other call goes to libvirt.
 * With TV_FAULT_HOLD_DEFINE=FILE, virDomainDefineXML creates FILE and
 * waits until the test removes it (at most 120 s) before it goes to
 * libvirt: a lab test cuts a host's link at exactly that step (after the
 * new volume was made), then lets the call go out on the dying link.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

virDomainPtr
virDomainDefineXML(virConnectPtr conn, const char *xml)
{
    static virDomainPtr (*real)(virConnectPtr, const char *);
    const char *hold = getenv("TV_FAULT_HOLD_DEFINE");
    if (hold) {
        FILE *f = fopen(hold, "w");
        struct timespec tick = { 0, 20 * 1000 * 1000 };
        if (f)
            fclose(f);
        for (int i = 0; i < 120 * 50 && access(hold, F_OK) == 0; i++)
            nanosleep(&tick, NULL);
    }
    if (!real)
        real = (virDomainPtr(*)(virConnectPtr, const char *))dlsym(RTLD_NEXT,
                                                                   "virDomainDefineXML");
    return real(conn, xml);
}
