/*
 * libxml2 glue.  libxml2 reports parse errors through a global handler that
 * prints to stderr by default; tvirt runs under curses, so parsing uses a
 * parser context with its own error slot and prints nothing.
 */
#include "config.h"

#include <string.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "util/xml.h"

static void
silent_structured_error(void *ctx, xmlError *err)
{
}

xmlDoc *
tv_xml_parse(const char *text, const char *what, char **error)
{
    xmlParserCtxt *pctx = xmlNewParserCtxt();
    xmlDoc *doc;

    if (!pctx) {
        *error = g_strdup_printf("%s could not be parsed: out of memory", what);
        return NULL;
    }
    /* Thread-local in libxml2: keeps parse and XPath errors off the terminal. */
    xmlSetStructuredErrorFunc(NULL, silent_structured_error);
    doc = xmlCtxtReadMemory(pctx, text, (int)strlen(text), NULL, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
    if (!doc || !xmlDocGetRootElement(doc)) {
        const xmlError *e = xmlCtxtGetLastError(pctx);
        g_autofree char *msg = g_strdup(e && e->message ? e->message : "empty document");
        g_strstrip(msg);
        *error = g_strdup_printf("%s is not well-formed: %s", what, msg);
        if (doc)
            xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(pctx);
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
