/*
 * Batch mode: no curses, one line per domain per refresh on stdout, for
 * scripts and benchmarks.  Drives the same host workers as the UI.
 */
#pragma once

#include <stdio.h>

#include "model/host.h"
#include "options.h"

/*
 * Runs until iterations refreshes were printed (0: until *stop becomes
 * non-zero).  Connection problems go to err.  Returns the exit status.
 * inline_host: hosts[0] is the only host and has no worker thread; the
 * loop refreshes it itself (tv_host_poll).
 */
int tv_batch_run(tv_host **hosts, size_t n_hosts, bool inline_host, const tv_options *opts,
                 FILE *out, FILE *err, volatile int *stop);

/* Appends one domain as a CSV or JSON line (exposed for tests). */
void tv_batch_format_line(GString *buf, tv_format format, const char *time,
                          const char *host, const tv_domain *d);
void tv_batch_format_header(GString *buf, tv_format format);
