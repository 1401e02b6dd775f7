/*
 * tvirt's entry point: options and config file, libvirt set-up (silent
 * error handler, event loop before any connection), one host per URI, then
 * either batch mode or the curses front end.
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <unistd.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/xmlerror.h>

#include "batch.h"
#include "exec.h"
#include "model/events.h"
#include "model/host.h"
#include "model/oscat.h"
#include "model/messages.h"
#include "options.h"
#include "ui/app.h"
#include "util/conffile.h"
#include "util/log.h"

#define TV_DEFAULT_INTERVAL_S 2.0
/* Idle workers stop at once; one inside a slow libvirt call is not waited for. */
#define TV_SHUTDOWN_WAIT_US (300 * 1000)

static volatile int batch_stop;

static void
on_batch_signal(int sig)
{
    batch_stop = 1;
}

/*
 * While the screen runs, stderr goes to $TVIRT_LOG or nowhere: libraries
 * print there (libxml2 warnings, ssh), and it must not land on the screen.
 * Done before any host starts.  Returns the saved stderr, or -1.
 */
static int
redirect_stderr(void)
{
    const char *log = g_getenv("TVIRT_LOG");
    int saved = dup(STDERR_FILENO);
    int fd = open(log && *log ? log : "/dev/null", O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
                  0600);
    if (fd >= 0) {
        dup2(fd, STDERR_FILENO);
        close(fd);
    }
    return saved;
}

static void
restore_stderr(int saved)
{
    if (saved >= 0) {
        dup2(saved, STDERR_FILENO);
        close(saved);
    }
}

static void
silent_xml_errors(void *ctx, const char *msg, ...)
{
    /* libvirt reports the same failure in its own words. */
}

static void
silent_libvirt_errors(void *data, virErrorPtr err)
{
    /* libvirt prints every error to stderr by default, over the screen. */
}

int
main(int argc, char **argv)
{
    tv_options opts;
    g_autofree char *error = NULL;
    g_autoptr(tv_config) cfg = tv_config_new();
    g_autofree char *cfg_path = tv_config_default_path();
    g_autofree char *cfg_error = NULL;
    g_autoptr(GPtrArray) hosts = g_ptr_array_new();
    char *const *uris;
    tv_app_settings settings = { 0 };
    int status = 0;
    int saved_stderr = -1;

    setlocale(LC_ALL, "");
    if (tv_options_parse(&opts, argc, argv, &error) < 0) {
        fprintf(stderr, "tvirt: %s\n\n%s", error, tv_options_usage());
        return 2;
    }
    if (opts.help && opts.exec) {
        status = tv_exec_help(opts.exec, stdout, stderr);
        tv_options_clear(&opts);
        return status;
    }
    if (opts.help) {
        fputs(tv_options_usage(), stdout);
        tv_options_clear(&opts);
        return 0;
    }
    if (opts.version) {
        printf("tvirt %s\n", PACKAGE_VERSION);
        tv_options_clear(&opts);
        return 0;
    }
    tv_log_init();
    if (g_getenv("TVIRT_CONFIG"))
        g_free(cfg_path), cfg_path = g_strdup(g_getenv("TVIRT_CONFIG"));
    if (tv_config_load(cfg, cfg_path, &cfg_error) < 0 && (opts.batch || opts.exec))
        fprintf(stderr, "tvirt: config file ignored, using defaults: %s\n", cfg_error);

    virSetErrorFunc(NULL, silent_libvirt_errors);
    xmlSetGenericErrorFunc(NULL, silent_xml_errors); /* this thread: batch refreshes here */
    /*
     * Batch mode polls on its own clock and has no screen to update on an
     * event, so it runs without libvirt's event loop: with one, every remote
     * call wakes the loop thread twice (the client hands the socket over and
     * back), which costs more CPU than the call itself on a small host.
     * --exec runs it: without it there is no keepalive, and a call on a
     * link that died waits for TCP to give up (15 minutes), not ~15 s.
     */
    if (virInitialize() < 0 || tv_notify_init() < 0 ||
        (!opts.batch && tv_events_start() < 0)) {
        fprintf(stderr, "tvirt: could not initialise libvirt\n");
        tv_options_clear(&opts);
        return 1;
    }

    if (opts.exec) {
        /* One action, no screen and no workers: the host is read on this thread. */
        status = tv_exec_run(&opts, (const char *const *)(opts.uris ? opts.uris : cfg->connect),
                             stdout, stderr);
        tv_events_stop();
        tv_oscat_shutdown();
        tv_notify_shutdown();
        tv_options_clear(&opts);
        tv_log_close();
        return status;
    }
    if (!opts.batch)
        saved_stderr = redirect_stderr();
    settings.interval_s = opts.interval_s >= 0   ? opts.interval_s
                          : cfg->interval_s >= 0 ? cfg->interval_s
                                                 : TV_DEFAULT_INTERVAL_S;
    uris = opts.uris ? opts.uris : cfg->connect;
    {
        static char *const no_uri[] = { NULL, NULL };
        const char *const *list = (const char *const *)(uris && uris[0] ? uris : no_uri);
        size_t count = uris && uris[0] ? g_strv_length((char **)uris) : 1;
        for (size_t i = 0; i < count; i++) {
            tv_host_config hc = {
                .uri = list[i],
                .readonly = opts.readonly,
                .interval_s = settings.interval_s,
                .on_demand = opts.batch, /* the batch loop asks for each refresh */
                .wants = opts.batch ? TV_WANT_INFO : TV_WANT_ALL,
            };
            tv_host *h = tv_host_new(&hc);
            g_ptr_array_add(hosts, h);
            if (!(opts.batch && count == 1))
                tv_host_start(h);
        }
    }

    if (opts.batch) {
        struct sigaction sa = { .sa_handler = on_batch_signal };
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        signal(SIGPIPE, SIG_IGN);
        status = tv_batch_run((tv_host **)hosts->pdata, hosts->len, hosts->len == 1, &opts,
                              stdout, stderr, &batch_stop);
    } else {
        settings.readonly = opts.readonly;
        settings.theme = opts.theme ? opts.theme : cfg->theme;
        settings.config = cfg;
        settings.config_error = cfg_error;
        g_autofree char *app_error = NULL;
        status = tv_app_run(hosts, &settings, &app_error);
        restore_stderr(saved_stderr);
        if (app_error)
            fprintf(stderr, "tvirt: %s\n", app_error);
    }

    /* Stop every worker; one stuck on a hung daemon is left behind, not waited for. */
    {
        gint64 deadline = g_get_monotonic_time() + TV_SHUTDOWN_WAIT_US;
        bool all_stopped = true;
        for (guint i = 0; i < hosts->len; i++)
            tv_host_stop(hosts->pdata[i]);
        for (guint i = 0; i < hosts->len; i++) {
            gint64 left = MAX(deadline - g_get_monotonic_time(), 0);
            if (!tv_host_wait_stopped(hosts->pdata[i], left))
                all_stopped = false;
        }
        for (guint i = 0; i < hosts->len; i++)
            tv_host_free(hosts->pdata[i]);
        /* Workers dropped by :disconnect while stuck count too. */
        if (!all_stopped || tv_host_live_workers() > 0) {
            fflush(stdout);
            _exit(status);
        }
    }
    tv_events_stop();
    tv_oscat_shutdown(); /* waits for a load the create form started */
    tv_notify_shutdown();
    tv_options_clear(&opts);
    tv_log_close();
    return status;
}
