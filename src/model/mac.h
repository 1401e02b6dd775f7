/*
 * MAC addresses for new NICs: the set of MACs a host's domains already
 * use (with who uses each), and new addresses in QEMU's range
 * 52:54:00:xx:xx:xx that are not in such a set.  Pure: the set is filled
 * from parsed domain XML (model/mac-read.h reads a host's on the worker),
 * and the draws come from a GRand, so tests can seed it.
 */
#pragma once

#include <stddef.h>
#include <glib.h>

#include "model/domxml.h"

typedef struct tv_mac_set tv_mac_set;

tv_mac_set *tv_mac_set_new(void);
void tv_mac_set_free(tv_mac_set *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(tv_mac_set, tv_mac_set_free)

/* Records that owner (a domain's name, copied) has a NIC with mac; the first owner stays. */
void tv_mac_set_add(tv_mac_set *s, const char *mac, const char *owner);
/* Records every NIC of a domain's parsed XML, owned by its name. */
void tv_mac_set_add_domain(tv_mac_set *s, const tv_domain_details *d);
/* Who has mac (compared without case), or NULL; s may be NULL. */
const char *tv_mac_set_owner(const tv_mac_set *s, const char *mac);
size_t tv_mac_set_count(const tv_mac_set *s);

/*
 * A new address 52:54:00:xx:xx:xx (lowercase, unicast, locally
 * administered as QEMU's are) that s does not hold (s may be NULL), drawn
 * from rand.  Caller frees.
 */
char *tv_mac_generate(const tv_mac_set *s, GRand *rand);

/*
 * The same from a GRand seeded by the hash of seed: a default that stays
 * put while seed does (a form recomputes its defaults as the user types).
 */
char *tv_mac_generate_seeded(const tv_mac_set *s, const char *seed);
