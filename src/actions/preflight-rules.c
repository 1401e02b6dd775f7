/*
 * The preflight's verdicts (see preflight-rules.h).  Each rule turns facts
 * into one check with a sentence saying what was found and, for a warn or
 * a fail, what to do.  The disk rule follows libvirt 9.0's own safety test
 * (qemuMigrationSrcIsSafe): empty and read-only disks are safe, disks that
 * QEMU copies are safe, network disks are safe, and a file is safe only on
 * a shared or cluster file system.  tvirt cannot statfs a remote path, so
 * it asks which storage pool holds the path and goes by the pool's type.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <libxml/xpath.h>

#include "actions/preflight-rules.h"
#include "util/cleanup.h"
#include "util/xml.h"

static void G_GNUC_PRINTF(5, 6)
addf(GPtrArray *checks, const char *name, tv_check_verdict verdict, const char *fix,
     const char *fmt, ...)
{
    va_list ap;
    g_autofree char *reason = NULL;
    va_start(ap, fmt);
    reason = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    tv_preflight_add(checks, name, verdict, reason, fix);
}

tv_pf_storage
tv_pf_pool_storage(const char *pool_type)
{
    /* Every host that mounts or logs into these sees the same bytes. */
    static const char *const shared[] = { "netfs", "gluster", "rbd", "iscsi", "iscsi-direct",
                                          "sheepdog", "mpath", "vstorage", NULL };
    static const char *const local[] = { "dir", "fs", "logical", "disk", "zfs", NULL };
    if (!pool_type)
        return TV_PF_STORAGE_UNKNOWN;
    if (g_strv_contains(shared, pool_type))
        return TV_PF_STORAGE_SHARED;
    if (g_strv_contains(local, pool_type))
        return TV_PF_STORAGE_LOCAL;
    return TV_PF_STORAGE_UNKNOWN; /* scsi: a SAN's HBA or a local disk, the type cannot say */
}

char *
tv_pf_size(guint64 bytes)
{
    if (bytes >= G_GUINT64_CONSTANT(1) << 30)
        return g_strdup_printf("%.1f GiB", (double)bytes / (double)(1u << 30));
    if (bytes >= 1u << 20)
        return g_strdup_printf("%" G_GUINT64_FORMAT " MiB", bytes >> 20);
    return g_strdup_printf("%" G_GUINT64_FORMAT " KiB", bytes >> 10);
}

char *
tv_pf_version(unsigned long long v)
{
    return g_strdup_printf("%llu.%llu.%llu", v / 1000000, v / 1000 % 1000, v % 1000);
}

/* ---- destination, architecture, machine, CPU ---------------------------------------- */

void
tv_pf_destination_rule(GPtrArray *checks, const char *dest, const char *src_uuid,
                       const char *dst_uuid)
{
    if (!src_uuid || !dst_uuid) {
        addf(checks, "destination", TV_CHECK_WARN,
             "make sure the destination is another host: libvirt refuses a migration to "
             "the host itself",
             "%s answers, but its host UUID or the source's could not be read, so tvirt "
             "cannot tell whether it is the source itself", dest);
    } else if (g_ascii_strcasecmp(src_uuid, dst_uuid) == 0) {
        addf(checks, "destination", TV_CHECK_FAIL,
             "choose another host; if it really is another machine, give its libvirtd a "
             "host_uuid of its own in libvirtd.conf",
             "%s is the source host itself (the same host UUID %s): libvirt refuses it "
             "(\"Attempt to migrate guest to the same host\")", dest, dst_uuid);
    } else {
        addf(checks, "destination", TV_CHECK_PASS, NULL,
             "%s answers and is another host (host UUID %s)", dest, dst_uuid);
    }
}

/* The destination's <arch> element for arch, or NULL. */
static xmlNode *
caps_arch(xmlXPathContext *ctx, xmlNode *root, const char *arch)
{
    g_autoptr(GPtrArray) archs = tv_xml_nodes(ctx, root, "guest/arch");
    for (guint i = 0; i < archs->len; i++) {
        g_autofree char *name = tv_xml_at(ctx, archs->pdata[i], "@name");
        if (g_strcmp0(name, arch) == 0)
            return archs->pdata[i];
    }
    return NULL;
}

void
tv_pf_caps_rules(GPtrArray *checks, const char *dest, xmlDoc *caps, const char *caps_error,
                 const char *arch, const char *virt_type, const char *machine)
{
    g_autoptr(xmlXPathContext) ctx = caps ? xmlXPathNewContext(caps) : NULL;
    xmlNode *root = caps ? xmlDocGetRootElement(caps) : NULL;
    xmlNode *node;
    g_auto(GStrv) types = NULL;
    g_auto(GStrv) machines = NULL;

    if (!ctx || !root) {
        const char *fix = "check that the destination's libvirtd answers virsh capabilities";
        addf(checks, "architecture", TV_CHECK_WARN, fix,
             "cannot read %s's capabilities: %s", dest, caps_error ? caps_error : "no answer");
        addf(checks, "machine", TV_CHECK_WARN, fix,
             "cannot read %s's capabilities: %s", dest, caps_error ? caps_error : "no answer");
        return;
    }
    if (!arch) {
        addf(checks, "architecture", TV_CHECK_WARN, "look at the guest's <os><type arch=...>",
             "the guest's XML names no architecture");
        addf(checks, "machine", TV_CHECK_WARN, "look at the guest's <os><type machine=...>",
             "without an architecture the machine type cannot be looked up");
        return;
    }
    if (!(node = caps_arch(ctx, root, arch))) {
        g_auto(GStrv) offered = tv_xml_all(ctx, root, "guest/arch/@name");
        g_autofree char *list = g_strjoinv(", ", offered);
        addf(checks, "architecture", TV_CHECK_FAIL, "migrate to a host of the same architecture",
             "%s offers no %s guests (it offers %s)", dest, arch, *list ? list : "none");
        addf(checks, "machine", TV_CHECK_FAIL, "migrate to a host of the same architecture",
             "%s has no machine types for %s", dest, arch);
        return;
    }
    types = tv_xml_all(ctx, node, "domain/@type");
    if (virt_type && !g_strv_contains((const char *const *)types, virt_type)) {
        g_autofree char *list = g_strjoinv(", ", types);
        addf(checks, "architecture", TV_CHECK_FAIL,
             "a destination that offers it (for kvm: /dev/kvm there), or redefine the guest "
             "with a type the destination has",
             "%s offers %s guests only with %s, not %s", dest, arch, *list ? list : "nothing",
             virt_type);
    } else {
        addf(checks, "architecture", TV_CHECK_PASS, NULL, "%s offers %s guests with %s", dest,
             arch, virt_type ? virt_type : "its hypervisor");
    }

    if (!machine) {
        addf(checks, "machine", TV_CHECK_WARN, "look at the guest's <os><type machine=...>",
             "the guest's XML names no machine type");
        return;
    }
    /* The guest's XML holds the canonical name; an alias (pc, q35) counts as well. */
    machines = tv_xml_all(ctx, node, "machine | machine/@canonical | domain/machine | "
                                     "domain/machine/@canonical");
    if (g_strv_contains((const char *const *)machines, machine)) {
        addf(checks, "machine", TV_CHECK_PASS, NULL, "%s has the machine type %s for %s", dest,
             machine, arch);
    } else {
        addf(checks, "machine", TV_CHECK_FAIL,
             "a destination whose QEMU is at least as new as the source's, or redefine the "
             "guest with a machine type the destination has (it takes effect at the next boot)",
             "%s has no machine type %s for %s (QEMU there is older, or built without it)",
             dest, machine, arch);
    }
}

char *
tv_pf_cpu_element(const char *domain_xml, char **mode)
{
    g_autofree char *error = NULL;
    g_autoptr(xmlDoc) doc = tv_xml_parse(domain_xml, "the domain XML", &error);
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(GPtrArray) cpus = NULL;
    g_autofree char *m = NULL;
    xmlNode *cpu;

    *mode = NULL;
    if (!doc)
        return NULL;
    ctx = xmlXPathNewContext(doc);
    cpus = tv_xml_nodes(ctx, xmlDocGetRootElement(doc), "cpu");
    if (cpus->len == 0)
        return NULL;
    cpu = cpus->pdata[0];
    m = tv_xml_at(ctx, cpu, "@mode");
    /* A custom <cpu> with no model only sets the topology: QEMU's default model runs. */
    if ((!m || strcmp(m, "custom") == 0) && !tv_xml_has(ctx, cpu, "model"))
        return NULL;
    *mode = m ? g_steal_pointer(&m) : g_strdup("custom");
    return tv_xml_node_text(cpu);
}

void
tv_pf_cpu_rule(GPtrArray *checks, const char *dest, const char *mode, bool has_cpu, int compare,
               const char *compare_error)
{
    if (!has_cpu) {
        addf(checks, "cpu", TV_CHECK_PASS, NULL,
             "the guest names no CPU model: the hypervisor's default model runs on any host of "
             "its architecture");
    } else if (g_strcmp0(mode, "host-passthrough") == 0 || g_strcmp0(mode, "maximum") == 0) {
        addf(checks, "cpu", TV_CHECK_WARN,
             "migrate only between identical hosts (same CPU, microcode and QEMU), or give "
             "the guest host-model or a named model (at its next boot)",
             "%s gives the guest the source's own CPU, which libvirt cannot compare: the "
             "guest may crash on %s unless its CPU is identical", mode, dest);
    } else if (compare == VIR_CPU_COMPARE_INCOMPATIBLE) {
        addf(checks, "cpu", TV_CHECK_FAIL,
             "a destination whose CPU has those features, or a more generic CPU model for "
             "the guest (at its next boot)",
             "%s cannot run the guest's CPU: %s", dest,
             compare_error ? compare_error : "libvirt calls it incompatible");
    } else if (compare == VIR_CPU_COMPARE_IDENTICAL || compare == VIR_CPU_COMPARE_SUPERSET) {
        addf(checks, "cpu", TV_CHECK_PASS, NULL, "compatible with %s's CPU (%s)", dest,
             compare == VIR_CPU_COMPARE_IDENTICAL ? "identical" : "it offers more");
    } else {
        addf(checks, "cpu", TV_CHECK_WARN,
             "compare by hand: virsh hypervisor-cpu-compare on the destination with the "
             "guest's <cpu>",
             "libvirt could not compare the guest's CPU with %s's: %s", dest,
             compare_error ? compare_error : "no answer");
    }
}

/* ---- disks ------------------------------------------------------------------------- */

/* "pool shared, dir" or "no pool" for the sentences. */
static char *
pool_words(const tv_pf_disk_facts *f)
{
    if (!f->pool && f->pool_error)
        return g_strdup_printf("in no storage pool of the source (libvirt: \"%s\")",
                               f->pool_error);
    if (!f->pool)
        return g_strdup("in no storage pool of the source");
    return g_strdup_printf("pool %s, %s", f->pool, f->pool_type ? f->pool_type : "?");
}

static void
copied_disk(GPtrArray *checks, const char *name, const tv_pf_disk_facts *f, const char *pw)
{
    g_autofree char *dir = g_path_get_dirname(f->source);
    g_autofree char *need = tv_pf_size(f->capacity);
    g_autofree char *avail = tv_pf_size(f->dest_available);
    const char *how = f->copy == TV_PF_COPY_ALL ? "copy_storage=all" : "copy_storage=inc";

    if (tv_pf_pool_storage(f->pool_type) == TV_PF_STORAGE_SHARED) {
        addf(checks, name, TV_CHECK_WARN, "copy_storage=no: both hosts share it",
             "%s is on shared storage (%s), yet %s copies it onto itself", f->source, pw, how);
    } else if (f->dest_has_path) {
        /* libvirt 9.0 then skips creating it and mirrors into what is there. */
        addf(checks, name, TV_CHECK_WARN,
             "make sure it is the destination's own copy, not this very file seen through "
             "shared storage (then use copy_storage=no with unsafe=yes)",
             "%s (%s): the destination already has a volume at that path (pool %s) and "
             "%s copies over it", f->source, pw,
             f->dest_path_pool ? f->dest_path_pool : "?", how);
    } else if (!f->dest_pool) {
        addf(checks, name, TV_CHECK_FAIL,
             "define and start a storage pool on that directory on the destination, or "
             "create the volume there first",
             "%s (%s): no pool of the destination covers %s, so libvirt cannot create the "
             "copy there", f->source, pw, dir);
    } else if (!f->dest_pool_active) {
        g_autofree char *fix = g_strdup_printf("start pool %s on the destination",
                                               f->dest_pool);
        addf(checks, name, TV_CHECK_FAIL, fix,
             "%s (%s): the destination's pool %s over %s is not active", f->source, pw,
             f->dest_pool, dir);
    } else if (f->capacity && f->dest_available < f->capacity) {
        g_autofree char *fix = g_strdup_printf("free %s or more in pool %s on the destination",
                                               need, f->dest_pool);
        addf(checks, name, TV_CHECK_FAIL, fix,
             "%s (%s): the copy needs %s (libvirt allocates the whole virtual size) and "
             "pool %s on the destination has %s free", f->source, pw, need, f->dest_pool,
             avail);
    } else {
        addf(checks, name, TV_CHECK_PASS, NULL,
             "%s (%s) is copied into pool %s of the destination (%s free, %s needed)",
             f->source, pw, f->dest_pool, avail, f->capacity ? need : "size unknown");
    }
}

/*
 * libvirt runs no safety test for an offline migration and copies nothing:
 * the disk must already be at the same path on the destination.
 */
static void
offline_disk(GPtrArray *checks, const char *name, const tv_pf_disk_facts *f, const char *pw)
{
    if (!f->dest_has_path)
        addf(checks, name, TV_CHECK_WARN,
             "copy the disk to the same path on the destination before starting it there",
             "an offline migration moves only the definition: %s (%s) is not found in any "
             "pool of the destination, so the domain will not start there until it is",
             f->source, pw);
    else if (tv_pf_pool_storage(f->pool_type) == TV_PF_STORAGE_SHARED || f->readonly)
        addf(checks, name, TV_CHECK_PASS, NULL, "%s (%s): the destination has it (pool %s)",
             f->source, pw, f->dest_path_pool ? f->dest_path_pool : "?");
    else
        addf(checks, name, TV_CHECK_WARN,
             "make sure the destination's volume holds this disk's data (copy it first if "
             "not)",
             "an offline migration moves only the definition: %s stays here (%s); the "
             "domain will use the destination's volume at that path (pool %s)", f->source,
             pw, f->dest_path_pool ? f->dest_path_pool : "?");
}

void
tv_pf_disk_rule(GPtrArray *checks, const tv_pf_disk_facts *f)
{
    g_autofree char *name = g_strdup_printf("disk %s", f->target ? f->target : "?");
    g_autofree char *pw = pool_words(f);
    tv_pf_storage storage = tv_pf_pool_storage(f->pool_type);
    const char *missing_fix = "make sure the destination sees the same storage at that path "
                              "(a pool over its directory there lets tvirt check)";
    const char *libvirt_unsafe = "\"Migration without shared storage is unsafe\"";

    if (!f->source || !*f->source) {
        addf(checks, name, TV_CHECK_PASS, NULL, "no medium: nothing to move");
        return;
    }
    if (g_strcmp0(f->type, "network") == 0) {
        addf(checks, name, TV_CHECK_PASS, NULL,
             "a network disk (%s): both hosts reach it, libvirt counts it as shared",
             f->source);
        return;
    }
    if (f->offline) {
        offline_disk(checks, name, f, pw);
        return;
    }
    if (f->readonly) {
        /* Safe for libvirt and never copied, but the destination's QEMU opens it too. */
        if (f->dest_has_path)
            addf(checks, name, TV_CHECK_PASS, NULL,
                 "read-only, and the destination has %s (pool %s)", f->source,
                 f->dest_path_pool ? f->dest_path_pool : "?");
        else
            addf(checks, name, TV_CHECK_WARN, missing_fix,
                 "read-only (libvirt lets it move), but %s is not found in any pool of the "
                 "destination", f->source);
        return;
    }
    if (f->copy != TV_PF_COPY_NO) {
        copied_disk(checks, name, f, pw);
        return;
    }
    if (storage == TV_PF_STORAGE_SHARED) {
        if (f->dest_has_path)
            addf(checks, name, TV_CHECK_PASS, NULL,
                 "%s is on shared storage (%s); the destination has it (pool %s)", f->source,
                 pw, f->dest_path_pool ? f->dest_path_pool : "?");
        else
            addf(checks, name, TV_CHECK_WARN, missing_fix,
                 "%s is on shared storage (%s) but not found in any pool of the destination",
                 f->source, pw);
    } else if (storage == TV_PF_STORAGE_LOCAL) {
        if (f->unsafe)
            addf(checks, name, TV_CHECK_WARN,
                 "be sure both hosts see the same bytes at that path; else copy_storage=all",
                 "libvirt calls it unsafe: the disk is on local storage on both (%s%s); "
                 "unsafe=yes migrates it as if it were shared", pw,
                 f->dest_has_path ? "" : ", and not found in any pool of the destination");
        else if (g_strcmp0(f->type, "block") == 0)
            /* libvirt checks only files: a block device would move silently. */
            addf(checks, name, TV_CHECK_FAIL,
                 "copy_storage=all, or unsafe=yes if the device really is shared",
                 "%s is a block device on local storage (%s): the destination would open its "
                 "own device at that path", f->source, pw);
        else
            addf(checks, name, TV_CHECK_FAIL,
                 "copy_storage=all, or unsafe=yes if the path really is shared",
                 "%s is on local storage (%s): libvirt refuses it (%s)", f->source, pw,
                 libvirt_unsafe);
    } else if (f->unsafe) {
        addf(checks, name, TV_CHECK_WARN,
             "be sure both hosts see the same bytes at that path; else copy_storage=all",
             "%s is %s, so tvirt cannot tell whether it is shared; unsafe=yes skips "
             "libvirt's check", f->source, pw);
    } else {
        addf(checks, name, TV_CHECK_WARN,
             "copy_storage=all, or unsafe=yes if the path really is shared (a pool over its "
             "directory lets tvirt tell)",
             "%s is %s, so tvirt cannot tell whether it is shared: libvirt refuses it "
             "unless it is on a shared file system (%s)", f->source, pw, libvirt_unsafe);
    }
}

void
tv_pf_cache_rule(GPtrArray *checks, const tv_pf_disk_facts *f)
{
    g_autofree char *name = g_strdup_printf("cache %s", f->target ? f->target : "?");
    /* libvirt exempts what its safety test exempts: empty, read-only, network, copied. */
    if (!f->source || !*f->source || f->readonly || g_strcmp0(f->type, "network") == 0 ||
        f->copy != TV_PF_COPY_NO)
        return;
    if (g_strcmp0(f->cache, "none") == 0 || g_strcmp0(f->cache, "directsync") == 0) {
        addf(checks, name, TV_CHECK_PASS, NULL, "cache='%s': no writes wait in the source's "
             "page cache", f->cache);
        return;
    }
    addf(checks, name, TV_CHECK_WARN,
         "cache='none' on the disk (it takes effect at the guest's next boot)",
         "%s%s%s keeps writes in the source's page cache: libvirt may refuse it on some "
         "storage (\"Migration may lead to data corruption if disks use cache other than "
         "none or directsync\")", f->cache ? "cache='" : "the hypervisor's default cache mode",
         f->cache ? f->cache : "", f->cache ? "'" : "");
}

/* ---- memory, name, versions, convergence ----------------------------------------- */

void
tv_pf_memory_rule(GPtrArray *checks, const char *dest, guint64 free_bytes, guint64 guest_bytes)
{
    g_autofree char *has = tv_pf_size(free_bytes);
    g_autofree char *needs = tv_pf_size(guest_bytes);
    if (free_bytes < guest_bytes)
        addf(checks, "memory", TV_CHECK_FAIL,
             "free memory on the destination, or choose another host",
             "%s has %s free, the guest uses %s", dest, has, needs);
    else
        addf(checks, "memory", TV_CHECK_PASS, NULL, "%s has %s free, the guest uses %s", dest,
             has, needs);
}

void
tv_pf_name_rule(GPtrArray *checks, const char *dest, const tv_pf_name_facts *f)
{
    if (f->uuid_name && f->uuid_active) {
        addf(checks, "name", TV_CHECK_FAIL, "stop and undefine it there first",
             "%s already runs a domain with this UUID ('%s')", dest, f->uuid_name);
    } else if (f->uuid_name && strcmp(f->uuid_name, f->name) != 0) {
        g_autofree char *fix = g_strdup_printf("undefine '%s' on the destination, or choose "
                                               "dname='%s'", f->uuid_name, f->uuid_name);
        addf(checks, "name", TV_CHECK_FAIL, fix,
             "%s has this UUID defined as '%s': libvirt refuses another name for it", dest,
             f->uuid_name);
    } else if (f->uuid_name) {
        /* libvirt takes the inactive definition over: a migration back to a former host. */
        addf(checks, "name", TV_CHECK_WARN,
             "undefine it there first if that definition is not this domain's",
             "%s has '%s' defined (shut off, the same UUID): the migration runs it there in "
             "its place", dest, f->name);
    } else if (f->name_uuid) {
        addf(checks, "name", TV_CHECK_FAIL,
             "undefine it there, or choose another name with dname",
             "%s has another domain named '%s' (UUID %s)", dest, f->name, f->name_uuid);
    } else {
        addf(checks, "name", TV_CHECK_PASS, NULL,
             "%s has no domain named '%s' nor one with its UUID", dest, f->name);
    }
}

void
tv_pf_version_rule(GPtrArray *checks, const char *dest, unsigned long long src_lib,
                   unsigned long long dst_lib, unsigned long long src_hv,
                   unsigned long long dst_hv)
{
    g_autofree char *sl = tv_pf_version(src_lib), *dl = tv_pf_version(dst_lib);
    g_autofree char *sh = tv_pf_version(src_hv), *dh = tv_pf_version(dst_hv);
    GString *older;
    g_autofree char *said = NULL;

    if (!src_lib || !dst_lib || !src_hv || !dst_hv) {
        addf(checks, "versions", TV_CHECK_WARN,
             "compare virsh version on both hosts by hand",
             "could not read every version (libvirt %s / %s, hypervisor %s / %s; 0.0.0: "
             "unknown)", sl, dl, sh, dh);
        return;
    }
    older = g_string_new(NULL);
    if (dst_lib < src_lib)
        g_string_append_printf(older, "libvirt %s there against %s here", dl, sl);
    if (dst_hv < src_hv)
        g_string_append_printf(older, "%shypervisor %s there against %s here",
                               older->len ? ", " : "", dh, sh);
    said = g_string_free(older, FALSE);
    if (*said)
        addf(checks, "versions", TV_CHECK_WARN,
             "upgrade the destination, or expect libvirt to refuse features or machine types "
             "it lacks",
             "%s is older: %s", dest, said);
    else
        addf(checks, "versions", TV_CHECK_PASS, NULL,
             "%s is not older (libvirt %s, hypervisor %s; here %s, %s)", dest, dl, dh, sl, sh);
}

void
tv_pf_convergence_rule(GPtrArray *checks, guint64 dirty_mib, guint64 bandwidth_mib,
                       bool postcopy, bool auto_converge)
{
    g_autofree char *fix = NULL;
    if (bandwidth_mib == 0) {
        addf(checks, "convergence", TV_CHECK_PASS, NULL,
             "it dirties %" G_GUINT64_FORMAT " MiB/s and the bandwidth is not capped: it "
             "converges if the link carries more than that", dirty_mib);
        return;
    }
    fix = g_strdup_printf("allow post-copy (postcopy=yes, then P on the Migrations screen), "
                          "auto_converge=yes, or a bandwidth above %" G_GUINT64_FORMAT
                          " MiB/s / a larger max_downtime", dirty_mib);
    if (dirty_mib >= bandwidth_mib && (postcopy || auto_converge)) {
        addf(checks, "convergence", TV_CHECK_WARN,
             postcopy ? "switch to post-copy (P on the Migrations screen) once it is sent "
                        "once"
                      : "expect the guest to slow down while it moves",
             "pre-copy alone will not converge: it dirties %" G_GUINT64_FORMAT " MiB/s, the "
             "cap is %" G_GUINT64_FORMAT " MiB/s; %s has to finish it", dirty_mib,
             bandwidth_mib, postcopy ? "post-copy" : "auto-converge");
    } else if (dirty_mib >= bandwidth_mib) {
        addf(checks, "convergence", TV_CHECK_FAIL, fix,
             "will not converge: it dirties %" G_GUINT64_FORMAT " MiB/s, the cap is %"
             G_GUINT64_FORMAT " MiB/s", dirty_mib, bandwidth_mib);
    } else if (dirty_mib * 2 >= bandwidth_mib) {
        addf(checks, "convergence", TV_CHECK_WARN,
             "a higher bandwidth, or allow post-copy (postcopy=yes) or auto_converge=yes in "
             "case it does not converge",
             "may converge slowly: it dirties %" G_GUINT64_FORMAT " MiB/s, over half the cap "
             "of %" G_GUINT64_FORMAT " MiB/s", dirty_mib, bandwidth_mib);
    } else {
        addf(checks, "convergence", TV_CHECK_PASS, NULL,
             "it dirties %" G_GUINT64_FORMAT " MiB/s, well under the cap of %"
             G_GUINT64_FORMAT " MiB/s", dirty_mib, bandwidth_mib);
    }
}
