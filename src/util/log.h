/*
 * Debug log to the file named by $TVIRT_LOG.  Nothing may reach stdout or
 * stderr while curses owns the terminal, so this is the only trace channel.
 */
#pragma once

#include <glib.h>

void tv_log_init(void);
void tv_log_close(void);
void tv_log(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
