/* monitor.c - bench.exe's minimal in-process Resource Monitor (its own
 * SetResourceStatus and LogEvent, as dlltest.c has), the checks it counts,
 * and the one imsguard.dll resource it hosts. */
#include "bench.h"

#include <shlwapi.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#define RES_KEY  L"Cluster\\Resources\\{0b3c5e2a-6d41-4f7c-9a1e-bench0000006}"
#define IMS_TYPE L"IMS Guard"
#define RES_NAME L"Internet Mail Service"

/* ------------------------------------------------------------ checks */

int passed, failed;

void check(int cond, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf(cond ? "ok: " : "FAILED: ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    fflush(stdout);
    if (cond)
        passed++;
    else
        failed++;
}

#define NOTES_PER_KIND 4

void note(const char *fmt, ...)
{
    static const char *kinds[32];
    static int counts[32];
    va_list ap;
    int k;

    for (k = 0; k < 32 && kinds[k] && kinds[k] != fmt; k++)
        ;
    if (k == 32)
        return;
    kinds[k] = fmt;
    if (counts[k]++ >= NOTES_PER_KIND)
        return;
    va_start(ap, fmt);
    printf("    note: ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
}

/* ------------------------------------------------------------ the monitor */

static LARGE_INTEGER qpc_freq;
static HANDLE status_event;              /* auto-reset: a report arrived */
volatile LONG last_state = -1;
volatile LONGLONG last_report_qpc;
volatile LONGLONG last_log_qpc;
static volatile LONG accepting;          /* a pending call is being reported */
static volatile LONG last_checkpoint;
volatile LONG late_reports, checkpoint_errors;
volatile LONG hold_final_ms;
volatile LONG log_counts[4];
int verbose;
int current_cycle = -1;
const char *current_step = "setup";
static volatile LONG printed_problems;

void monitor_init(void)
{
    QueryPerformanceFrequency(&qpc_freq);
    status_event = CreateEventW(NULL, FALSE, FALSE, NULL);
}

LONGLONG now_qpc(void)
{
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    return t.QuadPart;
}

double to_us(LONGLONG ticks)
{
    return (double)ticks * 1e6 / (double)qpc_freq.QuadPart;
}

static BOOL is_final(LONG state)
{
    return state == ClusterResourceOnline || state == ClusterResourceOffline || state == ClusterResourceFailed;
}

static DWORD WINAPI mon_set_status(RESOURCE_HANDLE h, PRESOURCE_STATUS status)
{
    LONGLONG t = now_qpc();

    /* The Resource API allows reports only while a call that returned
       ERROR_IO_PENDING is being completed. */
    if (!accepting)
        InterlockedIncrement(&late_reports);
    if ((LONG)status->CheckPoint != last_checkpoint + 1)
        InterlockedIncrement(&checkpoint_errors);
    last_checkpoint = (LONG)status->CheckPoint;
    last_report_qpc = t;
    if (is_final(status->ResourceState))
        InterlockedExchange(&accepting, 0);
    InterlockedExchange(&last_state, status->ResourceState);
    SetEvent(status_event);
    if (hold_final_ms && is_final(status->ResourceState))
        Sleep((DWORD)hold_final_ms);
    return ResourceExitStateContinue;
}

static VOID WINAPI mon_log_event(RESOURCE_HANDLE h, LOG_LEVEL level, LPCWSTR format, ...)
{
    WCHAR line[1024];
    va_list ap;

    last_log_qpc = now_qpc();
    va_start(ap, format);
    /* As the cluster's monitor does: the DLL's format, its inserts. */
    if (!FormatMessageW(FORMAT_MESSAGE_FROM_STRING, format, 0, 0, line, ARRAYSIZE(line), &ap))
        _snwprintf(line, ARRAYSIZE(line), L"(format failed, error %lu)\n", GetLastError());
    va_end(ap);
    line[ARRAYSIZE(line) - 1] = 0;
    if ((unsigned)level < ARRAYSIZE(log_counts))
        InterlockedIncrement(&log_counts[level]);
    if (verbose || (level >= LOG_WARNING && InterlockedIncrement(&printed_problems) <= 20))
        printf("    log(%d) at cycle %d, %s: %ls", (int)level, current_cycle, current_step, line);
}

void begin_pending(void)
{
    last_checkpoint = 0;
    InterlockedExchange(&last_state, -1);
    ResetEvent(status_event);
    InterlockedExchange(&accepting, 1);
}

void end_pending(void)
{
    InterlockedExchange(&accepting, 0);
}

LONG wait_final(DWORD timeout_ms)
{
    DWORD start = GetTickCount();
    for (;;) {
        DWORD spent = GetTickCount() - start;
        LONG st = last_state;
        if (is_final(st))
            return st;
        if (spent >= timeout_ms)
            return -1;
        WaitForSingleObject(status_event, timeout_ms - spent);
    }
}

const char *state_name(LONG st)
{
    switch (st) {
    case ClusterResourceOnline:         return "Online";
    case ClusterResourceOffline:        return "Offline";
    case ClusterResourceFailed:         return "Failed";
    case ClusterResourceOnlinePending:  return "OnlinePending";
    case ClusterResourceOfflinePending: return "OfflinePending";
    case -1:                            return "(no final report)";
    }
    return "other";
}

/* ------------------------------------------------------------ the DLL */

static HMODULE dll;
PCLRES_FUNCTION_TABLE table;
static HKEY res_key;
RESID res;
int reopen_count;
LONGLONG online_returned_qpc, offline_returned_qpc;
int online_invalid_state;

static DWORD set_param_dword(HKEY params, const WCHAR *name, DWORD v)
{
    return RegSetValueExW(params, name, 0, REG_DWORD, (const BYTE *)&v, sizeof(v));
}

BOOL dll_setup(const WCHAR *service, DWORD port)
{
    PSTARTUP_ROUTINE startup;
    HKEY params = NULL;
    DWORD err;

    dll = LoadLibraryW(L"imsguard.dll");
    if (!dll) {
        check(0, "imsguard.dll loads (error %lu)", GetLastError());
        return FALSE;
    }
    startup = (PSTARTUP_ROUTINE)(void (*)(void))GetProcAddress(dll, "Startup");
    err = startup ? startup(IMS_TYPE, CLRES_VERSION_V1_00, CLRES_VERSION_V1_00, mon_set_status, mon_log_event,
                            &table)
                  : ERROR_PROC_NOT_FOUND;
    if (err) {
        check(0, "Startup (error %lu)", err);
        return FALSE;
    }

    SHDeleteKeyW(HKEY_LOCAL_MACHINE, RES_KEY);
    err = RegCreateKeyExW(HKEY_LOCAL_MACHINE, RES_KEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &res_key, NULL);
    if (!err) {
        RegSetValueExW(res_key, L"Name", 0, REG_SZ, (const BYTE *)L"bench", sizeof(L"bench"));
        RegSetValueExW(res_key, L"Type", 0, REG_SZ, (const BYTE *)IMS_TYPE, sizeof(IMS_TYPE));
        err = RegCreateKeyExW(res_key, L"Parameters", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &params, NULL);
    }
    if (!err) {
        RegSetValueExW(params, L"ServiceName", 0, REG_SZ, (const BYTE *)service,
                       (DWORD)((wcslen(service) + 1) * sizeof(WCHAR)));
        set_param_dword(params, L"SmtpProbePort", port);
        set_param_dword(params, L"StopTimeout", STOP_TIMEOUT_MS);
        RegCloseKey(params);
    }
    if (err) {
        check(0, "resource key HKLM\\%ls created (error %lu; is HKLM\\Cluster there?)", RES_KEY, err);
        return FALSE;
    }
    res = FN.Open(RES_NAME, res_key, (RESOURCE_HANDLE)1);
    if (!res) {
        check(0, "Open (error %lu)", GetLastError());
        return FALSE;
    }
    return TRUE;
}

BOOL dll_reopen(void)
{
    res = FN.Open(RES_NAME, res_key, (RESOURCE_HANDLE)1);
    reopen_count++;
    return res != NULL;
}

void dll_teardown(void)
{
    if (res)
        FN.Close(res);
    res = NULL;
    if (res_key)
        RegCloseKey(res_key);
    SHDeleteKeyW(HKEY_LOCAL_MACHINE, RES_KEY);
    /* The DLL stays loaded: a monitor unloads it only at exit too. */
}

/* The final state a call reached: at once when it did not pend. */
static LONG finish(DWORD err, LONG done_state, LONGLONG *reported)
{
    LONG st;

    if (err == ERROR_SUCCESS) {
        end_pending();
        *reported = now_qpc();
        return done_state;
    }
    if (err != ERROR_IO_PENDING) {
        end_pending();
        *reported = now_qpc();
        return ClusterResourceFailed;
    }
    st = wait_final(STATE_WAIT_MS);
    *reported = last_report_qpc;
    return st;
}

LONG do_online(DWORD *err_out, LONGLONG *started, LONGLONG *reported)
{
    HANDLE ev = NULL;
    DWORD err;

    begin_pending();
    *started = now_qpc();
    err = FN.Online(res, &ev);
    online_returned_qpc = now_qpc();
    *err_out = err;
    if (err == ERROR_INVALID_STATE)
        online_invalid_state++;
    return finish(err, ClusterResourceOnline, reported);
}

LONG do_offline(DWORD *err_out, LONGLONG *started, LONGLONG *reported)
{
    DWORD err;

    begin_pending();
    *started = now_qpc();
    err = FN.Offline(res);
    offline_returned_qpc = now_qpc();
    *err_out = err;
    return finish(err, ClusterResourceOffline, reported);
}

double do_terminate(void)
{
    LONGLONG t0 = now_qpc();
    double us;

    FN.Terminate(res);
    us = to_us(now_qpc() - t0);
    end_pending();
    return us;
}
