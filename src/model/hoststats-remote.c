/*
 * The libvirt backend of the host-stats interface, for hosts tvirt reaches
 * over a connection: CPU busy share from virNodeGetCPUStats deltas and memory
 * from virNodeGetMemoryStats, summed over all CPUs and NUMA cells.  Node
 * stats are optional extras, so an unsupported or failing call is swallowed
 * here (bits left unset, libvirt's error reset) rather than reported: the
 * host view simply shows "-" for what it cannot know.
 */
#include "config.h"

#include "model/hoststats-remote.h"

#include <string.h>

#include <glib.h>
#include <libvirt/virterror.h>

struct tv_remote_collector {
    bool have_cpu;
    uint64_t cpu_total, cpu_idle; /* nanoseconds; idle includes iowait */
};

tv_remote_collector *
tv_remote_collector_new(void)
{
    return g_new0(tv_remote_collector, 1);
}

void
tv_remote_collector_free(tv_remote_collector *c)
{
    g_free(c);
}

static void
sample_cpu(tv_remote_collector *c, virConnectPtr conn, tv_hoststats *out)
{
    g_autofree virNodeCPUStats *params = NULL;
    int n = 0;
    uint64_t total = 0, idle = 0;
    bool have_times = false, have_idle = false;
    double utilization = -1.0;

    if (virNodeGetCPUStats(conn, VIR_NODE_CPU_STATS_ALL_CPUS, NULL, &n, 0) < 0 || n <= 0) {
        virResetLastError();
        c->have_cpu = false;
        return;
    }
    params = g_new0(virNodeCPUStats, n);
    if (virNodeGetCPUStats(conn, VIR_NODE_CPU_STATS_ALL_CPUS, params, &n, 0) < 0) {
        virResetLastError();
        c->have_cpu = false;
        return;
    }

    for (int i = 0; i < n; i++) {
        const char *field = params[i].field;
        uint64_t v = params[i].value;

        if (strcmp(field, VIR_NODE_CPU_STATS_UTILIZATION) == 0) {
            utilization = (double)v;
            continue;
        }
        if (strcmp(field, VIR_NODE_CPU_STATS_IDLE) == 0 ||
            strcmp(field, VIR_NODE_CPU_STATS_IOWAIT) == 0) {
            idle += v;
            have_idle |= strcmp(field, VIR_NODE_CPU_STATS_IDLE) == 0;
            total += v;
        } else if (strcmp(field, VIR_NODE_CPU_STATS_KERNEL) == 0 ||
                   strcmp(field, VIR_NODE_CPU_STATS_USER) == 0 ||
                   strcmp(field, VIR_NODE_CPU_STATS_INTR) == 0) {
            total += v;
            have_times = true;
        }
    }

    if (!(have_times && have_idle)) {
        /* Some drivers give only a ready-made percentage. */
        c->have_cpu = false;
        if (utilization >= 0) {
            out->cpu_pct = CLAMP(utilization, 0.0, 100.0);
            out->valid |= TV_HS_CPU;
        }
        return;
    }
    if (c->have_cpu) {
        double pct = tv_hoststats_cpu_pct(c->cpu_total, c->cpu_idle, total, idle);
        if (pct >= 0) {
            out->cpu_pct = pct;
            out->valid |= TV_HS_CPU;
        } else if (total == c->cpu_total) {
            return; /* no time passed: keep the older baseline */
        }
    }
    c->have_cpu = true;
    c->cpu_total = total;
    c->cpu_idle = idle;
}

static void
sample_mem(virConnectPtr conn, tv_hoststats *out)
{
    g_autofree virNodeMemoryStats *params = NULL;
    int n = 0;
    uint64_t total = 0, free_kib = 0, buffers = 0, cached = 0;
    bool have_total = false, have_free = false;

    if (virNodeGetMemoryStats(conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, NULL, &n, 0) < 0 ||
        n <= 0) {
        virResetLastError();
        return;
    }
    params = g_new0(virNodeMemoryStats, n);
    if (virNodeGetMemoryStats(conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, params, &n, 0) < 0) {
        virResetLastError();
        return;
    }

    /* libvirt reports these in KiB. */
    for (int i = 0; i < n; i++) {
        const char *field = params[i].field;
        uint64_t v = params[i].value;

        if (strcmp(field, VIR_NODE_MEMORY_STATS_TOTAL) == 0) {
            total = v;
            have_total = true;
        } else if (strcmp(field, VIR_NODE_MEMORY_STATS_FREE) == 0) {
            free_kib = v;
            have_free = true;
        } else if (strcmp(field, VIR_NODE_MEMORY_STATS_BUFFERS) == 0) {
            buffers = v;
        } else if (strcmp(field, VIR_NODE_MEMORY_STATS_CACHED) == 0) {
            cached = v;
        }
    }
    if (!have_total || !have_free || total == 0)
        return;

    uint64_t not_used = free_kib + buffers + cached;
    out->mem_total_kib = total;
    out->mem_used_kib = total > not_used ? total - not_used : 0;
    out->valid |= TV_HS_MEM;
}

void
tv_remote_collector_sample(tv_remote_collector *c, virConnectPtr conn, tv_hoststats *out)
{
    memset(out, 0, sizeof(*out));
    if (!conn)
        return;
    sample_cpu(c, conn, out);
    sample_mem(conn, out);
}
