/*
 * lifecycle.c - Online, Offline and Terminate of one IMS Guard resource:
 * the state machine, its locks, and the workers that start and stop the
 * service.
 *
 * The rule everything here serves: Terminate always wins. Whatever runs
 * when Terminate is called (an Online or Offline entry point still
 * executing, its worker, an IsAlive), when Terminate returns no worker of
 * the resource is running or will report again, the service is stopped or
 * its process has been ended, and the resource block holds no service
 * handle.
 *
 * States (core/state.c, ig_life): Offline, OnlinePending, Online,
 * OfflinePending, Failed, and the number of the current operation.
 *   - The Online and Offline entry points begin an operation (a new
 *     number) and move to OnlinePending / OfflinePending.
 *   - The operation's worker finishes it (Online, Failed, Offline) and
 *     reports its progress, but only while its number is still current.
 *   - Terminate moves to Offline and changes the number: from then on
 *     every step and report of the worker it overtook is refused.
 *   - IsAlive never moves the state (the monitor calls Terminate next).
 *
 * Locks, in the only order they are ever taken:
 *   report_lock  held across one SetResourceStatus call and the check that
 *                its operation is still current. Terminate takes it once,
 *                after changing the operation number, as a barrier: a
 *                report already inside the monitor completes, and none
 *                can start after it.
 *   lock         guards life, worker, svc, checkpoint and settings. Held
 *                only for a few assignments: never across a service
 *                manager call, a wait, a file or registry read, or a call
 *                into the monitor.
 *
 * Blocking calls (StartService, ControlService, and every wait on the
 * service) run on the worker, never on an entry point's thread. The
 * worker checks for cancellation between every step. What can still block
 * it (StartService until the service process connects, ControlService
 * until the handler answers) ends when the service's process ends, which
 * is what Terminate does after its grace.
 *
 * Handles: the service handles, its process and the registry notification
 * live in one counted ig_svcref (win/svcref.h); worker threads in the
 * resource's worker slot (win/worker.h), closed by their successor or at
 * Close. Nothing is closed while another thread may still use it.
 */
#include "lifecycle.h"

#include <stdio.h>
#include <stdlib.h>

#include "checks.h"
#include "lifelog.h"
#include "monitor.h"
#include "svcend.h"
#include "svcenv.h"
#include "svchygiene.h"
#include "imsguard_msg.h"
#include "rlog.h"
#include "wstr.h"

/* Polling the service while it starts: quick at first so Online adds little
   to the service's own start time, then gentler. */
#define POLL_FAST_MS        2
#define POLL_FAST_PERIOD 1000
#define POLL_SLOW_MS       25
/* A start whose checkpoint does not move for this long (or its wait hint,
   if longer) has hung, as the service control manager's convention goes. */
#define START_STALL_MS  60000
/* Offline asks again, this often, a service that cannot take STOP yet. */
#define STOP_RETRY_MS     500
/* Terminate is the cluster's "now": the service gets this long (or
   StopTimeout, if shorter) to stop on its own, then its process is ended. */
#define TERMINATE_GRACE_MS 2000

typedef struct op_ctx {
    ig_resource *r;
    unsigned op;
    ig_svcref *svc;          /* the worker's own reference */
} op_ctx;

/* What a report told the worker. */
typedef enum report_answer {
    GO_ON,                   /* ResourceExitStateContinue                   */
    STOP_REPORTING,          /* any other answer, or the operation was
                                overtaken: end quietly                       */
    TERMINATE_ORDERED        /* ResourceExitStateTerminate: end the service
                                now, and report nothing more                 */
} report_answer;

static DWORD stop_timeout(ig_resource *r)
{
    DWORD ms;
    EnterCriticalSection(&r->lock);
    ms = r->settings.stop_timeout;
    LeaveCriticalSection(&r->lock);
    return ms;
}

static report_answer report(ig_resource *r, unsigned op, CLUSTER_RESOURCE_STATE state)
{
    RESOURCE_STATUS status;
    RESOURCE_EXIT_STATE answer = ResourceExitStateMax;
    BOOL current;

    ZeroMemory(&status, sizeof(status));
    status.ResourceState = state;
    EnterCriticalSection(&r->report_lock);
    EnterCriticalSection(&r->lock);
    current = ig_life_may_report(&r->life, op);
    if (current)
        status.CheckPoint = ++r->checkpoint;
    LeaveCriticalSection(&r->lock);
    if (current)
        answer = ig_monitor_set_status(r->handle, &status);
    LeaveCriticalSection(&r->report_lock);

    if (!current)
        return STOP_REPORTING;
    if (answer == ResourceExitStateContinue)
        return GO_ON;
    return answer == ResourceExitStateTerminate ? TERMINATE_ORDERED : STOP_REPORTING;
}

/* The worker's end of its operation; FALSE when it was overtaken. */
static BOOL finish(ig_resource *r, unsigned op, ig_event ev)
{
    ig_step step;
    EnterCriticalSection(&r->lock);
    step = ig_life_finish(&r->life, op, ev);
    if (step == IG_STEP_MOVED && ev == IG_EV_OFFLINE_DONE && r->svc) {
        ig_svcref_release(r->svc);   /* the resource's reference */
        r->svc = NULL;
    }
    LeaveCriticalSection(&r->lock);
    return step == IG_STEP_MOVED;
}

/* The end of every worker: when Terminate gave up waiting for it, the
   worker itself makes sure the service is not left running. */
static void worker_done(op_ctx *c, const WCHAR *caller)
{
    if (InterlockedCompareExchange(&c->svc->abandoned, 0, 0))
        ig_service_end(c->r, c->svc, 0, NULL, caller);
    ig_svcref_release(c->svc);
    free(c);
}

/* The monitor answered ResourceExitStateTerminate: end the service now,
   leave the resource offline, report nothing more. */
static void terminate_ordered(op_ctx *c, const WCHAR *caller)
{
    EnterCriticalSection(&c->r->lock);
    if (ig_life_may_report(&c->r->life, c->op)) {
        ig_life_terminate(&c->r->life);
        if (c->r->svc == c->svc) {
            ig_svcref_release(c->r->svc);
            c->r->svc = NULL;
        }
    }
    LeaveCriticalSection(&c->r->lock);
    ig_service_end(c->r, c->svc, 0, NULL, caller);
}

/* ------------------------------------------------------------ Online */

/* Waits for the service to run. TRUE: running (and watched); FALSE: it
   failed (logged) or the worker was cancelled (*cancelled). */
static BOOL wait_until_running(ig_worker *w, op_ctx *c, BOOL *cancelled, report_answer *answer)
{
    ig_resource *r = c->r;
    DWORD started = GetTickCount(), progress_at = started, last_checkpoint = 0, err;
    ig_service_state st;
    HANDLE process = NULL;

    for (;;) {
        if (ig_worker_cancelled(w)) {
            *cancelled = TRUE;
            return FALSE;
        }
        err = ig_svcref_query(c->svc, &st);
        if (err) {
            WCHAR text[200];
            _snwprintf(text, ARRAYSIZE(text),
                       L"The status of the service could not be read (error %lu).", (unsigned long)err);
            text[ARRAYSIZE(text) - 1] = 0;
            ig_log_text(r->handle, LOG_ERROR, L"OnlineThread", text);
            return FALSE;
        }
        /* Watch the process from its first sign of life: one that dies while
           starting is seen at once (Wine's service manager would go on
           saying START_PENDING). */
        if (st.pid && !process) {
            process = ig_svcref_watch(c->svc, st.pid);
            if (!process && st.state == SERVICE_RUNNING && GetLastError() == ERROR_INVALID_PARAMETER) {
                ig_log_gone_process(r, st.pid);
                return FALSE;
            }
        }
        if (st.state == SERVICE_RUNNING)
            return TRUE;
        if (st.state == SERVICE_STOPPED) {
            ig_log_start_failed(r, &st);
            return FALSE;
        }
        if (process && WaitForSingleObject(process, 0) != WAIT_TIMEOUT) {
            /* A service that stopped on its own (it reported why) and then
               exited is told by its own exit codes, not as a crash. */
            if (ig_svcref_query(c->svc, &st) == ERROR_SUCCESS && st.state == SERVICE_STOPPED)
                ig_log_start_failed(r, &st);
            else
                ig_log_exited_while_starting(r, process, c->svc->pid);
            return FALSE;
        }
        if (st.checkpoint != last_checkpoint) {
            /* Real progress: tell the monitor, which resets its PendingTimeout. */
            last_checkpoint = st.checkpoint;
            progress_at = GetTickCount();
            *answer = report(r, c->op, ClusterResourceOnlinePending);
            if (*answer != GO_ON)
                return FALSE;
        } else if (ig_since(progress_at) > (st.wait_hint > START_STALL_MS ? st.wait_hint : START_STALL_MS)) {
            ig_log_start_timeout(r, ig_since(progress_at));
            return FALSE;
        }
        if (ig_worker_wait(w, process, ig_since(started) < POLL_FAST_PERIOD ? POLL_FAST_MS : POLL_SLOW_MS)) {
            *cancelled = TRUE;
            return FALSE;
        }
    }
}

/* StartService, asked once more when the service manager could not create
   the service's process at all: ERROR_INTERNAL_ERROR, the service STOPPED
   (Wine's services.exe returns CreateProcess's error and sets STOPPED, the
   exit codes of the last run left as they were). Wine 8.0's process
   creation fails so now and then (seen from services.exe and from
   start.exe alike, once in several hundred launches under load); it is
   not among StartService's errors on Windows. The retry is logged as a
   warning; any other failure, or a second one, is the start's result, and
   a Terminate or Offline that came meanwhile is not overridden. */
static DWORD start_service(ig_worker *w, ig_resource *r, op_ctx *c)
{
    const WCHAR *params = ig_w(r->settings.startup_parameters);
    ig_service_state st;
    DWORD err = ig_svcref_start(c->svc, params);

    if (err == ERROR_INTERNAL_ERROR && ig_svcref_query(c->svc, &st) == ERROR_SUCCESS &&
        st.state == SERVICE_STOPPED && !ig_worker_cancelled(w)) {
        ig_log_start_retried(r, err);
        err = ig_svcref_start(c->svc, params);
    }
    return err;
}

static DWORD online_worker(ig_worker *w, void *ctx)
{
    op_ctx *c = ctx;
    ig_resource *r = c->r;
    BOOL cancelled = FALSE;
    report_answer answer = GO_ON;
    DWORD err;

    if (ig_worker_cancelled(w))
        goto out;
    /* Service hygiene, as Generic Service has it: before the start, so that
       the service manager itself never starts or restarts the IMS. */
    ig_svchygiene_online(r->handle, L"OnlineThread", r->name, ig_w(r->settings.service_name),
                         r->settings.manage_service_config);
    /* UseNetworkName: the service's environment, read when it starts. */
    err = ig_svcenv_online(r->handle, L"OnlineThread", r->name, r->res_key, ig_w(r->settings.service_name),
                           r->settings.use_network_name);
    if (err)
        goto failed;
    if (ig_worker_cancelled(w))
        goto out;
    err = start_service(w, r, c);
    if (ig_worker_cancelled(w))
        goto out;
    if (err) {
        ig_service_state st;
        /* Wine's service manager answers 1053 at once for a service that
           reported STOPPED before it looked: its own exit codes say why. */
        if (ig_svcref_query(c->svc, &st) == ERROR_SUCCESS && st.state == SERVICE_STOPPED &&
            (st.exit_code || st.specific_exit))
            ig_log_start_failed(r, &st);
        else
            ig_log_start_request_failed(r, err);
        goto failed;
    }
    if (wait_until_running(w, c, &cancelled, &answer)) {
        if (!finish(r, c->op, IG_EV_ONLINE_DONE))
            goto out;   /* overtaken */
        ig_log_online(r);
        answer = report(r, c->op, ClusterResourceOnline);
        goto out;
    }
    if (cancelled || answer != GO_ON)
        goto out;
failed:
    if (finish(r, c->op, IG_EV_ONLINE_FAILED))
        answer = report(r, c->op, ClusterResourceFailed);
out:
    if (answer == TERMINATE_ORDERED)
        terminate_ordered(c, L"OnlineThread");
    worker_done(c, L"OnlineThread");
    return 0;
}

/* Starts operation op's worker with its own reference to r->svc. The
   caller holds r->lock. */
static DWORD start_worker(ig_resource *r, unsigned op, ig_worker_routine routine)
{
    op_ctx *c = malloc(sizeof(*c));
    DWORD err;

    if (!c)
        return ERROR_NOT_ENOUGH_MEMORY;
    c->r = r;
    c->op = op;
    c->svc = r->svc;
    ig_svcref_hold(c->svc);
    r->checkpoint = 0;
    err = ig_worker_start(&r->worker, routine, c);
    if (err) {
        ig_svcref_release(c->svc);
        free(c);
    }
    return err;
}

ig_step ig_lifecycle_begin(ig_resource *r, ig_event ev, unsigned *op)
{
    ig_step step;
    EnterCriticalSection(&r->lock);
    step = ig_life_begin(&r->life, ev, op);
    LeaveCriticalSection(&r->lock);
    return step;
}

void ig_lifecycle_refuse(ig_resource *r, unsigned op)
{
    EnterCriticalSection(&r->lock);
    ig_life_finish(&r->life, op, IG_EV_ONLINE_FAILED);
    LeaveCriticalSection(&r->lock);
}

DWORD ig_lifecycle_online(ig_resource *r, unsigned op, const ig_settings *settings)
{
    ig_service service = { NULL, NULL };
    ig_svcref *svc = NULL, *old;
    DWORD err;

    EnterCriticalSection(&r->lock);
    r->settings = *settings;
    LeaveCriticalSection(&r->lock);

    /* The preflight, on this thread, so that a refusal is this call's own
       return code; it opens the service into a local handle pair and reads
       only what cannot block (see checks.h). */
    err = ig_checks_run(r, L"Online", IG_CHECK_SERVICE | IG_CHECK_IMAGE | IG_CHECK_DOMAIN, &service);
    if (err)
        goto refused;
    svc = ig_svcref_new(&service, ig_w(r->settings.service_name));
    if (!svc) {
        err = ERROR_NOT_ENOUGH_MEMORY;
        goto refused;
    }

    EnterCriticalSection(&r->lock);
    if (!ig_life_may_report(&r->life, op)) {
        /* Terminate came while the preflight ran: nothing was started. */
        LeaveCriticalSection(&r->lock);
        ig_svcref_release(svc);
        return ERROR_OPERATION_ABORTED;
    }
    old = r->svc;   /* one left bound by a Failed Online with no Terminate since */
    r->svc = svc;
    err = start_worker(r, op, online_worker);
    if (err) {
        /* Nothing was started: the start request is the worker's. */
        r->svc = NULL;
        ig_life_finish(&r->life, op, IG_EV_ONLINE_FAILED);
    }
    LeaveCriticalSection(&r->lock);
    ig_svcref_release(old);
    if (err) {
        ig_svcref_release(svc);
        return err;
    }
    return ERROR_IO_PENDING;

refused:
    ig_scm_close(&service);
    ig_lifecycle_refuse(r, op);
    return err;
}

/* ------------------------------------------------------------ Offline */

/* Asks the service to stop and waits up to StopTimeout for it (or its
   process) to end, passing the service's progress on to the monitor, then
   ends the process. */
static report_answer stop_and_wait(ig_worker *w, op_ctx *c, BOOL *cancelled)
{
    ig_resource *r = c->r;
    DWORD started = GetTickCount(), asked = started, err, last_checkpoint = 0;
    DWORD timeout = stop_timeout(r);
    ig_service_state st;
    HANDLE process;

    err = ig_svcref_stop(c->svc);
    for (;;) {
        report_answer answer = GO_ON;
        BOOL owned, running, cancel;
        DWORD scm_err;

        if (ig_worker_cancelled(w)) {
            *cancelled = TRUE;
            return STOP_REPORTING;
        }
        running = ig_service_running(c->svc, &st, &process, &owned, &scm_err);
        if (running && st.state == SERVICE_STOP_PENDING && st.checkpoint != last_checkpoint) {
            last_checkpoint = st.checkpoint;
            answer = report(r, c->op, ClusterResourceOfflinePending);
        }
        /* A service still starting cannot take STOP: Windows answers 1061,
           Wine 1052 (ERROR_INVALID_SERVICE_CONTROL). */
        if (running && answer == GO_ON &&
            (err == ERROR_SERVICE_CANNOT_ACCEPT_CTRL || err == ERROR_INVALID_SERVICE_CONTROL) &&
            ig_since(asked) >= STOP_RETRY_MS) {
            asked = GetTickCount();
            err = ig_svcref_stop(c->svc);
        }
        if (running && answer == GO_ON && ig_since(started) >= timeout) {
            if (process) {
                ig_log_stop_timeout(r, st.pid ? st.pid : c->svc->pid, ig_since(started), L"OfflineThread");
                TerminateProcess(process, ERROR_PROCESS_ABORTED);
                WaitForSingleObject(process, 5000);
            }
            running = FALSE;
        }
        if (!running || answer != GO_ON) {
            if (owned)
                CloseHandle(process);
            return answer;
        }
        /* The process's exit ends the wait at once: the report does not
           wait for the next poll. */
        cancel = ig_worker_wait(w, process, POLL_SLOW_MS);
        if (owned)
            CloseHandle(process);
        if (cancel) {
            *cancelled = TRUE;
            return STOP_REPORTING;
        }
    }
}

static DWORD offline_worker(ig_worker *w, void *ctx)
{
    op_ctx *c = ctx;
    BOOL cancelled = FALSE;
    report_answer answer = ig_worker_cancelled(w) ? STOP_REPORTING : stop_and_wait(w, c, &cancelled);

    if (answer == TERMINATE_ORDERED)
        terminate_ordered(c, L"OfflineThread");
    else if (answer == GO_ON && finish(c->r, c->op, IG_EV_OFFLINE_DONE))
        report(c->r, c->op, ClusterResourceOffline);
    worker_done(c, L"OfflineThread");
    return 0;
}

DWORD ig_lifecycle_offline(ig_resource *r)
{
    DWORD err = ERROR_IO_PENDING;
    unsigned op = 0;
    ig_step step;

    EnterCriticalSection(&r->lock);
    step = ig_life_begin(&r->life, IG_EV_OFFLINE, &op);
    if (step == IG_STEP_ALREADY) {
        err = ERROR_SUCCESS;
        goto out;
    }
    if (step == IG_STEP_REFUSED) {
        err = ERROR_INVALID_STATE;
        goto out;
    }
    if (!r->svc) {
        /* Nothing runs (a refused or failed Online): offline at once. */
        ig_life_finish(&r->life, op, IG_EV_OFFLINE_DONE);
        err = ERROR_SUCCESS;
        goto out;
    }
    /* A pending Online's worker is cancelled by the new one, which waits
       for it before it stops the service. */
    err = start_worker(r, op, offline_worker);
    if (err == ERROR_SUCCESS)
        err = ERROR_IO_PENDING;
    /* Otherwise the error goes back to the monitor, which calls Terminate. */
out:
    LeaveCriticalSection(&r->lock);
    return err;
}

/* ------------------------------------------------------------ Terminate */

void ig_lifecycle_terminate(ig_resource *r)
{
    ig_svcref *svc;
    HANDLE thread = NULL;
    DWORD grace;

    EnterCriticalSection(&r->lock);
    ig_life_terminate(&r->life);
    svc = r->svc;                  /* the resource's reference is now ours */
    r->svc = NULL;
    ig_worker_cancel(r->worker);
    if (!ig_worker_is_self(r->worker))
        thread = ig_worker_thread_ref(r->worker);
    grace = r->settings.stop_timeout < TERMINATE_GRACE_MS ? r->settings.stop_timeout : TERMINATE_GRACE_MS;
    LeaveCriticalSection(&r->lock);

    /* The barrier: a report already inside the monitor completes; no report
       of an older operation starts after this. */
    EnterCriticalSection(&r->report_lock);
    LeaveCriticalSection(&r->report_lock);

    if (svc)
        ig_service_end(r, svc, grace, thread, L"Terminate");
    else if (thread)
        WaitForSingleObject(thread, TERMINATE_GIVE_UP_MS);
    if (thread)
        CloseHandle(thread);
    ig_svcref_release(svc);
}

/* ------------------------------------------------------------ Close */

void ig_lifecycle_close(ig_resource *r)
{
    if (ig_state_needs_terminate(r->life.state) || r->svc)
        ig_lifecycle_terminate(r);
    ig_worker_free(&r->worker);
    ig_svcref_release(r->svc);
    r->svc = NULL;
}
