/*
 * smtp.h - IsAlive's SMTP check: a connection to 127.0.0.1:port must get a
 * "220" greeting. A wedged IMS keeps its service RUNNING but stops
 * greeting; this is what notices. When to fail the resource is the pure
 * policy of core/probe.h; this file keeps the connection that policy looks
 * at from one IsAlive call to the next.
 */
#ifndef IG_SMTP_H
#define IG_SMTP_H

#include "cluswin.h"

#include "probe.h"
#include "props.h"

typedef struct ig_probe_config {
    unsigned short port;     /* 0: no check          */
    DWORD timeout_ms;        /* wait within one call */
    DWORD failures;          /* checks in a row that fail the resource */
} ig_probe_config;

/* Only IsAlive (never re-entered) and Close touch it. */
typedef struct ig_probe {
    BOOL kept;               /* a connection from an earlier call is open */
    UINT_PTR socket;         /* SOCKET */
    BOOL connected;          /* its connect has completed                 */
    DWORD pid;               /* the IMS process it went to                */
    DWORD opened_at;         /* GetTickCount when it was opened           */
    int got;                 /* greeting bytes read so far (need "220")   */
    char greeting[4];
    ig_probe_tally tally;
} ig_probe;

/* Once per process before the first probe; ERROR_SUCCESS or the WSA error. */
DWORD ig_smtp_init(void);

ig_probe_config ig_probe_config_of(const ig_settings *s);

/* Closes a kept connection and forgets the count (Close, or a new IMS process). */
void ig_probe_reset(ig_probe *p);

/* IsAlive's one SMTP step: looks at the connection kept from the last call,
   or opens one, waiting at most c->timeout_ms; then asks the policy.
   ERROR_SUCCESS while the resource is alive; otherwise the error of the
   last failed check and, in what, what was seen ("connection refused: ..."). */
DWORD ig_probe_check(ig_probe *p, const ig_probe_config *c, DWORD pid, WCHAR *what, size_t cap);

#endif
