/*
 * migration-export (X on Migrations): writes the migration history (every
 * finished migration, kept across restarts) to a CSV file on the machine
 * running tvirt.  No libvirt call: a local action that needs no host.
 */
#include "config.h"

#include <errno.h>

#include "actions/action-impl.h"
#include "model/mighistory.h"

static char *
default_file(const tv_param *p, const tv_param_ctx *ctx)
{
    (void)p;
    (void)ctx;
    return g_build_filename(g_get_home_dir(), "tvirt-migrations.csv", NULL);
}

static int
export_exec(tv_action_ctx *ctx)
{
    const char *file = tv_param_values_text(ctx->params, "file");
    g_autofree char *path = tv_mig_history_path();
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) rows = tv_mig_history_load(path, &error);
    g_autofree char *csv = NULL;

    if (!rows) {
        ctx->error = g_strdup_printf("could not read the history: %s", error->message);
        return -1;
    }
    csv = tv_mig_history_csv(rows, TRUE);
    if (!g_file_set_contents(file, csv, -1, &error)) {
        ctx->error = g_strdup_printf("file: %s", error->message);
        return -1;
    }
    g_string_printf(ctx->note, "%u migration%s written to %s", rows->len,
                    rows->len == 1 ? "" : "s", file);
    tv_action_result(ctx, "file", false, "%s", file);
    tv_action_result(ctx, "migrations", true, "%u", rows->len);
    return 0;
}

static const tv_param export_params[] = {
    { .name = "file", .label = "File",
      .help = "Where the CSV goes, on the machine running tvirt (replaced if it exists).",
      .kind = TV_PARAM_PATH, .flags = TV_PARAM_REQUIRED, .compute_default = default_file },
};

const tv_action tv_action_migration_export = {
    .name = "migration-export",
    .key = "X",
    .label = "export history",
    .help = "Write the history of finished migrations to a CSV file.",
    .done = "",
    .target = TV_TARGET_HOST,
    .requires = TV_STATES_ANY,
    .flags = TV_ACTION_FORM | TV_ACTION_NOW | TV_ACTION_LOCAL,
    .exec = export_exec,
    .params = export_params,
    .n_params = G_N_ELEMENTS(export_params),
};
