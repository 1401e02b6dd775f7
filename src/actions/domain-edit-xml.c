/*
 * domain-edit-xml: redefines a domain from XML the user wrote (E on the
 * screen opens it in $EDITOR; --exec takes file=).  The text goes to
 * virDomainDefineXML as the user wrote it; it is only read here to make
 * sure it describes the target: its <uuid>, and one is added when left
 * out, so an edit can never land on another domain of the same name.
 * Also the worker side of the editor's round trips (edit-xml.h).
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "actions/action-impl.h"
#include "actions/edit-xml.h"
#include "model/domxml.h"
#include "model/messages.h"
#include "util/xml.h"

/* ---- parameters ------------------------------------------------------------------ */

static bool
file_visible(const tv_param_ctx *ctx)
{
    /* The editor hands its text over as xml=; then a file has no place. */
    return !tv_param_values_given(ctx->values, "xml") ||
           tv_param_values_given(ctx->values, "file");
}

static bool
xml_visible(const tv_param_ctx *ctx)
{
    return tv_param_values_given(ctx->values, "xml");
}


/* The UUID of the target, as the snapshot knows it. */
static const char *
target_uuid(const tv_param_ctx *ctx)
{
    if (ctx->details && ctx->details->uuid_str)
        return ctx->details->uuid_str;
    for (size_t i = 0; ctx->snap && ctx->target && i < ctx->snap->n_domains; i++) {
        const tv_domain *d = &ctx->snap->domains[i];
        if (strcmp(d->name, ctx->target) == 0 || g_ascii_strcasecmp(d->uuid_str, ctx->target) == 0)
            return d->uuid_str;
    }
    return NULL;
}

/*
 * Whether text describes the domain uuid: NULL, or why not (g_free).  Text
 * that is not well-formed is libvirt's to refuse, in its own words.
 */
static char *
describes_other(const char *text, const char *uuid)
{
    g_autofree char *error = NULL;
    g_autoptr(xmlDoc) doc = tv_xml_parse(text, "the XML", &error);
    g_autoptr(xmlXPathContext) xp = NULL;
    g_autofree char *theirs = NULL;
    xmlNode *root;

    if (!doc)
        return NULL;
    root = xmlDocGetRootElement(doc);
    if (!xmlStrEqual(root->name, BAD_CAST "domain"))
        return g_strdup_printf("the XML describes a '%s', not a domain",
                               (const char *)root->name);
    xp = xmlXPathNewContext(doc);
    theirs = tv_xml_string(xp, "normalize-space(/domain/uuid)");
    if (theirs && uuid && g_ascii_strcasecmp(theirs, uuid) != 0)
        return g_strdup_printf("the XML is of another domain (UUID %s, not %s)", theirs, uuid);
    return NULL;
}

static char *
check_file(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    g_autofree char *text = NULL;
    if (tv_param_values_given(ctx->values, "xml"))
        return g_strdup("give file= or xml=, not both");
    if (!*v->text)
        return g_strdup("must not be empty");
    if (!g_file_test(v->text, G_FILE_TEST_IS_REGULAR))
        return g_strdup_printf("'%s' is not a file", v->text);
    if (access(v->text, R_OK) < 0 || !g_file_get_contents(v->text, &text, NULL, NULL))
        return g_strdup_printf("cannot read '%s': %s", v->text, g_strerror(errno));
    return describes_other(text, target_uuid(ctx));
}

static char *
check_xml(const tv_param *p, const tv_param_value *v, const tv_param_ctx *ctx)
{
    if (!*v->text)
        return g_strdup("must not be empty");
    return describes_other(v->text, target_uuid(ctx));
}

static const tv_param edit_xml_params[] = {
    { .name = "file", .label = "XML file",
      .help = "A file holding the domain's new XML (E on the screen edits it in $EDITOR).",
      .kind = TV_PARAM_STRING, .flags = TV_PARAM_REQUIRED, .visible = file_visible,
      .validate = check_file },
    { .name = "xml", .label = "XML",
      .help = "The domain's new XML itself (how the editor hands over its text).",
      .kind = TV_PARAM_STRING, .visible = xml_visible, .validate = check_xml },
};

/* ---- exec ------------------------------------------------------------------------ */

/* Text with the target's UUID when it has none (g_free), or NULL when it has one. */
static char *
with_uuid(const char *text, const char *uuid)
{
    g_autofree char *error = NULL;
    g_autoptr(xmlDoc) doc = tv_xml_parse(text, "the XML", &error);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    xmlChar *out = NULL;
    int len = 0;
    char *copy;

    if (!root)
        return NULL;
    for (xmlNode *n = root->children; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "uuid"))
            return NULL;
    }
    xmlNewTextChild(root, NULL, BAD_CAST "uuid", BAD_CAST uuid);
    xmlDocDumpMemoryEnc(doc, &out, &len, "UTF-8");
    copy = g_strndup((const char *)out, (gsize)len);
    xmlFree(out);
    return copy;
}

static int
edit_xml_exec(tv_action_ctx *ctx)
{
    const char *file = ctx->params ? tv_param_values_text(ctx->params, "file") : NULL;
    const char *given = ctx->params ? tv_param_values_text(ctx->params, "xml") : NULL;
    g_autofree char *read = NULL;
    g_autofree char *fixed = NULL;
    g_autofree char *why = NULL;
    g_autoptr(GError) err = NULL;
    char uuid[VIR_UUID_STRING_BUFLEN], defined_uuid[VIR_UUID_STRING_BUFLEN];
    g_autoptr(virDomain) dom = NULL;
    const char *text = given;
    int active;

    if (!given && !file) {
        ctx->error = g_strdup("file: is required (or edit the XML on the screen with E)");
        return -1;
    }
    if (!given) {
        if (!g_file_get_contents(file, &read, NULL, &err)) {
            ctx->error = g_strdup_printf("file: %s", err->message);
            return -1;
        }
        text = read;
    }
    if (virDomainGetUUIDString(ctx->dom, uuid) < 0)
        return tv_action_fail(ctx, "could not read the domain's UUID");
    active = virDomainIsActive(ctx->dom);
    if ((why = describes_other(text, uuid))) {
        ctx->error = g_strdup_printf("%s: %s", given ? "xml" : "file", why);
        return -1;
    }
    /* Left out, libvirt would make up a UUID and maybe update another domain by name. */
    fixed = with_uuid(text, uuid);
    dom = virDomainDefineXML(ctx->conn, fixed ? fixed : text);
    if (!dom)
        return tv_action_fail(ctx, "could not define the domain");
    if (virDomainGetUUIDString(dom, defined_uuid) == 0 && strcmp(uuid, defined_uuid) != 0) {
        ctx->error = g_strdup_printf("libvirt defined another domain (UUID %s)", defined_uuid);
        return -1;
    }
    g_string_append_printf(ctx->note, "redefined from %s",
                           given ? "the edited XML" : file);
    if (active == 1)
        g_string_append(ctx->note, "; the running guest takes it at its next boot");
    tv_action_result(ctx, "uuid", false, "%s", uuid);
    tv_action_result(ctx, "name", false, "%s", virDomainGetName(dom));
    return 0;
}

const tv_action tv_action_domain_edit_xml = {
    .name = "domain-edit-xml",
    .key = "E",
    .label = "edit XML",
    .help = "Edit the domain's XML in $EDITOR (vi by default) and redefine it from the result.",
    .done = "", /* the note says from what */
    .target = TV_TARGET_DOMAIN,
    .requires = TV_STATES_ANY,
    .flags = TV_ACTION_WRITES,
    .exec = edit_xml_exec,
    .params = edit_xml_params,
    .n_params = G_N_ELEMENTS(edit_xml_params),
};

/* ---- the editor's trips to the worker ---------------------------------------------- */

struct tv_xml_ticket {
    gint done;           /* set last, by whichever side finishes the job */
    bool ran;
    bool define;
    char *uuid;
    char *name;
    char *host_label;
    char *text;          /* define: the edited XML */
    char *xml;           /* read: the answer */
    char *error;
    tv_action_report *report;
};

static void
ticket_clear(gpointer p)
{
    tv_xml_ticket *t = p;
    g_free(t->uuid);
    g_free(t->name);
    g_free(t->host_label);
    g_free(t->text);
    g_free(t->xml);
    g_free(t->error);
    tv_action_report_free(t->report);
}

static void
ticket_unref(gpointer p)
{
    g_atomic_rc_box_release_full(p, ticket_clear);
}

/* The worker's reference goes when the job ran or was dropped: the front end hears of it. */
static void
ticket_finish(gpointer p)
{
    tv_xml_ticket *t = p;
    if (!t->ran)
        t->error = g_strdup("its host was disconnected before it ran");
    g_atomic_int_set(&t->done, 1);
    tv_notify_wake();
    ticket_unref(t);
}

static void
read_job(tv_host *host, struct _virConnect *conn, void *data)
{
    tv_xml_ticket *t = data;
    g_autoptr(virDomain) dom = NULL;
    tv_autovirstr *xml = NULL;

    t->ran = true;
    if (!conn) {
        t->error = g_strdup("the host is not connected");
        return;
    }
    dom = virDomainLookupByUUIDString(conn, t->uuid);
    if (dom)
        xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
    if (!xml)
        t->error = tv_vir_last_error("could not read the domain XML");
    else
        t->xml = g_strdup(xml);
    virResetLastError();
}

static void
define_job(tv_host *host, struct _virConnect *conn, void *data)
{
    tv_xml_ticket *t = data;
    tv_param_values *params = tv_param_values_new(edit_xml_params,
                                                  G_N_ELEMENTS(edit_xml_params));
    g_autofree char *error = NULL;

    t->ran = true;
    tv_param_values_set(params, "xml", t->text, &error);
    /* The action's own runner, on this thread: the worker's, which owns the connection. */
    t->report = tv_action_exec_sync(host, &tv_action_domain_edit_xml, t->uuid, t->name, params,
                                    true);
    for (guint i = 0; t->host_label && i < t->report->outcomes->len; i++) {
        tv_outcome *o = &g_array_index(t->report->outcomes, tv_outcome, i);
        g_free(o->host);
        o->host = g_strdup(t->host_label);
    }
}

static tv_xml_ticket *
ticket_new(const char *uuid)
{
    tv_xml_ticket *t = g_atomic_rc_box_new0(tv_xml_ticket);
    t->uuid = g_strdup(uuid);
    return t;
}

tv_xml_ticket *
tv_xml_edit_read(tv_host *host, const char *uuid)
{
    tv_xml_ticket *t = ticket_new(uuid);
    tv_host_submit(host, read_job, g_atomic_rc_box_acquire(t), ticket_finish);
    return t;
}

tv_xml_ticket *
tv_xml_edit_define(tv_host *host, const char *uuid, const char *name, const char *host_label,
                   const char *text)
{
    tv_xml_ticket *t = ticket_new(uuid);
    t->define = true;
    t->name = g_strdup(name);
    t->host_label = g_strdup(host_label);
    t->text = g_strdup(text);
    tv_host_submit(host, define_job, g_atomic_rc_box_acquire(t), ticket_finish);
    return t;
}

bool
tv_xml_ticket_done(const tv_xml_ticket *t)
{
    return g_atomic_int_get(&((tv_xml_ticket *)t)->done) != 0;
}

const char *
tv_xml_ticket_xml(const tv_xml_ticket *t)
{
    return t->xml;
}

const char *
tv_xml_ticket_error(const tv_xml_ticket *t)
{
    return t->error;
}

const tv_action_report *
tv_xml_ticket_report(const tv_xml_ticket *t)
{
    return t->report;
}

void
tv_xml_ticket_free(tv_xml_ticket *t)
{
    if (t)
        ticket_unref(t);
}
