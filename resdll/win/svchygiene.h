/*
 * svchygiene.h - the service manager's start type and recovery actions of
 * the managed service, read and changed as resdll/core/hygiene.h decides
 * (Online's service hygiene, as Generic Service resources have it).
 */
#ifndef IG_SVCHYGIENE_H
#define IG_SVCHYGIENE_H

#include "cluswin.h"

#include "hygiene.h"

/* The start type, and the recovery actions where the service manager has
   them (QueryServiceConfig2, looked up at run time: NT 4.0 has none;
   Wine's answers ERROR_INVALID_LEVEL: recovery_known is then false). */
DWORD ig_svchygiene_read(const WCHAR *service, ig_service_setup *s);

/*
 * Online, before StartService: reads the setup, changes what the plan for
 * manage (ManageServiceConfig) says, and logs each change once, with what
 * it was before (the next Online finds nothing to change). A change that
 * fails is a warning: the service can still be started.
 */
void ig_svchygiene_online(RESOURCE_HANDLE log, const WCHAR *caller, const WCHAR *resource,
                          const WCHAR *service, DWORD manage);

#endif
