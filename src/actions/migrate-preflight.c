/*
 * The migration preflight (migrate-preflight.h): reads what each check
 * needs from the source and the destination and hands the facts to the
 * pure rules of preflight-rules.c; disks are read in preflight-storage.c.
 * Every libvirt call that fails turns into a warn with libvirt's words:
 * the test driver answers few of these calls, and a check that cannot be
 * made must not refuse a migration that may well work.  Runs on a worker
 * thread; it only reads, except that it starts a dirty-rate measurement
 * and may refresh a storage pool so it lists a volume the other host made.
 */
#include "config.h"

#include <string.h>

#include "actions/migrate-preflight.h"
#include "actions/preflight-rules.h"
#include "actions/preflight-storage.h"
#include "model/domxml.h"
#include "util/cleanup.h"
#include "util/json.h"
#include "util/xml.h"

/* ---- the list of checks ------------------------------------------------------------ */

static const char *const verdict_names[] = { "pass", "warn", "fail" };
G_STATIC_ASSERT(G_N_ELEMENTS(verdict_names) == TV_CHECK_FAIL + 1);

const char *
tv_check_verdict_name(tv_check_verdict v)
{
    return (unsigned)v < G_N_ELEMENTS(verdict_names) ? verdict_names[v] : "?";
}

static void
check_free(gpointer p)
{
    tv_preflight_check *c = p;
    g_free(c->name);
    g_free(c->reason);
    g_free(c->fix);
    g_free(c);
}

GPtrArray *
tv_preflight_new(void)
{
    return g_ptr_array_new_with_free_func(check_free);
}

void
tv_preflight_add(GPtrArray *checks, const char *name, tv_check_verdict verdict,
                 const char *reason, const char *fix)
{
    tv_preflight_check *c = g_new0(tv_preflight_check, 1);
    c->name = g_strdup(name);
    c->verdict = verdict;
    c->reason = g_strdup(reason);
    c->fix = verdict == TV_CHECK_PASS ? NULL : g_strdup(fix); /* a pass has nothing to fix */
    g_ptr_array_add(checks, c);
}

gboolean
tv_preflight_failed(GPtrArray *checks)
{
    for (guint i = 0; checks && i < checks->len; i++) {
        const tv_preflight_check *c = checks->pdata[i];
        if (c->verdict == TV_CHECK_FAIL)
            return TRUE;
    }
    return FALSE;
}

char *
tv_preflight_text(GPtrArray *checks)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; checks && i < checks->len; i++) {
        const tv_preflight_check *c = checks->pdata[i];
        g_string_append_printf(s, "%s  %s: %s", tv_check_verdict_name(c->verdict), c->name,
                               c->reason ? c->reason : "");
        if (c->fix)
            g_string_append_printf(s, " Fix: %s", c->fix);
        g_string_append_c(s, '\n');
    }
    return g_string_free(s, FALSE);
}

char *
tv_preflight_json(GPtrArray *checks)
{
    GString *s = g_string_new("[");
    for (guint i = 0; checks && i < checks->len; i++) {
        const tv_preflight_check *c = checks->pdata[i];
        g_string_append(s, i ? ",{\"check\":" : "{\"check\":");
        tv_json_append_string(s, c->name);
        g_string_append(s, ",\"verdict\":");
        tv_json_append_string(s, tv_check_verdict_name(c->verdict));
        g_string_append(s, ",\"reason\":");
        tv_json_append_string(s, c->reason ? c->reason : "");
        g_string_append(s, ",\"fix\":");
        if (c->fix)
            tv_json_append_string(s, c->fix);
        else
            g_string_append(s, "null");
        g_string_append_c(s, '}');
    }
    g_string_append_c(s, ']');
    return g_string_free(s, FALSE);
}

/* ---- reading ---------------------------------------------------------------------- */

/* One run: the connections (borrowed), the guest and the options that matter here. */
typedef struct run {
    GPtrArray *checks;
    virDomainPtr dom;
    virConnectPtr sconn, dconn;
    char *dest;                /* the destination's host name, for the sentences */
    tv_domain_details *guest;  /* its migratable XML, parsed */
    char *xml;
    bool running;              /* active (running or paused): memory and CPU move too */
    bool offline;
    tv_pf_copy copy;
    bool unsafe;
} run;

static bool
yes(const tv_param_values *v, const char *name)
{
    const tv_param_value *x = tv_param_values_get(v, name);
    return x->set && x->number;
}

/* A connection's host UUID from its capabilities, or NULL with *error. */
static char *
host_uuid(virConnectPtr conn, xmlDoc **doc_out, char **error)
{
    tv_autovirstr *caps = virConnectGetCapabilities(conn);
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctx = NULL;
    char *uuid;

    if (!caps) {
        *error = tv_vir_last_error("no capabilities");
        return NULL;
    }
    if (!(doc = tv_xml_parse(caps, "the capabilities XML", error)))
        return NULL;
    ctx = xmlXPathNewContext(doc);
    uuid = tv_xml_string(ctx, "/capabilities/host/uuid");
    if (doc_out)
        *doc_out = g_steal_pointer(&doc);
    return uuid;
}

static char *
host_label(virConnectPtr conn)
{
    tv_autovirstr *name = virConnectGetHostname(conn);
    tv_autovirstr *uri = NULL;
    if (name)
        return g_strdup(name);
    virResetLastError();
    uri = virConnectGetURI(conn);
    virResetLastError();
    return g_strdup(uri ? uri : "the destination");
}

/* 1-3: false when the destination cannot be used at all (the rest would only repeat it). */
static bool
check_hosts(run *r)
{
    g_autofree char *serr = NULL, *derr = NULL;
    g_autofree char *suuid = NULL, *duuid = NULL;
    g_autoptr(xmlDoc) dcaps = NULL;

    if (!r->dconn || virConnectIsAlive(r->dconn) != 1) {
        g_autofree char *why = tv_vir_last_error("the connection is closed");
        tv_preflight_add(r->checks, "destination", TV_CHECK_FAIL, why,
                         "connect to the destination again (is its libvirtd running?)");
        return false;
    }
    r->dest = host_label(r->dconn);
    suuid = host_uuid(r->sconn, NULL, &serr);
    duuid = host_uuid(r->dconn, &dcaps, &derr);
    virResetLastError();
    tv_pf_destination_rule(r->checks, r->dest, suuid, duuid);
    tv_pf_caps_rules(r->checks, r->dest, dcaps, derr, r->guest->arch, r->guest->domain_type,
                     r->guest->machine);
    return true;
}

/* 4: virConnectCompareHypervisorCPU with the guest's own <cpu>. */
static void
check_cpu(run *r)
{
    g_autofree char *mode = NULL;
    g_autofree char *cpu = tv_pf_cpu_element(r->xml, &mode);
    g_autofree char *why = NULL;
    int rc = -1;

    if (cpu && g_strcmp0(mode, "host-passthrough") != 0 && g_strcmp0(mode, "maximum") != 0) {
        /* FAIL_INCOMPATIBLE: libvirt then says which features are missing. */
        rc = virConnectCompareHypervisorCPU(r->dconn, r->guest->emulator, r->guest->arch,
                                            r->guest->machine, r->guest->domain_type, cpu,
                                            VIR_CONNECT_COMPARE_CPU_FAIL_INCOMPATIBLE);
        if (rc < 0) {
            virErrorPtr err = virGetLastError();
            why = tv_vir_last_error(NULL);
            if (err && err->code == VIR_ERR_CPU_INCOMPATIBLE)
                rc = VIR_CPU_COMPARE_INCOMPATIBLE;
            virResetLastError();
        }
    }
    tv_pf_cpu_rule(r->checks, r->dest, mode, cpu != NULL, rc, why);
}

/* 7: each network, bridge or host device the NICs use, once. */
static void
check_networks(run *r)
{
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    virInterfacePtr *ifaces = NULL;
    int n_ifaces = -2; /* not listed yet */
    g_autofree char *list_error = NULL;

    for (guint i = 0; i < r->guest->nics->len; i++) {
        const tv_nic_info *nic = &g_array_index(r->guest->nics, tv_nic_info, i);
        bool network = g_strcmp0(nic->type, "network") == 0;
        g_autofree char *name = NULL;
        bool found = false;

        if (!nic->source || (!network && g_strcmp0(nic->type, "bridge") != 0 &&
                             g_strcmp0(nic->type, "direct") != 0))
            continue; /* user, vhostuser...: nothing of the host's to look for */
        name = g_strdup_printf("%s %s", network ? "network" : nic->type, nic->source);
        if (!g_hash_table_add(seen, g_strdup(name)))
            continue;
        if (network) {
            g_autoptr(virNetwork) net = virNetworkLookupByName(r->dconn, nic->source);
            g_autofree char *why = net ? NULL : tv_vir_last_error("not found");
            g_autofree char *fix = g_strdup_printf("define and start network %s on the "
                                                   "destination", nic->source);
            int active = net ? virNetworkIsActive(net) : 0;
            if (!net)
                tv_preflight_add(r->checks, name, TV_CHECK_FAIL, why, fix);
            else if (active == 1)
                tv_preflight_add(r->checks, name, TV_CHECK_PASS, "defined and active there",
                                 NULL);
            else
                tv_preflight_add(r->checks, name, TV_CHECK_FAIL,
                                 "defined on the destination but not active", fix);
            virResetLastError();
            continue;
        }
        /* Bridges and host devices: the interface driver (netcf or udev) may be missing. */
        if (n_ifaces == -2) {
            n_ifaces = virConnectListAllInterfaces(r->dconn, &ifaces, 0);
            if (n_ifaces < 0)
                list_error = tv_vir_last_error("no answer");
            virResetLastError();
        }
        if (n_ifaces < 0) {
            g_autofree char *why = g_strdup_printf("cannot check %s %s on the destination: %s",
                                                   nic->type, nic->source, list_error);
            tv_preflight_add(r->checks, name, TV_CHECK_WARN, why,
                             "make sure the destination has it (ip link show there)");
            continue;
        }
        for (int j = 0; j < n_ifaces && !found; j++)
            found = g_strcmp0(virInterfaceGetName(ifaces[j]), nic->source) == 0;
        if (found) {
            tv_preflight_add(r->checks, name, TV_CHECK_PASS, "the destination has it", NULL);
        } else {
            g_autofree char *fix = g_strdup_printf("create %s on the destination",
                                                   nic->source);
            tv_preflight_add(r->checks, name, TV_CHECK_FAIL,
                             "not among the destination's interfaces", fix);
        }
    }
    for (int j = 0; j < n_ifaces; j++)
        virInterfaceFree(ifaces[j]);
    free(ifaces);
}

/* 8: the guest's current memory against the destination's free memory. */
static void
check_memory(run *r)
{
    virDomainInfo info;
    unsigned long long free_bytes = virNodeGetFreeMemory(r->dconn);
    guint64 guest = (guint64)r->guest->mem_kib * 1024;

    if (free_bytes == 0) {
        g_autofree char *why = tv_vir_last_error("no answer");
        g_autofree char *reason = g_strdup_printf("cannot read %s's free memory: %s", r->dest,
                                                  why);
        virResetLastError();
        tv_preflight_add(r->checks, "memory", TV_CHECK_WARN, reason,
                         "check free memory there by hand (virsh freecell)");
        return;
    }
    if (virDomainGetInfo(r->dom, &info) == 0 && info.memory > 0)
        guest = (guint64)info.memory * 1024; /* what the balloon leaves it now */
    virResetLastError();
    tv_pf_memory_rule(r->checks, r->dest, free_bytes, guest);
}

/* 9: what the destination has under this UUID and under the name it will have. */
static void
check_name(run *r, const char *dname)
{
    tv_pf_name_facts f = { .name = dname && *dname ? dname : r->guest->name,
                           .uuid = r->guest->uuid_str };
    g_autoptr(virDomain) same_uuid = NULL;
    g_autoptr(virDomain) same_name = NULL;
    char uuid[VIR_UUID_STRING_BUFLEN] = "";
    g_autofree char *uuid_name = NULL;

    if (f.uuid && (same_uuid = virDomainLookupByUUIDString(r->dconn, f.uuid))) {
        uuid_name = g_strdup(virDomainGetName(same_uuid));
        f.uuid_name = uuid_name;
        f.uuid_active = virDomainIsActive(same_uuid) == 1;
    }
    virResetLastError();
    if (f.name && (same_name = virDomainLookupByName(r->dconn, f.name)) &&
        virDomainGetUUIDString(same_name, uuid) == 0)
        f.name_uuid = uuid;
    virResetLastError();
    tv_pf_name_rule(r->checks, r->dest, &f);
}

/* 10: libvirt's and the hypervisor's versions on both sides (0: unknown). */
static void
check_versions(run *r)
{
    unsigned long long sl, dl, sh, dh;
    unsigned long x = 0;
    sl = virConnectGetLibVersion(r->sconn, &x) == 0 ? x : 0;
    dl = virConnectGetLibVersion(r->dconn, &x) == 0 ? x : 0;
    sh = virConnectGetVersion(r->sconn, &x) == 0 ? x : 0;
    dh = virConnectGetVersion(r->dconn, &x) == 0 ? x : 0;
    virResetLastError();
    tv_pf_version_rule(r->checks, r->dest, sl, dl, sh, dh);
}

/* 11: the dirty rate QEMU measures for about a second, against the bandwidth cap. */
static void
check_convergence(run *r, const tv_param_values *v)
{
    virDomainPtr doms[] = { r->dom, NULL };
    gint64 deadline = g_get_monotonic_time() + 3 * G_USEC_PER_SEC;
    long long mib = -1;
    g_autofree char *why = NULL;

    if (virDomainStartDirtyRateCalc(r->dom, 1, 0) < 0) {
        why = tv_vir_last_error("refused");
    } else {
        while (mib < 0 && g_get_monotonic_time() < deadline) {
            virDomainStatsRecordPtr *records = NULL;
            int status = -1;
            g_usleep(G_USEC_PER_SEC / 4);
            if (virDomainListGetStats(doms, VIR_DOMAIN_STATS_DIRTYRATE, &records, 0) < 0) {
                why = tv_vir_last_error("no statistics");
                break;
            }
            if (records[0] &&
                virTypedParamsGetInt(records[0]->params, records[0]->nparams,
                                     "dirtyrate.calc_status", &status) == 1 &&
                status == VIR_DOMAIN_DIRTYRATE_MEASURED &&
                virTypedParamsGetLLong(records[0]->params, records[0]->nparams,
                                       "dirtyrate.megabytes_per_second", &mib) != 1)
                mib = -1;
            virDomainStatsRecordListFree(records);
        }
        if (mib < 0 && !why)
            why = g_strdup("QEMU gave no measurement within 3 s");
    }
    virResetLastError();
    if (mib < 0) {
        g_autofree char *reason = g_strdup_printf("cannot measure the guest's dirty rate: %s",
                                                  why);
        tv_preflight_add(r->checks, "convergence", TV_CHECK_WARN, reason,
                         "watch the dirty rate on the Migrations screen and lower it, or "
                         "allow post-copy or auto-converge");
        return;
    }
    tv_pf_convergence_rule(r->checks, (guint64)mib,
                           (guint64)MAX(tv_param_values_get(v, "bandwidth")->number, 0),
                           yes(v, "postcopy"), yes(v, "auto_converge"));
}

static bool
read_guest(run *r)
{
    tv_autovirstr *xml = virDomainGetXMLDesc(r->dom, VIR_DOMAIN_XML_MIGRATABLE);
    g_autofree char *error = NULL;
    if (xml)
        r->guest = tv_domxml_parse(xml, &error);
    else
        error = tv_vir_last_error("no XML");
    virResetLastError();
    if (!r->guest) {
        g_autofree char *reason = g_strdup_printf("cannot read the domain's XML: %s", error);
        tv_preflight_add(r->checks, "domain", TV_CHECK_WARN, reason,
                         "check the domain on the source (virsh dumpxml --migratable)");
        return false;
    }
    r->xml = g_strdup(xml);
    r->running = virDomainIsActive(r->dom) == 1;
    virResetLastError();
    return true;
}

GPtrArray *
tv_migrate_preflight(virDomainPtr dom, virConnectPtr dconn, const tv_param_values *v,
                     gboolean measure)
{
    const char *copy = tv_param_values_text(v, "copy_storage");
    run r = {
        .checks = tv_preflight_new(),
        .dom = dom,
        .sconn = virDomainGetConnect(dom),
        .dconn = dconn,
        .offline = yes(v, "offline"),
        .copy = g_strcmp0(copy, "all") == 0   ? TV_PF_COPY_ALL
                : g_strcmp0(copy, "inc") == 0 ? TV_PF_COPY_INC
                                              : TV_PF_COPY_NO,
        .unsafe = yes(v, "unsafe"),
    };

    if (!read_guest(&r) || !check_hosts(&r))
        goto out;
    /* Offline, only the definition moves: no CPU state, page cache, memory or dirty rate. */
    if (r.running && !r.offline)
        check_cpu(&r);
    tv_preflight_check_disks(r.checks, r.sconn, r.dconn, r.guest, r.copy, r.unsafe, r.offline,
                             r.running);
    check_networks(&r);
    if (r.running && !r.offline)
        check_memory(&r);
    check_name(&r, tv_param_values_text(v, "dname"));
    check_versions(&r);
    if (measure && r.running && !r.offline && yes(v, "live"))
        check_convergence(&r, v);
out:
    g_free(r.dest);
    g_free(r.xml);
    if (r.guest)
        tv_domain_details_unref(r.guest);
    return r.checks;
}
