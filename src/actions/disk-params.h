/*
 * The parameters of a disk to attach (ACTIONS.md's domain-attach-disk):
 * one table that domain-attach-disk declares as its own and the create-VM
 * wizard embeds as disk.*, with the pure defaults, visibility rules and
 * checks behind it.  Everything here reads other fields by their plain
 * names through tv_param_values_get/text and copes with a context that has
 * no domain (ctx->target NULL) or no parsed XML (ctx->details NULL): a
 * check that needs what is missing is left to the worker.  Also the
 * live/config pair that disk detach shares, and the spec a table's values
 * describe.
 */
#pragma once

#include "actions/param.h"
#include "model/diskxml.h"
#include "model/domxml.h"
#include "model/snapshot.h"

/* device, source, pool, volume, path, size, format, bus, target, cache, io, discard,
 * detect_zeroes, readonly, shareable, serial, live, config: in form order. */
#define TV_DISK_N_PARAMS 18
extern const tv_param tv_disk_params[TV_DISK_N_PARAMS];

/*
 * live and config, as virsh's --persistent chooses them: live=yes when the
 * domain runs, config=yes when it is persistent; live=yes on a domain that
 * is not running, config=yes on a transient one, and both no are refused
 * with the reason.  For any table with a "live" and a "config" parameter.
 */
char *tv_disk_live_default(const tv_param *p, const tv_param_ctx *ctx);
char *tv_disk_config_default(const tv_param *p, const tv_param_ctx *ctx);
char *tv_disk_check_live(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx);
char *tv_disk_check_config(const tv_param *p, const tv_param_value *v,
                           const tv_param_ctx *ctx);

/* The disk of details whose target is target, or NULL. */
const tv_disk_info *tv_disk_find(const tv_domain_details *details, const char *target);

/*
 * What the values say of the device, into spec: device, bus, target, the
 * driver's options and format (for a new volume), read-only, shareable and
 * serial.  The source is the caller's to fill (it is resolved on the host).
 * The strings stay the values' own.
 */
void tv_disk_spec_from_values(tv_disk_spec *spec, const tv_param_values *v);

/* Whether a choice-or-text field holds that text ("new", "cdrom"...). */
bool tv_disk_value_is(const tv_param_values *v, const char *name, const char *text);
