/*
 * domain-create (n): a new VM, as virt-manager's New VM wizard and
 * virt-install make it.  The table is the wizard: name and install
 * method, OS variant and CPUs, memory and firmware, the boot disk (the
 * disk schema of domain-attach-disk as disk.*), the first NIC (the NIC
 * schema as nic.*) and the display; defaults follow the OS variant
 * (create-defaults.c).  Exec (create-exec.c) runs as a job: volume,
 * define, autostart, start; each undone when a later step fails.
 */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "actions/action-impl.h"
#include "actions/create-defaults.h"
#include "actions/create-exec.h"
#include "actions/create-plan.h"
#include "actions/create-review.h"
#include "actions/disk-params.h"
#include "actions/nic.h"

static const char *const installs[] = { "iso", "import", "pxe", "kernel", "manual", NULL };
static const char *const virt_types[] = { "kvm", "qemu", "test", NULL };
static const char *const firmwares[] = { "bios", "uefi", NULL };
static const char *const displays[] = { "none", "vnc", "spice", NULL };

static const char *
text(const tv_param_ctx *ctx, const char *name)
{
    return tv_param_values_text(tv_param_values_outer(ctx->values), name);
}

static bool
install_is(const tv_param_ctx *ctx, const char *method)
{
    return g_strcmp0(text(ctx, "install"), method) == 0;
}

static bool
show_iso(const tv_param_ctx *ctx)
{
    return install_is(ctx, "iso");
}

static bool
show_kernel(const tv_param_ctx *ctx)
{
    return install_is(ctx, "kernel");
}

static bool
show_listen(const tv_param_ctx *ctx)
{
    return g_strcmp0(text(ctx, "graphics"), "none") != 0;
}

static bool
show_console(const tv_param_ctx *ctx)
{
    const tv_param_value *start = tv_param_values_get(tv_param_values_outer(ctx->values),
                                                      "start");
    return start->set && start->number;
}

/* ---- checks ------------------------------------------------------------------------ */

/* The host the checks read (--exec's host= chooses it before anything is checked). */
static char *
default_host(const tv_param *p, const tv_param_ctx *ctx)
{
    return ctx->snap ? g_strdup(ctx->snap->label) : NULL;
}

static char *
check_host(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    if (ctx->snap && strcmp(v->text, ctx->snap->label) == 0)
        return ctx->snap->state == TV_HOST_CONNECTED
                   ? NULL
                   : g_strdup_printf("%s is not connected: the wizard waits for it",
                                     ctx->snap->label);
    if (ctx->hosts && !g_strv_contains(ctx->hosts, v->text))
        return g_strdup_printf("no connected host '%s' (F4 lists them)", v->text);
    if (!ctx->hosts && ctx->snap)
        return g_strdup_printf("give the host with host= before the fields, not '%s'",
                               v->text);
    return NULL;
}

static char *
check_name(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    for (size_t i = 0; ctx->snap && i < ctx->snap->n_domains; i++) {
        if (strcmp(ctx->snap->domains[i].name, v->text) == 0)
            return g_strdup_printf("%s already has a domain '%s'", ctx->snap->label, v->text);
    }
    return NULL;
}

static const tv_pool *
pool_named(const tv_host_snapshot *s, const char *name, size_t len)
{
    for (size_t i = 0; s && s->storage && i < s->storage->n; i++) {
        const tv_pool *p = &s->storage->pools[i];
        if (strlen(p->name) == len && strncmp(p->name, name, len) == 0)
            return p;
    }
    return NULL;
}

/* F4 on the install ISO: the host's volumes that are ISO images. */
static GPtrArray *
iso_candidates(const tv_param *p, const tv_param_ctx *ctx)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    for (size_t i = 0; ctx->snap && ctx->snap->storage && i < ctx->snap->storage->n; i++) {
        const tv_pool *pool = &ctx->snap->storage->pools[i];
        for (size_t k = 0; k < pool->n_volumes; k++) {
            g_autofree char *size = tv_param_format_size(pool->volumes[k].capacity);
            if (g_str_has_suffix(pool->volumes[k].name, ".iso"))
                g_ptr_array_add(out, g_strdup_printf("%s/%s\t%s", pool->name,
                                                     pool->volumes[k].name, size));
        }
    }
    return out;
}

/* A file the host reads (kernel, initrd, ISO): checked here when the host is this machine. */
static char *
check_host_file(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    if (!ctx->snap || !ctx->snap->is_local || v->text[0] != '/')
        return NULL; /* elsewhere the host says so when it boots */
    if (!g_file_test(v->text, G_FILE_TEST_EXISTS))
        return g_strdup_printf("%s does not exist on %s", v->text, ctx->snap->label);
    if (g_file_test(v->text, G_FILE_TEST_IS_DIR))
        return g_strdup_printf("%s is a directory", v->text);
    return NULL;
}

/* The install ISO: POOL/VOLUME that the snapshot shows, or an absolute path. */
static char *
check_iso(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const char *slash = strchr(v->text, '/');
    if (v->text[0] == '/')
        return check_host_file(p, v, ctx);
    if (!slash)
        return g_strdup("expected POOL/VOLUME or an absolute path on the host");
    const tv_pool *pool = pool_named(ctx->snap, v->text, (size_t)(slash - v->text));
    if (!ctx->snap || !ctx->snap->storage)
        return NULL;
    if (!pool)
        return g_strdup_printf("no pool '%.*s' on %s", (int)(slash - v->text), v->text,
                               ctx->snap->label);
    for (size_t i = 0; i < pool->n_volumes; i++) {
        if (strcmp(pool->volumes[i].name, slash + 1) == 0)
            return NULL;
    }
    return g_strdup_printf("pool '%s' has no volume '%s'", pool->name, slash + 1);
}

static char *
check_os(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_os_catalog *cat = tv_oscat_ready();
    if (strcmp(v->text, "detect") == 0)
        return install_is(ctx, "iso") ? NULL
                                      : g_strdup("detect reads the install ISO: use it with "
                                                 "install=iso, or name the OS");
    if (!cat)
        return tv_oscat_error()
                   ? g_strdup_printf("the OS database could not be read: %s", tv_oscat_error())
                   : g_strdup("libosinfo's database is still loading: a moment");
    if (tv_oscat_find(cat, v->text))
        return NULL;
    g_autoptr(GPtrArray) near = tv_oscat_suggest(cat, v->text, 4);
    g_autoptr(GString) msg = g_string_new(NULL);
    g_string_printf(msg, "'%s' is not an OS variant libosinfo knows", v->text);
    for (guint i = 0; i < near->len; i++)
        g_string_append_printf(msg, "%s%s", i ? ", " : " (nearest: ", (char *)near->pdata[i]);
    if (near->len)
        g_string_append(msg, ")");
    return g_string_free(g_steal_pointer(&msg), FALSE);
}

static char *
check_virt_type(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_host_caps *caps = ctx->snap ? ctx->snap->caps : NULL;
    if (ctx->snap && ctx->snap->is_test_driver)
        return strcmp(v->text, "test") == 0 ? NULL
                                            : g_strdup("libvirt's test driver runs only "
                                                       "virt_type=test");
    if (strcmp(v->text, "test") == 0)
        return g_strdup("test is for libvirt's test driver: choose kvm or qemu");
    if (caps && !g_strv_contains((const char *const *)caps->virt_types, v->text))
        return g_strdup_printf("%s does not offer %s for %s guests", ctx->snap->label, v->text,
                               caps->arch ? caps->arch : "its");
    return NULL;
}

static char *
check_machine(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_host_caps *caps = ctx->snap ? ctx->snap->caps : NULL;
    if (!caps || tv_host_caps_machine(caps, v->text))
        return NULL;
    return g_strdup_printf("%s offers no machine type '%s' for %s (q35 and pc are the usual)",
                           ctx->snap->label, v->text, caps->arch);
}

/* The domain capabilities for the chosen hypervisor and machine, or NULL. */
static const tv_virt_caps *
chosen_caps(const tv_param_ctx *ctx, tv_create_env *env)
{
    tv_create_env_get(ctx, env);
    return env->vcaps;
}

static char *
check_vcpus(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    tv_create_env env;
    const tv_virt_caps *vc = chosen_caps(ctx, &env);
    const tv_param_value *max = tv_param_values_get(ctx->values, "maxvcpus");
    char *why = NULL;
    if (vc && vc->max_vcpus && (unsigned long long)v->number > vc->max_vcpus)
        why = g_strdup_printf("%s on %s takes at most %u vCPUs", vc->virt_type, vc->machine,
                              vc->max_vcpus);
    else if (strcmp(p->name, "vcpus") == 0 && max->set && v->number > max->number)
        why = g_strdup_printf("%lld is more than the maximum (maxvcpus=%lld)", v->number,
                              max->number);
    tv_create_env_clear(&env);
    return why;
}

static char *
default_maxvcpus(const tv_param *p, const tv_param_ctx *ctx)
{
    const char *vcpus = tv_param_values_text(ctx->values, "vcpus");
    if (vcpus)
        return g_strdup(vcpus);
    return tv_create_param_default(&(tv_param){ .name = "vcpus" }, ctx);
}

/* sockets x cores x threads must make maxvcpus (those not given count as 1). */
static char *
check_topology(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const char *parts[] = { "sockets", "cores", "threads" };
    long long product = 1;
    const tv_param_value *max = tv_param_values_get(ctx->values, "maxvcpus");
    bool sockets_given = tv_param_values_get(ctx->values, "sockets")->set;
    for (size_t i = 0; i < G_N_ELEMENTS(parts); i++) {
        const tv_param_value *x = tv_param_values_get(ctx->values, parts[i]);
        product *= x->set ? x->number : 1;
    }
    if (!max->set)
        return NULL;
    /* Without sockets, the sockets are worked out: the others must divide the count. */
    if (!sockets_given ? max->number % product == 0 : product == max->number)
        return NULL;
    return g_strdup_printf("sockets x cores x threads must make maxvcpus (%lld), not %lld",
                           max->number, product);
}

static char *
check_cpu(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    tv_create_env env;
    const tv_virt_caps *vc = chosen_caps(ctx, &env);
    char *why = NULL;
    if (!vc || strcmp(v->text, "default") == 0)
        ;
    else if (strcmp(v->text, "host-passthrough") == 0 ? !vc->host_passthrough
             : strcmp(v->text, "host-model") == 0    ? !vc->host_model
                                                     : !g_strv_contains(
                                                           (const char *const *)vc->cpu_models,
                                                           v->text))
        why = g_strdup_printf("%s on %s does not offer the CPU '%s' (host-model, "
                              "host-passthrough, default or a model it lists)",
                              vc->virt_type, vc->machine, v->text);
    tv_create_env_clear(&env);
    return why;
}

static char *
check_memory(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    const tv_param_value *memory = tv_param_values_get(ctx->values, "memory");
    guint64 host = ctx->snap ? ctx->snap->mem_total_kib * 1024 : 0;
    if (host && v->bytes > host) {
        g_autofree char *total = tv_param_format_size(host);
        return g_strdup_printf("%s is more than the host's memory (%s)", v->text, total);
    }
    if (strcmp(p->name, "maxmemory") == 0 && memory->set && v->bytes < memory->bytes)
        return g_strdup_printf("%s is less than memory (%s)", v->text, memory->text);
    return NULL;
}

static char *
default_maxmemory(const tv_param *p, const tv_param_ctx *ctx)
{
    const char *memory = tv_param_values_text(ctx->values, "memory");
    return memory ? g_strdup(memory)
                  : tv_create_param_default(&(tv_param){ .name = "memory" }, ctx);
}

static char *
check_firmware(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    tv_create_env env;
    const tv_virt_caps *vc = chosen_caps(ctx, &env);
    char *why = NULL;
    if (strcmp(v->text, "uefi") == 0 && vc && !vc->efi)
        why = g_strdup_printf("%s offers no UEFI firmware for %s on %s (install ovmf on it)",
                              ctx->snap->label, vc->virt_type, vc->machine);
    else if (strcmp(v->text, "uefi") == 0 && env.test_driver)
        why = g_strdup("libvirt's test driver has no UEFI firmware");
    else if (strcmp(v->text, "bios") == 0 && env.os && env.needs->requires_efi &&
             tv_param_values_given(tv_param_values_outer(ctx->values), "firmware"))
        why = g_strdup_printf("%s needs UEFI", env.os->name);
    tv_create_env_clear(&env);
    return why;
}

static char *
check_graphics(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    tv_create_env env;
    const tv_virt_caps *vc = chosen_caps(ctx, &env);
    char *why = NULL;
    if (vc && strcmp(v->text, "none") != 0 && vc->graphics[0] &&
        !g_strv_contains((const char *const *)vc->graphics, v->text))
        why = g_strdup_printf("%s on %s offers no %s display", vc->virt_type, vc->machine,
                              v->text);
    tv_create_env_clear(&env);
    return why;
}

static char *
check_listen(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    unsigned char addr[sizeof(struct in6_addr)];
    bool ok = inet_pton(AF_INET, v->text, addr) == 1 || inet_pton(AF_INET6, v->text, addr) == 1;
    return ok ? NULL : g_strdup_printf("'%s' is not an IP address (0.0.0.0 listens on all, "
                                         "127.0.0.1 on this host only)", v->text);
}

/* ---- the disk and NIC groups, with the wizard's defaults ----------------------------- */

static char *
default_disk_source(const tv_param *p, const tv_param_ctx *ctx)
{
    return g_strdup(install_is(ctx, "import") ? "volume" : "new");
}

static char *
check_disk_source(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    if (install_is(ctx, "import") && (strcmp(v->text, "volume") != 0 &&
                                      strcmp(v->text, "path") != 0))
        return g_strdup("install=import boots an existing disk: choose volume or path");
    if (strcmp(v->text, "empty") == 0)
        return g_strdup("the boot disk needs a new volume, a volume or a path (or none)");
    return NULL;
}

static char *
default_discard(const tv_param *p, const tv_param_ctx *ctx)
{
    /* virt-install lets a new sparse image give freed blocks back to the pool. */
    tv_create_env env;
    tv_create_env_get(ctx, &env);
    bool unmap = g_strcmp0(tv_param_values_text(ctx->values, "source"), "new") == 0 &&
                 (g_strcmp0(env.virt_type, "kvm") == 0 || g_strcmp0(env.virt_type, "qemu") == 0);
    tv_create_env_clear(&env);
    return g_strdup(unmap ? "unmap" : "default");
}

static const char *const disk_omit[] = { "device", "target", "live", "config", NULL };
static tv_param disk_overrides[4];
static const tv_param_group disk_group = {
    .params = tv_disk_params,
    .n_params = &(const size_t){ TV_DISK_N_PARAMS },
    .omit = disk_omit,
    .overrides = disk_overrides,
    .n_overrides = G_N_ELEMENTS(disk_overrides),
    .switch_name = "source",
    .off_value = "none",
};

static tv_param nic_overrides[2];
static tv_param_group nic_group;

static const tv_param *
field_of(const tv_param *params, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(params[i].name, name) == 0)
            return &params[i];
    }
    g_error("no field %s", name);
}

/* The groups are the attach tables with the wizard's own defaults on a few fields. */
__attribute__((constructor)) static void
init_groups(void)
{
    static const char *const sources[] = { "new", "volume", "path", "none", NULL };
    disk_overrides[0] = *field_of(tv_disk_params, TV_DISK_N_PARAMS, "source");
    disk_overrides[0].choices = sources;
    disk_overrides[0].compute_default = default_disk_source;
    disk_overrides[0].validate = check_disk_source;
    disk_overrides[0].help = "The boot disk: a new volume, an existing volume or path (what "
                             "install=import boots), or none.";
    disk_overrides[1] = *field_of(tv_disk_params, TV_DISK_N_PARAMS, "size");
    disk_overrides[1].compute_default = tv_create_param_default;
    disk_overrides[2] = *field_of(tv_disk_params, TV_DISK_N_PARAMS, "bus");
    disk_overrides[2].compute_default = tv_create_param_default;
    disk_overrides[3] = *field_of(tv_disk_params, TV_DISK_N_PARAMS, "discard");
    disk_overrides[3].def = NULL;
    disk_overrides[3].compute_default = default_discard;

    nic_group = tv_nic_group;
    nic_overrides[0] = *field_of(tv_nic_group.overrides, tv_nic_group.n_overrides, "type");
    nic_overrides[0].def = NULL;
    nic_overrides[0].compute_default = tv_create_param_default;
    nic_overrides[1] = *field_of(tv_nic_group.params, *tv_nic_group.n_params, "model");
    nic_overrides[1].def = NULL;
    nic_overrides[1].compute_default = tv_create_param_default;
    nic_group.overrides = nic_overrides;
    nic_group.n_overrides = G_N_ELEMENTS(nic_overrides);
}

enum { PAGE_INSTALL, PAGE_CPU, PAGE_MEMORY, PAGE_STORAGE, PAGE_NETWORK };

static const char *const pages[] = { "Name and install", "OS and CPU", "Memory and firmware",
                                     "Storage", "Network, display and start", NULL };

static const tv_param create_params[] = {
    { .name = "host", .label = "Host",
      .help = "The host it is made on: a connected host's label (F4 lists them).",
      .kind = TV_PARAM_HOST, .flags = TV_PARAM_REQUIRED, .compute_default = default_host,
      .validate = check_host },
    { .name = "name", .label = "Name",
      .help = "The new domain's name, unique on the host: any characters but '/'.",
      .kind = TV_PARAM_NAME, .flags = TV_PARAM_REQUIRED, .validate = check_name },
    { .name = "install", .label = "Install from",
      .help = "iso: boot an install CD; import: boot an existing disk; pxe: the network; "
              "kernel: a kernel and initrd on the host; manual: nothing yet.",
      .kind = TV_PARAM_CHOICE, .choices = installs, .def = "iso" },
    { .name = "iso", .label = "Install ISO",
      .help = "The install CD: a volume as POOL/VOLUME, or the image's path on the host.",
      .kind = TV_PARAM_STRING, .flags = TV_PARAM_REQUIRED, .visible = show_iso,
      .validate = check_iso, .candidates = iso_candidates },
    { .name = "kernel", .label = "Kernel", .help = "The kernel to boot, a path on the host.",
      .kind = TV_PARAM_PATH, .flags = TV_PARAM_REQUIRED, .visible = show_kernel,
      .validate = check_host_file },
    { .name = "initrd", .label = "Initrd", .help = "Its initial ramdisk, a path on the host.",
      .kind = TV_PARAM_PATH, .visible = show_kernel, .validate = check_host_file },
    { .name = "cmdline", .label = "Command line",
      .help = "What the kernel is told: console=ttyS0 puts its console on the serial port.",
      .kind = TV_PARAM_STRING, .visible = show_kernel },
    { .name = "os", .label = "OS variant",
      .help = "libosinfo's short id (debian11, win10, linux2022...): it picks the defaults; "
              "detect reads it from the ISO; generic when unknown.",
      .kind = TV_PARAM_OS, .flags = TV_PARAM_REQUIRED, .def = "generic", .validate = check_os,
      .page = PAGE_CPU },
    { .name = "virt_type", .label = "Hypervisor",
      .help = "kvm (hardware virtualization) or qemu (emulation), as the host offers them.",
      .kind = TV_PARAM_CHOICE, .flags = TV_PARAM_REQUIRED, .choices = virt_types,
      .compute_default = tv_create_param_default, .validate = check_virt_type,
      .page = PAGE_CPU },
    { .name = "machine", .label = "Machine type",
      .help = "The chipset: q35 (PCIe) or pc (i440fx), or a versioned name the host lists.",
      .kind = TV_PARAM_STRING, .compute_default = tv_create_param_default,
      .validate = check_machine, .page = PAGE_CPU },
    { .name = "vcpus", .label = "vCPUs", .help = "Virtual CPUs it starts with.",
      .kind = TV_PARAM_INT, .flags = TV_PARAM_REQUIRED, .min = 1, .max = 4096,
      .compute_default = tv_create_param_default, .validate = check_vcpus, .page = PAGE_CPU },
    { .name = "maxvcpus", .label = "Maximum vCPUs",
      .help = "Virtual CPUs it may grow to while running (the default: vcpus).",
      .kind = TV_PARAM_INT, .min = 1, .max = 4096, .compute_default = default_maxvcpus,
      .validate = check_vcpus, .page = PAGE_CPU },
    { .name = "sockets", .label = "Sockets",
      .help = "CPU topology: sockets x cores x threads make maxvcpus (empty: libvirt's).",
      .kind = TV_PARAM_INT, .min = 1, .max = 4096, .validate = check_topology,
      .page = PAGE_CPU },
    { .name = "cores", .label = "Cores", .help = "Cores per socket.", .kind = TV_PARAM_INT,
      .min = 1, .max = 4096, .validate = check_topology, .page = PAGE_CPU },
    { .name = "threads", .label = "Threads", .help = "Threads per core.",
      .kind = TV_PARAM_INT, .min = 1, .max = 4096, .validate = check_topology,
      .page = PAGE_CPU },
    { .name = "cpu", .label = "CPU model",
      .help = "host-passthrough, host-model, a model the host lists, or default (the "
              "hypervisor's).",
      .kind = TV_PARAM_STRING, .compute_default = tv_create_param_default,
      .validate = check_cpu, .page = PAGE_CPU },
    { .name = "memory", .label = "Memory",
      .help = "Memory it starts with: 2G, 512M (a bare number is in MiB).",
      .kind = TV_PARAM_SIZE, .flags = TV_PARAM_REQUIRED, .min = 1024 * 1024, .unit = "MiB",
      .compute_default = tv_create_param_default, .validate = check_memory,
      .page = PAGE_MEMORY },
    { .name = "maxmemory", .label = "Maximum memory",
      .help = "Memory the balloon may give it while running (the default: memory).",
      .kind = TV_PARAM_SIZE, .min = 1024 * 1024, .unit = "MiB",
      .compute_default = default_maxmemory, .validate = check_memory, .page = PAGE_MEMORY },
    { .name = "firmware", .label = "Firmware",
      .help = "bios, or uefi when the host has a UEFI loader (OVMF).",
      .kind = TV_PARAM_CHOICE, .choices = firmwares, .compute_default = tv_create_param_default,
      .validate = check_firmware, .page = PAGE_MEMORY },
    { .name = "disk", .label = "Boot disk", .help = "The boot disk.", .kind = TV_PARAM_GROUP,
      .group = &disk_group, .page = PAGE_STORAGE },
    { .name = "nic", .label = "First NIC", .help = "The first NIC.", .kind = TV_PARAM_GROUP,
      .group = &nic_group, .page = PAGE_NETWORK },
    { .name = "graphics", .label = "Display",
      .help = "A graphical display: none, vnc or spice (a serial console comes anyway).",
      .kind = TV_PARAM_CHOICE, .choices = displays, .compute_default = tv_create_param_default,
      .validate = check_graphics, .page = PAGE_NETWORK },
    { .name = "graphics_listen", .label = "Display listens on",
      .help = "The address the display listens on (empty: libvirt's, usually 127.0.0.1).",
      .kind = TV_PARAM_STRING, .visible = show_listen, .validate = check_listen,
      .page = PAGE_NETWORK },
    { .name = "serial", .label = "Serial console",
      .help = "A serial console (pty) for the c key and virsh console.", .kind = TV_PARAM_BOOL,
      .def = "yes", .page = PAGE_NETWORK },
    { .name = "autostart", .label = "Autostart",
      .help = "Start it whenever the host's libvirt starts.", .kind = TV_PARAM_BOOL,
      .def = "no", .page = PAGE_NETWORK },
    { .name = "start", .label = "Start now", .help = "Start it once it is defined.",
      .kind = TV_PARAM_BOOL, .def = "yes", .page = PAGE_NETWORK },
    { .name = "console", .label = "Open its console",
      .help = "Open its serial console in tvirt once it runs (the screen only).",
      .kind = TV_PARAM_BOOL, .def = "no", .visible = show_console, .page = PAGE_NETWORK },
};

const tv_action tv_action_domain_create = {
    .name = "domain-create",
    .key = "n",
    .label = "create VM",
    .help = "Create a VM: install method, OS, CPUs, memory, disk, NIC and display, "
            "with virt-install's defaults for the OS.",
    .done = "",
    .target = TV_TARGET_HOST,
    .requires = TV_STATES_ANY,
    .flags = TV_ACTION_WRITES | TV_ACTION_LONG | TV_ACTION_FORM,
    .exec = tv_create_exec,
    .params = create_params,
    .n_params = G_N_ELEMENTS(create_params),
    .pages = pages,
    .review = tv_create_review,
};
