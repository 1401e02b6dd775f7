/*
 * Parameter values: parsing text of each kind, defaults, and checking a
 * whole set at once so every problem is reported together.  A field the
 * user typed keeps its text even when it does not parse, so a form can show
 * it with its error and the user can fix it.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions/param.h"
#include "model/oscat.h"
#include "model/domxml.h"

static const char *const kind_names[] = {
    [TV_PARAM_STRING] = "text",     [TV_PARAM_NAME] = "name",     [TV_PARAM_INT] = "number",
    [TV_PARAM_SIZE] = "size",       [TV_PARAM_BOOL] = "yes/no",   [TV_PARAM_CHOICE] = "choice",
    [TV_PARAM_PATH] = "path",       [TV_PARAM_HOST] = "host",     [TV_PARAM_POOL] = "pool",
    [TV_PARAM_VOLUME] = "volume",   [TV_PARAM_NETWORK] = "network", [TV_PARAM_OS] = "OS variant",
    [TV_PARAM_MAC] = "MAC address", [TV_PARAM_GROUP] = "group",
};
G_STATIC_ASSERT(G_N_ELEMENTS(kind_names) == TV_PARAM_KIND_LAST);

const char *
tv_param_kind_name(tv_param_kind k)
{
    return (unsigned)k < TV_PARAM_KIND_LAST ? kind_names[k] : "?";
}

void
tv_param_value_clear(tv_param_value *v)
{
    g_clear_pointer(&v->text, g_free);
    *v = (tv_param_value){ 0 };
}

/* ---- sizes ------------------------------------------------------------------ */

/* The scale of a unit as virsh reads it: k or KiB 1024, KB 1000, and so on up to E. */
static bool
unit_scale(const char *unit, guint64 *scale)
{
    static const char prefixes[] = "kmgtpe";
    const char *p;
    size_t len = strlen(unit);
    int power;

    if (len == 0 || g_ascii_strcasecmp(unit, "b") == 0 || g_ascii_strcasecmp(unit, "bytes") == 0) {
        *scale = 1;
        return true;
    }
    p = strchr(prefixes, g_ascii_tolower(unit[0]));
    if (!p || !*p)
        return false;
    power = (int)(p - prefixes) + 1;
    if (len == 1 || (len == 3 && g_ascii_strcasecmp(unit + 1, "ib") == 0)) {
        *scale = 1ULL << (10 * power);
        return true;
    }
    if (len == 2 && g_ascii_tolower(unit[1]) == 'b') {
        *scale = 1;
        while (power-- > 0)
            *scale *= 1000;
        return true;
    }
    return false;
}

bool
tv_param_parse_size(const char *text, const char *unit, guint64 *bytes, char **error)
{
    g_autofree char *copy = g_strstrip(g_strdup(text ? text : ""));
    char *end = NULL;
    double number;
    guint64 scale;

    if (!*copy || !(g_ascii_isdigit(copy[0]) || copy[0] == '.')) {
        *error = g_strdup_printf("needs a number with an optional unit, like 10G or 512M");
        return false;
    }
    errno = 0;
    number = g_ascii_strtod(copy, &end);
    if (errno || end == copy || !isfinite(number)) {
        *error = g_strdup_printf("'%s' is not a size", copy);
        return false;
    }
    while (*end == ' ')
        end++;
    if (!unit_scale(*end ? end : (unit ? unit : ""), &scale)) {
        *error = g_strdup_printf("unknown unit '%s' (use K, M, G, T, or KiB, MB...)", end);
        return false;
    }
    if (number * (double)scale >= 18446744073709551615.0) {
        *error = g_strdup_printf("'%s' is too large", copy);
        return false;
    }
    *bytes = (guint64)llround(number * (double)scale);
    return true;
}

char *
tv_param_format_size(guint64 bytes)
{
    static const char units[] = "KMGTPE";
    int u = -1;
    guint64 v = bytes;
    while (v >= 1024 && v % 1024 == 0 && u < 5) {
        v /= 1024;
        u++;
    }
    if (u < 0)
        return g_strdup_printf("%" G_GUINT64_FORMAT, bytes);
    return g_strdup_printf("%" G_GUINT64_FORMAT "%c", v, units[u]);
}

/* ---- other kinds ------------------------------------------------------------- */

bool
tv_param_parse_bool(const char *text, bool *out)
{
    static const char *const yes[] = { "yes", "on", "true", "1", "y" };
    static const char *const no[] = { "no", "off", "false", "0", "n" };
    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (g_ascii_strcasecmp(text, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (g_ascii_strcasecmp(text, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}

bool
tv_param_parse_mac(const char *text, char **canonical, char **error)
{
    unsigned b[6];
    char tail;
    if (sscanf(text, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
               &tail) != 6 ||
        strlen(text) != 17) {
        *error = g_strdup_printf("'%s' is not a MAC address (six hex pairs: 52:54:00:12:34:56)",
                                 text);
        return false;
    }
    if (b[0] & 1) {
        *error = g_strdup_printf("%s is a multicast address; a NIC needs a unicast one", text);
        return false;
    }
    *canonical = g_strdup_printf("%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3], b[4],
                                 b[5]);
    return true;
}

bool
tv_param_parse(const tv_param *p, const char *text, tv_param_value *out, char **error)
{
    g_autofree char *t = g_strstrip(g_strdup(text ? text : ""));

    tv_param_value_clear(out);
    switch (p->kind) {
    case TV_PARAM_INT: {
        gint64 n;
        g_autoptr(GError) err = NULL;
        if (!g_ascii_string_to_signed(t, 10, G_MININT64, G_MAXINT64, &n, &err)) {
            *error = g_strdup_printf("'%s' is not a whole number", t);
            return false;
        }
        if ((p->min || p->max) && (n < p->min || n > p->max)) {
            *error = g_strdup_printf("%" G_GINT64_FORMAT " is out of range (%lld to %lld)", n,
                                     p->min, p->max);
            return false;
        }
        out->number = n;
        out->text = g_strdup_printf("%" G_GINT64_FORMAT, n);
        break;
    }
    case TV_PARAM_SIZE: {
        guint64 bytes;
        if (!tv_param_parse_size(t, p->unit, &bytes, error))
            return false;
        if (bytes < (guint64)MAX(p->min, 0)) {
            g_autofree char *min = tv_param_format_size((guint64)p->min);
            *error = bytes == 0 ? g_strdup("must be more than 0")
                                : g_strdup_printf("must be at least %s", min);
            return false;
        }
        if (p->max > 0 && bytes > (guint64)p->max) {
            g_autofree char *max = tv_param_format_size((guint64)p->max);
            *error = g_strdup_printf("must be at most %s", max);
            return false;
        }
        out->bytes = bytes;
        out->text = tv_param_format_size(bytes);
        break;
    }
    case TV_PARAM_BOOL: {
        bool b;
        if (!tv_param_parse_bool(t, &b)) {
            *error = g_strdup_printf("'%s' is not yes or no", t);
            return false;
        }
        out->number = b;
        out->text = g_strdup(b ? "yes" : "no");
        break;
    }
    case TV_PARAM_CHOICE: {
        GString *list = g_string_new(NULL);
        for (size_t i = 0; p->choices && p->choices[i]; i++) {
            if (g_ascii_strcasecmp(t, p->choices[i]) == 0) {
                out->number = (long long)i;
                out->text = g_strdup(p->choices[i]);
                g_string_free(list, TRUE);
                out->set = true;
                return true;
            }
            g_string_append_printf(list, "%s%s", i ? ", " : "", p->choices[i]);
        }
        *error = g_strdup_printf("'%s' is not one of %s", t, list->str);
        g_string_free(list, TRUE);
        return false;
    }
    case TV_PARAM_MAC:
        if (!tv_param_parse_mac(t, &out->text, error))
            return false;
        break;
    case TV_PARAM_PATH:
        if (!g_path_is_absolute(t)) {
            *error = g_strdup_printf("'%s' is not an absolute path", t);
            return false;
        }
        out->text = g_strdup(t);
        break;
    case TV_PARAM_NAME:
        /* libvirt takes any characters; only '/' breaks file-backed objects. */
        if (!*t) {
            *error = g_strdup("must not be empty");
            return false;
        }
        if (strchr(text, '/')) {
            *error = g_strdup("must not contain '/'");
            return false;
        }
        out->text = g_strdup(text); /* exactly as typed: names keep their spaces */
        break;
    default:
        if (!*t && (p->flags & TV_PARAM_REQUIRED)) {
            *error = g_strdup("must not be empty");
            return false;
        }
        out->text = g_strdup(t);
        break;
    }
    out->set = true;
    return true;
}

/* ---- a set of values ----------------------------------------------------------- */

/* A table with its groups expanded: shared by a set of values and its copies. */
typedef struct {
    tv_param *params;
    size_t n;
    GPtrArray *strings; /* the names made for group fields */
} param_table;

struct tv_param_values {
    param_table *table; /* reference counted (g_rc_box) */
    const tv_param *params;
    size_t n;
    tv_param_value *vals;
    char **typed;  /* what the user typed for each, or NULL */
    char **errors; /* why what was typed does not parse, or NULL */
    /* A view of a group's fields by their short names: base and prefix set, no arrays. */
    tv_param_values *base;
    char *prefix;
    GHashTable *views; /* prefix -> view, on a set that has groups */
};

static bool
omitted(const tv_param_group *g, const char *name)
{
    for (size_t i = 0; g->omit && g->omit[i]; i++) {
        if (strcmp(g->omit[i], name) == 0)
            return true;
    }
    return false;
}

static const tv_param *
override_of(const tv_param_group *g, const char *name)
{
    for (size_t i = 0; i < g->n_overrides; i++) {
        if (strcmp(g->overrides[i].name, name) == 0)
            return &g->overrides[i];
    }
    return NULL;
}

static void
table_clear(gpointer p)
{
    param_table *t = p;
    g_free(t->params);
    g_ptr_array_unref(t->strings);
}

static param_table *
table_expand(const tv_param *params, size_t n)
{
    param_table *t = g_rc_box_new0(param_table);
    GArray *out = g_array_new(FALSE, TRUE, sizeof(tv_param));
    t->strings = g_ptr_array_new_with_free_func(g_free);
    for (size_t i = 0; i < n; i++) {
        const tv_param *p = &params[i];
        if (p->kind != TV_PARAM_GROUP) {
            g_array_append_val(out, *p);
            continue;
        }
        char *scope = g_strdup_printf("%s.", p->name);
        g_ptr_array_add(t->strings, scope);
        for (size_t k = 0; k < *p->group->n_params; k++) {
            const tv_param *field = &p->group->params[k];
            if (omitted(p->group, field->name))
                continue;
            const tv_param *over = override_of(p->group, field->name);
            tv_param copy = over ? *over : *field;
            char *name = g_strconcat(scope, field->name, NULL);
            g_ptr_array_add(t->strings, name);
            copy.name = name;
            copy.scope = scope;
            copy.group = p->group;
            copy.page = p->page;
            g_array_append_val(out, copy);
        }
    }
    t->n = out->len;
    t->params = (tv_param *)(void *)g_array_free(out, FALSE);
    return t;
}

static tv_param_values *
values_for(param_table *t)
{
    tv_param_values *v = g_new0(tv_param_values, 1);
    v->table = t;
    v->params = t->params;
    v->n = t->n;
    v->vals = g_new0(tv_param_value, v->n ? v->n : 1);
    v->typed = g_new0(char *, v->n ? v->n : 1);
    v->errors = g_new0(char *, v->n ? v->n : 1);
    return v;
}

tv_param_values *
tv_param_values_new(const tv_param *params, size_t n)
{
    return values_for(table_expand(params, n));
}

void
tv_param_values_free(tv_param_values *v)
{
    if (!v)
        return;
    for (size_t i = 0; v->vals && i < v->n; i++) {
        tv_param_value_clear(&v->vals[i]);
        g_free(v->typed[i]);
        g_free(v->errors[i]);
    }
    g_free(v->vals);
    g_free(v->typed);
    g_free(v->errors);
    g_free(v->prefix);
    if (v->views)
        g_hash_table_unref(v->views);
    if (v->table)
        g_rc_box_release_full(v->table, table_clear);
    g_free(v);
}

/*
 * Where a name lives: the index in *owner, the set that holds the arrays
 * (a view resolves "size" to its base's "disk.size").
 */
static int
locate(const tv_param_values *v, const char *name, tv_param_values **owner)
{
    g_autofree char *full = NULL;
    if (v->base) {
        full = g_strconcat(v->prefix, name, NULL);
        name = full;
        v = v->base;
    }
    *owner = (tv_param_values *)v;
    for (size_t i = 0; i < v->n; i++) {
        if (strcmp(v->params[i].name, name) == 0)
            return (int)i;
    }
    return -1;
}

/* The set as a group's fields see it: their names without the prefix. */
static const tv_param_values *
view_of(tv_param_values *v, const char *scope)
{
    if (!scope)
        return v;
    if (!v->views)
        v->views = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify)tv_param_values_free);
    tv_param_values *view = g_hash_table_lookup(v->views, scope);
    if (!view) {
        view = g_new0(tv_param_values, 1);
        view->base = v;
        view->prefix = g_strdup(scope);
        g_hash_table_insert(v->views, view->prefix, view);
    }
    return view;
}

const tv_param_values *
tv_param_values_view(const tv_param_values *v, const char *prefix)
{
    return view_of((tv_param_values *)tv_param_values_outer(v), prefix);
}

const tv_param_values *
tv_param_values_outer(const tv_param_values *v)
{
    return v->base ? v->base : v;
}

const tv_param *
tv_param_values_find(const tv_param_values *v, const char *name)
{
    tv_param_values *o;
    int i = locate(v, name, &o);
    return i < 0 ? NULL : &o->params[i];
}

const tv_param_value *
tv_param_values_get(const tv_param_values *v, const char *name)
{
    static const tv_param_value unset = { 0 };
    tv_param_values *o;
    int i = locate(v, name, &o);
    return i < 0 ? &unset : &o->vals[i];
}

const char *
tv_param_values_text(const tv_param_values *v, const char *name)
{
    const tv_param_value *val = tv_param_values_get(v, name);
    return val->set ? val->text : NULL;
}

bool
tv_param_values_given(const tv_param_values *v, const char *name)
{
    tv_param_values *o;
    int i = locate(v, name, &o);
    return i >= 0 && o->typed[i] != NULL;
}

const char *
tv_param_values_typed(const tv_param_values *v, const char *name)
{
    tv_param_values *o;
    int i = locate(v, name, &o);
    return i < 0 ? NULL : o->typed[i];
}

bool
tv_param_values_set(tv_param_values *v, const char *name, const char *text, char **error)
{
    tv_param_values *o;
    int i = locate(v, name, &o);
    g_autofree char *why = NULL;

    if (i < 0) {
        *error = g_strdup_printf("%s: no such parameter", name);
        return false;
    }
    g_free(o->typed[i]);
    o->typed[i] = g_strdup(text);
    g_clear_pointer(&o->errors[i], g_free);
    if (!tv_param_parse(&o->params[i], text, &o->vals[i], &why)) {
        o->errors[i] = g_strdup(why);
        *error = g_strdup_printf("%s: %s", name, why);
        return false;
    }
    return true;
}

void
tv_param_values_unset(tv_param_values *v, const char *name)
{
    tv_param_values *o;
    int i = locate(v, name, &o);
    if (i < 0)
        return;
    g_clear_pointer(&o->typed[i], g_free);
    g_clear_pointer(&o->errors[i], g_free);
    tv_param_value_clear(&o->vals[i]);
}

/* Checks a value against the host's objects for the kinds that name one. */
static char *
check_against_host(const tv_param *p, const tv_param_value *val, const tv_param_ctx *ctx)
{
    const tv_host_snapshot *s = ctx->snap;
    if (!s || !val->set)
        return NULL;
    switch (p->kind) {
    case TV_PARAM_POOL:
        if (!s->storage)
            return NULL; /* not read yet: the worker checks again */
        for (size_t i = 0; i < s->storage->n; i++) {
            if (g_strcmp0(s->storage->pools[i].name, val->text) == 0)
                return s->storage->pools[i].active
                           ? NULL
                           : g_strdup_printf("pool '%s' is not active", val->text);
        }
        return g_strdup_printf("no pool '%s' on %s", val->text, s->label);
    case TV_PARAM_NETWORK:
        if (!s->networks)
            return NULL;
        for (size_t i = 0; i < s->networks->n; i++) {
            if (g_strcmp0(s->networks->networks[i].name, val->text) == 0)
                return NULL;
        }
        return g_strdup_printf("no network '%s' on %s", val->text, s->label);
    default:
        return NULL;
    }
}

/* The parsed XML of the domain called name, when the snapshot carries it. */
static const tv_domain_details *
details_of(const tv_host_snapshot *s, const char *name)
{
    if (!s || !name || !s->details)
        return NULL;
    for (size_t i = 0; i < s->n_domains; i++) {
        if (strcmp(s->domains[i].name, name) == 0)
            return strcmp(s->domains[i].uuid_str, s->details->uuid_str) == 0 ? s->details : NULL;
    }
    return NULL;
}

/* The context a field's callbacks see: its group's view of the values. */
static tv_param_ctx
field_ctx(tv_param_values *v, const tv_param *p, const tv_param_ctx *ctx)
{
    tv_param_ctx c = *ctx;
    c.values = view_of(v, p->scope);
    return c;
}

bool
tv_param_values_visible(const tv_param_values *cv, size_t i, const tv_param_ctx *ctx_in)
{
    tv_param_values *v = (tv_param_values *)cv; /* views are made on demand */
    const tv_param *p = &v->params[i];
    tv_param_ctx ctx = *ctx_in;
    if (!ctx.details)
        ctx.details = details_of(ctx.snap, ctx.target);
    ctx = field_ctx(v, p, &ctx);
    if (p->group && p->group->switch_name && strcmp(p->name + strlen(p->scope),
                                                    p->group->switch_name) != 0) {
        const char *sw = tv_param_values_text(ctx.values, p->group->switch_name);
        if (g_strcmp0(sw, p->group->off_value) == 0)
            return false;
    }
    return !p->visible || p->visible(&ctx);
}

GPtrArray *
tv_param_values_check(tv_param_values *v, const tv_param_ctx *ctx_in)
{
    GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
    tv_param_ctx ctx = *ctx_in;
    ctx.values = v;
    if (!ctx.details)
        ctx.details = details_of(ctx.snap, ctx.target);

    /* Defaults first: visibility and validators may look at any field. */
    for (size_t i = 0; i < v->n; i++) {
        const tv_param *p = &v->params[i];
        tv_param_ctx fctx = field_ctx(v, p, &ctx);
        g_autofree char *def = NULL;
        g_autofree char *why = NULL;
        if (v->typed[i])
            continue;
        tv_param_value_clear(&v->vals[i]);
        def = p->compute_default ? p->compute_default(p, &fctx) : g_strdup(p->def);
        if (def && !tv_param_parse(p, def, &v->vals[i], &why))
            g_ptr_array_add(problems, g_strdup_printf("%s: its default '%s' %s", p->name, def,
                                                      why));
    }
    for (size_t i = 0; i < v->n; i++) {
        const tv_param *p = &v->params[i];
        const tv_param_value *val = &v->vals[i];
        tv_param_ctx fctx = field_ctx(v, p, &ctx);
        char *why = NULL;
        if (!tv_param_values_visible(v, i, &ctx)) {
            if (v->typed[i])
                g_ptr_array_add(problems, g_strdup_printf("%s: does not apply here", p->name));
            continue;
        }
        if (v->errors[i])
            why = g_strdup(v->errors[i]);
        else if (!val->set && (p->flags & TV_PARAM_REQUIRED))
            why = g_strdup("is required");
        else if (val->set && !(why = check_against_host(p, val, &fctx)) && p->validate)
            why = p->validate(p, val, &fctx);
        if (why) {
            g_ptr_array_add(problems, g_strdup_printf("%s: %s", p->name, why));
            g_free(why);
        }
    }
    return problems;
}

tv_param_values *
tv_param_values_copy(const tv_param_values *v)
{
    tv_param_values *c = values_for(g_rc_box_acquire(v->table));
    for (size_t i = 0; i < v->n; i++) {
        c->typed[i] = g_strdup(v->typed[i]);
        c->errors[i] = g_strdup(v->errors[i]);
        c->vals[i].set = v->vals[i].set;
        c->vals[i].text = g_strdup(v->vals[i].text);
        c->vals[i].number = v->vals[i].number;
        c->vals[i].bytes = v->vals[i].bytes;
    }
    return c;
}

size_t
tv_param_values_count(const tv_param_values *v)
{
    return v->n;
}

const tv_param *
tv_param_values_param(const tv_param_values *v, size_t i)
{
    return i < v->n ? &v->params[i] : NULL;
}

/* ---- pick lists ---------------------------------------------------------------------- */

/* Whether every word of filter is in text (case folded). */
static bool
matches(const char *text, GStrv words)
{
    g_autofree char *folded = g_utf8_casefold(text, -1);
    for (size_t i = 0; words && words[i]; i++) {
        if (*words[i] && !strstr(folded, words[i]))
            return false;
    }
    return true;
}

static void
add_candidate(GPtrArray *out, GStrv words, guint max, char *item)
{
    if (out->len < max && matches(item, words))
        g_ptr_array_add(out, item);
    else
        g_free(item);
}

GPtrArray *
tv_param_candidates(const tv_param *p, const char *filter, const tv_param_ctx *ctx, guint max)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *folded = g_utf8_casefold(filter ? filter : "", -1);
    g_auto(GStrv) words = g_strsplit_set(folded, " \t", -1);
    const tv_host_snapshot *s = ctx->snap;

    if (p->candidates) {
        g_autoptr(GPtrArray) own = p->candidates(p, ctx);
        for (guint i = 0; own && i < own->len; i++)
            add_candidate(out, words, max, g_strdup(own->pdata[i]));
    }
    switch (p->kind) {
    case TV_PARAM_CHOICE:
        for (size_t i = 0; p->choices[i]; i++)
            add_candidate(out, words, max, g_strdup(p->choices[i]));
        break;
    case TV_PARAM_BOOL:
        add_candidate(out, words, max, g_strdup("yes"));
        add_candidate(out, words, max, g_strdup("no"));
        break;
    case TV_PARAM_POOL:
        for (size_t i = 0; s && s->storage && i < s->storage->n; i++) {
            const tv_pool *pool = &s->storage->pools[i];
            g_autofree char *free_text = tv_param_format_size(pool->available);
            add_candidate(out, words, max,
                          g_strdup_printf("%s\t%s, %s free%s", pool->name, pool->type,
                                          free_text, pool->active ? "" : ", inactive"));
        }
        break;
    case TV_PARAM_VOLUME:
        for (size_t i = 0; s && s->storage && i < s->storage->n; i++) {
            const tv_pool *pool = &s->storage->pools[i];
            for (size_t k = 0; k < pool->n_volumes; k++) {
                g_autofree char *size = tv_param_format_size(pool->volumes[k].capacity);
                add_candidate(out, words, max,
                              g_strdup_printf("%s/%s\t%s", pool->name, pool->volumes[k].name,
                                              size));
            }
        }
        break;
    case TV_PARAM_HOST:
        for (size_t i = 0; ctx->hosts && ctx->hosts[i]; i++)
            add_candidate(out, words, max, g_strdup(ctx->hosts[i]));
        break;
    case TV_PARAM_NETWORK:
        for (size_t i = 0; s && s->networks && i < s->networks->n; i++) {
            const tv_network *n = &s->networks->networks[i];
            add_candidate(out, words, max,
                          g_strdup_printf("%s\t%s%s", n->name, n->forward_mode,
                                          n->active ? "" : ", inactive"));
        }
        break;
    case TV_PARAM_OS: {
        const tv_os_catalog *cat = tv_oscat_ready();
        g_autoptr(GPtrArray) found = cat ? tv_oscat_search(cat, filter ? filter : "") : NULL;
        for (guint i = 0; found && i < found->len && out->len < max; i++) {
            const tv_os_variant *os = found->pdata[i];
            g_ptr_array_add(out, g_strdup_printf("%s\t%s%s", os->short_id, os->name,
                                                 os->eol ? " (end of life)" : ""));
        }
        break;
    }
    default:
        break;
    }
    return out;
}

const tv_domain *
tv_param_ctx_domain(const tv_param_ctx *ctx)
{
    if (!ctx->snap || !ctx->target)
        return NULL;
    for (size_t i = 0; i < ctx->snap->n_domains; i++) {
        const tv_domain *d = &ctx->snap->domains[i];
        if (strcmp(d->name, ctx->target) == 0 || g_ascii_strcasecmp(d->uuid_str, ctx->target) == 0)
            return d;
    }
    return NULL;
}
