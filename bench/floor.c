/*
 * floor: the least work any libvirt stats monitor must do per refresh, as the yardstick for
 * tvirt's batch mode in bench/run.sh.  It opens the URI once, then N times fetches the bulk
 * stats of every domain (all groups the driver supports, as tvirt asks for), touches every
 * typed parameter so the compiler cannot drop the walk, and frees the list.
 *
 * It links libvirt only, on purpose: no GLib, no model, no output beyond one summary line of
 * key=value pairs on stdout: wall and CPU time of the open and of the loop, records, fields and
 * a checksum.  run.sh uses the open/loop CPU split as the floor's start-up cost in refreshes.
 */
#include "config.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void
floor_quiet(void *opaque, virErrorPtr err)
{
    /* Errors are reported once, from main, with the message libvirt kept. */
}

static double
floor_clock_ms(clockid_t clock)
{
    struct timespec ts;

    clock_gettime(clock, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
floor_usage(void)
{
    fprintf(stderr, "usage: floor [--iterations N] [--tvirt-groups] -c URI\n");
}

static void
floor_fail(const char *what)
{
    virErrorPtr err = virGetLastError();

    fprintf(stderr, "floor: %s: %s\n", what, err && err->message ? err->message : "unknown error");
}

int
main(int argc, char **argv)
{
    const char *uri = NULL;
    long iterations = 1;
    /* 0 asks for every group the driver has; --tvirt-groups for exactly tvirt's. */
    unsigned groups = 0;
    unsigned long long records = 0, fields = 0, sum = 0;
    virConnectPtr conn;
    double t0, t1, t2, c0, c1, c2;
    long it;
    int i;

    for (i = 1; i < argc; i++) {
        if ((!strcmp(argv[i], "-c") || !strcmp(argv[i], "--connect")) && i + 1 < argc) {
            uri = argv[++i];
        } else if (!strcmp(argv[i], "--tvirt-groups")) {
            groups = VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL |
                     VIR_DOMAIN_STATS_BALLOON | VIR_DOMAIN_STATS_VCPU |
                     VIR_DOMAIN_STATS_INTERFACE | VIR_DOMAIN_STATS_BLOCK;
        } else if ((!strcmp(argv[i], "-n") || !strcmp(argv[i], "--iterations")) && i + 1 < argc) {
            char *end;

            iterations = strtol(argv[++i], &end, 10);
            if (*end || iterations < 1) {
                floor_usage();
                return 2;
            }
        } else {
            floor_usage();
            return 2;
        }
    }
    if (!uri) {
        floor_usage();
        return 2;
    }

    virSetErrorFunc(NULL, floor_quiet);
    t0 = floor_clock_ms(CLOCK_MONOTONIC);
    c0 = floor_clock_ms(CLOCK_PROCESS_CPUTIME_ID);
    conn = virConnectOpen(uri);
    if (!conn) {
        floor_fail("cannot open connection");
        return 1;
    }
    t1 = floor_clock_ms(CLOCK_MONOTONIC);
    c1 = floor_clock_ms(CLOCK_PROCESS_CPUTIME_ID);

    for (it = 0; it < iterations; it++) {
        virDomainStatsRecordPtr *recs = NULL;
        int n = virConnectGetAllDomainStats(conn, groups, &recs, 0);
        int r;

        if (n < 0) {
            floor_fail("cannot get domain stats");
            virConnectClose(conn);
            return 1;
        }
        for (r = 0; r < n; r++) {
            const virDomainStatsRecord *rec = recs[r];
            int p;

            records++;
            for (p = 0; p < rec->nparams; p++) {
                const virTypedParameter *tp = &rec->params[p];

                /* Hash the name too: a real monitor has to look at it to know the field. */
                fields++;
                sum += (unsigned char)tp->field[0];
                switch (tp->type) {
                case VIR_TYPED_PARAM_INT:
                    sum += (unsigned long long)tp->value.i;
                    break;
                case VIR_TYPED_PARAM_UINT:
                    sum += tp->value.ui;
                    break;
                case VIR_TYPED_PARAM_LLONG:
                    sum += (unsigned long long)tp->value.l;
                    break;
                case VIR_TYPED_PARAM_ULLONG:
                    sum += tp->value.ul;
                    break;
                case VIR_TYPED_PARAM_DOUBLE:
                    sum += (unsigned long long)tp->value.d;
                    break;
                case VIR_TYPED_PARAM_BOOLEAN:
                    sum += (unsigned long long)tp->value.b;
                    break;
                case VIR_TYPED_PARAM_STRING:
                    sum += tp->value.s ? strlen(tp->value.s) : 0;
                    break;
                default:
                    break;
                }
            }
        }
        virDomainStatsRecordListFree(recs);
    }
    t2 = floor_clock_ms(CLOCK_MONOTONIC);
    c2 = floor_clock_ms(CLOCK_PROCESS_CPUTIME_ID);

    printf("open_ms=%.1f loop_ms=%.1f open_cpu_ms=%.3f loop_cpu_ms=%.3f iterations=%ld "
           "records=%llu fields=%llu sum=%llu\n",
           t1 - t0, t2 - t1, c1 - c0, c2 - c1, iterations, records, fields, sum);
    if (virConnectClose(conn) < 0)
        return 1;
    return 0;
}
