/*
 * Command-line parsing with getopt_long.  Every rule about which options go
 * together lives here, so main only acts on a checked tv_options.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>

#include "options.h"

static const char usage_text[] =
    "Usage: tvirt [-c URI]... [-r|--readonly] [-d SECONDS] [--theme NAME]\n"
    "             [--batch [--iterations N] [--format csv|json]] [--help] [--version]\n"
    "       tvirt [-c URI]... --exec ACTION [NAME=VALUE]... [--format text|json]\n"
    "       tvirt --exec ACTION --help\n"
    "\n"
    "A terminal manager for libvirt hosts: watch many hosts and their VMs live.\n"
    "\n"
    "  -c, --connect URI    connect to URI; repeat for several hosts (default: the\n"
    "                       config file, then LIBVIRT_DEFAULT_URI, then libvirt's own\n"
    "                       default; libvirt's demo driver test:///default if none answers)\n"
    "  -r, --readonly       open read-only connections; actions that change hosts are off\n"
    "  -d, --delay SECONDS  refresh interval (default 2; 0 refreshes back to back)\n"
    "      --theme NAME     colour theme: default, light, mono, or a theme file path\n"
    "  -b, --batch          no screen: print one line per domain per refresh\n"
    "  -n, --iterations N   with --batch: stop after N refreshes\n"
    "      --format FORMAT  with --batch: csv (default) or json (one object per line);\n"
    "                       with --exec: text (default) or json (one object)\n"
    "  -x, --exec ACTION    run one action without the screen, e.g.\n"
    "                       --exec domain-start domain=web01 (exit status 0 done,\n"
    "                       1 failed, 2 bad usage or value, 3 refused by a preflight);\n"
    "                       --exec ACTION --help lists its parameters\n"
    "  -h, --help           show this help and exit\n"
    "  -V, --version        show the version and exit\n";

const char *
tv_options_usage(void)
{
    return usage_text;
}

static bool
parse_double(const char *s, double *out)
{
    char *end = NULL;
    errno = 0;
    *out = g_ascii_strtod(s, &end);
    return errno == 0 && end != s && *end == '\0';
}

static bool
parse_long(const char *s, long *out)
{
    char *end = NULL;
    errno = 0;
    *out = strtol(s, &end, 10);
    return errno == 0 && end != s && *end == '\0';
}

int
tv_options_parse(tv_options *o, int argc, char **argv, char **error)
{
    enum { OPT_THEME = 256, OPT_FORMAT };
    const char *format = NULL;
    static const struct option longopts[] = {
        { "connect", required_argument, NULL, 'c' },
        { "readonly", no_argument, NULL, 'r' },
        { "delay", required_argument, NULL, 'd' },
        { "theme", required_argument, NULL, OPT_THEME },
        { "batch", no_argument, NULL, 'b' },
        { "iterations", required_argument, NULL, 'n' },
        { "format", required_argument, NULL, OPT_FORMAT },
        { "exec", required_argument, NULL, 'x' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    g_autoptr(GPtrArray) uris = g_ptr_array_new_with_free_func(g_free);
    bool have_iterations = false, have_format = false;
    int c;

    *o = (tv_options){ .interval_s = -1.0 };
    optind = 0; /* glibc: full re-initialisation, so tests can parse repeatedly */
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":c:rd:bn:hVx:", longopts, NULL)) != -1) {
        switch (c) {
        case 'c':
            if (!*optarg) {
                *error = g_strdup("-c needs a URI");
                goto fail;
            }
            g_ptr_array_add(uris, g_strdup(optarg));
            break;
        case 'r':
            o->readonly = true;
            break;
        case 'd':
            if (!parse_double(optarg, &o->interval_s) || o->interval_s < 0 ||
                o->interval_s > 3600) {
                *error = g_strdup_printf("-d needs a number of seconds from 0 to 3600, not '%s'",
                                         optarg);
                goto fail;
            }
            break;
        case OPT_THEME:
            g_free(o->theme);
            o->theme = g_strdup(optarg);
            break;
        case 'b':
            o->batch = true;
            break;
        case 'n':
            if (!parse_long(optarg, &o->iterations) || o->iterations < 1) {
                *error = g_strdup_printf("--iterations needs a whole number above 0, not '%s'",
                                         optarg);
                goto fail;
            }
            have_iterations = true;
            break;
        case OPT_FORMAT:
            format = optarg; /* checked below: its values depend on the mode */
            have_format = true;
            break;
        case 'x':
            if (!*optarg) {
                *error = g_strdup("--exec needs an action name");
                goto fail;
            }
            g_free(o->exec);
            o->exec = g_strdup(optarg);
            break;
        case 'h':
            o->help = true;
            break;
        case 'V':
            o->version = true;
            break;
        case ':':
            *error = g_strdup_printf("option '%s' needs a value", argv[optind - 1]);
            goto fail;
        default:
            *error = g_strdup_printf("unknown option '%s'", argv[optind - 1]);
            goto fail;
        }
    }
    if (o->exec) {
        /* What follows is the action's NAME=VALUE words. */
        g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func(g_free);
        for (int i = optind; i < argc; i++)
            g_ptr_array_add(args, g_strdup(argv[i]));
        g_ptr_array_add(args, NULL);
        o->exec_args = (char **)g_ptr_array_free(g_steal_pointer(&args), FALSE);
        if (o->batch || have_iterations) {
            *error = g_strdup_printf("%s does not go with --exec",
                                     o->batch ? "--batch" : "--iterations");
            goto fail;
        }
        o->format = TV_FORMAT_TEXT;
        if (format && g_strcmp0(format, "json") == 0) {
            o->format = TV_FORMAT_JSON;
        } else if (format && g_strcmp0(format, "text") != 0) {
            *error = g_strdup_printf("--format with --exec must be text or json, not '%s'",
                                     format);
            goto fail;
        }
    } else if (optind < argc) {
        *error = g_strdup_printf("unexpected argument '%s'", argv[optind]);
        goto fail;
    } else if (!o->batch && (have_iterations || have_format)) {
        *error = g_strdup_printf("%s only goes with --batch",
                                 have_iterations ? "--iterations" : "--format");
        goto fail;
    } else if (format) {
        if (g_strcmp0(format, "csv") == 0) {
            o->format = TV_FORMAT_CSV;
        } else if (g_strcmp0(format, "json") == 0) {
            o->format = TV_FORMAT_JSON;
        } else {
            *error = g_strdup_printf("--format must be csv or json, not '%s'", format);
            goto fail;
        }
    }
    if (uris->len) {
        g_ptr_array_add(uris, NULL);
        o->uris = (char **)g_ptr_array_free(g_steal_pointer(&uris), FALSE);
    }
    return 0;

fail:
    tv_options_clear(o);
    return -1;
}

void
tv_options_clear(tv_options *o)
{
    g_strfreev(o->uris);
    g_free(o->theme);
    g_free(o->exec);
    g_strfreev(o->exec_args);
    *o = (tv_options){ .interval_s = -1.0 };
}
