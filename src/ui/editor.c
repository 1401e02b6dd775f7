/*
 * Editing a domain's XML in $EDITOR (E).  One edit at a time: the worker
 * reads the persistent XML, the text goes to a private temporary file,
 * curses steps aside (endwin) while the editor runs from an argv (no
 * shell), and refresh() takes the screen back.  Unchanged text ends it
 * there; changed text is redefined on the worker.  When libvirt refuses
 * it, its message is shown with a choice: edit the same text again, or
 * discard it.  The UI thread never calls libvirt: the worker trips are
 * tickets (actions/edit-xml.h) this file looks at on each loop pass.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <curses.h>

#include "actions/edit-xml.h"
#include "actions/report.h"
#include "ui/dispatch.h"
#include "ui/draw.h"
#include "ui/editor.h"
#include "ui/labels.h"
#include "ui/views.h"

typedef enum {
    EDIT_READING,  /* the worker reads the XML */
    EDIT_DEFINING, /* the worker redefines the domain from the edited text */
    EDIT_REFUSED,  /* libvirt said no: edit again or discard? */
} edit_phase;

typedef struct tv_editor {
    edit_phase phase;
    unsigned host_id;
    char *uuid;
    char *name;
    char *path;      /* the temporary file the user edits, or NULL */
    char *original;  /* the XML as read: unchanged text does nothing */
    char *submitted; /* the text libvirt last refused */
    char *refusal;   /* libvirt's words */
    tv_xml_ticket *ticket;
} tv_editor;

static void
editor_free(tv_editor *e, bool keep_file)
{
    if (!e)
        return;
    if (e->path && !keep_file)
        unlink(e->path);
    tv_xml_ticket_free(e->ticket);
    g_free(e->uuid);
    g_free(e->name);
    g_free(e->path);
    g_free(e->original);
    g_free(e->submitted);
    g_free(e->refusal);
    g_free(e);
}

/* Ends the edit, its file removed, saying why on the status line (and in Messages). */
static void
finish(tv_app *app, bool error, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void
finish(tv_app *app, bool error, const char *fmt, ...)
{
    tv_editor *e = app->editor;
    g_autofree char *text = NULL;
    va_list ap;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    tv_app_log(app, error, tv_app_host_label(app, e->host_id), true, "%s", text);
    app->editor = NULL;
    editor_free(e, false);
    app->dirty = true;
}

static void
ignore_signal(int sig)
{
}

/*
 * Runs the editor on path with the terminal to itself.  Returns its wait
 * status, or -1 with *error when it could not start.
 */
static int
run_editor(tv_app *app, const char *path, char **error)
{
    const char *editor = g_getenv("EDITOR");
    g_auto(GStrv) words = NULL;
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autoptr(GError) err = NULL;
    struct sigaction quiet = { .sa_handler = ignore_signal }, old_int;
    int status = -1;
    gboolean ran;

    if (!editor || !*editor)
        editor = "vi";
    if (!g_shell_parse_argv(editor, NULL, &words, &err)) {
        *error = g_strdup_printf("EDITOR='%s' cannot be read as a command: %s", editor,
                                 err->message);
        return -1;
    }
    for (size_t i = 0; words[i]; i++)
        g_ptr_array_add(argv, words[i]);
    g_ptr_array_add(argv, (gpointer)path);
    g_ptr_array_add(argv, NULL);

    /* Ctrl+C in the editor is the editor's, not a request to quit tvirt. */
    sigemptyset(&quiet.sa_mask);
    sigaction(SIGINT, &quiet, &old_int);
    endwin();
    ran = g_spawn_sync(NULL, (char **)argv->pdata, NULL,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL,
                       NULL, &status, &err);
    sigaction(SIGINT, &old_int, NULL);
    refresh(); /* back to curses' terminal modes, and the screen is redrawn */
    app->clear_next = true;
    app->dirty = true;
    if (!ran) {
        *error = g_strdup_printf("cannot run the editor '%s': %s", words[0], err->message);
        return -1;
    }
    return status;
}

/* Runs the editor on the edit's file and acts on what it left there. */
static void
edit_now(tv_app *app)
{
    tv_editor *e = app->editor;
    g_autofree char *error = NULL;
    g_autofree char *text = NULL;
    g_autoptr(GError) err = NULL;
    tv_host *host;
    int status = run_editor(app, e->path, &error);

    if (status < 0) {
        finish(app, true, "Could not edit the XML of '%s': %s", e->name, error);
        return;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        finish(app, true, "'%s': the editor %s %d: nothing changed", e->name,
               WIFEXITED(status) ? "exited with status" : "was killed by signal",
               WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
        return;
    }
    if (!g_file_get_contents(e->path, &text, NULL, &err)) {
        finish(app, true, "Could not read back the edited XML of '%s': %s", e->name,
               err->message);
        return;
    }
    if (strcmp(text, e->original) == 0) {
        finish(app, false, "'%s': the XML is unchanged: nothing done", e->name);
        return;
    }
    if (e->submitted && strcmp(text, e->submitted) == 0) {
        /* The text libvirt refused, untouched: the same answer, without asking again. */
        e->phase = EDIT_REFUSED;
        tv_app_status(app, true, "The XML of '%s' is as libvirt refused it", e->name);
        return;
    }
    host = tv_app_host(app, e->host_id);
    if (!host) {
        tv_app_log(app, true, NULL, true, "'%s': its host is gone; the edited XML is kept in %s",
                   e->name, e->path);
        editor_free(g_steal_pointer(&app->editor), true);
        return;
    }
    g_free(e->submitted);
    e->submitted = g_steal_pointer(&text);
    tv_xml_ticket_free(e->ticket);
    e->ticket = tv_xml_edit_define(host, e->uuid, e->name, tv_app_host_label(app, e->host_id),
                                   e->submitted);
    e->phase = EDIT_DEFINING;
    tv_app_status(app, false, "Redefining '%s' from the edited XML...", e->name);
}

/* The XML arrived: into a private file (it may hold passwords), then the editor. */
static void
start_editing(tv_app *app, const char *xml)
{
    tv_editor *e = app->editor;
    g_autoptr(GError) err = NULL;
    int fd = g_file_open_tmp("tvirt-edit-XXXXXX.xml", &e->path, &err);
    size_t len = strlen(xml), done = 0;

    if (fd < 0) {
        finish(app, true, "Could not edit the XML of '%s': %s", e->name, err->message);
        return;
    }
    while (done < len) {
        ssize_t n = write(fd, xml + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int saved = errno;
            close(fd);
            finish(app, true, "Could not edit the XML of '%s': writing %s: %s", e->name, e->path,
                   g_strerror(saved));
            return;
        }
        done += (size_t)n;
    }
    close(fd);
    e->original = g_strdup(xml);
    edit_now(app);
}

bool
tv_app_editor_start(tv_app *app, const tv_action *a)
{
    const tv_host_snapshot *snap = NULL;
    const tv_domain *d;
    const char *why = NULL;
    tv_host *host;
    tv_editor *e;

    if (strcmp(a->name, "domain-edit-xml") != 0)
        return false;
    if (app->view != TV_VIEW_DOMAINS && app->view != TV_VIEW_DETAILS) {
        tv_app_status(app, true, "%s works on the Domains and Details screens", a->label);
        return true;
    }
    d = tv_app_current_domain(app, &snap);
    if (!d) {
        tv_app_status(app, true, "%s: no domain here", a->label);
        return true;
    }
    if (!tv_action_can_run(a, snap, d, &why)) {
        tv_app_status(app, true, "Cannot %s '%s': %s", a->label, d->name, why);
        return true;
    }
    if (app->editor) {
        tv_app_status(app, true, "Already editing the XML of '%s'", app->editor->name);
        return true;
    }
    host = tv_app_host(app, snap->host_id);
    if (!host)
        return true;
    e = g_new0(tv_editor, 1);
    e->host_id = snap->host_id;
    e->uuid = g_strdup(d->uuid_str);
    e->name = g_strdup(d->name);
    e->phase = EDIT_READING;
    e->ticket = tv_xml_edit_read(host, d->uuid_str);
    app->editor = e;
    tv_app_status(app, false, "Reading the XML of '%s'...", d->name);
    return true;
}

/* The worker redefined the domain, or libvirt refused the text. */
static void
take_define(tv_app *app)
{
    tv_editor *e = app->editor;
    const tv_action_report *r = tv_xml_ticket_report(e->ticket);
    const tv_outcome *o = r && r->outcomes->len ? &g_array_index(r->outcomes, tv_outcome, 0)
                                                : NULL;
    g_autofree char *summary = r ? tv_action_report_summary(r) : NULL;

    if (o && o->kind == TV_OUTCOME_OK) {
        finish(app, false, "%s", summary);
        return;
    }
    g_free(e->refusal);
    e->refusal = g_strdup(o && o->detail ? o->detail
                          : tv_xml_ticket_error(e->ticket) ? tv_xml_ticket_error(e->ticket)
                                                           : "failed");
    tv_app_log(app, true, tv_app_host_label(app, e->host_id), true, "%s",
               summary ? summary : e->refusal);
    e->phase = EDIT_REFUSED;
    app->dirty = true;
}

void
tv_app_editor_pump(tv_app *app)
{
    tv_editor *e = app->editor;
    if (!e || !e->ticket || !tv_xml_ticket_done(e->ticket))
        return;
    if (e->phase == EDIT_READING) {
        const char *xml = tv_xml_ticket_xml(e->ticket);
        g_autofree char *copy = g_strdup(xml);
        if (!xml) {
            finish(app, true, "Could not read the XML of '%s': %s", e->name,
                   tv_xml_ticket_error(e->ticket));
            return;
        }
        g_clear_pointer(&e->ticket, tv_xml_ticket_free);
        start_editing(app, copy);
    } else if (e->phase == EDIT_DEFINING) {
        take_define(app);
        if (app->editor)
            g_clear_pointer(&app->editor->ticket, tv_xml_ticket_free);
    }
}

bool
tv_app_editor_key(tv_app *app, int ch, bool is_char)
{
    tv_editor *e = app->editor;
    int c = is_char ? (int)g_unichar_tolower((gunichar)ch) : ch;

    if (!e || e->phase != EDIT_REFUSED)
        return false;
    app->dirty = true;
    if (c == 'e' || c == 'y') {
        edit_now(app);
    } else if (c == 'd' || c == 'n' || c == 27) {
        finish(app, false, "'%s': the edited XML was discarded; nothing changed", e->name);
    }
    return true; /* the question takes every key while it is open */
}

void
tv_app_editor_draw(tv_app *app)
{
    tv_editor *e = app->editor;
    g_autofree char *text = NULL;
    g_autoptr(GPtrArray) lines = NULL;
    g_autoptr(GPtrArray) choices = NULL;
    int w, h, y, x;

    if (!e || e->phase != EDIT_REFUSED)
        return;
    w = MIN(app->cols - 4, 76);
    text = g_strdup_printf("libvirt refused the new XML of '%s':\n%s", e->name,
                           e->refusal ? e->refusal : "");
    lines = tv_text_wrap(text, w - 4);
    choices = tv_text_wrap("[e] edit it again (your text is kept)   [d] discard it", w - 4);
    /* Long messages give way to the choices. */
    while (lines->len > 1 && (int)(lines->len + choices->len) + 3 > app->rows - 2)
        g_ptr_array_remove_index(lines, lines->len - 1);
    h = (int)lines->len + (int)choices->len + 3;
    y = MAX((app->rows - h) / 2, 1);
    x = MAX((app->cols - w) / 2, 0);
    tv_draw_box(y, x, h, w, "XML not accepted", TV_EL_DIALOG);
    for (guint i = 0; i < lines->len; i++)
        tv_draw_text(y + 1 + (int)i, x + 2, w - 4, lines->pdata[i], TV_ALIGN_LEFT,
                     i == 0 ? TV_EL_DIALOG : TV_EL_ERROR);
    for (guint i = 0; i < choices->len; i++)
        tv_draw_text(y + 2 + (int)lines->len + (int)i, x + 2, w - 4, choices->pdata[i],
                     TV_ALIGN_LEFT, TV_EL_DIALOG_TITLE);
    curs_set(0);
}

void
tv_app_editor_free(tv_app *app)
{
    editor_free(g_steal_pointer(&app->editor), false);
}
