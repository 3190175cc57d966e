#include "monitor.h"

static PSET_RESOURCE_STATUS_ROUTINE set_status;

void ig_monitor_init(PSET_RESOURCE_STATUS_ROUTINE set_resource_status)
{
    set_status = set_resource_status;
}

RESOURCE_EXIT_STATE ig_monitor_set_status(RESOURCE_HANDLE handle, RESOURCE_STATUS *status)
{
    return set_status(handle, status);
}
