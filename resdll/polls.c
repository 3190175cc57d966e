/*
 * polls.c - LooksAlive's and IsAlive's look at the service. Each holds its
 * own reference to the service (svcref.h) and no lock while it works, so
 * Terminate never waits for a poll, and a poll never uses a closed handle.
 */
#include "polls.h"

#include "lifelog.h"

ig_svcref *ig_poll_hold_online(ig_resource *r)
{
    ig_svcref *svc = NULL;
    EnterCriticalSection(&r->lock);
    if (r->life.state == IG_ST_ONLINE && r->svc) {
        svc = r->svc;
        ig_svcref_hold(svc);
    }
    LeaveCriticalSection(&r->lock);
    return svc;
}

BOOL ig_poll_looks_alive(ig_resource *r)
{
    ig_svcref *svc = ig_poll_hold_online(r);
    SERVICE_STATUS ss;
    BOOL alive;

    if (!svc)
        return FALSE;
    /* Wine's service manager never notices a dead service process; the
       process handle does, on Windows too: its exit wait's flag costs
       nothing here. */
    alive = !ig_svcref_process_seen_ended(svc) && QueryServiceStatus(svc->service.svc, &ss) &&
            ss.dwCurrentState == SERVICE_RUNNING;
    ig_svcref_release(svc);
    return alive;
}

BOOL ig_poll_service_alive(ig_resource *r, ig_svcref *svc, const WCHAR *caller)
{
    ig_service_state st;
    DWORD err;

    if (ig_svcref_process_ended(svc)) {
        ig_log_process_exited(r, svc->process, svc->pid, caller);
        return FALSE;
    }
    err = ig_scm_query(&svc->service, &st);
    if (err != ERROR_SUCCESS || st.state != SERVICE_RUNNING) {
        ig_log_not_running(r, err ? L"UNKNOWN" : ig_scm_state_name(st.state), caller);
        return FALSE;
    }
    return TRUE;
}

