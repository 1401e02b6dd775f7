/*
 * The checks before a migration, each pass / warn / fail with what was
 * found and how to fix it: the destination (reachable, not the source
 * itself), architecture, machine type, CPU, every disk (shared, present
 * there, or copyable), cache modes, networks, free memory, name and UUID
 * clashes, versions, and whether it will converge at the chosen bandwidth
 * (the guest's dirty rate, measured for about a second).  Runs off the UI
 * thread: the wizard's review page shows it, and domain-migrate runs it
 * first (a failed check refuses the migration: --exec exits 3).
 */
#pragma once

#include <libvirt/libvirt.h>
#include <glib.h>

#include "actions/param.h"

typedef enum { TV_CHECK_PASS, TV_CHECK_WARN, TV_CHECK_FAIL } tv_check_verdict;

const char *tv_check_verdict_name(tv_check_verdict v); /* "pass", "warn", "fail" */

typedef struct tv_preflight_check {
    char *name;   /* what was checked: "destination", "cpu", "disk vda", "network default" */
    tv_check_verdict verdict;
    char *reason; /* what was found, in a sentence (libvirt's words where it spoke) */
    char *fix;    /* what to do about a warn or fail, or NULL */
} tv_preflight_check;

/* Adds a check to checks (a GPtrArray made by tv_preflight_new). */
GPtrArray *tv_preflight_new(void);
void tv_preflight_add(GPtrArray *checks, const char *name, tv_check_verdict verdict,
                      const char *reason, const char *fix);

/*
 * Runs every check of migrating dom (on its source connection) to dconn
 * with domain-migrate's checked values v.  measure: also measure the
 * guest's dirty rate for the convergence check (about a second; a running
 * guest only).  Never NULL; a check that cannot be made warns and says why.
 */
GPtrArray *tv_migrate_preflight(virDomainPtr dom, virConnectPtr dconn, const tv_param_values *v,
                                gboolean measure);

/* Whether any check failed. */
gboolean tv_preflight_failed(GPtrArray *checks);
/* The checks as lines for the review page and messages: "fail  disk vda: ... Fix: ..." */
char *tv_preflight_text(GPtrArray *checks);
/* The checks as a JSON array of {"check","verdict","reason","fix"} for --exec's result. */
char *tv_preflight_json(GPtrArray *checks);
