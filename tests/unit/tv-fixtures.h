/*
 * Fixtures for tests on libvirt's test driver, built with libxml2's tree
 * API from the template in tests/data/actions/domain.xml.
 */
#pragma once

#include <libvirt/libvirt.h>

/*
 * Defines a domain called name on conn: with the given UUID (or one
 * libvirt picks, when NULL), and a file disk at disk_path, or a volume disk
 * pool/volume, or no disk.  Returns its UUID string (g_free); fails the test
 * when libvirt refuses.
 */
char *tv_test_define_domain(virConnectPtr conn, const char *name, const char *uuid,
                            const char *disk_path, const char *pool, const char *volume);
