/*
 * Batch mode.  Each iteration asks every connected host for a refresh,
 * waits for the new snapshots through the wake pipe, and prints them.  Hosts
 * that are not connected report their error on stderr once per change and
 * are not waited for, so one dead host cannot stall the output.
 */
#include "config.h"

#include <math.h>
#include <poll.h>
#include <string.h>

#include "batch.h"
#include "model/messages.h"
#include "util/json.h"

/* How long an iteration waits for a host: connecting may take long, a refresh should not. */
#define TV_BATCH_FIRST_WAIT_US (30 * G_USEC_PER_SEC)
#define TV_BATCH_WAIT_MIN_US (5 * G_USEC_PER_SEC)

static void
append_csv_string(GString *buf, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        g_string_append(buf, s);
        return;
    }
    g_string_append_c(buf, '"');
    for (; *s; s++) {
        if (*s == '"')
            g_string_append_c(buf, '"');
        g_string_append_c(buf, *s);
    }
    g_string_append_c(buf, '"');
}

static const char *const field_names[] = {
    "time", "host", "name", "state", "vcpus", "cpu_pct", "mem_kib",
    "disk_rd_bps", "disk_wr_bps", "net_rx_bps", "net_tx_bps",
};

void
tv_batch_format_header(GString *buf, tv_format format)
{
    if (format != TV_FORMAT_CSV)
        return;
    for (size_t i = 0; i < G_N_ELEMENTS(field_names); i++)
        g_string_append_printf(buf, "%s%s", i ? "," : "", field_names[i]);
    g_string_append_c(buf, '\n');
}

/*
 * A non-negative number with 0 or 1 decimals.  Batch output is thousands of
 * numbers per refresh: formatting them by hand costs a tenth of printf.
 */
static void
append_number(GString *buf, double v, int decimals)
{
    char digits[32];
    int n = 0;
    unsigned long long x;

    if (v < 0 || v >= 1e18) {
        g_string_append_printf(buf, "%.*f", decimals, v);
        return;
    }
    x = (unsigned long long)llround(decimals ? v * 10.0 : v);
    do {
        digits[n++] = (char)('0' + x % 10);
        x /= 10;
        if (decimals && n == 1)
            digits[n++] = '.';
    } while (x > 0 || (decimals && n < 3));
    while (n > 0)
        g_string_append_c(buf, digits[--n]);
}

/* One value: a number or, when the driver has none, empty (CSV) / null (JSON). */
static void
append_value(GString *buf, tv_format format, size_t field, bool valid, double v, int decimals)
{
    if (format == TV_FORMAT_JSON) {
        g_string_append(buf, ",\"");
        g_string_append(buf, field_names[field]);
        g_string_append(buf, "\":");
    } else {
        g_string_append_c(buf, ',');
    }
    if (!valid || !isfinite(v)) {
        if (format == TV_FORMAT_JSON)
            g_string_append(buf, "null");
        return;
    }
    append_number(buf, v, decimals);
}

void
tv_batch_format_line(GString *buf, tv_format format, const char *time, const char *host,
                     const tv_domain *d)
{
    const char *state = tv_dom_state_name(d->state);
    if (format == TV_FORMAT_JSON) {
        g_string_append(buf, "{\"time\":");
        tv_json_append_string(buf, time);
        g_string_append(buf, ",\"host\":");
        tv_json_append_string(buf, host);
        g_string_append(buf, ",\"name\":");
        tv_json_append_string(buf, d->name);
        g_string_append(buf, ",\"state\":");
        tv_json_append_string(buf, state);
    } else {
        g_string_append(buf, time);
        g_string_append_c(buf, ',');
        append_csv_string(buf, host);
        g_string_append_c(buf, ',');
        append_csv_string(buf, d->name);
        g_string_append_c(buf, ',');
        append_csv_string(buf, state);
    }
    append_value(buf, format, 4, d->valid & TV_DOM_HAS_VCPUS, d->vcpus, 0);
    append_value(buf, format, 5, d->valid & TV_DOM_HAS_CPU, d->cpu_pct, 1);
    append_value(buf, format, 6, d->valid & TV_DOM_HAS_MEM, (double)d->mem_kib, 0);
    append_value(buf, format, 7, d->valid & TV_DOM_HAS_DISK, d->rd_bps, 0);
    append_value(buf, format, 8, d->valid & TV_DOM_HAS_DISK, d->wr_bps, 0);
    append_value(buf, format, 9, d->valid & TV_DOM_HAS_NET, d->rx_bps, 0);
    append_value(buf, format, 10, d->valid & TV_DOM_HAS_NET, d->tx_bps, 0);
    g_string_append(buf, format == TV_FORMAT_JSON ? "}\n" : "\n");
}

static void
format_now(char *out, size_t len)
{
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    g_autofree char *base = g_date_time_format(now, "%Y-%m-%dT%H:%M:%S");
    g_snprintf(out, len, "%s.%03dZ", base, g_date_time_get_microsecond(now) / 1000);
}

/* Waits on the wake pipe until deadline; false when the deadline passed. */
static bool
wait_wake(gint64 deadline_us, volatile int *stop)
{
    gint64 now = g_get_monotonic_time();
    struct pollfd pfd = { .fd = tv_notify_fd(), .events = POLLIN };
    int timeout_ms;

    if (now >= deadline_us || (stop && *stop))
        return false;
    timeout_ms = (int)MIN((deadline_us - now + 999) / 1000, 1000);
    if (poll(&pfd, 1, timeout_ms) > 0)
        tv_notify_drain();
    return true;
}

static void
report_messages(FILE *err)
{
    tv_message m;
    while (tv_message_pop(&m)) {
        if (m.level == TV_MSG_ERROR)
            fprintf(err, "tvirt: %s\n", m.text);
        tv_message_clear(&m);
    }
}

static bool
host_down(tv_host_state state)
{
    return state == TV_HOST_DISCONNECTED || state == TV_HOST_FAILED;
}

/* Reports a host's error once each time it goes down. */
static void
report_down(FILE *err, const tv_host_snapshot *s, tv_host_state *reported)
{
    if (host_down(s->state) && *reported != s->state)
        fprintf(err, "tvirt: %s: %s\n", s->uri, s->error ? s->error : "not connected");
    *reported = s->state;
}

/* Waits until the inline host's next connection attempt is due. */
static void
sleep_until_retry(const tv_host_snapshot *s, volatile int *stop)
{
    while (s->state == TV_HOST_DISCONNECTED && g_get_monotonic_time() < s->retry_at_us &&
           !(stop && *stop))
        g_usleep(50000);
}

int
tv_batch_run(tv_host **hosts, size_t n_hosts, bool inline_host, const tv_options *opts,
             FILE *out, FILE *err, volatile int *stop)
{
    double interval_s = opts->interval_s < 0 ? 2.0 : opts->interval_s;
    g_autofree guint64 *printed_gen = g_new0(guint64, n_hosts);
    g_autofree tv_host_state *reported = g_new0(tv_host_state, n_hosts);
    g_autofree bool *answered = g_new0(bool, n_hosts);
    g_autoptr(GString) buf = g_string_sized_new(64 * 1024);
    long iteration = 0;
    int status = 0;

    tv_batch_format_header(buf, opts->format);
    fwrite(buf->str, 1, buf->len, out);
    fflush(out);

    while (!(stop && *stop) && (opts->iterations == 0 || iteration < opts->iterations)) {
        gint64 started = g_get_monotonic_time();
        /* A host whose refreshes keep failing publishes nothing: it must not
         * hold every iteration for long. */
        gint64 deadline = started + (iteration == 0 ? TV_BATCH_FIRST_WAIT_US
                                                    : MAX(TV_BATCH_WAIT_MIN_US,
                                                          (gint64)(3 * interval_s *
                                                                   G_USEC_PER_SEC)));
        size_t failed = 0;
        char now[40];

        if (inline_host) {
            /* One host: refresh right here, nothing to wait for in parallel. */
            tv_host_poll(hosts[0]);
        } else if (iteration > 0) {
            for (size_t i = 0; i < n_hosts; i++)
                tv_host_refresh_now(hosts[i]);
        }
        /* Wait until each host published a newer snapshot or is not connected. */
        for (size_t i = 0; i < n_hosts; i++) {
            if (inline_host) {
                g_autoptr(tv_host_snapshot) s = tv_host_snapshot_get(hosts[i]);
                report_down(err, s, &reported[i]);
                /* Nothing to print until the next try: sleep till then. */
                sleep_until_retry(s, stop);
                continue;
            }
            for (;;) {
                g_autoptr(tv_host_snapshot) s = tv_host_snapshot_get(hosts[i]);
                bool fresh = s->state == TV_HOST_CONNECTED && s->taken_at_us > 0 &&
                             s->generation > printed_gen[i];
                report_down(err, s, &reported[i]);
                if (fresh || host_down(s->state))
                    break;
                if (!wait_wake(deadline, stop))
                    break;
            }
        }
        report_messages(err);

        g_string_truncate(buf, 0);
        format_now(now, sizeof(now));
        for (size_t i = 0; i < n_hosts; i++) {
            g_autoptr(tv_host_snapshot) s = tv_host_snapshot_get(hosts[i]);
            if (s->state == TV_HOST_FAILED)
                failed++;
            if (s->state != TV_HOST_CONNECTED || s->generation <= printed_gen[i] ||
                s->taken_at_us <= 0)
                continue;
            printed_gen[i] = s->generation;
            answered[i] = true;
            for (size_t k = 0; k < s->n_domains; k++)
                tv_batch_format_line(buf, opts->format, now, s->uri, &s->domains[k]);
        }
        fwrite(buf->str, 1, buf->len, out);
        fflush(out);
        iteration++;
        if (failed == n_hosts)
            break; /* no host can ever answer: nothing more to wait for */

        if (interval_s > 0 && (opts->iterations == 0 || iteration < opts->iterations)) {
            gint64 next = started + (gint64)(interval_s * G_USEC_PER_SEC);
            while (g_get_monotonic_time() < next && !(stop && *stop)) {
                gint64 left = next - g_get_monotonic_time();
                g_usleep((gulong)MIN(MAX(left, 0), 100000));
            }
        }
    }

    /* A monitoring script must notice a host that never answered. */
    for (size_t i = 0; i < n_hosts; i++) {
        g_autoptr(tv_host_snapshot) s = NULL;
        if (answered[i])
            continue;
        s = tv_host_snapshot_get(hosts[i]);
        fprintf(err, "tvirt: no answer from %s%s%s\n", s->uri, s->error ? ": " : "",
                s->error ? s->error : "");
        status = 1;
    }
    return status;
}
