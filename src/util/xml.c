/*
 * libxml2 glue.  libxml2 reports parse errors through a global handler that
 * prints to stderr by default; tvirt runs under curses, so parsing uses a
 * parser context with its own error slot and prints nothing.
 */
#include "config.h"

#include <limits.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "util/xml.h"

#if LIBXML_VERSION >= 21200
#define TV_XML_ERROR_PTR const xmlError *
#else
#define TV_XML_ERROR_PTR xmlError *
#endif

/* The first complaint libxml2 makes while parsing, with its line. */
typedef struct {
    char *first_error;   /* an error or fatal error */
    char *first_warning; /* said only when the parse failed without an error */
} parse_errors;

static char *
format_error(const xmlError *e)
{
    g_autofree char *msg = g_strdup(e->message ? e->message : "unknown error");
    g_strstrip(msg);
    return e->line > 0 ? g_strdup_printf("%s (line %d)", msg, e->line) : g_steal_pointer(&msg);
}

/* The handler's argument lost its const in libxml2 2.12. */
static void
collect_error(void *data, TV_XML_ERROR_PTR err)
{
    parse_errors *errs = data;
    if (!errs || !err)
        return;
    if (err->level >= XML_ERR_ERROR) {
        if (!errs->first_error)
            errs->first_error = format_error(err);
    } else if (!errs->first_warning) {
        errs->first_warning = format_error(err);
    }
}

xmlDoc *
tv_xml_parse(const char *text, const char *what, char **error)
{
    parse_errors errs = { 0 };
    size_t len = strlen(text);
    xmlDoc *doc;

    if (len == 0) {
        /* libxml2 refuses an empty buffer without saying why. */
        *error = g_strdup_printf("%s is not well-formed: the text is empty", what);
        return NULL;
    }
    if (len > INT_MAX) {
        *error = g_strdup_printf("%s is too large to read", what);
        return NULL;
    }
    /* Thread-local in libxml2: parse and XPath errors stay off the terminal (curses owns
     * it) and the first one is kept to be said. */
    xmlSetStructuredErrorFunc(&errs, collect_error);
    /* No NOBLANKS: whitespace inside <description> and <cmdline> is the user's. */
    doc = xmlReadMemory(text, (int)len, NULL, NULL, XML_PARSE_NONET);
    xmlSetStructuredErrorFunc(NULL, collect_error); /* a NULL context: silent from now on */
    if (doc && !xmlDocGetRootElement(doc)) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    if (!doc)
        *error = g_strdup_printf("%s is not well-formed: %s", what,
                                 errs.first_error     ? errs.first_error
                                 : errs.first_warning ? errs.first_warning
                                                      : "empty document");
    g_free(errs.first_error);
    g_free(errs.first_warning);
    return doc;
}

char *
tv_xml_string(xmlXPathContext *ctx, const char *expr)
{
    xmlXPathObject *obj = xmlXPathEval((const xmlChar *)expr, ctx);
    char *out = NULL;
    if (obj) {
        xmlChar *s = xmlXPathCastToString(obj);
        if (s && *s)
            out = g_strdup((const char *)s);
        xmlFree(s);
        xmlXPathFreeObject(obj);
    }
    return out;
}

/* The node set expr selects from node, or NULL when it selects nothing. */
static xmlXPathObject *
eval_at(xmlXPathContext *ctx, xmlNode *node, const char *expr)
{
    ctx->node = node;
    xmlXPathObject *obj = xmlXPathEval((const xmlChar *)expr, ctx);
    if (obj && (obj->type != XPATH_NODESET || xmlXPathNodeSetIsEmpty(obj->nodesetval))) {
        xmlXPathFreeObject(obj);
        return NULL;
    }
    return obj;
}

static char *
node_text(xmlNode *n)
{
    xmlChar *text = xmlNodeGetContent(n);
    char *out = g_strdup(text ? (const char *)text : "");
    xmlFree(text);
    return out;
}

char *
tv_xml_at(xmlXPathContext *ctx, xmlNode *node, const char *expr)
{
    xmlXPathObject *obj = eval_at(ctx, node, expr);
    if (!obj)
        return NULL;
    char *out = node_text(obj->nodesetval->nodeTab[0]);
    xmlXPathFreeObject(obj);
    return out;
}

bool
tv_xml_has(xmlXPathContext *ctx, xmlNode *node, const char *expr)
{
    xmlXPathObject *obj = eval_at(ctx, node, expr);
    xmlXPathFreeObject(obj);
    return obj != NULL;
}

GStrv
tv_xml_all(xmlXPathContext *ctx, xmlNode *node, const char *expr)
{
    GPtrArray *texts = g_ptr_array_new();
    xmlXPathObject *obj = eval_at(ctx, node, expr);
    for (int i = 0; obj && i < obj->nodesetval->nodeNr; i++)
        g_ptr_array_add(texts, node_text(obj->nodesetval->nodeTab[i]));
    xmlXPathFreeObject(obj);
    g_ptr_array_add(texts, NULL);
    return (GStrv)g_ptr_array_free(texts, FALSE);
}

GPtrArray *
tv_xml_nodes(xmlXPathContext *ctx, xmlNode *node, const char *expr)
{
    GPtrArray *out = g_ptr_array_new();
    xmlXPathObject *obj = eval_at(ctx, node, expr);
    for (int i = 0; obj && i < obj->nodesetval->nodeNr; i++)
        g_ptr_array_add(out, obj->nodesetval->nodeTab[i]);
    xmlXPathFreeObject(obj);
    return out;
}

char *
tv_xml_node_text(xmlNode *node)
{
    xmlBuffer *buf = xmlBufferCreate();
    xmlNodeDump(buf, node->doc, node, 0, 1);
    char *text = g_strconcat((const char *)xmlBufferContent(buf), "\n", NULL);
    xmlBufferFree(buf);
    return text;
}
