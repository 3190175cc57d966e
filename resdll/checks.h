/*
 * checks.h - the preflight as Online and IsAlive run it for one resource:
 * the node check (win/nodecheck.h) with the resource's settings, every
 * finding logged in the administrator's words.
 */
#ifndef IG_CHECKS_H
#define IG_CHECKS_H

#include "resource.h"

/*
 * Runs the checks named in `what` (IG_CHECK_*) against r->settings and the
 * service handles *svc; logs each finding with `caller` and returns the
 * IMSGUARD_E_* of the first error, or ERROR_SUCCESS (warnings alone pass).
 * r->lock is not held (see resource.h for who may touch what).
 */
DWORD ig_checks_run(ig_resource *r, const WCHAR *caller, unsigned what, ig_service *svc);

#endif
