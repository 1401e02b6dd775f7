/*
 * Migrations (5): every migration tvirt runs or ran, newest first, from
 * the job records (model/job.h) and the history kept across restarts
 * (model/mighistory.h); a pane under the list shows the cursor's migration
 * in full: transfer rate, dirty rate and remaining data as sparklines, the
 * expected downtime against the maximum, the ETA or "not converging", a
 * stall warning, and libvirt's completed-job figures once it ended.  The
 * live controls (+ - b t P A) act on the cursor's running migration at
 * once (TV_ACTION_NOW); X exports the history.
 */
#include "config.h"

#include <string.h>

#include "model/job.h"
#include "model/mighistory.h"
#include "ui/dispatch.h"
#include "ui/draw.h"
#include "ui/form.h"
#include "ui/text.h"
#include "ui/views.h"

/* A migration that has not moved data for this long says so. */
#define STALL_WARN_S 3.0

enum {
    M_STARTED, M_DOMAIN, M_FROM, M_TO, M_PHASE, M_PROGRESS, M_REMAINING, M_RATE, M_DIRTY, M_ITER,
    M_DOWNTIME, M_BANDWIDTH, M_ELAPSED, M_ETA, M_LAST
};

static const tv_list_column mig_columns[M_LAST] = {
    [M_STARTED] = { { "STARTED", 8, 8, 2, false, false, 0, 0 }, "start", true },
    [M_DOMAIN] = { { "DOMAIN", 8, 24, 0, false, false, 0, 0 }, "domain", false },
    [M_FROM] = { { "FROM", 6, 16, 2, false, false, 0, 0 }, "source", false },
    [M_TO] = { { "TO", 6, 16, 2, false, false, 0, 0 }, "destination", false },
    [M_PHASE] = { { "PHASE", 10, 10, 0, false, false, 0, 0 }, "phase", false },
    [M_PROGRESS] = { { "PROGRESS", 16, 16, 0, false, false, 0, 0 }, "progress", true },
    [M_REMAINING] = { { "LEFT/TOTAL", 11, 11, 1, true, false, 0, 0 }, "remaining", true },
    [M_RATE] = { { "RATE", 7, 7, 1, true, false, 0, 0 }, "transfer rate", true },
    [M_DIRTY] = { { "DIRTY", 7, 7, 3, true, false, 0, 0 }, "dirty rate", true },
    [M_ITER] = { { "ITER", 4, 4, 3, true, false, 0, 0 }, "iteration", true },
    [M_DOWNTIME] = { { "DOWNTIME", 11, 11, 3, true, false, 0, 0 }, "downtime", true },
    [M_BANDWIDTH] = { { "CAP", 7, 7, 2, true, false, 0, 0 }, "bandwidth", true },
    [M_ELAPSED] = { { "TIME", 6, 6, 1, true, false, 0, 0 }, "elapsed", true },
    [M_ETA] = { { "ETA", 10, 16, 0, false, false, 0, 0 }, "ETA", false },
};

/* The rows' migrations while the list sorts (the UI is single-threaded). */
static GPtrArray *sorting_rows;

static const tv_migration *
row_mig(const tv_row *r)
{
    return sorting_rows->pdata[r->index];
}

static guint64
elapsed_ms(const tv_migration *m)
{
    const char *done = tv_migration_stat(m, "time_elapsed");
    if (done)
        return g_ascii_strtoull(done, NULL, 10);
    if (m->have_sample)
        return m->now.elapsed_ms;
    return 0;
}

static int
compare_migs(const tv_row *ra, const tv_row *rb, int col)
{
    const tv_migration *a = row_mig(ra), *b = row_mig(rb);
    switch (col) {
    case M_STARTED: return tv_list_cmp_ull((guint64)a->started_wall, (guint64)b->started_wall);
    case M_DOMAIN: return g_utf8_collate(a->domain, b->domain);
    case M_FROM: return g_strcmp0(a->source, b->source);
    case M_TO: return g_strcmp0(a->dest, b->dest);
    case M_PHASE: return (int)a->phase - (int)b->phase;
    case M_PROGRESS: return tv_list_cmp_double(tv_migration_percent(a), tv_migration_percent(b));
    case M_REMAINING: return tv_list_cmp_ull(a->now.data_remaining, b->now.data_remaining);
    case M_RATE: return tv_list_cmp_ull(a->now.transfer_bps, b->now.transfer_bps);
    case M_DIRTY: return tv_list_cmp_ull(a->now.dirty_bps, b->now.dirty_bps);
    case M_ITER: return tv_list_cmp_ull(a->now.iteration, b->now.iteration);
    case M_DOWNTIME: return tv_list_cmp_ull(a->now.downtime_ms, b->now.downtime_ms);
    case M_BANDWIDTH: return tv_list_cmp_ull(a->bandwidth_mib, b->bandwidth_mib);
    case M_ELAPSED: return tv_list_cmp_ull(elapsed_ms(a), elapsed_ms(b));
    default: return 0;
    }
}

/* Rows that start in the same second: the later job first. */
static int
tiebreak_migs(const tv_row *ra, const tv_row *rb)
{
    const tv_migration *a = row_mig(ra), *b = row_mig(rb);
    (void)a;
    (void)b;
    return (int)ra->index - (int)rb->index;
}

static bool
mig_matches(const tv_row *r, const char *folded)
{
    const tv_migration *m = row_mig(r);
    return tv_list_text_matches(m->domain, folded) || tv_list_text_matches(m->source, folded) ||
           tv_list_text_matches(m->dest, folded) ||
           tv_list_text_matches(tv_mig_phase_name(m->phase), folded);
}

static char *
mig_key(const tv_row *r)
{
    const tv_migration *m = row_mig(r);
    return g_strdup_printf("%s/%" G_GINT64_FORMAT, m->uuid, m->started_wall);
}

const tv_list_class tv_migrations_list = {
    .columns = mig_columns,
    .n_columns = M_LAST,
    .default_sort = M_STARTED,
    .compare = compare_migs,
    .tiebreak = tiebreak_migs,
    .matches = mig_matches,
    .key = mig_key,
};

/* ---- rows from the jobs and the history ------------------------------------------ */

static void
migrations_rebuild(tv_app *app)
{
    tv_list *l = &app->migrations;
    if (!app->mig_rows)
        app->mig_rows = g_ptr_array_new();
    g_ptr_array_set_size(app->mig_rows, 0);
    for (size_t i = 0; app->jobs && i < app->jobs->n; i++) {
        if (app->jobs->jobs[i].migration)
            g_ptr_array_add(app->mig_rows, app->jobs->jobs[i].migration);
    }
    for (guint i = 0; app->mig_history && i < app->mig_history->len; i++)
        g_ptr_array_add(app->mig_rows, app->mig_history->pdata[i]);
    sorting_rows = app->mig_rows;
    tv_list_begin(l);
    for (guint i = 0; i < app->mig_rows->len; i++)
        tv_list_add(l, NULL, i, 0);
    tv_list_end(l, tv_app_body_rows(app) / 2);
}

void
tv_app_sync_jobs(tv_app *app)
{
    tv_job_list *now = tv_jobs_get();
    if (now == app->jobs) {
        tv_job_list_unref(now);
        return;
    }
    /* Rows point into the old list: rebuild before letting it go. */
    tv_job_list *old = app->jobs;
    app->jobs = now;
    if (!app->migrating)
        app->migrating = g_hash_table_new(g_str_hash, g_str_equal);
    g_hash_table_remove_all(app->migrating); /* keys point into the job list */
    for (size_t i = 0; i < now->n; i++) {
        const tv_migration *m = now->jobs[i].migration;
        if (m && now->jobs[i].state == TV_JOB_RUNNING && m->uuid)
            g_hash_table_add(app->migrating, m->uuid);
    }
    migrations_rebuild(app);
    tv_job_list_unref(old);
    app->dirty = true;
}

void
tv_app_load_mig_history(tv_app *app)
{
    g_autofree char *path = tv_mig_history_path();
    g_autoptr(GError) error = NULL;
    app->mig_history = tv_mig_history_load(path, &error);
    if (!app->mig_history)
        tv_app_status(app, true, "Could not read the migration history: %s", error->message);
}

/* The migration under the cursor, or NULL. */
static const tv_migration *
current_mig(const tv_app *app)
{
    const tv_row *r = tv_list_current(&app->migrations);
    return r && app->mig_rows && r->index < app->mig_rows->len ? app->mig_rows->pdata[r->index]
                                                                 : NULL;
}

/* ---- cells ------------------------------------------------------------------------- */

static void
fmt_rate(char *buf, size_t len, guint64 bps)
{
    char n[16];
    tv_fmt_size(n, sizeof(n), (double)bps);
    g_snprintf(buf, len, "%s/s", n);
}

static void
fmt_ms(char *buf, size_t len, guint64 ms)
{
    if (ms < 10000)
        g_snprintf(buf, len, "%.1fs", (double)ms / 1000.0);
    else
        tv_fmt_duration(buf, len, (long)(ms / 1000));
}

/* The ETA cell: seconds, "not converging", "stalled Ns", or how it ended. */
static void
fmt_eta(char *buf, size_t len, const tv_migration *m)
{
    double s = 0, stalled = tv_migration_stalled_s(m, g_get_monotonic_time());
    if (tv_mig_phase_ended(m->phase)) {
        g_strlcpy(buf, "", len);
        return;
    }
    if (stalled >= STALL_WARN_S) {
        g_snprintf(buf, len, "stalled %.0fs", stalled);
        return;
    }
    switch (tv_migration_eta(m, &s)) {
    case TV_MIG_ETA_SECONDS: g_snprintf(buf, len, "%.0fs", s + 0.5); break;
    case TV_MIG_ETA_NOT_CONVERGING: g_strlcpy(buf, "not converging", len); break;
    default: g_strlcpy(buf, "-", len); break;
    }
}

/* "[######    ]  60%" in width columns. */
static void
fmt_bar(GString *out, double pct, int width)
{
    int inner = MAX(width - 7, 1), full = (int)(pct / 100.0 * inner + 0.5);
    g_string_append_c(out, '[');
    for (int i = 0; i < inner; i++)
        g_string_append(out, i < full ? (tv_text_utf8() ? "█" : "#") : " ");
    g_string_append_printf(out, "] %3.0f%%", pct);
}

/* A host as the screens name it: the label of a connected host with that URI. */
static const char *
host_name(const tv_app *app, const char *label_or_uri)
{
    for (guint i = 0; label_or_uri && i < app->snaps->len; i++) {
        const tv_host_snapshot *s = app->snaps->pdata[i];
        if (g_strcmp0(s->uri, label_or_uri) == 0)
            return tv_labels_get(app->labels, s);
    }
    return label_or_uri ? label_or_uri : "?";
}

static void
draw_row(tv_app *app, int y, const tv_column *cols, const tv_migration *m, bool cursor)
{
    g_autoptr(GDateTime) when = g_date_time_new_from_unix_local(m->started_wall / G_USEC_PER_SEC);
    g_autofree char *started = when ? g_date_time_format(when, "%T") : g_strdup("");
    char left[32], total[16], rate[16], dirty[16], iter[16], downtime[32], bw[16], el[16],
        eta[32];
    g_autoptr(GString) bar = g_string_new(NULL);
    const char *cells[M_LAST];
    const char *real_downtime = tv_migration_stat(m, "downtime");

    tv_fmt_size(total, sizeof(total), (double)m->now.data_total);
    tv_fmt_size(left, sizeof(left), (double)m->now.data_remaining);
    g_strlcat(left, "/", sizeof(left));
    g_strlcat(left, total, sizeof(left));
    fmt_rate(rate, sizeof(rate), m->now.transfer_bps);
    fmt_rate(dirty, sizeof(dirty), m->now.dirty_bps);
    g_snprintf(iter, sizeof(iter), "%" G_GUINT64_FORMAT, m->now.iteration);
    if (real_downtime)
        g_snprintf(downtime, sizeof(downtime), "%sms", real_downtime);
    else if (m->have_sample)
        g_snprintf(downtime, sizeof(downtime), "%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT "ms",
                   m->now.downtime_ms, m->max_downtime_ms);
    else
        g_strlcpy(downtime, "-", sizeof(downtime));
    if (m->bandwidth_mib)
        g_snprintf(bw, sizeof(bw), "%" G_GUINT64_FORMAT "M/s", m->bandwidth_mib);
    else
        g_strlcpy(bw, "none", sizeof(bw));
    fmt_ms(el, sizeof(el), elapsed_ms(m));
    fmt_eta(eta, sizeof(eta), m);
    fmt_bar(bar, tv_migration_percent(m), cols[M_PROGRESS].width);

    cells[M_STARTED] = started;
    cells[M_DOMAIN] = m->domain;
    cells[M_FROM] = host_name(app, m->source);
    cells[M_TO] = host_name(app, m->dest);
    cells[M_PHASE] = tv_mig_phase_name(m->phase);
    cells[M_PROGRESS] = bar->str;
    cells[M_REMAINING] = m->have_sample ? left : "-";
    cells[M_RATE] = m->have_sample ? rate : "-";
    cells[M_DIRTY] = m->have_sample ? dirty : "-";
    cells[M_ITER] = m->have_sample ? iter : "-";
    cells[M_DOWNTIME] = downtime;
    cells[M_BANDWIDTH] = bw;
    cells[M_ELAPSED] = el;
    cells[M_ETA] = eta;
    tv_list_draw_cells(app, y, cols, M_LAST, cells, cursor);
    if (!cursor && (m->phase == TV_MIG_FAILED || m->phase == TV_MIG_CANCELLED))
        tv_draw_text(y, cols[M_PHASE].x, cols[M_PHASE].width, cells[M_PHASE], TV_ALIGN_LEFT,
                     TV_EL_ERROR);
}

/* ---- the pane ---------------------------------------------------------------------- */

static void
draw_history_line(tv_app *app, int y, const char *label, const guint64 *hist, guint n,
                  guint64 now, bool rate)
{
    float v[TV_MIG_HISTORY];
    float max = 1;
    char value[24];
    int bars_x = 24, width = MAX(app->cols - bars_x - 1, 0);
    for (guint i = 0; i < n; i++) {
        v[i] = (float)hist[i];
        max = MAX(max, v[i]);
    }
    if (rate)
        fmt_rate(value, sizeof(value), now);
    else
        tv_fmt_size(value, sizeof(value), (double)now);
    tv_draw_text(y, 2, 12, label, TV_ALIGN_LEFT, TV_EL_LABEL);
    tv_draw_text(y, 14, 9, value, TV_ALIGN_RIGHT, TV_EL_DEFAULT);
    tv_draw_sparkline(y, bars_x, width, v, n, max, tv_theme_attr(TV_EL_GRAPH));
}

/* libvirt's completed-job figures in a sentence. */
static char *
completed_text(const tv_migration *m)
{
    const char *el = tv_migration_stat(m, "time_elapsed"), *dt = tv_migration_stat(m, "downtime");
    const char *total = tv_migration_stat(m, "data_total");
    const char *done = tv_migration_stat(m, "data_processed");
    const char *iter = tv_migration_stat(m, "memory_iteration");
    return g_strdup_printf("libvirt: total %s ms, downtime %s ms, %s of %s bytes sent, "
                           "%s iterations",
                           el ? el : "?", dt ? dt : "?", done ? done : "?", total ? total : "?",
                           iter ? iter : "?");
}

static int
draw_pane(tv_app *app, int y, int height, const tv_migration *m)
{
    int row = y;
    g_autofree char *head = NULL;
    g_autoptr(GDateTime) when = g_date_time_new_from_unix_local(m->started_wall / G_USEC_PER_SEC);
    g_autofree char *at = when ? g_date_time_format(when, "%F %T") : g_strdup("");
    double stalled = tv_migration_stalled_s(m, g_get_monotonic_time());

    if (height < 3)
        return 0;
    tv_draw_fill(row, 0, app->cols, TV_EL_BORDER);
    head = g_strdup_printf(" %s: %s -> %s  (%s)  started %s by %s ", m->domain,
                           host_name(app, m->source),
                           host_name(app, m->dest), m->mode && *m->mode ? m->mode : "default", at,
                           m->started_by ? m->started_by : "?");
    tv_draw_text(row++, 1, app->cols - 2, head, TV_ALIGN_LEFT, TV_EL_BORDER);
    if (m->have_sample && row + 3 <= y + height && !tv_mig_phase_ended(m->phase)) {
        draw_history_line(app, row++, "Transfer", m->transfer_hist, m->n_hist,
                          m->now.transfer_bps, true);
        draw_history_line(app, row++, "Dirtied", m->dirty_hist, m->n_hist, m->now.dirty_bps,
                          true);
        draw_history_line(app, row++, "Remaining", m->remaining_hist, m->n_hist,
                          m->now.data_remaining, false);
    }
    if (row < y + height && m->have_sample && !tv_mig_phase_ended(m->phase)) {
        g_autofree char *facts = g_strdup_printf(
            "Processed %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes, %" G_GUINT64_FORMAT
            " left; iteration %" G_GUINT64_FORMAT "; expected downtime %" G_GUINT64_FORMAT
            " ms, maximum %" G_GUINT64_FORMAT " ms",
            m->now.data_processed, m->now.data_total, m->now.data_remaining, m->now.iteration,
            m->now.downtime_ms, m->max_downtime_ms);
        tv_draw_text(row++, 2, app->cols - 4, facts, TV_ALIGN_LEFT, TV_EL_DEFAULT);
    }
    if (row < y + height && stalled >= STALL_WARN_S && !tv_mig_phase_ended(m->phase)) {
        g_autofree char *w = g_strdup_printf("No data has moved for %.0f s: the link or the "
                                             "destination may be down (A aborts)",
                                             stalled);
        tv_draw_text(row++, 2, app->cols - 4, w, TV_ALIGN_LEFT, TV_EL_WARNING);
    }
    if (row < y + height && m->policy)
        tv_draw_text(row++, 2, app->cols - 4, m->policy, TV_ALIGN_LEFT, TV_EL_WARNING);
    if (row < y + height && m->completed) {
        g_autofree char *c = completed_text(m);
        tv_draw_text(row++, 2, app->cols - 4, c, TV_ALIGN_LEFT, TV_EL_DEFAULT);
    }
    if (row < y + height && m->message)
        tv_draw_text(row++, 2, app->cols - 4, m->message, TV_ALIGN_LEFT, TV_EL_ERROR);
    return row - y;
}

static void
migrations_draw(tv_app *app, int y, int height)
{
    tv_list *l = &app->migrations;
    const tv_migration *cur = current_mig(app);
    tv_column cols[M_LAST];
    int list_y, page, pane_h = cur ? MIN(9, height / 2) : 0;

    sorting_rows = app->mig_rows;
    list_y = tv_list_draw_top(app, l, cols, y, NULL);
    page = height - (list_y - y) - pane_h;
    tv_table_fit(&l->tbl, (int)l->rows->len, MAX(page, 1));
    if (l->rows->len == 0) {
        tv_draw_text(list_y + 1, 2, app->cols - 4,
                     l->filter ? "No migration matches the filter."
                               : "No migrations yet: m on a domain migrates it.",
                     TV_ALIGN_LEFT, TV_EL_LABEL);
        return;
    }
    for (int i = 0; i < page; i++) {
        int row = l->tbl.top + i;
        const tv_row *r = tv_list_row(l, (guint)row);
        if (!r)
            break;
        draw_row(app, list_y + i, cols, app->mig_rows->pdata[r->index], row == l->tbl.cursor);
    }
    if (cur)
        draw_pane(app, y + height - pane_h, pane_h, cur);
}

/* ---- the controls ------------------------------------------------------------------ */

/* The running migration under the cursor as a domain key on its source, or NULL (said). */
static char *
running_key(tv_app *app, const tv_action *a)
{
    const tv_migration *m = current_mig(app);
    if (!m) {
        tv_app_status(app, true, "%s: no migration here", a->label);
        return NULL;
    }
    if (tv_mig_phase_ended(m->phase)) {
        tv_app_status(app, true, "%s: the migration of '%s' is %s", a->label, m->domain,
                      tv_mig_phase_name(m->phase));
        return NULL;
    }
    for (guint i = 0; i < app->snaps->len; i++) {
        const tv_host_snapshot *s = app->snaps->pdata[i];
        const tv_domain *d = tv_host_snapshot_find(s, m->uuid);
        if (d && (g_strcmp0(tv_labels_get(app->labels, s), m->source) == 0 ||
                  g_strcmp0(s->uri, m->source) == 0))
            return tv_app_domain_key(s, d);
    }
    tv_app_status(app, true, "%s: '%s' is not on %s any more", a->label, m->domain, m->source);
    return NULL;
}

void
tv_app_migration_action(tv_app *app, const tv_action *a, tv_param_values *values)
{
    g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(g_free);
    char *key = running_key(app, a);
    if (!key) {
        tv_param_values_free(values);
        return;
    }
    g_ptr_array_add(keys, key);
    tv_dispatch_action(app, a, g_steal_pointer(&keys), values);
}

/* Bandwidth steps for + and -, MiB/s. */
static const guint64 bandwidth_steps[] = { 1,   2,   4,   8,    16,   32,   64,   100,
                                           128, 200, 256, 400, 512, 800, 1024, 2048 };

/* The next step up or down from the cap now (0: none; from none, down starts at the rate). */
guint64
tv_migration_bandwidth_step(guint64 now_mib, guint64 rate_bps, bool up)
{
    size_t n = G_N_ELEMENTS(bandwidth_steps);
    guint64 from = now_mib ? now_mib : up ? 0 : MAX(rate_bps >> 20, 2);
    if (up) {
        for (size_t i = 0; now_mib && i < n; i++) {
            if (bandwidth_steps[i] > from)
                return bandwidth_steps[i];
        }
        return 0; /* above the top step, or no cap already: no cap */
    }
    for (size_t i = n; i-- > 0;) {
        if (bandwidth_steps[i] < from)
            return bandwidth_steps[i];
    }
    return bandwidth_steps[0];
}

static void
step_bandwidth(tv_app *app, bool up)
{
    const tv_action *a = tv_action_find("migration-set-bandwidth");
    const tv_migration *m = current_mig(app);
    tv_param_values *values;
    g_autofree char *text = NULL, *error = NULL;
    if (!m || tv_mig_phase_ended(m->phase)) {
        g_free(running_key(app, a)); /* says why not */
        return;
    }
    values = tv_param_values_new(a->params, a->n_params);
    text = g_strdup_printf("%" G_GUINT64_FORMAT,
                           tv_migration_bandwidth_step(m->bandwidth_mib, m->now.transfer_bps, up));
    tv_param_values_set(values, "bandwidth", text, &error);
    tv_app_migration_action(app, a, values);
}

static bool
migrations_key(tv_app *app, int ch, bool is_char)
{
    if (is_char && (ch == '+' || ch == '-')) {
        step_bandwidth(app, ch == '+');
        return true;
    }
    return false;
}

static bool
migrations_command(tv_app *app, tv_cmd cmd)
{
    return tv_list_command(app, &app->migrations, cmd);
}

static tv_list *
migrations_list(tv_app *app)
{
    return &app->migrations;
}

static const char *const migrations_hints[] = { "filter", "sort", "help", "quit", NULL };

static const char *const migrations_keys[] = {
    "+ -", "Raise or lower the bandwidth cap of the migration under the cursor by a step.",
    NULL,
};

const tv_view tv_view_migrations = {
    .title = "Migrations",
    .rebuild = migrations_rebuild,
    .draw = migrations_draw,
    .command = migrations_command,
    .hints = migrations_hints,
    .key = migrations_key,
    .own_keys = migrations_keys,
    .list = migrations_list,
};
