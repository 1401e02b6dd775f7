/*
 * A new VM as domain-create's checked values describe it: the domain spec
 * for newdomxml, the boot disk, the install CD-ROM and the first NIC as
 * device specs, with every default virt-install would add (devices the OS
 * has drivers for, the clock, the video model).  Pure: the review page
 * builds it from the form's values to show the XML, and the worker builds
 * the same plan, then points the disks at the storage it resolved.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

#include "actions/create-defaults.h"
#include "actions/param.h"
#include "model/diskxml.h"
#include "model/newdomxml.h"
#include "model/nicxml.h"

typedef struct tv_create_plan {
    tv_create_env env;
    tv_new_domain dom;    /* devices left empty: tv_create_plan_xml adds them */
    bool has_disk, has_cdrom, has_nic;
    tv_disk_spec disk;    /* the boot disk (source to be resolved) */
    tv_disk_spec cdrom;   /* the install medium (install=iso) */
    tv_nic_spec nic;
    const char *disk_source; /* "new", "volume", "path" */
    const char *iso;         /* as the user gave it: POOL/VOL or a path */
    GPtrArray *strings;      /* what the plan owns */
} tv_create_plan;

/* Builds the plan from checked values (ctx: the host's snapshot, for capabilities). */
void tv_create_plan_init(tv_create_plan *pl, const tv_param_values *v, const tv_param_ctx *ctx);
void tv_create_plan_clear(tv_create_plan *pl);

/* The <domain> XML of the plan with its disks and NIC as they stand (g_free). */
char *tv_create_plan_xml(const tv_create_plan *pl);

/* The boot order it gets for an install method: "cdrom,hd", "network,hd", "hd". */
const char *const *tv_create_boot_order(const char *install);
