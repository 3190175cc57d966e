/*
 * watch.c - the process behind a resource, seen from outside the DLL: what
 * the monitor needs to tell whether Terminate really ended the service and
 * whether LooksAlive/IsAlive answered TRUE for a process that is gone.
 *
 * Wine's service manager keeps saying RUNNING for a service process that
 * was killed (contract.md section 4), so "stopped" is decided by the process
 * itself: a SYNCHRONIZE handle taken while it ran, or the PID the service
 * manager names, opened now.
 */
#include "resmon.h"

#include <tlhelp32.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static BOOL process_ended(HANDLE process)
{
    return WaitForSingleObject(process, 0) == WAIT_OBJECT_0;
}

static BOOL service_status(const WCHAR *name, SERVICE_STATUS_PROCESS *st)
{
    SC_HANDLE scm, svc;
    DWORD needed;
    BOOL ok = FALSE;

    memset(st, 0, sizeof(*st));
    scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    if (!scm)
        return FALSE;
    svc = OpenServiceW(scm, name, SERVICE_QUERY_STATUS);
    if (svc) {
        ok = QueryServiceStatusEx(svc, SC_STATUS_PROCESS_INFO, (BYTE *)st, sizeof(*st),
                                  &needed);
        CloseServiceHandle(svc);
    }
    CloseServiceHandle(scm);
    return ok;
}

/* The first live process with that image file name, the monitor's own excepted. */
static DWORD image_pid(const WCHAR *name)
{
    PROCESSENTRY32W pe;
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    DWORD pid = 0;

    if (snap == INVALID_HANDLE_VALUE)
        return 0;
    pe.dwSize = sizeof(pe);
    for (BOOL more = Process32FirstW(snap, &pe); more; more = Process32NextW(snap, &pe)) {
        const WCHAR *base = wcsrchr(pe.szExeFile, L'\\');
        base = base ? base + 1 : pe.szExeFile;
        if (pe.th32ProcessID != GetCurrentProcessId() && !_wcsicmp(base, name)) {
            pid = pe.th32ProcessID;
            break;
        }
    }
    CloseHandle(snap);
    return pid;
}

static DWORD current_pid(const struct watch *w, DWORD *state)
{
    SERVICE_STATUS_PROCESS st;

    *state = SERVICE_RUNNING;
    if (!w->service)
        return image_pid(w->name);
    if (!service_status(w->name, &st))
        return 0;
    *state = st.dwCurrentState;
    return st.dwCurrentState == SERVICE_STOPPED ? 0 : st.dwProcessId;
}

void watch_init(struct watch *w)
{
    memset(w, 0, sizeof(*w));
    InitializeCriticalSection(&w->lock);
}

static void forget(struct watch *w)
{
    if (w->process)
        CloseHandle(w->process);
    w->process = NULL;
    w->pid = 0;
}

void watch_set(struct watch *w, BOOL service, const WCHAR *name)
{
    size_t size = (wcslen(name) + 1) * sizeof(WCHAR);

    EnterCriticalSection(&w->lock);
    forget(w);
    free(w->name);
    w->name = xmalloc(size);
    memcpy(w->name, name, size);
    w->service = service;
    LeaveCriticalSection(&w->lock);
}

void watch_resolve(struct watch *w)
{
    DWORD state, pid;

    EnterCriticalSection(&w->lock);
    if (w->name && !w->process && (pid = current_pid(w, &state))) {
        w->process = OpenProcess(SYNCHRONIZE, FALSE, pid);
        if (w->process)
            w->pid = pid;
    }
    LeaveCriticalSection(&w->lock);
}

BOOL watch_gone(struct watch *w)
{
    BOOL gone;

    EnterCriticalSection(&w->lock);
    gone = w->process && process_ended(w->process);
    LeaveCriticalSection(&w->lock);
    return gone;
}

static DWORD stopped(struct watch *w, char *what, size_t size)
{
    DWORD state, pid;
    HANDLE process;
    BOOL alive;
    char *name8;

    if (!w->name)
        return ERROR_SUCCESS;
    pid = current_pid(w, &state);
    if (w->process && (pid == w->pid || !pid) && !process_ended(w->process))
        pid = w->pid;
    if (!pid)
        return ERROR_SUCCESS;
    if (w->process && pid == w->pid) {
        alive = !process_ended(w->process);
    } else {
        process = OpenProcess(SYNCHRONIZE, FALSE, pid);
        alive = process && !process_ended(process);
        if (process)
            CloseHandle(process);
    }
    if (!alive)
        return ERROR_SUCCESS;
    name8 = utf8_dup(w->name);
    if (w->service)
        snprintf(what, size, "service %s is %s with its process (pid %lu) still running",
                 name8, state == SERVICE_RUNNING ? "RUNNING" : state == SERVICE_STOP_PENDING
                 ? "STOP_PENDING" : state == SERVICE_START_PENDING ? "START_PENDING"
                 : "in another state", pid);
    else
        snprintf(what, size, "process %s (pid %lu) is still running", name8, pid);
    free(name8);
    return ERROR_SERVICE_ALREADY_RUNNING;
}

DWORD watch_stopped(struct watch *w, char *what, size_t size)
{
    DWORD err;

    EnterCriticalSection(&w->lock);
    err = stopped(w, what, size);
    LeaveCriticalSection(&w->lock);
    return err;
}

void watch_forget(struct watch *w)
{
    EnterCriticalSection(&w->lock);
    forget(w);
    LeaveCriticalSection(&w->lock);
}
