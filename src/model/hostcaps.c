/*
 * Capabilities XML read into tv_host_caps.  The guest architecture is the
 * host's own when it offers hvm guests of it (as virt-install picks), else
 * the first hvm one; hypervisor types are listed kvm first because that is
 * the default virt-install takes when a host offers it.  Machine aliases
 * ("q35", "pc") are kept with their canonical names so a choice can be
 * shown the short way and checked the exact way.
 */
#include "config.h"

#include <string.h>

#include "model/hostcaps.h"
#include "util/cleanup.h"
#include "util/xml.h"

static void
virt_caps_clear(tv_virt_caps *v)
{
    g_free(v->virt_type);
    g_free(v->machine);
    g_free(v->emulator);
    g_free(v->host_model_name);
    g_strfreev(v->cpu_models);
    g_strfreev(v->disk_buses);
    g_strfreev(v->graphics);
    g_strfreev(v->video_models);
}

static void
caps_clear(gpointer p)
{
    tv_host_caps *c = p;
    g_free(c->arch);
    g_strfreev(c->virt_types);
    g_strfreev(c->machines);
    g_free(c->q35);
    g_free(c->pc);
    for (size_t i = 0; i < c->n_virt; i++)
        virt_caps_clear(&c->virt[i]);
    g_free(c->virt);
}

tv_host_caps *
tv_host_caps_ref(tv_host_caps *c)
{
    return g_atomic_rc_box_acquire(c);
}

void
tv_host_caps_unref(tv_host_caps *c)
{
    if (c)
        g_atomic_rc_box_release_full(c, caps_clear);
}

static bool
mode_supported(xmlXPathContext *x, xmlNode *root, const char *mode)
{
    g_autofree char *expr =
        g_strdup_printf("cpu/mode[@name='%s' and @supported='yes']", mode);
    return tv_xml_has(x, root, expr);
}

/* One <domainCapabilities> document; false when it does not parse. */
static bool
parse_domcaps(const char *text, tv_virt_caps *v)
{
    g_autofree char *error = NULL;
    g_autoptr(xmlDoc) doc = tv_xml_parse(text, "domain capabilities", &error);
    if (!doc)
        return false;
    g_autoptr(xmlXPathContext) x = xmlXPathNewContext(doc);
    xmlNode *root = xmlDocGetRootElement(doc);
    v->virt_type = tv_xml_at(x, root, "domain");
    v->machine = tv_xml_at(x, root, "machine");
    if (!v->virt_type || !v->machine)
        return false;
    v->emulator = tv_xml_at(x, root, "path");
    g_autofree char *max = tv_xml_at(x, root, "vcpu/@max");
    v->max_vcpus = max ? (unsigned)g_ascii_strtoull(max, NULL, 10) : 0;
    /* Firmware autoselection (libvirt 7.2 and later) lists efi when a UEFI build is installed. */
    v->efi = tv_xml_has(x, root, "os[@supported='yes']/enum[@name='firmware']/value[.='efi']");
    v->host_passthrough = mode_supported(x, root, "host-passthrough");
    v->host_model = mode_supported(x, root, "host-model");
    v->custom_cpu = mode_supported(x, root, "custom");
    v->host_model_name = tv_xml_at(x, root, "cpu/mode[@name='host-model']/model");
    v->cpu_models = tv_xml_all(x, root, "cpu/mode[@name='custom']/model[@usable='yes']");
    v->disk_buses = tv_xml_all(x, root, "devices/disk/enum[@name='bus']/value");
    v->graphics = tv_xml_all(x, root, "devices/graphics/enum[@name='type']/value");
    v->video_models = tv_xml_all(x, root, "devices/video/enum[@name='modelType']/value");
    return true;
}

/* The guest architecture: the host's when hvm guests of it are offered, else the first. */
static char *
pick_arch(xmlXPathContext *x, xmlNode *root)
{
    g_autofree char *host = tv_xml_at(x, root, "host/cpu/arch");
    if (host) {
        g_autofree char *expr =
            g_strdup_printf("guest[os_type='hvm']/arch[@name='%s']/@name", host);
        char *arch = tv_xml_at(x, root, expr);
        if (arch)
            return arch;
    }
    return tv_xml_at(x, root, "guest[os_type='hvm']/arch/@name");
}

static GStrv
kvm_first(GStrv types)
{
    size_t n = g_strv_length(types);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(types[i], "kvm") == 0) {
            char *kvm = types[i];
            memmove(&types[1], &types[0], i * sizeof *types);
            types[0] = kvm;
        }
    }
    return types;
}

tv_host_caps *
tv_host_caps_parse(const char *caps_xml, const char *const *domcaps_xml, size_t n_domcaps,
                   char **error)
{
    g_autoptr(xmlDoc) doc = tv_xml_parse(caps_xml, "host capabilities", error);
    if (!doc)
        return NULL;
    g_autoptr(xmlXPathContext) x = xmlXPathNewContext(doc);
    xmlNode *root = xmlDocGetRootElement(doc);
    g_autofree char *arch = pick_arch(x, root);
    if (!arch) {
        *error = g_strdup("the host offers no hardware-virtualized (hvm) guests");
        return NULL;
    }

    tv_host_caps *c = g_atomic_rc_box_new0(tv_host_caps);
    c->arch = g_steal_pointer(&arch);
    g_autofree char *base = g_strdup_printf("guest[os_type='hvm']/arch[@name='%s']", c->arch);
    g_autofree char *types = g_strdup_printf("%s/domain/@type", base);
    g_autofree char *machines = g_strdup_printf("%s/machine", base);
    g_autofree char *q35 = g_strdup_printf("%s/machine[.='q35']/@canonical", base);
    g_autofree char *pc = g_strdup_printf("%s/machine[.='pc']/@canonical", base);
    c->virt_types = kvm_first(tv_xml_all(x, root, types));
    c->machines = tv_xml_all(x, root, machines);
    c->q35 = tv_xml_at(x, root, q35);
    c->pc = tv_xml_at(x, root, pc);

    c->virt = g_new0(tv_virt_caps, n_domcaps + 1);
    for (size_t i = 0; i < n_domcaps; i++) {
        if (domcaps_xml[i] && parse_domcaps(domcaps_xml[i], &c->virt[c->n_virt]))
            c->n_virt++;
        else
            virt_caps_clear(&c->virt[c->n_virt]);
        memset(&c->virt[c->n_virt], 0, sizeof c->virt[c->n_virt]);
    }
    return c;
}

const char *
tv_host_caps_machine(const tv_host_caps *c, const char *name)
{
    if (!c || !name)
        return NULL;
    if (strcmp(name, "q35") == 0 && c->q35)
        return c->q35;
    if (strcmp(name, "pc") == 0 && c->pc)
        return c->pc;
    for (size_t i = 0; c->machines[i]; i++) {
        if (strcmp(c->machines[i], name) == 0)
            return c->machines[i];
    }
    return NULL;
}

bool
tv_machine_is_q35(const char *machine)
{
    return machine && (strcmp(machine, "q35") == 0 || g_str_has_prefix(machine, "pc-q35-"));
}

const tv_virt_caps *
tv_host_caps_find(const tv_host_caps *c, const char *virt_type, const char *machine)
{
    const char *canonical = tv_host_caps_machine(c, machine);
    if (!c || !virt_type || !canonical)
        return NULL;
    for (size_t i = 0; i < c->n_virt; i++) {
        if (strcmp(c->virt[i].virt_type, virt_type) == 0 &&
            strcmp(c->virt[i].machine, canonical) == 0)
            return &c->virt[i];
    }
    return NULL;
}
