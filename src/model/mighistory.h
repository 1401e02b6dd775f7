/*
 * The history of finished migrations, kept across restarts as a CSV file
 * under $XDG_STATE_HOME/tvirt/ (one row per migration, appended when it
 * ends, whoever ran it: the screen or --exec), read back for the
 * Migrations screen and exported (X) in the same format.  Libvirt-free.
 */
#pragma once

#include <stdio.h>
#include <glib.h>

#include "model/migration.h"

/* $XDG_STATE_HOME/tvirt/migrations.csv (g_free). */
char *tv_mig_history_path(void);

/* The header and rows for ms (tv_migration*, ended ones) as CSV text (g_free). */
char *tv_mig_history_csv(GPtrArray *ms, gboolean header);

/* Appends m's row to path (made with its directory and header when missing). */
gboolean tv_mig_history_append(const char *path, const tv_migration *m, GError **error);

/*
 * The migrations path holds, oldest first (tv_migration*, owned by the
 * array); empty when the file does not exist, NULL with *error when it
 * cannot be read.
 */
GPtrArray *tv_mig_history_load(const char *path, GError **error);
