/*
 * <domain> documents for new VMs.  Elements come in the order libvirt
 * writes them back (so a defined domain's XML reads like what was shown on
 * the review page), attributes only where the spec chose something, and
 * every text through libxml2 so a name like <web "01"> & co. round-trips.
 */
#include "config.h"

#include "model/newdomxml.h"
#include "util/cleanup.h"
#include "util/xml.h"

static xmlNode *
child(xmlNode *parent, const char *name, const char *text)
{
    return xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST text);
}

static xmlNode *
child_u64(xmlNode *parent, const char *name, guint64 value)
{
    g_autofree char *text = g_strdup_printf("%" G_GUINT64_FORMAT, value);
    return child(parent, name, text);
}

static void
prop(xmlNode *n, const char *name, const char *value)
{
    if (value)
        xmlNewProp(n, BAD_CAST name, BAD_CAST value);
}

static void
prop_u(xmlNode *n, const char *name, unsigned value)
{
    g_autofree char *text = g_strdup_printf("%u", value);
    prop(n, name, text);
}

static void
add_metadata(xmlNode *root, const tv_new_domain *s)
{
    if (!s->os_full_id)
        return;
    xmlNode *meta = child(root, "metadata", NULL);
    xmlNode *info = xmlNewChild(meta, NULL, BAD_CAST "libosinfo", NULL);
    xmlNs *ns = xmlNewNs(info, BAD_CAST "http://libosinfo.org/xmlns/libvirt/domain/1.0",
                         BAD_CAST "libosinfo");
    xmlSetNs(info, ns);
    xmlNode *os = xmlNewChild(info, ns, BAD_CAST "os", NULL);
    prop(os, "id", s->os_full_id);
}

static void
add_os(xmlNode *root, const tv_new_domain *s)
{
    xmlNode *os = child(root, "os", NULL);
    if (s->uefi)
        prop(os, "firmware", "efi");
    xmlNode *type = child(os, "type", "hvm");
    prop(type, "arch", s->arch);
    prop(type, "machine", s->machine);
    if (s->kernel) {
        child(os, "kernel", s->kernel);
        if (s->initrd)
            child(os, "initrd", s->initrd);
        if (s->cmdline)
            child(os, "cmdline", s->cmdline);
    }
    for (size_t i = 0; s->boot && s->boot[i]; i++)
        prop(child(os, "boot", NULL), "dev", s->boot[i]);
    if (s->boot_menu)
        prop(child(os, "bootmenu", NULL), "enable", "yes");
}

static void
add_cpu(xmlNode *root, const tv_new_domain *s)
{
    if (!s->cpu && !s->sockets)
        return;
    xmlNode *cpu = child(root, "cpu", NULL);
    if (g_strcmp0(s->cpu, "host-passthrough") == 0 || g_strcmp0(s->cpu, "host-model") == 0) {
        prop(cpu, "mode", s->cpu);
    } else if (s->cpu) {
        prop(cpu, "mode", "custom");
        prop(cpu, "match", "exact");
        xmlNode *model = child(cpu, "model", s->cpu);
        prop(model, "fallback", "allow");
    }
    if (s->sockets) {
        xmlNode *topo = child(cpu, "topology", NULL);
        prop_u(topo, "sockets", s->sockets);
        prop_u(topo, "dies", 1);
        prop_u(topo, "cores", s->cores);
        prop_u(topo, "threads", s->threads);
    }
}

static void
add_clock(xmlNode *root, const tv_new_domain *s)
{
    xmlNode *clock = child(root, "clock", NULL);
    prop(clock, "offset", s->clock_offset ? s->clock_offset : "utc");
    if (s->x86_timers) {
        xmlNode *t = child(clock, "timer", NULL);
        prop(t, "name", "rtc");
        prop(t, "tickpolicy", "catchup");
        t = child(clock, "timer", NULL);
        prop(t, "name", "pit");
        prop(t, "tickpolicy", "delay");
        t = child(clock, "timer", NULL);
        prop(t, "name", "hpet");
        prop(t, "present", "no");
    }
    if (s->hyperv_clock) {
        xmlNode *t = child(clock, "timer", NULL);
        prop(t, "name", "hypervclock");
        prop(t, "present", "yes");
    }
}

static void
add_controller(xmlNode *devices, const char *type, const char *model)
{
    xmlNode *c = child(devices, "controller", NULL);
    prop(c, "type", type);
    prop(c, "model", model);
}

static void
add_chardevs(xmlNode *devices, const tv_new_domain *s)
{
    if (s->console)
        prop(child(devices, "console", NULL), "type", "pty");
    if (s->guest_agent) {
        xmlNode *ch = child(devices, "channel", NULL);
        prop(ch, "type", "unix");
        prop(child(ch, "source", NULL), "mode", "bind");
        xmlNode *t = child(ch, "target", NULL);
        prop(t, "type", "virtio");
        prop(t, "name", "org.qemu.guest_agent.0");
    }
    if (s->spice_agent && g_strcmp0(s->graphics, "spice") == 0) {
        xmlNode *ch = child(devices, "channel", NULL);
        prop(ch, "type", "spicevmc");
        xmlNode *t = child(ch, "target", NULL);
        prop(t, "type", "virtio");
        prop(t, "name", "com.redhat.spice.0");
    }
}

static void
add_display(xmlNode *devices, const tv_new_domain *s)
{
    if (s->graphics && s->tablet) {
        xmlNode *in = child(devices, "input", NULL);
        prop(in, "type", "tablet");
        prop(in, "bus", "usb");
    }
    if (s->graphics) {
        xmlNode *g = child(devices, "graphics", NULL);
        prop(g, "type", s->graphics);
        prop(g, "port", "-1");
        if (s->graphics_listen) {
            xmlNode *l = child(g, "listen", NULL);
            prop(l, "type", "address");
            prop(l, "address", s->graphics_listen);
        }
    }
    if (s->video)
        prop(child(child(devices, "video", NULL), "model", NULL), "type", s->video);
}

static void
add_devices(xmlNode *root, const tv_new_domain *s)
{
    xmlNode *devices = child(root, "devices", NULL);
    if (s->emulator)
        child(devices, "emulator", s->emulator);
    for (size_t i = 0; i < s->n_devices; i++) {
        if (g_strcmp0((const char *)s->devices[i]->name, "interface") != 0)
            xmlAddChild(devices, s->devices[i]);
    }
    if (s->usb3) {
        xmlNode *c = child(devices, "controller", NULL);
        prop(c, "type", "usb");
        prop(c, "model", "qemu-xhci");
        prop(c, "ports", "15");
    }
    if (s->virtio_scsi)
        add_controller(devices, "scsi", "virtio-scsi");
    if (s->pcie_root_ports) {
        add_controller(devices, "pci", "pcie-root");
        for (unsigned i = 0; i < s->pcie_root_ports; i++)
            add_controller(devices, "pci", "pcie-root-port");
    }
    for (size_t i = 0; i < s->n_devices; i++) {
        if (g_strcmp0((const char *)s->devices[i]->name, "interface") == 0)
            xmlAddChild(devices, s->devices[i]);
    }
    add_chardevs(devices, s);
    add_display(devices, s);
    if (s->memballoon)
        prop(child(devices, "memballoon", NULL), "model", "virtio");
    if (s->rng) {
        xmlNode *rng = child(devices, "rng", NULL);
        prop(rng, "model", "virtio");
        prop(child(rng, "backend", "/dev/urandom"), "model", "random");
    }
}

xmlDoc *
tv_newdomxml_build(const tv_new_domain *s)
{
    xmlDoc *doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNode *root = xmlNewNode(NULL, BAD_CAST "domain");
    xmlDocSetRootElement(doc, root);
    prop(root, "type", s->virt_type);
    child(root, "name", s->name);
    if (s->uuid)
        child(root, "uuid", s->uuid);
    add_metadata(root, s);
    child_u64(root, "memory", MAX(s->max_memory_kib, s->memory_kib));
    child_u64(root, "currentMemory", s->memory_kib);
    xmlNode *vcpu = child_u64(root, "vcpu", MAX(s->max_vcpus, s->vcpus));
    if (s->max_vcpus > s->vcpus)
        prop_u(vcpu, "current", s->vcpus);
    add_os(root, s);
    if (s->x86_features || s->vmport_off) {
        xmlNode *features = child(root, "features", NULL);
        if (s->x86_features) {
            child(features, "acpi", NULL);
            child(features, "apic", NULL);
        }
        if (s->vmport_off)
            prop(child(features, "vmport", NULL), "state", "off");
    }
    add_cpu(root, s);
    add_clock(root, s);
    if (s->pm_off) {
        xmlNode *pm = child(root, "pm", NULL);
        prop(child(pm, "suspend-to-mem", NULL), "enabled", "no");
        prop(child(pm, "suspend-to-disk", NULL), "enabled", "no");
    }
    add_devices(root, s);
    return doc;
}

char *
tv_newdomxml_text(const tv_new_domain *spec)
{
    g_autoptr(xmlDoc) doc = tv_newdomxml_build(spec);
    return tv_xml_node_text(xmlDocGetRootElement(doc));
}
