/*
 * measure.c - make bench: each entry point of imsguard.dll timed beside
 * the bare Win32 calls it is made of (bare.c), measured in the same loop,
 * in turn (in every order) where they can run back to back, so that drift
 * affects them alike. The figures go to the run file (--tsv) and the human table
 * (figures.c); functional failures are checks, a missed bar is not.
 *
 * Terminate is timed in three states: online; Online pending with the IMS
 * stand-in still starting (StartDelay); Offline pending with a stand-in
 * that ignores STOP (Fault refuse-stop). After each Terminate the IMS must
 * be stopped or its process gone (the Resource API's rule), and no report
 * may follow: both are checked.
 */
#include "bench.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "figures.h"

/* Warm-up calls, not counted. */
#define WARM_LOOKS 100
#define WARM_ALIVE 20
/* The stand-in's StartDelay for Terminate while Online is pending: long
   enough that the service is surely still starting when Terminate comes. */
#define SLOW_START_MS 3000
/* Terminate comes this long after Offline returned pending: the DLL has
   asked the stand-in to stop, and is waiting for it. */
#define OFFLINE_PENDING_MS 500

static bench_run run;

typedef struct bench_pair {
    const char *key;
    bench_series dll, bare;
} bench_pair;

static void series_or_die(bench_series *s, size_t cap)
{
    if (bench_series_init(s, cap)) {
        fprintf(stderr, "bench: out of memory for %zu samples\n", cap);
        exit(2);
    }
}

static void pair_init(bench_pair *p, const char *key, int cap)
{
    p->key = key;
    series_or_die(&p->dll, (size_t)cap);
    series_or_die(&p->bare, (size_t)cap);
}

/* Records s as figure key and, when also is set, as that figure too (the
   same calls beside another baseline); then frees s. */
static void record_as(const char *key, const char *also, bench_series *s)
{
    const char *keys[2] = { key, also };
    bench_stat st = bench_series_stat(s);
    int k;

    for (k = 0; k < 2; k++)
        if (keys[k] && s->n && bench_run_set(&run, keys[k], st))
            fprintf(stderr, "bench: figure %s is not in the catalogue (figures.c)\n", keys[k]);
    bench_series_free(s);
}

static void record(const char *key, bench_series *s)
{
    record_as(key, NULL, s);
}

static void record_pair(bench_pair *p)
{
    char bare_key[64];
    snprintf(bare_key, sizeof(bare_key), "%s.bare", p->key);
    record(p->key, &p->dll);
    record(bare_key, &p->bare);
}

/* The two calls in turn, the order alternating so that neither always runs
   with a warmer cache. */
#define TIME_BOTH(i, dll_call, bare_call, a, b)                                                                  \
    do {                                                                                                       \
        LONGLONG t0_ = now_qpc(), t1_, t2_;                                                                    \
        if ((i) & 1) {                                                                                         \
            bare_call;                                                                                         \
            t1_ = now_qpc();                                                                                   \
            dll_call;                                                                                          \
            t2_ = now_qpc();                                                                                   \
            (b) = to_us(t1_ - t0_);                                                                            \
            (a) = to_us(t2_ - t1_);                                                                            \
        } else {                                                                                               \
            dll_call;                                                                                          \
            t1_ = now_qpc();                                                                                   \
            bare_call;                                                                                         \
            t2_ = now_qpc();                                                                                   \
            (a) = to_us(t1_ - t0_);                                                                            \
            (b) = to_us(t2_ - t1_);                                                                            \
        }                                                                                                      \
    } while (0)

/* LooksAlive beside the calls a minimal correct one needs (bare_looks: the
   process wait, since Wine's service manager never notices a dead
   process, and QueryServiceStatus), and beside QueryServiceStatus alone:
   the three in turn, in each of their six orders. */
enum { LOOKS_DLL, LOOKS_BARE, LOOKS_QSS, LOOKS_CALLS };

static BOOL looks_dll(void)
{
    return FN.LooksAlive(res);
}

static BOOL looks_qss(void)
{
    SERVICE_STATUS ss;
    return QueryServiceStatus(bare_svc, &ss) && ss.dwCurrentState == SERVICE_RUNNING;
}

static void measure_looks(int n)
{
    static BOOL (*const call[LOOKS_CALLS])(void) = { looks_dll, bare_looks, looks_qss };
    static const unsigned char order[6][LOOKS_CALLS] = { { 0, 1, 2 }, { 1, 2, 0 }, { 2, 0, 1 },
                                                         { 0, 2, 1 }, { 2, 1, 0 }, { 1, 0, 2 } };
    bench_series dll, base, qss;
    int i, k, failed[LOOKS_CALLS] = { 0, 0, 0 };

    series_or_die(&dll, (size_t)n);
    series_or_die(&base, (size_t)n);
    series_or_die(&qss, (size_t)n);
    ok(bare_isalive_open(), "the bare LooksAlive has the service's process (and the watch on its key)");
    for (i = 0; i < WARM_LOOKS + n; i++) {
        double us[LOOKS_CALLS];
        for (k = 0; k < LOOKS_CALLS; k++) {
            int j = order[i % 6][k];
            LONGLONG t0 = now_qpc();
            failed[j] += !call[j]();
            us[j] = to_us(now_qpc() - t0);
        }
        if (i >= WARM_LOOKS) {
            bench_series_add(&dll, us[LOOKS_DLL]);
            bench_series_add(&base, us[LOOKS_BARE]);
            bench_series_add(&qss, us[LOOKS_QSS]);
        }
    }
    bare_isalive_close();
    ok(failed[LOOKS_DLL] == 0 && failed[LOOKS_BARE] == 0 && failed[LOOKS_QSS] == 0,
       "LooksAlive TRUE %d of %d times (the bare LooksAlive failed %d times, QueryServiceStatus alone %d)",
       WARM_LOOKS + n - failed[LOOKS_DLL], WARM_LOOKS + n, failed[LOOKS_BARE], failed[LOOKS_QSS]);
    record_as("looks", "looks.vsqss", &dll);
    record("looks.bare", &base);
    record("looks.qss", &qss);
}

static void measure_isalive(DWORD port, int n)
{
    bench_series parts[BARE_PARTS], smtp_blocking;
    bench_pair p;
    int i, k, dll_false = 0, bare_false = 0, blocking_false = 0;
    LONGLONG t0;

    pair_init(&p, "isalive", n);
    for (k = 0; k < BARE_PARTS; k++)
        series_or_die(&parts[k], (size_t)n);
    series_or_die(&smtp_blocking, (size_t)n);
    ok(bare_isalive_open(), "the bare IsAlive has the service's process and a watch on its key");
    for (i = 0; i < WARM_ALIVE + n; i++) {
        BOOL ok = FALSE, bare_ok = FALSE;
        double a, b;
        bench_series *counted = i >= WARM_ALIVE ? parts : NULL;
        TIME_BOTH(i, ok = FN.IsAlive(res), bare_ok = bare_isalive(port, counted), a, b);
        dll_false += !ok;
        bare_false += !bare_ok;
        t0 = now_qpc();
        blocking_false += !bare_smtp_blocking(port);
        if (i >= WARM_ALIVE) {
            bench_series_add(&smtp_blocking, to_us(now_qpc() - t0));
            bench_series_add(&p.dll, a);
            bench_series_add(&p.bare, b);
        }
    }
    bare_isalive_close();
    ok(dll_false == 0, "IsAlive TRUE %d of %d times", WARM_ALIVE + n - dll_false, WARM_ALIVE + n);
    ok(bare_false == 0 && blocking_false == 0, "the bare IsAlive succeeded every time (%d failures; the "
       "blocking SMTP probe %d)", bare_false, blocking_false);
    record_pair(&p);
    for (k = 0; k < BARE_PARTS; k++)
        record(bare_part_keys[k], &parts[k]);
    record("bare.smtp.blocking", &smtp_blocking);
}

/* Online and Offline: each entry point's own time, and the time to its
   final report, beside StartService / ControlService alone and with a
   tight poll to RUNNING / STOPPED. The bare start/stop comes first in
   each cycle: it also keeps the DLL's Online away from the moment its
   Offline report is made (the soak tests that moment on purpose). */
static void measure_online_offline(int n)
{
    bench_pair on_entry, off_entry, on_report, off_report;
    bench_series rest, logged;
    int i, online_bad = 0, offline_bad = 0, bare_bad = 0, bare_lost = 0;
    BOOL lost;
    LONGLONG started, reported;
    double call, done;
    DWORD err;
    LONG st;

    pair_init(&on_entry, "online.entry", n);
    pair_init(&off_entry, "offline.entry", n);
    pair_init(&on_report, "online.report", n);
    pair_init(&off_report, "offline.report", n);
    series_or_die(&rest, (size_t)n);
    series_or_die(&logged, (size_t)n);
    for (i = 0; i < n; i++) {
        if (bare_start(&call, &done)) {
            bench_series_add(&on_entry.bare, call);
            bench_series_add(&on_report.bare, done);
        } else {
            bare_bad++;
            note("cycle %d: bare start failed (error %lu, state %lu)", i, GetLastError(), service_state());
        }
        if (bare_stop_timed(&call, &done, &lost)) {
            /* A lost answer's call time is the stand-in's exit: left out. */
            if (lost)
                bare_lost++;
            else
                bench_series_add(&off_entry.bare, call);
            bench_series_add(&off_report.bare, done);
        } else {
            bare_bad++;
            note("cycle %d: bare stop failed (error %lu, state %lu)", i, GetLastError(), service_state());
        }
        bare_stop();

        st = do_online(&err, &started, &reported);
        bench_series_add(&on_entry.dll, to_us(online_returned_qpc - started));
        if (st == ClusterResourceOnline) {
            bench_series_add(&on_report.dll, to_us(reported - started));
            bench_series_add(&rest, to_us(reported - online_returned_qpc));
            /* The "online" Information line comes just before the report. */
            if (last_log_qpc > online_returned_qpc && last_log_qpc <= reported)
                bench_series_add(&logged, to_us(last_log_qpc - online_returned_qpc));
        } else {
            online_bad++;
            note("cycle %d: Online returned %lu and reached %s", i, err, state_name(st));
        }
        st = do_offline(&err, &started, &reported);
        bench_series_add(&off_entry.dll, to_us(offline_returned_qpc - started));
        if (st == ClusterResourceOffline) {
            bench_series_add(&off_report.dll, to_us(reported - started));
        } else {
            offline_bad++;
            note("cycle %d: Offline returned %lu and reached %s", i, err, state_name(st));
            do_terminate();
        }
        if (!wait_ims_gone(5000))
            bare_stop();
    }
    ok(online_bad == 0 && offline_bad == 0, "%d Online/Offline cycles completed (%d online, %d offline failed)",
       n, online_bad, offline_bad);
    ok(bare_bad == 0, "%d bare starts and stops completed (%d failed; %d STOP answers lost to Wine, "
       "their call times left out: tests/bed/common/bedsvc.h)", n, bare_bad, bare_lost);
    record_pair(&on_entry);
    record_pair(&off_entry);
    record_pair(&on_report);
    record_pair(&off_report);
    record("online.rest", &rest);
    record("online.logged", &logged);
}

typedef enum term_state { TERM_ONLINE, TERM_ONLINE_PENDING, TERM_OFFLINE_PENDING } term_state;

static const char *const term_keys[] = { "terminate.online", "terminate.onpending", "terminate.offpending" };
static const char *const term_what[] = { "online", "Online pending, the IMS starting",
                                         "Offline pending, the IMS refusing STOP" };

/* The bare counterpart, in the same state: stop a running service; end
   the process of one still starting, or of one that ignored its STOP (a
   service in either state takes no STOP, so ending it is all there is). */
static BOOL bare_terminate(term_state s, double *us)
{
    double call, running;
    SERVICE_STATUS ss;
    BOOL ok, lost;

    if (s == TERM_ONLINE_PENDING) {
        set_start_delay(SLOW_START_MS);
        ok = StartServiceW(bare_svc, 0, NULL) && wait_state(SERVICE_START_PENDING, 5000) && bare_kill(us);
        set_start_delay(0);
        return ok;
    }
    if (!bare_start(&call, &running))
        return FALSE;
    if (s == TERM_ONLINE)   /* the time to STOPPED, whatever the answer */
        return bare_stop_timed(&call, us, &lost);
    set_fault(L"refuse-stop");
    ok = ControlService(bare_svc, SERVICE_CONTROL_STOP, &ss) || GetLastError() != ERROR_SERVICE_NOT_ACTIVE;
    ok = ok && bare_kill(us);
    set_fault(NULL);
    return ok;
}

/* Brings the resource to the state, then Terminate. -1 if the state could
   not be reached. */
static double dll_terminate(term_state s, int i)
{
    LONGLONG started, reported;
    HANDLE ev;
    DWORD err;
    double us;
    LONG st;

    if (s == TERM_ONLINE_PENDING) {
        set_start_delay(SLOW_START_MS);
        begin_pending();
        err = FN.Online(res, &ev);
        if (err != ERROR_IO_PENDING || !wait_state(SERVICE_START_PENDING, 5000)) {
            note("%s, cycle %d: Online returned %lu, service state %lu (want %d and START_PENDING)", term_keys[s],
                 i, err, service_state(), ERROR_IO_PENDING);
            do_terminate();
            set_start_delay(0);
            return -1;
        }
        us = do_terminate();
        set_start_delay(0);
        return us;
    }
    st = do_online(&err, &started, &reported);
    if (st != ClusterResourceOnline) {
        note("%s, cycle %d: Online returned %lu and reached %s", term_keys[s], i, err, state_name(st));
        do_terminate();
        return -1;
    }
    if (s == TERM_ONLINE)
        return do_terminate();
    set_fault(L"refuse-stop");
    begin_pending();
    err = FN.Offline(res);
    if (err != ERROR_IO_PENDING) {
        note("%s, cycle %d: Offline returned %lu (want %d)", term_keys[s], i, err, ERROR_IO_PENDING);
        end_pending();
        return -1;
    }
    Sleep(OFFLINE_PENDING_MS);
    return do_terminate();
}

static void measure_terminate(term_state s, int n)
{
    bench_pair p;
    int i, unreached = 0, left_running = 0, bare_bad = 0;
    LONG late_before = late_reports;
    double us;

    pair_init(&p, term_keys[s], n);
    current_step = term_keys[s];
    for (i = 0; i < n; i++) {
        if (bare_terminate(s, &us))
            bench_series_add(&p.bare, us);
        else {
            bare_bad++;
            note("%s, cycle %d: the bare counterpart failed (error %lu, state %lu)", term_keys[s], i,
                 GetLastError(), service_state());
        }
        bare_stop();

        us = dll_terminate(s, i);
        if (us < 0) {
            unreached++;
        } else {
            bench_series_add(&p.dll, us);
            if (!ims_gone()) {
                left_running++;
                note("%s, cycle %d: the IMS still ran (state %lu) when Terminate returned after %.1f ms",
                     term_keys[s], i, service_state(), us / 1000.0);
            }
        }
        set_fault(NULL);
        bare_stop();
    }
    ok(unreached == 0 && bare_bad == 0, "Terminate, %s: the state was reached %d of %d times (bare: %d failed)",
       term_what[s], n - unreached, n, bare_bad);
    ok(left_running == 0, "Terminate, %s: the IMS was stopped or its process gone when Terminate returned, "
       "%d of %d times", term_what[s], n - unreached - left_running, n - unreached);
    ok(late_reports == late_before, "Terminate, %s: no status report after Terminate returned (%ld late)",
       term_what[s], (long)(late_reports - late_before));
    record_pair(&p);
}

static void write_run(const WCHAR *path)
{
    FILE *f = _wfopen(path, L"w");
    if (!f) {
        ok(0, "run file %ls written (error %d)", path, errno);
        return;
    }
    bench_run_write(f, &run);
    ok(fclose(f) == 0, "run file %ls written", path);
}

int run_bench(const bench_opts *o)
{
    bench_summary s;
    double call, done;
    LONGLONG started, reported;
    DWORD err;
    LONG st;

    /* Warm-up: one bare start/stop, one DLL online. */
    bare_stop();
    if (!bare_start(&call, &done) || !bare_stop()) {
        ok(0, "the service starts and stops by itself (state %lu)", service_state());
        return 1;
    }
    current_step = "Online";
    st = do_online(&err, &started, &reported);
    ok(st == ClusterResourceOnline, "Online reaches Online (call %lu, reached %s)", err, state_name(st));
    if (st != ClusterResourceOnline)
        return 1;

    current_step = "LooksAlive";
    measure_looks(o->looks);
    current_step = "IsAlive";
    measure_isalive(o->port, o->isalive);
    current_step = "Offline";
    st = do_offline(&err, &started, &reported);
    ok(st == ClusterResourceOffline, "Offline reaches Offline (call %lu, reached %s)", err, state_name(st));
    current_step = "Online/Offline cycles";
    measure_online_offline(o->online);
    measure_terminate(TERM_ONLINE, o->terminate);
    measure_terminate(TERM_ONLINE_PENDING, o->terminate);
    measure_terminate(TERM_OFFLINE_PENDING, o->terminate);
    ok(late_reports == 0 && checkpoint_errors == 0, "status reports only while pending (%ld late), "
       "checkpoints rising by one (%ld out of step)", (long)late_reports, (long)checkpoint_errors);

    if (o->tsv)
        write_run(o->tsv);
    bench_summarize(&run, 1, &s);
    bench_print(stdout, &s);
    printf("\n");
    return 0;
}
