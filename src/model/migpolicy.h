/*
 * Migration policies, opt-in per job (domain-migrate's postcopy_after,
 * downtime_ramp and stall_abort): what to do next given the migration's
 * figures, decided purely so that it is unit-tested on numbers; the job's
 * monitor (actions/migrate-exec.c) does it and says so on the dashboard.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

#include "model/migration.h"

typedef struct tv_mig_policy {
    double postcopy_after_s;     /* switch to post-copy after this long; 0: not by time */
    guint64 postcopy_after_iter; /* ... or from this memory iteration on; 0: not by count */
    guint64 ramp_max_ms;         /* raise the maximum downtime up to this; 0: no ramp */
    guint ramp_steps;            /* in this many equal steps */
    double ramp_every_s;         /* one step every this long */
    double stall_abort_s;        /* abort after this long without data moving; 0: never */
} tv_mig_policy;

/* "30" (seconds) or "5i" (iterations) into p; false with *error (g_free). */
bool tv_mig_policy_parse_postcopy_after(const char *text, tv_mig_policy *p, char **error);
/* "MAX_MS/STEPS/SECONDS", e.g. "2000/5/10", into p; false with *error (g_free). */
bool tv_mig_policy_parse_ramp(const char *text, tv_mig_policy *p, char **error);

typedef enum {
    TV_POLICY_NONE,
    TV_POLICY_POSTCOPY, /* start post-copy now */
    TV_POLICY_DOWNTIME, /* set the maximum downtime to *downtime_ms */
    TV_POLICY_ABORT,    /* abort: no progress */
} tv_policy_act;

/* What a policy did so far (the monitor's; zero at the start). */
typedef struct tv_mig_policy_state {
    bool postcopy_started;
    guint ramp_done; /* steps taken */
    bool aborted;
} tv_mig_policy_state;

/*
 * The next thing to do for migration m at now_us (one at a time; call
 * again after doing it): base_ms is the maximum downtime the ramp starts
 * from.  *why (g_free) says it for the dashboard.  Marks it done in st.
 */
tv_policy_act tv_mig_policy_next(const tv_mig_policy *p, tv_mig_policy_state *st,
                                 const tv_migration *m, gint64 now_us, guint64 base_ms,
                                 guint64 *downtime_ms, char **why);
