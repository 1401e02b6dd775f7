/*
 * The two trips to a host's worker that editing a domain's XML in an
 * editor takes (E, ui/editor.c): reading the domain's persistent
 * definition the way virsh edit does (inactive, secrets included), and
 * redefining the domain from the edited text through the domain-edit-xml
 * action.  Both are queued and never block: the worker fills a ticket and
 * wakes the front end, which looks at the ticket in its loop.  Libvirt-free.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

#include "model/host.h"

typedef struct tv_xml_ticket tv_xml_ticket;
struct tv_action_report;

/* Queues reading the XML of the domain uuid on host's worker. */
tv_xml_ticket *tv_xml_edit_read(tv_host *host, const char *uuid);

/*
 * Queues domain-edit-xml on the domain uuid (called name in messages) with
 * text as its xml= parameter; the outcome's host is host_label.
 */
tv_xml_ticket *tv_xml_edit_define(tv_host *host, const char *uuid, const char *name,
                                  const char *host_label, const char *text);

/* Whether the worker has answered (or dropped the job); the getters need this first. */
bool tv_xml_ticket_done(const tv_xml_ticket *t);
/* A read's XML, or NULL when it failed. */
const char *tv_xml_ticket_xml(const tv_xml_ticket *t);
/* Why it failed (a read, or a define that never ran), or NULL. */
const char *tv_xml_ticket_error(const tv_xml_ticket *t);
/* A define's report (the ticket keeps it), or NULL. */
const struct tv_action_report *tv_xml_ticket_report(const tv_xml_ticket *t);

/* The front end is done with the ticket (the worker may still hold it). */
void tv_xml_ticket_free(tv_xml_ticket *t);
