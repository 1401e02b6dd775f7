/*
 * The user's config file.  GKeyFile does the parsing and unescaping, but its
 * errors carry no line numbers, so this file adds them: a syntax error is
 * located by re-parsing growing prefixes of the text (a bisection, since a
 * key file that fails to parse never parses again with more lines), and a
 * line scan records where each group header and key sits so that value
 * errors can name their line too.  Everything is parsed into a scratch
 * tv_config and only moved into the caller's one when the whole file is good.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "util/conffile.h"

/* One group header or key line of the file, in file order. */
typedef struct cfg_line {
    char *group;   /* group of a key, or the name of a header */
    char *key;     /* NULL for a group header */
    unsigned line;
} cfg_line;

static void
cfg_line_free(gpointer p)
{
    cfg_line *l = p;
    g_free(l->group);
    g_free(l->key);
    g_free(l);
}

tv_config *
tv_config_new(void)
{
    tv_config *cfg = g_new0(tv_config, 1);
    cfg->interval_s = -1.0;
    cfg->key_names = g_ptr_array_new_with_free_func(g_free);
    cfg->key_actions = g_ptr_array_new_with_free_func(g_free);
    cfg->key_lines = g_array_new(FALSE, FALSE, sizeof(guint));
    return cfg;
}

void
tv_config_free(tv_config *cfg)
{
    if (!cfg)
        return;
    g_strfreev(cfg->connect);
    g_free(cfg->theme);
    g_ptr_array_unref(cfg->key_names);
    g_ptr_array_unref(cfg->key_actions);
    g_array_unref(cfg->key_lines);
    g_free(cfg->path);
    g_free(cfg);
}

char *
tv_config_default_path(void)
{
    return g_build_filename(g_get_user_config_dir(), "tvirt", "config", NULL);
}

/*
 * Splits text into lines the way GKeyFile does ('\n' ends a line, a '\r'
 * before it is dropped).  ends[i] is the offset just past line i's newline.
 */
static char **
split_lines(const char *data, GArray *ends)
{
    g_autoptr(GPtrArray) lines = g_ptr_array_new();
    const char *p = data;

    while (*p) {
        const char *nl = strchr(p, '\n');
        const char *stop = nl ? nl : p + strlen(p);
        size_t len = (size_t)(stop - p);
        size_t end;

        if (len > 0 && p[len - 1] == '\r')
            len--;
        g_ptr_array_add(lines, g_strndup(p, len));
        p = nl ? nl + 1 : stop;
        end = (size_t)(p - data);
        g_array_append_val(ends, end);
    }
    g_ptr_array_add(lines, NULL);
    return (char **)g_ptr_array_free(g_steal_pointer(&lines), FALSE);
}

static const char *
skip_space(const char *s)
{
    while (g_ascii_isspace(*s))
        s++;
    return s;
}

/*
 * Records group headers and keys of text that GKeyFile accepted (or of the
 * lines before the one it rejected), so the syntax is known to be valid.
 */
static GPtrArray *
scan_lines(char **lines, guint nlines)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(cfg_line_free);
    g_autofree char *group = NULL;

    for (guint i = 0; i < nlines; i++) {
        const char *s = skip_space(lines[i]);
        const char *eq;
        cfg_line *l;

        if (*s == '\0' || *s == '#')
            continue;
        l = g_new0(cfg_line, 1);
        l->line = i + 1;
        if (*s == '[') {
            const char *close = strchr(s, ']');
            g_free(group);
            group = close ? g_strndup(s + 1, (size_t)(close - s - 1)) : g_strdup(s + 1);
            l->group = g_strdup(group);
        } else if ((eq = strchr(s, '=')) != NULL) {
            const char *end = eq;
            while (end > s && g_ascii_isspace(end[-1]))
                end--;
            l->group = g_strdup(group);
            l->key = g_strndup(s, (size_t)(end - s));
        } else {
            g_free(l);
            continue;
        }
        g_ptr_array_add(out, l);
    }
    return out;
}

static gboolean
keyfile_parses(const char *data, size_t len)
{
    g_autoptr(GKeyFile) kf = g_key_file_new();
    return g_key_file_load_from_data(kf, data, len, G_KEY_FILE_NONE, NULL);
}

/* Says what is wrong with a line GKeyFile rejected, given the lines before it. */
static char *
syntax_reason(char **lines, guint bad, const GError *err)
{
    const char *s = skip_space(lines[bad]);
    const char *eq = strchr(s, '=');
    g_autofree char *text = g_strstrip(g_strdup(s));
    g_autoptr(GPtrArray) before = NULL;
    g_autofree char *key = NULL;
    gboolean in_group = FALSE;

    if (*s == '[')
        return g_strdup_printf("invalid group header '%s'", text);
    if (!eq)
        return g_strdup_printf("expected 'key = value' or '[group]', not '%s'", text);

    key = g_strstrip(g_strndup(s, (size_t)(eq - s)));
    if (*key == '\0')
        return g_strdup("missing key name before '='");
    before = scan_lines(lines, bad);
    for (guint i = 0; i < before->len; i++) {
        cfg_line *l = g_ptr_array_index(before, i);
        if (!l->key)
            in_group = TRUE;
    }
    if (!in_group)
        return g_strdup_printf("setting '%s' comes before any [group]", key);
    if (strchr(key, '[') || strchr(key, ']'))
        return g_strdup_printf("invalid key name '%s'", key);
    /* Not a rejection this code knows of: GKeyFile's own words will do. */
    return g_strdup(err->message);
}

/* Line number of the first line GKeyFile rejects, 1-based (0 when none does). */
static guint
find_bad_line(const char *data, GArray *ends)
{
    guint lo = 1, hi = ends->len, bad = 0;

    while (lo <= hi) {
        guint mid = lo + (hi - lo) / 2;
        if (keyfile_parses(data, g_array_index(ends, size_t, mid - 1))) {
            lo = mid + 1;
        } else {
            bad = mid;
            hi = mid - 1;
        }
    }
    return bad;
}

static char *
value_error(const char *key, const GError *err)
{
    if (g_error_matches(err, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_UNKNOWN_ENCODING))
        return g_strdup_printf("the value of '%s' is not valid UTF-8", key);
    /* For strings this is the only reason GKeyFile gives. */
    if (g_error_matches(err, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE))
        return g_strdup_printf("the value of '%s' has a bad escape sequence "
                               "(write \\\\ for a backslash)", key);
    return g_strdup_printf("bad value for '%s': %s", key, err->message);
}

/* Reads one [tvirt] setting into cfg; returns a reason on failure. */
static char *
apply_setting(tv_config *cfg, GKeyFile *kf, const char *key)
{
    g_autoptr(GError) err = NULL;

    if (g_str_equal(key, "connect")) {
        g_auto(GStrv) list = g_key_file_get_string_list(kf, "tvirt", key, NULL, &err);
        g_autoptr(GPtrArray) uris = g_ptr_array_new_with_free_func(g_free);
        /* GKeyFile may return a value and an error: the error is what counts. */
        if (err)
            return value_error(key, err);
        for (guint i = 0; list[i]; i++) {
            g_strstrip(list[i]);
            if (*list[i])
                g_ptr_array_add(uris, g_strdup(list[i]));
        }
        if (uris->len == 0)
            return g_strdup("'connect' needs at least one URI");
        g_ptr_array_add(uris, NULL);
        g_strfreev(cfg->connect);
        cfg->connect = (char **)g_ptr_array_free(g_steal_pointer(&uris), FALSE);
    } else if (g_str_equal(key, "interval")) {
        g_autofree char *text = g_key_file_get_string(kf, "tvirt", key, &err);
        char *end = NULL;
        double v;
        if (err)
            return value_error(key, err);
        g_strstrip(text);
        /* g_ascii_strtod, not strtod: "0.5" must not depend on the locale. */
        v = g_ascii_strtod(text, &end);
        if (*text == '\0' || *end != '\0' || !isfinite(v) || v < 0)
            return g_strdup_printf("'interval' must be a number of seconds >= 0, not '%s'",
                                   text);
        cfg->interval_s = v;
    } else if (g_str_equal(key, "theme")) {
        g_autofree char *text = g_key_file_get_string(kf, "tvirt", key, &err);
        if (err)
            return value_error(key, err);
        g_strstrip(text);
        if (*text == '\0')
            return g_strdup("'theme' needs a theme name");
        g_free(cfg->theme);
        cfg->theme = g_steal_pointer(&text);
    } else {
        return g_strdup_printf("unknown setting '%s'", key);
    }
    return NULL;
}

/* Collects one [keys] binding; returns a reason on failure. */
static char *
apply_binding(tv_config *cfg, GKeyFile *kf, const char *key, guint line)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *command = NULL;

    /*
     * GKeyFile reads "x[de]" as a translation and keeps it only in a German
     * locale; no key spelling looks like that, so refuse it everywhere.
     */
    if (strchr(key, '['))
        return g_strdup_printf("invalid key name '%s'", key);
    command = g_key_file_get_string(kf, "keys", key, &err);
    if (err)
        return value_error(key, err);
    g_ptr_array_add(cfg->key_names, g_strdup(key));
    g_ptr_array_add(cfg->key_actions, g_strdup(g_strstrip(command)));
    g_array_append_val(cfg->key_lines, line);
    return NULL;
}

/* Parses data into the fresh cfg, or returns -1 with the line (0: unknown) and reason. */
static int
parse_into(tv_config *cfg, const char *data, guint *line, char **reason)
{
    g_autoptr(GKeyFile) kf = g_key_file_new();
    g_autoptr(GError) err = NULL;
    g_autoptr(GArray) ends = g_array_new(FALSE, FALSE, sizeof(size_t));
    g_auto(GStrv) lines = split_lines(data, ends);
    g_autoptr(GPtrArray) recs = NULL;
    g_autoptr(GHashTable) last = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    if (!g_key_file_load_from_data(kf, data, strlen(data), G_KEY_FILE_NONE, &err)) {
        guint bad = find_bad_line(data, ends);
        if (bad == 0) {
            *line = 0;
            *reason = g_strdup(err->message);
        } else {
            *line = bad;
            *reason = syntax_reason(lines, bad - 1, err);
        }
        return -1;
    }

    recs = scan_lines(lines, ends->len);
    /* A repeated key: GKeyFile keeps the last value, so that line is the one to judge. */
    for (guint i = 0; i < recs->len; i++) {
        cfg_line *l = g_ptr_array_index(recs, i);
        if (l->key)
            g_hash_table_insert(last, g_strconcat(l->group, "\n", l->key, NULL), l);
    }

    for (guint i = 0; i < recs->len; i++) {
        cfg_line *l = g_ptr_array_index(recs, i);
        g_autofree char *id = NULL;

        if (!l->key) {
            if (!g_str_equal(l->group, "tvirt") && !g_str_equal(l->group, "keys")) {
                *line = l->line;
                *reason = g_strdup_printf("unknown group '[%s]'", l->group);
                return -1;
            }
            continue;
        }
        id = g_strconcat(l->group, "\n", l->key, NULL);
        if (g_hash_table_lookup(last, id) != l)
            continue;
        *reason = g_str_equal(l->group, "tvirt") ? apply_setting(cfg, kf, l->key)
                                                 : apply_binding(cfg, kf, l->key, l->line);
        if (*reason) {
            *line = l->line;
            return -1;
        }
    }
    return 0;
}

/* Moves what the file set from src into dst; bindings are appended. */
static void
config_merge(tv_config *dst, tv_config *src)
{
    if (src->connect) {
        g_strfreev(dst->connect);
        dst->connect = g_steal_pointer(&src->connect);
    }
    if (src->interval_s >= 0)
        dst->interval_s = src->interval_s;
    if (src->theme) {
        g_free(dst->theme);
        dst->theme = g_steal_pointer(&src->theme);
    }
    for (guint i = 0; i < src->key_names->len; i++) {
        g_ptr_array_add(dst->key_names, g_strdup(g_ptr_array_index(src->key_names, i)));
        g_ptr_array_add(dst->key_actions, g_strdup(g_ptr_array_index(src->key_actions, i)));
        g_array_append_val(dst->key_lines, g_array_index(src->key_lines, guint, i));
    }
    if (src->key_names->len) {
        g_free(dst->path);
        dst->path = g_strdup(src->path);
    }
}

int
tv_config_load_data(tv_config *cfg, const char *name, const char *data, char **error)
{
    g_autoptr(tv_config) scratch = tv_config_new();
    g_autofree char *reason = NULL;
    guint line = 0;

    if (parse_into(scratch, data, &line, &reason) < 0) {
        if (error) {
            *error = line ? g_strdup_printf("%s:%u: %s", name, line, reason)
                          : g_strdup_printf("%s: %s", name, reason);
        }
        return -1;
    }
    scratch->path = g_strdup(name);
    config_merge(cfg, scratch);
    return 0;
}

/* errno behind a GFileError, for a message without GLib's repeated path. */
static int
file_error_errno(const GError *err)
{
    switch (err->code) {
    case G_FILE_ERROR_ACCES: return EACCES;
    case G_FILE_ERROR_ISDIR: return EISDIR;
    case G_FILE_ERROR_NOTDIR: return ENOTDIR;
    case G_FILE_ERROR_LOOP: return ELOOP;
    case G_FILE_ERROR_NAMETOOLONG: return ENAMETOOLONG;
    case G_FILE_ERROR_PERM: return EPERM;
    case G_FILE_ERROR_IO: return EIO;
    default: return 0;
    }
}

int
tv_config_load(tv_config *cfg, const char *path, char **error)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *data = NULL;

    if (!g_file_get_contents(path, &data, NULL, &err)) {
        int errnum;
        if (g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            return 1;
        errnum = file_error_errno(err);
        if (error) {
            *error = errnum ? g_strdup_printf("%s: %s", path, g_strerror(errnum))
                            : g_strdup(err->message);
        }
        return -1;
    }
    return tv_config_load_data(cfg, path, data, error);
}
