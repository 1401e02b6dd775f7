/*
 * Reads a domain's XML (as virDomainGetXMLDesc returns it) into the
 * tv_domain_details model that the Details screen shows.  Every value is
 * looked up with XPath relative to the <domain> root, so element order and
 * unknown elements do not matter; a missing element gives NULL (or -1 for
 * ports), never an error.  Only text that cannot be a domain at all (not
 * well-formed, another root, an unreadable size) fails the parse.  Parsing
 * and XPath go through util/xml.c, which keeps libxml2's complaints off the
 * terminal curses owns and says the first one.
 */
#include "config.h"

#include "model/domxml.h"

#include <limits.h>
#include <string.h>


#include "util/cleanup.h"
#include "util/xml.h"

/* ---- clearing ------------------------------------------------------------- */

static void
disk_info_clear(gpointer p)
{
    tv_disk_info *d = p;
    g_free(d->device);
    g_free(d->type);
    g_free(d->bus);
    g_free(d->target);
    g_free(d->format);
    g_free(d->cache);
    g_free(d->source);
}

static void
nic_info_clear(gpointer p)
{
    tv_nic_info *n = p;
    g_free(n->type);
    g_free(n->mac);
    g_free(n->model);
    g_free(n->source);
    g_free(n->target_dev);
}

static void
chardev_info_clear(gpointer p)
{
    tv_chardev_info *c = p;
    g_free(c->kind);
    g_free(c->type);
    g_free(c->target_type);
    g_free(c->path);
}

static void
graphics_info_clear(gpointer p)
{
    tv_graphics_info *g = p;
    g_free(g->type);
    g_free(g->listen);
}

static void
details_clear(gpointer p)
{
    tv_domain_details *d = p;
    g_free(d->uuid_str);
    g_free(d->name);
    g_free(d->xml);
    g_free(d->domain_type);
    g_free(d->os_type);
    g_free(d->arch);
    g_free(d->machine);
    g_free(d->emulator);
    g_free(d->boot);
    g_free(d->kernel);
    g_free(d->cmdline);
    g_free(d->description);
    g_clear_pointer(&d->disks, g_array_unref);
    g_clear_pointer(&d->nics, g_array_unref);
    g_clear_pointer(&d->chardevs, g_array_unref);
    g_clear_pointer(&d->graphics, g_array_unref);
}

static GArray *
new_info_array(size_t elt_size, GDestroyNotify clear)
{
    GArray *a = g_array_new(FALSE, TRUE, (guint)elt_size);
    g_array_set_clear_func(a, clear);
    return a;
}

tv_domain_details *
tv_domain_details_ref(tv_domain_details *d)
{
    return d ? g_atomic_rc_box_acquire(d) : NULL;
}

void
tv_domain_details_unref(tv_domain_details *d)
{
    if (d)
        g_atomic_rc_box_release_full(d, details_clear);
}

/* ---- XPath helpers -------------------------------------------------------- */

/* An integer attribute such as a port; -1 when absent or not a number. */
static int
xp_int_or_minus1(xmlXPathContextPtr ctx, xmlNodePtr node, const char *expr)
{
    g_autofree char *s = tv_xml_at(ctx, node, expr);
    gint64 v;

    if (!s || !g_ascii_string_to_signed(g_strstrip(s), 10, -1, INT_MAX, &v, NULL))
        return -1;
    return (int)v;
}

/* ---- sizes ---------------------------------------------------------------- */

/*
 * Bytes per unit as libvirt's virScaleInteger reads them: "b"/"bytes", a
 * single letter or "<letter>iB" for powers of 1024, "<letter>B" for powers
 * of 1000; the letter is case-insensitive.  No unit means KiB.
 */
static bool
unit_multiplier(const char *unit, unsigned long long *mult)
{
    static const char letters[] = "kmgtpe";
    unsigned base;
    const char *pos;

    if (!unit || !*unit) {
        *mult = 1024;
        return true;
    }
    if (!g_ascii_strcasecmp(unit, "b") || !g_ascii_strcasecmp(unit, "byte") ||
        !g_ascii_strcasecmp(unit, "bytes")) {
        *mult = 1;
        return true;
    }
    pos = strchr(letters, g_ascii_tolower(unit[0])); /* unit[0] is not NUL here */
    if (!pos)
        return false;
    if (unit[1] == '\0' || !g_ascii_strcasecmp(unit + 1, "iB"))
        base = 1024;
    else if ((unit[1] == 'b' || unit[1] == 'B') && unit[2] == '\0')
        base = 1000;
    else
        return false;

    *mult = 1;
    for (ptrdiff_t i = 0; i <= pos - letters; i++)
        *mult *= base;
    return true;
}

/*
 * Reads <elem unit='...'>N</elem> below root as KiB (rounded up, as libvirt
 * does).  Returns 0 and sets *kib, 1 when the element is absent, or -1 with
 * *error set.
 */
static int
read_size_kib(xmlXPathContextPtr ctx, xmlNodePtr root, const char *elem,
              unsigned long long *kib, char **error)
{
    g_autofree char *unit_expr = g_strdup_printf("%s/@unit", elem);
    g_autofree char *text = tv_xml_at(ctx, root, elem);
    g_autofree char *unit = NULL;
    unsigned long long mult;
    guint64 value;

    if (!text)
        return 1;
    unit = tv_xml_at(ctx, root, unit_expr);
    if (!g_ascii_string_to_unsigned(g_strstrip(text), 10, 0, G_MAXUINT64, &value, NULL)) {
        *error = g_strdup_printf("the domain XML gives <%s> the value '%s', which is not a "
                                 "whole number.", elem, text);
        return -1;
    }
    if (!unit_multiplier(unit, &mult)) {
        *error = g_strdup_printf("the domain XML gives <%s> the unknown unit '%s'.", elem, unit);
        return -1;
    }
    if (mult % 1024 == 0) {
        mult /= 1024;
        if (value > ULLONG_MAX / mult)
            goto too_large;
        *kib = value * mult;
    } else {
        if (value > ULLONG_MAX / mult)
            goto too_large;
        unsigned long long bytes = value * mult;
        *kib = bytes / 1024 + (bytes % 1024 != 0);
    }
    return 0;

too_large:
    *error = g_strdup_printf("the domain XML gives <%s> a size too large to count.", elem);
    return -1;
}

/* ---- devices -------------------------------------------------------------- */

/* "protocol://host[:port]/name" for a network disk; parts that are absent are left out. */
static char *
network_disk_source(xmlXPathContextPtr ctx, xmlNodePtr disk)
{
    g_autofree char *protocol = tv_xml_at(ctx, disk, "source/@protocol");
    g_autofree char *name = tv_xml_at(ctx, disk, "source/@name");
    g_autofree char *host = tv_xml_at(ctx, disk, "source/host/@name");
    g_autofree char *port = tv_xml_at(ctx, disk, "source/host/@port");
    GString *s;

    if (!protocol && !name && !host)
        return NULL;
    s = g_string_new(protocol ? protocol : "network");
    g_string_append(s, "://");
    if (host) {
        g_string_append(s, host);
        if (port)
            g_string_append_printf(s, ":%s", port);
    }
    if (name)
        g_string_append_printf(s, "/%s", name);
    return g_string_free(s, FALSE);
}

static char *
disk_source(xmlXPathContextPtr ctx, xmlNodePtr disk, const char *type)
{
    if (g_strcmp0(type, "network") == 0)
        return network_disk_source(ctx, disk);
    if (g_strcmp0(type, "volume") == 0) {
        g_autofree char *pool = tv_xml_at(ctx, disk, "source/@pool");
        g_autofree char *volume = tv_xml_at(ctx, disk, "source/@volume");
        if (!pool || !volume)
            return NULL;
        return g_strdup_printf("%s/%s", pool, volume);
    }
    return tv_xml_at(ctx, disk, "(source/@file | source/@dev | source/@dir)[1]");
}

static void
read_disks(xmlXPathContextPtr ctx, xmlNodePtr root, GArray *disks)
{
    g_autoptr(GPtrArray) set = tv_xml_nodes(ctx, root, "devices/disk");
    for (guint i = 0; i < set->len; i++) {
        xmlNodePtr node = set->pdata[i];
        tv_disk_info disk = { 0 };

        disk.device = tv_xml_at(ctx, node, "@device");
        if (!disk.device)
            disk.device = g_strdup("disk");
        disk.type = tv_xml_at(ctx, node, "@type");
        if (!disk.type)
            disk.type = g_strdup("file"); /* libvirt's default */
        disk.bus = tv_xml_at(ctx, node, "target/@bus");
        disk.target = tv_xml_at(ctx, node, "target/@dev");
        disk.format = tv_xml_at(ctx, node, "driver/@type");
        disk.cache = tv_xml_at(ctx, node, "driver/@cache");
        disk.source = disk_source(ctx, node, disk.type);
        disk.readonly = tv_xml_has(ctx, node, "readonly");
        disk.shareable = tv_xml_has(ctx, node, "shareable");
        g_array_append_val(disks, disk);
    }
}

static void
read_nics(xmlXPathContextPtr ctx, xmlNodePtr root, GArray *nics)
{
    g_autoptr(GPtrArray) set = tv_xml_nodes(ctx, root, "devices/interface");
    for (guint i = 0; i < set->len; i++) {
        xmlNodePtr node = set->pdata[i];
        tv_nic_info nic = { 0 };

        nic.type = tv_xml_at(ctx, node, "@type");
        nic.mac = tv_xml_at(ctx, node, "mac/@address");
        nic.model = tv_xml_at(ctx, node, "model/@type");
        /* A running network NIC also names its bridge; the network is what the user chose. */
        nic.source = tv_xml_at(ctx, node, "source/@network");
        if (!nic.source)
            nic.source = tv_xml_at(ctx, node, "source/@bridge");
        if (!nic.source)
            nic.source = tv_xml_at(ctx, node, "source/@dev");
        nic.target_dev = tv_xml_at(ctx, node, "target/@dev");
        g_array_append_val(nics, nic);
    }
}

static char *
chardev_path(xmlXPathContextPtr ctx, xmlNodePtr node)
{
    char *path = tv_xml_at(ctx, node, "source/@path");
    if (path)
        return path;
    path = tv_xml_at(ctx, node, "@tty");
    if (path)
        return path;

    /* tcp and udp devices have an endpoint rather than a path. */
    g_autofree char *host = tv_xml_at(ctx, node, "source/@host");
    g_autofree char *service = tv_xml_at(ctx, node, "source/@service");
    if (host && service)
        return g_strdup_printf("%s:%s", host, service);
    return NULL;
}

static void
read_chardevs(xmlXPathContextPtr ctx, xmlNodePtr root, GArray *chardevs)
{
    g_autoptr(GPtrArray) set = tv_xml_nodes(ctx, root, "devices/serial | devices/console | devices/channel | "
                           "devices/parallel");
    /* A union comes back in document order, which is how the user wrote them. */
    for (guint i = 0; i < set->len; i++) {
        xmlNodePtr node = set->pdata[i];
        tv_chardev_info dev = { 0 };

        dev.kind = g_strdup((const char *)node->name);
        dev.type = tv_xml_at(ctx, node, "@type");
        dev.target_type = tv_xml_at(ctx, node, "target/@type");
        dev.port = xp_int_or_minus1(ctx, node, "target/@port");
        dev.path = chardev_path(ctx, node);
        g_array_append_val(chardevs, dev);
    }
}

static void
read_graphics(xmlXPathContextPtr ctx, xmlNodePtr root, GArray *graphics)
{
    g_autoptr(GPtrArray) set = tv_xml_nodes(ctx, root, "devices/graphics");
    for (guint i = 0; i < set->len; i++) {
        xmlNodePtr node = set->pdata[i];
        tv_graphics_info g = { 0 };

        g.type = tv_xml_at(ctx, node, "@type");
        g.listen = tv_xml_at(ctx, node, "@listen");
        if (!g.listen)
            g.listen = tv_xml_at(ctx, node, "listen/@address");
        if (!g.listen)
            g.listen = tv_xml_at(ctx, node, "listen/@socket");
        g.port = xp_int_or_minus1(ctx, node, "@port");
        g_array_append_val(graphics, g);
    }
}

/* ---- overview ------------------------------------------------------------- */

static char *
read_boot_order(xmlXPathContextPtr ctx, xmlNodePtr root)
{
    g_auto(GStrv) devs = tv_xml_all(ctx, root, "os/boot/@dev");
    return devs[0] ? g_strjoinv(",", devs) : NULL;
}

/* The running vCPU count: @current when given, else the element's value. */
static int
read_vcpus(xmlXPathContextPtr ctx, xmlNodePtr root, unsigned *vcpus, char **error)
{
    g_autofree char *text = tv_xml_at(ctx, root, "vcpu/@current");
    guint64 v;

    if (!text)
        text = tv_xml_at(ctx, root, "vcpu");
    if (!text) {
        *vcpus = 1; /* libvirt's default when <vcpu> is left out */
        return 0;
    }
    if (!g_ascii_string_to_unsigned(g_strstrip(text), 10, 0, G_MAXUINT, &v, NULL)) {
        *error = g_strdup_printf("the domain XML gives <vcpu> the value '%s', which is not a "
                                 "whole number.", text);
        return -1;
    }
    *vcpus = (unsigned)v;
    return 0;
}

static int
read_overview(xmlXPathContextPtr ctx, xmlNodePtr root, tv_domain_details *d, char **error)
{
    int rc;

    d->name = tv_xml_at(ctx, root, "name");
    if (!d->name) {
        *error = g_strdup("the domain XML has no <name> element.");
        return -1;
    }
    d->uuid_str = tv_xml_at(ctx, root, "uuid");
    d->domain_type = tv_xml_at(ctx, root, "@type");
    d->os_type = tv_xml_at(ctx, root, "os/type");
    d->arch = tv_xml_at(ctx, root, "os/type/@arch");
    d->machine = tv_xml_at(ctx, root, "os/type/@machine");
    d->emulator = tv_xml_at(ctx, root, "devices/emulator");
    d->boot = read_boot_order(ctx, root);
    d->kernel = tv_xml_at(ctx, root, "os/kernel");
    d->cmdline = tv_xml_at(ctx, root, "os/cmdline");
    d->description = tv_xml_at(ctx, root, "description");

    if (read_vcpus(ctx, root, &d->vcpus, error) < 0)
        return -1;
    if (read_size_kib(ctx, root, "memory", &d->max_mem_kib, error) < 0)
        return -1;
    rc = read_size_kib(ctx, root, "currentMemory", &d->mem_kib, error);
    if (rc < 0)
        return -1;
    if (rc > 0)
        d->mem_kib = d->max_mem_kib;
    return 0;
}

/* ---- entry points --------------------------------------------------------- */

static int
fill_details(xmlDocPtr doc, xmlNodePtr root, tv_domain_details *d, char **error)
{
    g_autoptr(xmlXPathContext) ctx = xmlXPathNewContext(doc);
    if (!ctx) {
        *error = g_strdup("the domain XML could not be searched.");
        return -1;
    }
    if (read_overview(ctx, root, d, error) < 0)
        return -1;
    read_disks(ctx, root, d->disks);
    read_nics(ctx, root, d->nics);
    read_chardevs(ctx, root, d->chardevs);
    read_graphics(ctx, root, d->graphics);
    return 0;
}

tv_domain_details *
tv_domxml_parse(const char *xml, char **error)
{
    g_autofree char *err = NULL;
    g_autoptr(tv_domain_details) d = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    xmlNodePtr root;

    if (!xml) {
        err = g_strdup("no domain XML was given.");
        goto fail;
    }
    doc = tv_xml_parse(xml, "the domain XML", &err);
    if (!doc)
        goto fail;

    root = xmlDocGetRootElement(doc);
    if (!root) {
        err = g_strdup("the domain XML has no root element.");
        goto fail;
    }
    if (!xmlStrEqual(root->name, BAD_CAST "domain")) {
        err = g_strdup_printf("the XML describes a '%s' element, not a domain.",
                              (const char *)root->name);
        goto fail;
    }

    d = g_atomic_rc_box_new0(tv_domain_details);
    d->xml = g_strdup(xml);
    d->disks = new_info_array(sizeof(tv_disk_info), disk_info_clear);
    d->nics = new_info_array(sizeof(tv_nic_info), nic_info_clear);
    d->chardevs = new_info_array(sizeof(tv_chardev_info), chardev_info_clear);
    d->graphics = new_info_array(sizeof(tv_graphics_info), graphics_info_clear);
    if (fill_details(doc, root, d, &err) < 0)
        goto fail;
    return g_steal_pointer(&d);

fail:
    if (error)
        *error = g_steal_pointer(&err);
    return NULL;
}

char **
tv_domain_details_disk_paths(const tv_domain_details *d)
{
    GPtrArray *paths = g_ptr_array_new();

    for (guint i = 0; d && d->disks && i < d->disks->len; i++) {
        const tv_disk_info *disk = &g_array_index(d->disks, tv_disk_info, i);
        if (g_strcmp0(disk->device, "disk") != 0 || !disk->source)
            continue;
        if (g_strcmp0(disk->type, "file") != 0 && g_strcmp0(disk->type, "block") != 0)
            continue;
        g_ptr_array_add(paths, g_strdup(disk->source));
    }
    g_ptr_array_add(paths, NULL);
    return (char **)g_ptr_array_free(paths, FALSE);
}
