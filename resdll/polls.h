/*
 * polls.h - the service checks of LooksAlive and IsAlive (polls.c).
 */
#ifndef IG_POLLS_H
#define IG_POLLS_H

#include "resource.h"

/* The service while the resource is online, with a reference for the
   caller to release (ig_svcref_release); NULL when it is not online. */
ig_svcref *ig_poll_hold_online(ig_resource *r);

/* LooksAlive: the process still exists and the service manager says RUNNING
   (one wait and one QueryServiceStatus). */
BOOL ig_poll_looks_alive(ig_resource *r);

/* IsAlive's process and service check; logs why not. */
BOOL ig_poll_service_alive(ig_resource *r, ig_svcref *svc, const WCHAR *caller);

#endif
