#include "lifecycle.h"

#include <stdio.h>

#include "imsguard_msg.h"
#include "rlog.h"
#include "svcenv.h"
#include "svchygiene.h"
#include "wstr.h"

/* Polling the service while it starts: quick at first so Online adds little
   to the service's own start time, then gentler. */
#define POLL_FAST_MS        2
#define POLL_FAST_PERIOD 1000
#define POLL_SLOW_MS       25
/* A start whose checkpoint does not move for this long (or its wait hint,
   if longer) has hung, as the service control manager's convention goes. */
#define START_STALL_MS  60000

static DWORD since(DWORD start)
{
    return GetTickCount() - start;
}

/* Returns FALSE when the monitor says to stop reporting. */
static BOOL report(ig_resource *r, CLUSTER_RESOURCE_STATE state)
{
    RESOURCE_STATUS status;
    ZeroMemory(&status, sizeof(status));
    status.ResourceState = state;
    status.CheckPoint = ++r->checkpoint;
    return ig_set_resource_status(r->handle, &status) == ResourceExitStateContinue;
}

static void number(WCHAR *buf, size_t cap, DWORD value)
{
    _snwprintf(buf, cap, L"%lu", (unsigned long)value);
    buf[cap - 1] = 0;
}

/* The process to watch, so a crash is seen even where the SCM misses it. */
static void watch_process(ig_resource *r, DWORD pid)
{
    if (r->process) {
        CloseHandle(r->process);
        r->process = NULL;
    }
    r->pid = pid;
    if (pid)
        r->process = OpenProcess(SYNCHRONIZE | PROCESS_TERMINATE | PROCESS_QUERY_INFORMATION, FALSE, pid);
}

static void log_online(ig_resource *r, const WCHAR *domain)
{
    WCHAR version[32];
    char text[32];
    const WCHAR *args[5] = { r->name, ig_w(r->settings.service_name), r->image, version, domain };
    ig_version_format(&r->image_version, text, sizeof(text));
    ig_wfrom_utf8(version, ARRAYSIZE(version), text);
    ig_log_msg(r->handle, LOG_INFORMATION, L"OnlineThread", MSG_ONLINE, 5, args);
}

static DWORD online_worker(ig_worker *w, void *ctx)
{
    ig_resource *r = ctx;
    DWORD started = GetTickCount(), progress_at = started, last_checkpoint = 0;
    ig_service_state st;
    DWORD err;

    for (;;) {
        err = ig_scm_query(&r->service, &st);
        if (err) {
            WCHAR text[200];
            _snwprintf(text, ARRAYSIZE(text),
                       L"The status of the service could not be read (error %lu).", (unsigned long)err);
            text[ARRAYSIZE(text) - 1] = 0;
            ig_log_text(r->handle, LOG_ERROR, L"OnlineThread", text);
            break;
        }
        if (WaitForSingleObject(w->stop, 0) == WAIT_OBJECT_0)
            return 0;   /* Terminate: it cleans up, and no report may follow */
        if (st.state == SERVICE_RUNNING) {
            char domain[256];
            WCHAR wdomain[256];
            EnterCriticalSection(&r->lock);
            if (!r->process || r->pid != st.pid)
                watch_process(r, st.pid);
            if (st.pid && !r->process && GetLastError() == ERROR_INVALID_PARAMETER) {
                /* The service manager reports RUNNING for a process that is
                   gone (Wine's does after a crash): the service is not running. */
                WCHAR text[300];
                LeaveCriticalSection(&r->lock);
                _snwprintf(text, ARRAYSIZE(text),
                           L"The service manager reports the service running as process %lu, but that "
                           L"process no longer exists. Restart the service manager (or the node) "
                           L"before bringing the resource online here.", (unsigned long)st.pid);
                text[ARRAYSIZE(text) - 1] = 0;
                ig_log_text(r->handle, LOG_ERROR, L"OnlineThread", text);
                break;
            }
            ig_netid_domain(&r->netid, domain, sizeof(domain));
            ig_state_step(&r->state, IG_EV_ONLINE_DONE);
            LeaveCriticalSection(&r->lock);
            ig_wfrom_utf8(wdomain, ARRAYSIZE(wdomain), domain);
            log_online(r, wdomain);
            report(r, ClusterResourceOnline);
            return 0;
        }
        if (st.state == SERVICE_STOPPED) {
            WCHAR code[16], specific[16];
            const WCHAR *args[4] = { r->name, ig_w(r->settings.service_name), code, specific };
            BOOL q194128 = st.exit_code == ERROR_SERVICE_SPECIFIC_ERROR &&
                           (st.specific_exit == 4058 || st.specific_exit == 4067);
            number(code, ARRAYSIZE(code), st.exit_code);
            number(specific, ARRAYSIZE(specific), st.specific_exit);
            ig_log_msg(r->handle, LOG_ERROR, L"OnlineThread",
                       q194128 ? MSG_SERVICE_START_FAILED : MSG_SERVICE_START_FAILED_OTHER, 4, args);
            break;
        }
        /* Watch the process from its first sign of life: one that dies while
           starting is seen at once (Wine's service manager would go on
           saying START_PENDING). */
        if (st.pid && !r->process) {
            EnterCriticalSection(&r->lock);
            watch_process(r, st.pid);
            LeaveCriticalSection(&r->lock);
        }
        if (r->process && WaitForSingleObject(r->process, 0) != WAIT_TIMEOUT) {
            WCHAR pid[16], code[16];
            const WCHAR *args[4] = { r->name, ig_w(r->settings.service_name), pid, code };
            DWORD exit_code = 0;
            GetExitCodeProcess(r->process, &exit_code);
            number(pid, ARRAYSIZE(pid), r->pid);
            _snwprintf(code, ARRAYSIZE(code), L"0x%08lX", (unsigned long)exit_code);
            code[ARRAYSIZE(code) - 1] = 0;
            ig_log_msg(r->handle, LOG_ERROR, L"OnlineThread", MSG_PROCESS_EXITED_STARTING, 4, args);
            break;
        }
        if (st.checkpoint != last_checkpoint) {
            /* Real progress: tell the monitor, which resets its PendingTimeout. */
            last_checkpoint = st.checkpoint;
            progress_at = GetTickCount();
            if (!report(r, ClusterResourceOnlinePending))
                return 0;
        } else if (since(progress_at) > (st.wait_hint > START_STALL_MS ? st.wait_hint : START_STALL_MS)) {
            WCHAR ms[16];
            const WCHAR *args[3] = { r->name, ig_w(r->settings.service_name), ms };
            number(ms, ARRAYSIZE(ms), since(progress_at));
            ig_log_msg(r->handle, LOG_ERROR, L"OnlineThread", MSG_SERVICE_START_TIMEOUT, 3, args);
            break;
        }
        if (ig_worker_sleep(w, since(started) < POLL_FAST_PERIOD ? POLL_FAST_MS : POLL_SLOW_MS))
            return 0;   /* Terminate: it cleans up */
    }

    EnterCriticalSection(&r->lock);
    ig_state_step(&r->state, IG_EV_ONLINE_FAILED);
    LeaveCriticalSection(&r->lock);
    report(r, ClusterResourceFailed);
    return 1;
}

DWORD ig_lifecycle_start_online(ig_resource *r)
{
    DWORD err;
    const WCHAR *args[3];
    WCHAR detail[300];

    watch_process(r, 0);

    /* Service hygiene, as Generic Service has it: before the start, so that
       the service manager itself never starts or restarts the IMS. */
    ig_svchygiene_online(r->handle, L"Online", r->name, ig_w(r->settings.service_name),
                         r->settings.manage_service_config);
    /* UseNetworkName: the service's environment, read when it starts. */
    err = ig_svcenv_online(r->handle, L"Online", r->name, r->res_key, ig_w(r->settings.service_name),
                           r->settings.use_network_name);
    if (err)
        return err;

    err = ig_scm_start(&r->service, ig_w(r->settings.startup_parameters));
    if (err) {
        ig_werror_text(err, detail, ARRAYSIZE(detail));
        args[0] = r->name;
        args[1] = ig_w(r->settings.service_name);
        args[2] = detail;
        ig_log_msg(r->handle, LOG_ERROR, L"Online", MSG_START_REQUEST_FAILED, 3, args);
        return err;
    }
    r->checkpoint = 0;
    return ig_worker_start(&r->worker, online_worker, r);
}

/* Asks the service to stop and waits up to timeout_ms for it (or its
   process) to end, then ends the process. Offline (w set) keeps asking a
   service that cannot take STOP yet; Terminate (w NULL) must be quick and
   ends at once a service that cannot take STOP now (one still starting). */
#define STOP_RETRY_MS 500

static void stop_and_wait(ig_resource *r, ig_service *svc, HANDLE process, DWORD pid, DWORD timeout_ms,
                          ig_worker *w, const WCHAR *caller)
{
    DWORD started = GetTickCount(), asked = started, err, last_checkpoint = 0;
    HANDLE own = NULL;
    ig_service_state st;

    if (!process && ig_scm_query(svc, &st) == ERROR_SUCCESS && st.pid) {
        /* Still starting: we never watched it, but may have to end it. */
        own = OpenProcess(SYNCHRONIZE | PROCESS_TERMINATE, FALSE, st.pid);
        process = own;
        pid = st.pid;
    }
    err = ig_scm_stop(svc);
    for (;;) {
        if (process && WaitForSingleObject(process, 0) != WAIT_TIMEOUT)
            goto out;
        if (ig_scm_query(svc, &st) == ERROR_SUCCESS) {
            if (st.state == SERVICE_STOPPED)
                goto out;
            /* Offline: the service's own progress, passed on to the monitor. */
            if (w && st.state == SERVICE_STOP_PENDING && st.checkpoint != last_checkpoint) {
                last_checkpoint = st.checkpoint;
                if (!report(r, ClusterResourceOfflinePending))
                    goto out;
            }
        }
        /* A service still starting cannot take STOP: Windows answers 1061,
           Wine 1052 (ERROR_INVALID_SERVICE_CONTROL). */
        if (err == ERROR_SERVICE_CANNOT_ACCEPT_CTRL || err == ERROR_INVALID_SERVICE_CONTROL) {
            if (!w)
                break;
            if (since(asked) >= STOP_RETRY_MS) {
                asked = GetTickCount();
                err = ig_scm_stop(svc);
            }
        }
        if (since(started) >= timeout_ms)
            break;
        if (w ? ig_worker_sleep(w, POLL_SLOW_MS) : (Sleep(POLL_SLOW_MS), FALSE))
            goto out;
    }
    if (process) {
        WCHAR ms[16], pid_text[16];
        const WCHAR *args[4] = { r->name, ig_w(r->settings.service_name), ms, pid_text };
        number(ms, ARRAYSIZE(ms), since(started));
        number(pid_text, ARRAYSIZE(pid_text), pid);
        ig_log_msg(r->handle, LOG_WARNING, caller, MSG_STOP_TIMEOUT, 4, args);
        TerminateProcess(process, ERROR_PROCESS_ABORTED);
        WaitForSingleObject(process, 5000);
    }
out:
    if (own)
        CloseHandle(own);
}

/* Takes the service and process handles out of r (r->lock held), so a
   concurrent LooksAlive/IsAlive sees none while they are being closed. */
static void take_handles(ig_resource *r, ig_service *svc, HANDLE *process, DWORD *pid)
{
    *svc = r->service;
    *process = r->process;
    *pid = r->pid;
    r->service.scm = r->service.svc = NULL;
    r->process = NULL;
    r->pid = 0;
}

static void release_handles(ig_service *svc, HANDLE process)
{
    if (process)
        CloseHandle(process);
    ig_scm_close(svc);
}

static DWORD offline_worker(ig_worker *w, void *ctx)
{
    ig_resource *r = ctx;
    ig_service svc;
    HANDLE process;
    DWORD pid;

    EnterCriticalSection(&r->lock);
    take_handles(r, &svc, &process, &pid);
    LeaveCriticalSection(&r->lock);

    if (svc.svc)
        stop_and_wait(r, &svc, process, pid, r->settings.stop_timeout, w, L"OfflineThread");
    release_handles(&svc, process);
    if (WaitForSingleObject(w->stop, 0) == WAIT_OBJECT_0)
        return 0;   /* Terminate took over */

    EnterCriticalSection(&r->lock);
    ig_state_step(&r->state, IG_EV_OFFLINE_DONE);
    LeaveCriticalSection(&r->lock);
    report(r, ClusterResourceOffline);
    return 0;
}

DWORD ig_lifecycle_start_offline(ig_resource *r)
{
    DWORD err = ERROR_SUCCESS;
    ig_step step;

    /* A finished Online worker leaves a thread handle to collect. */
    ig_worker_stop(&r->worker);

    EnterCriticalSection(&r->lock);
    step = ig_state_step(&r->state, IG_EV_OFFLINE);
    if (step == IG_STEP_ALREADY)
        goto out;
    if (step == IG_STEP_REFUSED) {
        err = ERROR_INVALID_STATE;
        goto out;
    }
    if (!r->service.svc) {
        /* Nothing runs (a refused or failed Online): offline at once. */
        ig_state_step(&r->state, IG_EV_OFFLINE_DONE);
        goto out;
    }
    r->checkpoint = 0;
    err = ig_worker_start(&r->worker, offline_worker, r);
    if (err) {
        ig_state_step(&r->state, IG_EV_TERMINATE);
        goto out;
    }
    err = ERROR_IO_PENDING;
out:
    LeaveCriticalSection(&r->lock);
    return err;
}

void ig_lifecycle_terminate(ig_resource *r)
{
    ig_service svc;
    HANDLE process;
    DWORD pid;

    ig_worker_stop(&r->worker);

    EnterCriticalSection(&r->lock);
    take_handles(r, &svc, &process, &pid);
    ig_state_step(&r->state, IG_EV_TERMINATE);
    LeaveCriticalSection(&r->lock);

    if (svc.svc)
        stop_and_wait(r, &svc, process, pid, r->settings.stop_timeout, NULL, L"Terminate");
    release_handles(&svc, process);
}

BOOL ig_lifecycle_service_alive(ig_resource *r, const WCHAR *caller)
{
    ig_service_state st;
    DWORD exit_code = 0;

    if (r->process && WaitForSingleObject(r->process, 0) != WAIT_TIMEOUT) {
        WCHAR pid[16], code[16];
        const WCHAR *args[4] = { r->name, ig_w(r->settings.service_name), pid, code };
        GetExitCodeProcess(r->process, &exit_code);
        number(pid, ARRAYSIZE(pid), r->pid);
        _snwprintf(code, ARRAYSIZE(code), L"0x%08lX", (unsigned long)exit_code);
        code[ARRAYSIZE(code) - 1] = 0;
        ig_log_msg(r->handle, LOG_ERROR, caller, MSG_PROCESS_EXITED, 4, args);
        return FALSE;
    }
    if (ig_scm_query(&r->service, &st) != ERROR_SUCCESS || st.state != SERVICE_RUNNING) {
        const WCHAR *args[3] = { r->name, ig_w(r->settings.service_name), ig_scm_state_name(st.state) };
        ig_log_msg(r->handle, LOG_ERROR, caller, MSG_SERVICE_NOT_RUNNING, 3, args);
        return FALSE;
    }
    return TRUE;
}
