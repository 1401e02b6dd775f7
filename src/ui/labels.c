/*
 * Host labels for the screen.  One entry per host, in the order of the
 * snapshot array, remembers the snapshot's own label and URI: comparing
 * them with the next snapshots is all an ordinary refresh costs.  When one
 * differs, every label is made again (uniqueness is decided across all
 * hosts) with the spans that tell labels and URIs apart.
 */
#include "config.h"

#include <string.h>

#include "model/host.h"
#include "ui/labels.h"
#include "ui/text.h"

typedef struct label_entry {
    unsigned host_id;
    char *own;   /* the snapshot's label and URI when last made */
    char *uri;
    char *label; /* unique among the hosts */
    size_t label_from, label_to;
    size_t uri_from, uri_to;
} label_entry;

struct tv_labels {
    GPtrArray *entries; /* label_entry*, parallel to the snapshots */
    GHashTable *by_id;  /* host id -> label_entry* */
};

static void
entry_free(label_entry *e)
{
    g_free(e->own);
    g_free(e->uri);
    g_free(e->label);
    g_free(e);
}

tv_labels *
tv_labels_new(void)
{
    tv_labels *l = g_new0(tv_labels, 1);
    l->entries = g_ptr_array_new_with_free_func((GDestroyNotify)entry_free);
    l->by_id = g_hash_table_new(g_direct_hash, g_direct_equal);
    return l;
}

void
tv_labels_free(tv_labels *l)
{
    if (!l)
        return;
    g_hash_table_destroy(l->by_id);
    g_ptr_array_unref(l->entries);
    g_free(l);
}

static bool
up_to_date(const tv_labels *l, GPtrArray *snaps)
{
    if (l->entries->len != snaps->len)
        return false;
    for (guint i = 0; i < snaps->len; i++) {
        const tv_host_snapshot *s = snaps->pdata[i];
        const label_entry *e = l->entries->pdata[i];
        if (e->host_id != s->host_id || g_strcmp0(e->own, s->label) != 0 ||
            g_strcmp0(e->uri, s->uri) != 0)
            return false;
    }
    return true;
}

bool
tv_labels_update(tv_labels *l, GPtrArray *hosts, GPtrArray *snaps)
{
    g_autoptr(GPtrArray) old = NULL;
    g_autofree const char **labels = NULL;
    g_autofree const char **uris = NULL;
    g_auto(GStrv) unique = NULL;
    bool changed;

    if (up_to_date(l, snaps))
        return false;
    unique = tv_host_labels_unique((const tv_host_snapshot *const *)snaps->pdata, snaps->len);
    changed = l->entries->len != snaps->len;
    old = g_steal_pointer(&l->entries);
    l->entries = g_ptr_array_new_with_free_func((GDestroyNotify)entry_free);
    labels = g_new0(const char *, snaps->len + 1);
    uris = g_new0(const char *, snaps->len + 1);
    for (guint i = 0; i < snaps->len; i++) {
        const tv_host_snapshot *s = snaps->pdata[i];
        label_entry *e = g_new0(label_entry, 1);
        const label_entry *before = g_hash_table_lookup(l->by_id, GUINT_TO_POINTER(s->host_id));
        e->host_id = s->host_id;
        e->own = g_strdup(s->label);
        e->uri = g_strdup(s->uri ? s->uri : "");
        e->label = g_steal_pointer(&unique[i]);
        if (!before || strcmp(before->label, e->label) != 0) {
            changed = true;
            /* The hosts array is the snapshots' source, in the same order. */
            if (i < hosts->len)
                tv_host_set_name(hosts->pdata[i], e->label);
        }
        labels[i] = e->label;
        uris[i] = e->uri;
        g_ptr_array_add(l->entries, e);
    }
    g_hash_table_remove_all(l->by_id);
    for (guint i = 0; i < l->entries->len; i++) {
        label_entry *e = l->entries->pdata[i];
        /* Each against all: the list itself holds e, which the span skips as equal. */
        tv_text_diff_span(e->label, labels, snaps->len, &e->label_from, &e->label_to);
        tv_text_diff_span(e->uri, uris, snaps->len, &e->uri_from, &e->uri_to);
        g_hash_table_insert(l->by_id, GUINT_TO_POINTER(e->host_id), e);
    }
    return changed;
}

static const label_entry *
lookup(const tv_labels *l, const tv_host_snapshot *s)
{
    return g_hash_table_lookup(l->by_id, GUINT_TO_POINTER(s->host_id));
}

const char *
tv_labels_get(const tv_labels *l, const tv_host_snapshot *s)
{
    const label_entry *e = lookup(l, s);
    return e ? e->label : s->label ? s->label : "?";
}

const char *
tv_labels_fit(const tv_labels *l, const tv_host_snapshot *s, int width, GString *out)
{
    const label_entry *e = lookup(l, s);
    g_string_truncate(out, 0);
    if (e)
        tv_text_fit_keep(out, e->label, width, e->label_from, e->label_to);
    else
        tv_text_fit(out, tv_labels_get(l, s), width, TV_ALIGN_LEFT);
    return out->str;
}

const char *
tv_labels_fit_uri(const tv_labels *l, const tv_host_snapshot *s, int width, GString *out)
{
    const label_entry *e = lookup(l, s);
    g_string_truncate(out, 0);
    /* The entry's URI is the one its spans were measured on; a newer one waits for update. */
    if (e && g_strcmp0(e->uri, s->uri) == 0)
        tv_text_fit_keep(out, e->uri, width, e->uri_from, e->uri_to);
    else
        tv_text_fit(out, s->uri, width, TV_ALIGN_LEFT);
    return out->str;
}

unsigned
tv_labels_find(const tv_labels *l, const char *name)
{
    for (guint i = 0; i < l->entries->len; i++) {
        const label_entry *e = l->entries->pdata[i];
        if (g_ascii_strcasecmp(e->label, name) == 0 || strcmp(e->uri, name) == 0)
            return e->host_id;
    }
    return 0;
}
