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

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
