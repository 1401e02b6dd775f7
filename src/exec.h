/*
 * --exec: one action without the screen, for scripts.  The same parameter
 * tables, checks and runner as the UI; the outcome as one line of text or
 * one JSON object ({"action","host","target","ok","message","undone",
 * "result"}), and an exit status: 0 done, 1 failed (libvirt's words), 2 a
 * usage or validation error (each bad field named), 3 refused by a
 * preflight.
 */
#pragma once

#include <stdio.h>

#include "options.h"

/*
 * Runs opts->exec with opts->exec_args on one of uris (NULL-terminated;
 * NULL or empty: libvirt's default).  Returns the exit status.
 */
int tv_exec_run(const tv_options *opts, const char *const *uris, FILE *out, FILE *err);

/* Writes the help of an action's parameters; 2 when there is no such action. */
int tv_exec_help(const char *action, FILE *out, FILE *err);
