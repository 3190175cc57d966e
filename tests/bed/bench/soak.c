/*
 * soak.c - make soak: thousands of calls and Online/Offline cycles of the
 * real imsguard.dll, Terminate and Close while pending, and three moments a
 * monitor can create; the process's handles, private bytes and threads
 * before and after.
 */
#include "bench.h"

#include <psapi.h>
#include <tlhelp32.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sample {
    DWORD handles;
    SIZE_T private_bytes;
    DWORD threads;
} sample;

/* How the figures were had: Windows answers the documented calls; Wine 8
   answers GetProcessHandleCount with 0 (ProcessHandleCount is a stub) and
   fills no PrivateUsage, so the soak falls back to counts that mean the
   same and that Wine does keep. */
static const char *handles_how = "GetProcessHandleCount";
static const char *private_how = "GetProcessMemoryInfo PrivateUsage";

/* SYSTEM_HANDLE_INFORMATION (NtQuerySystemInformation class 16), which
   mingw's <winternl.h> does not declare. */
typedef struct sys_handle_entry {
    USHORT pid;
    USHORT backtrace;
    UCHAR type;
    UCHAR attributes;
    USHORT value;
    PVOID object;
    ULONG access;
} sys_handle_entry;
typedef struct sys_handle_info {
    ULONG count;
    sys_handle_entry h[1];
} sys_handle_info;
typedef LONG (WINAPI *nt_query_system_fn)(ULONG, PVOID, ULONG, PULONG);
#define SYSTEM_HANDLE_INFORMATION_CLASS 16
#define STATUS_INFO_LENGTH_MISMATCH_ ((LONG)0xC0000004)

/* The process's handles from the system's handle table. */
static DWORD count_handles_nt(void)
{
    nt_query_system_fn query = (nt_query_system_fn)(void (*)(void))GetProcAddress(
        GetModuleHandleW(L"ntdll.dll"), "NtQuerySystemInformation");
    ULONG size = 1 << 16, i, got = 0;
    USHORT self = (USHORT)GetCurrentProcessId();
    sys_handle_info *info = NULL;
    DWORD n = 0;
    LONG status;

    if (!query)
        return 0;
    for (;;) {
        info = malloc(size);
        if (!info)
            return 0;
        status = query(SYSTEM_HANDLE_INFORMATION_CLASS, info, size, &got);
        if (status != STATUS_INFO_LENGTH_MISMATCH_ || size >= (1u << 26))
            break;
        free(info);
        size *= 4;
    }
    if (status == 0) {
        for (i = 0; i < info->count; i++)
            n += info->h[i].pid == self;
    }
    free(info);
    return n;
}

/* Committed private memory, region by region: what "private bytes" is. */
static SIZE_T private_committed(void)
{
    MEMORY_BASIC_INFORMATION mbi;
    const char *p = NULL;
    SIZE_T sum = 0;

    while (VirtualQuery(p, &mbi, sizeof(mbi)) == sizeof(mbi)) {
        if (mbi.State == MEM_COMMIT && mbi.Type == MEM_PRIVATE)
            sum += mbi.RegionSize;
        if ((const char *)mbi.BaseAddress + mbi.RegionSize <= p)
            break;
        p = (const char *)mbi.BaseAddress + mbi.RegionSize;
    }
    return sum;
}

static void take_sample(sample *s)
{
    PROCESS_MEMORY_COUNTERS_EX pmc;
    THREADENTRY32 te;
    HANDLE snap;
    DWORD self = GetCurrentProcessId();

    memset(s, 0, sizeof(*s));
    if (!GetProcessHandleCount(GetCurrentProcess(), &s->handles) || !s->handles) {
        s->handles = count_handles_nt();
        handles_how = "NtQuerySystemInformation(SystemHandleInformation), GetProcessHandleCount gave 0";
    }
    memset(&pmc, 0, sizeof(pmc));
    pmc.cb = sizeof(pmc);
    if (GetProcessMemoryInfo(GetCurrentProcess(), (PROCESS_MEMORY_COUNTERS *)&pmc, sizeof(pmc)))
        s->private_bytes = pmc.PrivateUsage;
    if (!s->private_bytes) {
        s->private_bytes = private_committed();
        private_how = "VirtualQuery: committed MEM_PRIVATE regions, PrivateUsage was 0";
    }
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
    if (snap != INVALID_HANDLE_VALUE) {
        te.dwSize = sizeof(te);
        if (Thread32First(snap, &te)) {
            do {
                if (te.th32OwnerProcessID == self)
                    s->threads++;
                te.dwSize = sizeof(te);
            } while (Thread32Next(snap, &te));
        }
        CloseHandle(snap);
    }
}

typedef struct soak_counts {
    int cycles, online_bad, offline_bad, alive_calls, alive_false;
    int term_on, term_off, close_on, close_off;
    int not_pending;         /* Online/Offline did not return IO_PENDING    */
    int left_running;        /* the service's process still there when Terminate/Close returned */
    int slow_terminate;      /* Terminate/Close took longer than TERMINATE_LIMIT_MS */
    double terminate_max_ms;
    int reopen_bad;
    int invalid_state;       /* Online refused with ERROR_INVALID_STATE     */
    int ended_process;       /* Terminate/Close left the SCM saying RUNNING over a dead process */
} soak_counts;

/* After Terminate or Close the service must be stopped, or at least its
   process gone (bare.c: Wine's service manager never notices a process
   that was ended). Then, so one failure does not cascade, make sure of it
   ourselves. */
static void expect_stopped(soak_counts *c, const char *after, int cycle, DWORD delay_ms, double took_ms)
{
    DWORD pid = 0, state;

    if (took_ms > c->terminate_max_ms)
        c->terminate_max_ms = took_ms;
    if (took_ms > TERMINATE_LIMIT_MS) {
        c->slow_terminate++;
        note("cycle %d: %s took %.0f ms (called %lu ms after the pending call returned)", cycle, after, took_ms,
             delay_ms);
    }
    state = service_status(&pid);
    if (state == SERVICE_STOPPED)
        return;
    if (!ims_gone()) {
        c->left_running++;
        note("cycle %d: service state %lu and its process %lu still there when %s returned (called %lu ms "
             "after the pending call returned)", cycle, state, pid, after, delay_ms);
        bare_stop();
        return;
    }
    /* The process was ended; Wine's service manager still says running.
       It starts the service again all the same (tests/bed/msexcimc). */
    c->ended_process++;
}

static void normal_cycle(soak_counts *c, int alive_calls, int cycle)
{
    LONGLONG started, reported;
    DWORD err;
    LONG st;
    int k;

    c->cycles++;
    current_cycle = cycle;
    current_step = "Online/Offline cycle";
    st = do_online(&err, &started, &reported);
    if (err != ERROR_IO_PENDING)
        c->not_pending++;
    if (st != ClusterResourceOnline) {
        c->online_bad++;
        note("cycle %d: Online returned %lu and reached %s", cycle, err, state_name(st));
        do_terminate();
        if (!wait_ims_gone(STOP_TIMEOUT_MS + 2000))
            bare_stop();
        return;
    }
    /* As the monitor polls: LooksAlive mostly, IsAlive now and then. */
    for (k = 0; k < alive_calls; k++) {
        BOOL ok = k == alive_calls - 1 ? FN.IsAlive(res) : FN.LooksAlive(res);
        c->alive_calls++;
        if (!ok) {
            c->alive_false++;
            note("cycle %d: %s returned FALSE", cycle, k == alive_calls - 1 ? "IsAlive" : "LooksAlive");
        }
    }
    st = do_offline(&err, &started, &reported);
    if (err != ERROR_IO_PENDING)
        c->not_pending++;
    if (st != ClusterResourceOffline) {
        c->offline_bad++;
        note("cycle %d: Offline returned %lu and reached %s", cycle, err, state_name(st));
        do_terminate();
    }
    if (!wait_ims_gone(STOP_TIMEOUT_MS + 2000))
        bare_stop();
}

/* Online, then Terminate (kind 0) or Close (kind 1) while it is pending;
   or Online to Online, Offline, and Terminate/Close while that is pending
   (kinds 2, 3). delay_ms varies the moment. */
static void pending_cycle(soak_counts *c, int kind, DWORD delay_ms, int cycle)
{
    LONGLONG started, reported, t0;
    double took;
    HANDLE ev = NULL;
    DWORD err;
    LONG st;
    static const char *const steps[4] = { "Terminate while Online pending", "Close while Online pending",
                                          "Terminate while Offline pending", "Close while Offline pending" };

    current_cycle = cycle;
    current_step = steps[kind];
    if (kind >= 2) {
        st = do_online(&err, &started, &reported);
        if (st != ClusterResourceOnline) {
            c->online_bad++;
            note("cycle %d: Online returned %lu and reached %s", cycle, err, state_name(st));
        }
        begin_pending();
        err = FN.Offline(res);
    } else {
        begin_pending();
        err = FN.Online(res, &ev);
        if (err == ERROR_INVALID_STATE)
            online_invalid_state++;
    }
    if (err != ERROR_IO_PENDING) {
        c->not_pending++;
        note("cycle %d: %s returned %lu, not ERROR_IO_PENDING", cycle, kind >= 2 ? "Offline" : "Online", err);
    }
    if (delay_ms)
        Sleep(delay_ms);
    t0 = now_qpc();
    if (kind == 0 || kind == 2) {
        took = do_terminate() / 1000.0;
        if (kind == 0)
            c->term_on++;
        else
            c->term_off++;
        expect_stopped(c, kind == 0 ? "Terminate (Online pending)" : "Terminate (Offline pending)", cycle, delay_ms,
                       took);
    } else {
        FN.Close(res);
        took = to_us(now_qpc() - t0) / 1000.0;
        end_pending();
        if (kind == 1)
            c->close_on++;
        else
            c->close_off++;
        expect_stopped(c, kind == 1 ? "Close (Online pending)" : "Close (Offline pending)", cycle, delay_ms, took);
        if (!dll_reopen()) {
            c->reopen_bad++;
            note("cycle %d: Open after Close failed (error %lu)", cycle, GetLastError());
        }
    }
}

/*
 * Online called as soon as the monitor has the Offline report, while the
 * DLL's worker is still returning from SetResourceStatus. A monitor may do
 * that (a restart right after an Offline); the resource is offline, so the
 * Online must be accepted. The callback holds the worker 50 ms to make the
 * moment certain instead of lucky.
 */
static void check_online_after_offline_report(void)
{
    LONGLONG started, reported;
    HANDLE ev = NULL;
    DWORD err, err2;
    LONG st;

    current_step = "Online right after the Offline report";
    st = do_online(&err, &started, &reported);
    if (st != ClusterResourceOnline) {
        ok(0, "Online before the race check (returned %lu, reached %s)", err, state_name(st));
        return;
    }
    InterlockedExchange(&hold_final_ms, 50);
    st = do_offline(&err, &started, &reported);
    begin_pending();
    err2 = FN.Online(res, &ev);
    InterlockedExchange(&hold_final_ms, 0);
    if (err2 != ERROR_IO_PENDING)
        end_pending();
    ok(st == ClusterResourceOffline && err2 == ERROR_IO_PENDING,
       "Online right after the Offline report (worker not yet returned from it) is accepted: Offline "
       "reached %s, then Online returned %lu (want %d)", state_name(st), err2, (int)ERROR_IO_PENDING);
    if (err2 == ERROR_IO_PENDING) {
        st = wait_final(STATE_WAIT_MS);
        if (st == ClusterResourceOnline)
            do_offline(&err, &started, &reported);
    }
    do_terminate();
    if (!wait_ims_gone(STOP_TIMEOUT_MS + 2000))
        bare_stop();
}

/*
 * Terminate, or Offline, while the service itself is still starting (the
 * stand-in held 1 s in START_PENDING). A service that is starting does not
 * take a STOP yet: Windows refuses it with ERROR_SERVICE_CANNOT_ACCEPT_CTRL
 * (1061), Wine 8 with ERROR_INVALID_SERVICE_CONTROL (1052). Terminate must
 * still be quick; Offline should stop the service once it can, not wait out
 * StopTimeout and end the process.
 */
static void check_stop_while_starting(int offline)
{
    LONG warnings = log_counts[LOG_WARNING];
    DWORD err, state;
    LONGLONG t0;
    double took;
    HANDLE ev = NULL;
    LONG st = -1;

    current_step = offline ? "Offline while the service starts" : "Terminate while the service starts";
    set_start_delay(1000);
    begin_pending();
    err = FN.Online(res, &ev);
    wait_state(SERVICE_START_PENDING, 2000);
    Sleep(100);
    state = service_state();
    t0 = now_qpc();
    if (offline) {
        LONGLONG started, reported;
        DWORD off_err;
        st = do_offline(&off_err, &started, &reported);
    } else {
        do_terminate();
    }
    took = to_us(now_qpc() - t0) / 1000.0;
    set_start_delay(0);
    if (offline)
        ok(err == ERROR_IO_PENDING && st == ClusterResourceOffline && took < STOP_TIMEOUT_MS &&
               log_counts[LOG_WARNING] == warnings,
           "Offline while the service is still starting (state %lu) stops it once it can: reached %s in "
           "%.0f ms (StopTimeout %d ms), %ld process-ended warnings", state, state_name(st), took,
           STOP_TIMEOUT_MS, (long)(log_counts[LOG_WARNING] - warnings));
    else
        ok(err == ERROR_IO_PENDING && took < TERMINATE_LIMIT_MS,
           "Terminate while the service is still starting (state %lu) returns within %d ms: took %.0f ms "
           "(StopTimeout %d ms)", state, TERMINATE_LIMIT_MS, took, STOP_TIMEOUT_MS);
    if (!wait_ims_gone(STOP_TIMEOUT_MS + 2000))
        bare_stop();
}

static void print_sample(const char *when, const sample *s)
{
    printf("  %-7s handles %5lu   private bytes %9.2f MB   threads %3lu\n", when, s->handles,
           (double)s->private_bytes / (1024.0 * 1024.0), s->threads);
}

/*
 * Slack for growth between the two samples, both taken offline after the
 * same kind of cycle:
 *  - handles +20: between two samples the DLL legitimately holds a varying
 *    few (the last worker's thread handle until the next call collects it,
 *    the Tcpip key, SCM handles during a call) and Wine's RPC to services.exe
 *    keeps pipes it may reopen; a leak of one handle per cycle shows as
 *    hundreds.
 *  - private bytes +2 MB: heap grows in blocks of 64 KB and more, so a
 *    few blocks of noise are normal; 2 MB over the 1000 cycles of
 *    SOAK_SCALE=1 catches a leak of about 2 KB or more per cycle (an SCM
 *    configuration buffer or the 2 KB image-path buffer of each Online, an
 *    ig_control_result). A leaked ig_resource per Close (about 6 KB, 50
 *    Closes) stays below it; smaller leaks are for LeakSanitizer, which
 *    the fuzz targets run the core under.
 *  - threads +2: the DLL's one worker per resource may be alive at a
 *    sample, and Wine may start one helper thread lazily; a thread leaked
 *    per cycle shows as hundreds.
 */
#define SLACK_HANDLES 20
#define SLACK_PRIVATE (2u * 1024u * 1024u)
#define SLACK_THREADS 2

static DWORD WINAPI parked_thread(void *unused)
{
    Sleep(INFINITE);
    return 0;
}

int run_soak(const soak_opts *o)
{
    double scale = o->scale;
    soak_counts c;
    sample before, after;
    int cycles = (int)(1000 * scale + 0.5), i, specials, every;
    int alive_calls = 10;      /* per cycle: 9 LooksAlive + 1 IsAlive */
    DWORD t0;

    if (cycles < 4)
        cycles = 4;
    /* Terminate/Close while pending: 1 in 10 cycles, the four kinds in
       turn (about 25 of each per 1000 cycles). */
    every = o->every;
    memset(&c, 0, sizeof(c));

    check_online_after_offline_report();
    check_stop_while_starting(0);
    check_stop_while_starting(1);

    current_step = "warm-up";
    /* Warm-up: every path once, so lazy one-time allocations (Winsock,
       the event source, Wine's RPC pipes) happen before the first sample. */
    for (i = 0; i < 4; i++)
        pending_cycle(&c, i, 1, -1);
    for (i = 0; i < 5; i++)
        normal_cycle(&c, alive_calls, -1);
    Sleep(200);
    take_sample(&before);
    memset(&c, 0, sizeof(c));
    online_invalid_state = 0;

    t0 = GetTickCount();
    specials = 0;
    for (i = 0; i < cycles; i++) {
        if (!res)
            break;
        if (every == 1 || i % every == every / 2) {
            pending_cycle(&c, specials % 4, (DWORD)(specials / 4 % 4), i);
            specials++;
        }
        if (!res)
            break;
        normal_cycle(&c, alive_calls, i);
        /* --inject-leak: an event handle and 8 KB each cycle, a parked
           thread every 100, to show that the checks notice. */
        if (o->inject_leak) {
            char *waste = malloc(8192);
            if (waste)
                memset(waste, 1, 8192);
            CreateEventW(NULL, TRUE, FALSE, NULL);
            if (i % 100 == 0)
                CloseHandle(CreateThread(NULL, 0, parked_thread, NULL, 0, NULL));
        }
        if ((i + 1) % 100 == 0)
            printf("  %d cycles, %lu s\n", i + 1, (GetTickCount() - t0) / 1000);
    }
    /* The same ending as the warm-up: a normal cycle, then a pause. */
    Sleep(200);
    take_sample(&after);

    printf("soak: scale %.3g: %d Online/Offline cycles, %d LooksAlive/IsAlive calls, Terminate while pending "
           "%d+%d, Close while pending %d+%d (Online+Offline), %d re-opens, in %lu s\n",
           scale, c.cycles, c.alive_calls, c.term_on, c.term_off, c.close_on, c.close_off, reopen_count,
           (GetTickCount() - t0) / 1000);
    print_sample("before", &before);
    print_sample("after", &after);
    printf("  (handles: %s; private bytes: %s; threads: Toolhelp snapshot)\n", handles_how, private_how);

    ok(c.cycles == cycles, "all %d cycles ran (%d)", cycles, c.cycles);
    ok(c.online_bad == 0, "every Online reached Online (%d did not)", c.online_bad);
    ok(c.offline_bad == 0, "every Offline reached Offline (%d did not)", c.offline_bad);
    ok(c.not_pending == 0, "every Online/Offline returned ERROR_IO_PENDING (%d did not; %d Online calls "
       "refused with ERROR_INVALID_STATE, each just after an Offline report)", c.not_pending, online_invalid_state);
    ok(c.alive_false == 0, "every LooksAlive/IsAlive while online was TRUE (%d of %d FALSE)", c.alive_false,
       c.alive_calls);
    ok(c.left_running == 0, "the service was stopped, or its process ended, whenever Terminate or Close "
       "returned (%d times not; %d times the process had been ended)", c.left_running, c.ended_process);
    ok(c.slow_terminate == 0, "every Terminate/Close while pending returned within %d ms (%d did not; "
       "longest %.0f ms)", TERMINATE_LIMIT_MS, c.slow_terminate, c.terminate_max_ms);
    ok(c.reopen_bad == 0, "Open after Close worked every time (%d failed)", c.reopen_bad);
    ok(late_reports == 0, "no status report outside a pending call (%ld late)", (long)late_reports);
    ok(checkpoint_errors == 0, "checkpoints rose by one per report (%ld out of step)", (long)checkpoint_errors);
    ok(log_counts[LOG_ERROR] == 0 && log_counts[LOG_SEVERE] == 0, "no error lines logged (%ld)",
       (long)(log_counts[LOG_ERROR] + log_counts[LOG_SEVERE]));
    if (log_counts[LOG_WARNING])
        printf("    (%ld warning lines in all; the first ones are printed above as they came)\n",
               (long)log_counts[LOG_WARNING]);
    ok(before.handles > 0 && after.handles <= before.handles + SLACK_HANDLES,
       "handles %lu -> %lu (%+ld, slack +%d)", before.handles, after.handles,
       (long)after.handles - (long)before.handles, SLACK_HANDLES);
    ok(before.private_bytes > 0 && after.private_bytes <= before.private_bytes + SLACK_PRIVATE,
       "private bytes %.2f MB -> %.2f MB (%+.2f MB, slack +%.0f MB)", before.private_bytes / 1048576.0,
       after.private_bytes / 1048576.0,
       ((double)after.private_bytes - (double)before.private_bytes) / 1048576.0, SLACK_PRIVATE / 1048576.0);
    ok(before.threads > 0 && after.threads <= before.threads + SLACK_THREADS, "threads %lu -> %lu (%+ld, slack +%d)",
       before.threads, after.threads, (long)after.threads - (long)before.threads, SLACK_THREADS);
    return 0;
}

