/*
 * Migration history as CSV (RFC 4180 quoting; a message's line breaks
 * become spaces so that a row is a line); see mighistory.h.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "model/mighistory.h"

/* The columns, in file order: the completed-job figures under libvirt's own names. */
static const char *const columns[] = {
    "started", "domain", "uuid", "source", "dest", "started_by", "mode", "outcome",
    "time_elapsed", "downtime", "data_total", "data_processed", "memory_iteration",
    "bandwidth", "max_downtime", "message",
};
enum {
    C_STARTED, C_DOMAIN, C_UUID, C_SOURCE, C_DEST, C_BY, C_MODE, C_OUTCOME, C_ELAPSED,
    C_DOWNTIME, C_TOTAL, C_PROCESSED, C_ITERATION, C_BANDWIDTH, C_MAX_DOWNTIME, C_MESSAGE,
    C_LAST
};
G_STATIC_ASSERT(G_N_ELEMENTS(columns) == C_LAST);

/* Completed-job statistics stored in their own column. */
static const struct {
    int column;
    const char *stat;
} stat_columns[] = {
    { C_ELAPSED, "time_elapsed" },     { C_DOWNTIME, "downtime" },
    { C_TOTAL, "data_total" },         { C_PROCESSED, "data_processed" },
    { C_ITERATION, "memory_iteration" },
};

char *
tv_mig_history_path(void)
{
    return g_build_filename(g_get_user_state_dir(), "tvirt", "migrations.csv", NULL);
}

static void
append_field(GString *out, const char *text, gboolean first)
{
    if (!first)
        g_string_append_c(out, ',');
    if (!text)
        return;
    if (!strpbrk(text, ",\"\r\n")) {
        g_string_append(out, text);
        return;
    }
    g_string_append_c(out, '"');
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            g_string_append(out, "\"\"");
        else
            g_string_append_c(out, *p == '\n' || *p == '\r' ? ' ' : *p);
    }
    g_string_append_c(out, '"');
}

static void
append_row(GString *out, const tv_migration *m)
{
    char *cells[C_LAST] = { 0 };
    g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc(m->started_wall / G_USEC_PER_SEC);

    cells[C_STARTED] = when ? g_date_time_format_iso8601(when) : g_strdup("");
    cells[C_DOMAIN] = g_strdup(m->domain);
    cells[C_UUID] = g_strdup(m->uuid);
    cells[C_SOURCE] = g_strdup(m->source);
    cells[C_DEST] = g_strdup(m->dest);
    cells[C_BY] = g_strdup(m->started_by);
    cells[C_MODE] = g_strdup(m->mode);
    cells[C_OUTCOME] = g_strdup(tv_mig_phase_name(m->phase));
    for (size_t i = 0; i < G_N_ELEMENTS(stat_columns); i++)
        cells[stat_columns[i].column] = g_strdup(tv_migration_stat(m, stat_columns[i].stat));
    cells[C_BANDWIDTH] = g_strdup_printf("%" G_GUINT64_FORMAT, m->bandwidth_mib);
    cells[C_MAX_DOWNTIME] = g_strdup_printf("%" G_GUINT64_FORMAT, m->max_downtime_ms);
    cells[C_MESSAGE] = g_strdup(m->message);
    for (int c = 0; c < C_LAST; c++) {
        append_field(out, cells[c], c == 0);
        g_free(cells[c]);
    }
    g_string_append_c(out, '\n');
}

char *
tv_mig_history_csv(GPtrArray *ms, gboolean header)
{
    GString *out = g_string_new(NULL);
    for (int c = 0; header && c < C_LAST; c++)
        append_field(out, columns[c], c == 0);
    if (header)
        g_string_append_c(out, '\n');
    for (guint i = 0; ms && i < ms->len; i++)
        append_row(out, ms->pdata[i]);
    return g_string_free(out, FALSE);
}

gboolean
tv_mig_history_append(const char *path, const tv_migration *m, GError **error)
{
    g_autofree char *dir = g_path_get_dirname(path);
    g_autoptr(GPtrArray) one = g_ptr_array_new();
    g_autofree char *text = NULL;
    gboolean fresh = !g_file_test(path, G_FILE_TEST_EXISTS);
    FILE *f;

    if (g_mkdir_with_parents(dir, 0700) < 0) {
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "%s: %s", dir,
                    g_strerror(errno));
        return FALSE;
    }
    g_ptr_array_add(one, (gpointer)m);
    text = tv_mig_history_csv(one, fresh);
    if (!(f = fopen(path, "a")) || fputs(text, f) == EOF || fclose(f) != 0) {
        int e = errno;
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s: %s", path,
                    g_strerror(e));
        return FALSE;
    }
    return TRUE;
}

/* Splits one CSV line into its fields (RFC 4180 quoting). */
static GPtrArray *
split_line(const char *line)
{
    GPtrArray *fields = g_ptr_array_new_with_free_func(g_free);
    const char *p = line;
    for (;;) {
        GString *f = g_string_new(NULL);
        if (*p == '"') {
            for (p++; *p; p++) {
                if (*p == '"' && p[1] == '"')
                    g_string_append_c(f, *p++);
                else if (*p == '"')
                    break;
                else
                    g_string_append_c(f, *p);
            }
            if (*p == '"')
                p++;
        }
        while (*p && *p != ',')
            g_string_append_c(f, *p++);
        g_ptr_array_add(fields, g_string_free(f, FALSE));
        if (*p != ',')
            break;
        p++;
    }
    return fields;
}

static tv_migration *
parse_row(GPtrArray *f)
{
    tv_migration *m;
    g_autoptr(GDateTime) when = NULL;
    const char *outcome = f->pdata[C_OUTCOME];

    m = tv_migration_new(f->pdata[C_DOMAIN], f->pdata[C_UUID], f->pdata[C_SOURCE],
                         f->pdata[C_DEST]);
    g_free(m->started_by);
    m->started_by = g_strdup(f->pdata[C_BY]);
    m->mode = g_strdup(f->pdata[C_MODE]);
    m->message = *(char *)f->pdata[C_MESSAGE] ? g_strdup(f->pdata[C_MESSAGE]) : NULL;
    m->phase = TV_MIG_FAILED;
    for (int p = 0; p < TV_MIG_PHASE_LAST; p++) {
        if (strcmp(outcome, tv_mig_phase_name(p)) == 0)
            m->phase = p;
    }
    if ((when = g_date_time_new_from_iso8601(f->pdata[C_STARTED], NULL)))
        m->started_wall = g_date_time_to_unix(when) * G_USEC_PER_SEC;
    m->started_us = m->ended_us = 0; /* not of this run */
    for (size_t i = 0; i < G_N_ELEMENTS(stat_columns); i++) {
        const char *v = f->pdata[stat_columns[i].column];
        if (*v)
            tv_migration_add_stat(m, stat_columns[i].stat, v);
    }
    tv_migration_take_completed(m);
    m->bandwidth_mib = g_ascii_strtoull(f->pdata[C_BANDWIDTH], NULL, 10);
    m->max_downtime_ms = g_ascii_strtoull(f->pdata[C_MAX_DOWNTIME], NULL, 10);
    return m;
}

GPtrArray *
tv_mig_history_load(const char *path, GError **error)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)tv_migration_free);
    GError *e = NULL;

    if (!g_file_get_contents(path, &text, NULL, &e)) {
        if (g_error_matches(e, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
            g_error_free(e);
            return out;
        }
        g_propagate_error(error, e);
        g_ptr_array_unref(out);
        return NULL;
    }
    lines = g_strsplit(text, "\n", -1);
    for (size_t i = 1; lines[0] && lines[i]; i++) { /* line 0 is the header */
        g_autoptr(GPtrArray) f = split_line(lines[i]);
        if (!*lines[i] || f->len < C_LAST)
            continue; /* an empty or cut line (a crash while appending) */
        g_ptr_array_add(out, parse_row(f));
    }
    return out;
}
