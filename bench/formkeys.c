/*
 * formkeys: the CPU a keystroke in the create-VM wizard costs, for bench/run.sh (goal E).  It
 * builds the domain-create form over a host like a busy lab host (the lab's QEMU 7.2
 * capabilities from tests/data/caps, 2 pools of 200 volumes, 4 networks, 1000 domains), waits
 * for libosinfo's catalog, then plays a script of keys a user would type: a name, Tab between
 * fields, choices cycled with Space, paths, an OS id typed and one picked from the F4 list,
 * Backspace, PgDn from page to page and on to the review page, scrolling it, back and forth.
 * Each key is timed alone with the process CPU clock; a batch is one run of the script on a
 * fresh form.  The key that lands on the review page (its text is built then) is also
 * reported on its own.  Results are key=value lines on stdout, times in microseconds.
 *
 *   formkeys [--batches N] [--caps DIR]
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "actions/action.h"
#include "model/hostcaps.h"
#include "model/oscat.h"
#include "model/snapshot.h"
#include "ui/form.h"

#define FK_DOMAINS 1000
#define FK_POOLS 2
#define FK_VOLUMES 200
#define FK_NETWORKS 4

/* Keys the form knows by control code (form.c). */
#define FK_CTRL_N 14
#define FK_CTRL_O 15
#define FK_CTRL_U 21 /* the line editor's kill line */

/* One key of the script: a character, or a curses KEY_* code. */
typedef struct {
    int ch;
    bool is_char;
} fk_key;

static double
fk_cpu_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static double
fk_wall_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static char *
fk_load(const char *dir, const char *name)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    g_autoptr(GError) err = NULL;
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, &err)) {
        fprintf(stderr, "formkeys: %s\n", err->message);
        exit(2);
    }
    return text;
}

/* The host: what a connected lab host's snapshot holds once a create form asked for it. */
static tv_host_snapshot *
fk_host(const char *capsdir)
{
    static const char *const names[] = { "qemu-domcaps-kvm-q35.xml", "qemu-domcaps-kvm-pc.xml",
                                         "qemu-domcaps-qemu-q35.xml",
                                         "qemu-domcaps-qemu-pc.xml" };
    static const char *const pools[FK_POOLS] = { "default", "images" };
    tv_host_snapshot *s = g_new0(tv_host_snapshot, 1);
    g_autofree char *caps = fk_load(capsdir, "qemu-caps.xml");
    char *dom[G_N_ELEMENTS(names)];

    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        dom[i] = fk_load(capsdir, names[i]);
    s->caps = tv_host_caps_parse(caps, (const char *const *)dom, G_N_ELEMENTS(dom), NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        g_free(dom[i]);
    if (!s->caps) {
        fprintf(stderr, "formkeys: the capabilities in %s do not parse\n", capsdir);
        exit(2);
    }
    s->uri = g_strdup("qemu+tcp://10.77.0.1/system");
    s->label = g_strdup("hosta");
    s->state = TV_HOST_CONNECTED;
    s->has_node = true;
    s->cpus = 16;
    s->mem_total_kib = 64ULL * 1024 * 1024;

    s->networks = tv_network_list_new(FK_NETWORKS);
    for (size_t i = 0; i < FK_NETWORKS; i++) {
        tv_network *n = &s->networks->networks[i];
        n->name = i ? g_strdup_printf("net%zu", i) : g_strdup("default");
        n->forward_mode = g_strdup("nat");
        n->bridge = g_strdup_printf("virbr%zu", i);
        n->active = true;
        n->persistent = true;
    }

    s->storage = tv_pool_list_new(FK_POOLS);
    s->storage->has_users = true;
    for (size_t i = 0; i < FK_POOLS; i++) {
        tv_pool *p = &s->storage->pools[i];
        p->name = g_strdup(pools[i]);
        p->type = g_strdup("dir");
        p->target_path = g_strdup_printf("/var/lib/libvirt/%s", pools[i]);
        p->active = true;
        p->persistent = true;
        p->capacity = 2ULL << 40;
        p->available = 1ULL << 40;
        p->n_volumes = FK_VOLUMES;
        p->volumes = g_new0(tv_volume, FK_VOLUMES);
        for (size_t k = 0; k < FK_VOLUMES; k++) {
            tv_volume *v = &p->volumes[k];
            v->name = g_strdup_printf("vm-%04zu.qcow2", i * FK_VOLUMES + k);
            v->path = g_strdup_printf("%s/%s", p->target_path, v->name);
            v->type = g_strdup("file");
            v->capacity = 20ULL << 30;
            v->allocation = 4ULL << 30;
            v->used_by = g_new0(char *, 2);
            v->used_by[0] = g_strdup_printf("vm-%04zu", i * FK_VOLUMES + k);
        }
    }

    s->n_domains = FK_DOMAINS;
    s->domains = g_new0(tv_domain, FK_DOMAINS);
    for (size_t i = 0; i < FK_DOMAINS; i++) {
        tv_domain *d = &s->domains[i];
        d->name = g_strdup_printf("vm-%04zu", i);
        d->id = i % 3 ? (int)i + 1 : -1;
        d->state = i % 3 ? TV_DOM_RUNNING : TV_DOM_SHUTOFF;
        d->persistent = true;
        d->vcpus = 2;
        d->mem_kib = d->max_mem_kib = 2 * 1024 * 1024;
        g_snprintf(d->uuid_str, sizeof(d->uuid_str), "00000000-0000-4000-8000-%012zx", i);
    }
    return s;
}

/* Frees what fk_host made (the snapshot's own unref expects shared names). */
static void
fk_host_free(tv_host_snapshot *s)
{
    for (size_t i = 0; i < s->n_domains; i++)
        g_free(s->domains[i].name);
    g_free(s->domains);
    tv_host_caps_unref(s->caps);
    tv_network_list_unref(s->networks);
    tv_pool_list_unref(s->storage);
    g_free(s->uri);
    g_free(s->label);
    g_free(s);
}

static void
fk_text(GArray *keys, const char *text)
{
    for (const char *p = text; *p; p++)
        g_array_append_val(keys, ((fk_key){ .ch = (unsigned char)*p, .is_char = true }));
}

static void
fk_special(GArray *keys, int code, int times)
{
    for (int i = 0; i < times; i++)
        g_array_append_val(keys, ((fk_key){ .ch = code, .is_char = false }));
}

static void
fk_char(GArray *keys, int ch, int times)
{
    for (int i = 0; i < times; i++)
        g_array_append_val(keys, ((fk_key){ .ch = ch, .is_char = true }));
}

/*
 * The script, 255 keys.  Fields in page order: name, install (iso, import, pxe, kernel, ...),
 * kernel, initrd, cmdline | os, virt_type, machine, vcpus, maxvcpus, ... | memory, maxmemory,
 * firmware | disk.source, disk.pool, disk.size, ... | nic.type, nic.source, ... | review.
 * Fields start out holding their default, so a user clears one (Ctrl+U) before typing.
 */
static GArray *
fk_script(void)
{
    GArray *k = g_array_new(FALSE, FALSE, sizeof(fk_key));

    /* Page 1: a name with a typo fixed, install=kernel, the kernel's files and command line. */
    fk_text(k, "web-frontned");
    fk_special(k, KEY_BACKSPACE, 3);
    fk_text(k, "end-01");
    fk_char(k, '\t', 1);
    fk_char(k, ' ', 3);
    fk_char(k, '\t', 1);
    fk_text(k, "/var/lib/libvirt/boot/vmlinuz-6.1.0-13-amd64");
    fk_char(k, '\t', 1);
    fk_text(k, "/var/lib/libvirt/boot/initrd.img-6.1.0-13-amd64");
    fk_char(k, '\t', 1);
    fk_text(k, "console=ttyS0 quiet splash");
    fk_special(k, KEY_BACKSPACE, 7);
    fk_special(k, KEY_NPAGE, 1);
    /* Page 2: an OS typed over "generic" (a near miss first), then one picked from F4. */
    fk_char(k, FK_CTRL_U, 1);
    fk_text(k, "debain11");
    fk_special(k, KEY_BACKSPACE, 6);
    fk_text(k, "bian11");
    fk_char(k, FK_CTRL_U, 1);
    fk_char(k, FK_CTRL_O, 1);
    fk_text(k, "debian1");
    fk_special(k, KEY_DOWN, 2);
    fk_special(k, KEY_UP, 2);
    fk_text(k, "1");
    fk_char(k, '\n', 1);
    fk_char(k, '\t', 1);
    fk_char(k, ' ', 1);
    fk_char(k, '\t', 2);
    fk_char(k, FK_CTRL_U, 1);
    fk_text(k, "4");
    fk_char(k, '\t', 1);
    fk_char(k, FK_CTRL_U, 1);
    fk_text(k, "8");
    fk_special(k, KEY_UP, 3);
    fk_special(k, KEY_NPAGE, 1);
    /* Page 3: memory, then back a page and forward again. */
    fk_char(k, FK_CTRL_U, 1);
    fk_text(k, "4G");
    fk_special(k, KEY_BACKSPACE, 1);
    fk_text(k, "096M");
    fk_char(k, '\t', 2);
    fk_special(k, KEY_PPAGE, 1);
    fk_special(k, KEY_NPAGE, 2);
    /* Page 4, the boot disk: through its fields, a pool picked from F4, a size. */
    fk_char(k, '\t', 1);
    fk_char(k, FK_CTRL_U, 1);
    fk_char(k, FK_CTRL_O, 1);
    fk_text(k, "ima");
    fk_char(k, '\n', 1);
    fk_char(k, '\t', 1);
    fk_char(k, FK_CTRL_U, 1);
    fk_text(k, "40G");
    fk_char(k, '\t', 3);
    fk_special(k, KEY_NPAGE, 1);
    /* Page 5, the NIC and display: a network typed (its F4 list is empty), a choice cycled. */
    fk_char(k, '\t', 1);
    fk_char(k, FK_CTRL_U, 1);
    fk_text(k, "net2");
    fk_special(k, KEY_BACKSPACE, 1);
    fk_text(k, "3");
    fk_char(k, '\t', 3);
    fk_char(k, ' ', 2);
    fk_special(k, KEY_NPAGE, 1);
    /* The review: scrolled, back to page 5 and on to it again. */
    fk_special(k, KEY_DOWN, 5);
    fk_special(k, KEY_NPAGE, 2);
    fk_special(k, KEY_LEFT, 1);
    fk_special(k, KEY_NPAGE, 1);
    fk_special(k, KEY_HOME, 1);
    return k;
}

static int
fk_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static double
fk_median(GArray *a)
{
    double *v = (double *)a->data;

    if (!a->len)
        return -1;
    qsort(v, a->len, sizeof(double), fk_cmp);
    return a->len % 2 ? v[a->len / 2] : (v[a->len / 2 - 1] + v[a->len / 2]) / 2;
}

static double
fk_max(GArray *a)
{
    double m = -1;

    for (guint i = 0; i < a->len; i++)
        m = MAX(m, g_array_index(a, double, i));
    return m;
}

/* The p-th percentile (0-100) of a, sorting it. */
static double
fk_percentile(GArray *a, double p)
{
    if (!a->len)
        return -1;
    qsort(a->data, a->len, sizeof(double), fk_cmp);
    return g_array_index(a, double, (guint)((double)(a->len - 1) * p / 100.0 + 0.5));
}

int
main(int argc, char **argv)
{
    const char *capsdir = TV_BENCH_CAPSDIR;
    int batches = 20;
    const tv_action *a = tv_action_find("domain-create");
    double t0, c0;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--batches") && i + 1 < argc) {
            batches = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "--caps") && i + 1 < argc) {
            capsdir = argv[++i];
        } else {
            fprintf(stderr, "usage: formkeys [--batches N] [--caps DIR]\n");
            return 2;
        }
    }
    if (batches < 1 || !a) {
        fprintf(stderr, "formkeys: %s\n", a ? "--batches must be at least 1"
                                            : "no domain-create action");
        return 2;
    }

    g_autoptr(GArray) script = fk_script();
    tv_host_snapshot *snap = fk_host(capsdir);
    /* The catalog, as the form would find it once loaded; its cost is reported, not counted. */
    t0 = fk_wall_us();
    c0 = fk_cpu_us();
    if (!tv_oscat_wait()) {
        fprintf(stderr, "formkeys: libosinfo's database: %s\n",
                tv_oscat_error() ? tv_oscat_error() : "not loaded");
        return 1;
    }
    printf("oscat_wall_ms=%.1f\n", (fk_wall_us() - t0) / 1e3);
    printf("oscat_cpu_ms=%.1f\n", (fk_cpu_us() - c0) / 1e3);

    g_autoptr(GArray) all = g_array_new(FALSE, FALSE, sizeof(double));
    g_autoptr(GArray) batch_mean = g_array_new(FALSE, FALSE, sizeof(double));
    g_autoptr(GArray) review = g_array_new(FALSE, FALSE, sizeof(double));
    g_autoptr(GArray) opened = g_array_new(FALSE, FALSE, sizeof(double));
    int reviews_per_batch = -1;
    /* FORMKEYS_TRACE=1: each key of the first batch and where it left the form, on stderr. */
    bool trace = g_strcmp0(g_getenv("FORMKEYS_TRACE"), "1") == 0;

    for (int b = 0; b < batches; b++) {
        double sum = 0, c = fk_cpu_us();
        tv_form *f = tv_form_new(a, 1, NULL, NULL, NULL, snap);
        int reviews = 0;
        double x = fk_cpu_us() - c;

        g_array_append_val(opened, x);
        for (guint i = 0; i < script->len; i++) {
            const fk_key *k = &g_array_index(script, fk_key, i);
            bool was_review = tv_form_on_review(f);
            double before = fk_cpu_us(), used;

            tv_form_key_press(f, snap, k->ch, k->is_char);
            used = fk_cpu_us() - before;
            g_array_append_val(all, used);
            if (trace && b == 0) {
                const tv_param *p = tv_form_field_param(f, f->focus);
                fprintf(stderr, "%3u %s %-4d page %d %s = '%s'%s%s%s\n", i,
                        k->is_char ? "chr" : "key", k->ch, f->page + 1, p ? p->name : "-",
                        f->edit.text->str, f->pick ? " (list open)" : "",
                        f->problems->len ? "; " : "",
                        f->problems->len ? (char *)f->problems->pdata[0] : "");
            }
            sum += used;
            if (!was_review && tv_form_on_review(f)) {
                g_array_append_val(review, used);
                reviews++;
            }
        }
        x = sum / script->len;
        g_array_append_val(batch_mean, x);
        /* The script must have worked its way through every page, or it measured too little. */
        if (reviews < 2 || !f->review || f->problems->len) {
            fprintf(stderr, "formkeys: the key script reached the review page %d times (want 2) "
                    "and ended on page %d of %d with %u problem(s)%s%s\n", reviews,
                    f->page + 1, f->n_pages, f->problems->len, f->problems->len ? ": " : "",
                    f->problems->len ? (char *)f->problems->pdata[0] : "");
            return 1;
        }
        reviews_per_batch = reviews;
        tv_form_free(f);
    }

    printf("batches=%d\n", batches);
    printf("keys_per_batch=%u\n", script->len);
    printf("keys=%u\n", all->len);
    printf("domains=%d pools=%d volumes_per_pool=%d networks=%d\n", FK_DOMAINS, FK_POOLS,
           FK_VOLUMES, FK_NETWORKS);
    printf("os_variants=%zu\n", tv_oscat_ready()->n);
    /* A batch's mean CPU per key; the goal is on the median of these. */
    printf("key_cpu_us_median=%.1f\n", fk_median(batch_mean));
    printf("key_cpu_us_max_batch=%.1f\n", fk_max(batch_mean));
    /* Single keys, every batch together. */
    printf("key_cpu_us_p50=%.1f\n", fk_percentile(all, 50));
    printf("key_cpu_us_p99=%.1f\n", fk_percentile(all, 99));
    printf("key_cpu_us_max=%.1f\n", fk_max(all));
    printf("reviews_per_batch=%d\n", reviews_per_batch);
    printf("review_cpu_us_median=%.1f\n", fk_median(review));
    printf("review_cpu_us_max=%.1f\n", fk_max(review));
    printf("form_new_cpu_us_median=%.1f\n", fk_median(opened));

    fk_host_free(snap);
    tv_oscat_shutdown();
    return 0;
}
