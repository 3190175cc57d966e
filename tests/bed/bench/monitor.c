/* monitor.c - what bench.exe's in-process monitor (the test bed's mini
 * monitor, tests/bed/common/minimon.h) does with the status reports and log
 * lines of the one imsguard.dll resource it hosts: times them and checks
 * them against the Resource API's rules. */
#include "bench.h"

#include "bedreg.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#define IMS_TYPE L"IMS Guard"
#define RES_NAME L"Internet Mail Service"
/* The resource key's Name: its key is Resources\<the GUID of it>. */
#define KEY_NAME L"bench"

/* ------------------------------------------------------------ notes */

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

static DWORD mon_set_status(RESOURCE_HANDLE h, PRESOURCE_STATUS status)
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

static void mon_log_event(RESOURCE_HANDLE h, LOG_LEVEL level, const WCHAR *line)
{
    last_log_qpc = now_qpc();
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

PCLRES_FUNCTION_TABLE table;
static HKEY res_key;
RESID res;
int reopen_count;
LONGLONG online_returned_qpc, offline_returned_qpc;
int online_invalid_state;

BOOL dll_setup(const WCHAR *service, DWORD port)
{
    const char *step;
    HKEY params = NULL;
    DWORD err;

    bm_set_hooks(mon_log_event, mon_set_status);
    err = bm_start(L"imsguard.dll", IMS_TYPE, &table, &step);
    if (err) {
        ok(0, "imsguard.dll: %s (error %lu)", step, err);
        return FALSE;
    }
    err = bed_db_make_resource(KEY_NAME, IMS_TYPE, &res_key, &params);
    if (!err) {
        bed_write_sz(params, L"ServiceName", service);
        bed_write_dword(params, L"SmtpProbePort", port);
        bed_write_dword(params, L"StopTimeout", STOP_TIMEOUT_MS);
        RegCloseKey(params);
    }
    if (err) {
        ok(0, "the resource key under HKLM\\Cluster\\Resources created (error %lu; is HKLM\\Cluster there?)", err);
        return FALSE;
    }
    res = bm_open(table, RES_NAME, res_key, (RESOURCE_HANDLE)1, &err);
    if (!res) {
        ok(0, "Open (error %lu)", err);
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
    bed_db_remove_resource(KEY_NAME);
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
