/*
 * minimon.h - the test bed's in-process mini monitor: hosts a resource DLL
 * in the calling process as a Resource Monitor would (LoadLibrary, Startup
 * with the monitor's callbacks, the entry points through the function table
 * it returns), for the tools that call the DLL directly: dlltest, bench and
 * the admin test host. resmon.exe stays the full emulator.
 *
 * The callbacks format each log line as the cluster's monitor does (the
 * DLL's FormatMessage format with its inserts) and hand it, and each status
 * report, to the tool's hooks. One monitor per process.
 */
#ifndef BED_MINIMON_H
#define BED_MINIMON_H

#include "cluswin.h"

/* The formatted line, its newline kept; "(format failed, error N)\n" when
   FormatMessage refused the format. */
typedef void (*bm_log_hook)(RESOURCE_HANDLE handle, LOG_LEVEL level, const WCHAR *line);
/* What SetResourceStatus answers; without a hook, ResourceExitStateContinue. */
typedef DWORD (*bm_status_hook)(RESOURCE_HANDLE handle, PRESOURCE_STATUS status);

void bm_set_hooks(bm_log_hook log, bm_status_hook status);

/* The monitor's callbacks, as Startup is given them. */
DWORD WINAPI bm_set_resource_status(RESOURCE_HANDLE handle, PRESOURCE_STATUS status);
VOID WINAPI bm_log_event(RESOURCE_HANDLE handle, LOG_LEVEL level, LPCWSTR format, ...);

/* Loads the DLL (a name without a backslash: the one beside this program)
   and finds its Startup. ERROR_PROC_NOT_FOUND when it has none. */
DWORD bm_load(const WCHAR *dll, HMODULE *module, PSTARTUP_ROUTINE *startup);

/* bm_load, then Startup(type, version 1.0 only, the callbacks, table).
   On failure *step says which ("LoadLibrary", "GetProcAddress(Startup)",
   "Startup"). */
DWORD bm_start(const WCHAR *dll, const WCHAR *type, PCLRES_FUNCTION_TABLE *table, const char **step);

/* The function table's entry points: BM_FN(table).Open(...). */
#define BM_FN(table) ((table)->V1Functions)

/* Open, and its error when it returned NULL (never 0: a NULL RESID with no
   last error is ERROR_RESOURCE_NOT_FOUND). */
RESID bm_open(PCLRES_FUNCTION_TABLE table, const WCHAR *name, HKEY key, RESOURCE_HANDLE handle, DWORD *err);

#endif /* BED_MINIMON_H */
