/*
 * The form's logic without a screen: typing sets and checks a field at
 * once, Tab moves (the typed text stays), an emptied field falls back to
 * its default, choices cycle, a field that stops applying leaves the
 * form, and submitting is refused while any field is wrong.
 */
#include "config.h"

#include <curses.h>
#include <string.h>

#include "tv-test.h"
#include "actions/action.h"
#include "ui/form.h"

static const char *const sources[] = { "new", "path", NULL };

static bool
for_new(const tv_param_ctx *ctx)
{
    return g_strcmp0(tv_param_values_text(ctx->values, "source"), "new") == 0;
}

static const tv_param params[] = {
    { .name = "name", .label = "Name", .help = "The name of it.", .kind = TV_PARAM_NAME,
      .flags = TV_PARAM_REQUIRED },
    { .name = "source", .label = "Source", .help = "Where it comes from.",
      .kind = TV_PARAM_CHOICE, .choices = sources, .def = "new" },
    { .name = "size", .label = "Size", .help = "How big it is.", .kind = TV_PARAM_SIZE,
      .min = 1, .unit = "GiB", .def = "10", .visible = for_new },
};

static const tv_action action = { .name = "test-form", .label = "make",
                                  .target = TV_TARGET_POOL, .params = params,
                                  .n_params = G_N_ELEMENTS(params) };

static void
type(tv_form *f, const char *text)
{
    for (const char *p = text; *p; p++)
        tv_form_key_press(f, NULL, (unsigned char)*p, true);
}

static void
test_form(void **state)
{
    tv_form *f = tv_form_new(&action, 1, "pool", NULL, NULL, NULL);
    bool is_default;

    assert_int_equal(tv_form_field_count(f), 3);
    assert_int_equal(f->focus, 0); /* the first field that needs the user */
    assert_string_equal(tv_form_field_problem(f, 0), "is required");
    assert_int_equal(tv_form_key_press(f, NULL, 19, true), TV_FORM_KEY_USED); /* Ctrl+S: no */
    assert_false(f->submitted);

    type(f, "disk one");
    assert_null(tv_form_field_problem(f, 0));
    assert_string_equal(tv_param_values_text(f->values, "name"), "disk one");

    tv_form_key_press(f, NULL, '\t', true); /* to Source */
    assert_string_equal(tv_form_field_text(f, 1, &is_default), "new");
    tv_form_key_press(f, NULL, KEY_RIGHT, false);
    assert_string_equal(tv_param_values_text(f->values, "source"), "path");
    assert_int_equal(tv_form_field_count(f), 2); /* size no longer applies */
    tv_form_key_press(f, NULL, ' ', true);
    assert_string_equal(tv_param_values_text(f->values, "source"), "new");
    assert_int_equal(tv_form_field_count(f), 3);

    tv_form_key_press(f, NULL, '\t', true); /* to Size: its default shows */
    assert_string_equal(f->edit.text->str, "10G");
    tv_form_key_press(f, NULL, 21, true); /* C-u: empty */
    type(f, "0");
    assert_string_equal(tv_form_field_problem(f, 2), "must be more than 0");
    assert_int_equal(tv_form_key_press(f, NULL, '\n', true), TV_FORM_KEY_USED);
    assert_false(f->submitted); /* Enter on the last field, but it is wrong */
    tv_form_key_press(f, NULL, 21, true); /* emptied: back to the default 10G */
    assert_null(tv_form_field_problem(f, 2));
    assert_string_equal(tv_param_values_text(f->values, "size"), "10G");
    assert_false(tv_param_values_given(f->values, "size"));
    type(f, "2G");
    assert_int_equal(tv_form_key_press(f, NULL, '\n', true), TV_FORM_KEY_SUBMIT);
    assert_true(f->submitted);
    assert_true(tv_param_values_get(f->values, "size")->bytes == 2ULL << 30);
    assert_int_equal(tv_form_key_press(f, NULL, 27, true), TV_FORM_KEY_CANCEL);
    tv_form_free(f);
}

/*
 * A host that goes away under an open form: nothing runs while it is not
 * connected, and everything typed is still there, and runs, once it is back.
 */
static void
test_host_away(void **state)
{
    tv_host_snapshot snap = { .state = TV_HOST_CONNECTED };
    tv_form *f = tv_form_new(&action, 1, "pool", NULL, NULL, &snap);

    type(f, "kept");
    tv_form_key_press(f, &snap, '\t', true);
    tv_form_key_press(f, &snap, KEY_RIGHT, false); /* source: path */
    snap.state = TV_HOST_DISCONNECTED;
    tv_form_host_changed(f, &snap);
    assert_int_equal(tv_form_key_press(f, &snap, 19, true), TV_FORM_KEY_USED); /* Ctrl+S */
    assert_false(f->submitted);
    snap.state = TV_HOST_CONNECTING;
    tv_form_host_changed(f, &snap);
    assert_int_equal(tv_form_key_press(f, &snap, 19, true), TV_FORM_KEY_USED);
    snap.state = TV_HOST_CONNECTED;
    tv_form_host_changed(f, &snap);
    assert_string_equal(tv_param_values_text(f->values, "name"), "kept");
    assert_string_equal(tv_param_values_text(f->values, "source"), "path");
    assert_int_equal(tv_form_key_press(f, &snap, 19, true), TV_FORM_KEY_SUBMIT);
    tv_form_free(f);
}

/* ---- a wizard: pages, a review, problems that send the user back ------------ */

static const tv_param wizard_params[] = {
    { .name = "name", .label = "Name", .help = "The name of it.", .kind = TV_PARAM_NAME,
      .flags = TV_PARAM_REQUIRED, .page = 0 },
    { .name = "source", .label = "Source", .help = "Where it comes from.",
      .kind = TV_PARAM_CHOICE, .choices = sources, .def = "new", .page = 1 },
    { .name = "size", .label = "Size", .help = "How big it is.", .kind = TV_PARAM_SIZE,
      .min = 1, .unit = "GiB", .def = "10", .visible = for_new, .page = 1 },
};

static const char *const wizard_pages[] = { "Name", "Storage", NULL };

static char *
wizard_review(const tv_param_values *v, const tv_param_ctx *ctx)
{
    (void)ctx;
    return g_strdup_printf("name %s\nsize %s", tv_param_values_text(v, "name"),
                           tv_param_values_text(v, "size"));
}

static const tv_action wizard = { .name = "test-wizard", .label = "make",
                                  .target = TV_TARGET_HOST, .params = wizard_params,
                                  .n_params = G_N_ELEMENTS(wizard_params),
                                  .pages = wizard_pages, .review = wizard_review };

static void
test_wizard(void **state)
{
    (void)state;
    tv_form *f = tv_form_new(&wizard, 1, NULL, NULL, NULL, NULL);
    assert_int_equal(f->n_pages, 3);
    assert_int_equal(f->page, 0);
    assert_string_equal(tv_form_page_title(f), "Name");
    assert_int_equal(tv_form_field_count(f), 1);
    /* The page has a problem: Enter stays, PgDn too. */
    tv_form_key_press(f, NULL, '\n', true);
    assert_int_equal(f->page, 0);
    tv_form_key_press(f, NULL, KEY_NPAGE, false);
    assert_int_equal(f->page, 0);
    type(f, "vm <1>");
    tv_form_key_press(f, NULL, '\n', true);
    assert_int_equal(f->page, 1);
    assert_string_equal(tv_form_page_title(f), "Storage");
    assert_int_equal(tv_form_field_count(f), 2);
    assert_null(f->review);
    /* A bad size, then back a page and forward: it is still there and blocks. */
    tv_form_key_press(f, NULL, '\t', true);
    tv_form_key_press(f, NULL, 21, true);
    type(f, "0");
    tv_form_key_press(f, NULL, 16, true); /* Ctrl+P */
    assert_int_equal(f->page, 0);
    assert_int_equal(tv_form_problems_elsewhere(f), 1);
    tv_form_key_press(f, NULL, 14, true); /* Ctrl+N */
    assert_int_equal(f->page, 1);
    tv_form_key_press(f, NULL, 14, true);
    assert_int_equal(f->page, 1); /* the size is wrong */
    assert_int_equal(f->focus, 1);
    tv_form_key_press(f, NULL, 21, true);
    type(f, "3");
    tv_form_key_press(f, NULL, '\n', true);
    /* The review shows what was chosen; Enter creates. */
    assert_true(tv_form_on_review(f));
    assert_string_equal(f->review, "name vm <1>\nsize 3G");
    /* Its lines come from the drawing, which wraps them to the box: here one row high. */
    tv_pagerview_add_wrapped(&f->review_page, TV_EL_DIALOG, f->review, 40);
    tv_pagerview_layout(&f->review_page, 1, 40);
    tv_form_key_press(f, NULL, KEY_DOWN, false);
    assert_int_equal(f->review_page.scroll.top, 1);
    tv_form_key_press(f, NULL, 'g', true); /* the default keys without a keymap */
    assert_int_equal(f->review_page.scroll.top, 0);
    /* "/" searches it; Esc on the prompt ends the search, not the wizard. */
    assert_int_equal(tv_form_key_press(f, NULL, '/', true), TV_FORM_KEY_USED);
    assert_true(f->review_searching);
    type(f, "SIZE");
    assert_string_equal(f->review_search.text->str, "SIZE");
    assert_int_equal(tv_form_key_press(f, NULL, '\n', true), TV_FORM_KEY_USED);
    assert_false(f->review_searching);
    assert_false(f->review_says_error);
    assert_string_equal(f->review_says, "/SIZE: match 1 of 1, line 2");
    assert_int_equal(f->review_page.scroll.top, 1);
    tv_form_key_press(f, NULL, 'n', true);
    assert_string_equal(f->review_says, "/SIZE: match 1 of 1, line 2 (went on from the top)");
    tv_form_key_press(f, NULL, '/', true);
    type(f, "nowhere");
    assert_int_equal(tv_form_key_press(f, NULL, 27, true), TV_FORM_KEY_USED);
    assert_false(f->review_searching);
    assert_false(f->cancelled);
    assert_true(tv_form_on_review(f));
    tv_form_key_press(f, NULL, '/', true);
    type(f, "nowhere");
    tv_form_key_press(f, NULL, '\n', true);
    assert_true(f->review_says_error);
    assert_string_equal(f->review_says, "Not found in the review: nowhere");
    assert_int_equal(tv_form_key_press(f, NULL, '\n', true), TV_FORM_KEY_SUBMIT);
    assert_true(f->submitted);
    tv_form_free(f);
}

/* ---- defaults that follow other fields, and the pick list ------------------------ */

static char *
size_for_name(const tv_param *p, const tv_param_ctx *ctx)
{
    const char *name = tv_param_values_text(ctx->values, "name");
    return g_strdup(name && strcmp(name, "big") == 0 ? "100" : "10");
}

static const char *const kinds[] = { "disk", "cdrom", "floppy", NULL };

static const tv_param follow_params[] = {
    { .name = "size", .label = "Size", .help = "How big it is.", .kind = TV_PARAM_SIZE,
      .min = 1, .unit = "GiB", .compute_default = size_for_name },
    { .name = "name", .label = "Name", .help = "The name of it.", .kind = TV_PARAM_NAME,
      .flags = TV_PARAM_REQUIRED },
    { .name = "kind", .label = "Kind", .help = "What it is.", .kind = TV_PARAM_CHOICE,
      .choices = kinds, .def = "disk" },
};

static const tv_action follow = { .name = "test-follow", .label = "make",
                                  .target = TV_TARGET_POOL, .params = follow_params,
                                  .n_params = G_N_ELEMENTS(follow_params) };

static void
test_default_follows_and_pick(void **state)
{
    (void)state;
    tv_form *f = tv_form_new(&follow, 1, "pool", NULL, NULL, NULL);
    /* Tabbing over a default leaves it a default: it follows the field it depends on. */
    f->focus = 0;
    tv_form_key_press(f, NULL, '\t', true); /* from Size to Name */
    assert_false(tv_param_values_given(f->values, "size"));
    type(f, "big");
    assert_string_equal(tv_param_values_text(f->values, "size"), "100G");
    /* What the user typed stays, whatever the others say. */
    tv_form_key_press(f, NULL, KEY_UP, false);
    tv_form_key_press(f, NULL, 21, true); /* Ctrl+U */
    type(f, "7");
    tv_form_key_press(f, NULL, '\t', true);
    assert_string_equal(tv_param_values_text(f->values, "size"), "7G");
    /* F4 on a choice lists them all, typing narrows, Enter takes the one under the cursor. */
    tv_form_key_press(f, NULL, '\t', true); /* to Kind */
    tv_form_key_press(f, NULL, KEY_F(4), false);
    assert_non_null(f->pick);
    assert_int_equal(f->pick->len, 3);
    tv_form_key_press(f, NULL, 21, true);
    type(f, "dr");
    assert_int_equal(f->pick->len, 1);
    assert_string_equal(f->pick->pdata[0], "cdrom");
    tv_form_key_press(f, NULL, '\n', true);
    assert_null(f->pick);
    assert_string_equal(tv_param_values_text(f->values, "kind"), "cdrom");
    tv_form_free(f);
}

static void
test_wizard_submit_jumps_to_problem(void **state)
{
    (void)state;
    tv_form *f = tv_form_new(&wizard, 1, NULL, NULL, NULL, NULL);
    type(f, "a");
    tv_form_key_press(f, NULL, '\n', true);
    tv_form_key_press(f, NULL, KEY_RIGHT, false); /* source: path; size hidden */
    tv_form_key_press(f, NULL, KEY_LEFT, false);  /* back to new */
    tv_form_key_press(f, NULL, '\t', true);
    tv_form_key_press(f, NULL, 21, true);
    type(f, "x");
    tv_form_key_press(f, NULL, 16, true); /* back to page 1, then Ctrl+S from there */
    assert_int_equal(f->page, 0);
    assert_int_equal(tv_form_key_press(f, NULL, 19, true), TV_FORM_KEY_USED);
    assert_int_equal(f->page, 1);
    assert_string_equal(tv_form_field_param(f, f->focus)->name, "size");
    /* A typed value a choice hides neither blocks nor goes with the request. */
    tv_form_key_press(f, NULL, KEY_UP, false);
    tv_form_key_press(f, NULL, KEY_RIGHT, false); /* path: the bad size is hidden */
    assert_int_equal(f->problems->len, 0);
    assert_int_equal(tv_form_key_press(f, NULL, 19, true), TV_FORM_KEY_SUBMIT);
    assert_false(tv_param_values_given(f->values, "size"));
    tv_form_free(f);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form),
        cmocka_unit_test(test_host_away),
        cmocka_unit_test(test_wizard),
        cmocka_unit_test(test_wizard_submit_jumps_to_problem),
        cmocka_unit_test(test_default_follows_and_pick),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
