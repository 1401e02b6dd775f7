/*
 * Reading tv_host_caps from a connection (the worker's side of hostcaps.h).
 */
#pragma once

#include <libvirt/libvirt.h>

#include "model/hostcaps.h"

/* The host's capabilities, or NULL with *error (libvirt's words). */
tv_host_caps *tv_host_caps_read(virConnectPtr conn, char **error);
