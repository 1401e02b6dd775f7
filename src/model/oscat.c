/*
 * libosinfo's database read into a plain catalog.  Loading takes a few
 * hundred milliseconds of XML parsing, so it runs on its own thread and
 * the catalog is published once, whole; readers never see GObjects.  The
 * rules that turn libosinfo's data into flags (which device ids mean
 * virtio, how a recommended value falls back to twice the minimum, when a
 * release counts as end of life) are virt-install's, so tvirt's defaults
 * match the tool operators compare it with.  The database object is kept
 * (under a lock) only to identify install media.
 */
#include "config.h"

#include <string.h>
#include <osinfo/osinfo.h>

#include "model/messages.h"
#include "model/oscat.h"
#include "util/sanitizer.h"

static GMutex lock;
static GCond loaded_cond;
static GThread *loader_thread;
static bool loading;
static tv_os_catalog *catalog; /* set once, under lock */
static char *load_error;
static OsinfoLoader *loader; /* its database identifies media; used under lock */

/* libosinfo device ids that stand for each capability (virt-install's lists). */
static const struct {
    const char *id;
    unsigned flag;
} device_ids[] = {
    {"http://pcisig.com/pci/1af4/1001", TV_OS_VIRTIO_BLK},
    {"http://pcisig.com/pci/1af4/1042", TV_OS_VIRTIO_BLK},
    {"http://pcisig.com/pci/1af4/1004", TV_OS_VIRTIO_SCSI},
    {"http://pcisig.com/pci/1af4/1048", TV_OS_VIRTIO_SCSI},
    {"http://pcisig.com/pci/1af4/1000", TV_OS_VIRTIO_NET},
    {"http://pcisig.com/pci/1af4/1041", TV_OS_VIRTIO_NET | TV_OS_VIRTIO1},
    {"http://pcisig.com/pci/1af4/1005", TV_OS_VIRTIO_RNG},
    {"http://pcisig.com/pci/1af4/1044", TV_OS_VIRTIO_RNG},
    {"http://pcisig.com/pci/1af4/1002", TV_OS_VIRTIO_BALLOON},
    {"http://pcisig.com/pci/1af4/1045", TV_OS_VIRTIO_BALLOON},
    {"http://pcisig.com/pci/1af4/1003", TV_OS_VIRTIO_SERIAL},
    {"http://pcisig.com/pci/1af4/1043", TV_OS_VIRTIO_SERIAL},
    {"http://pcisig.com/pci/1af4/1052", TV_OS_VIRTIO_INPUT},
    {"http://pcisig.com/pci/1af4/1050", TV_OS_VIRTIO_GPU},
    {"http://pcisig.com/pci/1b36/0004", TV_OS_USB3},
    {"http://pcisig.com/pci/8086/10d3", TV_OS_E1000E},
    {"http://qemu.org/chipset/x86/q35", TV_OS_Q35},
};

static unsigned
os_devices(OsinfoOs *os)
{
    g_autoptr(OsinfoDeviceList) list = osinfo_os_get_all_devices(os, NULL);
    unsigned flags = 0;
    for (int i = 0; i < osinfo_list_get_length(OSINFO_LIST(list)); i++) {
        OsinfoEntity *dev = osinfo_list_get_nth(OSINFO_LIST(list), i);
        const char *id = osinfo_entity_get_id(dev);
        for (size_t k = 0; k < G_N_ELEMENTS(device_ids); k++) {
            if (strcmp(id, device_ids[k].id) == 0)
                flags |= device_ids[k].flag;
        }
    }
    return flags;
}

/* One resource of a list for x86_64, else for "all"; -1 when neither has it. */
static gint64
resource(OsinfoResourcesList *list, gint64 (*get)(OsinfoResources *))
{
    static const char *const arches[] = {"x86_64", "all"};
    for (size_t a = 0; a < G_N_ELEMENTS(arches); a++) {
        for (int i = 0; i < osinfo_list_get_length(OSINFO_LIST(list)); i++) {
            OsinfoResources *r = OSINFO_RESOURCES(osinfo_list_get_nth(OSINFO_LIST(list), i));
            if (g_strcmp0(osinfo_resources_get_architecture(r), arches[a]) == 0) {
                gint64 v = get(r);
                if (v != -1)
                    return v;
            }
        }
    }
    return -1;
}

static gint64
get_ram(OsinfoResources *r)
{
    return osinfo_resources_get_ram(r);
}

static gint64
get_storage(OsinfoResources *r)
{
    return osinfo_resources_get_storage(r);
}

static gint64
get_cpus(OsinfoResources *r)
{
    return osinfo_resources_get_n_cpus(r);
}

/* The recommended value, or twice the minimum when only that is known; 0 when neither. */
static gint64
recommended(OsinfoOs *os, gint64 (*get)(OsinfoResources *))
{
    g_autoptr(OsinfoResourcesList) rec = osinfo_os_get_recommended_resources(os);
    g_autoptr(OsinfoResourcesList) min = osinfo_os_get_minimum_resources(os);
    gint64 v = resource(rec, get);
    if (v > 0)
        return v;
    v = resource(min, get);
    return v > 0 ? v * 2 : 0;
}

static gint64
minimum(OsinfoOs *os, gint64 (*get)(OsinfoResources *))
{
    g_autoptr(OsinfoResourcesList) min = osinfo_os_get_minimum_resources(os);
    gint64 v = resource(min, get);
    return v > 0 ? v : 0;
}

/* Whether the OS supports a firmware type on x86_64: the first entry that says, else dflt. */
static bool
supports_firmware(OsinfoOs *os, const char *type, bool dflt)
{
    g_autoptr(OsinfoFirmwareList) list = osinfo_os_get_complete_firmware_list(os, NULL);
    for (int i = 0; i < osinfo_list_get_length(OSINFO_LIST(list)); i++) {
        OsinfoFirmware *fw = OSINFO_FIRMWARE(osinfo_list_get_nth(OSINFO_LIST(list), i));
        if (g_strcmp0(osinfo_firmware_get_architecture(fw), "x86_64") != 0)
            continue;
        if (g_strcmp0(osinfo_firmware_get_firmware_type(fw), type) == 0)
            return osinfo_firmware_is_supported(fw);
    }
    return dflt;
}

/* End of life: past its EOL date; without one, released over ten years ago, unless rolling. */
static bool
is_eol(OsinfoOs *os, const GDate *today)
{
    g_autoptr(GDate) eol = osinfo_product_get_eol_date(OSINFO_PRODUCT(os));
    if (eol)
        return g_date_compare(today, eol) > 0;
    const char *status = osinfo_entity_get_param_value(OSINFO_ENTITY(os), "release-status");
    if (g_strcmp0(status, "rolling") == 0)
        return false;
    g_autoptr(GDate) rel = osinfo_product_get_release_date(OSINFO_PRODUCT(os));
    if (!rel)
        return false;
    g_date_add_days(rel, 365 * 10);
    return g_date_compare(today, rel) > 0;
}

static void
variant_from_os(tv_os_variant *v, OsinfoOs *os, const GDate *today)
{
    OsinfoProduct *p = OSINFO_PRODUCT(os);
    v->short_id = g_strdup(osinfo_product_get_short_id(p));
    v->id = g_strdup(osinfo_entity_get_id(OSINFO_ENTITY(os)));
    v->name = g_strdup(osinfo_product_get_name(p));
    v->vendor = g_strdup(osinfo_product_get_vendor(p));
    v->family = g_strdup(osinfo_os_get_family(os));
    v->release_date = g_strdup(osinfo_product_get_release_date_string(p));
    v->eol = is_eol(os, today);
    v->os = os; /* the database lives as long as the catalog */
}

/* Reads a variant's needs from libosinfo: one at a time, libosinfo is not thread-safe. */
static GMutex needs_lock;

const tv_os_needs *
tv_oscat_needs(const tv_os_variant *cv)
{
    static const tv_os_needs none;
    tv_os_variant *v = (tv_os_variant *)cv; /* filled once, then read-only */
    tv_os_needs *n = g_atomic_pointer_get(&v->needs);
    if (n)
        return n;
    if (!v->os)
        return &none; /* generic */
    g_mutex_lock(&needs_lock);
    if (!(n = v->needs)) {
        OsinfoOs *os = v->os;
        n = g_new0(tv_os_needs, 1);
        n->min_ram = (guint64)minimum(os, get_ram);
        n->rec_ram = (guint64)recommended(os, get_ram);
        n->rec_storage = (guint64)recommended(os, get_storage);
        n->rec_cpus = (int)recommended(os, get_cpus);
        n->devices = os_devices(os);
        n->requires_efi =
            supports_firmware(os, "efi", false) && !supports_firmware(os, "bios", true);
        g_atomic_pointer_set(&v->needs, n);
    }
    g_mutex_unlock(&needs_lock);
    return n;
}

static void
variant_clear(tv_os_variant *v)
{
    g_free(v->short_id);
    g_free(v->id);
    g_free(v->name);
    g_free(v->vendor);
    g_free(v->family);
    g_free(v->release_date);
    g_free(v->needs);
}

static int
by_short_id(const void *a, const void *b)
{
    return strcmp(((const tv_os_variant *)a)->short_id, ((const tv_os_variant *)b)->short_id);
}

static tv_os_catalog *
catalog_from_db(OsinfoDb *db)
{
    g_autoptr(OsinfoOsList) oses = osinfo_db_get_os_list(db);
    int n = osinfo_list_get_length(OSINFO_LIST(oses));
    tv_os_catalog *c = g_new0(tv_os_catalog, 1);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    GDate today;
    g_date_clear(&today, 1);
    g_date_set_dmy(&today, (GDateDay)g_date_time_get_day_of_month(now),
                   (GDateMonth)g_date_time_get_month(now), (GDateYear)g_date_time_get_year(now));

    c->variants = g_new0(tv_os_variant, (size_t)n + 1);
    for (int i = 0; i < n; i++) {
        OsinfoOs *os = OSINFO_OS(osinfo_list_get_nth(OSINFO_LIST(oses), i));
        if (!osinfo_product_get_short_id(OSINFO_PRODUCT(os)))
            continue;
        variant_from_os(&c->variants[c->n++], os, &today);
    }
    /* virt-install's own entry for an OS the database does not know. */
    tv_os_variant *g = &c->variants[c->n++];
    g->short_id = g_strdup("generic");
    g->name = g_strdup("Generic or unknown OS (not recommended)");
    qsort(c->variants, c->n, sizeof *c->variants, by_short_id);
    c->by_id = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < c->n; i++)
        g_hash_table_insert(c->by_id, c->variants[i].short_id, &c->variants[i]);
    return c;
}

static gpointer
load_main(gpointer unused)
{
    (void)unused;
    g_autoptr(GError) err = NULL;
    OsinfoLoader *l = osinfo_loader_new();
    /* libosinfo 1.10 loses a few small allocations while parsing. */
    TV_LIBRARY_LEAKS_BEGIN();
    osinfo_loader_process_default_path(l, &err);
    TV_LIBRARY_LEAKS_END();
    tv_os_catalog *c = NULL;
    if (!err)
        c = catalog_from_db(osinfo_loader_get_db(l));

    g_mutex_lock(&lock);
    if (c) {
        catalog = c;
        loader = l;
    } else {
        load_error = g_strdup_printf("cannot read the OS database (libosinfo): %s",
                                     err->message);
        g_object_unref(l);
    }
    loading = false;
    g_cond_broadcast(&loaded_cond);
    g_mutex_unlock(&lock);
    tv_notify_wake(); /* a form waiting for it checks its fields again */
    return NULL;
}

void
tv_oscat_load(void)
{
    g_mutex_lock(&lock);
    if (!loader_thread) {
        loading = true;
        loader_thread = g_thread_new("tvirt-osinfo", load_main, NULL);
    }
    g_mutex_unlock(&lock);
}

const tv_os_catalog *
tv_oscat_ready(void)
{
    g_mutex_lock(&lock);
    const tv_os_catalog *c = catalog;
    g_mutex_unlock(&lock);
    return c;
}

const tv_os_catalog *
tv_oscat_wait(void)
{
    tv_oscat_load();
    g_mutex_lock(&lock);
    while (loading)
        g_cond_wait(&loaded_cond, &lock);
    const tv_os_catalog *c = catalog;
    g_mutex_unlock(&lock);
    return c;
}

const char *
tv_oscat_error(void)
{
    g_mutex_lock(&lock);
    const char *e = load_error;
    g_mutex_unlock(&lock);
    return e;
}

void
tv_oscat_shutdown(void)
{
    g_mutex_lock(&lock);
    GThread *t = g_steal_pointer(&loader_thread);
    g_mutex_unlock(&lock);
    if (t)
        g_thread_join(t);
    g_mutex_lock(&lock);
    if (catalog) {
        for (size_t i = 0; i < catalog->n; i++)
            variant_clear(&catalog->variants[i]);
        g_free(catalog->variants);
        g_hash_table_unref(catalog->by_id);
        g_clear_pointer(&catalog, g_free);
    }
    g_clear_object(&loader);
    g_clear_pointer(&load_error, g_free);
    g_mutex_unlock(&lock);
}

const tv_os_variant *
tv_oscat_find(const tv_os_catalog *c, const char *short_id)
{
    return c && short_id ? g_hash_table_lookup(c->by_id, short_id) : NULL;
}

static size_t
edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    g_autofree size_t *row = g_new(size_t, lb + 1);
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] == b[j - 1] ? 0 : 1);
            best = MIN(best, up + 1);
            best = MIN(best, row[j - 1] + 1);
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* Newest release first; variants without a date after dated ones. */
static int
newest_first(const tv_os_variant *a, const tv_os_variant *b)
{
    if (!a->release_date || !b->release_date)
        return (a->release_date == NULL) - (b->release_date == NULL);
    return -strcmp(a->release_date, b->release_date);
}

typedef struct {
    const tv_os_variant *v;
    size_t distance;
} scored;

static int
by_distance(const void *pa, const void *pb)
{
    const scored *a = pa, *b = pb;
    if (a->distance != b->distance)
        return a->distance < b->distance ? -1 : 1;
    int n = newest_first(a->v, b->v);
    return n ? n : strcmp(a->v->short_id, b->v->short_id);
}

GPtrArray *
tv_oscat_suggest(const tv_os_catalog *c, const char *unknown, size_t max)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    if (!c || !unknown)
        return out;
    g_autofree char *folded = g_ascii_strdown(unknown, -1);
    g_autofree scored *all = g_new(scored, c->n);
    for (size_t i = 0; i < c->n; i++) {
        all[i].v = &c->variants[i];
        all[i].distance = edit_distance(folded, c->variants[i].short_id);
    }
    qsort(all, c->n, sizeof *all, by_distance);
    /* Only ids within a few edits: past that a "suggestion" is noise. */
    size_t limit = MAX(2, strlen(folded) / 3);
    for (size_t i = 0; i < c->n && out->len < max && all[i].distance <= limit; i++)
        g_ptr_array_add(out, g_strdup(all[i].v->short_id));
    return out;
}

static bool
matches_all(const tv_os_variant *v, char *const *words)
{
    g_autofree char *name = v->name ? g_utf8_casefold(v->name, -1) : g_strdup("");
    for (size_t i = 0; words[i]; i++) {
        if (!*words[i])
            continue;
        if (!strstr(v->short_id, words[i]) && !strstr(name, words[i]))
            return false;
    }
    return true;
}

static int
search_order(gconstpointer pa, gconstpointer pb)
{
    const tv_os_variant *a = *(const tv_os_variant *const *)pa;
    const tv_os_variant *b = *(const tv_os_variant *const *)pb;
    if (a->eol != b->eol)
        return a->eol ? 1 : -1;
    int n = newest_first(a, b);
    return n ? n : strcmp(a->short_id, b->short_id);
}

GPtrArray *
tv_oscat_search(const tv_os_catalog *c, const char *query)
{
    GPtrArray *out = g_ptr_array_new();
    if (!c)
        return out;
    g_autofree char *folded = g_utf8_casefold(query ? query : "", -1);
    g_auto(GStrv) words = g_strsplit_set(folded, " \t", -1);
    for (size_t i = 0; i < c->n; i++) {
        if (matches_all(&c->variants[i], words))
            g_ptr_array_add(out, &c->variants[i]);
    }
    g_ptr_array_sort(out, search_order);
    return out;
}

char *
tv_oscat_detect(const char *iso_path, char **error)
{
    if (!tv_oscat_wait()) {
        *error = g_strdup(tv_oscat_error());
        return NULL;
    }
    g_autoptr(GError) err = NULL;
    /* libosinfo 1.10 loses a copy of the path when it opens media. */
    TV_LIBRARY_LEAKS_BEGIN();
    g_autoptr(OsinfoMedia) media = osinfo_media_create_from_location(iso_path, NULL, &err);
    TV_LIBRARY_LEAKS_END();
    if (!media) {
        *error = g_strdup_printf("cannot read install media %s: %s", iso_path, err->message);
        return NULL;
    }
    g_mutex_lock(&lock);
    bool known = osinfo_db_identify_media(osinfo_loader_get_db(loader), media);
    g_mutex_unlock(&lock);
    OsinfoOs *os = known ? osinfo_media_get_os(media) : NULL;
    if (!os) {
        *error = g_strdup_printf("the OS database does not know the media %s", iso_path);
        return NULL;
    }
    char *id = g_strdup(osinfo_product_get_short_id(OSINFO_PRODUCT(os)));
    g_object_unref(os);
    return id;
}
