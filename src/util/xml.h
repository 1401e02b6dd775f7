/*
 * Small libxml2 helpers shared by every XML reader: parsing without any
 * output on stderr, and XPath lookups that return owned GLib strings.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

/* Parses text; NULL with *error = "WHAT is not well-formed: reason" on failure. */
xmlDoc *tv_xml_parse(const char *text, const char *what, char **error);

/* String value of an XPath expression (g_free), or NULL when empty or absent. */
char *tv_xml_string(xmlXPathContext *ctx, const char *expr);

/*
 * Node-relative lookups (expr evaluated with node as the context node).
 * tv_xml_at: the text of the first node selected (an attribute's value or
 * an element's content; "" when present but empty), or NULL when none.
 */
char *tv_xml_at(xmlXPathContext *ctx, xmlNode *node, const char *expr);
bool tv_xml_has(xmlXPathContext *ctx, xmlNode *node, const char *expr);
/* The texts of every node selected, in document order (never NULL). */
GStrv tv_xml_all(xmlXPathContext *ctx, xmlNode *node, const char *expr);
/* The nodes selected (borrowed from the document), or an empty array. */
GPtrArray *tv_xml_nodes(xmlXPathContext *ctx, xmlNode *node, const char *expr);

/* An element and its children as indented text, without an XML declaration (g_free). */
char *tv_xml_node_text(xmlNode *node);
