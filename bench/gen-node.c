/*
 * gen-node: writes a libvirt test-driver node file (test:///ABS/PATH/node.xml) with many domains,
 * storage pools with inline volumes and networks, for the benchmarks in bench/run.sh.
 *
 * Everything is derived from the index of the object and a seed, so two runs with the same
 * arguments write the same bytes.  The test driver starts every domain that has no
 * <test:runstate>; the ones past --running get runstate 5 (shut off).  Only generated names made
 * of [A-Za-z0-9_.-] are ever written, which is why plain printf is safe here: the name prefix is
 * checked against that set and nothing else comes from the user.
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The test driver's own namespace: runstate 5 = VIR_DOMAIN_SHUTOFF. */
#define TEST_NS "http://libvirt.org/schemas/domain/test/1.0"
#define RUNSTATE_SHUTOFF 5

typedef struct {
    gint domains;
    gint running;
    gint pools;
    gint volumes;
    gint networks;
    gint64 seed;
    const char *prefix;
} gen_opts;

static uint64_t
gen_next(uint64_t *state)
{
    /* splitmix64: tiny, deterministic and good enough for UUIDs that only need to differ. */
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void
gen_uuid(uint64_t *state, char out[37])
{
    uint64_t hi = gen_next(state);
    uint64_t lo = gen_next(state);

    /* Mark it as a version 4, RFC 4122 variant UUID so nothing downstream frowns at it. */
    hi = (hi & ~0xf000ULL) | 0x4000ULL;
    lo = (lo & ~(0xc000ULL << 48)) | (0x8000ULL << 48);
    snprintf(out, 37, "%08x-%04x-%04x-%04x-%012llx",
             (unsigned)(hi >> 32), (unsigned)((hi >> 16) & 0xffff), (unsigned)(hi & 0xffff),
             (unsigned)(lo >> 48), (unsigned long long)(lo & 0xffffffffffffULL));
}

static gboolean
gen_safe_name(const char *s)
{
    for (; *s; s++) {
        if (!g_ascii_isalnum(*s) && *s != '-' && *s != '_' && *s != '.')
            return FALSE;
    }
    return TRUE;
}

static void
gen_host(FILE *out, const gen_opts *o)
{
    /* Enough memory for all domains (960 MiB each on average): nothing looks overcommitted. */
    unsigned long long mem_kib = (unsigned long long)(o->domains + 16) * 1024 * 1024;

    fputs("<node>\n"
          "  <cpu>\n"
          "    <mhz>2400</mhz>\n"
          "    <model>x86_64</model>\n"
          "    <active>32</active>\n"
          "    <nodes>2</nodes>\n"
          "    <sockets>1</sockets>\n"
          "    <cores>8</cores>\n"
          "    <threads>2</threads>\n"
          "  </cpu>\n", out);
    fprintf(out, "  <memory>%llu</memory>\n", mem_kib);
}

static void
gen_domain(FILE *out, const gen_opts *o, uint64_t *state, int i)
{
    char uuid[37];
    char net[64] = "default";
    gboolean running = i < o->running;
    /* Vary the size a little so sorting by memory or vCPUs in the UI has something to do. */
    unsigned mem_mib = 256u << (i % 4);
    unsigned vcpus = 1u + (unsigned)(i % 4);

    /* Spread the NICs over the generated networks, or use the name every host has. */
    if (o->networks > 0)
        snprintf(net, sizeof(net), "%s-net%d", o->prefix, i % o->networks);
    gen_uuid(state, uuid);
    fprintf(out,
            "  <domain type='test'%s>\n"
            "    <name>%s-%05d</name>\n"
            "    <uuid>%s</uuid>\n"
            "    <memory unit='MiB'>%u</memory>\n"
            "    <currentMemory unit='MiB'>%u</currentMemory>\n"
            "    <vcpu>%u</vcpu>\n"
            "    <os><type>hvm</type></os>\n"
            "    <devices>\n"
            "      <disk type='file' device='disk'>\n"
            "        <source file='/var/lib/libvirt/images/%s-%05d.qcow2'/>\n"
            "        <target dev='vda' bus='virtio'/>\n"
            "      </disk>\n"
            "      <interface type='network'>\n"
            "        <mac address='52:54:00:%02x:%02x:%02x'/>\n"
            "        <source network='%s'/>\n"
            "      </interface>\n"
            "    </devices>\n",
            running ? "" : " xmlns:test='" TEST_NS "'",
            o->prefix, i, uuid, mem_mib, mem_mib, vcpus, o->prefix, i,
            (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff,
            net);
    if (!running)
        fprintf(out, "    <test:runstate>%d</test:runstate>\n", RUNSTATE_SHUTOFF);
    fputs("  </domain>\n", out);
}

static void
gen_pool(FILE *out, const gen_opts *o, uint64_t *state, int p)
{
    char uuid[37];
    int v;

    gen_uuid(state, uuid);
    fprintf(out,
            "  <pool type='dir'>\n"
            "    <name>%s-pool%d</name>\n"
            "    <uuid>%s</uuid>\n"
            "    <capacity unit='GiB'>1024</capacity>\n"
            "    <allocation unit='GiB'>%d</allocation>\n"
            "    <available unit='GiB'>%d</available>\n"
            "    <target><path>/var/lib/libvirt/%s-pool%d</path></target>\n",
            o->prefix, p, uuid, o->volumes, 1024 - o->volumes, o->prefix, p);
    for (v = 0; v < o->volumes; v++) {
        fprintf(out,
                "    <volume type='file'>\n"
                "      <name>%s-vol%d-%d.qcow2</name>\n"
                "      <capacity unit='GiB'>%d</capacity>\n"
                "      <allocation unit='MiB'>%d</allocation>\n"
                "      <target><format type='qcow2'/></target>\n"
                "    </volume>\n",
                o->prefix, p, v, 1 + v % 64, 16 * (1 + v % 16));
    }
    fputs("  </pool>\n", out);
}

static void
gen_network(FILE *out, const gen_opts *o, uint64_t *state, int n)
{
    char uuid[37];

    gen_uuid(state, uuid);
    /* Bridge names must stay within IFNAMSIZ (15), so they do not carry the prefix. */
    fprintf(out,
            "  <network>\n"
            "    <name>%s-net%d</name>\n"
            "    <uuid>%s</uuid>\n"
            "    <bridge name='tvbr%d'/>\n"
            "    <forward mode='nat'/>\n"
            "    <ip address='10.%d.%d.1' netmask='255.255.255.0'/>\n"
            "  </network>\n",
            o->prefix, n, uuid, n, 100 + n / 256, n % 256);
}

int
main(int argc, char **argv)
{
    gen_opts o = { .domains = 10, .running = -1, .pools = 0, .volumes = 0, .networks = 0,
                   .seed = 1, .prefix = "bench" };
    g_autofree gchar *prefix = NULL;
    GOptionEntry entries[] = {
        { "domains", 0, 0, G_OPTION_ARG_INT, &o.domains, "Number of domains (10)", "N" },
        { "running", 0, 0, G_OPTION_ARG_INT, &o.running,
          "How many of them come up running (all)", "N" },
        { "pools", 0, 0, G_OPTION_ARG_INT, &o.pools, "Number of dir storage pools (0)", "P" },
        { "volumes-per-pool", 0, 0, G_OPTION_ARG_INT, &o.volumes,
          "Volumes in each pool (0)", "V" },
        { "networks", 0, 0, G_OPTION_ARG_INT, &o.networks, "Number of networks (0)", "K" },
        { "name-prefix", 0, 0, G_OPTION_ARG_STRING, &prefix,
          "Prefix of every generated name (bench)", "S" },
        { "seed", 0, 0, G_OPTION_ARG_INT64, &o.seed, "Seed for the UUIDs (1)", "SEED" },
        { NULL, 0, 0, 0, NULL, NULL, NULL }
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("> node.xml");
    g_autoptr(GError) err = NULL;
    static char buf[1 << 16];
    uint64_t state;
    int i;

    g_option_context_set_summary(ctx, "Write a libvirt test driver node file to stdout.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, "gen-node: %s\n", err->message);
        return 2;
    }
    if (prefix)
        o.prefix = prefix;
    if (o.running < 0 || o.running > o.domains)
        o.running = o.domains;
    if (o.domains < 0 || o.domains > 99999 || o.pools < 0 || o.volumes < 0 || o.networks < 0) {
        fprintf(stderr, "gen-node: counts must be >= 0 and --domains <= 99999\n");
        return 2;
    }
    if (!*o.prefix || strlen(o.prefix) > 40 || !gen_safe_name(o.prefix)) {
        fprintf(stderr, "gen-node: --name-prefix must be 1-40 characters of [A-Za-z0-9_.-]\n");
        return 2;
    }

    setvbuf(stdout, buf, _IOFBF, sizeof(buf));
    state = (uint64_t)o.seed;
    gen_host(stdout, &o);
    for (i = 0; i < o.domains; i++)
        gen_domain(stdout, &o, &state, i);
    for (i = 0; i < o.networks; i++)
        gen_network(stdout, &o, &state, i);
    for (i = 0; i < o.pools; i++)
        gen_pool(stdout, &o, &state, i);
    fputs("</node>\n", stdout);

    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("gen-node: write");
        return 1;
    }
    return 0;
}
