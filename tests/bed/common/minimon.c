/*
 * minimon.c - the in-process mini monitor of minimon.h.
 */
#include "minimon.h"

#include <stdarg.h>
#include <stdio.h>
#include <wchar.h>

static bm_log_hook log_hook;
static bm_status_hook status_hook;

void bm_set_hooks(bm_log_hook log, bm_status_hook status)
{
    log_hook = log;
    status_hook = status;
}

DWORD WINAPI bm_set_resource_status(RESOURCE_HANDLE handle, PRESOURCE_STATUS status)
{
    return status_hook ? status_hook(handle, status) : ResourceExitStateContinue;
}

VOID WINAPI bm_log_event(RESOURCE_HANDLE handle, LOG_LEVEL level, LPCWSTR format, ...)
{
    WCHAR line[2048];
    va_list ap;

    /* As the cluster's monitor does: the DLL's format, its inserts. */
    va_start(ap, format);
    if (!format || !FormatMessageW(FORMAT_MESSAGE_FROM_STRING, format, 0, 0, line, ARRAYSIZE(line), &ap))
        _snwprintf(line, ARRAYSIZE(line), L"(format failed, error %lu)\n",
                   format ? GetLastError() : (DWORD)ERROR_INVALID_PARAMETER);
    va_end(ap);
    line[ARRAYSIZE(line) - 1] = 0;
    if (log_hook)
        log_hook(handle, level, line);
}

DWORD bm_load(const WCHAR *dll, HMODULE *module, PSTARTUP_ROUTINE *startup)
{
    WCHAR path[MAX_PATH], *slash;

    *startup = NULL;
    if (!wcschr(dll, L'\\')) {
        DWORD len = GetModuleFileNameW(NULL, path, ARRAYSIZE(path));
        slash = len && len < ARRAYSIZE(path) ? wcsrchr(path, L'\\') : NULL;
        if (!slash || (size_t)(slash + 1 - path) + wcslen(dll) >= ARRAYSIZE(path))
            return ERROR_FILENAME_EXCED_RANGE;
        wcscpy(slash + 1, dll);
    } else {
        lstrcpynW(path, dll, ARRAYSIZE(path));
    }
    *module = LoadLibraryExW(path, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
    if (!*module)
        return GetLastError();
    *startup = (PSTARTUP_ROUTINE)(void (*)(void))GetProcAddress(*module, "Startup");
    return *startup ? ERROR_SUCCESS : ERROR_PROC_NOT_FOUND;
}

DWORD bm_start(const WCHAR *dll, const WCHAR *type, PCLRES_FUNCTION_TABLE *table, const char **step)
{
    PSTARTUP_ROUTINE startup;
    HMODULE module = NULL;
    DWORD err = bm_load(dll, &module, &startup);

    *table = NULL;
    if (err) {
        *step = module ? "GetProcAddress(Startup)" : "LoadLibrary";
        return err;
    }
    err = startup(type, CLRES_VERSION_V1_00, CLRES_VERSION_V1_00, bm_set_resource_status, bm_log_event, table);
    *step = "Startup";
    if (!err && !*table)
        err = ERROR_INVALID_DATA;
    return err;
}

RESID bm_open(PCLRES_FUNCTION_TABLE table, const WCHAR *name, HKEY key, RESOURCE_HANDLE handle, DWORD *err)
{
    RESID resid;

    SetLastError(ERROR_SUCCESS);
    resid = BM_FN(table).Open(name, key, handle);
    *err = resid ? ERROR_SUCCESS : GetLastError() ? GetLastError() : (DWORD)ERROR_RESOURCE_NOT_FOUND;
    return resid;
}
