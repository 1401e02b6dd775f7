/*
 * What an action takes, declared once: a table of parameters (name, label,
 * help, kind, default, bounds or choices, a pure validator, when it shows,
 * its wizard page) that the form, the ':' line and --exec all read, and the
 * one parser that turns text into values for the three.  Libvirt-free and
 * pure: defaults and choices that depend on a host come from the snapshot
 * in the context.  Names and value syntax follow ACTIONS.md.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

#include "model/snapshot.h"

typedef enum {
    TV_PARAM_STRING,  /* free text */
    TV_PARAM_NAME,    /* a libvirt object name: any characters but '/', not empty */
    TV_PARAM_INT,     /* a whole number within min..max */
    TV_PARAM_SIZE,    /* bytes; scaled units as virsh takes them, bare numbers in .unit */
    TV_PARAM_BOOL,    /* yes/no, on/off, true/false, 1/0 */
    TV_PARAM_CHOICE,  /* one of the choices */
    TV_PARAM_PATH,    /* an absolute path on the host */
    TV_PARAM_HOST,    /* a connected host's label or URI */
    TV_PARAM_POOL,    /* a storage pool of the host */
    TV_PARAM_VOLUME,  /* a volume: POOL/VOLUME, or a name in the pool= parameter's pool */
    TV_PARAM_NETWORK, /* a virtual network of the host */
    TV_PARAM_OS,      /* a libosinfo short id */
    TV_PARAM_MAC,     /* a unicast MAC address */
    TV_PARAM_GROUP,   /* not a field: stands for another table's fields (see tv_param_group) */
    TV_PARAM_KIND_LAST
} tv_param_kind;

const char *tv_param_kind_name(tv_param_kind k);

/* A parsed value. */
typedef struct tv_param_value {
    bool set;          /* given by the user or from a default */
    char *text;        /* canonical text (what --exec echoes, what a form shows) */
    long long number;  /* INT, BOOL (0/1), CHOICE (index) */
    guint64 bytes;     /* SIZE */
} tv_param_value;

typedef struct tv_param tv_param;
typedef struct tv_param_values tv_param_values;
typedef struct tv_param_group tv_param_group;

/* What defaults, choices, visibility and validators may look at. */
typedef struct tv_param_ctx {
    const tv_host_snapshot *snap; /* the target's host, or NULL when none is known yet */
    const char *target;           /* the target's name (pool, domain...), or NULL */
    /* A domain target's parsed XML (disks, NICs...), when the snapshot has it, or NULL. */
    const struct tv_domain_details *details;
    const tv_param_values *values; /* the other fields, as they stand */
    /* Labels of the connected hosts (a form's; NULL-terminated), or NULL when not known. */
    const char *const *hosts;
    /* Their URIs, parallel to hosts, or NULL. */
    const char *const *host_uris;
} tv_param_ctx;

/* The domain a context's target names (by name or UUID) in its snapshot, or NULL. */
const tv_domain *tv_param_ctx_domain(const tv_param_ctx *ctx);

enum {
    TV_PARAM_REQUIRED = 1 << 0, /* must be set (by the user or a default) when visible */
    /* Its default or check reads the host's networks though its kind is not NETWORK (a
     * NIC's source): the form and --exec have the host read them, as for the kind. */
    TV_PARAM_READS_NETWORKS = 1 << 1,
};

struct tv_param {
    const char *name;  /* lowercase words joined by '_': "max_downtime" */
    const char *label; /* for forms: "Maximum downtime" */
    const char *help;  /* one sentence */
    tv_param_kind kind;
    unsigned flags;
    const char *def;   /* fixed default as text, or NULL */
    /* A default worked out from the host (g_free), or NULL; wins over def. */
    char *(*compute_default)(const tv_param *p, const tv_param_ctx *ctx);
    long long min, max;  /* INT: bounds; SIZE: bounds in bytes (max 0: none) */
    const char *unit;    /* SIZE: the unit of a bare number ("MiB", "GiB") */
    const char *const *choices; /* CHOICE: NULL-terminated */
    /* Whether the field applies given the others (NULL: always). */
    bool (*visible)(const tv_param_ctx *ctx);
    /* Extra check after parsing: an error sentence (g_free) or NULL. */
    char *(*validate)(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx);
    /* Values to pick from besides the kind's own ("value\tdescription", g_free), or NULL. */
    GPtrArray *(*candidates)(const tv_param *p, const tv_param_ctx *ctx);
    int page; /* wizard page, 0 for the first */
    /* TV_PARAM_GROUP: the table it brings in.  On the fields it brought in:
     * the same group, and scope is their prefix ("disk."). */
    const tv_param_group *group;
    const char *scope;
};

/*
 * A table embedded in another under a prefix: domain-create's disk.* are
 * domain-attach-disk's fields, named "disk.size" and so on, with their own
 * defaults, visibility and validators, which see the group's fields by
 * their short names ("size") through ctx->values.
 */
struct tv_param_group {
    const tv_param *params;
    const size_t *n_params;
    const char *const *omit;    /* fields left out (NULL-terminated), or NULL */
    const tv_param *overrides;  /* fields replaced, matched by name */
    size_t n_overrides;
    /* The field whose value off_value hides the rest of the group ("source", "none"). */
    const char *switch_name;
    const char *off_value;
};

/*
 * Parses text for p into out (cleared first).  Returns true, or false with
 * *error saying what is wrong in a sentence that names no field (callers
 * prefix "name: ").  Checks the kind's syntax and bounds only; choices that
 * come from a host (pools...) and p->validate are checked by
 * tv_param_values_check.
 */
bool tv_param_parse(const tv_param *p, const char *text, tv_param_value *out, char **error);
void tv_param_value_clear(tv_param_value *v);

/*
 * What a field can take, for a pick list: "value\tdescription" strings
 * (choices, the host's pools, networks or volumes, libosinfo's variants,
 * or the field's own candidates), those matching filter (words, case
 * folded; NULL or empty: all) first to last, at most max.
 */
GPtrArray *tv_param_candidates(const tv_param *p, const char *filter, const tv_param_ctx *ctx,
                               guint max);

/* Parses sizes as virsh does: "10G", "10 GiB", "1.5T", "512" (in unit). */
bool tv_param_parse_size(const char *text, const char *unit, guint64 *bytes, char **error);
/* Formats bytes the short way a size is typed back: "10G", "512M", "1536K". */
char *tv_param_format_size(guint64 bytes);
bool tv_param_parse_bool(const char *text, bool *out);
/* Parses and normalises a MAC (lowercase, colons); unicast only. */
bool tv_param_parse_mac(const char *text, char **canonical, char **error);

/* ---- a set of values for one action's table ---------------------------------- */

/* Values for a table; group entries are expanded into their fields. */
tv_param_values *tv_param_values_new(const tv_param *params, size_t n);
void tv_param_values_free(tv_param_values *v);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(tv_param_values, tv_param_values_free)

const tv_param *tv_param_values_find(const tv_param_values *v, const char *name);
/* The value of a parameter by name (never NULL for a name of the table). */
const tv_param_value *tv_param_values_get(const tv_param_values *v, const char *name);
/* The text of a set value, or NULL. */
const char *tv_param_values_text(const tv_param_values *v, const char *name);
/* Whether the user gave it (not a default). */
bool tv_param_values_given(const tv_param_values *v, const char *name);
/* What the user typed for it (even when it does not parse), or NULL. */
const char *tv_param_values_typed(const tv_param_values *v, const char *name);

/*
 * Sets name from text as the user typed it.  False with *error ("size:
 * needs a number with an optional unit, like 10G") when the name is not a
 * parameter or the text does not parse; the field then keeps the text and
 * counts as in error until set again.
 */
bool tv_param_values_set(tv_param_values *v, const char *name, const char *text, char **error);
/* Forgets what the user gave for name: its default applies again. */
void tv_param_values_unset(tv_param_values *v, const char *name);

/*
 * Fills every field the user did not give from its default (fixed or
 * computed with ctx), then checks everything: parse errors, required fields,
 * choices from the host, each validator.  Returns every problem as
 * "name: what is wrong" (empty when none), in table order.
 */
GPtrArray *tv_param_values_check(tv_param_values *v, const tv_param_ctx *ctx);

/* A copy holding what the user gave (defaults are worked out again on check). */
tv_param_values *tv_param_values_copy(const tv_param_values *v);

/* A group's fields by their short names ("size" for "disk.size"): prefix "disk.". */
const tv_param_values *tv_param_values_view(const tv_param_values *v, const char *prefix);
/* The whole set a group's view belongs to (the set itself when it is not a view). */
const tv_param_values *tv_param_values_outer(const tv_param_values *v);

/* Number of parameters and each one, in table order (groups expanded). */
size_t tv_param_values_count(const tv_param_values *v);
const tv_param *tv_param_values_param(const tv_param_values *v, size_t i);
/* Whether field i applies given the others (its group's switch and its own rule). */
bool tv_param_values_visible(const tv_param_values *v, size_t i, const tv_param_ctx *ctx);
