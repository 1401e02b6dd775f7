/*
 * Outcomes of a request and their summary line.  Failures come before
 * skipped targets in the summary: a skipped target was never touched, a
 * failed one may need the user's attention.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "actions/action.h"
#include "actions/report.h"

static void
outcome_clear(gpointer p)
{
    tv_outcome *o = p;
    g_free(o->host);
    g_free(o->name);
    g_free(o->detail);
    if (o->undone)
        g_ptr_array_unref(o->undone);
    if (o->result)
        g_array_unref(o->result);
}

static void
field_clear(gpointer p)
{
    tv_result_field *f = p;
    g_free(f->key);
    g_free(f->value);
}

GArray *
tv_result_fields_new(void)
{
    GArray *a = g_array_new(FALSE, TRUE, sizeof(tv_result_field));
    g_array_set_clear_func(a, field_clear);
    return a;
}

void
tv_result_add(GArray *fields, const char *key, bool number, const char *fmt, ...)
{
    va_list ap;
    tv_result_field f = { .key = g_strdup(key), .number = number };
    va_start(ap, fmt);
    f.value = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_array_append_val(fields, f);
}

tv_action_report *
tv_action_report_new(const tv_action *action, guint request)
{
    tv_action_report *r = g_new0(tv_action_report, 1);
    r->action = action;
    r->request = request;
    r->outcomes = g_array_new(FALSE, TRUE, sizeof(tv_outcome));
    g_array_set_clear_func(r->outcomes, outcome_clear);
    return r;
}

void
tv_action_report_free(tv_action_report *r)
{
    if (!r)
        return;
    g_array_unref(r->outcomes);
    g_free(r);
}

void
tv_action_report_add_full(tv_action_report *r, tv_outcome_kind kind, const char *host,
                          const char *name, const char *detail, GPtrArray *undone,
                          GArray *result)
{
    tv_outcome o = {
        .kind = kind,
        .host = g_strdup(host),
        .name = g_strdup(name),
        .detail = detail && *detail ? g_strdup(detail) : NULL,
    };
    if (undone && undone->len) {
        o.undone = g_ptr_array_new_with_free_func(g_free);
        for (guint i = 0; i < undone->len; i++)
            g_ptr_array_add(o.undone, g_strdup(undone->pdata[i]));
    }
    if (result && result->len) {
        o.result = tv_result_fields_new();
        for (guint i = 0; i < result->len; i++) {
            const tv_result_field *f = &g_array_index(result, tv_result_field, i);
            tv_result_add(o.result, f->key, f->number, "%s", f->value);
        }
    }
    g_array_append_val(r->outcomes, o);
}

void
tv_action_report_add(tv_action_report *r, tv_outcome_kind kind, const char *host,
                     const char *name, const char *detail)
{
    tv_action_report_add_full(r, kind, host, name, detail, NULL, NULL);
}

void
tv_action_report_merge(tv_action_report *into, const tv_action_report *from)
{
    for (guint i = 0; i < from->outcomes->len; i++) {
        const tv_outcome *o = &g_array_index(from->outcomes, tv_outcome, i);
        tv_action_report_add_full(into, o->kind, o->host, o->name, o->detail, o->undone,
                                  o->result);
    }
}

size_t
tv_action_report_count(const tv_action_report *r, tv_outcome_kind kind)
{
    size_t n = 0;
    for (guint i = 0; i < r->outcomes->len; i++)
        n += g_array_index(r->outcomes, tv_outcome, i).kind == kind;
    return n;
}

static bool
spans_hosts(const tv_action_report *r)
{
    for (guint i = 1; i < r->outcomes->len; i++) {
        if (g_strcmp0(g_array_index(r->outcomes, tv_outcome, i).host,
                      g_array_index(r->outcomes, tv_outcome, 0).host) != 0)
            return true;
    }
    return false;
}

/* "'web01'" or, when the request spans hosts, "'web01' on host-b". */
static char *
target_name(const tv_outcome *o, bool with_host)
{
    if (with_host && o->host)
        return g_strdup_printf("'%s' on %s", o->name, o->host);
    return g_strdup_printf("'%s'", o->name);
}

/* What the successes did: the action's past tense, or the note they share (toggles). */
static const char *
done_word(const tv_action_report *r)
{
    const char *shared = NULL;
    if (*r->action->done)
        return r->action->done_many ? r->action->done_many : r->action->done;
    for (guint i = 0; i < r->outcomes->len; i++) {
        const tv_outcome *o = &g_array_index(r->outcomes, tv_outcome, i);
        if (o->kind != TV_OUTCOME_OK)
            continue;
        if (shared && g_strcmp0(shared, o->detail) != 0)
            return "done";
        shared = o->detail;
    }
    return shared ? shared : "done";
}

static char *
single_summary(const tv_action_report *r, const tv_outcome *o)
{
    const tv_action *a = r->action;
    switch (o->kind) {
    case TV_OUTCOME_OK:
        if (!*a->done)
            return g_strdup_printf("'%s' %s", o->name, o->detail ? o->detail : "done");
        return g_strdup_printf("'%s' %s%s%s", o->name, a->done, o->detail ? " " : "",
                               o->detail ? o->detail : "");
    case TV_OUTCOME_FAILED:
        if (o->undone && o->undone->len) {
            g_autoptr(GString) undone = g_string_new(NULL);
            for (guint i = 0; i < o->undone->len; i++)
                g_string_append_printf(undone, "%s%s", i ? "; " : "",
                                       (const char *)o->undone->pdata[i]);
            /* Steps a host that stayed away left come last and say so themselves. */
            bool none_undone = g_str_has_prefix(o->undone->pdata[0], "left");
            return g_strdup_printf("Could not %s '%s': %s (%s%s)", a->label, o->name,
                                   o->detail ? o->detail : "failed",
                                   none_undone ? "" : "undone: ", undone->str);
        }
        return g_strdup_printf("Could not %s '%s': %s", a->label, o->name,
                               o->detail ? o->detail : "failed");
    default:
        return g_strdup_printf("Cannot %s '%s': %s", a->label, o->name,
                               o->detail ? o->detail : "skipped");
    }
}

char *
tv_action_report_summary(const tv_action_report *r)
{
    const tv_action *a = r->action;
    bool with_host = spans_hosts(r);
    size_t ok = tv_action_report_count(r, TV_OUTCOME_OK);
    GString *s;

    if (r->outcomes->len == 0)
        return g_strdup_printf("%s: nothing to do", a->label);
    if (r->outcomes->len == 1)
        return single_summary(r, &g_array_index(r->outcomes, tv_outcome, 0));

    s = g_string_new(NULL);
    if (ok > 0)
        g_string_append_printf(s, "%zu %s", ok, done_word(r));
    else
        g_string_append_printf(s, "%s: none done", a->label);
    /* Notes of successes that say more than the toggle word ("with 2 volumes"). */
    if (*a->done) {
        for (guint i = 0; i < r->outcomes->len; i++) {
            const tv_outcome *o = &g_array_index(r->outcomes, tv_outcome, i);
            g_autofree char *who = NULL;
            if (o->kind != TV_OUTCOME_OK || !o->detail)
                continue;
            who = target_name(o, with_host);
            g_string_append_printf(s, "; %s %s", who, o->detail);
        }
    }
    for (guint i = 0; i < r->outcomes->len; i++) {
        const tv_outcome *o = &g_array_index(r->outcomes, tv_outcome, i);
        g_autofree char *who = NULL;
        if (o->kind != TV_OUTCOME_FAILED)
            continue;
        who = target_name(o, with_host);
        g_string_append_printf(s, "; could not %s %s: %s", a->label, who,
                               o->detail ? o->detail : "failed");
    }
    for (guint i = 0; i < r->outcomes->len; i++) {
        const tv_outcome *o = &g_array_index(r->outcomes, tv_outcome, i);
        g_autofree char *who = NULL;
        if (o->kind != TV_OUTCOME_SKIPPED)
            continue;
        who = target_name(o, with_host);
        g_string_append_printf(s, "; %s skipped: %s", who, o->detail ? o->detail : "?");
    }
    return g_string_free(s, FALSE);
}
