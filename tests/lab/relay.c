/*
 * A TCP relay that adds latency, for the lab tests (the lab machine's kernel has no netem).
 * It listens on a loopback port and forwards every accepted connection to one fixed
 * destination, holding each chunk it reads for DELAY_MS before writing it on, in both
 * directions: a round trip through it takes twice the delay more than without it.  One
 * thread, one poll() loop, non-blocking sockets; chunks keep their order per direction.
 *
 *   relay LISTEN_PORT DEST_ADDR DEST_PORT DELAY_MS
 *
 * LISTEN_PORT 0 picks a free port.  The port is printed on stdout (one line) once the relay
 * listens on 127.0.0.1.  It runs until killed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_PAIRS 32
#define CHUNK_MAX 65536

struct chunk {
    struct chunk *next;
    int64_t due_ms;
    size_t len;
    size_t off;
    char data[];
};

/* One direction of a connection: bytes read from src wait in the queue, then go to dst. */
struct flow {
    int src;
    int dst;
    struct chunk *head;
    struct chunk *tail;
    int eof;        /* src said EOF: shut dst's write side once the queue is empty */
    int shut;       /* dst's write side is shut */
};

struct pair {
    int used;
    int fd[2];      /* 0: the client, 1: the destination */
    struct flow flow[2];  /* 0: client to destination, 1: back */
};

static struct pair pairs[MAX_PAIRS];
static int64_t delay_ms;

static int64_t
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static void
pair_close(struct pair *p)
{
    for (int i = 0; i < 2; i++) {
        struct chunk *c = p->flow[i].head;
        while (c) {
            struct chunk *n = c->next;
            free(c);
            c = n;
        }
        close(p->fd[i]);
    }
    memset(p, 0, sizeof(*p));
}

static void
pair_open(int client, const struct sockaddr_in *dest)
{
    int one = 1;
    int d = socket(AF_INET, SOCK_STREAM, 0);
    struct pair *p = NULL;

    for (int i = 0; i < MAX_PAIRS; i++) {
        if (!pairs[i].used) {
            p = &pairs[i];
            break;
        }
    }
    /* The destination is a bridge on this machine: a blocking connect is quick. */
    if (!p || d < 0 || connect(d, (const struct sockaddr *)dest, sizeof(*dest)) < 0) {
        fprintf(stderr, "relay: %s\n", p ? strerror(errno) : "too many connections");
        if (d >= 0)
            close(d);
        close(client);
        return;
    }
    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    setsockopt(d, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    set_nonblock(client);
    set_nonblock(d);
    p->used = 1;
    p->fd[0] = client;
    p->fd[1] = d;
    p->flow[0] = (struct flow){ .src = client, .dst = d };
    p->flow[1] = (struct flow){ .src = d, .dst = client };
}

/* Reads what src has into a new chunk; -1 when the connection must go. */
static int
flow_read(struct flow *f)
{
    char buf[CHUNK_MAX];
    ssize_t n = read(f->src, buf, sizeof(buf));
    struct chunk *c;

    if (n < 0)
        return errno == EAGAIN || errno == EINTR ? 0 : -1;
    if (n == 0) {
        f->eof = 1;
        return 0;
    }
    c = malloc(sizeof(*c) + (size_t)n);
    if (!c)
        return -1;
    c->next = NULL;
    c->due_ms = now_ms() + delay_ms;
    c->len = (size_t)n;
    c->off = 0;
    memcpy(c->data, buf, (size_t)n);
    if (f->tail)
        f->tail->next = c;
    else
        f->head = c;
    f->tail = c;
    return 0;
}

/* Writes the chunks that are due; -1 when the connection must go. */
static int
flow_write(struct flow *f, int64_t now)
{
    while (f->head && f->head->due_ms <= now) {
        struct chunk *c = f->head;
        ssize_t n = write(f->dst, c->data + c->off, c->len - c->off);
        if (n < 0)
            return errno == EAGAIN || errno == EINTR ? 0 : -1;
        c->off += (size_t)n;
        if (c->off < c->len)
            return 0;
        f->head = c->next;
        if (!f->head)
            f->tail = NULL;
        free(c);
    }
    if (!f->head && f->eof && !f->shut) {
        shutdown(f->dst, SHUT_WR);
        f->shut = 1;
    }
    return 0;
}

int
main(int argc, char **argv)
{
    struct sockaddr_in lis = { .sin_family = AF_INET };
    struct sockaddr_in dest = { .sin_family = AF_INET };
    socklen_t len = sizeof(lis);
    int one = 1;
    int lfd;

    if (argc != 5 || inet_pton(AF_INET, argv[2], &dest.sin_addr) != 1) {
        fprintf(stderr, "usage: relay LISTEN_PORT DEST_ADDR DEST_PORT DELAY_MS\n");
        return 2;
    }
    lis.sin_port = htons((uint16_t)atoi(argv[1]));
    lis.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    dest.sin_port = htons((uint16_t)atoi(argv[3]));
    delay_ms = atoll(argv[4]);
    signal(SIGPIPE, SIG_IGN);

    lfd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&lis, sizeof(lis)) < 0 || listen(lfd, 16) < 0 ||
        getsockname(lfd, (struct sockaddr *)&lis, &len) < 0) {
        perror("relay: listen");
        return 1;
    }
    printf("%d\n", ntohs(lis.sin_port));
    fflush(stdout);

    for (;;) {
        struct pollfd pfd[1 + MAX_PAIRS * 2];
        int owner[1 + MAX_PAIRS * 2];
        int n = 0, timeout = -1;
        int64_t now = now_ms();

        pfd[n].fd = lfd;
        pfd[n].events = POLLIN;
        owner[n++] = -1;
        for (int i = 0; i < MAX_PAIRS; i++) {
            struct pair *p = &pairs[i];
            if (!p->used)
                continue;
            for (int k = 0; k < 2; k++) {
                /* fd[k] is the source of flow[k] and the destination of flow[1 - k]. */
                struct flow *in = &p->flow[k], *out = &p->flow[1 - k];
                short ev = 0;
                if (!in->eof)
                    ev |= POLLIN;
                if (out->head) {
                    int64_t wait = out->head->due_ms - now;
                    if (wait <= 0)
                        ev |= POLLOUT;
                    else if (timeout < 0 || wait < timeout)
                        timeout = (int)wait;
                }
                pfd[n].fd = p->fd[k];
                pfd[n].events = ev;
                owner[n++] = i * 2 + k;
            }
        }
        if (poll(pfd, (nfds_t)n, timeout) < 0 && errno != EINTR) {
            perror("relay: poll");
            return 1;
        }
        now = now_ms();
        if (pfd[0].revents & POLLIN) {
            int c = accept(lfd, NULL, NULL);
            if (c >= 0)
                pair_open(c, &dest);
        }
        for (int j = 1; j < n; j++) {
            struct pair *p = &pairs[owner[j] / 2];
            int k = owner[j] % 2;
            if (!p->used)
                continue;
            if ((pfd[j].revents & (POLLIN | POLLHUP | POLLERR)) && !p->flow[k].eof &&
                flow_read(&p->flow[k]) < 0) {
                pair_close(p);
                continue;
            }
            if (flow_write(&p->flow[1 - k], now) < 0) {
                pair_close(p);
                continue;
            }
            if (p->flow[0].shut && p->flow[1].shut)
                pair_close(p);
        }
    }
}
