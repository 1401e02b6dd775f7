/*
 * What the back end tells the front end: a wake pipe that any thread writes
 * to when something new is published, and a queue of user-facing messages
 * (action results, connection changes) for the status bar or, in batch
 * mode, stderr.  Thread safe.
 */
#pragma once

#include <stdbool.h>
#include <glib.h>

typedef enum {
    TV_MSG_INFO,
    TV_MSG_ERROR,
} tv_msg_level;

typedef struct tv_message {
    tv_msg_level level;
    char *text;
} tv_message;

/* Creates the wake pipe; call once before any host starts. Returns 0 or -1. */
int tv_notify_init(void);
void tv_notify_shutdown(void);
/* The read end, for poll(); readable after tv_notify_wake(). */
int tv_notify_fd(void);
/* Wakes the front end; cheap and async-signal-safe. */
void tv_notify_wake(void);
/* Empties the pipe after the front end woke up; read what changed only after this. */
void tv_notify_drain(void);

void tv_message_post(tv_msg_level level, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Pops the oldest queued message into *out (caller frees out->text); false when empty. */
bool tv_message_pop(tv_message *out);
