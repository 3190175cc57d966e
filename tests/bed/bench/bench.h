/* bench.h - what the parts of bench.exe share: the checks, the in-process
 * monitor and the DLL it hosts (monitor.c, over the test bed's mini
 * monitor), the bare Win32 calls
 * (bare.c), and the two modes (measure.c: make bench; soak.c: make soak).
 * One process, one resource, one service; the globals are that process's. */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include "cluswin.h"

#include "bedtest.h"
#include "minimon.h"
#include "stats.h"

/* How long a monitor waits for a pending call's final report. */
#define STATE_WAIT_MS 30000
/* The resource's StopTimeout: long enough for the stand-in's ~20 ms stop,
   short enough that a stuck stop costs the soak seconds, not minutes. */
#define STOP_TIMEOUT_MS 3000
/* A Terminate or Close of a healthy service (the stand-in stops in about
   20 ms) that takes longer than this waited out StopTimeout: its stop
   request was lost. */
#define TERMINATE_LIMIT_MS 1000

/* ------------------------------------------------ checks: ok() (bedtest.h) */
/* Details of a failure, the first few of each kind (keyed by the format),
   so that one frequent failure does not hide a rare one. */
void note(const char *fmt, ...);

/* ------------------------------------------------ the monitor (monitor.c) */
extern volatile LONG last_state;        /* CLUSTER_RESOURCE_STATE of the last report */
extern volatile LONGLONG last_report_qpc;
extern volatile LONGLONG last_log_qpc;
extern volatile LONG late_reports, checkpoint_errors;
/* When set, a final report's callback returns only after this long, as if
   the reporting thread were preempted right after the monitor noted the
   new state: the monitor may already be making its next call. */
extern volatile LONG hold_final_ms;
extern volatile LONG log_counts[4];     /* by LOG_LEVEL */
extern int verbose;
extern int current_cycle;               /* for log lines printed as they come */
extern const char *current_step;

void monitor_init(void);
LONGLONG now_qpc(void);
double to_us(LONGLONG ticks);
/* Before Online/Offline: the reports that follow belong to this call. */
void begin_pending(void);
/* The pending call is over (it did not pend, or Terminate or Close ended
   it): any report from now on is late. */
void end_pending(void);
/* Waits for a final report; returns its state, or -1 after timeout_ms. */
LONG wait_final(DWORD timeout_ms);
const char *state_name(LONG st);

/* ------------------------------------------------ the DLL (monitor.c) */
extern PCLRES_FUNCTION_TABLE table;
#define FN BM_FN(table)
extern RESID res;
extern int reopen_count;
extern LONGLONG online_returned_qpc;    /* when the last Online call returned */
extern LONGLONG offline_returned_qpc;   /* when the last Offline call returned */
extern int online_invalid_state;        /* Online calls refused with ERROR_INVALID_STATE */

/* Loads imsguard.dll with this monitor and opens one resource whose key it
   makes under HKLM\Cluster\Resources. */
BOOL dll_setup(const WCHAR *service, DWORD port);
void dll_teardown(void);
/* Open again after a Close; FALSE (with res NULL) if it failed. */
BOOL dll_reopen(void);
/* Online / Offline to the final report: the state reached; *err the call's. */
LONG do_online(DWORD *err, LONGLONG *started, LONGLONG *reported);
LONG do_offline(DWORD *err, LONGLONG *started, LONGLONG *reported);
/* Terminate, the pending call (if any) ended with it; its time in us. */
double do_terminate(void);

/* ------------------------------------------------ bare Win32 (bare.c) */
extern WCHAR service_name[257];
extern SC_HANDLE bare_svc;

BOOL bare_setup(const WCHAR *service);
DWORD service_state(void);
/* The service's state and process ID as the service manager says. */
DWORD service_status(DWORD *pid);
/* Polls until the service is in state, or timeout_ms passed. */
BOOL wait_state(DWORD state, DWORD timeout_ms);
/* Stopped, or its process gone: Wine's service manager never notices a
   process that was ended (it keeps saying RUNNING; contract section 4),
   and that is as good as stopped for the checks here. */
BOOL ims_gone(void);
BOOL wait_ims_gone(DWORD timeout_ms);
/* Makes sure the IMS is gone: STOP, wait, and end the process if it does
   not stop. FALSE if even that failed. */
BOOL bare_stop(void);
/* StartService (its call alone in *call_us) and a tight status poll until
   RUNNING (*running_us, from the call). */
BOOL bare_start(double *call_us, double *running_us);
/* ControlService(STOP) (*call_us) and a tight poll until STOPPED (*stopped_us). */
BOOL bare_stop_timed(double *call_us, double *stopped_us, BOOL *answer_lost);
/* TerminateProcess of the service's process and the wait for it to end. */
BOOL bare_kill(double *us);

/* The stand-in's settings (tests/bed/msexcimc/README.md). */
void set_start_delay(DWORD ms);          /* 0 deletes StartDelay */
void set_fault(const WCHAR *fault);      /* NULL deletes Fault */

/* The calls a minimal correct IsAlive needs (bare.c says why each). */
enum { BARE_PROCESS, BARE_STATUS, BARE_KEYWATCH, BARE_DOMAIN, BARE_FILE, BARE_SMTP, BARE_PARTS };
extern const char *const bare_part_keys[BARE_PARTS];
/* Opens what bare_looks and bare_isalive keep open, as a DLL does at
   Online: the running service's process, and the watch on its registry
   key. */
BOOL bare_isalive_open(void);
void bare_isalive_close(void);
/* The calls a minimal correct LooksAlive needs: the process has not ended
   (a wait on its handle) and the service manager says RUNNING. */
BOOL bare_looks(void);
/* One bare IsAlive; each part's time goes to parts[k] when parts is set. */
BOOL bare_isalive(DWORD port, bench_series *parts);
/* The SMTP greeting with a blocking connect and a receive timeout. */
BOOL bare_smtp_blocking(DWORD port);

/* ------------------------------------------------ the modes */
typedef struct bench_opts {
    DWORD port;
    int looks, isalive, online, terminate;
    const WCHAR *tsv;                    /* where to write the run's figures */
} bench_opts;
int run_bench(const bench_opts *o);

typedef struct soak_opts {
    double scale;
    int every;                           /* a pending-call test every N cycles */
    int inject_leak;
} soak_opts;
int run_soak(const soak_opts *o);

#endif
