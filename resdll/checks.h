/*
 * checks.h - the preflight as Online and IsAlive run it: gather the facts
 * on this node (service configuration, IMS binary version, DNS domain),
 * ask the pure verdict, and log every finding in the administrator's words.
 */
#ifndef IG_CHECKS_H
#define IG_CHECKS_H

#include "resource.h"

/* What a check looks at. */
enum {
    IG_CHECK_SERVICE = 1,   /* installed and not disabled (opens *svc if it is not open: one
                               configuration query); fills r->image from the service when
                               ImagePath is empty */
    IG_CHECK_IMAGE   = 2,   /* the version of r->image, read again only when the file changed */
    IG_CHECK_DOMAIN  = 4
};

/*
 * Runs the checks named in `what` against r->settings and the service
 * handles *svc; logs each finding with `caller` and returns the
 * IMSGUARD_E_* of the first error, or ERROR_SUCCESS (warnings alone pass).
 * Nothing here waits on anything Terminate needs: registry values, one
 * file stamp (the version only when the file changed), and one service
 * configuration query when IG_CHECK_SERVICE is asked for. r->lock is not
 * held (see resource.h for who may touch what).
 */
DWORD ig_checks_run(ig_resource *r, const WCHAR *caller, unsigned what, ig_service *svc);

/* Parses FirstAffected/FirstFixed of settings (they were validated). */
void ig_checks_window(const ig_settings *s, ig_version *first_affected, ig_version *first_fixed);

#endif
