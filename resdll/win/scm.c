#include "scm.h"

#include <stdlib.h>

#include "props.h"
#include "svcpath.h"
#include "wstr.h"

/* QueryServiceStatusEx (with the process ID) exists from Windows 2000 on;
   on NT 4.0 the DLL falls back to QueryServiceStatus. */
typedef BOOL (WINAPI *query_ex_fn)(SC_HANDLE, SC_STATUS_TYPE, LPBYTE, DWORD, LPDWORD);

static query_ex_fn query_ex_ptr;

void ig_scm_init(void)
{
    HMODULE advapi = GetModuleHandleW(L"advapi32.dll");
    if (advapi)
        query_ex_ptr = (query_ex_fn)(void (*)(void))GetProcAddress(advapi, "QueryServiceStatusEx");
}

BOOL ig_scm_has_pids(void)
{
    return query_ex_ptr != NULL;
}

SC_HANDLE ig_scm_keep_connection(void)
{
    return OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
}

void ig_scm_drop_connection(SC_HANDLE kept)
{
    if (kept)
        CloseServiceHandle(kept);
}

DWORD ig_scm_open(ig_service *s, const WCHAR *name)
{
    return ig_scm_open_for(s, name, SERVICE_QUERY_CONFIG | SERVICE_QUERY_STATUS | SERVICE_START | SERVICE_STOP);
}

DWORD ig_scm_open_for(ig_service *s, const WCHAR *name, DWORD access)
{
    DWORD err = ERROR_SUCCESS;

    /* A connection of its own for each service handle: sharing one between
       threads broke Wine's 32-bit service manager client (handles answered
       ERROR_INVALID_HANDLE under the Terminate race scenarios). */
    s->svc = NULL;
    s->scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    if (!s->scm)
        return GetLastError();
    s->svc = OpenServiceW(s->scm, name, access);
    if (!s->svc) {
        err = GetLastError();
        ig_scm_close(s);
    }
    return err;
}

void ig_scm_close(ig_service *s)
{
    if (s->svc)
        CloseServiceHandle(s->svc);
    if (s->scm)
        CloseServiceHandle(s->scm);
    s->svc = s->scm = NULL;
}

DWORD ig_scm_config(ig_service *s, DWORD *start_type, WCHAR *image, size_t cap)
{
    /* One round trip to the service manager in the usual case: IsAlive asks
       this every time. A larger configuration takes a second call. */
    union {
        QUERY_SERVICE_CONFIGW cfg;
        BYTE bytes[4096];
    } first;
    DWORD err = ERROR_SUCCESS, needed = 0;
    QUERY_SERVICE_CONFIGW *cfg = &first.cfg, *big = NULL;
    WCHAR *raw = NULL;

    if (!QueryServiceConfigW(s->svc, cfg, sizeof(first), &needed)) {
        err = GetLastError();
        if (err != ERROR_INSUFFICIENT_BUFFER)
            goto out;
        big = malloc(needed);
        if (!big) {
            err = ERROR_NOT_ENOUGH_MEMORY;
            goto out;
        }
        cfg = big;
        if (!QueryServiceConfigW(s->svc, cfg, needed, &needed)) {
            err = GetLastError();
            goto out;
        }
        err = ERROR_SUCCESS;
    }
    raw = malloc(cap * sizeof(WCHAR));
    if (!raw) {
        err = ERROR_NOT_ENOUGH_MEMORY;
        goto out;
    }
    *start_type = cfg->dwStartType;
    image[0] = 0;
    if (cfg->lpBinaryPathName &&
        ig_service_image_path(ig_u(cfg->lpBinaryPathName), (uint16_t *)raw, cap)) {
        DWORD n = ExpandEnvironmentStringsW(raw, image, (DWORD)cap);
        if (n == 0 || n > cap)
            ig_wcopy(image, cap, raw);
    }
out:
    free(big);
    free(raw);
    return err;
}

DWORD ig_scm_open_key(const WCHAR *name, REGSAM access, HKEY *key)
{
    static const WCHAR services[] = L"SYSTEM\\CurrentControlSet\\Services\\";
    WCHAR path[ARRAYSIZE(services) + IG_SERVICE_NAME_CAP];
    size_t len = wcslen(name);

    *key = NULL;
    if (!len || len >= IG_SERVICE_NAME_CAP)
        return ERROR_INVALID_NAME;
    memcpy(path, services, sizeof(services));
    memcpy(path + ARRAYSIZE(services) - 1, name, (len + 1) * sizeof(WCHAR));
    return RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, access, key);
}

DWORD ig_scm_read_delete_flag(HKEY key, BOOL *marked)
{
    /* A deleted service that a program (the Services console, say) still
       has open stays in the service manager until it is closed, and its
       configuration and status queries answer as before. NT's service
       manager records the deletion as the DeleteFlag value of the
       service's key (and deletes, at the next boot, a service left with
       it); a registry read, no round trip. Wine's keeps the mark in memory
       only: the test bed's imsctl uninstall writes the value as NT does. */
    DWORD flag = 0, type = 0, size = sizeof(flag);
    LSTATUS err = RegQueryValueExW(key, L"DeleteFlag", NULL, &type, (BYTE *)&flag, &size);

    *marked = err == ERROR_SUCCESS && type == REG_DWORD && size == sizeof(flag) && flag != 0;
    return err == ERROR_FILE_NOT_FOUND || err == ERROR_MORE_DATA ? ERROR_SUCCESS : (DWORD)err;
}

DWORD ig_scm_query(ig_service *s, ig_service_state *st)
{
    query_ex_fn ex = query_ex_ptr;
    ZeroMemory(st, sizeof(*st));
    if (ex) {
        SERVICE_STATUS_PROCESS ssp;
        DWORD needed;
        if (!ex(s->svc, SC_STATUS_PROCESS_INFO, (LPBYTE)&ssp, sizeof(ssp), &needed))
            return GetLastError();
        st->state = ssp.dwCurrentState;
        st->pid = ssp.dwProcessId;
        st->exit_code = ssp.dwWin32ExitCode;
        st->specific_exit = ssp.dwServiceSpecificExitCode;
        st->checkpoint = ssp.dwCheckPoint;
        st->wait_hint = ssp.dwWaitHint;
    } else {
        SERVICE_STATUS ss;
        if (!QueryServiceStatus(s->svc, &ss))
            return GetLastError();
        st->state = ss.dwCurrentState;
        st->exit_code = ss.dwWin32ExitCode;
        st->specific_exit = ss.dwServiceSpecificExitCode;
        st->checkpoint = ss.dwCheckPoint;
        st->wait_hint = ss.dwWaitHint;
    }
    return ERROR_SUCCESS;
}

DWORD ig_scm_start(ig_service *s, const WCHAR *startup_parameters)
{
    size_t len = startup_parameters ? wcslen(startup_parameters) : 0, cap = 2 * len + 2, at = 0;
    uint16_t *args = NULL;
    const WCHAR **argv = NULL;
    DWORD err = ERROR_SUCCESS;
    int argc = 0, i;

    if (len) {
        args = malloc(cap * sizeof(*args));
        argv = malloc((len / 2 + 2) * sizeof(*argv));
        if (!args || !argv) {
            err = ERROR_NOT_ENOUGH_MEMORY;
            goto out;
        }
        argc = ig_startup_args(ig_u(startup_parameters), args, cap);
        if (argc < 0) {
            err = ERROR_INVALID_PARAMETER;   /* the property check refuses this first */
            goto out;
        }
        for (i = 0; i < argc; i++) {
            argv[i] = (const WCHAR *)args + at;
            at += wcslen(argv[i]) + 1;
        }
    }
    if (!StartServiceW(s->svc, (DWORD)argc, argc ? argv : NULL)) {
        err = GetLastError();
        if (err == ERROR_SERVICE_ALREADY_RUNNING)
            err = ERROR_SUCCESS;
    }
out:
    free(argv);
    free(args);
    return err;
}

DWORD ig_scm_stop(ig_service *s)
{
    SERVICE_STATUS ss;
    if (ControlService(s->svc, SERVICE_CONTROL_STOP, &ss))
        return ERROR_SUCCESS;
    if (GetLastError() == ERROR_SERVICE_NOT_ACTIVE)
        return ERROR_SUCCESS;
    return GetLastError();
}

const WCHAR *ig_scm_state_name(DWORD state)
{
    switch (state) {
    case SERVICE_STOPPED:          return L"STOPPED";
    case SERVICE_START_PENDING:    return L"START_PENDING";
    case SERVICE_STOP_PENDING:     return L"STOP_PENDING";
    case SERVICE_RUNNING:          return L"RUNNING";
    case SERVICE_CONTINUE_PENDING: return L"CONTINUE_PENDING";
    case SERVICE_PAUSE_PENDING:    return L"PAUSE_PENDING";
    case SERVICE_PAUSED:           return L"PAUSED";
    }
    return L"UNKNOWN";
}
