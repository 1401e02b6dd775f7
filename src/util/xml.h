/*
 * Small libxml2 helpers shared by every XML reader: parsing without any
 * output on stderr, and XPath lookups that return owned GLib strings.
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

/* Parses text; NULL with *error = "WHAT is not well-formed: reason" on failure. */
xmlDoc *tv_xml_parse(const char *text, const char *what, char **error);

/* String value of an XPath expression (g_free), or NULL when empty or absent. */
char *tv_xml_string(xmlXPathContext *ctx, const char *expr);
