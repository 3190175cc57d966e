/*
 * monitor.h - the Resource Monitor's status callback, as Startup received
 * it (shell.c), for the workers' reports (lifecycle.c). The monitor's other
 * callback, LogEvent, is the log's (win/rlog.h).
 */
#ifndef IG_MONITOR_H
#define IG_MONITOR_H

#include "cluswin.h"

void ig_monitor_init(PSET_RESOURCE_STATUS_ROUTINE set_resource_status);

/* SetResourceStatus: the monitor's answer (ResourceExitStateContinue,
   ResourceExitStateTerminate...). */
RESOURCE_EXIT_STATE ig_monitor_set_status(RESOURCE_HANDLE handle, RESOURCE_STATUS *status);

#endif
