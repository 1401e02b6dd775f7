/*
 * ptymeter: measures what a terminal program costs, for bench/run.sh.  Three modes:
 *
 *   pty mode (default): runs the command on a fresh pseudo-terminal of a given size with
 *   TERM=xterm-256color, reads everything it writes and reports when the first byte and the
 *   first occurrence of a text arrived, how many bytes it wrote while settling and during a
 *   measurement window, then types the quit keys and waits for it to exit.  A script of steps
 *   (--wait-text, --send, --wait-gone, in order) can drive it meanwhile: those wait on what a
 *   terminal emulator (libvterm) shows, not on the byte stream, so a text that curses wrote in
 *   pieces, or that disappeared, is seen as a user would see it.
 *
 *   --cpu mode: runs the command with stdout sent to a file (default /dev/null) and reports the
 *   user and system CPU time of the child (all its threads) from wait4(), plus wall time.
 *
 *   --lockstep mode: runs up to 8 commands (A :: B :: ...) taking turns on one CPU, each for a
 *   slice in proportion to its weight while SIGSTOP holds the others, and reports the CPU time
 *   of each.  On a shared virtual machine a CPU's speed drifts by up to 2x over seconds; turns
 *   of a few tens of milliseconds put every command under the same drift, so their CPU times
 *   compare where runs one after the other do not.  With weights set to the expected CPU
 *   times all end together; the CPU spent after the first one ended is reported.
 *
 * Results are key=value lines on stdout.  Nothing is ever answered to the program: a terminal
 * query it sends goes unanswered, as over a slow link.  libc, forkpty (-lutil) and libvterm.
 */
#include "config.h"

/* sched_setaffinity and the CPU_* macros are GNU extensions. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

/* Reads closer together than this belong to one burst (one repaint) in the window. */
#define BURST_GAP_MS 20.0
#define PM_MAX_CMDS 8
#define PM_MAX_STEPS 16
/* A text counts as gone once the screen without it has had no output for this long, so that
 * a frame still arriving in pieces is not taken for the finished screen. */
#define PM_IDLE_MS 3.0

typedef enum { PM_STEP_WAIT_TEXT, PM_STEP_WAIT_GONE, PM_STEP_SEND } pm_step_kind;

/* One step of the script: what it waits for, or the keys it types. */
typedef struct {
    pm_step_kind kind;
    char *arg;      /* the text, or the keys with their escapes undone */
    size_t arg_len; /* its length in bytes */
} pm_step;

typedef struct {
    int cpu_mode;
    int lockstep_mode;
    int stop_on_text;
    int pin_cpu;
    long slice_ms;
    int ncmds;
    int nweights;
    double weights[PM_MAX_CMDS];
    int cols;
    int rows;
    long settle_ms;
    long measure_ms;
    long quit_timeout_ms;
    const char *text;
    const char *quit_keys;
    const char *dump_path;
    const char *out_path;
    char **argv;
    char **cmds[PM_MAX_CMDS];
    int nsteps;
    pm_step steps[PM_MAX_STEPS];
} pm_opts;

typedef struct {
    double first_byte_ms;
    double first_text_ms;
    unsigned long long settle_bytes;
    unsigned long long window_bytes;
    unsigned long long total_bytes;
    unsigned long window_bursts;
    double last_window_read_ms;
    /* The tail of the stream that might hold the start of the text, across reads. */
    char *carry;
    size_t carry_len;
    FILE *dump;
    /* The script: the screen as a terminal shows it, the step under way and when it began. */
    VTerm *vt;
    VTermScreen *screen;
    int step;
    double step_from_ms;
    double last_read_ms;
    int unsettled; /* output came, or a step began, since the screen was last seen idle */
    double step_done_ms[PM_MAX_STEPS]; /* since the start; -1 while not done */
    int step_seen[PM_MAX_STEPS];       /* wait-gone: the text showed at some point */
    double start_ms;                   /* the clock at spawn */
} pm_state;

static double
pm_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
pm_usage(void)
{
    fprintf(stderr,
            "usage: ptymeter [--cols N] [--rows N] [--settle-ms MS] [--measure-ms MS]\n"
            "                [--first-frame-text TEXT] [--quit-keys KEYS] [--quit-timeout-ms MS]\n"
            "                [--stop-on-text] [--dump FILE]\n"
            "                [--wait-text TEXT | --send KEYS | --wait-gone TEXT]...\n"
            "                -- COMMAND [ARG...]\n"
            "       ptymeter --cpu [--out FILE] -- COMMAND [ARG...]\n"
            "       ptymeter --lockstep [--slice-ms MS] [--weights W1,W2,...] [--pin-cpu N]\n"
            "                [--out PREFIX] -- COMMAND_A [ARG...] :: COMMAND_B [ARG...] ...\n");
}

static int
pm_parse_long(const char *s, long *out)
{
    char *end;

    errno = 0;
    *out = strtol(s, &end, 10);
    return (errno || end == s || *end || *out < 0) ? -1 : 0;
}

static int
pm_parse_weights(const char *v, pm_opts *o)
{
    const char *p = v;

    o->nweights = 0;
    while (*p) {
        char *end;
        double w = strtod(p, &end);

        if (end == p || !(w > 0) || o->nweights == PM_MAX_CMDS)
            return -1;
        o->weights[o->nweights++] = w;
        if (*end == ',')
            end++;
        else if (*end)
            return -1;
        p = end;
    }
    return o->nweights ? 0 : -1;
}

/* Splits A :: B :: ... in place; execvp wants each list NULL-terminated. */
static int
pm_split_cmds(int argc, char **argv, int first, pm_opts *o)
{
    int j;

    o->ncmds = 0;
    o->cmds[o->ncmds++] = argv + first;
    for (j = first; j < argc; j++) {
        if (strcmp(argv[j], "::"))
            continue;
        if (o->ncmds == PM_MAX_CMDS)
            return -1;
        argv[j] = NULL;
        o->cmds[o->ncmds++] = argv + j + 1;
    }
    for (j = 0; j < o->ncmds; j++) {
        if (!o->cmds[j][0])
            return -1;
    }
    return o->nweights && o->nweights != o->ncmds ? -1 : 0;
}

/* KEYS with C escapes undone: \e (Esc), \t, \r, \n, \\ and \xHH; NULL when malformed. */
static char *
pm_unescape(const char *v, size_t *len)
{
    char *out = malloc(strlen(v) + 1);
    size_t n = 0;

    if (!out)
        abort();
    while (*v) {
        char c = *v++;

        if (c == '\\') {
            c = *v++;
            if (c == 'e') {
                c = 27;
            } else if (c == 't') {
                c = '\t';
            } else if (c == 'r') {
                c = '\r';
            } else if (c == 'n') {
                c = '\n';
            } else if (c == 'x' && isxdigit((unsigned char)v[0]) &&
                       isxdigit((unsigned char)v[1])) {
                char hex[3] = { v[0], v[1], '\0' };

                c = (char)strtol(hex, NULL, 16);
                v += 2;
            } else if (c != '\\') {
                free(out);
                return NULL;
            }
        }
        out[n++] = c;
    }
    *len = n;
    return out;
}

static int
pm_add_step(pm_opts *o, const char *opt, const char *v)
{
    pm_step *st;

    if (o->nsteps == PM_MAX_STEPS)
        return -1;
    st = &o->steps[o->nsteps];
    if (!strcmp(opt, "--send")) {
        st->kind = PM_STEP_SEND;
        if (!(st->arg = pm_unescape(v, &st->arg_len)) || !st->arg_len)
            return -1;
    } else {
        st->kind = strcmp(opt, "--wait-text") ? PM_STEP_WAIT_GONE : PM_STEP_WAIT_TEXT;
        if (!*v || !(st->arg = strdup(v)))
            return -1;
        st->arg_len = strlen(v);
    }
    o->nsteps++;
    return 0;
}

static int
pm_parse(int argc, char **argv, pm_opts *o)
{
    int i;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        long n;

        if (!strcmp(a, "--")) {
            o->argv = argv + i + 1;
            if (!argv[i + 1])
                return -1;
            return o->lockstep_mode ? pm_split_cmds(argc, argv, i + 1, o) : 0;
        }
        if (!strcmp(a, "--cpu")) {
            o->cpu_mode = 1;
            continue;
        }
        if (!strcmp(a, "--lockstep")) {
            o->lockstep_mode = 1;
            continue;
        }
        if (!strcmp(a, "--stop-on-text")) {
            o->stop_on_text = 1;
            continue;
        }
        if (!v)
            return -1;
        i++;
        if (!strcmp(a, "--wait-text") || !strcmp(a, "--wait-gone") || !strcmp(a, "--send")) {
            if (pm_add_step(o, a, v) < 0)
                return -1;
            continue;
        }
        if (!strcmp(a, "--first-frame-text")) {
            o->text = *v ? v : NULL;
        } else if (!strcmp(a, "--quit-keys")) {
            o->quit_keys = v;
        } else if (!strcmp(a, "--dump")) {
            o->dump_path = v;
        } else if (!strcmp(a, "--out")) {
            o->out_path = v;
        } else if (!strcmp(a, "--weights")) {
            if (pm_parse_weights(v, o) < 0)
                return -1;
        } else if (pm_parse_long(v, &n) < 0) {
            return -1;
        } else if (!strcmp(a, "--cols")) {
            o->cols = (int)n;
        } else if (!strcmp(a, "--rows")) {
            o->rows = (int)n;
        } else if (!strcmp(a, "--settle-ms")) {
            o->settle_ms = n;
        } else if (!strcmp(a, "--measure-ms")) {
            o->measure_ms = n;
        } else if (!strcmp(a, "--quit-timeout-ms")) {
            o->quit_timeout_ms = n;
        } else if (!strcmp(a, "--slice-ms")) {
            o->slice_ms = n;
        } else if (!strcmp(a, "--pin-cpu")) {
            o->pin_cpu = (int)n;
        } else {
            return -1;
        }
    }
    return -1;
}

static void
pm_print_status(int status)
{
    if (WIFEXITED(status))
        printf("exit_status=%d\n", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        printf("exit_signal=%d\n", WTERMSIG(status));
}

static double
pm_tv_ms(const struct timeval *tv)
{
    return (double)tv->tv_sec * 1e3 + (double)tv->tv_usec / 1e3;
}

/*
 * Forks argv with stdout to out (default /dev/null) and stdin from /dev/null, pinned to cpu
 * when cpu >= 0, and stopped before exec when stopped is set (the caller starts it).
 */
static pid_t
pm_spawn(char **argv, const char *out, int cpu, int stopped)
{
    pid_t pid = fork();

    if (pid < 0) {
        perror("ptymeter: fork");
        return -1;
    }
    if (pid == 0) {
        int fd = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int nul = open("/dev/null", O_RDONLY);

        if (fd < 0 || nul < 0 || dup2(fd, STDOUT_FILENO) < 0 || dup2(nul, STDIN_FILENO) < 0) {
            perror("ptymeter: redirect");
            _exit(127);
        }
        if (cpu >= 0) {
            cpu_set_t set;

            CPU_ZERO(&set);
            CPU_SET(cpu, &set);
            if (sched_setaffinity(0, sizeof(set), &set) < 0) {
                perror("ptymeter: sched_setaffinity");
                _exit(127);
            }
        }
        if (stopped)
            raise(SIGSTOP);
        execvp(argv[0], argv);
        fprintf(stderr, "ptymeter: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    return pid;
}

static int
pm_wait(pid_t pid, int *status, struct rusage *ru, int flags)
{
    while (wait4(pid, status, flags, ru) < 0) {
        if (errno != EINTR) {
            perror("ptymeter: wait4");
            return -1;
        }
    }
    return 0;
}

/* --cpu: the child's own CPU time, so a loaded machine skews it less than wall time would. */
static int
pm_run_cpu(const pm_opts *o)
{
    struct rusage ru;
    double t0, t1;
    int status;
    pid_t pid;

    t0 = pm_now_ms();
    if ((pid = pm_spawn(o->argv, o->out_path, -1, 0)) < 0 || pm_wait(pid, &status, &ru, 0) < 0)
        return 1;
    t1 = pm_now_ms();

    printf("cpu_user_ms=%.3f\n", pm_tv_ms(&ru.ru_utime));
    printf("cpu_sys_ms=%.3f\n", pm_tv_ms(&ru.ru_stime));
    printf("cpu_ms=%.3f\n", pm_tv_ms(&ru.ru_utime) + pm_tv_ms(&ru.ru_stime));
    printf("wall_ms=%.1f\n", t1 - t0);
    printf("maxrss_kb=%ld\n", ru.ru_maxrss);
    pm_print_status(status);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

/* User+system CPU of a live process and all its threads, from /proc (10 ms ticks). */
static double
pm_proc_cpu_ms(pid_t pid)
{
    char path[64], buf[1024];
    unsigned long long ut = 0, st = 0;
    const char *p;
    FILE *f;
    size_t n;
    int field;

    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    if (!(f = fopen(path, "r")))
        return -1;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* Fields count from after the command name, which may hold spaces: skip to its ')'. */
    if (!(p = strrchr(buf, ')')))
        return -1;
    for (field = 2; *p && field < 14; p++) {
        if (*p == ' ')
            field++;
    }
    if (sscanf(p, "%llu %llu", &ut, &st) != 2)
        return -1;
    return (double)(ut + st) * 1e3 / (double)sysconf(_SC_CLK_TCK);
}

typedef struct {
    pid_t pid;
    int done;
    int status;
    struct rusage ru;
} pm_child;

/* Lets c run for ms milliseconds, then stops it; notes when it has ended meanwhile. */
static int
pm_turn(pm_child *c, long ms)
{
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

    kill(c->pid, SIGCONT);
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
    kill(c->pid, SIGSTOP);
    if (pm_wait(c->pid, &c->status, &c->ru, WUNTRACED) < 0)
        return -1;
    if (WIFEXITED(c->status) || WIFSIGNALED(c->status))
        c->done = 1;
    return 0;
}

static int
pm_pick_cpu(const pm_opts *o)
{
    cpu_set_t set;
    int i;

    if (o->pin_cpu >= 0)
        return o->pin_cpu;
    /* The last CPU we may use: CPU 0 tends to take the interrupts. */
    if (sched_getaffinity(0, sizeof(set), &set) < 0)
        return -1;
    for (i = CPU_SETSIZE - 1; i >= 0; i--) {
        if (CPU_ISSET(i, &set))
            return i;
    }
    return -1;
}

static double
pm_child_cpu_ms(const pm_child *c)
{
    return pm_tv_ms(&c->ru.ru_utime) + pm_tv_ms(&c->ru.ru_stime);
}

static int
pm_run_lockstep(const pm_opts *o)
{
    pm_child c[PM_MAX_CMDS];
    long slice[PM_MAX_CMDS];
    double solo_from[PM_MAX_CMDS];
    double t0, t1, wmax = 0, solo = 0;
    int cpu = pm_pick_cpu(o);
    int alive, first_exit = 0, failed = 0, i;

    memset(c, 0, sizeof(c));
    for (i = 0; i < o->ncmds; i++) {
        double w = o->nweights ? o->weights[i] : 1.0;

        if (w > wmax)
            wmax = w;
    }
    /* The heaviest command gets the full slice, the others their share of it. */
    for (i = 0; i < o->ncmds; i++) {
        double w = o->nweights ? o->weights[i] : 1.0;

        slice[i] = (long)((double)o->slice_ms * w / wmax + 0.5);
        if (slice[i] < 2)
            slice[i] = 2;
        solo_from[i] = -1;
    }

    t0 = pm_now_ms();
    for (i = 0; i < o->ncmds; i++) {
        char path[4096];
        const char *out = NULL;

        if (o->out_path) {
            snprintf(path, sizeof(path), "%s.%d", o->out_path, i + 1);
            out = path;
        }
        if ((c[i].pid = pm_spawn(o->cmds[i], out, cpu, 1)) < 0)
            return 1;
    }
    /* Each stops itself before exec: wait for all, so none has a head start. */
    alive = 0;
    for (i = 0; i < o->ncmds; i++) {
        if (pm_wait(c[i].pid, &c[i].status, &c[i].ru, WUNTRACED) < 0)
            return 1;
        if (WIFSTOPPED(c[i].status))
            alive++;
        else
            c[i].done = 1;
    }

    while (alive > 0) {
        for (i = 0; i < o->ncmds; i++) {
            int j;

            if (c[i].done)
                continue;
            if (pm_turn(&c[i], slice[i]) < 0)
                return 1;
            if (!c[i].done)
                continue;
            alive--;
            if (first_exit)
                continue;
            /* From here on the survivors no longer share every moment with this one. */
            first_exit = 1;
            for (j = 0; j < o->ncmds; j++) {
                if (!c[j].done)
                    solo_from[j] = pm_proc_cpu_ms(c[j].pid);
            }
        }
    }
    t1 = pm_now_ms();

    printf("cpu=%d\n", cpu);
    for (i = 0; i < o->ncmds; i++) {
        printf("cmd%d_cpu_ms=%.3f\n", i + 1, pm_child_cpu_ms(&c[i]));
        if (WIFEXITED(c[i].status)) {
            printf("cmd%d_exit_status=%d\n", i + 1, WEXITSTATUS(c[i].status));
            failed |= WEXITSTATUS(c[i].status) != 0;
        } else {
            printf("cmd%d_exit_signal=%d\n", i + 1, WTERMSIG(c[i].status));
            failed = 1;
        }
        if (solo_from[i] >= 0)
            solo += pm_child_cpu_ms(&c[i]) - solo_from[i];
    }
    printf("after_first_exit_cpu_ms=%.3f\n", solo);
    printf("wall_ms=%.1f\n", t1 - t0);
    return failed;
}

/* Looks for the text in carry + buf without ever copying the whole stream. */
static void
pm_scan_text(const pm_opts *o, pm_state *s, const char *buf, size_t len, double now)
{
    size_t tlen = strlen(o->text);
    size_t keep = tlen - 1;
    char *joined;
    size_t jlen = s->carry_len + len;
    size_t i;

    joined = malloc(jlen + 1);
    if (!joined)
        abort();
    memcpy(joined, s->carry, s->carry_len);
    memcpy(joined + s->carry_len, buf, len);
    for (i = 0; i + tlen <= jlen; i++) {
        if (joined[i] == o->text[0] && !memcmp(joined + i, o->text, tlen)) {
            s->first_text_ms = now;
            break;
        }
    }
    if (keep > jlen)
        keep = jlen;
    memcpy(s->carry, joined + jlen - keep, keep);
    s->carry_len = keep;
    free(joined);
}

/* Whether one row of the emulated screen shows text. */
static int
pm_screen_has(const pm_opts *o, const pm_state *s, const char *text)
{
    size_t cap = (size_t)o->cols * 8 + 1;
    char *row = malloc(cap);
    int found = 0, y;

    if (!row)
        abort();
    for (y = 0; y < o->rows && !found; y++) {
        VTermRect r = { .start_row = y, .end_row = y + 1, .start_col = 0, .end_col = o->cols };
        size_t n = vterm_screen_get_text(s->screen, row, cap - 1, r);

        row[n] = '\0';
        found = strstr(row, text) != NULL;
    }
    free(row);
    return found;
}

/*
 * Runs the script as far as the screen allows at now (ms since the start).  Texts are looked
 * for after every read; a text counts as gone only when idle (no output for PM_IDLE_MS), and
 * then as of the last read, the one that took it off the screen.
 */
static void
pm_steps_run(int fd, const pm_opts *o, pm_state *s, double now, int idle)
{
    while (s->step < o->nsteps) {
        const pm_step *st = &o->steps[s->step];

        if (st->kind == PM_STEP_SEND) {
            if (write(fd, st->arg, st->arg_len) != (ssize_t)st->arg_len)
                perror("ptymeter: write keys");
            now = pm_now_ms() - s->start_ms;
            s->step_done_ms[s->step] = now;
        } else if (st->kind == PM_STEP_WAIT_TEXT) {
            if (!pm_screen_has(o, s, st->arg))
                return;
            s->step_done_ms[s->step] = now;
        } else {
            if (pm_screen_has(o, s, st->arg)) {
                s->step_seen[s->step] = 1;
                return;
            }
            if (!idle)
                return;
            s->step_done_ms[s->step] =
                s->last_read_ms > s->step_from_ms ? s->last_read_ms : s->step_from_ms;
        }
        s->step++;
        s->step_from_ms = now;
        s->unsettled = 1; /* a wait-gone next is looked at when idle even if nothing comes */
    }
}

static void
pm_account(const pm_opts *o, pm_state *s, const char *buf, size_t len, double now)
{
    if (s->vt) {
        vterm_input_write(s->vt, buf, len);
        s->unsettled = 1;
        s->last_read_ms = now;
    }
    if (s->first_byte_ms < 0)
        s->first_byte_ms = now;
    if (o->text && s->first_text_ms < 0)
        pm_scan_text(o, s, buf, len, now);
    s->total_bytes += len;
    if (now < o->settle_ms) {
        s->settle_bytes += len;
    } else if (now < o->settle_ms + o->measure_ms) {
        s->window_bytes += len;
        if (s->last_window_read_ms < 0 || now - s->last_window_read_ms > BURST_GAP_MS)
            s->window_bursts++;
        s->last_window_read_ms = now;
    }
    if (s->dump)
        fwrite(buf, 1, len, s->dump);
}

/*
 * Reads what is there until the deadline or EOF, running the script meanwhile; returns 1 on
 * EOF (the child closed the pty), 2 when stop is set and the text has shown up
 * (--stop-on-text) or the script is done, else 0.
 */
static int
pm_drain(int fd, const pm_opts *o, pm_state *s, double start, double deadline, int stop)
{
    char buf[65536];

    if (s->vt)
        pm_steps_run(fd, o, s, pm_now_ms() - start, 0);
    for (;;) {
        double now = pm_now_ms() - start;
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        int timeout = (int)(deadline - now);
        ssize_t n;
        int r;

        if (stop && (o->nsteps ? s->step == o->nsteps : s->first_text_ms >= 0))
            return 2;
        if (now >= deadline)
            return 0;
        if (s->vt && s->unsettled && timeout > (int)PM_IDLE_MS)
            timeout = (int)PM_IDLE_MS;
        r = poll(&pfd, 1, timeout < 1 ? 1 : timeout);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return 1;
        if (r == 0) {
            if (s->vt && s->unsettled) {
                s->unsettled = 0;
                pm_steps_run(fd, o, s, pm_now_ms() - start, 1);
            }
            continue;
        }
        n = read(fd, buf, sizeof(buf));
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0)
            return 1; /* EIO once the slave side is closed: the child is gone */
        now = pm_now_ms() - start;
        pm_account(o, s, buf, (size_t)n, now);
        if (s->vt)
            pm_steps_run(fd, o, s, now, 0);
    }
}

/* Terminal answers libvterm would send back: dropped, as nothing is answered (see above). */
static void
pm_discard(const char *bytes, size_t len, void *user)
{
    (void)bytes;
    (void)len;
    (void)user;
}

static int
pm_run_pty(const pm_opts *o)
{
    struct winsize ws = { .ws_row = (unsigned short)o->rows, .ws_col = (unsigned short)o->cols };
    pm_state s = { .first_byte_ms = -1, .first_text_ms = -1, .last_window_read_ms = -1 };
    double start, quit_at = -1, exit_at = -1;
    int fd, status = 0, reaped = 0, eof, killed = 0;
    pid_t pid;
    int i;

    for (i = 0; i < PM_MAX_STEPS; i++)
        s.step_done_ms[i] = -1;
    if (o->nsteps) {
        s.vt = vterm_new(o->rows, o->cols);
        vterm_set_utf8(s.vt, 1);
        vterm_output_set_callback(s.vt, pm_discard, NULL);
        s.screen = vterm_obtain_screen(s.vt);
        vterm_screen_reset(s.screen, 1);
    }
    if (o->text) {
        s.carry = malloc(strlen(o->text) + 1);
        if (!s.carry)
            abort();
    }
    if (o->dump_path && !(s.dump = fopen(o->dump_path, "wb"))) {
        perror("ptymeter: dump");
        return 1;
    }

    start = s.start_ms = pm_now_ms();
    pid = forkpty(&fd, NULL, NULL, &ws);
    if (pid < 0) {
        perror("ptymeter: forkpty");
        return 1;
    }
    if (pid == 0) {
        setenv("TERM", "xterm-256color", 1);
        unsetenv("COLUMNS");
        unsetenv("LINES");
        execvp(o->argv[0], o->argv);
        fprintf(stderr, "ptymeter: cannot run %s: %s\n", o->argv[0], strerror(errno));
        _exit(127);
    }

    eof = pm_drain(fd, o, &s, start, (double)(o->settle_ms + o->measure_ms),
                   o->stop_on_text || o->nsteps);
    if (eof != 1) {
        size_t klen = o->quit_keys ? strlen(o->quit_keys) : 0;

        quit_at = pm_now_ms() - start;
        if (klen && write(fd, o->quit_keys, klen) != (ssize_t)klen)
            perror("ptymeter: write quit keys");
        eof = pm_drain(fd, o, &s, start, quit_at + (double)o->quit_timeout_ms, 0) == 1;
    }
    /* The pty can stay open after exit (a grandchild holds it), so poll the pid as well. */
    if (waitpid(pid, &status, WNOHANG) == pid) {
        reaped = 1;
    } else if (eof) {
        double give_up = pm_now_ms() + (double)o->quit_timeout_ms;

        while (!reaped && pm_now_ms() < give_up) {
            if (waitpid(pid, &status, WNOHANG) == pid)
                reaped = 1;
            else
                usleep(5000);
        }
    }
    if (reaped) {
        exit_at = pm_now_ms() - start;
    } else {
        killed = 1;
        kill(pid, SIGTERM);
        usleep(200000);
        if (waitpid(pid, &status, WNOHANG) != pid) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
        }
    }
    close(fd);
    if (s.dump)
        fclose(s.dump);

    printf("cols=%d\nrows=%d\n", o->cols, o->rows);
    printf("first_byte_ms=%.1f\n", s.first_byte_ms);
    printf("first_text_ms=%.1f\n", s.first_text_ms);
    printf("settle_bytes=%llu\n", s.settle_bytes);
    printf("window_ms=%ld\n", o->measure_ms);
    printf("window_bytes=%llu\n", s.window_bytes);
    printf("window_bursts=%lu\n", s.window_bursts);
    printf("total_bytes=%llu\n", s.total_bytes);
    /* Exited before the quit keys were sent: a crash or a usage error, not a measurement. */
    printf("exited_early=%d\n", quit_at < 0 ? 1 : 0);
    printf("quit_sent_ms=%.1f\n", quit_at);
    printf("quit_to_exit_ms=%.1f\n", quit_at >= 0 && exit_at >= 0 ? exit_at - quit_at : -1.0);
    printf("killed=%d\n", killed);
    /* Each step: when it was done (ms since the start, -1 if never); wait-gone also says
     * whether the text had shown at all, as one that never showed is trivially gone. */
    for (i = 0; i < o->nsteps; i++) {
        printf("step%d_ms=%.1f\n", i + 1, s.step_done_ms[i]);
        if (o->steps[i].kind == PM_STEP_WAIT_GONE)
            printf("step%d_seen=%d\n", i + 1, s.step_seen[i]);
    }
    printf("steps_done=%d\n", s.step);
    pm_print_status(status);
    if (s.vt)
        vterm_free(s.vt);
    free(s.carry);
    return killed || quit_at < 0 || s.step < o->nsteps ? 1 : 0;
}

int
main(int argc, char **argv)
{
    pm_opts o = { .cols = 80, .rows = 24, .settle_ms = 2000, .measure_ms = 5000,
                  .quit_timeout_ms = 3000, .quit_keys = "q", .pin_cpu = -1, .slice_ms = 50 };

    if (pm_parse(argc, argv, &o) < 0 || o.cols < 1 || o.rows < 1 || o.cols > 65535 ||
        o.rows > 65535 || o.slice_ms < 1 || (o.cpu_mode && o.lockstep_mode)) {
        pm_usage();
        return 2;
    }
    /* A write to a pty whose child is gone must not kill the meter before it reports. */
    signal(SIGPIPE, SIG_IGN);
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (o.lockstep_mode)
        return pm_run_lockstep(&o);
    return o.cpu_mode ? pm_run_cpu(&o) : pm_run_pty(&o);
}
