/*
 * Scoped cleanup for libvirt and libxml2 handles, so every handle has one
 * owner and one free: declare locals g_autoptr(virDomain) and return early.
 * Only src/model and src/actions may include this (it pulls in libvirt).
 */
#pragma once

#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC(virConnect, virConnectClose)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomain, virDomainFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virStoragePool, virStoragePoolFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virStorageVol, virStorageVolFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetwork, virNetworkFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virStream, virStreamFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlXPathContext, xmlXPathFreeContext)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlXPathObject, xmlXPathFreeObject)

/* xmlChar strings returned by libxml2 are freed with xmlFree. */
static inline void
tv_xml_char_free(xmlChar **p)
{
    if (*p)
        xmlFree(*p);
}
#define tv_autoxmlchar __attribute__((cleanup(tv_xml_char_free))) xmlChar

/* libvirt hands out malloc'd strings; free() them, not g_free(). */
static inline void
tv_vir_string_free(char **p)
{
    free(*p);
}
#define tv_autovirstr __attribute__((cleanup(tv_vir_string_free))) char

/*
 * Copies libvirt's last error message for this thread into a new string.
 * Call before freeing any libvirt object: freeing resets the error.
 */
char *tv_vir_last_error(const char *fallback);
