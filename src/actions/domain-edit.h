/*
 * What domain-edit's parameter table and checks (domain-edit.c) share with
 * its exec on the worker (domain-edit-exec.c).
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

#include "actions/action-impl.h"

/* A yes/no parameter's value in v (NULL: none given), or dflt when it has none. */
bool tv_domain_edit_flag(const tv_param_values *v, const char *name, bool dflt);

/* A size in KiB as the form writes it ("768M"); g_free. */
char *tv_domain_edit_size_text(guint64 kib);

/* domain-edit's exec: 0, or -1 with ctx->error (the steps already made are undone). */
int tv_domain_edit_exec(tv_action_ctx *ctx);
