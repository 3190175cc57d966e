/*
 * smtp.h - IsAlive's SMTP check: connect to 127.0.0.1:port and expect a
 * "220" greeting within a bounded time. A wedged IMS keeps its service
 * RUNNING but stops greeting; this is what notices.
 */
#ifndef IG_SMTP_H
#define IG_SMTP_H

#include "cluswin.h"

/* Once per process before the first probe; ERROR_SUCCESS or the WSA error. */
DWORD ig_smtp_init(void);

/* ERROR_SUCCESS when a 220 greeting arrived within timeout_ms; else an
   error and a short description in what (e.g. "connection refused"). */
DWORD ig_smtp_probe(unsigned short port, DWORD timeout_ms, WCHAR *what, size_t cap);

#endif
