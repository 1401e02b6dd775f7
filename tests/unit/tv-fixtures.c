/*
 * Test-driver fixtures shared by the action and model tests.
 */
#include "config.h"

#include <string.h>

#include "tv-test.h"
#include "tv-fixtures.h"
#include "util/cleanup.h"

static void
add_disk(xmlNode *devices, const char *disk_path, const char *pool, const char *volume)
{
    xmlNode *disk = xmlNewChild(devices, NULL, BAD_CAST "disk", NULL);
    xmlNode *src, *tgt;
    xmlNewProp(disk, BAD_CAST "type", BAD_CAST(pool ? "volume" : "file"));
    xmlNewProp(disk, BAD_CAST "device", BAD_CAST "disk");
    src = xmlNewChild(disk, NULL, BAD_CAST "source", NULL);
    if (pool) {
        xmlNewProp(src, BAD_CAST "pool", BAD_CAST pool);
        xmlNewProp(src, BAD_CAST "volume", BAD_CAST volume);
    } else {
        xmlNewProp(src, BAD_CAST "file", BAD_CAST disk_path);
    }
    tgt = xmlNewChild(disk, NULL, BAD_CAST "target", NULL);
    xmlNewProp(tgt, BAD_CAST "dev", BAD_CAST "vda");
    xmlNewProp(tgt, BAD_CAST "bus", BAD_CAST "virtio");
}

char *
tv_test_define_domain(virConnectPtr conn, const char *name, const char *uuid,
                      const char *disk_path, const char *pool, const char *volume)
{
    g_autofree char *path = g_build_filename(TV_TEST_DATADIR, "actions", "domain.xml", NULL);
    g_autofree char *tmpl = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(virDomain) dom = NULL;
    char uuid_out[VIR_UUID_STRING_BUFLEN];
    xmlChar *out = NULL;
    int len = 0;
    xmlNode *root;

    assert_true(g_file_get_contents(path, &tmpl, NULL, NULL));
    doc = xmlReadMemory(tmpl, (int)strlen(tmpl), NULL, NULL, 0);
    assert_non_null(doc);
    root = xmlDocGetRootElement(doc);
    for (xmlNode *n = root->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrEqual(n->name, BAD_CAST "name"))
            xmlNodeSetContent(n, BAD_CAST name);
        if (xmlStrEqual(n->name, BAD_CAST "devices") && (disk_path || pool))
            add_disk(n, disk_path, pool, volume);
    }
    if (uuid)
        xmlNewTextChild(root, NULL, BAD_CAST "uuid", BAD_CAST uuid);
    xmlDocDumpMemory(doc, &out, &len);
    dom = virDomainDefineXML(conn, (const char *)out);
    xmlFree(out);
    assert_non_null(dom);
    virDomainGetUUIDString(dom, uuid_out);
    return g_strdup(uuid_out);
}
