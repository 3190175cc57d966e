/*
 * nodecheck.h - the preflight pipeline: gather this node's facts
 * (nodefacts.h) -> the verdict (core/preflight.h) -> each finding's message
 * id and inserts (core/findings.h), handed to the caller's sink. Online and
 * IsAlive log them (resdll/checks.c), the admin extension's preflight panel
 * and imscheck format the same message ids with the same inserts from the
 * same message table: the very texts Online logs.
 */
#ifndef IG_NODECHECK_H
#define IG_NODECHECK_H

#include "cluswin.h"

#include "nodefacts.h"

/* One finding: its level (LOG_ERROR refuses, LOG_WARNING goes on), the
   message of the table and its inserts (%1 is the resource's name). */
typedef void (*ig_finding_sink)(void *ctx, LOG_LEVEL level, DWORD msgid, int nargs,
                                const WCHAR *const *args);

/* The verdict and the policy it was judged by (the build window...). */
typedef struct ig_node_verdict {
    ig_preflight_input in;
    char expected[IG_DOMAIN_CAP];
    ig_verdict verdict;
} ig_node_verdict;

/*
 * Runs the checks named in `what` (IG_CHECK_*) on this node with settings
 * s for the resource named `resource`, through the service handles *svc
 * (opened if closed: the caller closes them) and the facts f (kept between
 * calls: zero it before the first). Every finding goes to sink, in order.
 * Returns the IMSGUARD_E_* of the first error, or ERROR_SUCCESS (warnings
 * alone pass); *out (may be NULL) gets the verdict.
 */
DWORD ig_node_check(const WCHAR *resource, const ig_settings *s, unsigned what, ig_service *svc,
                    ig_node_facts *f, ig_finding_sink sink, void *ctx, ig_node_verdict *out);

#endif
