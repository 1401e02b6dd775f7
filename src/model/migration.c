/*
 * The dashboard's arithmetic on a migration's job statistics; see
 * migration.h.  Everything here is a function of the samples, so what the
 * screen shows can be checked against libvirt's own numbers.
 */
#include "config.h"

#include <string.h>

#include "model/migration.h"

/* Readings the convergence test looks back over (3 s at two a second). */
#define CONVERGE_WINDOW 6

static const char *const phase_names[] = {
    [TV_MIG_SETUP] = "setup",         [TV_MIG_ITERATING] = "iterating",
    [TV_MIG_POSTCOPY] = "post-copy",  [TV_MIG_COMPLETING] = "completing",
    [TV_MIG_DONE] = "done",           [TV_MIG_FAILED] = "failed",
    [TV_MIG_CANCELLED] = "cancelled",
};
G_STATIC_ASSERT(G_N_ELEMENTS(phase_names) == TV_MIG_PHASE_LAST);

const char *
tv_mig_phase_name(tv_mig_phase p)
{
    return (unsigned)p < TV_MIG_PHASE_LAST ? phase_names[p] : "?";
}

bool
tv_mig_phase_ended(tv_mig_phase p)
{
    return p == TV_MIG_DONE || p == TV_MIG_FAILED || p == TV_MIG_CANCELLED;
}

tv_migration *
tv_migration_new(const char *domain, const char *uuid, const char *source, const char *dest)
{
    tv_migration *m = g_new0(tv_migration, 1);
    m->domain = g_strdup(domain);
    m->uuid = g_strdup(uuid);
    m->source = g_strdup(source);
    m->dest = g_strdup(dest);
    m->started_by = g_strdup("tvirt");
    m->phase = TV_MIG_SETUP;
    m->started_wall = g_get_real_time();
    m->started_us = m->progress_us = g_get_monotonic_time();
    return m;
}

static void
stat_clear(gpointer p)
{
    tv_mig_stat *s = p;
    g_free(s->name);
    g_free(s->value);
}

static GArray *
stats_new(void)
{
    GArray *a = g_array_new(FALSE, TRUE, sizeof(tv_mig_stat));
    g_array_set_clear_func(a, stat_clear);
    return a;
}

tv_migration *
tv_migration_copy(const tv_migration *m)
{
    tv_migration *c = g_memdup2(m, sizeof(*m));
    c->domain = g_strdup(m->domain);
    c->uuid = g_strdup(m->uuid);
    c->source = g_strdup(m->source);
    c->dest = g_strdup(m->dest);
    c->mode = g_strdup(m->mode);
    c->started_by = g_strdup(m->started_by);
    c->message = g_strdup(m->message);
    c->policy = g_strdup(m->policy);
    c->completed = NULL;
    for (guint i = 0; m->completed && i < m->completed->len; i++) {
        const tv_mig_stat *s = &g_array_index(m->completed, tv_mig_stat, i);
        tv_migration_add_stat(c, s->name, s->value);
    }
    return c;
}

void
tv_migration_free(tv_migration *m)
{
    if (!m)
        return;
    g_free(m->domain);
    g_free(m->uuid);
    g_free(m->source);
    g_free(m->dest);
    g_free(m->mode);
    g_free(m->started_by);
    g_free(m->message);
    g_free(m->policy);
    if (m->completed)
        g_array_unref(m->completed);
    g_free(m);
}

void
tv_migration_add_stat(tv_migration *m, const char *name, const char *value)
{
    tv_mig_stat s = { g_strdup(name), g_strdup(value) };
    if (!m->completed)
        m->completed = stats_new();
    g_array_append_val(m->completed, s);
}

const char *
tv_migration_stat(const tv_migration *m, const char *name)
{
    for (guint i = 0; m->completed && i < m->completed->len; i++) {
        const tv_mig_stat *s = &g_array_index(m->completed, tv_mig_stat, i);
        if (strcmp(s->name, name) == 0)
            return s->value;
    }
    return NULL;
}

static guint64
stat_number(const tv_migration *m, const char *name, guint64 otherwise)
{
    const char *v = tv_migration_stat(m, name);
    return v ? g_ascii_strtoull(v, NULL, 10) : otherwise;
}

void
tv_migration_take_completed(tv_migration *m)
{
    tv_mig_sample *s = &m->now;
    if (!m->completed)
        return;
    s->elapsed_ms = stat_number(m, "time_elapsed", s->elapsed_ms);
    s->data_total = stat_number(m, "data_total", s->data_total);
    s->data_processed = stat_number(m, "data_processed", s->data_processed);
    s->data_remaining = stat_number(m, "data_remaining", s->data_remaining);
    s->transfer_bps = stat_number(m, "memory_bps", s->transfer_bps);
    s->dirty_bps = stat_number(m, "memory_dirty_rate", 0) * stat_number(m, "memory_page_size", 1);
    s->iteration = stat_number(m, "memory_iteration", s->iteration);
    s->downtime_ms = stat_number(m, "downtime", s->downtime_ms);
    /* Data figures show only when libvirt gave them (a cancelled job may have none). */
    m->have_sample = m->have_sample || tv_migration_stat(m, "data_total");
}

/* Appends v to a history of TV_MIG_HISTORY, dropping the oldest when full. */
static void
push(guint64 *hist, guint n, guint64 v)
{
    if (n == TV_MIG_HISTORY)
        memmove(hist, hist + 1, (TV_MIG_HISTORY - 1) * sizeof(*hist));
    hist[MIN(n, TV_MIG_HISTORY - 1)] = v;
}

void
tv_migration_add_sample(tv_migration *m, const tv_mig_sample *s)
{
    if (!m->have_sample || s->data_processed > m->now.data_processed)
        m->progress_us = s->at_us;
    push(m->transfer_hist, m->n_hist, s->transfer_bps);
    push(m->dirty_hist, m->n_hist, s->dirty_bps);
    push(m->remaining_hist, m->n_hist, s->data_remaining);
    if (m->n_hist < TV_MIG_HISTORY)
        m->n_hist++;
    m->now = *s;
    m->have_sample = true;
    if (!tv_mig_phase_ended(m->phase))
        m->phase = s->postcopy                                  ? TV_MIG_POSTCOPY
                   : s->data_processed == 0 && s->iteration == 0 ? TV_MIG_SETUP
                                                                 : TV_MIG_ITERATING;
}

double
tv_migration_stalled_s(const tv_migration *m, gint64 now_us)
{
    if (!m->have_sample || tv_mig_phase_ended(m->phase) || now_us <= m->progress_us)
        return 0;
    return (double)(now_us - m->progress_us) / G_USEC_PER_SEC;
}

tv_mig_eta
tv_migration_eta(const tv_migration *m, double *seconds)
{
    const tv_mig_sample *s = &m->now;
    *seconds = 0;
    if (!m->have_sample || tv_mig_phase_ended(m->phase))
        return TV_MIG_ETA_UNKNOWN;
    if (s->postcopy) {
        /* Post-copy always ends: what is left goes at the transfer rate. */
        if (s->transfer_bps == 0)
            return TV_MIG_ETA_UNKNOWN;
        *seconds = (double)s->data_remaining / (double)s->transfer_bps;
        return TV_MIG_ETA_SECONDS;
    }
    if (s->iteration < 2 || s->transfer_bps == 0)
        return TV_MIG_ETA_UNKNOWN; /* the first pass says nothing about convergence */
    if (s->dirty_bps >= s->transfer_bps)
        return TV_MIG_ETA_NOT_CONVERGING;
    if (m->n_hist > CONVERGE_WINDOW &&
        s->data_remaining >= m->remaining_hist[m->n_hist - 1 - CONVERGE_WINDOW])
        return TV_MIG_ETA_NOT_CONVERGING;
    *seconds = (double)s->data_remaining / (double)(s->transfer_bps - s->dirty_bps);
    return TV_MIG_ETA_SECONDS;
}

double
tv_migration_percent(const tv_migration *m)
{
    const tv_mig_sample *s = &m->now;
    if (m->phase == TV_MIG_DONE)
        return 100;
    if (!m->have_sample || s->data_total == 0)
        return 0;
    /* Processed can pass the total when pages are sent again: what is left decides. */
    return 100.0 * (double)(s->data_total - MIN(s->data_remaining, s->data_total)) /
           (double)s->data_total;
}
