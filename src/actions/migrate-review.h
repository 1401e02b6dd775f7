/*
 * domain-migrate's review page and the virsh command line it shows.  Pure.
 */
#pragma once

#include "actions/param.h"

/* The `virsh migrate` command line for these values (g_free). */
char *tv_migrate_virsh_line(const tv_param_values *v, const tv_param_ctx *ctx);
/* The review text: where it goes, the settings, the virsh line (g_free). */
char *tv_migrate_review(const tv_param_values *v, const tv_param_ctx *ctx);
