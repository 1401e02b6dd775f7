/*
 * What the NIC actions share, and what the create wizard reuses for its
 * first NIC: the NIC schema (domain-attach-nic's parameters without live
 * and config), the live/config pair of device actions, and the checks
 * the worker makes again right before it touches the domain (the
 * snapshot knows one domain's NICs at most, and no host interfaces).
 * Only src/actions includes this (it pulls in libvirt).
 */
#pragma once

#include <libvirt/libvirt.h>

#include "actions/param.h"
#include "model/nicxml.h"
#include "model/snapshot.h"

/*
 * The NIC schema as a parameter group, for the create wizard's nic.*:
 * domain-attach-nic's fields type, source, mode, model, mac and link (live
 * and config left out), type gaining a "none" choice that hides the rest.
 * Validators and visibility read the other fields by their unprefixed names
 * and work without a target domain or its details.  The wizard's table
 * holds { .name = "nic", .kind = TV_PARAM_GROUP, .group = &tv_nic_group }.
 */
extern const tv_param_group tv_nic_group;

/*
 * Fills spec from checked values of the schema whose names carry prefix
 * ("" here, "nic." in the wizard).  The strings belong to v.
 */
void tv_nic_spec_from_values(const tv_param_values *v, const char *prefix, tv_nic_spec *spec);

/*
 * live and config as virsh decides them: live when the domain runs,
 * config when it is persistent; a change the domain cannot take is
 * refused with why, and so is a change to neither.
 */
char *tv_nic_default_live(const tv_param *p, const tv_param_ctx *ctx);
char *tv_nic_default_config(const tv_param *p, const tv_param_ctx *ctx);
char *tv_nic_check_live(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx);
char *tv_nic_check_config(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx);

/* ---- on the worker -------------------------------------------------------------- */

/* What a device change applies to, worked out on the worker from live= and config=. */
typedef struct tv_nic_where {
    bool live, config;             /* what to change */
    bool live_given, config_given; /* the user said so (not a default) */
    bool active, persistent;       /* the domain as libvirt says now */
} tv_nic_where;

/*
 * Reads live and config from params (a value not set follows the domain:
 * live when it runs, config when it is persistent).  Returns 0, or -1 with
 * *error when the domain cannot be asked or neither would change.
 */
int tv_nic_where_read(virDomainPtr dom, const tv_param_values *params, tv_nic_where *w,
                      char **error);

/* VIR_DOMAIN_AFFECT_* flags for w. */
unsigned tv_nic_where_flags(const tv_nic_where *w);

/* What w changes in a few words: "live and config", "live only" or "config only". */
const char *tv_nic_where_words(const tv_nic_where *w);

/*
 * The MAC a new NIC gets, checked against every MAC of conn's domains:
 * one the user typed (given) must be free; a default that another NIC
 * took meanwhile, or none, gives way to a new free one.  Returns it
 * (g_free), or NULL with *error ("mac: ... is already used by 'web01'").
 */
char *tv_nic_pick_mac(virConnectPtr conn, const char *mac, bool given, char **error);

/*
 * Checks spec's source on the host right before attaching: the network
 * exists (and runs, for a live attach); a bridge or host interface exists
 * when the host lists its interfaces (libvirt's interface driver).
 * Returns NULL, or why not ("source: ...") (g_free).
 */
char *tv_nic_check_source_on_host(virConnectPtr conn, const tv_nic_spec *spec, bool live);
