/*
 * The lab guest's workload: a heartbeat on the console, dirty memory and disk writes.
 *
 * Tests of live migration need a guest whose liveness and memory pressure they can see
 * from outside: every 100 ms this prints "tvirt-heartbeat N dirty=D" with N rising by one
 * (a counter that keeps rising in the console log after a migration proves the guest kept
 * running), stores one byte into each of D MiB worth of 4 KiB pages per second (so QEMU has
 * D MiB/s of pages to re-send), and writes to a block device with O_DIRECT (so the disk's
 * write counters move).  D comes from "tvirt.dirty=D" on the kernel command line and can be
 * changed while it runs by writing a number into the control file (/run/tvirt-dirty).
 * Options let it run on a developer's machine too: see usage().
 *
 * Built with `gcc -static` into the initramfs; it uses only libc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096u
#define TICK_NS 100000000L /* 100 ms: the heartbeat period */
#define TICKS_PER_S 10u
#define DISK_SPAN (32u << 20) /* writes cycle over the first 32 MiB of the disk */

struct opts {
    unsigned dirty_mib;  /* MiB (256 pages) dirtied per second */
    unsigned pool_mib;   /* MiB of memory that gets dirtied; 0 = half of what is free */
    unsigned disk_kib;   /* KiB written per second */
    unsigned long count; /* stop after this many heartbeats; 0 = never */
    const char *disk;    /* block device or file to write; NULL = none */
    const char *ctl;     /* control file holding the dirty rate */
};

static void
usage(const char *argv0)
{
    fprintf(stderr,
            "usage: %s [--dirty MIB_S] [--pool MIB] [--disk PATH] [--disk-rate KIB_S]\n"
            "          [--ctl FILE] [--count N] [--cmdline]\n"
            "--cmdline reads tvirt.dirty=, tvirt.pool=, tvirt.disk_rate= from /proc/cmdline\n"
            "--pool defaults to half of MemAvailable (at most 1024), and is never more\n",
            argv0);
    exit(2);
}

/* Reads "tvirt.KEY=N" from the kernel command line; keeps *val when it is absent. */
static void
cmdline_uint(const char *cmdline, const char *key, unsigned *val)
{
    char pat[64];
    const char *p;

    snprintf(pat, sizeof(pat), "tvirt.%s=", key);
    p = strstr(cmdline, pat);
    if (p) {
        *val = (unsigned)strtoul(p + strlen(pat), NULL, 10);
    }
}

static void
read_cmdline(struct opts *o)
{
    char buf[4096];
    ssize_t n;
    int fd = open("/proc/cmdline", O_RDONLY);

    if (fd < 0) {
        return;
    }
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0) {
        return;
    }
    buf[n] = '\0';
    cmdline_uint(buf, "dirty", &o->dirty_mib);
    cmdline_uint(buf, "pool", &o->pool_mib);
    cmdline_uint(buf, "disk_rate", &o->disk_kib);
}

/* MemAvailable from /proc/meminfo in MiB, or 0 when unknown. */
static unsigned
mem_available_mib(void)
{
    char line[256];
    unsigned long kib = 0;
    FILE *f = fopen("/proc/meminfo", "r");

    if (!f) {
        return 0;
    }
    while (fgets(line, sizeof(line), f)) {
        if (sscanf(line, "MemAvailable: %lu kB", &kib) == 1) {
            break;
        }
    }
    fclose(f);
    return (unsigned)(kib / 1024);
}

/* The control file wins over the command line once it holds a number. */
static void
read_ctl(const char *path, unsigned *dirty)
{
    char buf[32];
    ssize_t n;
    int fd;

    if (!path || (fd = open(path, O_RDONLY)) < 0) {
        return;
    }
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n > 0) {
        buf[n] = '\0';
        if (buf[0] >= '0' && buf[0] <= '9') {
            *dirty = (unsigned)strtoul(buf, NULL, 10);
        }
    }
}

/* Writes the whole line or gives up: a console that went away must not stop the workload. */
static void
say(const char *line)
{
    size_t len = strlen(line);

    while (len > 0) {
        ssize_t n = write(STDOUT_FILENO, line, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return;
        }
        line += n;
        len -= (size_t)n;
    }
}

static void
timespec_add_ns(struct timespec *t, long ns)
{
    t->tv_nsec += ns;
    while (t->tv_nsec >= 1000000000L) {
        t->tv_nsec -= 1000000000L;
        t->tv_sec++;
    }
}

int
main(int argc, char **argv)
{
    struct opts o = { .dirty_mib = 0, .pool_mib = 0, .disk_kib = 256, .ctl = NULL };
    unsigned char *pool;
    unsigned char *buf = NULL;
    size_t npages, page = 0;
    uint64_t disk_size = 0, disk_off = 0;
    unsigned long beat = 0;
    unsigned long long debt = 0; /* pages owed, in tenths, so low rates are exact over time */
    unsigned shown_dirty, avail;
    struct timespec next;
    int disk_fd = -1;
    char line[128];

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;

        if (!strcmp(a, "--cmdline")) {
            read_cmdline(&o);
            continue;
        }
        if (!v) {
            usage(argv[0]);
        }
        if (!strcmp(a, "--dirty")) {
            o.dirty_mib = (unsigned)strtoul(v, NULL, 10);
        } else if (!strcmp(a, "--pool")) {
            o.pool_mib = (unsigned)strtoul(v, NULL, 10);
        } else if (!strcmp(a, "--disk")) {
            o.disk = v;
        } else if (!strcmp(a, "--disk-rate")) {
            o.disk_kib = (unsigned)strtoul(v, NULL, 10);
        } else if (!strcmp(a, "--ctl")) {
            o.ctl = v;
        } else if (!strcmp(a, "--count")) {
            o.count = strtoul(v, NULL, 10);
        } else {
            usage(argv[0]);
        }
        i++;
    }
    /* The pool bounds how many distinct pages one pass dirties, so by default it is as
     * large as a guest can afford: half of what is free, which also keeps a small guest
     * from being OOM-killed by its own workload. */
    avail = mem_available_mib();
    if (o.pool_mib == 0 || (avail > 0 && o.pool_mib > avail / 2)) {
        o.pool_mib = avail > 2 ? avail / 2 : 64;
    }
    if (o.pool_mib > 1024) {
        o.pool_mib = 1024; /* run by hand on a big machine */
    }

    npages = (size_t)o.pool_mib * (1u << 20) / PAGE;
    pool = mmap(NULL, npages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
                0);
    if (pool == MAP_FAILED) {
        perror("tvirt-workload: mmap");
        return 1;
    }
    /* Touch the pool once so later stores dirty resident pages rather than fault in zeroes. */
    for (size_t i = 0; i < npages; i++) {
        pool[i * PAGE] = 1;
    }

    if (o.disk) {
        /* O_DIRECT so each write reaches the virtual disk now, not at the next writeback. */
        disk_fd = open(o.disk, O_WRONLY | O_DIRECT);
        if (disk_fd < 0) {
            disk_fd = open(o.disk, O_WRONLY);
        }
        if (disk_fd < 0) {
            snprintf(line, sizeof(line), "tvirt-workload: cannot open %s: %s\n", o.disk,
                     strerror(errno));
            say(line);
        } else {
            off_t end = lseek(disk_fd, 0, SEEK_END);
            disk_size = end > 0 ? (uint64_t)end : DISK_SPAN;
            if (disk_size > DISK_SPAN) {
                disk_size = DISK_SPAN;
            }
            if (posix_memalign((void **)&buf, PAGE, 1u << 20) != 0) {
                return 1;
            }
            memset(buf, 0x5a, 1u << 20);
        }
    }

    read_ctl(o.ctl, &o.dirty_mib);
    shown_dirty = o.dirty_mib;
    snprintf(line, sizeof(line), "tvirt-workload: ready dirty=%u pool=%u disk_rate=%u\n",
             o.dirty_mib, o.pool_mib, disk_fd >= 0 ? o.disk_kib : 0);
    say(line);

    clock_gettime(CLOCK_MONOTONIC, &next);
    for (;;) {
        struct timespec now;
        unsigned long long todo;

        read_ctl(o.ctl, &o.dirty_mib);
        if (o.dirty_mib != shown_dirty) {
            snprintf(line, sizeof(line), "tvirt-workload: dirty=%u\n", o.dirty_mib);
            say(line);
            shown_dirty = o.dirty_mib;
        }

        /* One store per page: the cheapest way to make a page dirty for QEMU. */
        debt += (unsigned long long)o.dirty_mib * ((1u << 20) / PAGE);
        todo = debt / TICKS_PER_S;
        debt -= todo * TICKS_PER_S;
        while (todo-- > 0) {
            pool[page * PAGE] = (unsigned char)beat;
            page = (page + 1) % npages;
        }

        if (disk_fd >= 0 && o.disk_kib > 0) {
            /* Round up to whole pages: O_DIRECT needs aligned sizes and offsets. */
            size_t len = ((size_t)o.disk_kib * 1024 / TICKS_PER_S + PAGE - 1) / PAGE * PAGE;
            if (len > (1u << 20)) {
                len = 1u << 20;
            }
            if (disk_off + len > disk_size) {
                disk_off = 0;
            }
            if (pwrite(disk_fd, buf, len, (off_t)disk_off) == (ssize_t)len) {
                disk_off += len;
            }
        }

        beat++;
        snprintf(line, sizeof(line), "tvirt-heartbeat %lu dirty=%u\n", beat, o.dirty_mib);
        say(line);
        if (o.count && beat >= o.count) {
            return 0;
        }

        /* After a pause (migration downtime, SIGSTOP) start afresh instead of bursting. */
        timespec_add_ns(&next, TICK_NS);
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec > next.tv_sec + 1) {
            next = now;
            timespec_add_ns(&next, TICK_NS);
        }
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR) {
        }
    }
}
