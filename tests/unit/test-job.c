/*
 * The job registry: records published on each change, an observer told on
 * the job's thread, cancel requests, and a bounded history of ended jobs.
 */
#include "config.h"

#include <string.h>

#include "tv-test.h"
#include "model/job.h"
#include "model/messages.h"

static int observed;
static guint64 last_done;

static void
observer(const tv_job_info *info)
{
    observed++;
    last_done = info->done;
}

static void
test_progress_and_end(void **state)
{
    tv_job *j = tv_job_new(3, "volume-create", "images/x");
    guint id = tv_job_id(j);
    g_autoptr(tv_job_list) before = tv_jobs_get();
    g_autoptr(tv_job_list) during = NULL, after = NULL;

    tv_jobs_set_observer(observer);
    assert_int_equal(before->jobs[before->n - 1].state, TV_JOB_RUNNING);
    assert_int_equal(tv_jobs_running(), 1);
    tv_job_progress(j, "allocating", 512, 1024);
    during = tv_jobs_get();
    assert_string_equal(during->jobs[during->n - 1].phase, "allocating");
    assert_true(during->jobs[during->n - 1].done == 512);
    assert_int_equal(before->jobs[before->n - 1].done, 0); /* a published list never changes */
    assert_int_equal(observed, 1);
    assert_true(last_done == 512);

    assert_false(tv_job_cancelled(j));
    assert_true(tv_job_cancel(id));
    assert_true(tv_job_cancelled(j));
    tv_job_finish(j, TV_JOB_CANCELLED, "'images' cancelled");
    assert_false(tv_job_cancel(id)); /* ended: nothing to cancel */
    after = tv_jobs_get();
    assert_int_equal(after->jobs[after->n - 1].state, TV_JOB_CANCELLED);
    assert_string_equal(after->jobs[after->n - 1].message, "'images' cancelled");
    assert_true(after->jobs[after->n - 1].ended_us >= after->jobs[after->n - 1].started_us);
    assert_int_equal(tv_jobs_running(), 0);
    tv_jobs_set_observer(NULL);
}

static void
test_history_is_bounded(void **state)
{
    g_autoptr(tv_job_list) l = NULL;
    tv_job *running = tv_job_new(1, "volume-create", "still running");
    for (int i = 0; i < 80; i++)
        tv_job_finish(tv_job_new(1, "volume-create", "x"), TV_JOB_DONE, "done");
    l = tv_jobs_get();
    assert_true(l->n <= 51);
    /* The running job is never dropped from the history. */
    {
        bool found = false;
        for (size_t i = 0; i < l->n; i++)
            found = found || strcmp(l->jobs[i].target, "still running") == 0;
        assert_true(found);
    }
    tv_job_finish(running, TV_JOB_DONE, "done");
    tv_jobs_reset();
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_progress_and_end),
        cmocka_unit_test(test_history_is_bounded),
    };
    tv_notify_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
