/*
 * Reads a host's state from libvirt into a snapshot being built.  The
 * domain list comes from one virConnectGetAllDomainStats call; facts the
 * stats do not carry (vCPUs and memory on drivers without the balloon and
 * vcpu groups, persistence flags) are cached in the previous snapshot and
 * re-read only for new domains, domains an event marked stale, or through
 * three list calls for the flags.  Pools and networks are read on request,
 * and with them, while a volume list shows, which domains use each volume.
 */
#include "config.h"

#include <string.h>

#include "model/refresh.h"
#include "model/stats.h"
#include "util/cleanup.h"
#include "util/xml.h"

tv_dom_state
tv_refresh_map_state(int vir_state)
{
    switch (vir_state) {
    case VIR_DOMAIN_RUNNING: return TV_DOM_RUNNING;
    case VIR_DOMAIN_BLOCKED: return TV_DOM_BLOCKED;
    case VIR_DOMAIN_PAUSED: return TV_DOM_PAUSED;
    case VIR_DOMAIN_SHUTDOWN: return TV_DOM_SHUTDOWN;
    case VIR_DOMAIN_SHUTOFF: return TV_DOM_SHUTOFF;
    case VIR_DOMAIN_CRASHED: return TV_DOM_CRASHED;
    case VIR_DOMAIN_PMSUSPENDED: return TV_DOM_PMSUSPENDED;
    default: return TV_DOM_NOSTATE;
    }
}

/* Field name after "block.N." or "net.N.", or NULL when not indexed. */
static const char *
after_index(const char *field, size_t prefix_len)
{
    const char *p = field + prefix_len;
    if (*p < '0' || *p > '9')
        return NULL;
    while (*p >= '0' && *p <= '9')
        p++;
    return *p == '.' ? p + 1 : NULL;
}

static unsigned long long
param_ull(const virTypedParameter *p)
{
    switch (p->type) {
    case VIR_TYPED_PARAM_INT: return p->value.i < 0 ? 0 : (unsigned long long)p->value.i;
    case VIR_TYPED_PARAM_UINT: return p->value.ui;
    case VIR_TYPED_PARAM_LLONG: return p->value.l < 0 ? 0 : (unsigned long long)p->value.l;
    case VIR_TYPED_PARAM_ULLONG: return p->value.ul;
    default: return 0;
    }
}

/* Fills d's state and counters from one stats record's typed parameters. */
static void
read_record_params(tv_domain *d, const virDomainStatsRecord *rec)
{
    for (int i = 0; i < rec->nparams; i++) {
        const virTypedParameter *p = &rec->params[i];
        const char *f = p->field;
        const char *tail;

        switch (f[0]) {
        case 's':
            if (strcmp(f, "state.state") == 0)
                d->state = tv_refresh_map_state((int)param_ull(p));
            else if (strcmp(f, "state.reason") == 0)
                d->reason = (int)param_ull(p);
            break;
        case 'c':
            if (strcmp(f, "cpu.time") == 0) {
                d->cpu_time_ns = param_ull(p);
                d->valid |= TV_DOM_RAW_CPU;
            }
            break;
        case 'b':
            if (strncmp(f, "block.", 6) == 0 && (tail = after_index(f, 6))) {
                if (strcmp(tail, "rd.bytes") == 0) {
                    d->rd_bytes += param_ull(p);
                    d->valid |= TV_DOM_RAW_DISK;
                } else if (strcmp(tail, "wr.bytes") == 0) {
                    d->wr_bytes += param_ull(p);
                    d->valid |= TV_DOM_RAW_DISK;
                }
            } else if (strcmp(f, "balloon.current") == 0) {
                d->mem_kib = param_ull(p);
                d->valid |= TV_DOM_HAS_MEM;
            } else if (strcmp(f, "balloon.maximum") == 0) {
                d->max_mem_kib = param_ull(p);
            } else if (strcmp(f, "balloon.rss") == 0) {
                d->rss_kib = param_ull(p);
                d->valid |= TV_DOM_HAS_RSS;
            }
            break;
        case 'v':
            if (strcmp(f, "vcpu.current") == 0) {
                d->vcpus = (unsigned)param_ull(p);
                d->valid |= TV_DOM_HAS_VCPUS;
            }
            break;
        case 'n':
            if (strncmp(f, "net.", 4) == 0 && (tail = after_index(f, 4))) {
                if (strcmp(tail, "rx.bytes") == 0) {
                    d->rx_bytes += param_ull(p);
                    d->valid |= TV_DOM_RAW_NET;
                } else if (strcmp(tail, "tx.bytes") == 0) {
                    d->tx_bytes += param_ull(p);
                    d->valid |= TV_DOM_RAW_NET;
                }
            }
            break;
        default:
            break;
        }
    }
}

/* vCPUs and memory for drivers whose stats lack them: cached, or virDomainGetInfo. */
static void
fill_info(tv_domain *d, const tv_domain *prev, bool stale, virDomainPtr dom)
{
    virDomainInfo info;
    unsigned missing = (TV_DOM_HAS_VCPUS | TV_DOM_HAS_MEM) & ~d->valid;

    if (!missing)
        return;
    if (prev && !stale && (prev->valid & missing) == missing) {
        if (missing & TV_DOM_HAS_VCPUS)
            d->vcpus = prev->vcpus;
        if (missing & TV_DOM_HAS_MEM) {
            d->mem_kib = prev->mem_kib;
            d->max_mem_kib = prev->max_mem_kib;
        }
        d->valid |= missing;
        return;
    }
    if (virDomainGetInfo(dom, &info) < 0) {
        virResetLastError();
        return;
    }
    if (missing & TV_DOM_HAS_VCPUS)
        d->vcpus = info.nrVirtCpu;
    if (missing & TV_DOM_HAS_MEM) {
        d->mem_kib = info.memory;
        d->max_mem_kib = info.maxMem;
    }
    d->valid |= missing;
}

/* Marks the domains listed by one filtered list call; -1 when unsupported. */
static int
mark_listed(virConnectPtr conn, unsigned filter, tv_host_snapshot *next, size_t flag_offset)
{
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(conn, &doms, filter);
    if (n < 0) {
        virResetLastError();
        return -1;
    }
    for (int i = 0; i < n; i++) {
        char uuid[VIR_UUID_STRING_BUFLEN];
        if (virDomainGetUUIDString(doms[i], uuid) == 0) {
            tv_domain *d = (tv_domain *)tv_host_snapshot_find(next, uuid);
            if (d)
                *(bool *)((char *)d + flag_offset) = true;
        }
        virDomainFree(doms[i]);
    }
    free(doms);
    return 0;
}

static void
read_flags(virConnectPtr conn, tv_host_snapshot *next)
{
    for (size_t i = 0; i < next->n_domains; i++) {
        next->domains[i].persistent = false;
        next->domains[i].autostart = false;
        next->domains[i].managed_save = false;
    }
    if (mark_listed(conn, VIR_CONNECT_LIST_DOMAINS_PERSISTENT, next,
                    G_STRUCT_OFFSET(tv_domain, persistent)) < 0 ||
        mark_listed(conn, VIR_CONNECT_LIST_DOMAINS_AUTOSTART, next,
                    G_STRUCT_OFFSET(tv_domain, autostart)) < 0 ||
        mark_listed(conn, VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE, next,
                    G_STRUCT_OFFSET(tv_domain, managed_save)) < 0)
        return;
    for (size_t i = 0; i < next->n_domains; i++)
        next->domains[i].valid |= TV_DOM_HAS_FLAGS;
}

/* Carries flags from the previous record when they were not read this time. */
static void
carry_flags(tv_domain *d, const tv_domain *prev)
{
    if (prev && (prev->valid & TV_DOM_HAS_FLAGS)) {
        d->persistent = prev->persistent;
        d->autostart = prev->autostart;
        d->managed_save = prev->managed_save;
        d->valid |= TV_DOM_HAS_FLAGS;
    }
}

static void
format_uuid(const unsigned char *uuid, char *out)
{
    static const char hex[] = "0123456789abcdef";
    int o = 0;
    for (int i = 0; i < TV_UUID_LEN; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[uuid[i] >> 4];
        out[o++] = hex[uuid[i] & 15];
    }
    out[o] = '\0';
}

/*
 * The previous record of the domain called name: usually at the same index
 * (libvirt lists domains in a stable order), else through a name index of
 * prev built on first need.
 */
static const tv_domain *
match_previous(const tv_host_snapshot *prev, size_t i, const char *name, GHashTable **index)
{
    if (!prev)
        return NULL;
    if (i < prev->n_domains && strcmp(prev->domains[i].name, name) == 0)
        return &prev->domains[i];
    if (!*index) {
        *index = g_hash_table_new(g_str_hash, g_str_equal);
        for (size_t k = 0; k < prev->n_domains; k++)
            g_hash_table_insert(*index, prev->domains[k].name, &prev->domains[k]);
    }
    return g_hash_table_lookup(*index, name);
}

/*
 * The bulk stats call.  NOWAIT skips the stats of a domain whose job lock is
 * held (a hung monitor, a long job) instead of waiting up to 30 s for it,
 * so one stuck VM cannot freeze the host's list; drivers that do not know
 * the flag get the call without it.
 */
static int
get_all_stats(virConnectPtr conn, virDomainStatsRecordPtr **recs)
{
    const unsigned groups = VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL |
                            VIR_DOMAIN_STATS_BALLOON | VIR_DOMAIN_STATS_VCPU |
                            VIR_DOMAIN_STATS_INTERFACE | VIR_DOMAIN_STATS_BLOCK;
    int n = virConnectGetAllDomainStats(conn, groups, recs,
                                        VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT);
    virErrorPtr err;
    if (n >= 0)
        return n;
    err = virGetLastError();
    if (!err || (err->code != VIR_ERR_INVALID_ARG && err->code != VIR_ERR_NO_SUPPORT))
        return n;
    virResetLastError();
    return virConnectGetAllDomainStats(conn, groups, recs, 0);
}

/*
 * Whether a rate would pair d's sample with old's while nothing cheap says
 * they are of one run: both running, counters in either, and a CPU time
 * that does not prove the run older than the previous sample.  Then the
 * domain ID must be asked (~400 ns a call, so not for every domain on
 * every refresh): a host never gives one ID to two runs.
 */
static bool
needs_id_check(const tv_domain *d, const tv_domain *old, const tv_host_snapshot *prev,
               const tv_refresh_params *p)
{
    const unsigned raw = TV_DOM_RAW_CPU | TV_DOM_RAW_DISK | TV_DOM_RAW_NET;
    int run_class = tv_stats_run_class(d->state);

    if (run_class == 0 || run_class != tv_stats_run_class(old->state))
        return false;
    if (!(d->valid & raw) && !(old->valid & raw))
        return false;
    return !tv_stats_run_predates(d, p->host_cpus, prev->sample_started_us, p->taken_us);
}

int
tv_refresh_domains_from(virDomainStatsRecordPtr *recs, int n, const tv_host_snapshot *prev,
                        tv_host_snapshot *next, const tv_refresh_params *p)
{
    g_autoptr(GHashTable) prev_by_name = NULL;
    const tv_host_snapshot *match_from = p->trust_prev ? prev : NULL;

    next->sample_started_us = p->started_us;
    next->taken_at_us = p->taken_us;
    next->domains = g_new(tv_domain, n ? n : 1);
    next->n_domains = (size_t)n;
    if (p->wants & TV_WANT_HISTORY)
        next->histories = g_new(tv_domain_history, n ? n : 1);

    for (int i = 0; i < n; i++) {
        tv_domain *d = &next->domains[i];
        virDomainPtr dom = recs[i]->dom;
        const char *name = virDomainGetName(dom);
        const tv_domain *old;
        bool refetch;

        if (!name)
            name = "";
        old = match_previous(match_from, (size_t)i, name, &prev_by_name);
        /* Counters and rates start empty; history and cached facts come from old. */
        memset(d, 0, sizeof(*d));
        d->hist = next->histories ? &next->histories[i] : NULL;
        read_record_params(d, recs[i]);
        refetch = !old || (p->stale && g_hash_table_contains(p->stale, old->uuid_str)) ||
                  tv_dom_state_active(old->state) != tv_dom_state_active(d->state) ||
                  (needs_id_check(d, old, prev, p) && (int)virDomainGetID(dom) != old->id);
        if (refetch) {
            virDomainGetUUID(dom, d->uuid);
            format_uuid(d->uuid, d->uuid_str);
            d->id = (int)virDomainGetID(dom);
            if (old && memcmp(old->uuid, d->uuid, TV_UUID_LEN) != 0)
                old = NULL; /* same name, another domain */
        } else {
            memcpy(d->uuid, old->uuid, TV_UUID_LEN);
            memcpy(d->uuid_str, old->uuid_str, TV_UUID_STRLEN);
            d->id = old->id;
        }
        d->name = old ? g_ref_string_acquire(old->name) : g_ref_string_new(name);
        if (p->wants & TV_WANT_INFO)
            fill_info(d, old, refetch, dom);
        if (!refetch)
            carry_flags(d, old);
        /* Rates pair two samples of one run only: same UUID and same ID. */
        tv_stats_update_window(d, old && old->id == d->id && d->id >= 0 ? old : NULL,
                               p->started_us, p->taken_us, p->min_interval_us);
    }
    return 0;
}

int
tv_refresh_domains(virConnectPtr conn, const tv_host_snapshot *prev, tv_host_snapshot *next,
                   const tv_refresh_params *params, char **error)
{
    virDomainStatsRecordPtr *recs = NULL;
    tv_refresh_params p = *params;
    int n;

    p.started_us = g_get_monotonic_time();
    n = get_all_stats(conn, &recs);
    if (n < 0) {
        *error = tv_vir_last_error("could not read domain statistics");
        return -1;
    }
    p.taken_us = g_get_monotonic_time();
    tv_refresh_domains_from(recs, n, prev, next, &p);
    virDomainStatsRecordListFree(recs);

    if (p.wants & TV_WANT_FLAGS)
        read_flags(conn, next);
    return 0;
}

int
tv_refresh_node_static(virConnectPtr conn, tv_host_snapshot *next, char **error)
{
    virNodeInfo info;
    const char *type;
    tv_autovirstr *hostname = NULL;

    if (virNodeGetInfo(conn, &info) < 0) {
        *error = tv_vir_last_error("could not read the host's node information");
        return -1;
    }
    g_free(next->cpu_model);
    next->cpu_model = g_strdup(info.model);
    next->cpus = info.cpus;
    next->mhz = info.mhz;
    next->mem_total_kib = info.memory;
    type = virConnectGetType(conn);
    g_free(next->hv_type);
    next->hv_type = g_strdup(type ? type : "?");
    if (virConnectGetVersion(conn, &next->hv_version) < 0)
        next->hv_version = 0;
    if (virConnectGetLibVersion(conn, &next->lib_version) < 0)
        next->lib_version = 0;
    hostname = virConnectGetHostname(conn);
    g_free(next->hostname);
    next->hostname = g_strdup(hostname); /* NULL when libvirt cannot tell */
    virResetLastError();
    next->has_node = true;
    return 0;
}

int
tv_refresh_node_dynamic(virConnectPtr conn, tv_host_snapshot *next, char **error)
{
    unsigned long long free_bytes = virNodeGetFreeMemory(conn);
    if (free_bytes == 0 && virGetLastError()) {
        virResetLastError();
        return 0;
    }
    next->mem_free_kib = free_bytes / 1024;
    return 0;
}

/* Reads type and target path from a pool's XML. */
static void
read_pool_xml(virStoragePoolPtr pool, tv_pool *out)
{
    tv_autovirstr *xml = virStoragePoolGetXMLDesc(pool, 0);
    g_autofree char *err = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctx = NULL;

    if (!xml)
        return;
    doc = tv_xml_parse(xml, "the pool XML", &err);
    if (!doc)
        return;
    ctx = xmlXPathNewContext(doc);
    out->type = tv_xml_string(ctx, "string(/pool/@type)");
    out->target_path = tv_xml_string(ctx, "string(/pool/target/path)");
}

static void
read_volumes(virStoragePoolPtr pool, tv_pool *out)
{
    virStorageVolPtr *vols = NULL;
    int n;

    if (!out->active)
        return;
    n = virStoragePoolListAllVolumes(pool, &vols, 0);
    if (n < 0) {
        virResetLastError();
        return;
    }
    out->volumes = g_new0(tv_volume, n ? n : 1);
    out->n_volumes = (size_t)n;
    for (int i = 0; i < n; i++) {
        static const char *const vol_types[] = { "file", "block", "dir", "network",
                                                 "netdir", "ploop" };
        tv_volume *v = &out->volumes[i];
        virStorageVolInfo info;
        tv_autovirstr *path = virStorageVolGetPath(vols[i]);

        v->name = g_strdup(virStorageVolGetName(vols[i]));
        v->path = g_strdup(path);
        if (virStorageVolGetInfo(vols[i], &info) == 0) {
            v->type = g_strdup(info.type >= 0 && info.type < (int)G_N_ELEMENTS(vol_types)
                                   ? vol_types[info.type] : "?");
            v->capacity = info.capacity;
            v->allocation = info.allocation;
        }
        virStorageVolFree(vols[i]);
    }
    free(vols);
    virResetLastError();
}

static void
add_disk_user(GHashTable *users, const char *kind, const char *source, const char *name)
{
    g_autofree char *key = g_strconcat(kind, source, NULL);
    GPtrArray *names = g_hash_table_lookup(users, key);

    if (!names) {
        names = g_ptr_array_new_with_free_func(g_free);
        g_hash_table_insert(users, g_steal_pointer(&key), names);
    }
    if (!g_ptr_array_find_with_equal_func(names, name, g_str_equal, NULL))
        g_ptr_array_add(names, g_strdup(name));
}

/*
 * Who uses which disk source, from every domain's XML as domxml.c reads it:
 * "f" + path for file and block disks, "v" + "pool/volume" for volume
 * disks, each mapped to the names of the domains (GPtrArray of strings).
 * Every kind of drive counts (a CD-ROM uses its ISO).  A domain whose XML
 * cannot be read is left out; the next inventory reads it again.
 */
static GHashTable *
read_disk_users(virConnectPtr conn)
{
    GHashTable *users = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify)g_ptr_array_unref);
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(conn, &doms, 0);

    for (int i = 0; i < n; i++) {
        tv_autovirstr *xml = virDomainGetXMLDesc(doms[i], 0);
        g_autofree char *error = NULL;
        g_autoptr(tv_domain_details) d = xml ? tv_domxml_parse(xml, &error) : NULL;

        for (guint k = 0; d && k < d->disks->len; k++) {
            const tv_disk_info *disk = &g_array_index(d->disks, tv_disk_info, k);
            if (!disk->source)
                continue;
            if (g_strcmp0(disk->type, "file") == 0 || g_strcmp0(disk->type, "block") == 0)
                add_disk_user(users, "f", disk->source, d->name);
            else if (g_strcmp0(disk->type, "volume") == 0)
                add_disk_user(users, "v", disk->source, d->name);
        }
        virDomainFree(doms[i]);
    }
    free(doms);
    virResetLastError();
    return users;
}

static void
append_users(GPtrArray *names, GHashTable *users, const char *kind, const char *source)
{
    g_autofree char *key = g_strconcat(kind, source, NULL);
    GPtrArray *found = source ? g_hash_table_lookup(users, key) : NULL;

    for (guint i = 0; found && i < found->len; i++) {
        if (!g_ptr_array_find_with_equal_func(names, found->pdata[i], g_str_equal, NULL))
            g_ptr_array_add(names, g_strdup(found->pdata[i]));
    }
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
    return g_utf8_collate(*(char *const *)a, *(char *const *)b);
}

/* Fills each volume's used_by: disks naming its path, or its pool and name. */
static void
set_volume_users(tv_pool *p, GHashTable *users)
{
    for (size_t i = 0; i < p->n_volumes; i++) {
        tv_volume *v = &p->volumes[i];
        g_autofree char *by_name = g_strdup_printf("%s/%s", p->name, v->name);
        GPtrArray *names = g_ptr_array_new();

        append_users(names, users, "f", v->path);
        append_users(names, users, "v", by_name);
        g_ptr_array_sort(names, compare_names);
        g_ptr_array_add(names, NULL);
        v->used_by = (char **)g_ptr_array_free(names, FALSE);
    }
}

static int
compare_pools(const void *a, const void *b)
{
    return g_strcmp0(((const tv_pool *)a)->name, ((const tv_pool *)b)->name);
}

tv_pool_list *
tv_refresh_storage(virConnectPtr conn, bool users, char **error)
{
    virStoragePoolPtr *pools = NULL;
    g_autoptr(GHashTable) disk_users = NULL;
    tv_pool_list *list;
    int n = virConnectListAllStoragePools(conn, &pools, 0);

    if (n < 0) {
        *error = tv_vir_last_error("could not list storage pools");
        return NULL;
    }
    list = tv_pool_list_new((size_t)n);
    for (int i = 0; i < n; i++) {
        tv_pool *p = &list->pools[i];
        virStoragePoolInfo info;
        int autostart = 0;

        p->name = g_strdup(virStoragePoolGetName(pools[i]));
        virStoragePoolGetUUIDString(pools[i], p->uuid_str);
        if (virStoragePoolGetInfo(pools[i], &info) == 0) {
            p->active = info.state == VIR_STORAGE_POOL_RUNNING ||
                        info.state == VIR_STORAGE_POOL_DEGRADED;
            p->capacity = info.capacity;
            p->allocation = info.allocation;
            p->available = info.available;
        }
        if (virStoragePoolGetAutostart(pools[i], &autostart) == 0)
            p->autostart = autostart != 0;
        p->persistent = virStoragePoolIsPersistent(pools[i]) == 1;
        read_pool_xml(pools[i], p);
        read_volumes(pools[i], p);
        virStoragePoolFree(pools[i]);
    }
    free(pools);
    virResetLastError();
    if (users) {
        disk_users = read_disk_users(conn);
        for (size_t i = 0; i < list->n; i++)
            set_volume_users(&list->pools[i], disk_users);
        list->has_users = true;
    }
    qsort(list->pools, list->n, sizeof(tv_pool), compare_pools);
    return list;
}

static int
compare_networks(const void *a, const void *b)
{
    return g_strcmp0(((const tv_network *)a)->name, ((const tv_network *)b)->name);
}

tv_network_list *
tv_refresh_networks(virConnectPtr conn, char **error)
{
    virNetworkPtr *nets = NULL;
    tv_network_list *list;
    int n = virConnectListAllNetworks(conn, &nets, 0);

    if (n < 0) {
        *error = tv_vir_last_error("could not list virtual networks");
        return NULL;
    }
    list = tv_network_list_new((size_t)n);
    for (int i = 0; i < n; i++) {
        tv_network *net = &list->networks[i];
        int autostart = 0;
        tv_autovirstr *xml = virNetworkGetXMLDesc(nets[i], 0);

        net->name = g_strdup(virNetworkGetName(nets[i]));
        virNetworkGetUUIDString(nets[i], net->uuid_str);
        net->active = virNetworkIsActive(nets[i]) == 1;
        net->persistent = virNetworkIsPersistent(nets[i]) == 1;
        if (virNetworkGetAutostart(nets[i], &autostart) == 0)
            net->autostart = autostart != 0;
        if (xml) {
            g_autofree char *err = NULL;
            g_autoptr(xmlDoc) doc = tv_xml_parse(xml, "the network XML", &err);
            if (doc) {
                g_autoptr(xmlXPathContext) ctx = xmlXPathNewContext(doc);
                net->forward_mode = tv_xml_string(ctx, "string(/network/forward/@mode)");
                if (!net->forward_mode)
                    net->forward_mode = tv_xml_string(ctx, "substring('nat', 1, "
                                                           "3 * count(/network/forward))");
                if (!net->forward_mode)
                    net->forward_mode = g_strdup("isolated");
                net->bridge = tv_xml_string(ctx, "string(/network/bridge/@name)");
            }
        }
        virNetworkFree(nets[i]);
    }
    free(nets);
    virResetLastError();
    qsort(list->networks, list->n, sizeof(tv_network), compare_networks);
    return list;
}

tv_domain_details *
tv_refresh_details(virConnectPtr conn, const char *uuid_str, tv_domain_details *prev,
                   char **error)
{
    g_autoptr(virDomain) dom = virDomainLookupByUUIDString(conn, uuid_str);
    tv_autovirstr *xml = NULL;

    if (!dom) {
        *error = tv_vir_last_error("the domain no longer exists");
        return NULL;
    }
    xml = virDomainGetXMLDesc(dom, 0);
    if (!xml) {
        *error = tv_vir_last_error("could not read the domain XML");
        return NULL;
    }
    if (prev && prev->xml && strcmp(prev->xml, xml) == 0)
        return tv_domain_details_ref(prev);
    return tv_domxml_parse(xml, error);
}
