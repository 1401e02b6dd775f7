/*
 * A migration as the dashboard shows it: where it goes, its settings, the
 * job statistics libvirt last reported, short histories of the transfer
 * rate, dirty rate and remaining data, and what follows from them (phase,
 * ETA from the net rate, "not converging", stalled).  Libvirt-free and
 * pure: the job thread feeds it samples (actions/migrate-exec.c) and
 * publishes copies with its job record (job.h); unit-tested on numbers.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

typedef enum {
    TV_MIG_SETUP,      /* started, no memory sent yet */
    TV_MIG_ITERATING,  /* pre-copy: memory iterations */
    TV_MIG_POSTCOPY,   /* the guest runs on the destination, pages follow */
    TV_MIG_COMPLETING, /* the migrate call is finishing (job gone, call not returned) */
    TV_MIG_DONE,
    TV_MIG_FAILED,
    TV_MIG_CANCELLED,
    TV_MIG_PHASE_LAST
} tv_mig_phase;

const char *tv_mig_phase_name(tv_mig_phase p);
bool tv_mig_phase_ended(tv_mig_phase p);

/* One reading of virDomainGetJobStats, in bytes, bytes/s and ms. */
typedef struct tv_mig_sample {
    gint64 at_us;            /* monotonic time of the reading */
    guint64 elapsed_ms;      /* time_elapsed */
    guint64 data_total, data_processed, data_remaining;
    guint64 transfer_bps;    /* memory_bps */
    guint64 dirty_bps;       /* memory_dirty_rate (pages/s) times memory_page_size */
    guint64 iteration;       /* memory_iteration */
    guint64 downtime_ms;     /* expected downtime (the maximum until QEMU can estimate) */
    bool postcopy;           /* the job reports post-copy */
} tv_mig_sample;

/* One of libvirt's completed-job statistics under its own name ("downtime"). */
typedef struct tv_mig_stat {
    char *name;
    char *value; /* as text: numbers in libvirt's units */
} tv_mig_stat;

#define TV_MIG_HISTORY 120 /* samples kept for the sparklines (one minute at 2 a second) */

typedef struct tv_migration {
    char *domain;       /* the guest's name */
    char *uuid;
    char *source;       /* the source host's label */
    char *dest;         /* the destination as given: a label or URI */
    char *mode;         /* the settings in words: "live, persistent, undefine source" */
    char *started_by;   /* "tvirt", or who else ran it */
    tv_mig_phase phase;
    gint64 started_wall; /* real time (g_get_real_time) it started, for the history */
    gint64 started_us, ended_us; /* monotonic */
    guint64 bandwidth_mib;   /* the cap set now, MiB/s; 0 for none */
    guint64 max_downtime_ms; /* the maximum set now; 0 while unknown */
    bool have_sample;
    tv_mig_sample now;
    gint64 progress_us;  /* when data_processed last grew (or the start) */
    guint n_hist;        /* samples in the histories, oldest first, at most TV_MIG_HISTORY */
    guint64 transfer_hist[TV_MIG_HISTORY];
    guint64 dirty_hist[TV_MIG_HISTORY];
    guint64 remaining_hist[TV_MIG_HISTORY];
    char *message;       /* how it ended: libvirt's words on failure */
    char *policy;        /* what a policy did last ("postcopy_after: switched..."), or NULL */
    /* libvirt's completed-job statistics (tv_mig_stat), or NULL. */
    GArray *completed;
} tv_migration;

tv_migration *tv_migration_new(const char *domain, const char *uuid, const char *source,
                               const char *dest);
tv_migration *tv_migration_copy(const tv_migration *m);
void tv_migration_free(tv_migration *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(tv_migration, tv_migration_free)

/* Adds a completed-job statistic (the array is made on first use). */
void tv_migration_add_stat(tv_migration *m, const char *name, const char *value);
/* A completed-job statistic's text, or NULL. */
const char *tv_migration_stat(const tv_migration *m, const char *name);

/*
 * Once libvirt's completed-job statistics are in: the figures shown (data,
 * rate, iteration, elapsed, downtime) become theirs, so the screen shows
 * what libvirt reports as final.
 */
void tv_migration_take_completed(tv_migration *m);

/* Takes a reading: phase, histories and the time of the last progress follow it. */
void tv_migration_add_sample(tv_migration *m, const tv_mig_sample *s);

/* Seconds without data moving, as of now_us (0 while it moves or before any sample). */
double tv_migration_stalled_s(const tv_migration *m, gint64 now_us);

typedef enum {
    TV_MIG_ETA_UNKNOWN,        /* too early to say */
    TV_MIG_ETA_SECONDS,        /* *seconds holds it */
    TV_MIG_ETA_NOT_CONVERGING, /* the remaining data stopped falling */
} tv_mig_eta;

/*
 * When the pre-copy will be done at the net rate (transfer minus dirty
 * rate), or that it will not: after the first iteration, remaining data
 * that no longer falls over the last few readings, or a dirty rate at or
 * above the transfer rate, means it does not converge.
 */
tv_mig_eta tv_migration_eta(const tv_migration *m, double *seconds);

/* Percent of the data done (0..100) by bytes; 0 while the total is unknown. */
double tv_migration_percent(const tv_migration *m);
