/*
 * Checks for XML builders' unit tests: a golden file (TV_REGENERATE=1
 * writes it instead) and validation against one of libvirt's RelaxNG
 * schemas, as libvirt itself validates what it is given.
 */
#pragma once

/* got must equal tests/data/DIR/NAME. */
void tv_check_golden(const char *dir, const char *name, const char *got);
/* xml must be valid by /usr/share/libvirt/schemas/SCHEMA (e.g. "domain.rng"). */
void tv_check_schema(const char *xml, const char *schema);
