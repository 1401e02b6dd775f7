/*
 * The job registry: running jobs and a short history of ended ones.  Every
 * change (progress, end) builds a new immutable list and wakes the front
 * end, which takes a reference and draws from it like from a host
 * snapshot; job threads never touch the front end.
 */
#include "config.h"

#include "model/job.h"
#include "model/messages.h"

#define TV_JOB_HISTORY 50

struct tv_job {
    guint id;
};

static GMutex jobs_lock;
static GArray *records;    /* tv_job_info, oldest first (the registry's own copies) */
static GHashTable *cancel; /* ids asked to cancel */
static tv_job_list *published;
static guint next_id;
static void (*observer_fn)(const tv_job_info *info);


static const char *const state_names[] = {
    [TV_JOB_RUNNING] = "running",
    [TV_JOB_DONE] = "done",
    [TV_JOB_FAILED] = "failed",
    [TV_JOB_CANCELLED] = "cancelled",
};
G_STATIC_ASSERT(G_N_ELEMENTS(state_names) == TV_JOB_STATE_LAST);

const char *
tv_job_state_name(tv_job_state s)
{
    return (unsigned)s < TV_JOB_STATE_LAST ? state_names[s] : "?";
}

static void
info_clear(tv_job_info *i)
{
    g_free(i->action);
    g_free(i->target);
    g_free(i->phase);
    g_free(i->message);
    tv_migration_free(i->migration);
}

static void
info_copy(tv_job_info *to, const tv_job_info *from)
{
    *to = *from;
    to->action = g_strdup(from->action);
    to->target = g_strdup(from->target);
    to->phase = g_strdup(from->phase);
    to->message = g_strdup(from->message);
    to->migration = from->migration ? tv_migration_copy(from->migration) : NULL;
}

void
tv_jobs_set_observer(void (*observer)(const tv_job_info *info))
{
    g_mutex_lock(&jobs_lock);
    observer_fn = observer;
    g_mutex_unlock(&jobs_lock);
}

/* Tells the observer about job id (outside the lock: it may be slow). */
static void
observe(guint id)
{
    void (*fn)(const tv_job_info *) = NULL;
    tv_job_info copy = { 0 };
    g_mutex_lock(&jobs_lock);
    fn = observer_fn;
    for (guint i = 0; fn && records && i < records->len; i++) {
        if (g_array_index(records, tv_job_info, i).id == id)
            info_copy(&copy, &g_array_index(records, tv_job_info, i));
    }
    g_mutex_unlock(&jobs_lock);
    if (fn && copy.id)
        fn(&copy);
    info_clear(&copy);
}

static void
list_clear(tv_job_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        info_clear(&l->jobs[i]);
    g_free(l->jobs);
}

void
tv_job_list_unref(tv_job_list *l)
{
    if (l)
        g_atomic_rc_box_release_full(l, (GDestroyNotify)list_clear);
}

/* Publishes the records as a new list; the lock is held. */
static void
publish_locked(void)
{
    tv_job_list *l = g_atomic_rc_box_new0(tv_job_list);
    l->n = records ? records->len : 0;
    l->jobs = g_new0(tv_job_info, l->n ? l->n : 1);
    for (size_t i = 0; i < l->n; i++)
        info_copy(&l->jobs[i], &g_array_index(records, tv_job_info, i));
    tv_job_list_unref(published);
    published = l;
}

tv_job_list *
tv_jobs_get(void)
{
    tv_job_list *l;
    g_mutex_lock(&jobs_lock);
    if (!published)
        publish_locked();
    l = g_atomic_rc_box_acquire(published);
    g_mutex_unlock(&jobs_lock);
    return l;
}

unsigned
tv_jobs_running(void)
{
    unsigned n = 0;
    g_mutex_lock(&jobs_lock);
    for (guint i = 0; records && i < records->len; i++)
        n += g_array_index(records, tv_job_info, i).state == TV_JOB_RUNNING;
    g_mutex_unlock(&jobs_lock);
    return n;
}

bool
tv_jobs_migrating(const char *uuid)
{
    bool found = false;
    g_mutex_lock(&jobs_lock);
    for (guint i = 0; records && i < records->len && !found; i++) {
        const tv_job_info *r = &g_array_index(records, tv_job_info, i);
        found = r->state == TV_JOB_RUNNING && r->migration &&
                g_strcmp0(r->migration->uuid, uuid) == 0;
    }
    g_mutex_unlock(&jobs_lock);
    return found;
}

static tv_job_info *
record_locked(guint id)
{
    for (guint i = 0; records && i < records->len; i++) {
        if (g_array_index(records, tv_job_info, i).id == id)
            return &g_array_index(records, tv_job_info, i);
    }
    return NULL;
}

bool
tv_job_cancel(guint id)
{
    bool running;
    g_mutex_lock(&jobs_lock);
    running = record_locked(id) && record_locked(id)->state == TV_JOB_RUNNING;
    if (running)
        g_hash_table_add(cancel, GUINT_TO_POINTER(id));
    g_mutex_unlock(&jobs_lock);
    return running;
}

tv_job *
tv_job_new(unsigned host_id, const char *action, const char *target)
{
    tv_job *j = g_new0(tv_job, 1);
    tv_job_info info = {
        .host_id = host_id,
        .action = g_strdup(action),
        .target = g_strdup(target),
        .state = TV_JOB_RUNNING,
        .started_us = g_get_monotonic_time(),
    };
    g_mutex_lock(&jobs_lock);
    if (!records) {
        records = g_array_new(FALSE, TRUE, sizeof(tv_job_info));
        cancel = g_hash_table_new(g_direct_hash, g_direct_equal);
    }
    info.id = j->id = ++next_id;
    g_array_append_val(records, info);
    publish_locked();
    g_mutex_unlock(&jobs_lock);
    tv_notify_wake();
    return j;
}

guint
tv_job_id(const tv_job *j)
{
    return j->id;
}

void
tv_job_progress(tv_job *j, const char *phase, guint64 done, guint64 total)
{
    tv_job_info *r;
    g_mutex_lock(&jobs_lock);
    if ((r = record_locked(j->id))) {
        if (g_strcmp0(r->phase, phase) != 0) {
            g_free(r->phase);
            r->phase = g_strdup(phase);
        }
        r->done = done;
        r->total = total;
        publish_locked();
    }
    g_mutex_unlock(&jobs_lock);
    observe(j->id);
    tv_notify_wake();
}

void
tv_job_set_migration(tv_job *j, const tv_migration *m)
{
    tv_job_info *r;
    g_mutex_lock(&jobs_lock);
    if ((r = record_locked(j->id))) {
        tv_migration_free(r->migration);
        r->migration = tv_migration_copy(m);
        publish_locked();
    }
    g_mutex_unlock(&jobs_lock);
    observe(j->id);
    tv_notify_wake();
}

bool
tv_job_cancelled(tv_job *j)
{
    bool c;
    g_mutex_lock(&jobs_lock);
    c = g_hash_table_contains(cancel, GUINT_TO_POINTER(j->id));
    g_mutex_unlock(&jobs_lock);
    return c;
}

void
tv_job_finish(tv_job *j, tv_job_state state, const char *message)
{
    tv_job_info *r;
    g_mutex_lock(&jobs_lock);
    if ((r = record_locked(j->id))) {
        r->state = state;
        r->ended_us = g_get_monotonic_time();
        g_free(r->message);
        r->message = g_strdup(message);
    }
    g_hash_table_remove(cancel, GUINT_TO_POINTER(j->id));
    /* Keep a short history: drop the oldest ended jobs. */
    while (records->len > TV_JOB_HISTORY) {
        guint k = 0;
        while (k < records->len && g_array_index(records, tv_job_info, k).state == TV_JOB_RUNNING)
            k++;
        if (k == records->len)
            break;
        info_clear(&g_array_index(records, tv_job_info, k));
        g_array_remove_index(records, k);
    }
    publish_locked();
    g_mutex_unlock(&jobs_lock);
    observe(j->id);
    g_free(j);
    tv_notify_wake();
}

void
tv_jobs_reset(void)
{
    g_mutex_lock(&jobs_lock);
    for (guint i = 0; records && i < records->len; i++)
        info_clear(&g_array_index(records, tv_job_info, i));
    if (records)
        g_array_set_size(records, 0);
    publish_locked();
    g_mutex_unlock(&jobs_lock);
}
