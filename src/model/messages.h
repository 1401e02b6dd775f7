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
    unsigned host_id; /* the host it concerns (tv_host_id), or 0 */
    gint64 time_us;  /* wall-clock time it was posted */
    /*
     * What the message belongs to: the id of the front end's request that
     * caused it (0: none), and a structured result for that request, freed
     * with free_payload (see tv_message_clear).
     */
    guint request;
    void *payload;
    GDestroyNotify free_payload;
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

/* Posts a message about one host (its tv_host_id; 0 for none). */
void tv_message_post_host(tv_msg_level level, unsigned host_id, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
/*
 * Posts the result of request (a front end's request id): text is its
 * one-line summary, payload its structured result, which the queue owns
 * until popped.
 */
void tv_message_post_result(tv_msg_level level, unsigned host_id, guint request,
                            const char *text, void *payload, GDestroyNotify free_payload);
/* Pops the oldest queued message into *out (tv_message_clear frees it); false when empty. */
bool tv_message_pop(tv_message *out);
/* Frees what a popped message holds. */
void tv_message_clear(tv_message *m);
