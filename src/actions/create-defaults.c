/*
 * The defaults of a new VM, one rule per field, as virt-install 4.1 picks
 * them (virtinst's guest.py and devices/ modules): q35 where the OS supports
 * it, virtio where it has the drivers and SATA / e1000e otherwise, the
 * resources libosinfo recommends, UEFI when the OS requires it and the
 * host has a loader, host-passthrough on KVM, SPICE graphics when the
 * hypervisor offers them.  Each rule says why in a few words for the
 * wizard's review page.
 */
#include "config.h"

#include <string.h>

#include "actions/create-defaults.h"

#define GIB (G_GUINT64_CONSTANT(1) << 30)

/* When the OS database recommends nothing: virt-manager's figures. */
#define FALLBACK_MEMORY (2 * GIB)
#define FALLBACK_STORAGE (20 * GIB)

static bool
has(GStrv list, const char *word)
{
    return list && g_strv_contains((const char *const *)list, word);
}

static bool
os_has(const tv_create_env *env, unsigned device)
{
    return env->needs && (env->needs->devices & device);
}

static const char *
os_name(const tv_create_env *env)
{
    return env->os ? env->os->name : "the OS";
}

bool
tv_create_os_is_windows(const tv_os_variant *os)
{
    return os && g_strcmp0(os->family, "winnt") == 0;
}

static bool
is_x86(const tv_create_env *env)
{
    const char *arch = env->caps ? env->caps->arch : NULL;
    return !arch || strcmp(arch, "x86_64") == 0 || strcmp(arch, "i686") == 0;
}

/* virt-install's _set_default_machine: q35 for an OS that supports it (and virtio 1.0). */
static char *
default_machine(const tv_create_env *env, char **why)
{
    if (!env->caps)
        return NULL;
    bool qemu = env->virt_type && (strcmp(env->virt_type, "kvm") == 0 ||
                                   strcmp(env->virt_type, "qemu") == 0);
    bool q35_ok = os_has(env, TV_OS_Q35) &&
                  !(os_has(env, TV_OS_VIRTIO_NET) && !os_has(env, TV_OS_VIRTIO1));
    if (is_x86(env) && qemu && env->caps->q35 && q35_ok) {
        *why = g_strdup_printf("%s supports the q35 chipset", os_name(env));
        return g_strdup("q35");
    }
    if (!env->caps->machines || !env->caps->machines[0])
        return NULL;
    *why = env->os ? g_strdup_printf("%s lacks q35 support: the host's first machine type",
                                     env->os->name)
                   : g_strdup("no OS chosen: the host's first machine type");
    return g_strdup(env->caps->machines[0]);
}

static char *
default_memory(const tv_create_env *env, char **why)
{
    guint64 bytes = env->needs ? env->needs->rec_ram : 0;
    if (bytes)
        *why = g_strdup_printf("recommended for %s", env->os->name);
    else {
        bytes = FALLBACK_MEMORY;
        *why = g_strdup("the OS database recommends nothing: virt-manager's default");
    }
    if (env->snap && env->snap->mem_total_kib && bytes > env->snap->mem_total_kib * 1024 / 2) {
        /* Never propose more than half the host: whole GiB, at least 1. */
        bytes = MAX(env->snap->mem_total_kib * 1024 / 2 / GIB, 1) * GIB;
        g_free(*why);
        *why = g_strdup("half the host's memory (the recommendation is more)");
    }
    return tv_param_format_size(bytes);
}

static char *
default_vcpus(const tv_create_env *env, char **why)
{
    int n = env->needs ? env->needs->rec_cpus : 0;
    if (n > 0)
        *why = g_strdup_printf("recommended for %s", env->os->name);
    else {
        n = 1;
        *why = g_strdup("the OS database recommends nothing: one vCPU");
    }
    if (env->snap && env->snap->cpus && (unsigned)n > env->snap->cpus) {
        n = (int)env->snap->cpus;
        g_free(*why);
        *why = g_strdup("the host's CPU count (the recommendation is more)");
    }
    return g_strdup_printf("%d", n);
}

static char *
default_cpu(const tv_create_env *env, char **why)
{
    if (g_strcmp0(env->virt_type, "kvm") == 0 && is_x86(env) &&
        (!env->vcaps || env->vcaps->host_passthrough)) {
        *why = g_strdup("virt-install's choice on KVM");
        return g_strdup("host-passthrough");
    }
    *why = g_strdup("the hypervisor's own CPU model");
    return g_strdup("default");
}

static char *
default_firmware(const tv_create_env *env, char **why)
{
    if (env->os && env->needs->requires_efi) {
        if (env->vcaps && env->vcaps->efi) {
            *why = g_strdup_printf("%s requires UEFI", env->os->name);
            return g_strdup("uefi");
        }
        *why = g_strdup_printf("%s requires UEFI, but the host offers no UEFI firmware",
                               env->os->name);
        return g_strdup("bios");
    }
    *why = g_strdup("the OS does not require UEFI");
    return g_strdup("bios");
}

/* The boot disk's bus: devices/disk.py's _default_bus. */
static char *
default_disk_bus(const tv_create_env *env, char **why)
{
    if (os_has(env, TV_OS_VIRTIO_BLK)) {
        *why = g_strdup_printf("%s has virtio drivers", os_name(env));
        return g_strdup("virtio");
    }
    if (env->machine && tv_machine_is_q35(env->machine)) {
        *why = g_strdup_printf("%s lacks virtio drivers; q35 has SATA", os_name(env));
        return g_strdup("sata");
    }
    *why = g_strdup_printf("%s lacks virtio drivers", os_name(env));
    return g_strdup("ide");
}

static char *
default_disk_size(const tv_create_env *env, char **why)
{
    guint64 bytes = env->needs ? env->needs->rec_storage : 0;
    if (bytes)
        *why = g_strdup_printf("recommended for %s", env->os->name);
    else {
        bytes = FALLBACK_STORAGE;
        *why = g_strdup("the OS database recommends nothing: virt-manager's default");
    }
    return tv_param_format_size(bytes);
}

/* devices/interface.py's default_model. */
static char *
default_nic_model(const tv_create_env *env, char **why)
{
    if (os_has(env, TV_OS_VIRTIO_NET)) {
        *why = g_strdup_printf("%s has virtio drivers", os_name(env));
        return g_strdup("virtio");
    }
    if (env->machine && tv_machine_is_q35(env->machine)) {
        *why = g_strdup_printf("%s lacks virtio drivers; e1000e on q35", os_name(env));
        return g_strdup("e1000e");
    }
    *why = g_strdup_printf("%s lacks virtio drivers", os_name(env));
    return g_strdup("e1000");
}

/* The first NIC: the network called default, else the first active one, else none. */
static char *
default_nic_type(const tv_create_env *env, char **why)
{
    const tv_network_list *nets = env->snap ? env->snap->networks : NULL;
    for (size_t i = 0; nets && i < nets->n; i++) {
        if (nets->networks[i].active) {
            *why = g_strdup("the host has an active virtual network");
            return g_strdup("network");
        }
    }
    if (!nets)
        return NULL; /* not read yet */
    *why = g_strdup("the host has no active virtual network");
    return g_strdup("none");
}

static char *
default_nic_source(const tv_create_env *env, char **why)
{
    const tv_network_list *nets = env->snap ? env->snap->networks : NULL;
    const tv_network *first = NULL;
    for (size_t i = 0; nets && i < nets->n; i++) {
        if (!nets->networks[i].active)
            continue;
        if (strcmp(nets->networks[i].name, "default") == 0) {
            *why = g_strdup("libvirt's default network");
            return g_strdup("default");
        }
        if (!first)
            first = &nets->networks[i];
    }
    if (!first)
        return NULL;
    *why = g_strdup("the host's first active network");
    return g_strdup(first->name);
}

/* devices/graphics.py: SPICE when the hypervisor offers it, else VNC. */
static char *
default_graphics(const tv_create_env *env, char **why)
{
    if (!is_x86(env)) {
        *why = g_strdup("no default display off x86");
        return g_strdup("none");
    }
    if (env->vcaps && has(env->vcaps->graphics, "spice")) {
        *why = g_strdup("virt-install's default where the hypervisor offers SPICE");
        return g_strdup("spice");
    }
    *why = g_strdup(env->vcaps ? "the hypervisor offers no SPICE" : "VNC works everywhere");
    return g_strdup("vnc");
}

const char *
tv_create_video_model(const tv_create_env *env, const char *graphics, bool uefi)
{
    const tv_virt_caps *vc = env->vcaps;
    if (!graphics || strcmp(graphics, "none") == 0)
        return NULL;
    if (vc && has(vc->video_models, "virtio") && os_has(env, TV_OS_VIRTIO_GPU))
        return "virtio";
    if (is_x86(env) && strcmp(graphics, "spice") == 0 && vc && has(vc->video_models, "qxl"))
        return "qxl";
    if (uefi && vc && has(vc->video_models, "bochs"))
        return "bochs";
    return "vga";
}

char *
tv_create_default(const char *field, const tv_create_env *env, char **why)
{
    char *dummy = NULL;
    char *value = NULL;
    if (!why)
        why = &dummy;
    *why = NULL;

    if (strcmp(field, "virt_type") == 0) {
        if (env->test_driver) {
            *why = g_strdup("libvirt's test driver");
            value = g_strdup("test");
        } else if (env->caps && env->caps->virt_types[0]) {
            *why = g_strdup(strcmp(env->caps->virt_types[0], "kvm") == 0
                                ? "the host offers KVM"
                                : "the host offers no KVM");
            value = g_strdup(env->caps->virt_types[0]);
        }
    } else if (strcmp(field, "machine") == 0) {
        value = default_machine(env, why);
    } else if (strcmp(field, "memory") == 0) {
        value = default_memory(env, why);
    } else if (strcmp(field, "vcpus") == 0) {
        value = default_vcpus(env, why);
    } else if (strcmp(field, "cpu") == 0) {
        value = default_cpu(env, why);
    } else if (strcmp(field, "firmware") == 0) {
        value = default_firmware(env, why);
    } else if (strcmp(field, "disk.bus") == 0) {
        value = default_disk_bus(env, why);
    } else if (strcmp(field, "disk.size") == 0) {
        value = default_disk_size(env, why);
    } else if (strcmp(field, "nic.model") == 0) {
        value = default_nic_model(env, why);
    } else if (strcmp(field, "nic.type") == 0) {
        value = default_nic_type(env, why);
    } else if (strcmp(field, "nic.source") == 0) {
        value = default_nic_source(env, why);
    } else if (strcmp(field, "graphics") == 0) {
        value = default_graphics(env, why);
    }
    g_free(dummy);
    return value;
}

/* A value as the set holds it, else the field's default from what is known so far. */
static const char *
value_or_default(const tv_param_values *v, const char *field, const tv_create_env *env,
                 char **owned)
{
    const char *text = tv_param_values_given(v, field) ? tv_param_values_text(v, field) : NULL;
    if (text)
        return text;
    *owned = tv_create_default(field, env, NULL);
    return *owned;
}

void
tv_create_env_get(const tv_param_ctx *ctx, tv_create_env *env)
{
    const tv_param_values *v = ctx->values ? tv_param_values_outer(ctx->values) : NULL;
    const tv_os_catalog *cat = tv_oscat_ready();

    memset(env, 0, sizeof(*env));
    env->snap = ctx->snap;
    env->caps = ctx->snap ? ctx->snap->caps : NULL;
    env->test_driver = ctx->snap && ctx->snap->is_test_driver;
    if (!v)
        return;
    if (cat) {
        const char *os = tv_param_values_text(v, "os");
        env->os = os ? tv_oscat_find(cat, os) : NULL;
        env->needs = env->os ? tv_oscat_needs(env->os) : NULL;
    }
    env->virt_type = value_or_default(v, "virt_type", env, &env->owned_virt_type);
    env->machine = value_or_default(v, "machine", env, &env->owned_machine);
    if (env->caps && env->virt_type)
        env->vcaps = tv_host_caps_find(env->caps, env->virt_type,
                                       env->machine ? env->machine : env->caps->machines[0]);
}

void
tv_create_env_clear(tv_create_env *env)
{
    g_clear_pointer(&env->owned_virt_type, g_free);
    g_clear_pointer(&env->owned_machine, g_free);
}

char *
tv_create_param_default(const tv_param *p, const tv_param_ctx *ctx)
{
    tv_create_env env;
    tv_create_env_get(ctx, &env);
    char *value = tv_create_default(p->name, &env, NULL); /* expanded: "disk.bus" */
    tv_create_env_clear(&env);
    return value;
}
