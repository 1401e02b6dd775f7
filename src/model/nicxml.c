/*
 * <interface> elements: built from a tv_nic_spec with the tree API (names
 * are attribute values that libxml2 escapes, so any network or bridge name
 * round-trips), and found again by MAC in a domain's XML for a detach.
 * The element is shaped as virsh attach-interface shapes it: type, MAC,
 * source, model, and the link state only when the cable starts unplugged.
 */
#include "config.h"

#include <string.h>

#include "model/nicxml.h"
#include "util/cleanup.h"
#include "util/xml.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlBuffer, xmlBufferFree)

xmlNode *
tv_nicxml_node(const tv_nic_spec *spec)
{
    xmlNode *nic = xmlNewNode(NULL, BAD_CAST "interface");
    xmlNode *source;
    const char *type = spec->type ? spec->type : "network";

    xmlNewProp(nic, BAD_CAST "type", BAD_CAST type);
    if (spec->mac)
        xmlNewProp(xmlNewChild(nic, NULL, BAD_CAST "mac", NULL), BAD_CAST "address",
                   BAD_CAST spec->mac);
    source = xmlNewChild(nic, NULL, BAD_CAST "source", NULL);
    if (strcmp(type, "bridge") == 0) {
        xmlNewProp(source, BAD_CAST "bridge", BAD_CAST spec->source);
    } else if (strcmp(type, "direct") == 0) {
        xmlNewProp(source, BAD_CAST "dev", BAD_CAST spec->source);
        if (spec->mode)
            xmlNewProp(source, BAD_CAST "mode", BAD_CAST spec->mode);
    } else {
        xmlNewProp(source, BAD_CAST "network", BAD_CAST spec->source);
    }
    if (spec->model)
        xmlNewProp(xmlNewChild(nic, NULL, BAD_CAST "model", NULL), BAD_CAST "type",
                   BAD_CAST spec->model);
    if (spec->link_down)
        xmlNewProp(xmlNewChild(nic, NULL, BAD_CAST "link", NULL), BAD_CAST "state",
                   BAD_CAST "down");
    return nic;
}

/* An element as indented text, ending in a newline. */
static char *
node_text(xmlDoc *doc, xmlNode *node)
{
    g_autoptr(xmlBuffer) buf = xmlBufferCreate();
    xmlNodeDump(buf, doc, node, 0, 1);
    return g_strdup_printf("%s\n", (const char *)xmlBufferContent(buf));
}

char *
tv_nicxml_build(const tv_nic_spec *spec)
{
    g_autoptr(xmlDoc) doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNode *nic = tv_nicxml_node(spec);
    xmlDocSetRootElement(doc, nic);
    return node_text(doc, nic);
}

int
tv_nicxml_find(const char *domain_xml, const char *mac, char **element, char **error)
{
    g_autoptr(xmlDoc) doc = tv_xml_parse(domain_xml, "the domain XML", error);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(xmlXPathObject) set = NULL;

    *element = NULL;
    if (!doc)
        return -1;
    if (!xmlStrEqual(root->name, BAD_CAST "domain")) {
        *error = g_strdup_printf("the XML describes a %s, not a domain",
                                 (const char *)root->name);
        return -1;
    }
    ctx = xmlXPathNewContext(doc);
    set = xmlXPathEval(BAD_CAST "/domain/devices/interface", ctx);
    for (int i = 0; set && set->nodesetval && i < set->nodesetval->nodeNr; i++) {
        xmlNode *nic = set->nodesetval->nodeTab[i];
        for (xmlNode *c = nic->children; c; c = c->next) {
            tv_autoxmlchar *address = NULL;
            if (c->type != XML_ELEMENT_NODE || !xmlStrEqual(c->name, BAD_CAST "mac"))
                continue;
            address = xmlGetProp(c, BAD_CAST "address");
            if (address && g_ascii_strcasecmp((const char *)address, mac) == 0) {
                *element = node_text(doc, nic);
                return 1;
            }
        }
    }
    return 0;
}
