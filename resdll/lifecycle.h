/*
 * lifecycle.h - starting and stopping the managed service for Online,
 * Offline and Terminate: the pending work runs on the resource's worker,
 * which reports through SetResourceStatus with rising checkpoints.
 */
#ifndef IG_LIFECYCLE_H
#define IG_LIFECYCLE_H

#include "resource.h"

extern PSET_RESOURCE_STATUS_ROUTINE ig_set_resource_status;

/* Online, after the preflight passed (r->lock held): asks the service to
   start and hands the wait to the worker. ERROR_SUCCESS means pending. */
DWORD ig_lifecycle_start_online(ig_resource *r);

/* The Offline entry point: ERROR_SUCCESS, ERROR_IO_PENDING or an error. */
DWORD ig_lifecycle_start_offline(ig_resource *r);

/* The Terminate entry point: stops the worker, then the service (ending
   its process after StopTimeout), and leaves the resource offline. */
void ig_lifecycle_terminate(ig_resource *r);

/* IsAlive's process and service check (r->lock held); logs why not. */
BOOL ig_lifecycle_service_alive(ig_resource *r, const WCHAR *caller);

#endif
