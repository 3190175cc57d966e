/*
 * service.c - imsctl's helpers: the service manager (open, query, wait for a
 * state) and the registry (a service's key, values, an event source).
 */
#include "imsctl.h"

const char *state_name(DWORD state)
{
    switch (state) {
    case SERVICE_STOPPED:          return "STOPPED";
    case SERVICE_START_PENDING:    return "START_PENDING";
    case SERVICE_STOP_PENDING:     return "STOP_PENDING";
    case SERVICE_RUNNING:          return "RUNNING";
    case SERVICE_CONTINUE_PENDING: return "CONTINUE_PENDING";
    case SERVICE_PAUSE_PENDING:    return "PAUSE_PENDING";
    case SERVICE_PAUSED:           return "PAUSED";
    default:                       return "UNKNOWN";
    }
}

DWORD open_service(const WCHAR *name, DWORD access, SC_HANDLE *scm, SC_HANDLE *svc)
{
    DWORD err = ERROR_SUCCESS;

    *svc = NULL;
    *scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    if (!*scm)
        return GetLastError();
    *svc = OpenServiceW(*scm, name, access);
    if (!*svc) {
        err = GetLastError();
        CloseServiceHandle(*scm);
        *scm = NULL;
    }
    return err;
}

void close_service(SC_HANDLE scm, SC_HANDLE svc)
{
    if (svc)
        CloseServiceHandle(svc);
    if (scm)
        CloseServiceHandle(scm);
}

DWORD query_status(SC_HANDLE svc, SERVICE_STATUS_PROCESS *status)
{
    DWORD needed;

    if (!QueryServiceStatusEx(svc, SC_STATUS_PROCESS_INFO, (BYTE *)status, sizeof(*status),
                              &needed))
        return GetLastError();
    return ERROR_SUCCESS;
}

/* Polls until the service reaches `target`, leaves the pending state that
 * leads there (a start that ends in STOPPED), or wait_ms pass. */
DWORD wait_for_state(SC_HANDLE svc, DWORD target, DWORD pending, DWORD wait_ms,
                            SERVICE_STATUS_PROCESS *status, DWORD *elapsed)
{
    DWORD err, start = GetTickCount();

    for (;;) {
        err = query_status(svc, status);
        *elapsed = GetTickCount() - start;
        if (err)
            return err;
        if (status->dwCurrentState == target)
            return ERROR_SUCCESS;
        if (status->dwCurrentState != pending && target == SERVICE_RUNNING)
            return ERROR_SERVICE_NOT_ACTIVE;
        if (*elapsed >= wait_ms)
            return ERROR_TIMEOUT;
        Sleep(STATE_POLL_MS);
    }
}

DWORD service_key_path(const WCHAR *name, const WCHAR *subkey, WCHAR *path, size_t chars)
{
    size_t need = wcslen(SERVICES_KEY) + wcslen(name) + (subkey ? 1 + wcslen(subkey) : 0) + 1;

    if (need > chars)
        return ERROR_INSUFFICIENT_BUFFER;
    wcscpy(path, SERVICES_KEY);
    wcscat(path, name);
    if (subkey) {
        wcscat(path, L"\\");
        wcscat(path, subkey);
    }
    return ERROR_SUCCESS;
}

DWORD set_dword(HKEY key, const WCHAR *value, DWORD data)
{
    return RegSetValueExW(key, value, 0, REG_DWORD, (const BYTE *)&data, sizeof(data));
}

DWORD set_string(HKEY key, const WCHAR *value, const WCHAR *data)
{
    return RegSetValueExW(key, value, 0, REG_SZ, (const BYTE *)data,
                          (DWORD)((wcslen(data) + 1) * sizeof(WCHAR)));
}

/* Application log source: Event Viewer formats its events from file's
   message table (errors, warnings and information: TypesSupported 7). */
DWORD register_event_source(const WCHAR *source, const WCHAR *file)
{
    WCHAR path[300];
    HKEY key = NULL;
    DWORD err;

    if (wcslen(EVENTLOG_KEY) + wcslen(source) >= ARRAYSIZE(path))
        return ERROR_INVALID_PARAMETER;
    wcscpy(path, EVENTLOG_KEY);
    wcscat(path, source);
    err = RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL);
    if (!err)
        err = set_string(key, L"EventMessageFile", file);
    if (!err)
        err = set_dword(key, L"TypesSupported",
                        EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE | EVENTLOG_INFORMATION_TYPE);
    if (key)
        RegCloseKey(key);
    return err;
}

/* A Unix path ("/work/...") becomes its DOS name when running under Wine,
 * so scripts need no winepath; anything else is made absolute. The result
 * is HeapAlloc'ed. */
DWORD full_program_path(const WCHAR *given, WCHAR **result)
{
    typedef WCHAR *(CDECL *wine_dos_name_fn)(const char *);
    wine_dos_name_fn wine_dos_name = NULL;
    HMODULE kernel32 = GetModuleHandleW(L"kernel32.dll");
    DWORD err = ERROR_SUCCESS, n;
    char *unix_path = NULL;
    WCHAR *path = NULL;
    int size;

    if (kernel32)
        wine_dos_name = (wine_dos_name_fn)GetProcAddress(kernel32, "wine_get_dos_file_name");
    if (given[0] == L'/' && wine_dos_name) {
        size = WideCharToMultiByte(CP_UTF8, 0, given, -1, NULL, 0, NULL, NULL);
        unix_path = HeapAlloc(GetProcessHeap(), 0, size ? size : 1);
        if (!size || !unix_path) {
            err = size ? ERROR_NOT_ENOUGH_MEMORY : GetLastError();
            goto out;
        }
        WideCharToMultiByte(CP_UTF8, 0, given, -1, unix_path, size, NULL, NULL);
        path = wine_dos_name(unix_path);
        if (!path) {
            err = ERROR_PATH_NOT_FOUND;
            goto out;
        }
    } else {
        n = GetFullPathNameW(given, 0, NULL, NULL);
        path = n ? HeapAlloc(GetProcessHeap(), 0, n * sizeof(WCHAR)) : NULL;
        if (!n || !path) {
            err = n ? ERROR_NOT_ENOUGH_MEMORY : GetLastError();
            goto out;
        }
        if (!GetFullPathNameW(given, n, path, NULL)) {
            err = GetLastError();
            goto out;
        }
    }
    if (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES) {
        err = GetLastError();
        goto out;
    }
    *result = path;
    path = NULL;

out:
    if (path)
        HeapFree(GetProcessHeap(), 0, path);
    if (unix_path)
        HeapFree(GetProcessHeap(), 0, unix_path);
    return err;
}
