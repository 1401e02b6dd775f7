/*
 * What a new VM gets when the user does not say: virt-install's rules
 * (virtinst 4.1) applied to the OS variant libosinfo describes and to what
 * the host offers, each with the reason it was chosen, so the wizard can
 * show where every default came from.  Pure: the host's capabilities come
 * from the snapshot and the OS from the loaded catalog.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

#include "actions/param.h"
#include "model/hostcaps.h"
#include "model/oscat.h"

/* What the defaults of a new VM depend on, as the values stand. */
typedef struct tv_create_env {
    const tv_host_snapshot *snap;  /* may be NULL */
    const tv_host_caps *caps;      /* NULL until the host's capabilities are read */
    const tv_os_variant *os;       /* NULL: none chosen, unknown, or the catalog not loaded */
    const tv_os_needs *needs;      /* the OS's needs (all zero without an OS) */
    const char *virt_type;         /* as chosen or defaulted; NULL when unknown yet */
    const char *machine;           /* as chosen or defaulted; NULL: the hypervisor's */
    const tv_virt_caps *vcaps;     /* the domain capabilities for the two, or NULL */
    bool test_driver;              /* libvirt's test driver: no capabilities to go by */
    char *owned_virt_type, *owned_machine; /* defaults worked out (freed by clear) */
} tv_create_env;

/*
 * Works out the environment from ctx (its values may be a group's view:
 * the whole set is read).  Uses the catalog only if already loaded.
 */
void tv_create_env_get(const tv_param_ctx *ctx, tv_create_env *env);
void tv_create_env_clear(tv_create_env *env);

/*
 * The default of one domain-create field ("memory", "disk.bus"...) and why
 * (*why: a phrase like "recommended for Debian 11", may be NULL), or NULL
 * when there is none (yet).  g_free both.
 */
char *tv_create_default(const char *field, const tv_create_env *env, char **why);

/* The video model virt-install picks for graphics, as its default_model does. */
const char *tv_create_video_model(const tv_create_env *env, const char *graphics, bool uefi);

/* Whether an OS is Windows (clock in local time, Hyper-V timer). */
bool tv_create_os_is_windows(const tv_os_variant *os);

/*
 * A compute_default for domain-create's table: the field's default through
 * tv_create_default (the field's full name, with its group's prefix).
 */
char *tv_create_param_default(const tv_param *p, const tv_param_ctx *ctx);
