/*
 * Reads a domain's XML (as virDomainGetXMLDesc returns it) into the
 * tv_domain_details model that the Details screen shows.  Every value is
 * looked up with XPath relative to the <domain> root, so element order and
 * unknown elements do not matter; a missing element gives NULL (or -1 for
 * ports), never an error.  Only text that cannot be a domain at all (not
 * well-formed, another root, an unreadable size) fails the parse.  libxml2
 * reports its errors into this file while it runs, never to stderr, because
 * the caller may be a worker thread while curses owns the terminal.
 */
#include "config.h"

#include "model/domxml.h"

#include <limits.h>
#include <string.h>

#include <libxml/xmlerror.h>

#include "util/cleanup.h"

/* ---- libxml2 error capture ----------------------------------------------- */

/* The error callback's argument lost its const in libxml2 2.12. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *tv_xml_error_ptr;
#else
typedef xmlErrorPtr tv_xml_error_ptr;
#endif

typedef struct {
    char *first_error;   /* first error or fatal error, with its line */
    char *first_warning; /* used only if the parser failed without an error */
} xml_errors;

static char *
format_xml_error(tv_xml_error_ptr err)
{
    g_autofree char *msg = g_strdup(err->message ? err->message : "unknown error");
    g_strstrip(msg);
    if (err->line > 0)
        return g_strdup_printf("%s (line %d)", msg, err->line);
    return g_steal_pointer(&msg);
}

static void
collect_xml_error(void *user_data, tv_xml_error_ptr err)
{
    xml_errors *errs = user_data;

    if (!err)
        return;
    if (err->level >= XML_ERR_ERROR) {
        if (!errs->first_error)
            errs->first_error = format_xml_error(err);
    } else if (!errs->first_warning) {
        errs->first_warning = format_xml_error(err);
    }
}

/*
 * The structured handler is per thread in libxml2; the previous one is put
 * back afterwards so that other users on the same thread keep theirs.  Its
 * getters are deprecated in newer libxml2 but remain the only way to save it.
 */
typedef struct {
    xmlStructuredErrorFunc func;
    void *data;
} saved_handler;

static void
capture_xml_errors(xml_errors *errs, saved_handler *saved)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    saved->func = xmlStructuredError;
    saved->data = xmlStructuredErrorContext;
#pragma GCC diagnostic pop
    xmlSetStructuredErrorFunc(errs, collect_xml_error);
}

static void
restore_xml_errors(const saved_handler *saved)
{
    xmlSetStructuredErrorFunc(saved->data, saved->func);
}

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

/* Evaluates expr with node as the context node; NULL when nothing matches. */
static xmlXPathObjectPtr
xp_eval(xmlXPathContextPtr ctx, xmlNodePtr node, const char *expr)
{
    ctx->node = node;
    xmlXPathObjectPtr obj = xmlXPathEval(BAD_CAST expr, ctx);
    if (obj && (obj->type != XPATH_NODESET || xmlXPathNodeSetIsEmpty(obj->nodesetval))) {
        xmlXPathFreeObject(obj);
        return NULL;
    }
    return obj;
}

/*
 * Text of the first node expr selects (an attribute's value or an element's
 * text), or NULL when there is none.  Present but empty gives "".
 */
static char *
xp_string(xmlXPathContextPtr ctx, xmlNodePtr node, const char *expr)
{
    g_autoptr(xmlXPathObject) obj = xp_eval(ctx, node, expr);
    if (!obj)
        return NULL;
    tv_autoxmlchar *text = xmlNodeGetContent(obj->nodesetval->nodeTab[0]);
    return g_strdup(text ? (const char *)text : "");
}

static bool
xp_exists(xmlXPathContextPtr ctx, xmlNodePtr node, const char *expr)
{
    g_autoptr(xmlXPathObject) obj = xp_eval(ctx, node, expr);
    return obj != NULL;
}

/* An integer attribute such as a port; -1 when absent or not a number. */
static int
xp_int_or_minus1(xmlXPathContextPtr ctx, xmlNodePtr node, const char *expr)
{
    g_autofree char *s = xp_string(ctx, node, expr);
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
    g_autofree char *text = xp_string(ctx, root, elem);
    g_autofree char *unit = NULL;
    unsigned long long mult;
    guint64 value;

    if (!text)
        return 1;
    unit = xp_string(ctx, root, unit_expr);
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
    g_autofree char *protocol = xp_string(ctx, disk, "source/@protocol");
    g_autofree char *name = xp_string(ctx, disk, "source/@name");
    g_autofree char *host = xp_string(ctx, disk, "source/host/@name");
    g_autofree char *port = xp_string(ctx, disk, "source/host/@port");
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
        g_autofree char *pool = xp_string(ctx, disk, "source/@pool");
        g_autofree char *volume = xp_string(ctx, disk, "source/@volume");
        if (!pool || !volume)
            return NULL;
        return g_strdup_printf("%s/%s", pool, volume);
    }
    return xp_string(ctx, disk, "(source/@file | source/@dev | source/@dir)[1]");
}

static void
read_disks(xmlXPathContextPtr ctx, xmlNodePtr root, GArray *disks)
{
    g_autoptr(xmlXPathObject) set = xp_eval(ctx, root, "devices/disk");
    if (!set)
        return;
    for (int i = 0; i < set->nodesetval->nodeNr; i++) {
        xmlNodePtr node = set->nodesetval->nodeTab[i];
        tv_disk_info disk = { 0 };

        disk.device = xp_string(ctx, node, "@device");
        if (!disk.device)
            disk.device = g_strdup("disk");
        disk.type = xp_string(ctx, node, "@type");
        if (!disk.type)
            disk.type = g_strdup("file"); /* libvirt's default */
        disk.bus = xp_string(ctx, node, "target/@bus");
        disk.target = xp_string(ctx, node, "target/@dev");
        disk.format = xp_string(ctx, node, "driver/@type");
        disk.cache = xp_string(ctx, node, "driver/@cache");
        disk.source = disk_source(ctx, node, disk.type);
        disk.readonly = xp_exists(ctx, node, "readonly");
        disk.shareable = xp_exists(ctx, node, "shareable");
        g_array_append_val(disks, disk);
    }
}

static void
read_nics(xmlXPathContextPtr ctx, xmlNodePtr root, GArray *nics)
{
    g_autoptr(xmlXPathObject) set = xp_eval(ctx, root, "devices/interface");
    if (!set)
        return;
    for (int i = 0; i < set->nodesetval->nodeNr; i++) {
        xmlNodePtr node = set->nodesetval->nodeTab[i];
        tv_nic_info nic = { 0 };

        nic.type = xp_string(ctx, node, "@type");
        nic.mac = xp_string(ctx, node, "mac/@address");
        nic.model = xp_string(ctx, node, "model/@type");
        /* A running network NIC also names its bridge; the network is what the user chose. */
        nic.source = xp_string(ctx, node, "source/@network");
        if (!nic.source)
            nic.source = xp_string(ctx, node, "source/@bridge");
        if (!nic.source)
            nic.source = xp_string(ctx, node, "source/@dev");
        nic.target_dev = xp_string(ctx, node, "target/@dev");
        g_array_append_val(nics, nic);
    }
}

static char *
chardev_path(xmlXPathContextPtr ctx, xmlNodePtr node)
{
    char *path = xp_string(ctx, node, "source/@path");
    if (path)
        return path;
    path = xp_string(ctx, node, "@tty");
    if (path)
        return path;

    /* tcp and udp devices have an endpoint rather than a path. */
    g_autofree char *host = xp_string(ctx, node, "source/@host");
    g_autofree char *service = xp_string(ctx, node, "source/@service");
    if (host && service)
        return g_strdup_printf("%s:%s", host, service);
    return NULL;
}

static void
read_chardevs(xmlXPathContextPtr ctx, xmlNodePtr root, GArray *chardevs)
{
    g_autoptr(xmlXPathObject) set =
        xp_eval(ctx, root, "devices/serial | devices/console | devices/channel | "
                           "devices/parallel");
    if (!set)
        return;
    /* A union comes back in document order, which is how the user wrote them. */
    for (int i = 0; i < set->nodesetval->nodeNr; i++) {
        xmlNodePtr node = set->nodesetval->nodeTab[i];
        tv_chardev_info dev = { 0 };

        dev.kind = g_strdup((const char *)node->name);
        dev.type = xp_string(ctx, node, "@type");
        dev.target_type = xp_string(ctx, node, "target/@type");
        dev.port = xp_int_or_minus1(ctx, node, "target/@port");
        dev.path = chardev_path(ctx, node);
        g_array_append_val(chardevs, dev);
    }
}

static void
read_graphics(xmlXPathContextPtr ctx, xmlNodePtr root, GArray *graphics)
{
    g_autoptr(xmlXPathObject) set = xp_eval(ctx, root, "devices/graphics");
    if (!set)
        return;
    for (int i = 0; i < set->nodesetval->nodeNr; i++) {
        xmlNodePtr node = set->nodesetval->nodeTab[i];
        tv_graphics_info g = { 0 };

        g.type = xp_string(ctx, node, "@type");
        g.listen = xp_string(ctx, node, "@listen");
        if (!g.listen)
            g.listen = xp_string(ctx, node, "listen/@address");
        if (!g.listen)
            g.listen = xp_string(ctx, node, "listen/@socket");
        g.port = xp_int_or_minus1(ctx, node, "@port");
        g_array_append_val(graphics, g);
    }
}

/* ---- overview ------------------------------------------------------------- */

static char *
read_boot_order(xmlXPathContextPtr ctx, xmlNodePtr root)
{
    g_autoptr(xmlXPathObject) set = xp_eval(ctx, root, "os/boot/@dev");
    GString *s;

    if (!set)
        return NULL;
    s = g_string_new(NULL);
    for (int i = 0; i < set->nodesetval->nodeNr; i++) {
        tv_autoxmlchar *dev = xmlNodeGetContent(set->nodesetval->nodeTab[i]);
        if (s->len)
            g_string_append_c(s, ',');
        g_string_append(s, dev ? (const char *)dev : "");
    }
    return g_string_free(s, FALSE);
}

/* The running vCPU count: @current when given, else the element's value. */
static int
read_vcpus(xmlXPathContextPtr ctx, xmlNodePtr root, unsigned *vcpus, char **error)
{
    g_autofree char *text = xp_string(ctx, root, "vcpu/@current");
    guint64 v;

    if (!text)
        text = xp_string(ctx, root, "vcpu");
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

    d->name = xp_string(ctx, root, "name");
    if (!d->name) {
        *error = g_strdup("the domain XML has no <name> element.");
        return -1;
    }
    d->uuid_str = xp_string(ctx, root, "uuid");
    d->domain_type = xp_string(ctx, root, "@type");
    d->os_type = xp_string(ctx, root, "os/type");
    d->arch = xp_string(ctx, root, "os/type/@arch");
    d->machine = xp_string(ctx, root, "os/type/@machine");
    d->emulator = xp_string(ctx, root, "devices/emulator");
    d->boot = read_boot_order(ctx, root);
    d->kernel = xp_string(ctx, root, "os/kernel");
    d->cmdline = xp_string(ctx, root, "os/cmdline");
    d->description = xp_string(ctx, root, "description");

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

static xmlDocPtr
read_document(const char *xml, char **error)
{
    xml_errors errs = { 0 };
    saved_handler saved;
    size_t len = strlen(xml);
    xmlDocPtr doc;

    if (len > INT_MAX) {
        *error = g_strdup("the domain XML is too large to read.");
        return NULL;
    }
    if (len == 0) {
        /* libxml2 refuses an empty buffer without saying why. */
        *error = g_strdup("the domain XML is not well-formed: the text is empty.");
        return NULL;
    }
    capture_xml_errors(&errs, &saved);
    /* No NOBLANKS: whitespace inside <description> and <cmdline> is the user's. */
    doc = xmlReadMemory(xml, (int)len, "domain.xml", NULL, XML_PARSE_NONET);
    restore_xml_errors(&saved);

    if (!doc) {
        const char *why = errs.first_error ? errs.first_error
                        : errs.first_warning ? errs.first_warning
                        : "unknown error";
        *error = g_strdup_printf("the domain XML is not well-formed: %s", why);
    }
    g_free(errs.first_error);
    g_free(errs.first_warning);
    return doc;
}

static int
fill_details(xmlDocPtr doc, xmlNodePtr root, tv_domain_details *d, char **error)
{
    g_autoptr(xmlXPathContext) ctx = NULL;
    xml_errors errs = { 0 };
    saved_handler saved;
    int rc = -1;

    /* The expressions are fixed, but keep any XPath complaint off stderr too. */
    capture_xml_errors(&errs, &saved);
    ctx = xmlXPathNewContext(doc);
    if (!ctx) {
        *error = g_strdup("the domain XML could not be searched.");
        goto out;
    }
    if (read_overview(ctx, root, d, error) < 0)
        goto out;
    read_disks(ctx, root, d->disks);
    read_nics(ctx, root, d->nics);
    read_chardevs(ctx, root, d->chardevs);
    read_graphics(ctx, root, d->graphics);
    rc = 0;

out:
    restore_xml_errors(&saved);
    g_free(errs.first_error);
    g_free(errs.first_warning);
    return rc;
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
    doc = read_document(xml, &err);
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
