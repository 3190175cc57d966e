/*
 * lifecycle.h - Online, Offline and Terminate of one resource, and the
 * service checks of LooksAlive and IsAlive. The state machine, its locks
 * and the rule they serve (Terminate always wins) are described at the top
 * of lifecycle.c.
 */
#ifndef IG_LIFECYCLE_H
#define IG_LIFECYCLE_H

#include "resource.h"

/* The Online entry point's first step: moves the state and begins a new
   operation (*op) when it MOVED. */
ig_step ig_lifecycle_begin(ig_resource *r, ig_event ev, unsigned *op);

/* Online operation op refused before its preflight (bad properties). */
void ig_lifecycle_refuse(ig_resource *r, unsigned op);

/* The rest of Online: the preflight with these settings (now in effect),
   then the worker. ERROR_IO_PENDING, or the refusal's own code. */
DWORD ig_lifecycle_online(ig_resource *r, unsigned op, const ig_settings *settings);

/* The Offline entry point: ERROR_SUCCESS, ERROR_IO_PENDING or an error. */
DWORD ig_lifecycle_offline(ig_resource *r);

/* The Terminate entry point (see lifecycle.c). */
void ig_lifecycle_terminate(ig_resource *r);

/* Close: terminates unless offline, joins the workers, releases the service. */
void ig_lifecycle_close(ig_resource *r);

#endif
