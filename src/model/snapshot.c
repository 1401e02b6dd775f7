/*
 * Life of published host snapshots and the lists they share.  A snapshot is
 * built by one host worker, published once, then only read; its last
 * reference may be dropped on any thread.
 */
#include "config.h"

#include <string.h>

#include "model/snapshot.h"
#include "model/hostcaps.h"
#include "model/domxml.h"
#include "model/guestaddr.h"

/* One word each, the same on screen and in batch output (scripts split on spaces). */
static const char *const dom_state_names[] = {
    [TV_DOM_NOSTATE] = "nostate",   [TV_DOM_RUNNING] = "running",
    [TV_DOM_BLOCKED] = "blocked",   [TV_DOM_PAUSED] = "paused",
    [TV_DOM_SHUTDOWN] = "stopping", [TV_DOM_SHUTOFF] = "shutoff",
    [TV_DOM_CRASHED] = "crashed",   [TV_DOM_PMSUSPENDED] = "suspended",
};
G_STATIC_ASSERT(G_N_ELEMENTS(dom_state_names) == TV_DOM_STATE_LAST);

static const char *const host_state_names[] = {
    [TV_HOST_CONNECTING] = "connecting",
    [TV_HOST_CONNECTED] = "connected",
    [TV_HOST_DISCONNECTED] = "disconnected",
    [TV_HOST_FAILED] = "failed",
};
G_STATIC_ASSERT(G_N_ELEMENTS(host_state_names) == TV_HOST_STATE_LAST);

const char *
tv_dom_state_name(tv_dom_state s)
{
    return (unsigned)s < TV_DOM_STATE_LAST ? dom_state_names[s] : "unknown";
}

const char *
tv_domain_state_word(const tv_domain *d)
{
    if (d->state == TV_DOM_SHUTOFF && (d->valid & TV_DOM_HAS_FLAGS) && d->managed_save)
        return "saved";
    return tv_dom_state_name(d->state);
}

const char *
tv_host_state_name(tv_host_state s)
{
    return (unsigned)s < TV_HOST_STATE_LAST ? host_state_names[s] : "unknown";
}

static void
pool_list_clear(tv_pool_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        tv_pool *p = &l->pools[i];
        g_free(p->name);
        g_free(p->type);
        g_free(p->target_path);
        for (size_t j = 0; j < p->n_volumes; j++) {
            g_free(p->volumes[j].name);
            g_free(p->volumes[j].path);
            g_free(p->volumes[j].type);
            g_strfreev(p->volumes[j].used_by);
        }
        g_free(p->volumes);
    }
    g_free(l->pools);
}

tv_pool_list *
tv_pool_list_new(size_t n)
{
    tv_pool_list *l = g_atomic_rc_box_new0(tv_pool_list);
    l->pools = g_new0(tv_pool, n ? n : 1);
    l->n = n;
    return l;
}

void
tv_pool_list_unref(tv_pool_list *l)
{
    if (l)
        g_atomic_rc_box_release_full(l, (GDestroyNotify)pool_list_clear);
}

static void
network_list_clear(tv_network_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        g_free(l->networks[i].name);
        g_free(l->networks[i].forward_mode);
        g_free(l->networks[i].bridge);
    }
    g_free(l->networks);
}

tv_network_list *
tv_network_list_new(size_t n)
{
    tv_network_list *l = g_atomic_rc_box_new0(tv_network_list);
    l->networks = g_new0(tv_network, n ? n : 1);
    l->n = n;
    return l;
}

void
tv_network_list_unref(tv_network_list *l)
{
    if (l)
        g_atomic_rc_box_release_full(l, (GDestroyNotify)network_list_clear);
}

static void
snapshot_clear(tv_host_snapshot *s)
{
    for (size_t i = 0; i < s->n_domains; i++)
        g_ref_string_release(s->domains[i].name);
    g_free(s->domains);
    g_free(s->histories);
    if (s->by_uuid)
        g_hash_table_destroy(s->by_uuid);
    g_free(s->uri);
    g_free(s->label);
    g_free(s->error);
    g_free(s->hostname);
    g_free(s->hv_type);
    g_free(s->cpu_model);
    tv_pool_list_unref(s->storage);
    tv_network_list_unref(s->networks);
    tv_host_caps_unref(s->caps);
    if (s->details)
        tv_domain_details_unref(s->details);
    tv_guest_addrs_unref(s->addrs);
}

char *
tv_uri_label(const char *uri, const char *hostname)
{
    g_autoptr(GUri) parsed = uri ? g_uri_parse(uri, G_URI_FLAGS_NON_DNS, NULL) : NULL;
    const char *host, *path, *scheme, *name;

    if (!parsed)
        return g_strdup(uri ? uri : "default");
    host = g_uri_get_host(parsed);
    path = g_uri_get_path(parsed);
    scheme = g_uri_get_scheme(parsed);
    if (host && *host)
        return g_strdup(host);
    if (g_str_has_prefix(scheme, "test") && path && *path && strcmp(path, "/default") != 0) {
        g_autofree char *base = g_path_get_basename(path);
        if (g_str_has_suffix(base, ".xml"))
            base[strlen(base) - 4] = '\0';
        return g_steal_pointer(&base);
    }
    /* The test driver answers with this machine's name whatever the file: not telling. */
    if (g_str_has_prefix(scheme, "test"))
        return g_strdup("default");
    name = hostname && *hostname ? hostname : "localhost";
    if (path && strcmp(path, "/session") == 0)
        return g_strdup_printf("%s (session)", name);
    return g_strdup(name);
}

static const char *
snap_label(const tv_host_snapshot *s)
{
    return s->label ? s->label : s->uri ? s->uri : "?";
}

char **
tv_host_labels_unique(const tv_host_snapshot *const *snaps, size_t n)
{
    char **out = g_new0(char *, n + 1);
    g_autofree size_t *order = g_new(size_t, n + 1);
    /* Lower-cased labels the hosts have of their own, and those given out so far. */
    g_autoptr(GHashTable) own = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GHashTable) taken = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    for (size_t i = 0; i < n; i++) {
        size_t k = i;
        g_hash_table_add(own, g_ascii_strdown(snap_label(snaps[i]), -1));
        /* Insertion sort by host id: a handful of hosts, and ties keep their order. */
        while (k > 0 && snaps[order[k - 1]]->host_id > snaps[i]->host_id) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k];
        const char *label = snap_label(snaps[i]);
        char *key = g_ascii_strdown(label, -1);
        if (!g_hash_table_contains(taken, key)) {
            g_hash_table_add(taken, key);
            out[i] = g_strdup(label);
            continue;
        }
        g_free(key);
        for (unsigned j = 2; !out[i]; j++) {
            g_autofree char *cand = g_strdup_printf("%s#%u", label, j);
            key = g_ascii_strdown(cand, -1);
            if (g_hash_table_contains(own, key) || g_hash_table_contains(taken, key)) {
                g_free(key);
                continue;
            }
            g_hash_table_add(taken, key);
            out[i] = g_steal_pointer(&cand);
        }
    }
    return out;
}

char *
tv_uri_for_open(const char *uri)
{
    const char *sep = strchr(uri, ':');
    g_autofree char *scheme = sep ? g_strndup(uri, (gsize)(sep - uri)) : NULL;
    if (!scheme || !g_str_has_suffix(scheme, "+ssh") || strstr(uri, "no_tty="))
        return g_strdup(uri);
    return g_strdup_printf("%s%sno_tty=1", uri, strchr(uri, '?') ? "&" : "?");
}

tv_host_snapshot *
tv_host_snapshot_ref(tv_host_snapshot *snap)
{
    return g_atomic_rc_box_acquire(snap);
}

void
tv_host_snapshot_unref(tv_host_snapshot *snap)
{
    if (snap)
        g_atomic_rc_box_release_full(snap, (GDestroyNotify)snapshot_clear);
}

const tv_domain *
tv_host_snapshot_find(const tv_host_snapshot *snap, const char *uuid_str)
{
    /* The index is a cache, not content: building it once, under g_once,
     * keeps the snapshot immutable as far as any reader can tell. */
    tv_host_snapshot *s = (tv_host_snapshot *)snap;
    if (!snap || !uuid_str)
        return NULL;
    if (g_once_init_enter(&s->by_uuid_once)) {
        s->by_uuid = g_hash_table_new(g_str_hash, g_str_equal);
        for (size_t i = 0; i < s->n_domains; i++)
            g_hash_table_insert(s->by_uuid, s->domains[i].uuid_str, &s->domains[i]);
        g_once_init_leave(&s->by_uuid_once, 1);
    }
    return g_hash_table_lookup(s->by_uuid, uuid_str);
}

void
tv_host_snapshot_count(const tv_host_snapshot *snap, unsigned *running, unsigned *paused,
                       unsigned *inactive)
{
    unsigned r = 0, p = 0, i = 0;
    for (size_t k = 0; k < snap->n_domains; k++) {
        switch (snap->domains[k].state) {
        case TV_DOM_PAUSED:
        case TV_DOM_PMSUSPENDED:
            p++;
            break;
        case TV_DOM_SHUTOFF:
        case TV_DOM_NOSTATE:
            i++;
            break;
        default:
            r++;
            break;
        }
    }
    *running = r;
    *paused = p;
    *inactive = i;
}
