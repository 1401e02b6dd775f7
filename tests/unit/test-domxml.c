/*
 * Unit tests for the domain XML reader (src/model/domxml.c).  Each
 * tests/data/domxml/NAME.xml is parsed and dumped as text, and the dump is
 * compared with NAME.expected; run with TV_REGENERATE=1 to rewrite the
 * .expected files after an intended change (then review the diff).  Other
 * tests check memory units, disk paths, reference counting and that
 * libxml2 prints nothing on bad input.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "model/domxml.h"

#ifndef TV_TEST_DATADIR
#define TV_TEST_DATADIR "tests/data"
#endif

/* ---- dump ----------------------------------------------------------------- */

static void
dump_str(GString *out, const char *label, const char *value)
{
    if (value)
        g_string_append_printf(out, "%s: \"%s\"\n", label, value);
    else
        g_string_append_printf(out, "%s: (null)\n", label);
}

static char *
dump_details(const tv_domain_details *d)
{
    GString *out = g_string_new(NULL);

    dump_str(out, "name", d->name);
    dump_str(out, "uuid", d->uuid_str);
    dump_str(out, "domain_type", d->domain_type);
    dump_str(out, "os_type", d->os_type);
    dump_str(out, "arch", d->arch);
    dump_str(out, "machine", d->machine);
    dump_str(out, "emulator", d->emulator);
    dump_str(out, "boot", d->boot);
    dump_str(out, "kernel", d->kernel);
    dump_str(out, "cmdline", d->cmdline);
    dump_str(out, "description", d->description);
    g_string_append_printf(out, "vcpus: %u\n", d->vcpus);
    g_string_append_printf(out, "mem_kib: %llu\n", d->mem_kib);
    g_string_append_printf(out, "max_mem_kib: %llu\n", d->max_mem_kib);

    for (guint i = 0; i < d->disks->len; i++) {
        const tv_disk_info *x = &g_array_index(d->disks, tv_disk_info, i);
        g_string_append_printf(out, "disk %u:\n", i);
        dump_str(out, "  device", x->device);
        dump_str(out, "  type", x->type);
        dump_str(out, "  bus", x->bus);
        dump_str(out, "  target", x->target);
        dump_str(out, "  format", x->format);
        dump_str(out, "  cache", x->cache);
        dump_str(out, "  source", x->source);
        g_string_append_printf(out, "  readonly: %s\n", x->readonly ? "yes" : "no");
        g_string_append_printf(out, "  shareable: %s\n", x->shareable ? "yes" : "no");
    }
    for (guint i = 0; i < d->nics->len; i++) {
        const tv_nic_info *x = &g_array_index(d->nics, tv_nic_info, i);
        g_string_append_printf(out, "nic %u:\n", i);
        dump_str(out, "  type", x->type);
        dump_str(out, "  mac", x->mac);
        dump_str(out, "  model", x->model);
        dump_str(out, "  source", x->source);
        dump_str(out, "  target_dev", x->target_dev);
    }
    for (guint i = 0; i < d->chardevs->len; i++) {
        const tv_chardev_info *x = &g_array_index(d->chardevs, tv_chardev_info, i);
        g_string_append_printf(out, "chardev %u:\n", i);
        dump_str(out, "  kind", x->kind);
        dump_str(out, "  type", x->type);
        dump_str(out, "  target_type", x->target_type);
        g_string_append_printf(out, "  port: %d\n", x->port);
        dump_str(out, "  path", x->path);
    }
    for (guint i = 0; i < d->graphics->len; i++) {
        const tv_graphics_info *x = &g_array_index(d->graphics, tv_graphics_info, i);
        g_string_append_printf(out, "graphics %u:\n", i);
        dump_str(out, "  type", x->type);
        dump_str(out, "  listen", x->listen);
        g_string_append_printf(out, "  port: %d\n", x->port);
    }

    g_auto(GStrv) paths = tv_domain_details_disk_paths(d);
    for (size_t i = 0; paths[i]; i++)
        g_string_append_printf(out, "disk path: \"%s\"\n", paths[i]);
    return g_string_free(out, FALSE);
}

static char *
read_case(const char *name, const char *ext)
{
    g_autofree char *file = g_strdup_printf("%s.%s", name, ext);
    g_autofree char *path = g_build_filename(TV_TEST_DATADIR, "domxml", file, NULL);
    g_autoptr(GError) err = NULL;
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, &err)) {
        print_error("cannot read %s: %s\n", path, err->message);
        return NULL;
    }
    return text;
}

/* ---- golden files --------------------------------------------------------- */

static void
test_golden(void **state)
{
    const char *name = *state;
    g_autofree char *xml = read_case(name, "xml");
    g_autofree char *err = NULL;
    g_autofree char *dump = NULL;
    g_autoptr(tv_domain_details) d = NULL;

    assert_non_null(xml);
    d = tv_domxml_parse(xml, &err);
    if (d) {
        assert_null(err);
        assert_string_equal(d->xml, xml);
        dump = dump_details(d);
    } else {
        assert_non_null(err);
        dump = g_strdup_printf("error: %s\n", err);
    }

    if (g_strcmp0(g_getenv("TV_REGENERATE"), "1") == 0) {
        g_autofree char *file = g_strdup_printf("%s.expected", name);
        g_autofree char *path = g_build_filename(TV_TEST_DATADIR, "domxml", file, NULL);
        assert_true(g_file_set_contents(path, dump, -1, NULL));
        return;
    }

    g_autofree char *expected = read_case(name, "expected");
    assert_non_null(expected);
    assert_string_equal(dump, expected);
}

/* ---- direct checks -------------------------------------------------------- */

static tv_domain_details *
parse_case(const char *name)
{
    g_autofree char *xml = read_case(name, "xml");
    g_autofree char *err = NULL;
    tv_domain_details *d;

    assert_non_null(xml);
    d = tv_domxml_parse(xml, &err);
    if (!d)
        print_error("%s: %s\n", name, err);
    assert_non_null(d);
    return d;
}

static void
test_test_driver_default(void **state)
{
    g_autoptr(tv_domain_details) d = parse_case("test-default");

    assert_string_equal(d->name, "test");
    assert_string_equal(d->domain_type, "test");
    assert_int_equal(d->vcpus, 2);
    assert_int_equal(d->max_mem_kib, 8388608);
    assert_int_equal(d->mem_kib, 2097152);
    assert_int_equal(d->disks->len, 1);
    assert_string_equal(g_array_index(d->disks, tv_disk_info, 0).source, "/guest/diskimage1");
    assert_int_equal(d->nics->len, 1);
    assert_string_equal(g_array_index(d->nics, tv_nic_info, 0).source, "default");
    assert_string_equal(g_array_index(d->nics, tv_nic_info, 0).target_dev, "testnet0");
}

static void
test_special_chars(void **state)
{
    g_autoptr(tv_domain_details) d = parse_case("special-chars");

    assert_string_equal(d->name, "we\"ird <&'> ünïcødé 名前 🚀");
    assert_string_equal(d->description, "Tom & Jerry's \"box\" <dev> — café");
    assert_string_equal(g_array_index(d->disks, tv_disk_info, 0).source,
                        "/srv/vms/it's \"quoted\" & <odd>/名前.qcow2");
    assert_string_equal(g_array_index(d->nics, tv_nic_info, 0).source, "brü-0");
}

static void
test_disk_paths(void **state)
{
    g_autoptr(tv_domain_details) d = parse_case("qemu-kvm");
    g_auto(GStrv) paths = tv_domain_details_disk_paths(d);

    /* cdrom, volume, network and lun disks are not deletable paths. */
    assert_int_equal(g_strv_length(paths), 1);
    assert_string_equal(paths[0], "/var/lib/libvirt/images/web01.qcow2");

    g_autoptr(tv_domain_details) k = parse_case("direct-kernel");
    g_auto(GStrv) kpaths = tv_domain_details_disk_paths(k);
    assert_int_equal(g_strv_length(kpaths), 1);
    assert_string_equal(kpaths[0], "/var/lib/libvirt/images/rootfs.raw");
}

static void
test_refcount(void **state)
{
    tv_domain_details *d = parse_case("test-default");
    tv_domain_details *again = tv_domain_details_ref(d);

    assert_ptr_equal(again, d);
    tv_domain_details_unref(d);
    /* Still alive through the second reference (ASan would catch a use after free). */
    assert_string_equal(again->name, "test");
    tv_domain_details_unref(again);
    tv_domain_details_unref(NULL);
    assert_null(tv_domain_details_ref(NULL));
}

/* Builds <domain><name/><memory unit=U>V</memory></domain> with the tree API. */
static char *
unit_domain_xml(const char *value, const char *unit)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "domain");
    xmlChar *buf = NULL;
    int len = 0;

    xmlDocSetRootElement(doc, root);
    xmlNewTextChild(root, NULL, BAD_CAST "name", BAD_CAST "u");
    xmlNodePtr mem = xmlNewTextChild(root, NULL, BAD_CAST "memory", BAD_CAST value);
    if (unit)
        xmlNewProp(mem, BAD_CAST "unit", BAD_CAST unit);
    xmlDocDumpMemory(doc, &buf, &len);
    char *text = g_strndup((const char *)buf, (gsize)len);
    xmlFree(buf);
    xmlFreeDoc(doc);
    return text;
}

static void
test_memory_units(void **state)
{
    static const struct {
        const char *value, *unit;
        unsigned long long kib; /* 0: must fail */
    } cases[] = {
        { "1024", NULL, 1024 },
        { "1024", "", 1024 },
        { "2048", "b", 2 },
        { "2049", "bytes", 3 }, /* rounded up, as libvirt does */
        { "1000", "B", 1 },
        { "7", "k", 7 },
        { "7", "KiB", 7 },
        { "1024", "KB", 1000 },
        { "3", "M", 3072 },
        { "3", "MiB", 3072 },
        { "1", "MB", 977 },     /* 1,000,000 bytes = 976.5625 KiB */
        { "2", "G", 2097152 },
        { "2", "gib", 2097152 },
        { "1", "GB", 976563 },
        { "1", "T", 1073741824ULL },
        { "1", "TiB", 1073741824ULL },
        { "1", "TB", 976562500ULL },
        { " 42 ", "KiB", 42 },
        { "1", "furlongs", 0 },
        { "1", "KiBB", 0 },
        { "-1", "KiB", 0 },
        { "1.5", "GiB", 0 },
        { "", "KiB", 0 },
        { "18446744073709551615", "GiB", 0 }, /* overflows */
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *xml = unit_domain_xml(cases[i].value, cases[i].unit);
        g_autofree char *err = NULL;
        g_autoptr(tv_domain_details) d = tv_domxml_parse(xml, &err);

        if (cases[i].kib == 0) {
            if (d)
                print_error("case %zu (%s %s) parsed\n", i, cases[i].value, cases[i].unit);
            assert_null(d);
            assert_non_null(err);
            continue;
        }
        if (!d)
            print_error("case %zu: %s\n", i, err);
        assert_non_null(d);
        assert_int_equal(d->max_mem_kib, cases[i].kib);
        assert_int_equal(d->mem_kib, cases[i].kib); /* no currentMemory */
    }
}

/* Bad input must not make libxml2 write to stderr (curses may own it). */
static void
test_errors_are_silent(void **state)
{
    static const char *const inputs[] = {
        "<domain><name>x</name>",
        "<domain><name>x</nam></domain>",
        "\xff\xfe<domain/>",
        "<?xml version='1.0' encoding='no-such-charset'?><domain/>",
        "<!DOCTYPE domain><domain>&undefined;</domain>",
        "",
        "plain text",
    };
    char path[] = "/tmp/tv-test-domxml-XXXXXX";
    int fd = mkstemp(path);
    int saved = dup(STDERR_FILENO);

    char *errs[G_N_ELEMENTS(inputs)] = { 0 };
    bool parsed[G_N_ELEMENTS(inputs)] = { 0 };
    tv_domain_details *null_err, *null_xml;

    assert_true(fd >= 0 && saved >= 0);
    fflush(stderr);
    assert_true(dup2(fd, STDERR_FILENO) >= 0);
    for (size_t i = 0; i < G_N_ELEMENTS(inputs); i++) {
        g_autoptr(tv_domain_details) d = tv_domxml_parse(inputs[i], &errs[i]);
        parsed[i] = d != NULL;
    }
    /* error may be NULL when the caller does not want the sentence. */
    null_err = tv_domxml_parse("<domain>", NULL);
    null_xml = tv_domxml_parse(NULL, NULL);
    fflush(stderr);
    assert_true(dup2(saved, STDERR_FILENO) >= 0);
    close(saved);

    off_t size = lseek(fd, 0, SEEK_END);
    close(fd);
    unlink(path);
    assert_int_equal(size, 0);
    assert_null(null_err);
    assert_null(null_xml);
    for (size_t i = 0; i < G_N_ELEMENTS(inputs); i++) {
        g_autofree char *err = errs[i];
        if (!err || !g_str_has_prefix(err, "the domain XML is not well-formed: "))
            print_error("input %zu: %s\n", i, err ? err : "(no error)");
        assert_false(parsed[i]);
        assert_non_null(err);
        assert_true(g_str_has_prefix(err, "the domain XML is not well-formed: "));
    }
}

static void
test_first_error_reported(void **state)
{
    g_autofree char *err = NULL;
    g_autoptr(tv_domain_details) d =
        tv_domxml_parse("<domain>\n<name>x</nam>\n<oops></domain>", &err);

    assert_null(d);
    /* The first complaint is the mismatched </nam>, on line 2. */
    assert_non_null(strstr(err, "name"));
    assert_non_null(strstr(err, "line 2"));
}

#define GOLDEN(name) { "golden " name, test_golden, NULL, NULL, (void *)name }

int
main(void)
{
    const struct CMUnitTest tests[] = {
        GOLDEN("test-default"),
        GOLDEN("qemu-kvm"),
        GOLDEN("direct-kernel"),
        GOLDEN("special-chars"),
        GOLDEN("units-decimal"),
        GOLDEN("units-large"),
        GOLDEN("no-current-memory"),
        GOLDEN("malformed"),
        GOLDEN("wrong-root"),
        GOLDEN("bad-unit"),
        GOLDEN("bad-number"),
        GOLDEN("empty"),
        cmocka_unit_test(test_test_driver_default),
        cmocka_unit_test(test_special_chars),
        cmocka_unit_test(test_disk_paths),
        cmocka_unit_test(test_refcount),
        cmocka_unit_test(test_memory_units),
        cmocka_unit_test(test_errors_are_silent),
        cmocka_unit_test(test_first_error_reported),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
