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
    IG_CHECK_SERVICE = 1,   /* installed and not disabled (opens r->service if needed); fills r->image
                               from the service when ImagePath is empty */
    IG_CHECK_IMAGE   = 2,   /* the version of r->image, read again only when the file changed */
    IG_CHECK_DOMAIN  = 4
};

/*
 * Runs the checks named in `what` against r->settings; logs each finding
 * with `caller` and returns the IMSGUARD_E_* of the first error, or
 * ERROR_SUCCESS (warnings alone pass). The caller holds r->lock.
 */
DWORD ig_checks_run(ig_resource *r, const WCHAR *caller, unsigned what);

/* Parses FirstAffected/FirstFixed of settings (they were validated). */
void ig_checks_window(const ig_settings *s, ig_version *first_affected, ig_version *first_fixed);

#endif
