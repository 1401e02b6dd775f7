/*
 * The MACs in use on a host, read from libvirt for the actions that add
 * NICs: the snapshot carries the parsed XML of one domain at most, so the
 * worker reads them all again right before it picks or checks an address.
 * That is two XML reads per running domain, a few milliseconds per hundred
 * domains on a local daemon, once per NIC added.
 */
#include "config.h"

#include <stdlib.h>

#include "model/mac-read.h"
#include "util/cleanup.h"

/* Adds the NICs of one of dom's XML descriptions (flags: 0 or VIR_DOMAIN_XML_INACTIVE). */
static void
add_xml(tv_mac_set *set, virDomainPtr dom, unsigned flags)
{
    tv_autovirstr *xml = virDomainGetXMLDesc(dom, flags);
    g_autofree char *error = NULL;
    g_autoptr(tv_domain_details) d = xml ? tv_domxml_parse(xml, &error) : NULL;
    tv_mac_set_add_domain(set, d);
}

tv_mac_set *
tv_mac_read_host(virConnectPtr conn, char **error)
{
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(conn, &doms, 0);
    tv_mac_set *set;

    if (n < 0) {
        *error = tv_vir_last_error("could not list the host's domains");
        return NULL;
    }
    set = tv_mac_set_new();
    for (int i = 0; i < n; i++) {
        add_xml(set, doms[i], 0);
        if (virDomainIsActive(doms[i]) == 1 && virDomainIsPersistent(doms[i]) == 1)
            add_xml(set, doms[i], VIR_DOMAIN_XML_INACTIVE);
        virDomainFree(doms[i]);
    }
    free(doms);
    virResetLastError();
    return set;
}
