/*
 * MAC sets and new MACs.  A set maps each address, lowercased, to the
 * first domain seen with it.  New addresses take three random bytes after
 * QEMU's 52:54:00 prefix and are drawn again while the set holds them;
 * with 16.7 million to pick from, a host would need millions of NICs
 * before a draw had to repeat more than a few times.
 */
#include "config.h"

#include <string.h>

#include "model/mac.h"

struct tv_mac_set {
    GHashTable *owners; /* lowercase MAC -> owner's name (both owned) */
};

tv_mac_set *
tv_mac_set_new(void)
{
    tv_mac_set *s = g_new0(tv_mac_set, 1);
    s->owners = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return s;
}

void
tv_mac_set_free(tv_mac_set *s)
{
    if (!s)
        return;
    g_hash_table_unref(s->owners);
    g_free(s);
}

void
tv_mac_set_add(tv_mac_set *s, const char *mac, const char *owner)
{
    char *key;
    if (!mac)
        return;
    key = g_ascii_strdown(mac, -1);
    if (g_hash_table_contains(s->owners, key)) {
        g_free(key);
        return;
    }
    g_hash_table_insert(s->owners, key, g_strdup(owner ? owner : ""));
}

void
tv_mac_set_add_domain(tv_mac_set *s, const tv_domain_details *d)
{
    for (guint i = 0; d && d->nics && i < d->nics->len; i++)
        tv_mac_set_add(s, g_array_index(d->nics, tv_nic_info, i).mac, d->name);
}

const char *
tv_mac_set_owner(const tv_mac_set *s, const char *mac)
{
    g_autofree char *key = NULL;
    if (!s || !mac)
        return NULL;
    key = g_ascii_strdown(mac, -1);
    return g_hash_table_lookup(s->owners, key);
}

size_t
tv_mac_set_count(const tv_mac_set *s)
{
    return s ? g_hash_table_size(s->owners) : 0;
}

char *
tv_mac_generate(const tv_mac_set *s, GRand *rand)
{
    for (;;) {
        guint32 r = g_rand_int(rand);
        char *mac = g_strdup_printf("52:54:00:%02x:%02x:%02x", (r >> 16) & 0xff, (r >> 8) & 0xff,
                                    r & 0xff);
        if (!tv_mac_set_owner(s, mac))
            return mac;
        g_free(mac);
    }
}

char *
tv_mac_generate_seeded(const tv_mac_set *s, const char *seed)
{
    GRand *rand = g_rand_new_with_seed(g_str_hash(seed ? seed : ""));
    char *mac = tv_mac_generate(s, rand);
    g_rand_free(rand);
    return mac;
}
