/*
 * svcend.c - ending the managed service for Terminate: is it still
 * running (by the service manager and by its process, since Wine's service
 * manager misses a dead process), a stop request, a grace, then its process
 * ended.
 */
#include "svcend.h"

#include <stdio.h>

#include "lifelog.h"
#include "rlog.h"

BOOL ig_service_running(ig_svcref *svc, ig_service_state *st, HANDLE *process, BOOL *owned, DWORD *scm_err)
{
    DWORD err;

    *process = NULL;
    *owned = FALSE;
    err = *scm_err = ig_svcref_query(svc, st);
    if (err)
        ZeroMemory(st, sizeof(*st));
    if (err == ERROR_SUCCESS && st->state == SERVICE_STOPPED) {
        /* Stopped, as the service manager sees it; but a process that
           reported STOPPED is still running until it has exited. */
        if (svc->process && !ig_svcref_process_ended(svc)) {
            *process = svc->process;
            return TRUE;
        }
        return FALSE;
    }
    if (err == ERROR_SUCCESS && st->pid) {
        *process = ig_svcref_watch(svc, st->pid);
        if (!*process && GetLastError() == ERROR_INVALID_HANDLE) {
            /* Another process than the one watched (the service manager
               restarted the service): it must be ended all the same. */
            *process = OpenProcess(SYNCHRONIZE | PROCESS_TERMINATE, FALSE, st->pid);
            *owned = *process != NULL;
        }
        if (!*process && GetLastError() == ERROR_INVALID_PARAMETER)
            return FALSE;   /* the process is gone (Wine still says RUNNING) */
        if (*process && WaitForSingleObject(*process, 0) != WAIT_TIMEOUT)
            return FALSE;
        return TRUE;
    }
    if (ig_svcref_process_ended(svc))
        return FALSE;
    *process = svc->process;
    /* pid 0 with the state not STOPPED: starting before its process exists,
       or (Wine, after it ended the process itself) RUNNING with no process. */
    return err != ERROR_SUCCESS || st->state != SERVICE_RUNNING || !ig_scm_has_pids();
}

/* Waits up to ms for whichever of the worker's thread and the service's
   process comes first (either may be NULL): their end is seen when it
   happens, the poll only catches what the service manager alone knows. */
static void wait_for_either(HANDLE thread, HANDLE process, DWORD ms)
{
    HANDLE hs[2];
    DWORD n = 0;

    if (thread)
        hs[n++] = thread;
    if (process)
        hs[n++] = process;
    if (n)
        WaitForMultipleObjects(n, hs, FALSE, ms);
    else
        Sleep(ms);
}

/*
 * Terminate's (and a Terminate order's) end of the service: STOP once,
 * then after `grace` (at once for a service that cannot take STOP, one
 * still starting) end its process, until the service is down and the
 * worker `thread` (if any: a worker that may still be starting it) has
 * ended. Returns FALSE when it gave up on the worker.
 */
BOOL ig_service_end(ig_resource *r, ig_svcref *svc, DWORD grace, HANDLE thread, const WCHAR *caller)
{
    DWORD started = GetTickCount();
    BOOL asked = FALSE, kill_now = FALSE;
    ig_service_state st;
    HANDLE process;
    BOOL owned;
    DWORD scm_err;

    for (;;) {
        BOOL worker_done = !thread || WaitForSingleObject(thread, 0) != WAIT_TIMEOUT;
        BOOL running = ig_service_running(svc, &st, &process, &owned, &scm_err);

        if (running) {
            if (!asked) {
                DWORD err = ig_svcref_stop(svc);
                asked = TRUE;
                kill_now = err == ERROR_SERVICE_CANNOT_ACCEPT_CTRL || err == ERROR_INVALID_SERVICE_CONTROL;
            }
            if (process && (kill_now || ig_since(started) >= grace)) {
                ig_log_stop_timeout(r, st.pid ? st.pid : svc->pid, ig_since(started), caller);
                TerminateProcess(process, ERROR_PROCESS_ABORTED);
                WaitForSingleObject(process, 1000);
                kill_now = TRUE;   /* a process that comes after it goes too */
            }
        }
        if (!running && worker_done) {
            if (owned)
                CloseHandle(process);
            return TRUE;
        }
        if (ig_since(started) >= grace + TERMINATE_GIVE_UP_MS) {
            WCHAR text[300];
            if (owned)
                CloseHandle(process);
            if (thread) {
                /* The worker ends what it started itself once it sees this
                   (one that ends right now is waited for here instead). */
                InterlockedExchange(&svc->abandoned, 1);
                if (WaitForSingleObject(thread, IG_SVCEND_POLL_MS) != WAIT_TIMEOUT) {
                    thread = NULL;
                    continue;
                }
            }
            if (scm_err)
                _snwprintf(text, ARRAYSIZE(text),
                           L"The service could not be confirmed stopped within %lu ms: the service manager "
                           L"answers error %lu about it%ls. Check the service in the Services tool before "
                           L"bringing the resource online again.", (unsigned long)ig_since(started),
                           (unsigned long)scm_err, thread ? L", and the worker that was starting or "
                           L"stopping it has not ended" : L"");
            else
                _snwprintf(text, ARRAYSIZE(text),
                           L"The service could not be confirmed stopped within %lu ms: the service manager "
                           L"still reports it %ls%ls. Check the service in the Services tool before "
                           L"bringing the resource online again.", (unsigned long)ig_since(started),
                           ig_scm_state_name(st.state), thread ? L", and the worker that was starting or "
                           L"stopping it has not ended" : L"");
            text[ARRAYSIZE(text) - 1] = 0;
            ig_log_text(r->handle, LOG_ERROR, caller, text);
            return FALSE;
        }
        wait_for_either(worker_done ? NULL : thread, running ? process : NULL, IG_SVCEND_POLL_MS);
        if (owned)
            CloseHandle(process);
    }
}

