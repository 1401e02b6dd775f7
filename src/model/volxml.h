/*
 * Storage volume XML, built with libxml2's tree API from a spec (the
 * parameters a user chose), never as text, so any name round-trips.
 * Pure: tested against golden files and libvirt's storagevol.rng.
 */
#pragma once

#include <glib.h>

typedef struct tv_volume_spec {
    const char *name;
    guint64 capacity;   /* bytes */
    guint64 allocation; /* bytes written now: 0 sparse, capacity fully allocated */
    const char *format; /* "qcow2", "raw"... or NULL for the pool's default */
} tv_volume_spec;

/* The <volume> document as text (g_free). */
char *tv_volxml_build(const tv_volume_spec *spec);
