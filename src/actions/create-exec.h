/*
 * The job that makes a new VM from domain-create's checked values.
 */
#pragma once

#include "actions/action-impl.h"

/* domain-create's exec: 0, or -1 with ctx->error (what the steps before made is undone). */
int tv_create_exec(tv_action_ctx *ctx);
