/*
 * <volume> documents: name, capacity and allocation in bytes, and the
 * target format when one was chosen.
 */
#include "config.h"

#include "model/volxml.h"
#include "util/cleanup.h"

static void
add_bytes(xmlNode *parent, const char *element, guint64 bytes)
{
    g_autofree char *text = g_strdup_printf("%" G_GUINT64_FORMAT, bytes);
    xmlNode *n = xmlNewTextChild(parent, NULL, BAD_CAST element, BAD_CAST text);
    xmlNewProp(n, BAD_CAST "unit", BAD_CAST "bytes");
}

char *
tv_volxml_build(const tv_volume_spec *spec)
{
    g_autoptr(xmlDoc) doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNode *root = xmlNewNode(NULL, BAD_CAST "volume");
    xmlChar *out = NULL;
    int len = 0;
    char *text;

    xmlDocSetRootElement(doc, root);
    xmlNewTextChild(root, NULL, BAD_CAST "name", BAD_CAST spec->name);
    add_bytes(root, "capacity", spec->capacity);
    add_bytes(root, "allocation", spec->allocation);
    if (spec->format) {
        xmlNode *target = xmlNewChild(root, NULL, BAD_CAST "target", NULL);
        xmlNode *format = xmlNewChild(target, NULL, BAD_CAST "format", NULL);
        xmlNewProp(format, BAD_CAST "type", BAD_CAST spec->format);
    }
    xmlDocDumpFormatMemoryEnc(doc, &out, &len, "UTF-8", 1);
    text = g_strndup((const char *)out, (gsize)len);
    xmlFree(out);
    return text;
}
