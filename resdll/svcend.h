/*
 * svcend.h - ending the managed service (svcend.c), for Terminate and for
 * a worker that must end what it started.
 */
#ifndef IG_SVCEND_H
#define IG_SVCEND_H

#include "resource.h"

/* How often the service is looked at while it is being ended. */
#define IG_SVCEND_POLL_MS 25
/* Past the grace and the kill, how long Terminate waits for a worker that
   the service manager still holds before it gives up on it (the worker
   then ends whatever it started itself: svcref's `abandoned`). */
#define TERMINATE_GIVE_UP_MS 5000

/* Is the service (still) running as far as anyone can tell? *st gets the
   service manager's view (zeroed when it could not be read), *process the
   service's process, so that it can be ended: the one svc watches, or (when
   the service manager has started another one) a handle of the caller's to
   close (*owned TRUE); *scm_err the service manager's error, if any. */
BOOL ig_service_running(ig_svcref *svc, ig_service_state *st, HANDLE *process, BOOL *owned,
                        DWORD *scm_err);

/* STOP once, then after `grace` ms (at once for a service that cannot take
   STOP: one still starting) end its process, until the service is down and
   the worker `thread` (if not NULL: one that may still be starting it) has
   ended. FALSE when it gave up waiting for that worker (logged). */
BOOL ig_service_end(ig_resource *r, ig_svcref *svc, DWORD grace, HANDLE thread, const WCHAR *caller);

#endif
