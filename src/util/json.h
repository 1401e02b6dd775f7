/*
 * The little JSON tvirt writes (batch lines, --exec results): strings
 * escaped as JSON requires; UTF-8 passes through as it is.
 */
#pragma once

#include <glib.h>

/* Appends s as a JSON string, quotes included. */
void tv_json_append_string(GString *buf, const char *s);
