/*
 * The libgtop backend of the host-stats interface: load average, CPU busy
 * share, memory and per-NIC throughput of the machine tvirt runs on.  This is
 * the only file that includes glibtop headers.  libgtop keeps one global
 * server handle and parse buffers and is not thread-safe, so every libgtop
 * call here runs under one process-wide lock; any number of collectors may
 * exist, but a given collector must be sampled by one thread at a time (the
 * local host's worker).  Rates come from differences between consecutive
 * samples, timed with the monotonic clock so wall-clock jumps do no harm.
 */
#include "config.h"

#include "model/hoststats.h"

#include <string.h>

#include <glib.h>
#include <glibtop.h>
#include <glibtop/cpu.h>
#include <glibtop/loadavg.h>
#include <glibtop/mem.h>
#include <glibtop/netlist.h>
#include <glibtop/netload.h>

struct tv_local_collector {
    bool have_cpu;
    uint64_t cpu_total, cpu_idle; /* idle includes iowait */

    bool have_nics;
    gint64 nic_time_us; /* g_get_monotonic_time() of the last NIC sample */
    tv_nic_counter nics[TV_HOSTSTATS_MAX_NICS];
    size_t n_nics;
};

static GMutex gtop_lock;

static void
gtop_init_once(void)
{
    static gsize done;

    if (g_once_init_enter(&done)) {
        glibtop_init();
        g_once_init_leave(&done, 1);
    }
}

tv_local_collector *
tv_local_collector_new(void)
{
    gtop_init_once();
    return g_new0(tv_local_collector, 1);
}

void
tv_local_collector_free(tv_local_collector *c)
{
    g_free(c);
}

/* ---- pure NIC rate merge -------------------------------------------------- */

static const tv_nic_counter *
find_counter(const tv_nic_counter *list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(list[i].name, name) == 0)
            return &list[i];
    }
    return NULL;
}

void
tv_hoststats_nic_rates(const tv_nic_counter *prev, size_t n_prev,
                       const tv_nic_counter *cur, size_t n_cur, double seconds,
                       tv_hoststats *out)
{
    out->n_nics = 0;
    for (size_t i = 0; i < n_cur && out->n_nics < TV_HOSTSTATS_MAX_NICS; i++) {
        const tv_nic_counter *before = find_counter(prev, n_prev, cur[i].name);
        if (!before)
            continue;
        double rx = tv_hoststats_rate(before->rx_bytes, cur[i].rx_bytes, seconds);
        double tx = tv_hoststats_rate(before->tx_bytes, cur[i].tx_bytes, seconds);
        if (rx < 0 || tx < 0)
            continue;
        tv_nic_rate *r = &out->nics[out->n_nics++];
        g_strlcpy(r->name, cur[i].name, sizeof(r->name));
        r->rx_bps = rx;
        r->tx_bps = tx;
    }
}

/* ---- libgtop reads (called with gtop_lock held) --------------------------- */

static void
sample_load(tv_hoststats *out)
{
    glibtop_loadavg buf;

    memset(&buf, 0, sizeof(buf));
    glibtop_get_loadavg(&buf);
    if (!(buf.flags & (1 << GLIBTOP_LOADAVG_LOADAVG)))
        return;
    for (int i = 0; i < 3; i++)
        out->load[i] = buf.loadavg[i];
    out->valid |= TV_HS_LOAD;
}

static void
sample_cpu(tv_local_collector *c, tv_hoststats *out)
{
    const guint64 need = (1 << GLIBTOP_CPU_TOTAL) | (1 << GLIBTOP_CPU_IDLE);
    glibtop_cpu buf;

    memset(&buf, 0, sizeof(buf));
    glibtop_get_cpu(&buf);
    if ((buf.flags & need) != need) {
        c->have_cpu = false;
        return;
    }
    uint64_t total = buf.total;
    uint64_t idle = buf.idle + ((buf.flags & (1 << GLIBTOP_CPU_IOWAIT)) ? buf.iowait : 0);

    if (c->have_cpu) {
        /* Too soon for a tick to pass: keep the older baseline for a longer window. */
        if (total == c->cpu_total)
            return;
        double pct = tv_hoststats_cpu_pct(c->cpu_total, c->cpu_idle, total, idle);
        if (pct >= 0) {
            out->cpu_pct = pct;
            out->valid |= TV_HS_CPU;
        }
    }
    c->have_cpu = true;
    c->cpu_total = total;
    c->cpu_idle = idle;
}

static void
sample_mem(tv_hoststats *out)
{
    glibtop_mem buf;

    memset(&buf, 0, sizeof(buf));
    glibtop_get_mem(&buf);
    if (!(buf.flags & (1 << GLIBTOP_MEM_TOTAL)) || !(buf.flags & (1 << GLIBTOP_MEM_USED)))
        return;
    uint64_t used = buf.used;
    uint64_t reclaimable = buf.buffer + buf.cached;
    used = used > reclaimable ? used - reclaimable : 0;
    out->mem_total_kib = buf.total / 1024;
    out->mem_used_kib = used / 1024;
    out->valid |= TV_HS_MEM;
}

/* Reads the byte counters of up to TV_HOSTSTATS_MAX_NICS non-loopback NICs. */
static bool
read_nic_counters(tv_nic_counter *cur, size_t *n_cur)
{
    const guint64 need = (1 << GLIBTOP_NETLOAD_BYTES_IN) | (1 << GLIBTOP_NETLOAD_BYTES_OUT);
    glibtop_netlist list;
    char **names;

    memset(&list, 0, sizeof(list));
    names = glibtop_get_netlist(&list);
    *n_cur = 0;
    if (!names)
        return false;
    for (guint32 i = 0; i < list.number && names[i] && *n_cur < TV_HOSTSTATS_MAX_NICS; i++) {
        glibtop_netload load;

        if (strcmp(names[i], "lo") == 0)
            continue;
        memset(&load, 0, sizeof(load));
        glibtop_get_netload(&load, names[i]);
        if ((load.flags & need) != need)
            continue;
        if ((load.flags & (1 << GLIBTOP_NETLOAD_IF_FLAGS)) &&
            (load.if_flags & (1 << GLIBTOP_IF_FLAGS_LOOPBACK)))
            continue;
        tv_nic_counter *n = &cur[(*n_cur)++];
        g_strlcpy(n->name, names[i], sizeof(n->name));
        n->rx_bytes = load.bytes_in;
        n->tx_bytes = load.bytes_out;
    }
    g_strfreev(names);
    return true;
}

static void
sample_nics(tv_local_collector *c, tv_hoststats *out)
{
    tv_nic_counter cur[TV_HOSTSTATS_MAX_NICS];
    size_t n_cur;
    gint64 now = g_get_monotonic_time();

    if (!read_nic_counters(cur, &n_cur)) {
        c->have_nics = false;
        return;
    }
    if (c->have_nics && now > c->nic_time_us) {
        double seconds = (double)(now - c->nic_time_us) / G_USEC_PER_SEC;
        tv_hoststats_nic_rates(c->nics, c->n_nics, cur, n_cur, seconds, out);
        out->valid |= TV_HS_NICS;
    }
    memcpy(c->nics, cur, n_cur * sizeof(cur[0]));
    c->n_nics = n_cur;
    c->nic_time_us = now;
    c->have_nics = true;
}

void
tv_local_collector_sample(tv_local_collector *c, tv_hoststats *out)
{
    memset(out, 0, sizeof(*out));
    g_mutex_lock(&gtop_lock);
    sample_load(out);
    sample_cpu(c, out);
    sample_mem(out);
    sample_nics(c, out);
    g_mutex_unlock(&gtop_lock);
}
