/*
 * Migration policies; see migpolicy.h.
 */
#include "config.h"

#include <stdlib.h>

#include "model/migpolicy.h"

bool
tv_mig_policy_parse_postcopy_after(const char *text, tv_mig_policy *p, char **error)
{
    char *end = NULL;
    double v = g_ascii_strtod(text, &end);
    if (end == text || v <= 0) {
        *error = g_strdup("needs seconds (30) or iterations (5i), more than 0");
        return false;
    }
    if (*end == 'i' && end[1] == '\0' && v == (guint64)v) {
        p->postcopy_after_iter = (guint64)v;
        return true;
    }
    if (*end == 's')
        end++;
    if (*end) {
        *error = g_strdup("needs seconds (30) or iterations (5i), more than 0");
        return false;
    }
    p->postcopy_after_s = v;
    return true;
}

bool
tv_mig_policy_parse_ramp(const char *text, tv_mig_policy *p, char **error)
{
    g_auto(GStrv) parts = g_strsplit(text, "/", -1);
    guint64 max, steps;
    double every;
    char *end = NULL;
    if (g_strv_length(parts) != 3 ||
        !g_ascii_string_to_unsigned(parts[0], 10, 1, G_MAXUINT32, &max, NULL) ||
        !g_ascii_string_to_unsigned(parts[1], 10, 1, 1000, &steps, NULL) ||
        (every = g_ascii_strtod(parts[2], &end)) <= 0 || end == parts[2] || *end) {
        *error = g_strdup("needs MAX_MS/STEPS/SECONDS, e.g. 2000/5/10: up to 2000 ms in 5 "
                          "steps, one every 10 s");
        return false;
    }
    p->ramp_max_ms = max;
    p->ramp_steps = (guint)steps;
    p->ramp_every_s = every;
    return true;
}

tv_policy_act
tv_mig_policy_next(const tv_mig_policy *p, tv_mig_policy_state *st, const tv_migration *m,
                   gint64 now_us, guint64 base_ms, guint64 *downtime_ms, char **why)
{
    double elapsed = (double)m->now.elapsed_ms / 1000.0;
    double stalled = tv_migration_stalled_s(m, now_us);

    *why = NULL;
    if (!m->have_sample || tv_mig_phase_ended(m->phase) || st->aborted)
        return TV_POLICY_NONE;
    if (p->stall_abort_s > 0 && stalled >= p->stall_abort_s) {
        st->aborted = true;
        *why = g_strdup_printf("stall_abort: no data moved for %.0f s: aborted", stalled);
        return TV_POLICY_ABORT;
    }
    if (!st->postcopy_started && !m->now.postcopy &&
        ((p->postcopy_after_s > 0 && elapsed >= p->postcopy_after_s) ||
         (p->postcopy_after_iter > 0 && m->now.iteration >= p->postcopy_after_iter))) {
        st->postcopy_started = true;
        *why = p->postcopy_after_iter > 0 && m->now.iteration >= p->postcopy_after_iter
                   ? g_strdup_printf("postcopy_after: switched to post-copy at iteration %"
                                     G_GUINT64_FORMAT, m->now.iteration)
                   : g_strdup_printf("postcopy_after: switched to post-copy after %.1f s",
                                     elapsed);
        return TV_POLICY_POSTCOPY;
    }
    if (p->ramp_max_ms > 0 && st->ramp_done < p->ramp_steps && !m->now.postcopy &&
        elapsed >= p->ramp_every_s * (st->ramp_done + 1)) {
        guint64 from = MIN(base_ms, p->ramp_max_ms);
        st->ramp_done++;
        *downtime_ms = from + (p->ramp_max_ms - from) * st->ramp_done / p->ramp_steps;
        *why = g_strdup_printf("downtime_ramp: maximum downtime raised to %" G_GUINT64_FORMAT
                               " ms (step %u of %u)", *downtime_ms, st->ramp_done,
                               p->ramp_steps);
        return TV_POLICY_DOWNTIME;
    }
    return TV_POLICY_NONE;
}
