/*
 * Domain XML edits for domain-edit and domain-set-media.  Facts are read
 * with tv_domxml_parse (sizes and vCPUs the way Details reads them) plus a
 * few XPath lookups; changes are made on the parsed tree, never on text, so
 * a name with quotes, '<', '&' or accents comes out as it went in.  The
 * document is parsed without blank text nodes and written back indented,
 * which is how libvirt stores it anyway.  libxml2 says nothing on stderr
 * here: its errors go to a handler that drops them (the caller may be a
 * worker thread while curses owns the terminal).
 */
#include "config.h"

#include "model/domedit.h"

#include <string.h>

#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>

#include "model/domxml.h"
#include "util/cleanup.h"

static const char *const boot_devices[] = { "hd", "cdrom", "network", NULL };
static const char *const cpu_modes[] = { "host-model", "host-passthrough", "maximum", NULL };

/* ---- libxml2 glue ------------------------------------------------------------ */

/* The error callback's argument lost its const in libxml2 2.12. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_error_ptr;
#else
typedef xmlErrorPtr xml_error_ptr;
#endif

static void
drop_xml_error(void *data, xml_error_ptr err)
{
}

/* Parses a document quietly, without blank text nodes; NULL with *error. */
static xmlDoc *
parse(const char *text, const char *what, char **error)
{
    xmlParserCtxt *pctx = xmlNewParserCtxt();
    xmlDoc *doc;

    if (!pctx) {
        *error = g_strdup_printf("%s could not be read: out of memory", what);
        return NULL;
    }
    xmlSetStructuredErrorFunc(NULL, drop_xml_error);
    doc = xmlCtxtReadMemory(pctx, text, (int)strlen(text), NULL, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOWARNING |
                                XML_PARSE_NOERROR);
    if (!doc || !xmlDocGetRootElement(doc)) {
        const xmlError *e = xmlCtxtGetLastError(pctx);
        g_autofree char *msg = g_strdup(e && e->message ? e->message : "it is empty");
        *error = g_strdup_printf("%s is not well-formed: %s", what, g_strstrip(msg));
        if (doc)
            xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(pctx);
    return doc;
}

/* The first element child of parent called name, or NULL. */
static xmlNode *
child(xmlNode *parent, const char *name)
{
    for (xmlNode *n = parent ? parent->children : NULL; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name))
            return n;
    }
    return NULL;
}

static xmlNode *
ensure_child(xmlNode *parent, const char *name)
{
    xmlNode *n = child(parent, name);
    return n ? n : xmlNewChild(parent, NULL, BAD_CAST name, NULL);
}

/* Removes every element child of parent called name. */
static void
remove_children(xmlNode *parent, const char *name)
{
    xmlNode *n = parent ? parent->children : NULL;
    while (n) {
        xmlNode *next = n->next;
        if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name)) {
            xmlUnlinkNode(n);
            xmlFreeNode(n);
        }
        n = next;
    }
}

/* Replaces n's content with text, taken literally (no entity references). */
static void
set_text(xmlNode *n, const char *text)
{
    while (n->children) {
        xmlNode *c = n->children;
        xmlUnlinkNode(c);
        xmlFreeNode(c);
    }
    xmlAddChild(n, xmlNewText(BAD_CAST text));
}

static void
set_number(xmlNode *n, guint64 v)
{
    g_autofree char *text = g_strdup_printf("%" G_GUINT64_FORMAT, v);
    set_text(n, text);
}

static void
set_number_prop(xmlNode *n, const char *attr, guint64 v)
{
    g_autofree char *text = g_strdup_printf("%" G_GUINT64_FORMAT, v);
    xmlSetProp(n, BAD_CAST attr, BAD_CAST text);
}

static char *
prop(xmlNode *n, const char *attr)
{
    tv_autoxmlchar *v = n ? xmlGetProp(n, BAD_CAST attr) : NULL;
    return v ? g_strdup((const char *)v) : NULL;
}

static unsigned
uint_prop(xmlNode *n, const char *attr)
{
    g_autofree char *v = prop(n, attr);
    guint64 u = 0;
    if (!v || !g_ascii_string_to_unsigned(g_strstrip(v), 10, 0, G_MAXUINT, &u, NULL))
        return 0;
    return (unsigned)u;
}

static char *
text_of(xmlNode *n)
{
    tv_autoxmlchar *v = n ? xmlNodeGetContent(n) : NULL;
    return v ? g_strstrip(g_strdup((const char *)v)) : NULL;
}

/* The document as text: indented, without the XML declaration libvirt never writes. */
static char *
dump(xmlDoc *doc, xmlNode *node)
{
    xmlBuffer *buf = xmlBufferCreate();
    xmlSaveCtxt *save = xmlSaveToBuffer(buf, "UTF-8", XML_SAVE_FORMAT | XML_SAVE_NO_DECL);
    char *text;

    if (node)
        xmlSaveTree(save, node);
    else
        xmlSaveDoc(save, doc);
    xmlSaveClose(save);
    text = g_strdup((const char *)xmlBufferContent(buf));
    xmlBufferFree(buf);
    if (node && !g_str_has_suffix(text, "\n")) {
        char *with_newline = g_strconcat(text, "\n", NULL);
        g_free(text);
        text = with_newline;
    }
    return text;
}

/* The <domain> root of xml, parsed; NULL with *error. */
static xmlDoc *
parse_domain(const char *xml, xmlNode **root, char **error)
{
    xmlDoc *doc = parse(xml ? xml : "", "the domain XML", error);
    if (!doc)
        return NULL;
    *root = xmlDocGetRootElement(doc);
    if (!xmlStrEqual((*root)->name, BAD_CAST "domain")) {
        *error = g_strdup_printf("the XML describes a '%s' element, not a domain",
                                 (const char *)(*root)->name);
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

/* ---- facts ------------------------------------------------------------------- */

void
tv_domedit_facts_clear(tv_domedit_facts *f)
{
    g_free(f->name);
    g_free(f->uuid);
    g_free(f->arch);
    g_free(f->cpu);
    g_free(f->boot);
    *f = (tv_domedit_facts){ 0 };
}

/* What <cpu> asks for: a mode word, the custom model's name, or NULL (the default). */
static char *
read_cpu(xmlNode *cpu)
{
    g_autofree char *mode = prop(cpu, "mode");
    if (!cpu)
        return NULL;
    if (mode && g_strv_contains(cpu_modes, mode))
        return g_steal_pointer(&mode);
    return text_of(child(cpu, "model"));
}

static bool
devices_have_boot(xmlNode *devices)
{
    for (xmlNode *d = devices ? devices->children : NULL; d; d = d->next) {
        if (d->type == XML_ELEMENT_NODE && child(d, "boot"))
            return true;
    }
    return false;
}

int
tv_domedit_read(const char *xml, tv_domedit_facts *out, char **error)
{
    g_autoptr(tv_domain_details) d = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    xmlNode *root = NULL, *vcpu, *cpu, *topology, *menu;
    g_autofree char *max_text = NULL;
    g_autofree char *menu_on = NULL;
    guint64 max = 1;

    *out = (tv_domedit_facts){ 0 };
    d = tv_domxml_parse(xml, error);
    if (!d)
        return -1;
    doc = parse_domain(xml, &root, error);
    if (!doc)
        return -1;
    vcpu = child(root, "vcpu");
    max_text = text_of(vcpu);
    if (max_text && !g_ascii_string_to_unsigned(max_text, 10, 1, G_MAXUINT, &max, NULL)) {
        *error = g_strdup_printf("the domain XML gives <vcpu> the value '%s', which is not a "
                                 "whole number.", max_text);
        return -1;
    }
    out->name = g_strdup(d->name);
    out->uuid = g_strdup(d->uuid_str);
    out->arch = g_strdup(d->arch);
    out->vcpus = d->vcpus;
    out->maxvcpus = (unsigned)max;
    out->memory_kib = d->mem_kib;
    out->maxmemory_kib = d->max_mem_kib;
    out->boot = g_strdup(d->boot);
    cpu = child(root, "cpu");
    out->cpu = read_cpu(cpu);
    topology = child(cpu, "topology");
    if (topology) {
        out->sockets = uint_prop(topology, "sockets");
        out->dies = uint_prop(topology, "dies");
        out->cores = uint_prop(topology, "cores");
        out->threads = uint_prop(topology, "threads");
    }
    if (!out->dies)
        out->dies = 1;
    out->device_boot = devices_have_boot(child(root, "devices"));
    menu = child(child(root, "os"), "bootmenu");
    menu_on = prop(menu, "enable");
    out->bootmenu = g_strcmp0(menu_on, "yes") == 0;
    return 0;
}

/* ---- checks -------------------------------------------------------------------- */

char **
tv_boot_parse(const char *text, char **error)
{
    g_auto(GStrv) parts = g_strsplit(text ? text : "", ",", -1);
    g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func(g_free);

    for (size_t i = 0; parts[i]; i++) {
        const char *dev = g_strstrip(parts[i]);
        if (!*dev) {
            if (!parts[1] && i == 0)
                break; /* nothing at all: said below */
            *error = g_strdup("has an empty entry between commas (write hd,cdrom)");
            return NULL;
        }
        if (!g_strv_contains(boot_devices, dev)) {
            *error = g_strdup_printf("'%s' is not a boot device (hd, cdrom or network)", dev);
            return NULL;
        }
        for (guint k = 0; k < out->len; k++) {
            if (strcmp(out->pdata[k], dev) == 0) {
                *error = g_strdup_printf("'%s' is given twice", dev);
                return NULL;
            }
        }
        g_ptr_array_add(out, g_strdup(dev));
    }
    if (out->len == 0) {
        *error = g_strdup("needs at least one device: hd, cdrom or network, in order");
        return NULL;
    }
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(g_steal_pointer(&out), FALSE);
}

char *
tv_topology_check(unsigned sockets, unsigned dies, unsigned cores, unsigned threads,
                  unsigned maxvcpus)
{
    guint64 product = (guint64)sockets * MAX(dies, 1) * cores * threads;
    g_autofree char *die_text = NULL;

    if (sockets == 0 || cores == 0 || threads == 0)
        return g_strdup("sockets, cores and threads must each be at least 1");
    if (product == maxvcpus)
        return NULL;
    die_text = dies > 1 ? g_strdup_printf(" x %u dies", dies) : g_strdup("");
    return g_strdup_printf("%u socket%s%s x %u core%s x %u thread%s make %" G_GUINT64_FORMAT
                           " vCPUs, not the maximum of %u",
                           sockets, sockets == 1 ? "" : "s", die_text, cores,
                           cores == 1 ? "" : "s", threads, threads == 1 ? "" : "s", product,
                           maxvcpus);
}

char *
tv_cpu_check(const char *text)
{
    if (!text)
        return NULL;
    if (g_strv_contains(cpu_modes, text))
        return NULL;
    if (!g_regex_match_simple("^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}$", text, 0, 0))
        return g_strdup_printf("'%s' is not host-model, host-passthrough, maximum or a CPU "
                               "model name (letters, digits, '-', '_', '.')", text);
    return NULL;
}

/* ---- applying a spec ------------------------------------------------------------- */

static void
apply_vcpus(xmlNode *root, unsigned current, unsigned max)
{
    xmlNode *vcpu = child(root, "vcpu");
    if (!vcpu)
        vcpu = xmlNewChild(root, NULL, BAD_CAST "vcpu", NULL);
    set_number(vcpu, max);
    if (current < max)
        set_number_prop(vcpu, "current", current);
    else
        xmlUnsetProp(vcpu, BAD_CAST "current");
}

static void
apply_memory(xmlNode *root, const tv_domedit_spec *spec)
{
    if (spec->maxmemory_kib) {
        xmlNode *m = ensure_child(root, "memory");
        set_number(m, spec->maxmemory_kib);
        xmlSetProp(m, BAD_CAST "unit", BAD_CAST "KiB");
    }
    if (spec->memory_kib) {
        xmlNode *m = ensure_child(root, "currentMemory");
        set_number(m, spec->memory_kib);
        xmlSetProp(m, BAD_CAST "unit", BAD_CAST "KiB");
    }
}

static void
apply_cpu(xmlNode *root, const tv_domedit_spec *spec)
{
    xmlNode *cpu;
    if (!spec->cpu && !spec->sockets)
        return;
    cpu = ensure_child(root, "cpu");
    if (spec->cpu && g_strv_contains(cpu_modes, spec->cpu)) {
        /* A host mode brings its own model and vendor. */
        xmlSetProp(cpu, BAD_CAST "mode", BAD_CAST spec->cpu);
        xmlUnsetProp(cpu, BAD_CAST "match");
        remove_children(cpu, "model");
        remove_children(cpu, "vendor");
    } else if (spec->cpu) {
        xmlNode *model = child(cpu, "model");
        xmlSetProp(cpu, BAD_CAST "mode", BAD_CAST "custom");
        if (!xmlHasProp(cpu, BAD_CAST "match"))
            xmlSetProp(cpu, BAD_CAST "match", BAD_CAST "exact");
        if (!model) {
            model = xmlNewChild(cpu, NULL, BAD_CAST "model", NULL);
            xmlSetProp(model, BAD_CAST "fallback", BAD_CAST "allow");
        }
        set_text(model, spec->cpu);
    }
    if (spec->sockets) {
        xmlNode *t = ensure_child(cpu, "topology");
        set_number_prop(t, "sockets", spec->sockets);
        set_number_prop(t, "cores", spec->cores);
        set_number_prop(t, "threads", spec->threads);
    }
}

static void
apply_boot(xmlNode *root, const tv_domedit_spec *spec, char **devices)
{
    xmlNode *os = ensure_child(root, "os");
    if (devices) {
        remove_children(os, "boot");
        for (size_t i = 0; devices[i]; i++) {
            xmlNode *b = xmlNewChild(os, NULL, BAD_CAST "boot", NULL);
            xmlSetProp(b, BAD_CAST "dev", BAD_CAST devices[i]);
        }
        /* libvirt refuses <os><boot> next to a device's <boot order>. */
        for (xmlNode *d = child(root, "devices") ? child(root, "devices")->children : NULL; d;
             d = d->next) {
            if (d->type == XML_ELEMENT_NODE)
                remove_children(d, "boot");
        }
    }
    if (spec->bootmenu == 1)
        xmlSetProp(ensure_child(os, "bootmenu"), BAD_CAST "enable", BAD_CAST "yes");
    else if (spec->bootmenu == 0)
        remove_children(os, "bootmenu");
}

/* The result must hold together the way libvirt checks it. */
static char *
check_result(const tv_domedit_facts *f, const tv_domedit_spec *spec, xmlNode *root)
{
    unsigned max = spec->maxvcpus ? spec->maxvcpus : f->maxvcpus;
    unsigned current = spec->vcpus ? spec->vcpus : MIN(f->vcpus, max);
    guint64 maxmem = spec->maxmemory_kib ? spec->maxmemory_kib : f->maxmemory_kib;
    bool has_current_memory = child(root, "currentMemory") != NULL;

    if (spec->vcpus && spec->vcpus > max)
        return g_strdup_printf("vcpus: %u is more than the maximum of %u", current, max);
    if (spec->sockets || (spec->maxvcpus && f->sockets)) {
        unsigned s = spec->sockets ? spec->sockets : f->sockets;
        unsigned c = spec->sockets ? spec->cores : f->cores;
        unsigned t = spec->sockets ? spec->threads : f->threads;
        g_autofree char *why = tv_topology_check(s, f->dies, c, t, max);
        if (why)
            return g_strdup_printf("sockets: %s", why);
    }
    if (spec->memory_kib && spec->memory_kib > maxmem)
        return g_strdup_printf("memory: %" G_GUINT64_FORMAT " KiB is more than the maximum of "
                               "%" G_GUINT64_FORMAT " KiB", spec->memory_kib, maxmem);
    if (!spec->memory_kib && spec->maxmemory_kib && has_current_memory &&
        f->memory_kib > maxmem)
        return g_strdup_printf("memory: %" G_GUINT64_FORMAT " KiB is more than the new maximum "
                               "of %" G_GUINT64_FORMAT " KiB", f->memory_kib, maxmem);
    return NULL;
}

char *
tv_domedit_apply(const char *xml, const tv_domedit_spec *spec, char **error)
{
    tv_domedit_facts f = { 0 };
    g_autoptr(xmlDoc) doc = NULL;
    g_auto(GStrv) devices = NULL;
    xmlNode *root = NULL;
    char *why;

    if (tv_domedit_read(xml, &f, error) < 0)
        return NULL;
    doc = parse_domain(xml, &root, error);
    if (!doc)
        goto fail;
    if (spec->boot && !(devices = tv_boot_parse(spec->boot, &why))) {
        *error = g_strdup_printf("boot: %s", why);
        g_free(why);
        goto fail;
    }
    if (spec->cpu && (why = tv_cpu_check(spec->cpu))) {
        *error = g_strdup_printf("cpu: %s", why);
        g_free(why);
        goto fail;
    }
    if ((why = check_result(&f, spec, root))) {
        *error = why;
        goto fail;
    }
    if (spec->vcpus || spec->maxvcpus) {
        unsigned max = spec->maxvcpus ? spec->maxvcpus : f.maxvcpus;
        apply_vcpus(root, spec->vcpus ? spec->vcpus : MIN(f.vcpus, max), max);
    }
    apply_memory(root, spec);
    apply_cpu(root, spec);
    apply_boot(root, spec, devices);
    tv_domedit_facts_clear(&f);
    return dump(doc, NULL);

fail:
    tv_domedit_facts_clear(&f);
    return NULL;
}

/* ---- CD-ROM media ------------------------------------------------------------------ */

void
tv_media_source_clear(tv_media_source *s)
{
    g_free(s->path);
    g_free(s->pool);
    g_free(s->volume);
    *s = (tv_media_source){ 0 };
}

bool
tv_media_source_parse(const char *text, tv_media_source *out, char **error)
{
    g_autofree char *t = g_strstrip(g_strdup(text ? text : ""));
    const char *slash = strchr(t, '/');

    tv_media_source_clear(out);
    if (!*t)
        return true; /* eject */
    if (t[0] == '/') {
        out->path = g_steal_pointer(&t);
        return true;
    }
    if (!slash || slash == t || !slash[1] || strchr(slash + 1, '/')) {
        *error = g_strdup_printf("'%s' is neither a path on the host (/...) nor a volume "
                                 "(POOL/VOLUME)", t);
        return false;
    }
    out->pool = g_strndup(t, (gsize)(slash - t));
    out->volume = g_strdup(slash + 1);
    return true;
}

/* The <disk> of target in the domain, or NULL with *error. */
static xmlNode *
find_drive(xmlNode *root, const char *target, char **error)
{
    xmlNode *devices = child(root, "devices");
    for (xmlNode *d = devices ? devices->children : NULL; d; d = d->next) {
        g_autofree char *dev = NULL;
        g_autofree char *kind = NULL;
        if (d->type != XML_ELEMENT_NODE || !xmlStrEqual(d->name, BAD_CAST "disk"))
            continue;
        dev = prop(child(d, "target"), "dev");
        if (g_strcmp0(dev, target) != 0)
            continue;
        kind = prop(d, "device");
        if (g_strcmp0(kind, "cdrom") != 0) {
            *error = g_strdup_printf("'%s' is a %s, not a CD-ROM drive", target,
                                     kind ? kind : "disk");
            return NULL;
        }
        return d;
    }
    *error = g_strdup_printf("the domain has no CD-ROM drive '%s'", target);
    return NULL;
}

char *
tv_domedit_media(const char *xml, const char *target, const tv_media_source *src,
                 char **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlDoc) out = xmlNewDoc(BAD_CAST "1.0");
    g_autofree char *old_type = NULL;
    xmlNode *root = NULL, *drive, *disk, *source, *anchor;
    const char *type;

    doc = parse_domain(xml, &root, error);
    if (!doc)
        return NULL;
    drive = find_drive(root, target, error);
    if (!drive)
        return NULL;
    disk = xmlDocCopyNode(drive, out, 1);
    xmlDocSetRootElement(out, disk);
    old_type = prop(disk, "type");
    /* The old media goes, with what described it. */
    remove_children(disk, "source");
    remove_children(disk, "backingStore");
    if (src->pool) {
        type = "volume";
    } else if (src->path) {
        type = g_str_has_prefix(src->path, "/dev/") ? "block" : "file";
    } else {
        /* An empty drive: a file or block drive stays what it is. */
        type = g_strcmp0(old_type, "block") == 0 ? "block" : "file";
    }
    xmlSetProp(disk, BAD_CAST "type", BAD_CAST type);
    if (!src->pool && !src->path)
        return dump(out, disk);
    source = xmlNewNode(NULL, BAD_CAST "source");
    if (src->pool) {
        xmlSetProp(source, BAD_CAST "pool", BAD_CAST src->pool);
        xmlSetProp(source, BAD_CAST "volume", BAD_CAST src->volume);
    } else {
        xmlSetProp(source, BAD_CAST(strcmp(type, "block") == 0 ? "dev" : "file"),
                   BAD_CAST src->path);
    }
    /* Where libvirt writes it: after <driver>, else first. */
    anchor = child(disk, "driver");
    if (anchor)
        xmlAddNextSibling(anchor, source);
    else if (disk->children)
        xmlAddPrevSibling(disk->children, source);
    else
        xmlAddChild(disk, source);
    return dump(out, disk);
}
