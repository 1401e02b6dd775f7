/*
 * domain-create's values turned into a plan, the way virt-install turns
 * its options into a guest: the choices the user made or the defaults
 * took, then the devices virt-install adds on its own for the OS (USB 3,
 * the guest agent channel, an RNG, a balloon, a tablet and a video card
 * with graphics, PCIe root ports on q35) and the clock it sets (local time
 * and the Hyper-V timer for Windows).
 */
#include "config.h"

#include <string.h>

#include "actions/create-plan.h"
#include "actions/disk-params.h"
#include "actions/nic.h"
#include "model/disktarget.h"

/* virt-install 4.1 makes 14 root ports on q35: QEMU 6.1 misbehaves with 15 or more. */
#define PCIE_ROOT_PORTS 14

#define KIB 1024

static const char *const boot_iso[] = { "cdrom", "hd", NULL };
static const char *const boot_pxe[] = { "network", "hd", NULL };
static const char *const boot_disk[] = { "hd", NULL };

const char *const *
tv_create_boot_order(const char *install)
{
    if (g_strcmp0(install, "iso") == 0)
        return boot_iso;
    if (g_strcmp0(install, "pxe") == 0)
        return boot_pxe;
    return boot_disk;
}

static const char *
keep(tv_create_plan *pl, char *s)
{
    if (s)
        g_ptr_array_add(pl->strings, s);
    return s;
}

static const char *
text(const tv_param_values *v, const char *name)
{
    const char *t = tv_param_values_text(v, name);
    return t && *t ? t : NULL;
}

static bool
yes(const tv_param_values *v, const char *name)
{
    const tv_param_value *val = tv_param_values_get(v, name);
    return val->set && val->number;
}

static unsigned
number(const tv_param_values *v, const char *name)
{
    const tv_param_value *val = tv_param_values_get(v, name);
    return val->set ? (unsigned)val->number : 0;
}

static bool
os_has(const tv_create_plan *pl, unsigned device)
{
    return pl->env.needs && (pl->env.needs->devices & device);
}

static bool
qemu_like(const char *virt_type)
{
    return g_strcmp0(virt_type, "kvm") == 0 || g_strcmp0(virt_type, "qemu") == 0;
}

/* The bus of the install CD-ROM: SATA on q35, IDE on i440fx (virt-install's x86 rule). */
static const char *
cdrom_bus(const tv_create_plan *pl)
{
    return pl->dom.machine && tv_machine_is_q35(pl->dom.machine) ? "sata" : "ide";
}

static void
plan_disks(tv_create_plan *pl, const tv_param_values *v)
{
    const tv_param_values *disk = tv_param_values_view(v, "disk.");
    const char *used[2] = { NULL, NULL };

    pl->disk_source = text(disk, "source");
    pl->has_disk = pl->disk_source && strcmp(pl->disk_source, "none") != 0;
    if (pl->has_disk) {
        tv_disk_spec_from_values(&pl->disk, disk);
        pl->disk.device = "disk";
        if (qemu_like(pl->dom.virt_type))
            pl->disk.driver = "qemu";
        pl->disk.target = keep(pl, tv_disk_next_target(pl->disk.bus, NULL));
        pl->dom.virtio_scsi = g_strcmp0(pl->disk.bus, "scsi") == 0 && qemu_like(pl->dom.virt_type);
        used[0] = pl->disk.target;
    }
    if (g_strcmp0(text(v, "install"), "iso") == 0 && text(v, "iso")) {
        pl->has_cdrom = true;
        pl->iso = text(v, "iso");
        pl->cdrom.device = "cdrom";
        pl->cdrom.source = TV_DISK_SOURCE_FILE;
        pl->cdrom.path = pl->iso;
        pl->cdrom.bus = cdrom_bus(pl);
        if (qemu_like(pl->dom.virt_type))
            pl->cdrom.driver = "qemu";
        pl->cdrom.readonly = true;
        pl->cdrom.target = keep(pl, tv_disk_next_target(pl->cdrom.bus, used));
    }
}

static void
plan_cpu_and_memory(tv_create_plan *pl, const tv_param_values *v)
{
    tv_new_domain *d = &pl->dom;
    const char *cpu = text(v, "cpu");
    d->vcpus = number(v, "vcpus");
    d->max_vcpus = MAX(number(v, "maxvcpus"), d->vcpus);
    d->sockets = number(v, "sockets");
    d->cores = number(v, "cores");
    d->threads = number(v, "threads");
    if (d->sockets || d->cores || d->threads) {
        /* libvirt wants all three: the ones not given are 1, or what makes the count. */
        unsigned s = d->sockets ? d->sockets : 1, c = d->cores ? d->cores : 1;
        unsigned t = d->threads ? d->threads : 1;
        if (!d->sockets && d->max_vcpus % (c * t) == 0)
            s = d->max_vcpus / (c * t);
        d->sockets = s;
        d->cores = c;
        d->threads = t;
    }
    d->cpu = cpu && strcmp(cpu, "default") != 0 ? cpu : NULL;
    d->memory_kib = tv_param_values_get(v, "memory")->bytes / KIB;
    d->max_memory_kib = MAX(tv_param_values_get(v, "maxmemory")->bytes / KIB, d->memory_kib);
}

/* The devices virt-install adds by itself for the OS and the hypervisor. */
static void
plan_platform(tv_create_plan *pl, const tv_param_values *v)
{
    tv_new_domain *d = &pl->dom;
    bool x86 = !d->arch || strcmp(d->arch, "x86_64") == 0 || strcmp(d->arch, "i686") == 0;
    bool qemu = qemu_like(d->virt_type);
    bool windows = tv_create_os_is_windows(pl->env.os);
    const char *graphics = text(v, "graphics");

    d->x86_features = x86 && strcmp(d->virt_type, "test") != 0;
    d->vmport_off = x86 && qemu && g_strcmp0(graphics, "spice") == 0; /* as with SPICE */
    d->clock_offset = windows ? "localtime" : "utc";
    d->x86_timers = x86 && qemu;
    d->hyperv_clock = windows && qemu;
    d->pm_off = x86 && qemu;
    d->emulator = pl->env.vcaps ? pl->env.vcaps->emulator : NULL;
    d->usb3 = qemu && x86 && os_has(pl, TV_OS_USB3);
    d->pcie_root_ports = qemu && d->machine && tv_machine_is_q35(d->machine) ? PCIE_ROOT_PORTS
                                                                             : 0;
    d->console = yes(v, "serial");
    d->guest_agent = qemu && os_has(pl, TV_OS_VIRTIO_SERIAL);
    if (graphics && strcmp(graphics, "none") != 0) {
        d->graphics = graphics;
        d->graphics_listen = text(v, "graphics_listen");
        d->video = tv_create_video_model(&pl->env, graphics, d->uefi);
        d->tablet = x86;
        d->spice_agent = strcmp(graphics, "spice") == 0 && qemu;
    }
    d->memballoon = qemu && os_has(pl, TV_OS_VIRTIO_BALLOON);
    d->rng = qemu && os_has(pl, TV_OS_VIRTIO_RNG);
}

void
tv_create_plan_init(tv_create_plan *pl, const tv_param_values *v, const tv_param_ctx *ctx)
{
    tv_param_ctx c = *ctx;
    tv_new_domain *d = &pl->dom;
    const char *install = text(v, "install");

    memset(pl, 0, sizeof(*pl));
    pl->strings = g_ptr_array_new_with_free_func(g_free);
    c.values = v;
    tv_create_env_get(&c, &pl->env);

    d->virt_type = pl->env.virt_type ? pl->env.virt_type : "qemu";
    d->name = text(v, "name");
    d->os_full_id = pl->env.os ? pl->env.os->id : NULL;
    d->arch = pl->env.caps ? pl->env.caps->arch : NULL;
    d->machine = pl->env.machine;
    d->uefi = g_strcmp0(text(v, "firmware"), "uefi") == 0;
    plan_cpu_and_memory(pl, v);
    if (g_strcmp0(install, "kernel") == 0) {
        d->kernel = text(v, "kernel");
        d->initrd = text(v, "initrd");
        d->cmdline = text(v, "cmdline");
    }
    d->boot = tv_create_boot_order(install);
    plan_platform(pl, v);
    plan_disks(pl, v);

    pl->has_nic = g_strcmp0(text(v, "nic.type"), "none") != 0 && text(v, "nic.type");
    if (pl->has_nic)
        tv_nic_spec_from_values(v, "nic.", &pl->nic);
}

void
tv_create_plan_clear(tv_create_plan *pl)
{
    tv_create_env_clear(&pl->env);
    g_clear_pointer(&pl->strings, g_ptr_array_unref);
}

char *
tv_create_plan_xml(const tv_create_plan *pl)
{
    tv_new_domain d = pl->dom;
    xmlNode *devices[3];
    size_t n = 0;
    if (pl->has_disk)
        devices[n++] = tv_diskxml_node(NULL, &pl->disk);
    if (pl->has_cdrom)
        devices[n++] = tv_diskxml_node(NULL, &pl->cdrom);
    if (pl->has_nic)
        devices[n++] = tv_nicxml_node(&pl->nic);
    d.devices = devices;
    d.n_devices = n;
    return tv_newdomxml_text(&d);
}
