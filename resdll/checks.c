#include "checks.h"

#include "nodecheck.h"
#include "rlog.h"

typedef struct log_target {
    ig_resource *r;
    const WCHAR *caller;
} log_target;

static void log_finding(void *ctx, LOG_LEVEL level, DWORD msgid, int nargs, const WCHAR *const *args)
{
    const log_target *t = ctx;
    ig_log_msg(t->r->handle, level, t->caller, msgid, nargs, args);
}

DWORD ig_checks_run(ig_resource *r, const WCHAR *caller, unsigned what, ig_service *svc)
{
    log_target t = { r, caller };
    return ig_node_check(r->name, &r->settings, what, svc, &r->facts, log_finding, &t, NULL);
}
