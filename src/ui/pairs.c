/*
 * The colour-pair pool: a hash from (fg, bg) to a pair number, the next
 * unused number, and what each number was last set to, so that a pair
 * handed out again for the same colours needs no init_pair (which would
 * make curses repaint every cell drawn with it).
 */
#include "config.h"

#include <glib.h>

#include "ui/pairs.h"

struct tv_pairs {
    int first, limit;
    int next;           /* the next number never handed out since the last reset */
    bool ran_out;       /* this frame wanted more than the pool holds */
    GHashTable *by_key; /* key(fg, bg) -> pair */
    int *set_fg, *set_bg; /* per pair: the colours it was last given (or -2: never) */
};

static guint
key_of(int fg, int bg)
{
    /* Colours are -1..32767: shifted they fit 16 bits each. */
    return ((guint)(fg + 1) & 0xffff) << 16 | ((guint)(bg + 1) & 0xffff);
}

tv_pairs *
tv_pairs_new(int first, int limit)
{
    tv_pairs *p = g_new0(tv_pairs, 1);
    int n = MAX(limit - first, 0);
    p->first = first;
    p->limit = first + n;
    p->next = first;
    p->by_key = g_hash_table_new(g_direct_hash, g_direct_equal);
    p->set_fg = g_new(int, MAX(n, 1));
    p->set_bg = g_new(int, MAX(n, 1));
    for (int i = 0; i < n; i++)
        p->set_fg[i] = p->set_bg[i] = -2;
    return p;
}

void
tv_pairs_free(tv_pairs *p)
{
    if (!p)
        return;
    g_hash_table_destroy(p->by_key);
    g_free(p->set_fg);
    g_free(p->set_bg);
    g_free(p);
}

void
tv_pairs_frame(tv_pairs *p)
{
    if (!p->ran_out)
        return;
    g_hash_table_remove_all(p->by_key);
    p->next = p->first;
    p->ran_out = false;
}

int
tv_pairs_get(tv_pairs *p, int fg, int bg, bool *fresh)
{
    gpointer val;
    guint key = key_of(fg, bg);
    int pair, i;

    *fresh = false;
    if (g_hash_table_lookup_extended(p->by_key, GUINT_TO_POINTER(key), NULL, &val))
        return GPOINTER_TO_INT(val);
    if (p->next >= p->limit) {
        p->ran_out = true;
        return -1;
    }
    pair = p->next++;
    i = pair - p->first;
    g_hash_table_insert(p->by_key, GUINT_TO_POINTER(key), GINT_TO_POINTER(pair));
    if (p->set_fg[i] != fg || p->set_bg[i] != bg) {
        p->set_fg[i] = fg;
        p->set_bg[i] = bg;
        *fresh = true;
    }
    return pair;
}

int
tv_pairs_used(const tv_pairs *p)
{
    return p->next - p->first;
}
