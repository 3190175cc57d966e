/*
 * toyres.c - a scripted Resource API v1 DLL: the fixture that resmon.exe
 * (tests/bed/resmon) is tested against. The behaviour is chosen by the
 * resource type name given to Startup:
 *
 *   Toy Good      synchronous Online/Offline; LooksAlive/IsAlive return the
 *                 "alive" flag (TOY_CTL_SET_ALIVE) after an optional delay
 *                 (TOY_CTL_SET_DELAY); GET_PRIVATE_PROPERTIES returns 8 fixed
 *                 bytes (ERROR_MORE_DATA when short); TOY_CTL_OVERRUN writes
 *                 4 bytes past the output buffer; TOY_CTL_NULL_FORMAT logs
 *                 with a NULL format; TOY_CTL_CRASH_THREAD starts a thread
 *                 of the DLL's own that faults; other codes
 *                 ERROR_INVALID_FUNCTION. (The controls work for every kind.)
 *   Toy Pending   Online: ERROR_IO_PENDING, then OnlinePending checkpoints
 *                 1..3 every 100 ms, then Online (checkpoint 4). Offline:
 *                 ERROR_IO_PENDING, OfflinePending 1, Offline 2.
 *   Toy PendFail  Online: ERROR_IO_PENDING, OnlinePending 1, Failed 2.
 *   Toy Silent    Online: ERROR_IO_PENDING and never a report (until
 *                 Terminate stops its worker).
 *   Toy Hang      LooksAlive never returns.
 *   Toy Crash     LooksAlive returns FALSE; IsAlive writes through NULL.
 *   Toy Logger    Open and Online log with inserts, one datum holding '%'
 *                 and quotes, at every level, and one 600-character line.
 *   Toy Refuse    Online returns ERROR_FILE_NOT_FOUND.
 *   Toy Rogue     Open logs with a stranger's handle; Online returns
 *                 ERROR_SUCCESS and a thread reports Online 50 ms later;
 *                 Offline is pending and reports checkpoint 1 twice, then
 *                 Offline 3; Terminate leaves a thread that reports 100 ms
 *                 later.
 *   Toy BadTable  Startup returns a table with a wrong TableSize.
 *   Toy Slow      Online, Offline and IsAlive each take 300 ms inside the
 *                 entry point (then ERROR_SUCCESS / TRUE), after the
 *                 TOY_CTL_SET_DELAY delay if one is set; Terminate waits at
 *                 most 300 ms for one to be inside, then logs which entry
 *                 point it found running beside it ("nothing" if none).
 *   Toy Straggler Online: ERROR_IO_PENDING, Online 1, and 50 ms later
 *                 OnlinePending 2 (a report after the operation ended).
 *   Toy Early     Online reports OnlinePending 1 from inside the call and
 *                 returns ERROR_SUCCESS.
 *   Toy Deaf      Online: ERROR_IO_PENDING, then OnlinePending every 100 ms
 *                 (10 reports); the worker ignores the answer, and Terminate
 *                 leaves it running.
 *   Toy Ghost     Close leaves a thread that reports and logs 100 ms later.
 *   Toy Child     Online starts a child process (cmd.exe, suspended) and
 *                 returns ERROR_SUCCESS; LooksAlive/IsAlive answer the alive
 *                 flag without looking at the child; Offline and Terminate
 *                 end the child, unless TOY_CTL_LEAK_CHILD was sent;
 *                 TOY_CTL_KILL_CHILD ends it (the "crash").
 *   anything else Startup fails with ERROR_CLUSTER_RESNAME_NOT_FOUND.
 *
 * No clusapi import: the toy never reads its registry key.
 */
#include "cluswin.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define TOY_CTL_SET_ALIVE   CLUSCTL_USER_CODE(1, CLUS_OBJECT_RESOURCE)
#define TOY_CTL_SET_DELAY   CLUSCTL_USER_CODE(2, CLUS_OBJECT_RESOURCE)
#define TOY_CTL_OVERRUN     CLUSCTL_USER_CODE(3, CLUS_OBJECT_RESOURCE)
#define TOY_CTL_NULL_FORMAT CLUSCTL_USER_CODE(4, CLUS_OBJECT_RESOURCE)
#define TOY_CTL_CRASH_THREAD CLUSCTL_USER_CODE(5, CLUS_OBJECT_RESOURCE)
#define TOY_CTL_LEAK_CHILD  CLUSCTL_USER_CODE(6, CLUS_OBJECT_RESOURCE)
#define TOY_CTL_KILL_CHILD  CLUSCTL_USER_CODE(7, CLUS_OBJECT_RESOURCE)

#define SLOW_MS 300

enum kind { GOOD, PENDING, PENDFAIL, SILENT, HANG, CRASH, LOGGER, REFUSE, ROGUE, BADTABLE,
            SLOW, STRAGGLER, EARLY, DEAF, GHOST, CHILD };

static const struct {
    const WCHAR *name;
    enum kind kind;
} kinds[] = {
    { L"Toy Good", GOOD }, { L"Toy Pending", PENDING }, { L"Toy PendFail", PENDFAIL },
    { L"Toy Silent", SILENT }, { L"Toy Hang", HANG }, { L"Toy Crash", CRASH },
    { L"Toy Logger", LOGGER }, { L"Toy Refuse", REFUSE }, { L"Toy Rogue", ROGUE },
    { L"Toy BadTable", BADTABLE }, { L"Toy Slow", SLOW }, { L"Toy Straggler", STRAGGLER },
    { L"Toy Early", EARLY }, { L"Toy Deaf", DEAF }, { L"Toy Ghost", GHOST },
    { L"Toy Child", CHILD },
};

struct toy {
    enum kind kind;
    RESOURCE_HANDLE handle;
    volatile LONG alive;
    volatile LONG delay_ms;
    HANDLE worker;
    HANDLE stop;
    volatile LONG running;        /* Toy Slow: the entry point now inside (0 none) */
    HANDLE inside;                /* ... set while it is (Terminate waits on it) */
    HANDLE child;                 /* Toy Child */
    HANDLE leaked;                /* ... the child Terminate left running; Close ends it */
    volatile LONG leak_child;
};

static PSET_RESOURCE_STATUS_ROUTINE set_status;
static PLOG_EVENT_ROUTINE log_event;

static BOOL same(const WCHAR *a, const WCHAR *b)
{
    return CompareStringW(LOCALE_INVARIANT, NORM_IGNORECASE, a, -1, b, -1) == CSTR_EQUAL;
}

/* ------------------------------------------------------------ workers */

static BOOL report(struct toy *t, CLUSTER_RESOURCE_STATE state, DWORD checkpoint)
{
    RESOURCE_STATUS st;

    memset(&st, 0, sizeof(st));
    st.ResourceState = state;
    st.CheckPoint = checkpoint;
    st.WaitHint = 1000;
    return set_status(t->handle, &st) == ResourceExitStateContinue;
}

/* Waits ms unless told to stop; TRUE = keep going. */
static BOOL pause(struct toy *t, DWORD ms)
{
    return WaitForSingleObject(t->stop, ms) == WAIT_TIMEOUT;
}

static DWORD WINAPI online_worker(void *arg)
{
    struct toy *t = arg;
    DWORD cp;

    switch (t->kind) {
    case PENDING:
        for (cp = 1; cp <= 3; cp++)
            if (!pause(t, 100) || !report(t, ClusterResourceOnlinePending, cp))
                return 0;
        if (pause(t, 100))
            report(t, ClusterResourceOnline, 4);
        break;
    case PENDFAIL:
        if (pause(t, 100) && report(t, ClusterResourceOnlinePending, 1) && pause(t, 100))
            report(t, ClusterResourceFailed, 2);
        break;
    case SILENT:
        WaitForSingleObject(t->stop, INFINITE);
        break;
    case ROGUE:
        Sleep(50);
        report(t, ClusterResourceOnline, 1);    /* nothing is pending */
        break;
    case STRAGGLER:
        if (pause(t, 50) && report(t, ClusterResourceOnline, 1)) {
            Sleep(50);
            report(t, ClusterResourceOnlinePending, 2);     /* the Online is over */
        }
        break;
    case DEAF:
        for (cp = 1; cp <= 10; cp++) {
            Sleep(100);
            report(t, ClusterResourceOnlinePending, cp);   /* answer ignored */
        }
        break;
    default:
        break;
    }
    return 0;
}

static DWORD WINAPI offline_worker(void *arg)
{
    struct toy *t = arg;

    if (t->kind == ROGUE) {
        pause(t, 50);
        report(t, ClusterResourceOfflinePending, 1);
        report(t, ClusterResourceOfflinePending, 1);    /* not rising */
        report(t, ClusterResourceOffline, 3);
        return 0;
    }
    if (pause(t, 100) && report(t, ClusterResourceOfflinePending, 1) && pause(t, 100))
        report(t, ClusterResourceOffline, 2);
    return 0;
}

static DWORD WINAPI late_reporter(void *arg)
{
    struct toy *t = arg;

    Sleep(100);
    report(t, ClusterResourceOnline, 99);
    return 0;
}

static DWORD WINAPI ghost_thread(void *arg)
{
    RESOURCE_HANDLE handle = arg;
    RESOURCE_STATUS st;

    Sleep(100);
    memset(&st, 0, sizeof(st));
    st.ResourceState = ClusterResourceOnline;
    st.CheckPoint = 1;
    set_status(handle, &st);
    log_event(handle, LOG_INFORMATION, L"Ghost: still here after Close.\n");
    return 0;
}

static void end_child(struct toy *t)
{
    if (!t->child)
        return;
    TerminateProcess(t->child, 1);
    WaitForSingleObject(t->child, 5000);
    CloseHandle(t->child);
    t->child = NULL;
}

/* A process that exists and never runs: cmd.exe, suspended. */
static DWORD start_child(struct toy *t)
{
    WCHAR cmd[MAX_PATH + 16];
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    UINT n = GetSystemDirectoryW(cmd, MAX_PATH);

    if (!n || n >= MAX_PATH)
        return ERROR_PATH_NOT_FOUND;
    wcscat(cmd, L"\\cmd.exe");
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    if (!CreateProcessW(cmd, NULL, NULL, NULL, FALSE, CREATE_SUSPENDED | CREATE_NO_WINDOW, NULL,
                        NULL, &si, &pi))
        return GetLastError();
    CloseHandle(pi.hThread);
    t->child = pi.hProcess;
    log_event(t->handle, LOG_INFORMATION, L"Online: child process %1!u! started.\n",
              (unsigned)pi.dwProcessId);
    return ERROR_SUCCESS;
}

/*
 * Toy Slow: SLOW_MS inside the entry point, visible to a concurrent
 * Terminate. TOY_CTL_SET_DELAY's delay comes first, before the entry point
 * marks itself inside: a call thread that was preempted between the
 * monitor's release of the Terminate and the DLL's first instruction.
 */
static void slow_inside(struct toy *t, LONG entry)
{
    if (t->delay_ms)
        Sleep((DWORD)t->delay_ms);
    InterlockedExchange(&t->running, entry);
    SetEvent(t->inside);
    Sleep(SLOW_MS);
    ResetEvent(t->inside);
    InterlockedExchange(&t->running, 0);
}

static DWORD WINAPI faulting_thread(void *arg)
{
    volatile DWORD *nowhere = arg;

    *nowhere = 1;
    return 0;
}

static void stop_worker(struct toy *t)
{
    if (!t->worker)
        return;
    SetEvent(t->stop);
    WaitForSingleObject(t->worker, INFINITE);
    CloseHandle(t->worker);
    t->worker = NULL;
    ResetEvent(t->stop);
}

static DWORD start_worker(struct toy *t, LPTHREAD_START_ROUTINE fn)
{
    stop_worker(t);
    t->worker = CreateThread(NULL, 0, fn, t, 0, NULL);
    return t->worker ? ERROR_IO_PENDING : GetLastError();
}

/* ------------------------------------------------------------ entry points */

/* Open is not told the type: each kind has its own Open (see OPEN_OF). */
static RESID toy_open(enum kind kind, LPCWSTR name, HKEY key, RESOURCE_HANDLE handle)
{
    struct toy *t;

    t = calloc(1, sizeof(*t));
    if (!t) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    t->kind = kind;
    t->handle = handle;
    t->alive = TRUE;
    if (!(t->stop = CreateEventW(NULL, TRUE, FALSE, NULL))
        || !(t->inside = CreateEventW(NULL, TRUE, FALSE, NULL))) {
        DWORD err = GetLastError();
        if (t->stop)
            CloseHandle(t->stop);
        free(t);
        SetLastError(err);
        return NULL;
    }
    log_event(handle, LOG_INFORMATION, L"Open: resource '%1!s!'.\n", name);
    if (kind == LOGGER)
        log_event(handle, LOG_INFORMATION, L"Open: key %1!p!, kind %2!u!.\n", key, (unsigned)kind);
    if (kind == ROGUE)
        log_event((RESOURCE_HANDLE)(ULONG_PTR)0x1234, LOG_WARNING, L"stranger's handle\n");
    return t;
}

static VOID WINAPI toy_close(RESID resid)
{
    struct toy *t = resid;
    HANDLE ghost;

    if (t->kind == GHOST && (ghost = CreateThread(NULL, 0, ghost_thread, t->handle, 0, NULL)))
        CloseHandle(ghost);
    if (t->kind == DEAF && t->worker) {
        /* Deaf's worker ignores stop: it runs out within a second. */
        WaitForSingleObject(t->worker, INFINITE);
        CloseHandle(t->worker);
        t->worker = NULL;
    }
    end_child(t);
    t->child = t->leaked;
    end_child(t);
    stop_worker(t);
    log_event(t->handle, LOG_INFORMATION, L"Close.\n");
    CloseHandle(t->stop);
    CloseHandle(t->inside);
    free(t);
}

static void log_all_levels(struct toy *t)
{
    static const WCHAR long_fmt[] = L"Long line: %1!s!\n";
    WCHAR filler[601];
    int i;

    log_event(t->handle, LOG_INFORMATION,
              L"Online: service %1!s! is %2!u!%% busy (%3!s!).\n",
              L"Svc \"100%\" sure", 42u, L"path C:\\x %1 stays");
    log_event(t->handle, LOG_WARNING, L"Warning with %1!d! items\r\n", -7);
    log_event(t->handle, LOG_ERROR, L"Error line %1!s!%n", L"one");
    log_event(t->handle, LOG_SEVERE, L"Severe line\n");
    for (i = 0; i < 600; i++)
        filler[i] = L'a' + i % 26;
    filler[600] = 0;
    log_event(t->handle, LOG_INFORMATION, long_fmt, filler);
}

static DWORD WINAPI toy_online(RESID resid, LPHANDLE event)
{
    struct toy *t = resid;

    switch (t->kind) {
    case PENDING:
    case PENDFAIL:
    case SILENT:
        return start_worker(t, online_worker);
    case LOGGER:
        log_all_levels(t);
        return ERROR_SUCCESS;
    case REFUSE:
        log_event(t->handle, LOG_ERROR, L"Online refused: %1!u!.\n", ERROR_FILE_NOT_FOUND);
        return ERROR_FILE_NOT_FOUND;
    case ROGUE:
        start_worker(t, online_worker);
        return ERROR_SUCCESS;
    case STRAGGLER:
        return start_worker(t, online_worker);
    case DEAF:
        /* A new worker beside the old one, which nobody stops. */
        if (t->worker)
            CloseHandle(t->worker);
        t->worker = CreateThread(NULL, 0, online_worker, t, 0, NULL);
        return t->worker ? ERROR_IO_PENDING : GetLastError();
    case EARLY:
        report(t, ClusterResourceOnlinePending, 1);
        return ERROR_SUCCESS;
    case SLOW:
        slow_inside(t, 1);
        return ERROR_SUCCESS;
    case CHILD:
        end_child(t);
        return start_child(t);
    default:
        return ERROR_SUCCESS;
    }
}

static DWORD WINAPI toy_offline(RESID resid)
{
    struct toy *t = resid;

    if (t->kind == PENDING || t->kind == ROGUE)
        return start_worker(t, offline_worker);
    if (t->kind == SLOW)
        slow_inside(t, 2);
    end_child(t);
    stop_worker(t);
    return ERROR_SUCCESS;
}

static VOID WINAPI toy_terminate(RESID resid)
{
    struct toy *t = resid;
    HANDLE late;
    static const WCHAR *const inside[] = { L"nothing", L"Online", L"Offline", L"IsAlive" };
    LONG running;

    /*
     * The monitor releases a terminate-during just before the entry point's
     * thread enters the DLL, so that thread may not have run its first
     * instruction yet: wait for the entry point to be inside, at most as
     * long as it stays there. A Terminate that the monitor did not run
     * beside an entry point still finds nothing (SLOW_MS later).
     */
    if (t->kind == SLOW)
        WaitForSingleObject(t->inside, SLOW_MS);
    running = t->running;
    if (t->kind == SLOW)
        log_event(t->handle, LOG_INFORMATION, L"Terminate: found %1!s! running.\n",
                  inside[running >= 0 && running <= 3 ? running : 0]);
    if (t->kind == DEAF)
        return;
    if (t->kind == CHILD && t->leak_child && t->child && !t->leaked) {
        t->leaked = t->child;           /* left running: the monitor must see it */
        t->child = NULL;
    }
    end_child(t);
    stop_worker(t);
    if (t->kind == ROGUE && (late = CreateThread(NULL, 0, late_reporter, t, 0, NULL)))
        CloseHandle(late);
}

static BOOL alive_after_delay(struct toy *t)
{
    if (t->delay_ms)
        Sleep((DWORD)t->delay_ms);
    return t->alive != 0;
}

static BOOL WINAPI toy_looks_alive(RESID resid)
{
    struct toy *t = resid;
    HANDLE never;

    switch (t->kind) {
    case HANG:
        never = CreateEventW(NULL, TRUE, FALSE, NULL);
        WaitForSingleObject(never, INFINITE);
        return TRUE;
    case CRASH:
        return FALSE;
    default:
        return alive_after_delay(t);
    }
}

static BOOL WINAPI toy_is_alive(RESID resid)
{
    struct toy *t = resid;

    if (t->kind == CRASH) {
        volatile DWORD *nowhere = NULL;
        *nowhere = 1;
    }
    if (t->kind == SLOW) {
        slow_inside(t, 3);
        return TRUE;
    }
    return alive_after_delay(t);
}

static const BYTE private_props[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

static DWORD WINAPI toy_resource_control(RESID resid, DWORD code, PVOID in, DWORD in_size,
                                         PVOID out, DWORD out_size, LPDWORD returned)
{
    struct toy *t = resid;

    *returned = 0;
    switch (code) {
    case CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES:
        *returned = sizeof(private_props);
        if (out_size < sizeof(private_props))
            return ERROR_MORE_DATA;
        memcpy(out, private_props, sizeof(private_props));
        return ERROR_SUCCESS;
    case TOY_CTL_SET_ALIVE:
    case TOY_CTL_SET_DELAY:
        if (in_size != sizeof(DWORD))
            return ERROR_INVALID_PARAMETER;
        if (code == TOY_CTL_SET_ALIVE)
            t->alive = *(const DWORD *)in;
        else
            t->delay_ms = *(const DWORD *)in;
        return ERROR_SUCCESS;
    case TOY_CTL_OVERRUN:
        memset(out, 0x5A, out_size + 4);
        *returned = out_size;
        return ERROR_SUCCESS;
    case TOY_CTL_NULL_FORMAT:
        log_event(t->handle, LOG_INFORMATION, NULL);
        return ERROR_SUCCESS;
    case TOY_CTL_LEAK_CHILD:
        t->leak_child = TRUE;
        return ERROR_SUCCESS;
    case TOY_CTL_KILL_CHILD:
        if (!t->child)
            return ERROR_INVALID_STATE;
        TerminateProcess(t->child, 0xC0000005);
        WaitForSingleObject(t->child, 5000);
        return ERROR_SUCCESS;
    case TOY_CTL_CRASH_THREAD: {
        HANDLE thread = CreateThread(NULL, 0, faulting_thread, NULL, 0, NULL);
        if (!thread)
            return GetLastError();
        CloseHandle(thread);
        return ERROR_SUCCESS;
    }
    default:
        return ERROR_INVALID_FUNCTION;
    }
}

static DWORD WINAPI toy_type_control(LPCWSTR type, DWORD code, PVOID in, DWORD in_size,
                                     PVOID out, DWORD out_size, LPDWORD returned)
{
    *returned = 0;
    return ERROR_INVALID_FUNCTION;
}

#define OPEN_OF(k) \
    static RESID WINAPI open_##k(LPCWSTR name, HKEY key, RESOURCE_HANDLE handle) \
    { return toy_open(k, name, key, handle); }
OPEN_OF(GOOD) OPEN_OF(PENDING) OPEN_OF(PENDFAIL) OPEN_OF(SILENT) OPEN_OF(HANG)
OPEN_OF(CRASH) OPEN_OF(LOGGER) OPEN_OF(REFUSE) OPEN_OF(ROGUE) OPEN_OF(BADTABLE)
OPEN_OF(SLOW) OPEN_OF(STRAGGLER) OPEN_OF(EARLY) OPEN_OF(DEAF) OPEN_OF(GHOST) OPEN_OF(CHILD)

#define TABLE_OF(k, size) \
    [k] = { size, CLRES_VERSION_V1_00, \
            { { open_##k, toy_close, toy_online, toy_offline, toy_terminate, \
                toy_looks_alive, toy_is_alive, NULL, NULL, toy_resource_control, \
                toy_type_control } } }

static CLRES_FUNCTION_TABLE tables[] = {
    TABLE_OF(GOOD, CLRES_V1_FUNCTION_SIZE), TABLE_OF(PENDING, CLRES_V1_FUNCTION_SIZE),
    TABLE_OF(PENDFAIL, CLRES_V1_FUNCTION_SIZE), TABLE_OF(SILENT, CLRES_V1_FUNCTION_SIZE),
    TABLE_OF(HANG, CLRES_V1_FUNCTION_SIZE), TABLE_OF(CRASH, CLRES_V1_FUNCTION_SIZE),
    TABLE_OF(LOGGER, CLRES_V1_FUNCTION_SIZE), TABLE_OF(REFUSE, CLRES_V1_FUNCTION_SIZE),
    TABLE_OF(ROGUE, CLRES_V1_FUNCTION_SIZE),
    TABLE_OF(BADTABLE, CLRES_V1_FUNCTION_SIZE - sizeof(void *)),
    TABLE_OF(SLOW, CLRES_V1_FUNCTION_SIZE), TABLE_OF(STRAGGLER, CLRES_V1_FUNCTION_SIZE),
    TABLE_OF(EARLY, CLRES_V1_FUNCTION_SIZE), TABLE_OF(DEAF, CLRES_V1_FUNCTION_SIZE),
    TABLE_OF(GHOST, CLRES_V1_FUNCTION_SIZE), TABLE_OF(CHILD, CLRES_V1_FUNCTION_SIZE),
};

DWORD WINAPI Startup(LPCWSTR type, DWORD min_version, DWORD max_version,
                     PSET_RESOURCE_STATUS_ROUTINE set_status_routine,
                     PLOG_EVENT_ROUTINE log_event_routine, PCLRES_FUNCTION_TABLE *function_table)
{
    size_t i;

    if (min_version > CLRES_VERSION_V1_00 || max_version < CLRES_VERSION_V1_00)
        return ERROR_REVISION_MISMATCH;
    for (i = 0; i < ARRAYSIZE(kinds) && !same(type, kinds[i].name); i++)
        ;
    if (i == ARRAYSIZE(kinds))
        return ERROR_CLUSTER_RESNAME_NOT_FOUND;
    set_status = set_status_routine;
    log_event = log_event_routine;
    *function_table = &tables[kinds[i].kind];
    return ERROR_SUCCESS;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    if (reason == DLL_PROCESS_ATTACH)
        DisableThreadLibraryCalls(instance);
    return TRUE;
}
