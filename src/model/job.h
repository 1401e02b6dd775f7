/*
 * Long operations (allocating a volume now; migrations, uploads and clones
 * next) run as jobs: each on a thread of its own, on a connection to
 * the host (a connection of its own where it can, else a reference to the
 * worker's), so the host's worker keeps refreshing meanwhile.
 * A job publishes its progress as an immutable record the front end reads
 * without locks (tv_jobs_get) and can be asked to cancel.  The undo list
 * of a multi-step action lives in its run context (actions/action-impl.h),
 * short or long alike.  Jobs that ended stay in a short history.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

#include "model/migration.h"

typedef enum {
    TV_JOB_RUNNING,
    TV_JOB_DONE,
    TV_JOB_FAILED,
    TV_JOB_CANCELLED,
    TV_JOB_STATE_LAST
} tv_job_state;

const char *tv_job_state_name(tv_job_state s);

/* What the front end sees of a job: a copy, made anew on every change. */
typedef struct tv_job_info {
    guint id;
    unsigned host_id;
    char *action;       /* "volume-create" */
    char *target;       /* "images/new.qcow2" */
    tv_job_state state;
    char *phase;        /* "allocating", or NULL */
    guint64 done, total; /* progress, in bytes for volumes; total 0 while unknown */
    gint64 started_us, ended_us; /* monotonic; ended 0 while running */
    char *message;      /* how it ended (the report's summary), or NULL while running */
    tv_migration *migration; /* a migration's figures (a copy), or NULL for other jobs */
} tv_job_info;

/* The jobs, running and recent, newest last: a reference-counted array of tv_job_info. */
typedef struct tv_job_list {
    tv_job_info *jobs;
    size_t n;
} tv_job_list;

/* The current list (new reference); never NULL. */
tv_job_list *tv_jobs_get(void);
void tv_job_list_unref(tv_job_list *l);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(tv_job_list, tv_job_list_unref)

/*
 * Called with a copy of a job's record after each change, on the job's
 * thread (--exec prints progress from it); NULL for none.
 */
void tv_jobs_set_observer(void (*observer)(const tv_job_info *info));

/* How many jobs still run (quitting asks while any do). */
unsigned tv_jobs_running(void);

/* Whether a running job migrates the domain with this UUID. */
bool tv_jobs_migrating(const char *uuid);

/* Asks job id to stop; the job checks between steps.  False when it is not running. */
bool tv_job_cancel(guint id);

/* ---- for the job's own thread ------------------------------------------------ */

typedef struct tv_job tv_job;

/*
 * Registers a job (running) for host_id; the caller runs it on a thread of
 * its own and ends it with tv_job_finish.
 */
tv_job *tv_job_new(unsigned host_id, const char *action, const char *target);
guint tv_job_id(const tv_job *j);

void tv_job_progress(tv_job *j, const char *phase, guint64 done, guint64 total);
bool tv_job_cancelled(tv_job *j);
/* Publishes a copy of a migration's figures with the job's record. */
void tv_job_set_migration(tv_job *j, const tv_migration *m);

/* Ends the job (its record keeps state and message) and frees it. */
void tv_job_finish(tv_job *j, tv_job_state state, const char *message);

/* Forgets every finished job (tests). */
void tv_jobs_reset(void);
