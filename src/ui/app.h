/*
 * The curses front end.  tv_app_run owns the terminal until the user quits;
 * it reads host snapshots and queues actions, never calling libvirt.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

#include "util/conffile.h"

typedef struct tv_app_settings {
    double interval_s;
    bool readonly;
    const char *theme;        /* NULL: default */
    const tv_config *config;  /* key overrides */
    const char *config_error; /* shown in the status bar at start, or NULL */
} tv_app_settings;

/*
 * Runs the UI over hosts (an array of tv_host*, which :connect and
 * :disconnect change).  Returns the exit status; when it cannot start, 1
 * with *error saying why (before anything reached the terminal).
 */
int tv_app_run(GPtrArray *hosts, const tv_app_settings *settings, char **error);
