/*
 * Form state and keys.  Every edit sets the parameter at once and checks
 * the whole set again, so a field's error shows as soon as it is typed and
 * a field that stops applying (another field's choice) goes away.  A field
 * emptied by the user goes back to its default.
 */
#include "config.h"

#include <curses.h>
#include <string.h>

#include "ui/form.h"

#define KEY_CTRL_N 14
#define KEY_CTRL_P 16
#define KEY_CTRL_S 19
#define KEY_CTRL_O 15

const tv_param *
tv_form_field_param(const tv_form *f, int i)
{
    if (i < 0 || (guint)i >= f->fields->len)
        return NULL;
    return tv_param_values_param(f->values, g_array_index(f->fields, size_t, i));
}

int
tv_form_field_count(const tv_form *f)
{
    return (int)f->fields->len;
}

const char *
tv_form_field_text(const tv_form *f, int i, bool *is_default)
{
    const tv_param *p = tv_form_field_param(f, i);
    const char *text;
    *is_default = false;
    if (!p)
        return "";
    if (i == f->focus)
        return f->edit.text->str;
    if (tv_param_values_given(f->values, p->name))
        return tv_param_values_typed(f->values, p->name);
    text = tv_param_values_text(f->values, p->name);
    *is_default = true;
    return text ? text : "";
}

const char *
tv_form_field_problem(const tv_form *f, int i)
{
    const tv_param *p = tv_form_field_param(f, i);
    size_t len = p ? strlen(p->name) : 0;
    for (guint k = 0; p && f->problems && k < f->problems->len; k++) {
        const char *msg = f->problems->pdata[k];
        if (strncmp(msg, p->name, len) == 0 && strncmp(msg + len, ": ", 2) == 0)
            return msg + len + 2;
    }
    return NULL;
}

/* The focused field's editor starts from what it shows. */
static void
load_edit(tv_form *f)
{
    const tv_param *p = tv_form_field_param(f, f->focus);
    const char *text = "";
    tv_lineedit_clear(&f->edit);
    if (p)
        text = tv_param_values_given(f->values, p->name)
                   ? tv_param_values_typed(f->values, p->name)
                   : (tv_param_values_text(f->values, p->name)
                          ? tv_param_values_text(f->values, p->name)
                          : "");
    tv_lineedit_init(&f->edit, text);
    g_free(f->edit_loaded);
    f->edit_loaded = g_strdup(text);
}

/* Whether problem is about a field that does not show now (typed, then hidden by a choice). */
static bool
about_hidden_field(tv_form *f, const char *problem, const tv_param_ctx *ctx)
{
    for (size_t i = 0; i < tv_param_values_count(f->values); i++) {
        const tv_param *p = tv_param_values_param(f->values, i);
        size_t len = strlen(p->name);
        if (strncmp(problem, p->name, len) == 0 && strncmp(problem + len, ": ", 2) == 0)
            return !tv_param_values_visible(f->values, i, ctx);
    }
    return false;
}

bool
tv_form_on_review(const tv_form *f)
{
    return f->action->review && f->page == f->n_pages - 1;
}

static void
update_review(tv_form *f, const tv_param_ctx *ctx)
{
    g_autofree char *key = NULL;
    g_clear_pointer(&f->review, g_free);
    if (!tv_form_on_review(f))
        return;
    f->review = f->action->review(f->values, ctx);
    if (!f->action->preview)
        return;
    /* The checks on the host follow, as they stand for these values. */
    key = tv_form_preview_key(f);
    {
        bool current = f->preview && g_strcmp0(key, f->preview_for) == 0;
        char *with = g_strdup_printf("%s\nPreflight%s\n%s", f->review,
                                     !current            ? ""
                                     : f->preview_failed ? ": a check failed (Ctrl+P goes back)"
                                                         : ": nothing stops it",
                                     current ? f->preview
                                             : "  checking: the destination is asked and the "
                                               "guest's dirty rate measured...");
        g_free(f->review);
        f->review = with;
    }
}

char *
tv_form_preview_key(const tv_form *f)
{
    GString *key;
    if (!f->action->preview || !tv_form_on_review(f))
        return NULL;
    key = g_string_new(NULL);
    for (size_t i = 0; i < tv_param_values_count(f->values); i++) {
        const char *name = tv_param_values_param(f->values, i)->name;
        g_string_append_printf(key, "%s=%s\n", name,
                               tv_param_values_text(f->values, name) ? tv_param_values_text(f->values, name) : "");
    }
    return g_string_free(key, FALSE);
}

void
tv_form_take_preview(tv_form *f, const tv_host_snapshot *snap, const char *text, bool failed)
{
    g_free(f->preview);
    f->preview = g_strdup(text);
    f->preview_failed = failed;
    tv_form_check(f, snap);
}

void
tv_form_check(tv_form *f, const tv_host_snapshot *snap)
{
    tv_param_ctx ctx = { .snap = snap, .target = f->target, .values = f->values,
                         .hosts = (const char *const *)f->hosts,
                         .host_uris = (const char *const *)f->host_uris };
    const tv_param *focused = tv_form_field_param(f, f->focus);

    if (f->problems)
        g_ptr_array_unref(f->problems);
    f->problems = tv_param_values_check(f->values, &ctx);
    /* What the user typed in a field a later choice hid stays, unused and unblamed. */
    for (guint k = f->problems->len; k-- > 0;) {
        if (about_hidden_field(f, f->problems->pdata[k], &ctx))
            g_ptr_array_remove_index(f->problems, k);
    }
    /* Which fields of the page apply now; the focus stays on its parameter when it shows. */
    g_array_set_size(f->fields, 0);
    for (size_t i = 0; i < tv_param_values_count(f->values); i++) {
        if (tv_param_values_param(f->values, i)->page == f->page &&
            tv_param_values_visible(f->values, i, &ctx))
            g_array_append_val(f->fields, i);
    }
    if (focused) {
        for (guint i = 0; i < f->fields->len; i++) {
            if (tv_form_field_param(f, (int)i) == focused)
                f->focus = (int)i;
        }
    }
    f->focus = CLAMP(f->focus, 0, MAX((int)f->fields->len - 1, 0));
    update_review(f, &ctx);
}

void
tv_form_host_changed(tv_form *f, const tv_host_snapshot *snap)
{
    const tv_param *p;
    tv_form_check(f, snap);
    p = tv_form_field_param(f, f->focus);
    if (p && !f->pick && !tv_param_values_given(f->values, p->name) &&
        g_strcmp0(f->edit.text->str, f->edit_loaded) == 0)
        load_edit(f);
}

tv_form *
tv_form_new(const tv_action *a, unsigned host_id, const char *target, GPtrArray *target_keys,
            tv_param_values *values, const tv_host_snapshot *snap)
{
    tv_form *f = g_new0(tv_form, 1);
    f->action = a;
    f->values = values ? values : tv_param_values_new(a->params, a->n_params);
    f->host_id = host_id;
    f->target = g_strdup(target);
    f->target_keys = target_keys;
    f->fields = g_array_new(FALSE, FALSE, sizeof(size_t));
    for (size_t i = 0; i < tv_param_values_count(f->values); i++)
        f->n_pages = MAX(f->n_pages, tv_param_values_param(f->values, i)->page + 1);
    if (a->review)
        f->n_pages++;
    f->review_page.what = "the review";
    f->review_page.position_el = TV_EL_DIALOG_TITLE;
    tv_form_check(f, snap);
    /* Start on the first field with a problem (what the user must still give). */
    for (int i = 0; i < (int)f->fields->len; i++) {
        if (tv_form_field_problem(f, i)) {
            f->focus = i;
            break;
        }
    }
    load_edit(f);
    return f;
}

void
tv_form_free(tv_form *f)
{
    if (!f)
        return;
    tv_param_values_free(f->values);
    g_free(f->target);
    g_free(f->notice);
    g_strfreev(f->hosts);
    g_strfreev(f->host_uris);
    if (f->pick)
        g_ptr_array_unref(f->pick);
    if (f->target_keys)
        g_ptr_array_unref(f->target_keys);
    g_array_unref(f->fields);
    tv_lineedit_clear(&f->edit);
    g_free(f->edit_loaded);
    if (f->problems)
        g_ptr_array_unref(f->problems);
    g_free(f->review);
    g_free(f->preview);
    g_free(f->preview_for);
    tv_pagerview_clear(&f->review_page);
    tv_lineedit_clear(&f->review_search);
    g_free(f->review_says);
    g_free(f);
}

/* Sets the focused field from its editor (empty: back to the default) and checks. */
static void
commit(tv_form *f, const tv_host_snapshot *snap)
{
    const tv_param *p = tv_form_field_param(f, f->focus);
    g_autofree char *error = NULL;
    if (!p)
        return;
    if (f->edit.text->len == 0)
        tv_param_values_unset(f->values, p->name);
    else if (tv_param_values_given(f->values, p->name) ||
             g_strcmp0(tv_param_values_text(f->values, p->name), f->edit.text->str) != 0)
        tv_param_values_set(f->values, p->name, f->edit.text->str, &error);
    /* A default the user only passed over stays a default: it follows the other fields. */
    tv_form_check(f, snap);
}

/* Choices and yes/no cycle instead of being typed. */
static bool
cycle(tv_form *f, const tv_host_snapshot *snap, int step)
{
    const tv_param *p = tv_form_field_param(f, f->focus);
    const tv_param_value *v;
    const char *next = NULL;
    size_t n = 0;

    if (!p || (p->kind != TV_PARAM_CHOICE && p->kind != TV_PARAM_BOOL))
        return false;
    v = tv_param_values_get(f->values, p->name);
    if (p->kind == TV_PARAM_BOOL) {
        next = v->set && v->number ? "no" : "yes";
    } else {
        while (p->choices[n])
            n++;
        next = p->choices[((v->set ? (size_t)v->number : 0) + n + (size_t)(step < 0 ? n - 1 : 1)) %
                          n];
    }
    tv_lineedit_clear(&f->edit);
    tv_lineedit_init(&f->edit, next);
    commit(f, snap);
    return true;
}

static void
move_focus(tv_form *f, const tv_host_snapshot *snap, int step)
{
    int n = (int)f->fields->len;
    commit(f, snap);
    if (n == 0)
        return;
    f->focus = (f->focus + step + n) % n;
    load_edit(f);
}

const char *
tv_form_page_title(const tv_form *f)
{
    if (tv_form_on_review(f))
        return "Review";
    return f->action->pages ? f->action->pages[f->page] : NULL;
}

/* The page of the field a problem names, or -1. */
static int
page_of_problem(const tv_form *f, const char *problem)
{
    for (size_t i = 0; i < tv_param_values_count(f->values); i++) {
        const tv_param *p = tv_param_values_param(f->values, i);
        size_t len = strlen(p->name);
        if (strncmp(problem, p->name, len) == 0 && strncmp(problem + len, ": ", 2) == 0)
            return p->page;
    }
    return -1;
}

int
tv_form_problems_elsewhere(const tv_form *f)
{
    int n = 0;
    for (guint k = 0; f->problems && k < f->problems->len; k++)
        n += page_of_problem(f, f->problems->pdata[k]) != f->page;
    return n;
}

static void
show_page(tv_form *f, const tv_host_snapshot *snap, int page)
{
    f->page = CLAMP(page, 0, f->n_pages - 1);
    f->focus = 0;
    tv_pagerview_reset(&f->review_page);
    f->review_searching = false;
    g_clear_pointer(&f->review_says, g_free);
    tv_form_check(f, snap);
    load_edit(f);
}

/* Focuses the first field with a problem on the page; false when the page has none. */
static bool
focus_first_problem(tv_form *f)
{
    for (int i = 0; i < (int)f->fields->len; i++) {
        if (tv_form_field_problem(f, i)) {
            f->focus = i;
            load_edit(f);
            return true;
        }
    }
    return false;
}

/* On to the next page once this one is right. */
static void
next_page(tv_form *f, const tv_host_snapshot *snap)
{
    commit(f, snap);
    if (!focus_first_problem(f) && f->page + 1 < f->n_pages)
        show_page(f, snap, f->page + 1);
}

static void review_say(tv_form *f, char *text, bool error);

static tv_form_key
submit(tv_form *f, const tv_host_snapshot *snap)
{
    commit(f, snap);
    /* A host that is not connected cannot take it: the form waits, every value kept. */
    if (f->problems->len == 0 && snap && snap->state != TV_HOST_CONNECTED)
        return TV_FORM_KEY_USED;
    if (f->problems->len == 0 && f->action->preview && f->action->review &&
        !tv_form_on_review(f)) {
        /* Its checks on the host come first: the review page shows them. */
        show_page(f, snap, f->n_pages - 1);
        return TV_FORM_KEY_USED;
    }
    if (f->problems->len == 0 && tv_form_on_review(f) && f->action->preview) {
        /* The review offers to run it once the checks for these values passed. */
        g_autofree char *key = tv_form_preview_key(f);
        if (!f->preview || g_strcmp0(key, f->preview_for) != 0) {
            review_say(f, g_strdup("The preflight is still checking: Enter once it answered"),
                       true);
            return TV_FORM_KEY_USED;
        }
        if (f->preview_failed) {
            review_say(f, g_strdup("The preflight refused it: fix what failed (Ctrl+P goes "
                                   "back)"),
                       true);
            return TV_FORM_KEY_USED;
        }
    }
    if (f->problems->len == 0) {
        /* Fields a choice hid do not go with the request. */
        tv_param_ctx ctx = { .snap = snap, .target = f->target, .values = f->values,
                         .hosts = (const char *const *)f->hosts,
                         .host_uris = (const char *const *)f->host_uris };
        for (size_t i = 0; i < tv_param_values_count(f->values); i++) {
            if (!tv_param_values_visible(f->values, i, &ctx))
                tv_param_values_unset(f->values, tv_param_values_param(f->values, i)->name);
        }
        f->submitted = true;
        return TV_FORM_KEY_SUBMIT;
    }
    /* Not yet: the first field that needs the user, on its page. */
    int page = page_of_problem(f, f->problems->pdata[0]);
    if (page >= 0 && page != f->page)
        show_page(f, snap, page);
    focus_first_problem(f);
    return TV_FORM_KEY_USED;
}

static bool
is_enter(int ch, bool is_char)
{
    return (is_char && (ch == '\n' || ch == '\r')) || (!is_char && ch == KEY_ENTER);
}

static void
review_say(tv_form *f, char *text, bool error)
{
    g_free(f->review_says);
    f->review_says = text;
    f->review_says_error = error;
}

/* Keys while the review's "/" prompt is open: they edit it; Enter searches, Esc closes it. */
static tv_form_key
review_search_key(tv_form *f, int ch, bool is_char)
{
    tv_edit_result r = tv_lineedit_key(&f->review_search, ch, is_char);
    if (r == TV_EDIT_ACCEPT) {
        bool error;
        char *said = tv_pagerview_search(&f->review_page, f->review_search.text->str, &error);
        review_say(f, said, error);
    }
    if (r == TV_EDIT_ACCEPT || r == TV_EDIT_CANCEL) {
        f->review_searching = false;
        tv_lineedit_clear(&f->review_search);
    }
    return TV_FORM_KEY_USED; /* the prompt is modal while open */
}

/* The review page: back, create, "/" search, and what its pager does with a key. */
static tv_form_key
review_key(tv_form *f, const tv_host_snapshot *snap, int ch, bool is_char)
{
    char *said = NULL;
    bool error = false;

    if (is_enter(ch, is_char))
        return submit(f, snap);
    /* Left goes back a page as elsewhere in the wizard: the text is wrapped, nothing is
     * to the right of it. */
    if ((is_char && ch == KEY_CTRL_P) || (!is_char && (ch == KEY_LEFT || ch == KEY_BACKSPACE))) {
        show_page(f, snap, f->page - 1);
        return TV_FORM_KEY_USED;
    }
    if (is_char && ch == '/') {
        f->review_searching = true;
        tv_lineedit_init(&f->review_search, NULL);
        return TV_FORM_KEY_USED;
    }
    if (is_char && ch == ' ') /* Space pages down, as in less */
        return tv_pagerview_command(&f->review_page, TV_CMD_PAGE_DOWN) ? TV_FORM_KEY_USED
                                                                        : TV_FORM_KEY_IGNORED;
    if (!tv_pagerview_key(&f->review_page, f->keymap, ch, is_char, &said, &error))
        return TV_FORM_KEY_IGNORED;
    if (said)
        review_say(f, said, error);
    return TV_FORM_KEY_USED;
}

/* The most a pick list holds: enough to scroll through, few enough to build per key. */
#define PICK_MAX 400

static void
pick_close(tv_form *f)
{
    g_clear_pointer(&f->pick, g_ptr_array_unref);
    f->pick_cursor = f->pick_top = 0;
}

/* (Re)builds the focused field's list from what the user typed in it. */
static void
pick_fill(tv_form *f, const tv_host_snapshot *snap)
{
    const tv_param *p = tv_form_field_param(f, f->focus);
    tv_param_ctx ctx = { .snap = snap, .target = f->target, .values = f->values,
                         .hosts = (const char *const *)f->hosts,
                         .host_uris = (const char *const *)f->host_uris };
    const char *typed = p ? tv_param_values_typed(f->values, p->name) : NULL;
    if (!p)
        return;
    if (f->pick)
        g_ptr_array_unref(f->pick);
    f->pick = tv_param_candidates(p, typed, &ctx, PICK_MAX);
    f->pick_cursor = CLAMP(f->pick_cursor, 0, MAX((int)f->pick->len - 1, 0));
}

/* Keys while the pick list is open: it takes what moves in it, Enter and Esc. */
static tv_form_key
pick_key(tv_form *f, const tv_host_snapshot *snap, int ch, bool is_char)
{
    int n = (int)f->pick->len;
    int step = 0;
    if (is_char && ch == 27) {
        pick_close(f);
        return TV_FORM_KEY_USED;
    }
    if (is_enter(ch, is_char) || (is_char && ch == '\t')) {
        if (n > 0) {
            const char *item = f->pick->pdata[f->pick_cursor];
            const char *tab = strchr(item, '\t');
            g_autofree char *value = tab ? g_strndup(item, (gsize)(tab - item)) : g_strdup(item);
            tv_lineedit_clear(&f->edit);
            tv_lineedit_init(&f->edit, value);
            commit(f, snap);
        }
        pick_close(f);
        return TV_FORM_KEY_USED;
    }
    if (!is_char && ch == KEY_DOWN)
        step = 1;
    else if (!is_char && ch == KEY_UP)
        step = -1;
    else if (!is_char && ch == KEY_NPAGE)
        step = 10;
    else if (!is_char && ch == KEY_PPAGE)
        step = -10;
    if (step) {
        f->pick_cursor = CLAMP(f->pick_cursor + step, 0, MAX(n - 1, 0));
        return TV_FORM_KEY_USED;
    }
    if (tv_lineedit_key(&f->edit, ch, is_char) == TV_EDIT_CHANGED) {
        commit(f, snap);
        f->pick_cursor = 0;
        pick_fill(f, snap);
    }
    return TV_FORM_KEY_USED; /* the list is modal while open */
}

tv_form_key
tv_form_key_press(tv_form *f, const tv_host_snapshot *snap, int ch, bool is_char)
{
    tv_edit_result r;
    bool last_field = f->focus == (int)f->fields->len - 1;

    if (f->pick)
        return pick_key(f, snap, ch, is_char);
    if (f->review_searching)
        return review_search_key(f, ch, is_char);
    if ((is_char && ch == KEY_CTRL_O) || (!is_char && ch == KEY_F(4))) {
        if (!tv_form_on_review(f)) {
            commit(f, snap);
            pick_fill(f, snap);
        }
        return TV_FORM_KEY_USED;
    }

    if ((is_char && ch == 27)) {
        f->cancelled = true;
        return TV_FORM_KEY_CANCEL;
    }
    if ((is_char && ch == KEY_CTRL_S) || (!is_char && ch == KEY_F(10)))
        return submit(f, snap);
    if (tv_form_on_review(f))
        return review_key(f, snap, ch, is_char);
    if ((is_char && ch == KEY_CTRL_N) || (!is_char && ch == KEY_NPAGE) ||
        (is_enter(ch, is_char) && last_field && f->page + 1 < f->n_pages)) {
        next_page(f, snap);
        return TV_FORM_KEY_USED;
    }
    if ((is_char && ch == KEY_CTRL_P) || (!is_char && ch == KEY_PPAGE)) {
        commit(f, snap);
        if (f->page > 0)
            show_page(f, snap, f->page - 1);
        return TV_FORM_KEY_USED;
    }
    if (is_enter(ch, is_char) && last_field)
        return submit(f, snap);
    if ((is_char && (ch == '\t' || ch == '\n' || ch == '\r')) ||
        (!is_char && (ch == KEY_DOWN || ch == KEY_ENTER))) {
        move_focus(f, snap, 1);
        return TV_FORM_KEY_USED;
    }
    if (!is_char && (ch == KEY_UP || ch == KEY_BTAB)) {
        move_focus(f, snap, -1);
        return TV_FORM_KEY_USED;
    }
    if (((is_char && ch == ' ') || (!is_char && (ch == KEY_LEFT || ch == KEY_RIGHT))) &&
        cycle(f, snap, !is_char && ch == KEY_LEFT ? -1 : 1))
        return TV_FORM_KEY_USED;
    r = tv_lineedit_key(&f->edit, ch, is_char);
    if (r == TV_EDIT_CHANGED) {
        commit(f, snap); /* checked as the user types */
        return TV_FORM_KEY_USED;
    }
    return r == TV_EDIT_NONE ? TV_FORM_KEY_IGNORED : TV_FORM_KEY_USED;
}
