/*
 * <disk> and <controller> elements from a spec, and the few things the
 * attach and detach actions read back from a domain's XML (its
 * controllers, one disk by target).  Elements come out in the order
 * libvirt itself writes them (driver, source, target, readonly, shareable,
 * serial), so the golden files read like virsh dumpxml.  Reading walks the
 * tree by element name: values the user typed never become part of an
 * XPath expression.
 */
#include "config.h"

#include <string.h>
#include <libxml/xmlsave.h>

#include "model/diskxml.h"
#include "util/cleanup.h"
#include "util/xml.h"

/* "default" means the hypervisor's choice: the attribute is left out. */
static bool
chosen(const char *value)
{
    return value && *value && strcmp(value, "default") != 0;
}

static void
set_prop(xmlNode *n, const char *name, const char *value)
{
    if (chosen(value))
        xmlNewProp(n, BAD_CAST name, BAD_CAST value);
}

static const char *const source_types[] = {
    [TV_DISK_SOURCE_EMPTY] = "file",
    [TV_DISK_SOURCE_FILE] = "file",
    [TV_DISK_SOURCE_BLOCK] = "block",
    [TV_DISK_SOURCE_VOLUME] = "volume",
};
G_STATIC_ASSERT(G_N_ELEMENTS(source_types) == TV_DISK_SOURCE_LAST);

static void
add_driver(xmlDoc *doc, xmlNode *disk, const tv_disk_spec *spec)
{
    xmlNode *driver;
    if (!chosen(spec->driver) && !chosen(spec->format) && !chosen(spec->cache) &&
        !chosen(spec->io) && !chosen(spec->discard) && !chosen(spec->detect_zeroes))
        return;
    driver = xmlNewDocNode(doc, NULL, BAD_CAST "driver", NULL);
    xmlAddChild(disk, driver);
    set_prop(driver, "name", spec->driver);
    set_prop(driver, "type", spec->format);
    set_prop(driver, "cache", spec->cache);
    set_prop(driver, "io", spec->io);
    set_prop(driver, "discard", spec->discard);
    set_prop(driver, "detect_zeroes", spec->detect_zeroes);
}

static void
add_source(xmlDoc *doc, xmlNode *disk, const tv_disk_spec *spec)
{
    xmlNode *source;
    if (spec->source == TV_DISK_SOURCE_EMPTY)
        return;
    source = xmlNewDocNode(doc, NULL, BAD_CAST "source", NULL);
    xmlAddChild(disk, source);
    switch (spec->source) {
    case TV_DISK_SOURCE_FILE:
        xmlNewProp(source, BAD_CAST "file", BAD_CAST spec->path);
        break;
    case TV_DISK_SOURCE_BLOCK:
        xmlNewProp(source, BAD_CAST "dev", BAD_CAST spec->path);
        break;
    case TV_DISK_SOURCE_VOLUME:
        xmlNewProp(source, BAD_CAST "pool", BAD_CAST spec->pool);
        xmlNewProp(source, BAD_CAST "volume", BAD_CAST spec->volume);
        break;
    default:
        break;
    }
}

xmlNode *
tv_diskxml_node(xmlDoc *doc, const tv_disk_spec *spec)
{
    xmlNode *disk = xmlNewDocNode(doc, NULL, BAD_CAST "disk", NULL);
    xmlNode *target;

    xmlNewProp(disk, BAD_CAST "type",
               BAD_CAST source_types[(unsigned)spec->source < TV_DISK_SOURCE_LAST
                                         ? spec->source
                                         : TV_DISK_SOURCE_FILE]);
    xmlNewProp(disk, BAD_CAST "device", BAD_CAST(spec->device ? spec->device : "disk"));
    add_driver(doc, disk, spec);
    add_source(doc, disk, spec);
    target = xmlNewDocNode(doc, NULL, BAD_CAST "target", NULL);
    xmlAddChild(disk, target);
    xmlNewProp(target, BAD_CAST "dev", BAD_CAST spec->target);
    set_prop(target, "bus", spec->bus);
    if (spec->readonly)
        xmlAddChild(disk, xmlNewDocNode(doc, NULL, BAD_CAST "readonly", NULL));
    if (spec->shareable)
        xmlAddChild(disk, xmlNewDocNode(doc, NULL, BAD_CAST "shareable", NULL));
    if (spec->serial && *spec->serial)
        xmlNewTextChild(disk, NULL, BAD_CAST "serial", BAD_CAST spec->serial);
    return disk;
}

const char *
tv_diskxml_driver_format(const char *format)
{
    static const char *const qemu_reads[] = { "raw", "qcow2", "qcow",  "qed", "vmdk",
                                              "vpc", "vdi",   "vhdx",  "bochs", "cloop",
                                              "dmg", "parallels", "luks" };
    if (!format)
        return NULL;
    if (strcmp(format, "iso") == 0)
        return "raw";
    for (size_t i = 0; i < G_N_ELEMENTS(qemu_reads); i++) {
        if (strcmp(format, qemu_reads[i]) == 0)
            return qemu_reads[i];
    }
    return NULL;
}

/* An element as UTF-8 text, indented, without a declaration. */
static char *
node_text(xmlNode *node)
{
    xmlBuffer *buf = xmlBufferCreate();
    xmlSaveCtxt *save = xmlSaveToBuffer(buf, "UTF-8", XML_SAVE_FORMAT | XML_SAVE_NO_DECL);
    char *text;

    xmlSaveTree(save, node);
    xmlSaveClose(save);
    text = g_strdup_printf("%s\n", (const char *)xmlBufferContent(buf));
    xmlBufferFree(buf);
    return text;
}

/* A document for one element; UTF-8, so names are written as they are, not as &#...; */
static xmlDoc *
new_doc(void)
{
    xmlDoc *doc = xmlNewDoc(BAD_CAST "1.0");
    doc->encoding = xmlStrdup(BAD_CAST "UTF-8");
    return doc;
}

/* Builds node as the root of a document of its own and returns its text. */
static char *
doc_text(xmlDoc *doc, xmlNode *root)
{
    xmlDocSetRootElement(doc, root);
    return node_text(root);
}

char *
tv_diskxml_build(const tv_disk_spec *spec)
{
    g_autoptr(xmlDoc) doc = new_doc();
    return doc_text(doc, tv_diskxml_node(doc, spec));
}

char *
tv_diskxml_controller(const char *type, int index, const char *model)
{
    g_autoptr(xmlDoc) doc = new_doc();
    xmlNode *c = xmlNewDocNode(doc, NULL, BAD_CAST "controller", NULL);
    g_autofree char *idx = g_strdup_printf("%d", index);

    xmlNewProp(c, BAD_CAST "type", BAD_CAST type);
    xmlNewProp(c, BAD_CAST "index", BAD_CAST idx);
    set_prop(c, "model", model);
    return doc_text(doc, c);
}

/* The first child element of parent called name, or NULL. */
static xmlNode *
child(xmlNode *parent, const char *name)
{
    for (xmlNode *n = parent ? parent->children : NULL; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name))
            return n;
    }
    return NULL;
}

/* Whether attribute name of n is value. */
static bool
prop_is(xmlNode *n, const char *name, const char *value)
{
    tv_autoxmlchar *v = n ? xmlGetProp(n, BAD_CAST name) : NULL;
    return v && strcmp((const char *)v, value) == 0;
}

/*
 * Parses a domain's XML into *doc and finds its <devices> (NULL when it has
 * none).  Returns -1 with *error when the text is not a domain's XML.
 */
static int
devices_of(const char *domain_xml, xmlDoc **doc, xmlNode **devices, char **error)
{
    xmlNode *root;
    *devices = NULL;
    *doc = tv_xml_parse(domain_xml, "the domain XML", error);
    if (!*doc)
        return -1;
    root = xmlDocGetRootElement(*doc);
    if (!xmlStrEqual(root->name, BAD_CAST "domain")) {
        *error = g_strdup_printf("the XML describes a '%s' element, not a domain",
                                 (const char *)root->name);
        return -1;
    }
    *devices = child(root, "devices");
    return 0;
}

int
tv_diskxml_has_controller(const char *domain_xml, const char *type, int *next_index,
                          char **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    xmlNode *devices;
    int next = 0;
    bool found = false;

    if (devices_of(domain_xml, &doc, &devices, error) < 0)
        return -1;
    for (xmlNode *n = devices ? devices->children : NULL; n; n = n->next) {
        tv_autoxmlchar *idx = NULL;
        gint64 v;
        if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, BAD_CAST "controller") ||
            !prop_is(n, "type", type))
            continue;
        found = true;
        idx = xmlGetProp(n, BAD_CAST "index");
        if (idx && g_ascii_string_to_signed((const char *)idx, 10, 0, G_MAXINT - 1, &v, NULL))
            next = MAX(next, (int)v + 1);
    }
    if (next_index)
        *next_index = next;
    return found ? 1 : 0;
}

char *
tv_diskxml_find_disk(const char *domain_xml, const char *target)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autofree char *error = NULL;
    xmlNode *devices = NULL;

    if (devices_of(domain_xml, &doc, &devices, &error) < 0)
        return NULL;
    for (xmlNode *n = devices ? devices->children : NULL; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "disk") &&
            prop_is(child(n, "target"), "dev", target))
            return node_text(n);
    }
    return NULL;
}
