/*
 * Prints the ACTIONS section of tvirt(1) from the action table and each
 * action's parameter table, so the manual lists every action and every
 * parameter (groups expanded: disk.size, nic.mac) exactly as --exec takes
 * them.  Run at build time; doc/tvirt.1 is doc/tvirt.1.in with this
 * output in place of its @ACTIONS@ line.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "actions/action.h"
#include "actions/param.h"

/* Text for roff: a backslash doubled, a leading dot or quote escaped. */
static void
roff(const char *text)
{
    if (text[0] == '.' || text[0] == '\'')
        fputs("\\&", stdout);
    for (const char *p = text; *p; p++) {
        if (*p == '\\')
            fputs("\\e", stdout);
        else if (*p == '-')
            fputs("\\-", stdout);
        else
            putchar(*p);
    }
}

static void
print_param(const tv_param *p)
{
    printf(".TP\n.B %s\n", p->name);
    roff(p->help);
    printf(" (%s", tv_param_kind_name(p->kind));
    if (p->flags & TV_PARAM_REQUIRED)
        printf(", required");
    if (p->choices) {
        printf("; one of ");
        for (size_t k = 0; p->choices[k]; k++)
            printf("%s%s", k ? ", " : "", p->choices[k]);
    }
    if (p->def) {
        printf("; default ");
        roff(p->def);
    } else if (p->compute_default) {
        printf("; default worked out from the host");
    }
    printf(")\n");
}

int
main(void)
{
    size_t n;
    const tv_action *const *table = tv_action_table(&n);

    printf(".SH ACTIONS\n");
    printf("Every action by name, as the \\fB:\\fR line and \\fB\\-\\-exec\\fR take it, with its\n"
           "key and its parameters (\\fINAME\\fR\\fB=\\fR\\fIVALUE\\fR).\n");
    for (size_t i = 0; i < n; i++) {
        const tv_action *a = table[i];
        const char *target = tv_action_target_name(a);
        g_autoptr(tv_param_values) fields = tv_param_values_new(a->params, a->n_params);
        printf(".SS %s", a->name);
        if (a->key)
            printf(" (key \\fB%s\\fR)", a->key);
        printf("\n");
        roff(a->help);
        printf("\n");
        if (target)
            printf("Target: \\fB%s=\\fR\\fINAME\\fR.\n", target);
        if (tv_param_values_count(fields) == 0)
            continue;
        printf(".RS\n");
        for (size_t k = 0; k < tv_param_values_count(fields); k++)
            print_param(tv_param_values_param(fields, k));
        printf(".RE\n");
    }
    return 0;
}
