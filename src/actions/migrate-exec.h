/*
 * The job that migrates a domain with domain-migrate's checked values: the
 * migrate call on the job's thread, and beside it a monitor that reads the
 * job statistics twice a second and publishes them with the job record
 * (model/migration.h) until the call returns.
 */
#pragma once

#include "actions/action-impl.h"

/* domain-migrate's exec: 0, or -1 with ctx->error in libvirt's words. */
int tv_migrate_exec(tv_action_ctx *ctx);

/* domain-migrate's preview: the preflight's checks as text (the wizard's review page). */
char *tv_migrate_preview(tv_action_ctx *ctx);

/* The VIR_MIGRATE_* flags for checked domain-migrate values. */
unsigned long tv_migrate_flags(const tv_param_values *v);
