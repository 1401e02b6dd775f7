/*
 * What the front end calls each host.  Labels come from the snapshots
 * (libvirt's hostname, a node file's name, the URI's host) made unique
 * across all hosts by tv_host_labels_unique; with each label and URI goes
 * the part that tells it from the others', so a narrow column can cut
 * around that part instead of through it.  Everything that shows or
 * matches a host name on screen asks here.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

#include "model/snapshot.h"

typedef struct tv_labels tv_labels;

tv_labels *tv_labels_new(void);
void tv_labels_free(tv_labels *l);

/*
 * Catches up with the hosts (tv_host*) and their snapshots, two parallel
 * arrays.  Only when a host came, went, or changed its label or URI (which
 * happens on connecting, not on a refresh) are the labels made again; the
 * hosts then get their new labels for the messages they post (see
 * tv_host_set_name).  Returns whether any label changed.
 */
bool tv_labels_update(tv_labels *l, GPtrArray *hosts, GPtrArray *snaps);

/* The host's unique label (the snapshot's own before the first update). */
const char *tv_labels_get(const tv_labels *l, const tv_host_snapshot *s);

/*
 * The label, or the URI, fitted into exactly width columns into out
 * (emptied first) with the part that tells it apart kept in view; returns
 * out->str.
 */
const char *tv_labels_fit(const tv_labels *l, const tv_host_snapshot *s, int width, GString *out);
const char *tv_labels_fit_uri(const tv_labels *l, const tv_host_snapshot *s, int width,
                              GString *out);

/* The id of the host called name (its label, any case) or with that URI; 0 when none. */
unsigned tv_labels_find(const tv_labels *l, const char *name);
