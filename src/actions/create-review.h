/*
 * The create wizard's last page: what will be made (a summary), where each
 * default came from, the domain XML as it will be defined, and the
 * virt-install command line that makes the same VM.  Pure.
 */
#pragma once

#include "actions/param.h"

/* The review text for domain-create's values (g_free). */
char *tv_create_review(const tv_param_values *v, const tv_param_ctx *ctx);

/* The equivalent virt-install command line, one argument per word, shell-quoted (g_free). */
char *tv_create_virt_install(const tv_param_values *v, const tv_param_ctx *ctx);
