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
