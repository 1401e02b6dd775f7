/*
 * Reads a host's capabilities for tv_host_caps: the capabilities document,
 * then libvirt's domain capabilities for each hypervisor type it offers on
 * the q35 and pc chipsets (what new VMs are made on).  A pairing libvirt
 * refuses (kvm without /dev/kvm, a driver without domain capabilities, as
 * the test driver) is left out, not an error.
 */
#include "config.h"

#include "model/hostcaps-read.h"
#include "util/cleanup.h"

tv_host_caps *
tv_host_caps_read(virConnectPtr conn, char **error)
{
    tv_autovirstr *caps_xml = virConnectGetCapabilities(conn);
    if (!caps_xml) {
        *error = tv_vir_last_error("could not read the host's capabilities");
        return NULL;
    }
    g_autoptr(tv_host_caps) base = tv_host_caps_parse(caps_xml, NULL, 0, error);
    if (!base)
        return NULL;

    g_autoptr(GPtrArray) domcaps = g_ptr_array_new_with_free_func(free);
    const char *chipsets[] = {base->q35, base->pc};
    for (size_t t = 0; base->virt_types[t]; t++) {
        for (size_t m = 0; m < G_N_ELEMENTS(chipsets); m++) {
            if (!chipsets[m])
                continue;
            char *xml = virConnectGetDomainCapabilities(conn, NULL, base->arch, chipsets[m],
                                                        base->virt_types[t], 0);
            if (xml)
                g_ptr_array_add(domcaps, xml);
        }
    }
    virResetLastError();
    return tv_host_caps_parse(caps_xml, (const char *const *)domcaps->pdata, domcaps->len,
                              error);
}
