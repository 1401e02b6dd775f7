/*
 * Keys to command names.  A command is an action from the action table
 * ("domain-start") or a UI command ("quit", "screen-hosts"); keymaps hold
 * names, not functions, so every key can be remapped from the config file.
 * Key codes are curses codes (KEY_UP, control characters, ASCII).
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

/*
 * Parses a key spelling: a printable character ("a", "?", "+"), "C-x" for
 * control keys, or a name: Enter, Esc, Tab, BTab, Space, Backspace, Del,
 * Up, Down, Left, Right, PgUp, PgDn, Home, End, Ins, F1..F12.
 * Names are case-insensitive; also accepted: F13..F63, KP-Enter (KEY_ENTER),
 * C-Space (NUL), C-[ C-\ C-] C-^ C-_, and "<N>" for any raw key code N.
 * Returns the key code, or -1 with *error set (g_free).
 */
int tv_key_parse(const char *spelling, char **error);

/*
 * Spelling of a key for hints and help ("Enter", "C-l", "a"); static or
 * interned.  tv_key_parse(tv_key_name(k)) == k for every k >= 0 (keys
 * without a name are spelt "<N>").
 */
const char *tv_key_name(int key);

typedef struct tv_keymap tv_keymap;

tv_keymap *tv_keymap_new(void);
void tv_keymap_free(tv_keymap *km);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(tv_keymap, tv_keymap_free)

/*
 * Binds key to command (replacing an earlier binding of that key); name is
 * copied.  bind, unbind and lookup treat '\r' and KEY_ENTER as '\n' (Enter)
 * and 127 as KEY_BACKSPACE, so bindings do not depend on the terminal.
 */
void tv_keymap_bind(tv_keymap *km, int key, const char *command);
void tv_keymap_unbind(tv_keymap *km, int key);
/* Command bound to key, or NULL. */
const char *tv_keymap_lookup(const tv_keymap *km, int key);
/* First key bound to command (lowest code), or -1. */
int tv_keymap_key_for(const tv_keymap *km, const char *command);

/* Calls fn for every binding, in key code order; fn must not change km. */
typedef void (*tv_keymap_fn)(int key, const char *command, void *data);
void tv_keymap_foreach(const tv_keymap *km, tv_keymap_fn fn, void *data);
