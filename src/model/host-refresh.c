/*
 * One refresh of a host on its worker: the domains (refresh.c), the node's
 * figures, pools and networks on the slow inventory cadence, what new VMs
 * can be, and the Details domain's XML and guest addresses, into a new
 * snapshot that is then published.  A refresh that fails on a dead
 * connection hands over to host-connect.c.
 */
#include "config.h"

#include <string.h>

#include "model/guestaddr-read.h"
#include "model/host-impl.h"
#include "model/hostcaps-read.h"
#include "model/messages.h"
#include "model/refresh.h"
#include "model/stats.h"
#include "util/cleanup.h"
#include "util/log.h"

/* Guest addresses cost up to three calls: read them this often while Details is open. */
#define TV_ADDRS_PERIOD_US (5 * G_USEC_PER_SEC)
/* A guest agent that took this long is left alone for TV_AGENT_REST_US. */
#define TV_AGENT_SLOW_US (G_USEC_PER_SEC)
#define TV_AGENT_REST_US (60 * G_USEC_PER_SEC)

/*
 * The addresses of the domain on the Details screen, into s: read at once
 * for a new domain or a new run of it, then every TV_ADDRS_PERIOD_US while
 * it runs; an inactive domain gets a record saying so, without a call.
 */
static void
refresh_addresses(tv_host *h, tv_host_snapshot *s, const char *uuid_str)
{
    const tv_domain *d = NULL;
    tv_guest_addrs *old = s->addrs;
    gint64 now = g_get_monotonic_time(), agent_us = 0;
    bool same;

    for (size_t i = 0; i < s->n_domains && !d; i++) {
        if (strcmp(s->domains[i].uuid_str, uuid_str) == 0)
            d = &s->domains[i];
    }
    same = old && strcmp(old->uuid_str, uuid_str) == 0;
    if (!d) {
        g_clear_pointer(&s->addrs, tv_guest_addrs_unref);
        return;
    }
    if (d->id < 0) {
        if (!same || old->active) {
            tv_guest_addrs_unref(old);
            s->addrs = tv_guest_addrs_new(uuid_str);
        }
        return;
    }
    if (same && old->active && old->dom_id == d->id && now < h->addrs_due_us)
        return;
    {
        g_autoptr(virDomain) dom = virDomainLookupByUUIDString(h->conn, uuid_str);
        tv_guestaddr_query q = {
            .uuid_str = uuid_str,
            .dom_id = d->id,
            .paused = d->state == TV_DOM_PAUSED || d->state == TV_DOM_PMSUSPENDED,
            .readonly = h->readonly,
            .agent_quiet = now < h->agent_rest_us,
        };
        if (!dom) {
            virResetLastError();
            return; /* gone since the domain list was read: the next refresh drops it */
        }
        tv_guest_addrs_unref(old);
        s->addrs = tv_guestaddr_read(dom, &q, &agent_us);
    }
    if (agent_us >= TV_AGENT_SLOW_US) {
        tv_log("host %s: guest agent of %s took %" G_GINT64_FORMAT " ms; not asked for %d s",
               h->label, uuid_str, agent_us / 1000, (int)(TV_AGENT_REST_US / G_USEC_PER_SEC));
        h->agent_rest_us = now + TV_AGENT_REST_US;
    }
    h->addrs_due_us = g_get_monotonic_time() + TV_ADDRS_PERIOD_US;
}

void
tv_host_refresh(tv_host *h, unsigned wants, const char *details_uuid, GHashTable *stale,
                bool inventory_due)
{
    tv_host_snapshot *prev = tv_host_current(h);
    tv_host_snapshot *s = tv_host_next_snapshot(h, prev);
    g_autofree char *error = NULL;

    tv_refresh_params params = {
        .stale = stale,
        .trust_prev = !h->revalidate,
        .wants = wants,
        .min_interval_us = tv_stats_min_interval_us(h->interval_s),
        .host_cpus = prev->has_node ? prev->cpus : 0,
    };

    if (tv_refresh_domains(h->conn, prev, s, &params, &error) < 0) {
        tv_host_snapshot_unref(s);
        if (virConnectIsAlive(h->conn) != 1) {
            tv_host_handle_lost(h, error);
            return;
        }
        /* Keep what events marked for the next try, and say it once. */
        tv_log("host %s: refresh failed: %s", h->label, error);
        if (stale) {
            GHashTableIter it;
            gpointer key;
            g_mutex_lock(&h->lock);
            g_hash_table_iter_init(&it, stale);
            while (g_hash_table_iter_next(&it, &key, NULL))
                g_hash_table_add(h->stale, g_strdup(key));
            g_mutex_unlock(&h->lock);
        }
        if (!h->refresh_failing) {
            g_autofree char *name = tv_host_name(h);
            tv_message_post_host(TV_MSG_ERROR, h->id, "Host %s: could not refresh: %s", name,
                                 error);
        }
        h->refresh_failing = true;
        return;
    }
    h->refresh_failing = false;
    h->revalidate = false;
    if (wants & TV_WANT_NODE)
        tv_refresh_node_dynamic(h->conn, s, &error);
    if (wants & TV_WANT_HOSTSTATS) {
        if (h->local_stats)
            tv_local_collector_sample(h->local_stats, &s->hoststats);
        else if (h->remote_stats)
            tv_remote_collector_sample(h->remote_stats, h->conn, &s->hoststats);
    }
    if (inventory_due && (wants & TV_WANT_STORAGE)) {
        g_clear_pointer(&error, g_free);
        tv_pool_list *pools = tv_refresh_storage(h->conn, wants & TV_WANT_VOL_USERS, &error);
        if (pools) {
            tv_pool_list_unref(s->storage);
            s->storage = pools;
        }
    }
    if (inventory_due && (wants & TV_WANT_NETWORKS)) {
        g_clear_pointer(&error, g_free);
        tv_network_list *nets = tv_refresh_networks(h->conn, &error);
        if (nets) {
            tv_network_list_unref(s->networks);
            s->networks = nets;
        }
    }
    if ((wants & TV_WANT_CAPS) && !s->caps) {
        g_clear_pointer(&error, g_free);
        s->caps = tv_host_caps_read(h->conn, &error);
        if (!s->caps)
            tv_log("host %s: %s", h->label, error);
    }
    if (details_uuid) {
        tv_domain_details *old = s->details;
        g_clear_pointer(&error, g_free);
        s->details = tv_refresh_details(h->conn, details_uuid,
                                        old && g_strcmp0(old->uuid_str, details_uuid) == 0 ? old
                                                                                           : NULL,
                                        &error);
        if (old)
            tv_domain_details_unref(old);
        refresh_addresses(h, s, details_uuid);
    } else {
        if (s->details)
            tv_domain_details_unref(s->details);
        s->details = NULL;
        g_clear_pointer(&s->addrs, tv_guest_addrs_unref);
    }
    tv_host_publish(h, s);
}
