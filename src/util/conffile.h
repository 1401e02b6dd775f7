/*
 * The user's config file, $XDG_CONFIG_HOME/tvirt/config, read with GLib's
 * GKeyFile:
 *
 *   [tvirt]
 *   connect = qemu:///system;qemu+ssh://root@b/system
 *   interval = 2
 *   theme = default
 *   [keys]
 *   F = domain-destroy
 *   C-r = domain-reboot
 *
 * A malformed file yields an error naming the file and line, and defaults.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

typedef struct tv_config {
    char **connect;      /* NULL-terminated URIs, or NULL when unset */
    double interval_s;   /* refresh interval; < 0 when unset */
    char *theme;         /* or NULL when unset */
    GPtrArray *key_names;   /* key spellings of [keys], in file order */
    GPtrArray *key_actions; /* action names, parallel to key_names */
    GArray *key_lines;      /* guint line of each binding in the file, parallel */
    char *path;             /* the file the bindings came from, for messages */
} tv_config;

tv_config *tv_config_new(void);
void tv_config_free(tv_config *cfg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(tv_config, tv_config_free)

/* $XDG_CONFIG_HOME/tvirt/config (GLib's g_get_user_config_dir()). */
char *tv_config_default_path(void);

/*
 * Reads path into cfg.  Returns 0, or 1 when the file does not exist (cfg
 * untouched), or -1 with *error = "FILE:LINE: what is wrong" and cfg left
 * at defaults.  Values of known keys are checked (interval a number >= 0).
 * On error nothing of the file is applied (cfg is left as it was: the
 * defaults for a fresh tv_config); an unreadable file gives "FILE: reason".
 * On success the settings the file names replace cfg's and its [keys] are
 * appended (a key written twice appears once, where it was last written).
 * error may be NULL; *error is g_free'd by the caller.
 */
int tv_config_load(tv_config *cfg, const char *path, char **error);

/* Same, from text (for tests); name is used in messages. */
int tv_config_load_data(tv_config *cfg, const char *name, const char *data, char **error);
