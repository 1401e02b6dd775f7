/*
 * E: a domain's XML in the user's $EDITOR, as virsh edit does it.  The
 * worker reads the XML, curses steps aside while the editor runs, and the
 * edited text is redefined through domain-edit-xml on the worker; when
 * libvirt refuses it, a question offers to edit that text again or to
 * discard it.  The app calls these from its key handler and loop.
 */
#pragma once

#include <stdbool.h>

#include "actions/action.h"

typedef struct tv_app tv_app;

/*
 * The key of action a was pressed: when a is domain-edit-xml, starts
 * editing the XML of the domain under the cursor and returns true (the
 * key is used, even when it cannot start: the status says why).
 */
bool tv_app_editor_start(tv_app *app, const tv_action *a);
/* Each loop pass: moves an edit on once its worker answered (this may run the editor). */
void tv_app_editor_pump(tv_app *app);
/* Keys while the question after a refusal is open; true when it took the key. */
bool tv_app_editor_key(tv_app *app, int ch, bool is_char);
/* Draws that question over the screen, when it is open. */
void tv_app_editor_draw(tv_app *app);
/* Forgets an edit in progress (quitting): its file goes too. */
void tv_app_editor_free(tv_app *app);
