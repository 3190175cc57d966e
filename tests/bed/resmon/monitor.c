/*
 * monitor.c - the Resource Monitor proper: the cluster database, the DLLs
 * and their types, each resource's state machine, the callbacks a DLL
 * calls (SetResourceStatus, LogEvent) and the per-resource poller thread
 * that does LooksAlive/IsAlive and the PendingTimeout.
 *
 * Locking: one monitor-wide lock (sync.c) guards every field of every
 * resource; no DLL code ever runs under it. Entry points are serialised per
 * resource by the in_call/in_terminate flags, taken under the lock: any one
 * entry point at a time, and Terminate beside any of them but Open/Close.
 * Terminate comes from whichever thread decided it: the command thread, the
 * poller (a failure), or a terminator thread (terminate-after/-during), as
 * the real monitor terminates from any of its threads. The watch (watch.c)
 * has its own lock, because it calls the service manager.
 */
#include "resmon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

volatile LONG g_violations, g_hung, g_crashes;
volatile BOOL g_invalid_dll;
DWORD g_deadlock_ms = DEFAULT_DEADLOCK_MS;
BOOL g_poll = TRUE;

struct dll {
    WCHAR *path;
    HMODULE module;
    PSTARTUP_ROUTINE startup;
    BOOL unsafe;                 /* a call into it hung or faulted: never unload */
    struct dll *next;
};

struct restype {
    WCHAR *name;
    char *name8;
    struct dll *dll;
    DWORD error;                 /* ERROR_SUCCESS once Startup gave a valid table */
    reason_t failure;            /* why not, for every later open of the type */
    CLRES_V1_FUNCTIONS fn;
    DWORD looks_ms, is_ms, pending_ms;   /* 0 = not set on the type */
    struct restype *next;
};

enum op { OP_NONE, OP_ONLINE, OP_OFFLINE };

/* An armed Terminate: waiting for its trigger, running, or done. */
enum arm { ARM_NONE, ARM_AFTER, ARM_DURING, ARM_RUNNING, ARM_DONE };

/*
 * A thread that called SetResourceStatus. Holding its handle keeps its
 * thread id from being reused, so a later report from the same id is the
 * same thread.
 */
struct reporter {
    HANDLE thread;
    DWORD tid;
};
#define MAX_REPORTERS 16

struct resource {
    WCHAR *name;
    char *name8;
    struct restype *type;
    HKEY key;
    RESID resid;
    RESOURCE_HANDLE handle;
    BOOL open;                   /* the handle is valid for callbacks */
    BOOL dead;                   /* an entry point hung or faulted: no more calls */
    CLUSTER_RESOURCE_STATE state;
    DWORD checkpoint;
    enum op op;                  /* Online/Offline under way */
    BOOL op_returned;            /* ... and its call returned ERROR_IO_PENDING */
    DWORD early_reports;         /* reports made before the call returned */
    BOOL stop_told;              /* Terminate returned or we answered ExitStateTerminate */
    DWORD late_reports;          /* answered while an Online/Offline call that outlived a
                                    Terminate was still inside the DLL: judged at its return */
    BOOL terminating;            /* a Terminate is decided or running */
    BOOL want_terminate;         /* reported Failed: the poller terminates it */
    BOOL in_call, in_terminate;
    enum entry current;
    ULONGLONG last_report;
    DWORD looks_ms, is_ms, pending_ms;
    ULONGLONG next_looks, next_is;
    HANDLE fail_event;           /* Online's EventHandle, signalled on failure */
    HANDLE poller;
    BOOL poller_quit;
    BOOL was_open;               /* Open returned a RESID: a later report is "after Close" */
    const char *idle_why;        /* why no Online/Offline is pending, for the violation */
    char idle_buf[128];
    LONG term_gen;               /* counts Terminates that returned */
    enum arm arm;
    ULONG arm_seq;               /* the command count when it was armed */
    DWORD arm_ms;
    enum entry arm_entry;
    HANDLE terminator;
    struct reporter reporters[MAX_REPORTERS];  /* of the current operation */
    size_t n_reporters;
    struct reporter stale[MAX_REPORTERS];      /* of operations Terminate ended */
    size_t n_stale;
    struct watch watch;
};

static ULONG command_seq;        /* commands started so far */
static struct dll *dlls;
static struct restype *types;
static struct resource **resources;
static size_t resource_count, resource_cap;

/* Resource handles are cookies, not pointers: a stranger is recognised
 * without touching memory it points to. */
#define HANDLE_TAG 0x7E5AUL

static RESOURCE_HANDLE handle_for(size_t index)
{
    return (RESOURCE_HANDLE)(ULONG_PTR)((HANDLE_TAG << 16) | (index + 1));
}

/* Lock held. The resource a cookie names, open or not, or NULL. */
static struct resource *slot_of(RESOURCE_HANDLE handle)
{
    ULONG_PTR value = (ULONG_PTR)handle;
    size_t index;

    if ((value >> 16) != HANDLE_TAG || !(value & 0xFFFF))
        return NULL;
    index = (value & 0xFFFF) - 1;
    return index < resource_count ? resources[index] : NULL;
}

/* Lock held. */
static struct resource *by_handle(RESOURCE_HANDLE handle)
{
    struct resource *r = slot_of(handle);

    return r && r->open ? r : NULL;
}

/* Lock held. A resource that was open and has been closed, or NULL. */
static struct resource *closed_by_handle(RESOURCE_HANDLE handle)
{
    struct resource *r = slot_of(handle);

    return r && !r->open && r->was_open ? r : NULL;
}

/* Lock held. */
static void set_idle_why(struct resource *r, const char *fmt, ...)
    __attribute__((format(gnu_printf, 2, 3)));

static void set_idle_why(struct resource *r, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(r->idle_buf, sizeof(r->idle_buf), fmt, ap);
    va_end(ap);
    r->idle_why = r->idle_buf;
}

static void reporters_close(struct reporter *list, size_t *n)
{
    while (*n)
        CloseHandle(list[--*n].thread);
}

/* Lock held. The reporters of an operation Terminate ended become stale;
 * stale threads that have ended are let go. */
static void reporters_to_stale(struct resource *r)
{
    size_t i, kept = 0;

    for (i = 0; i < r->n_stale; i++) {
        if (WaitForSingleObject(r->stale[i].thread, 0) == WAIT_OBJECT_0)
            CloseHandle(r->stale[i].thread);
        else
            r->stale[kept++] = r->stale[i];
    }
    r->n_stale = kept;
    for (i = 0; i < r->n_reporters; i++) {
        if (r->n_stale == MAX_REPORTERS) {
            CloseHandle(r->stale[0].thread);
            memmove(r->stale, r->stale + 1, (MAX_REPORTERS - 1) * sizeof(r->stale[0]));
            r->n_stale--;
        }
        r->stale[r->n_stale++] = r->reporters[i];
    }
    r->n_reporters = 0;
}

/* Lock held. Remembers the calling thread as a reporter of the operation. */
static void note_reporter(struct resource *r)
{
    DWORD tid = GetCurrentThreadId();
    HANDLE self;
    size_t i;

    for (i = 0; i < r->n_reporters; i++)
        if (r->reporters[i].tid == tid)
            return;
    if (r->n_reporters == MAX_REPORTERS
        || !DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(),
                            &self, SYNCHRONIZE, FALSE, 0))
        return;
    r->reporters[r->n_reporters].thread = self;
    r->reporters[r->n_reporters++].tid = tid;
}

/* Lock held. */
static BOOL is_stale_reporter(const struct resource *r)
{
    DWORD tid = GetCurrentThreadId();
    size_t i;

    for (i = 0; i < r->n_stale; i++)
        if (r->stale[i].tid == tid)
            return TRUE;
    return FALSE;
}

static BOOL same_name(const WCHAR *a, const WCHAR *b)
{
    return CompareStringW(LOCALE_INVARIANT, NORM_IGNORECASE, a, -1, b, -1) == CSTR_EQUAL;
}

static WCHAR *wcs_dup(const WCHAR *s)
{
    size_t size = (wcslen(s) + 1) * sizeof(WCHAR);
    WCHAR *copy = xmalloc(size);

    memcpy(copy, s, size);
    return copy;
}

const char *state_name(CLUSTER_RESOURCE_STATE s)
{
    switch (s) {
    case ClusterResourceOnline:         return "Online";
    case ClusterResourceOffline:        return "Offline";
    case ClusterResourceFailed:         return "Failed";
    case ClusterResourceOnlinePending:  return "OnlinePending";
    case ClusterResourceOfflinePending: return "OfflinePending";
    case ClusterResourceInitializing:   return "Initializing";
    case ClusterResourceInherited:      return "Inherited";
    case ClusterResourcePending:        return "Pending";
    default:                            return "Unknown";
    }
}

BOOL parse_state(const char *text, CLUSTER_RESOURCE_STATE *state)
{
    static const CLUSTER_RESOURCE_STATE states[] = {
        ClusterResourceOnline, ClusterResourceOffline, ClusterResourceFailed,
        ClusterResourceOnlinePending, ClusterResourceOfflinePending
    };
    size_t i;

    for (i = 0; i < ARRAYSIZE(states); i++) {
        if (!_stricmp(text, state_name(states[i]))) {
            *state = states[i];
            return TRUE;
        }
    }
    return FALSE;
}

static const char *level_name(LOG_LEVEL level, char *buf, size_t size)
{
    switch (level) {
    case LOG_INFORMATION: return "Information";
    case LOG_WARNING:     return "Warning";
    case LOG_ERROR:       return "Error";
    case LOG_SEVERE:      return "Severe";
    default:
        snprintf(buf, size, "%d", (int)level);
        return buf;
    }
}

/* ------------------------------------------------------------ reporting */

static void violation(const char *res8, const char *fmt, ...)
    __attribute__((format(gnu_printf, 2, 3)));

static void violation(const char *res8, const char *fmt, ...)
{
    char what[1024];
    struct line l;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    InterlockedIncrement(&g_violations);
    line_begin(&l, "VIOLATION");
    line_kv_str(&l, "res", res8 ? res8 : "", QUOTE_IF_NEEDED);
    line_kv_str(&l, "what", what, QUOTE_ALWAYS);
    line_emit(&l);
    diag("Resource API violation by %s: %s", res8 && *res8 ? res8 : "an unknown resource",
         what);
}

/* Lock held: state changes and their report lines keep one order. */
static void set_state(struct resource *r, CLUSTER_RESOURCE_STATE state, const char *via)
{
    struct line l;

    r->state = state;
    line_begin(&l, "STATE");
    line_kv_str(&l, "res", r->name8, QUOTE_IF_NEEDED);
    line_kv_str(&l, "state", state_name(state), QUOTE_IF_NEEDED);
    if (state == ClusterResourceOnlinePending || state == ClusterResourceOfflinePending)
        line_kv(&l, "checkpoint", "%lu", r->checkpoint);
    if (via)
        line_kv_str(&l, "via", via, QUOTE_IF_NEEDED);
    line_emit(&l);
    mon_notify();
}

/* Lock held. */
static void enter_online(struct resource *r, const char *via)
{
    ULONGLONG now = now_ms();

    r->op = OP_NONE;
    r->next_looks = now + r->looks_ms;
    r->next_is = now + r->is_ms;
    set_state(r, ClusterResourceOnline, via);
}

static DWORD call_status(const struct call *c)
{
    switch (c->entry) {
    case ENTRY_OPEN:
        return c->ret ? ERROR_SUCCESS : c->last_error;
    case ENTRY_CLOSE:
    case ENTRY_TERMINATE:
        return ERROR_SUCCESS;
    case ENTRY_LOOKSALIVE:
    case ENTRY_ISALIVE:
        return c->ret ? 1 : 0;
    default:
        return (DWORD)c->ret;
    }
}

static void report_call(const char *res8, const char *type8, const struct call *c,
                        enum outcome out, DWORD ms)
{
    char msg[512];
    struct line l;

    switch (out) {
    case CALL_RETURNED:
        line_begin(&l, "CALL");
        line_kv_str(&l, "res", res8, QUOTE_IF_NEEDED);
        line_kv_str(&l, "entry", entry_name(c->entry), QUOTE_IF_NEEDED);
        if (type8)
            line_kv_str(&l, "type", type8, QUOTE_IF_NEEDED);
        line_kv(&l, "ms", "%lu", ms);
        line_kv(&l, "status", "%lu", call_status(c));
        if (ms > SLOW_CALL_MS)
            line_kv(&l, "slow", "1");
        line_emit(&l);
        if (ms > SLOW_CALL_MS)
            diag("%s of %s took %lu ms (more than %u ms)", entry_name(c->entry),
                 res8, ms, SLOW_CALL_MS);
        break;
    case CALL_HUNG:
        InterlockedIncrement(&g_hung);
        line_begin(&l, "HUNG");
        line_kv_str(&l, "res", res8, QUOTE_IF_NEEDED);
        line_kv_str(&l, "entry", entry_name(c->entry), QUOTE_IF_NEEDED);
        line_kv(&l, "ms", "%lu", ms);
        line_emit(&l);
        snprintf(msg, sizeof(msg), "%s of %s has not returned after %lu ms: deadlock,"
                 " resource abandoned", entry_name(c->entry), res8, ms);
        diag("%s", msg);
        clog_rm("ERR ", msg);
        break;
    case CALL_CRASHED: {
        WCHAR module[MAX_PATH];
        char *module8;
        module_of(c->exc_addr, module, ARRAYSIZE(module));
        module8 = utf8_dup(module);
        InterlockedIncrement(&g_crashes);
        line_begin(&l, "CRASH");
        line_kv_str(&l, "res", res8, QUOTE_IF_NEEDED);
        line_kv_str(&l, "entry", entry_name(c->entry), QUOTE_IF_NEEDED);
        line_kv(&l, "code", "0x%08lX", c->exc_code);
        line_kv(&l, "address", "0x%llx", (unsigned long long)(ULONG_PTR)c->exc_addr);
        line_kv_str(&l, "module", module8, QUOTE_IF_NEEDED);
        line_emit(&l);
        diag("%s of %s faulted with exception 0x%08lX at 0x%llx in %s", entry_name(c->entry),
             res8, c->exc_code, (unsigned long long)(ULONG_PTR)c->exc_addr,
             *module8 ? module8 : "no module");
        free(module8);
        break;
    }
    case CALL_NOTHREAD: {
        char err[256];
        diag("cannot start a thread for %s of %s: %s", entry_name(c->entry), res8,
             errtext(c->last_error, err, sizeof(err)));
        break;
    }
    case CALL_REFUSED:
        break;
    }
}

static BOOL slot_busy(const struct resource *r, enum entry e)
{
    if (e == ENTRY_TERMINATE)
        return r->in_terminate
               || (r->in_call && (r->current == ENTRY_OPEN || r->current == ENTRY_CLOSE));
    if (e == ENTRY_OPEN || e == ENTRY_CLOSE)
        return r->in_call || r->in_terminate;
    return r->in_call;
}

static void start_terminator(struct resource *r, struct call *trigger);

/*
 * Calls one entry point of r with the real monitor's serialisation, reports
 * it, and abandons the resource if the call hung or faulted.
 */
static enum outcome res_call(struct resource *r, struct call *c)
{
    BOOL terminate = c->entry == ENTRY_TERMINATE, trigger = FALSE;
    enum outcome out;
    DWORD deadlock, ms;

    mon_lock();
    while (!r->dead && r->open && slot_busy(r, c->entry))
        mon_wait(INFINITE);
    if (r->dead || !r->open) {
        mon_unlock();
        return CALL_REFUSED;
    }
    if (terminate) {
        r->in_terminate = TRUE;
    } else {
        r->in_call = TRUE;
        r->current = c->entry;
    }
    if (r->arm == ARM_DURING && r->arm_entry == c->entry) {
        r->arm = ARM_RUNNING;
        trigger = TRUE;
    }
    deadlock = g_deadlock_ms;
    c->resid = r->resid;
    mon_unlock();

    if (trigger)
        start_terminator(r, c);

    out = call_run(c, deadlock, &ms);
    report_call(r->name8, NULL, c, out, ms);

    mon_lock();
    if (terminate)
        r->in_terminate = FALSE;
    else
        r->in_call = FALSE;
    if (out == CALL_HUNG || out == CALL_CRASHED) {
        r->dead = TRUE;
        r->op = OP_NONE;
        r->type->dll->unsafe = TRUE;
        set_state(r, ClusterResourceFailed, out == CALL_HUNG ? "hung" : "crash");
    }
    mon_notify();
    mon_unlock();
    return out;
}

static const char *outcome_reason(enum outcome out)
{
    switch (out) {
    case CALL_CRASHED: return "faulted";
    case CALL_HUNG:    return "hung";
    case CALL_NOTHREAD: return "could not be started";
    case CALL_REFUSED: return "was not made: the resource was abandoned after a hang or fault";
    default:           return "returned";
    }
}

/* ------------------------------------------------------------ callbacks */

static DWORD WINAPI set_resource_status(RESOURCE_HANDLE handle, PRESOURCE_STATUS status)
{
    RESOURCE_STATUS st = { 0 };
    struct resource *r;
    DWORD ret = ResourceExitStateContinue;
    BOOL allowed;

    /* Copied before locking: a bad pointer faults on the DLL's thread, not
     * with the monitor lock held. */
    if (status)
        st = *status;
    mon_lock();
    r = by_handle(handle);
    if (!r) {
        char name8[256] = "";
        if ((r = closed_by_handle(handle)))
            snprintf(name8, sizeof(name8), "%s", r->name8);
        mon_unlock();
        if (*name8)
            violation(name8, "SetResourceStatus (state %s, checkpoint %lu) for a resource"
                      " after its Close returned", state_name(st.ResourceState), st.CheckPoint);
        else
            violation(NULL, "SetResourceStatus with an unknown resource handle %p",
                      (void *)handle);
        return ResourceExitStateTerminate;
    }
    if (is_stale_reporter(r)) {
        violation(r->name8, "SetResourceStatus (state %s, checkpoint %lu) from thread %lu, a"
                  " worker of an operation that an earlier Terminate ended",
                  state_name(st.ResourceState), st.CheckPoint, GetCurrentThreadId());
        ret = ResourceExitStateTerminate;
        goto out;
    }
    if (r->dead || r->terminating || r->in_terminate) {
        /* Being terminated: the answer itself is the order to stop. */
        mon_unlock();
        return ResourceExitStateTerminate;
    }
    if (!status) {
        violation(r->name8, "SetResourceStatus with a NULL status");
        ret = ResourceExitStateTerminate;
        goto out;
    }
    if (r->stop_told && r->in_call && (r->current == ENTRY_ONLINE || r->current == ENTRY_OFFLINE)) {
        /* Perhaps a report of that call's own operation, begun in the DLL
         * after the Terminate returned (its thread ran late): the call's
         * return decides (ERROR_IO_PENDING: it was; anything else: a
         * report after Terminate, a violation). */
        r->late_reports++;
        ret = ResourceExitStateTerminate;
        goto out;
    }
    if (r->stop_told) {
        violation(r->name8, "SetResourceStatus (state %s, checkpoint %lu) after the DLL was"
                  " told to stop", state_name(st.ResourceState), st.CheckPoint);
        ret = ResourceExitStateTerminate;
        goto out;
    }
    if (r->op == OP_NONE) {
        violation(r->name8, "SetResourceStatus (state %s, checkpoint %lu) while no Online or"
                  " Offline is pending (%s)", state_name(st.ResourceState), st.CheckPoint,
                  r->idle_why ? r->idle_why : "none was started");
        r->stop_told = TRUE;
        ret = ResourceExitStateTerminate;
        goto out;
    }
    if (r->op == OP_ONLINE)
        allowed = st.ResourceState == ClusterResourceOnlinePending
                  || st.ResourceState == ClusterResourceOnline
                  || st.ResourceState == ClusterResourceFailed;
    else
        allowed = st.ResourceState == ClusterResourceOfflinePending
                  || st.ResourceState == ClusterResourceOffline
                  || st.ResourceState == ClusterResourceFailed;
    if (!allowed) {
        violation(r->name8, "SetResourceStatus with state %d (%s) while %s is pending",
                  (int)st.ResourceState, state_name(st.ResourceState),
                  r->op == OP_ONLINE ? "Online" : "Offline");
        goto out;
    }
    if (st.CheckPoint <= r->checkpoint)
        violation(r->name8, "CheckPoint not rising: %lu after %lu", st.CheckPoint,
                  r->checkpoint);
    else if (st.CheckPoint != r->checkpoint + 1)
        violation(r->name8, "CheckPoint jumped from %lu to %lu", r->checkpoint, st.CheckPoint);
    if (st.CheckPoint > r->checkpoint)
        r->checkpoint = st.CheckPoint;
    note_reporter(r);
    r->last_report = now_ms();
    if (!r->op_returned)
        r->early_reports++;
    if (st.ResourceState == ClusterResourceOnline || st.ResourceState == ClusterResourceOffline
        || st.ResourceState == ClusterResourceFailed)
        set_idle_why(r, "the %s ended with a report of %s",
                     r->op == OP_ONLINE ? "Online" : "Offline", state_name(st.ResourceState));
    switch (st.ResourceState) {
    case ClusterResourceOnline:
        enter_online(r, "report");
        break;
    case ClusterResourceOffline:
        r->op = OP_NONE;
        set_state(r, ClusterResourceOffline, "report");
        break;
    case ClusterResourceFailed:
        r->op = OP_NONE;
        r->want_terminate = TRUE;
        set_state(r, ClusterResourceFailed, "report");
        break;
    default:
        set_state(r, st.ResourceState, "report");
        break;
    }
out:
    mon_unlock();
    return ret;
}

/* Makes a log text one line: trailing CR/LF go, inner ones become spaces. */
static size_t one_line(WCHAR *text)
{
    size_t n = wcslen(text), i;

    while (n && (text[n - 1] == L'\r' || text[n - 1] == L'\n'))
        text[--n] = 0;
    for (i = 0; i < n; i++)
        if (text[i] == L'\r' || text[i] == L'\n')
            text[i] = L' ';
    return n;
}

/* Variadic, so cdecl whatever the typedef says; the DLL's compiler agrees. */
static VOID WINAPI log_event(RESOURCE_HANDLE handle, LOG_LEVEL level, LPCWSTR format, ...)
{
    WCHAR *formatted = NULL, *text;
    DWORD format_error = ERROR_SUCCESS;
    char *text8, levelbuf[16];
    const char *name8 = NULL, *type8 = NULL;
    struct resource *r;
    struct line l;
    size_t chars;
    va_list ap;

    if (format) {
        va_start(ap, format);
        if (!FormatMessageW(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ALLOCATE_BUFFER,
                            format, 0, 0, (LPWSTR)&formatted, 0, &ap))
            format_error = GetLastError();
        va_end(ap);
    }
    /* A format FormatMessage rejects is logged as it stands. */
    text = wcs_dup(formatted ? formatted : format ? format : L"");
    LocalFree(formatted);
    chars = one_line(text);
    text8 = utf8_dup(text);
    free(text);

    mon_lock();
    r = by_handle(handle);
    if (r) {
        name8 = r->name8;            /* never freed */
        type8 = r->type->name8;
    } else if ((r = closed_by_handle(handle))) {
        name8 = r->name8;
        r = NULL;
    }
    mon_unlock();
    if (!r) {
        if (name8)
            violation(name8, "LogEvent for a resource after its Close returned: %s", text8);
        else
            violation(NULL, "LogEvent with an unknown resource handle %p: %s",
                      (void *)handle, text8);
        goto out;
    }

    line_begin(&l, "LOG");
    line_kv_str(&l, "res", name8, QUOTE_IF_NEEDED);
    line_kv_str(&l, "level", level_name(level, levelbuf, sizeof(levelbuf)), QUOTE_IF_NEEDED);
    line_kv_str(&l, "text", text8, QUOTE_ALWAYS);
    if (chars > LONG_LOG_CHARS)
        line_kv(&l, "longlog", "%zu", chars);
    line_emit(&l);
    clog_res(level, type8, name8, text8);

    if (!format)
        violation(name8, "LogEvent with a NULL format");
    else if (format_error)
        violation(name8, "LogEvent format rejected by FormatMessage (error %lu)", format_error);
    if (chars > LONG_LOG_CHARS)
        violation(name8, "longlog: %zu characters, the cluster log takes %d", chars,
                  LONG_LOG_CHARS);
out:
    free(text8);
}

/* ------------------------------------------------------------ cluster database */

static DWORD reg_string(HKEY key, const WCHAR *value, WCHAR **out)
{
    DWORD type, size = 0, err;
    WCHAR *buf;

    *out = NULL;
    err = RegQueryValueExW(key, value, NULL, &type, NULL, &size);
    if (err)
        return err;
    if (type != REG_SZ && type != REG_EXPAND_SZ)
        return ERROR_INVALID_DATATYPE;
    buf = xmalloc(size + sizeof(WCHAR));
    err = RegQueryValueExW(key, value, NULL, &type, (BYTE *)buf, &size);
    if (err) {
        free(buf);
        return err;
    }
    buf[size / sizeof(WCHAR)] = 0;
    *out = buf;
    return ERROR_SUCCESS;
}

static DWORD reg_dword(HKEY key, const WCHAR *value)
{
    DWORD type, data = 0, size = sizeof(data);

    if (RegQueryValueExW(key, value, NULL, &type, (BYTE *)&data, &size) || type != REG_DWORD)
        return 0;
    return data;
}

/* Finds Resources\{guid} whose Name matches; opens it for the DLL. */
static DWORD find_resource_key(const WCHAR *name, HKEY *key, WCHAR **type, WCHAR **stored_name,
                               reason_t reason)
{
    WCHAR sub[256], *found_name = NULL;
    HKEY all = NULL, one = NULL;
    DWORD err, i, len;
    char err8[256], *name8 = utf8_dup(name);

    *key = NULL;
    *type = NULL;
    *stored_name = NULL;
    err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Cluster\\Resources", 0, KEY_READ, &all);
    if (err) {
        snprintf(reason, sizeof(reason_t), "cannot open HKLM\\Cluster\\Resources (is this a"
                 " cluster node?): %s", errtext(err, err8, sizeof(err8)));
        goto out;
    }
    for (i = 0;; i++) {
        len = ARRAYSIZE(sub);
        err = RegEnumKeyExW(all, i, sub, &len, NULL, NULL, NULL, NULL);
        if (err == ERROR_NO_MORE_ITEMS) {
            err = ERROR_RESOURCE_NOT_FOUND;
            snprintf(reason, sizeof(reason_t), "no resource named \"%s\" under"
                     " HKLM\\Cluster\\Resources", name8);
            goto out;
        }
        if (err == ERROR_MORE_DATA)
            continue;
        if (err) {
            snprintf(reason, sizeof(reason_t), "cannot enumerate HKLM\\Cluster\\Resources: %s",
                     errtext(err, err8, sizeof(err8)));
            goto out;
        }
        /* Write access lets the DLL store properties from SET controls; a
         * read-only database still lets it run. */
        if (RegOpenKeyExW(all, sub, 0, KEY_READ | KEY_WRITE, &one)
            && RegOpenKeyExW(all, sub, 0, KEY_READ, &one))
            continue;
        if (!reg_string(one, L"Name", &found_name) && same_name(found_name, name))
            break;
        free(found_name);
        found_name = NULL;
        RegCloseKey(one);
        one = NULL;
    }
    err = reg_string(one, L"Type", type);
    if (err) {
        char *sub8 = utf8_dup(sub);
        snprintf(reason, sizeof(reason_t), "resource \"%s\" (HKLM\\Cluster\\Resources\\%s) has"
                 " no Type: %s", name8, sub8, errtext(err, err8, sizeof(err8)));
        free(sub8);
        goto out;
    }
    *key = one;
    one = NULL;
    *stored_name = found_name;
    found_name = NULL;
out:
    free(found_name);
    free(name8);
    if (one)
        RegCloseKey(one);
    if (all)
        RegCloseKey(all);
    return err;
}

/* A bare file name means "next to resmon.exe", as the cluster directory. */
static WCHAR *resolve_dll_path(const WCHAR *dll_name)
{
    WCHAR expanded[MAX_PATH], self[MAX_PATH], *slash, *path;
    DWORD n;

    n = ExpandEnvironmentStringsW(dll_name, expanded, ARRAYSIZE(expanded));
    if (!n || n > ARRAYSIZE(expanded))
        return wcs_dup(dll_name);
    if (wcspbrk(expanded, L"\\/:"))
        return wcs_dup(expanded);
    n = GetModuleFileNameW(NULL, self, ARRAYSIZE(self));
    slash = wcsrchr(self, L'\\');
    if (!n || n >= ARRAYSIZE(self) || !slash)
        return wcs_dup(expanded);
    slash[1] = 0;
    path = xmalloc((wcslen(self) + wcslen(expanded) + 1) * sizeof(WCHAR));
    wcscpy(path, self);
    wcscat(path, expanded);
    if (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES) {
        free(path);
        return wcs_dup(expanded);       /* the loader's search path decides */
    }
    return path;
}

static DWORD load_dll(const WCHAR *path, struct dll **out, reason_t reason, const char *type8)
{
    char err8[256], *path8;
    struct dll *d;
    HMODULE module;
    DWORD err = ERROR_SUCCESS;

    path8 = utf8_dup(path);
    module = wcspbrk(path, L"\\/") ? LoadLibraryExW(path, NULL, LOAD_WITH_ALTERED_SEARCH_PATH)
                                   : LoadLibraryW(path);
    if (!module) {
        err = GetLastError();
        snprintf(reason, sizeof(reason_t), "cannot load %s, the DLL of resource type \"%s\":"
                 " %s", path8, type8, errtext(err, err8, sizeof(err8)));
        goto out;
    }
    for (d = dlls; d; d = d->next) {
        if (d->module == module) {
            FreeLibrary(module);        /* one reference per DLL is enough */
            *out = d;
            goto out;
        }
    }
    d = xmalloc(sizeof(*d));
    memset(d, 0, sizeof(*d));
    d->path = wcs_dup(path);
    d->module = module;
    d->startup = (PSTARTUP_ROUTINE)(void (*)(void))GetProcAddress(module, "Startup");
    d->next = dlls;
    dlls = d;
    *out = d;
out:
    free(path8);
    return err;
}

static DWORD startup_type(struct restype *t, const char *res8)
{
    char err8[256], *path8 = utf8_dup(t->dll->path);
    static const char *const required[] = {
        "Open", "Close", "Online", "Offline", "Terminate", "LooksAlive", "IsAlive"
    };
    const void *entries[7];
    enum outcome out;
    struct call *c;
    DWORD ms, err = ERROR_SUCCESS;
    size_t i;

    if (!t->dll->startup) {
        err = ERROR_PROC_NOT_FOUND;
        snprintf(t->failure, sizeof(t->failure), "%s (resource type \"%s\") exports no"
                 " Startup entry point", path8, t->name8);
        goto out;
    }
    c = call_new(ENTRY_STARTUP, (void *)t->dll->startup);
    c->name = t->name;
    c->set_status = set_resource_status;
    c->log_event = log_event;
    out = call_run(c, g_deadlock_ms, &ms);
    report_call(res8, t->name8, c, out, ms);
    if (out != CALL_RETURNED) {
        err = out == CALL_HUNG ? WAIT_TIMEOUT : ERROR_RESOURCE_FAILED;
        snprintf(t->failure, sizeof(t->failure), "Startup(\"%s\") in %s %s", t->name8, path8,
                 outcome_reason(out));
        if (out == CALL_HUNG || out == CALL_CRASHED)
            t->dll->unsafe = TRUE;
    } else if ((err = (DWORD)c->ret) != ERROR_SUCCESS) {
        snprintf(t->failure, sizeof(t->failure), "Startup(\"%s\") in %s failed: %s",
                 t->name8, path8, errtext(err, err8, sizeof(err8)));
    } else if (!c->table) {
        err = ERROR_INVALID_DATA;
        snprintf(t->failure, sizeof(t->failure), "Startup(\"%s\") in %s succeeded but"
                 " returned no function table", t->name8, path8);
    } else if (c->table_size != CLRES_V1_FUNCTION_SIZE) {
        err = ERROR_INVALID_DATA;
        snprintf(t->failure, sizeof(t->failure), "Startup(\"%s\") in %s returned a function"
                 " table with TableSize %lu, expected %u (CLRES_V1_FUNCTION_SIZE)",
                 t->name8, path8, c->table_size, (unsigned)CLRES_V1_FUNCTION_SIZE);
    } else if (c->table_version != CLRES_VERSION_V1_00) {
        err = ERROR_REVISION_MISMATCH;
        snprintf(t->failure, sizeof(t->failure), "Startup(\"%s\") in %s returned a function"
                 " table of Version 0x%lx, expected 0x%x (CLRES_VERSION_V1_00)",
                 t->name8, path8, c->table_version, CLRES_VERSION_V1_00);
    } else {
        entries[0] = (const void *)c->v1.Open;
        entries[1] = (const void *)c->v1.Close;
        entries[2] = (const void *)c->v1.Online;
        entries[3] = (const void *)c->v1.Offline;
        entries[4] = (const void *)c->v1.Terminate;
        entries[5] = (const void *)c->v1.LooksAlive;
        entries[6] = (const void *)c->v1.IsAlive;
        for (i = 0; i < ARRAYSIZE(entries) && entries[i]; i++)
            ;
        if (i < ARRAYSIZE(entries)) {
            err = ERROR_INVALID_DATA;
            snprintf(t->failure, sizeof(t->failure), "Startup(\"%s\") in %s returned a"
                     " function table without %s", t->name8, path8, required[i]);
        } else {
            t->fn = c->v1;
        }
    }
    call_release(c);
out:
    if (err)
        g_invalid_dll = TRUE;
    free(path8);
    return err;
}

/*
 * Opens ResourceTypes\<name> and returns the key's own spelling, which is
 * what the real monitor hands to Startup whatever case the resource's Type
 * value uses.
 */
static DWORD open_type_key(const WCHAR *type_name, HKEY *key, WCHAR **canonical)
{
    WCHAR sub[256];
    HKEY all = NULL;
    DWORD err, i, len;

    *key = NULL;
    *canonical = NULL;
    err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Cluster\\ResourceTypes", 0, KEY_READ, &all);
    if (err)
        return err;
    for (i = 0;; i++) {
        len = ARRAYSIZE(sub);
        err = RegEnumKeyExW(all, i, sub, &len, NULL, NULL, NULL, NULL);
        if (err == ERROR_MORE_DATA)
            continue;
        if (err == ERROR_NO_MORE_ITEMS)
            err = ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND;
        if (err)
            break;
        if (!same_name(sub, type_name))
            continue;
        err = RegOpenKeyExW(all, sub, 0, KEY_READ, key);
        if (!err)
            *canonical = wcs_dup(sub);
        break;
    }
    RegCloseKey(all);
    return err;
}

/* The type of a resource, loading its DLL and calling Startup the first time. */
static DWORD get_type(const WCHAR *type_name, const char *res8, struct restype **out,
                      reason_t reason)
{
    WCHAR *canonical = NULL, *dll_name = NULL, *path = NULL;
    char err8[256], *type8;
    struct restype *t;
    HKEY key = NULL;
    DWORD err;

    *out = NULL;
    err = open_type_key(type_name, &key, &canonical);
    if (err) {
        type8 = utf8_dup(type_name);
        snprintf(reason, sizeof(reason_t), "resource type \"%s\" is not registered under"
                 " HKLM\\Cluster\\ResourceTypes: %s", type8, errtext(err, err8, sizeof(err8)));
        free(type8);
        return err;
    }
    for (t = types; t; t = t->next) {
        if (same_name(t->name, canonical)) {
            *out = t;
            err = t->error;
            if (err)
                snprintf(reason, sizeof(reason_t), "%s", t->failure);
            goto out;
        }
    }
    t = xmalloc(sizeof(*t));
    memset(t, 0, sizeof(*t));
    t->name = canonical;
    canonical = NULL;
    t->name8 = utf8_dup(t->name);
    t->next = types;
    types = t;
    *out = t;

    t->looks_ms = reg_dword(key, L"LooksAlivePollInterval");
    t->is_ms = reg_dword(key, L"IsAlivePollInterval");
    t->pending_ms = reg_dword(key, L"PendingTimeout");
    err = reg_string(key, L"DllName", &dll_name);
    if (err || !*dll_name) {
        err = err ? err : ERROR_FILE_NOT_FOUND;
        snprintf(t->failure, sizeof(t->failure), "resource type \"%s\" has no DllName: %s",
                 t->name8, errtext(err, err8, sizeof(err8)));
        g_invalid_dll = TRUE;
    } else {
        path = resolve_dll_path(dll_name);
        err = load_dll(path, &t->dll, t->failure, t->name8);
        if (err)
            g_invalid_dll = TRUE;
        else
            err = startup_type(t, res8);
    }
    t->error = err;
    if (err)
        snprintf(reason, sizeof(reason_t), "%s", t->failure);
out:
    free(canonical);
    free(dll_name);
    free(path);
    if (key)
        RegCloseKey(key);
    return err;
}

/* ------------------------------------------------------------ Terminate */

/* Lock held: Terminate returned, so nothing of the operation may report. */
static void terminate_returned(struct resource *r)
{
    r->op = OP_NONE;
    r->stop_told = TRUE;
    r->term_gen++;
    set_idle_why(r, "Terminate returned");
    reporters_to_stale(r);
}

/* What the monitor can see of "the service is stopped or its process gone". */
static void check_terminated(struct resource *r)
{
    char what[512];

    if (watch_stopped(&r->watch, what, sizeof(what)))
        violation(r->name8, "Terminate returned while %s", what);
    watch_forget(&r->watch);
}

static enum outcome terminate_now(struct resource *r);

struct terminator {
    struct resource *r;
    struct call *trigger;         /* terminate-during: the call it waits for */
    DWORD delay_ms;               /* terminate-after */
};

static DWORD WINAPI terminator_thread(void *arg)
{
    struct terminator *t = arg;
    struct resource *r = t->r;
    const char *inside = "none";
    char trigger[64];
    struct line l;

    mark_own_thread();
    if (t->trigger) {
        snprintf(trigger, sizeof(trigger), "during:%s", entry_name(t->trigger->entry));
        WaitForSingleObject(t->trigger->entered, g_deadlock_ms);
        if (!t->trigger->done)
            inside = entry_name(t->trigger->entry);
    } else {
        snprintf(trigger, sizeof(trigger), "after:%lu", t->delay_ms);
        Sleep(t->delay_ms);       /* the script asked for this moment */
        mon_lock();
        if (r->in_call)
            inside = entry_name(r->current);
        mon_unlock();
    }
    line_begin(&l, "TERMINATOR");
    line_kv_str(&l, "res", r->name8, QUOTE_IF_NEEDED);
    line_kv_str(&l, "trigger", trigger, QUOTE_IF_NEEDED);
    line_kv_str(&l, "inside", inside, QUOTE_IF_NEEDED);
    line_emit(&l);
    terminate_now(r);
    if (t->trigger)
        call_release(t->trigger);
    free(t);
    mon_lock();
    r->arm = ARM_DONE;
    mon_notify();
    mon_unlock();
    return 0;
}

/* r->arm is ARM_RUNNING already. */
static void start_terminator(struct resource *r, struct call *trigger)
{
    struct terminator *t = xmalloc(sizeof(*t));
    char err8[256];

    t->r = r;
    t->trigger = trigger;
    t->delay_ms = r->arm_ms;
    if (trigger) {
        InterlockedIncrement(&trigger->refs);
        /* Set by the call thread just before it enters the DLL; the entry
         * point cannot have started before the event exists. */
        if (!trigger->entered)
            trigger->entered = CreateEventW(NULL, TRUE, FALSE, NULL);
    }
    r->terminator = CreateThread(NULL, 0, terminator_thread, t, 0, NULL);
    if (!r->terminator) {
        diag("cannot start the terminator thread of %s: %s", r->name8,
             errtext(GetLastError(), err8, sizeof(err8)));
        if (trigger)
            call_release(trigger);
        free(t);
        mon_lock();
        r->arm = ARM_DONE;
        mon_notify();
        mon_unlock();
    }
}

/* Lock not held. Collects a finished terminator's thread. */
static void join_terminator(struct resource *r)
{
    mon_lock();
    while (r->arm == ARM_RUNNING)
        mon_wait(INFINITE);
    mon_unlock();
    if (r->terminator) {
        WaitForSingleObject(r->terminator, INFINITE);
        CloseHandle(r->terminator);
        r->terminator = NULL;
    }
}

static DWORD arm_check(struct resource *r, reason_t reason)
{
    if (r->dead) {
        snprintf(reason, sizeof(reason_t), "resource \"%s\" was abandoned after a hang or fault",
                 r->name8);
        return ERROR_RESOURCE_FAILED;
    }
    if (r->arm == ARM_RUNNING) {
        snprintf(reason, sizeof(reason_t), "an armed Terminate of \"%s\" is still running;"
                 " use wait-terminated first", r->name8);
        return ERROR_BUSY;
    }
    return ERROR_SUCCESS;
}

DWORD mon_arm_terminate_after(struct resource *r, DWORD ms, reason_t reason)
{
    DWORD err;

    join_terminator(r);
    mon_lock();
    if (!(err = arm_check(r, reason))) {
        r->arm = ARM_AFTER;
        r->arm_ms = ms;
    }
    mon_unlock();
    return err;
}

DWORD mon_arm_terminate_during(struct resource *r, enum entry e, reason_t reason)
{
    DWORD err;

    if (e != ENTRY_ONLINE && e != ENTRY_OFFLINE && e != ENTRY_LOOKSALIVE && e != ENTRY_ISALIVE
        && e != ENTRY_RESCONTROL) {
        snprintf(reason, sizeof(reason_t), "Terminate may run beside Online, Offline, LooksAlive,"
                 " IsAlive or ResourceControl, not beside %s", entry_name(e));
        return ERROR_INVALID_PARAMETER;
    }
    join_terminator(r);
    mon_lock();
    if (!(err = arm_check(r, reason))) {
        r->arm = ARM_DURING;
        r->arm_entry = e;
        r->arm_seq = command_seq;
    }
    mon_unlock();
    return err;
}

/* Every command's start: terminate-after timers begin now. */
void mon_command_starts(void)
{
    size_t i, count;

    mon_lock();
    command_seq++;
    count = resource_count;
    for (i = 0; i < count; i++) {
        struct resource *r = resources[i];
        if (r->arm != ARM_AFTER)
            continue;
        r->arm = ARM_RUNNING;
        mon_unlock();
        start_terminator(r, NULL);
        mon_lock();
    }
    mon_unlock();
}

/*
 * Every command's end: a terminate-during whose next command made no call
 * of its entry point is over, unfired, so that wait-terminated need not
 * wait for a call that will not come.
 */
void mon_command_ends(void)
{
    struct line l;
    size_t i;

    mon_lock();
    for (i = 0; i < resource_count; i++) {
        struct resource *r = resources[i];
        if (r->arm != ARM_DURING || r->arm_seq == command_seq)
            continue;
        r->arm = ARM_DONE;
        line_begin(&l, "TERMINATOR");
        line_kv_str(&l, "res", r->name8, QUOTE_IF_NEEDED);
        line_kv(&l, "trigger", "during:%s", entry_name(r->arm_entry));
        line_kv(&l, "inside", "none");
        line_kv(&l, "fired", "0");
        line_emit(&l);
        mon_notify();
    }
    mon_unlock();
}

DWORD mon_wait_terminated(struct resource *r, DWORD ms, reason_t reason)
{
    ULONGLONG deadline = now_ms() + ms, now;
    DWORD err = ERROR_SUCCESS;

    mon_lock();
    if (r->arm == ARM_NONE) {
        snprintf(reason, sizeof(reason_t), "no Terminate of \"%s\" was armed (terminate-after or"
                 " terminate-during)", r->name8);
        mon_unlock();
        return ERROR_INVALID_STATE;
    }
    while (r->arm != ARM_DONE) {
        now = now_ms();
        if (now >= deadline) {
            snprintf(reason, sizeof(reason_t), "the armed Terminate of \"%s\" has %s after %lu ms",
                     r->name8, r->arm == ARM_RUNNING ? "not returned" : "not been triggered", ms);
            err = WAIT_TIMEOUT;
            break;
        }
        mon_wait((DWORD)(deadline - now));
    }
    if (!err)
        r->arm = ARM_NONE;
    mon_unlock();
    if (!err && r->terminator) {
        WaitForSingleObject(r->terminator, INFINITE);
        CloseHandle(r->terminator);
        r->terminator = NULL;
    }
    return err;
}

BOOL parse_entry(const char *text, enum entry *e)
{
    enum entry i;

    for (i = ENTRY_STARTUP; i <= ENTRY_TYPECONTROL; i++) {
        if (!_stricmp(text, entry_name(i))) {
            *e = i;
            return TRUE;
        }
    }
    return FALSE;
}

DWORD mon_watch(struct resource *r, BOOL service, const WCHAR *name, reason_t reason)
{
    if (!*name) {
        snprintf(reason, sizeof(reason_t), "watch needs a service or image file name");
        return ERROR_INVALID_PARAMETER;
    }
    watch_set(&r->watch, service, name);
    mon_lock();
    mon_notify();               /* the poller resolves it when Online */
    mon_unlock();
    return ERROR_SUCCESS;
}

/* ------------------------------------------------------------ the poller */

static void terminate_and_fail(struct resource *r, const char *via, BOOL fail_first);

/* One LooksAlive or IsAlive; *alive is the result when it returned. */
static enum outcome alive_call(struct resource *r, BOOL is_alive, BOOL *alive)
{
    struct call *c;
    enum outcome out;
    struct line l;
    void *fn = is_alive ? (void *)r->type->fn.IsAlive : (void *)r->type->fn.LooksAlive;

    BOOL gone_before;

    /* Whether the process had ended before the call is what makes TRUE wrong. */
    watch_resolve(&r->watch);
    gone_before = watch_gone(&r->watch);
    c = call_new(is_alive ? ENTRY_ISALIVE : ENTRY_LOOKSALIVE, fn);
    out = res_call(r, c);
    if (out == CALL_RETURNED) {
        *alive = c->ret != 0;
        if (*alive && gone_before) {
            char *name8 = utf8_dup(r->watch.name);
            violation(r->name8, "%s returned TRUE although the process of %s (pid %lu) had"
                      " ended before the call", entry_name(c->entry), name8, r->watch.pid);
            free(name8);
        }
        line_begin(&l, "ALIVE");
        line_kv_str(&l, "res", r->name8, QUOTE_IF_NEEDED);
        line_kv_str(&l, "entry", entry_name(c->entry), QUOTE_IF_NEEDED);
        line_kv(&l, "result", "%d", *alive ? 1 : 0);
        line_kv(&l, "ms", "%lu", (DWORD)(c->t_end - c->t_start));
        line_emit(&l);
    }
    call_release(c);
    return out;
}

/* Lock held. */
static BOOL polling_now(const struct resource *r)
{
    return g_poll && r->state == ClusterResourceOnline && r->op == OP_NONE
           && !r->terminating && !r->dead;
}

enum poll_action { POLL_NONE, POLL_TIMEOUT, POLL_REPORTED_FAILED, POLL_EVENT,
                   POLL_LOOKS, POLL_IS };

/* Lock held. Picks the next thing to do, or how long to sleep. */
static enum poll_action next_action(struct resource *r, DWORD *sleep_ms)
{
    ULONGLONG now = now_ms(), due = (ULONGLONG)-1;

    *sleep_ms = INFINITE;
    if (r->want_terminate && !r->terminating) {
        r->want_terminate = FALSE;
        r->terminating = TRUE;
        return POLL_REPORTED_FAILED;
    }
    if (r->op != OP_NONE && r->op_returned && !r->terminating) {
        due = r->last_report + r->pending_ms;
        if (now >= due) {
            r->terminating = TRUE;
            return POLL_TIMEOUT;
        }
        *sleep_ms = (DWORD)(due - now);
        return POLL_NONE;
    }
    if (!polling_now(r))
        return POLL_NONE;
    if (r->fail_event && WaitForSingleObject(r->fail_event, 0) == WAIT_OBJECT_0) {
        r->terminating = TRUE;
        return POLL_EVENT;
    }
    if (r->is_ms && now >= r->next_is)
        return POLL_IS;
    if (r->looks_ms && now >= r->next_looks)
        return POLL_LOOKS;
    if (r->is_ms)
        due = r->next_is;
    if (r->looks_ms && r->next_looks < due)
        due = r->next_looks;
    if (due != (ULONGLONG)-1)
        *sleep_ms = (DWORD)(due - now);
    if (r->fail_event && *sleep_ms > 100)
        *sleep_ms = 100;        /* the event is checked, not waited on */
    return POLL_NONE;
}

static DWORD WINAPI poller_thread(void *arg)
{
    struct resource *r = arg;
    enum poll_action action;
    DWORD sleep_ms, gap, limit;
    char msg[512];
    BOOL alive;
    struct line l;

    mark_own_thread();
    mon_lock();
    while (!r->poller_quit && !r->dead) {
        if (r->state == ClusterResourceOnline && r->op == OP_NONE && r->watch.name
            && !r->watch.process) {
            /* Taken while the process runs: under Wine it is the only
             * reliable witness of its end. Tried again at every wake until
             * found; polling goes on meanwhile. */
            mon_unlock();
            watch_resolve(&r->watch);
            mon_lock();
        }
        action = next_action(r, &sleep_ms);
        if (action == POLL_NONE) {
            mon_wait(sleep_ms);
            continue;
        }
        gap = (DWORD)(now_ms() - r->last_report);
        limit = r->pending_ms;
        mon_unlock();

        switch (action) {
        case POLL_TIMEOUT:
            line_begin(&l, "TIMEOUT");
            line_kv_str(&l, "res", r->name8, QUOTE_IF_NEEDED);
            line_kv_str(&l, "what", "pending-timeout", QUOTE_IF_NEEDED);
            line_kv(&l, "gap", "%lu", gap);
            line_kv(&l, "limit", "%lu", limit);
            line_emit(&l);
            snprintf(msg, sizeof(msg), "%s: no status report for %lu ms while pending"
                     " (PendingTimeout %lu ms); terminating", r->name8, gap, limit);
            diag("%s", msg);
            clog_rm("ERR ", msg);
            terminate_and_fail(r, "timeout", FALSE);
            break;
        case POLL_REPORTED_FAILED:
            terminate_and_fail(r, "report", FALSE);
            break;
        case POLL_EVENT:
            diag("%s: the event handle returned by Online was signalled", r->name8);
            terminate_and_fail(r, "event", TRUE);
            break;
        case POLL_LOOKS:
        case POLL_IS:
            if (alive_call(r, action == POLL_IS, &alive) != CALL_RETURNED)
                break;
            mon_lock();
            if (action == POLL_IS)
                r->next_is = now_ms() + r->is_ms;
            r->next_looks = now_ms() + r->looks_ms;
            if (!alive && action == POLL_LOOKS && polling_now(r)) {
                /* LooksAlive's doubt is settled by IsAlive at once. */
                mon_unlock();
                if (alive_call(r, TRUE, &alive) != CALL_RETURNED)
                    break;
                mon_lock();
                r->next_is = now_ms() + r->is_ms;
            }
            if (!alive && polling_now(r)) {
                r->terminating = TRUE;
                mon_unlock();
                diag("%s: IsAlive returned FALSE; resource failed", r->name8);
                terminate_and_fail(r, "isalive", TRUE);
                break;
            }
            mon_unlock();
            break;
        case POLL_NONE:
            break;
        }
        mon_lock();
    }
    mon_unlock();
    return 0;
}

/*
 * Terminate after a failure. r->terminating is already set by the caller
 * under the lock, so a report racing with the decision is told to stop
 * rather than counted as a violation.
 */
static void terminate_and_fail(struct resource *r, const char *via, BOOL fail_first)
{
    struct call *c;
    enum outcome out;

    if (fail_first) {
        mon_lock();
        r->op = OP_NONE;
        set_state(r, ClusterResourceFailed, via);
        mon_unlock();
    }
    c = call_new(ENTRY_TERMINATE, (void *)r->type->fn.Terminate);
    out = res_call(r, c);
    call_release(c);
    mon_lock();
    r->terminating = FALSE;
    if (out == CALL_RETURNED) {
        terminate_returned(r);
        if (!fail_first && r->state != ClusterResourceFailed)
            set_state(r, ClusterResourceFailed, via);
    }
    mon_notify();
    mon_unlock();
    if (out == CALL_RETURNED)
        check_terminated(r);
}

/* ------------------------------------------------------------ commands */

struct resource *mon_find(const WCHAR *name)
{
    struct resource *found = NULL;
    size_t i;

    mon_lock();
    for (i = resource_count; i-- > 0;) {
        if (resources[i]->open && same_name(resources[i]->name, name)) {
            found = resources[i];
            break;
        }
    }
    mon_unlock();
    return found;
}

static DWORD interval_of(HKEY key, const WCHAR *value, DWORD type_value, DWORD fallback)
{
    DWORD v = reg_dword(key, value);

    return v ? v : type_value ? type_value : fallback;
}

DWORD mon_open(const WCHAR *name, reason_t reason)
{
    struct resource *r = NULL, **bigger;
    struct restype *t;
    WCHAR *type_name = NULL, *stored_name = NULL;
    char *name8 = utf8_dup(name), err8[256];
    HKEY key = NULL;
    struct call *c = NULL;
    enum outcome out;
    DWORD err;

    if (mon_find(name)) {
        err = ERROR_ALREADY_EXISTS;
        snprintf(reason, sizeof(reason_t), "resource \"%s\" is already open", name8);
        goto out;
    }
    err = find_resource_key(name, &key, &type_name, &stored_name, reason);
    if (err)
        goto out;
    /* From here on the resource goes by the name the database spells. */
    free(name8);
    name8 = utf8_dup(stored_name);
    err = get_type(type_name, name8, &t, reason);
    if (err)
        goto out;
    if (resource_count >= 0xFFFF) {
        err = ERROR_TOO_MANY_NAMES;
        snprintf(reason, sizeof(reason_t), "too many resources");
        goto out;
    }

    r = xmalloc(sizeof(*r));
    memset(r, 0, sizeof(*r));
    r->name = stored_name;
    stored_name = NULL;
    r->name8 = name8;
    name8 = NULL;
    r->type = t;
    r->key = key;
    r->state = ClusterResourceOffline;
    watch_init(&r->watch);
    r->idle_why = "no Online or Offline was started";
    r->looks_ms = interval_of(key, L"LooksAlivePollInterval", t->looks_ms,
                              DEFAULT_LOOKSALIVE_MS);
    r->is_ms = interval_of(key, L"IsAlivePollInterval", t->is_ms, DEFAULT_ISALIVE_MS);
    r->pending_ms = interval_of(key, L"PendingTimeout", t->pending_ms, DEFAULT_PENDING_MS);

    mon_lock();
    if (resource_count == resource_cap) {
        resource_cap = resource_cap ? resource_cap * 2 : 16;
        bigger = realloc(resources, resource_cap * sizeof(*resources));
        if (!bigger) {
            mon_unlock();
            diag("out of memory");
            ExitProcess(2);
        }
        resources = bigger;
    }
    r->handle = handle_for(resource_count);
    resources[resource_count++] = r;
    r->open = TRUE;             /* Open may already log with its handle */
    mon_unlock();

    c = call_new(ENTRY_OPEN, (void *)t->fn.Open);
    c->name = r->name;
    c->key = key;
    c->handle = r->handle;
    out = res_call(r, c);
    if (out != CALL_RETURNED) {
        err = ERROR_RESOURCE_FAILED;
        snprintf(reason, sizeof(reason_t), "Open of \"%s\" (type \"%s\") %s", r->name8,
                 t->name8, outcome_reason(out));
        goto out;
    }
    if (!c->ret) {
        err = c->last_error ? c->last_error : ERROR_GEN_FAILURE;
        snprintf(reason, sizeof(reason_t), "Open of \"%s\" (type \"%s\") returned NULL: %s%s",
                 r->name8, t->name8, errtext(err, err8, sizeof(err8)),
                 c->last_error ? "" : " (the DLL did not SetLastError)");
        mon_lock();
        r->open = FALSE;
        mon_unlock();
        RegCloseKey(key);
        r->key = NULL;
        goto out;
    }
    mon_lock();
    r->resid = (RESID)c->ret;
    r->was_open = TRUE;
    set_state(r, ClusterResourceOffline, "open");
    mon_unlock();
    r->poller = CreateThread(NULL, 0, poller_thread, r, 0, NULL);
    if (!r->poller)
        diag("cannot start the poller of %s: %s", r->name8,
             errtext(GetLastError(), err8, sizeof(err8)));
    key = NULL;
out:
    if (c)
        call_release(c);
    if (key && !r)
        RegCloseKey(key);
    free(type_name);
    free(stored_name);
    free(name8);
    return err;
}

static DWORD refuse_dead(struct resource *r, reason_t reason)
{
    snprintf(reason, sizeof(reason_t), "resource \"%s\" was abandoned after a hang or fault",
             r->name8);
    return ERROR_RESOURCE_FAILED;
}

static DWORD call_failed(struct resource *r, enum entry e, enum outcome out, reason_t reason)
{
    if (out == CALL_REFUSED)
        return refuse_dead(r, reason);
    snprintf(reason, sizeof(reason_t), "%s of \"%s\" %s", entry_name(e), r->name8,
             outcome_reason(out));
    return ERROR_RESOURCE_FAILED;
}

static void stop_poller(struct resource *r)
{
    mon_lock();
    r->poller_quit = TRUE;
    mon_notify();
    mon_unlock();
    if (r->poller) {
        if (WaitForSingleObject(r->poller, g_deadlock_ms + 2000) == WAIT_TIMEOUT)
            diag("the poller of %s did not stop", r->name8);
        CloseHandle(r->poller);
        r->poller = NULL;
    }
}

/* Terminate on request (not after a failure): the resource ends Offline. */
static enum outcome terminate_now(struct resource *r)
{
    struct call *c;
    enum outcome out;

    mon_lock();
    r->terminating = TRUE;
    mon_unlock();
    c = call_new(ENTRY_TERMINATE, (void *)r->type->fn.Terminate);
    out = res_call(r, c);
    call_release(c);
    mon_lock();
    r->terminating = FALSE;
    if (out == CALL_RETURNED) {
        terminate_returned(r);
        set_state(r, ClusterResourceOffline, "terminate");
    }
    mon_notify();
    mon_unlock();
    if (out == CALL_RETURNED)
        check_terminated(r);
    return out;
}

DWORD mon_close(struct resource *r, reason_t reason)
{
    struct call *c;
    enum outcome out;

    if (r->dead)
        return refuse_dead(r, reason);
    /* An armed Terminate that has not fired never will; one that runs ends first. */
    mon_lock();
    if (r->arm == ARM_AFTER || r->arm == ARM_DURING)
        r->arm = ARM_NONE;
    mon_unlock();
    join_terminator(r);
    stop_poller(r);
    /* Like the monitor, a resource not offline is terminated first. */
    if (r->state != ClusterResourceOffline
        && (out = terminate_now(r)) != CALL_RETURNED)
        return call_failed(r, ENTRY_TERMINATE, out, reason);
    c = call_new(ENTRY_CLOSE, (void *)r->type->fn.Close);
    out = res_call(r, c);
    call_release(c);
    if (out != CALL_RETURNED)
        return call_failed(r, ENTRY_CLOSE, out, reason);
    mon_lock();
    r->open = FALSE;
    reporters_close(r->reporters, &r->n_reporters);
    mon_notify();
    mon_unlock();
    watch_forget(&r->watch);
    RegCloseKey(r->key);
    r->key = NULL;
    return ERROR_SUCCESS;
}

static DWORD online_offline(struct resource *r, BOOL online, reason_t reason)
{
    const char *what = online ? "Online" : "Offline";
    CLUSTER_RESOURCE_STATE done = online ? ClusterResourceOnline : ClusterResourceOffline;
    CLUSTER_RESOURCE_STATE pending = online ? ClusterResourceOnlinePending
                                            : ClusterResourceOfflinePending;
    struct call *c;
    enum outcome out;
    DWORD status, err = ERROR_SUCCESS;
    BOOL failed = FALSE, late = FALSE;
    char err8[256], msg[512];
    LONG gen;

    mon_lock();
    if (r->dead) {
        mon_unlock();
        return refuse_dead(r, reason);
    }
    /* The cluster brings online only what is offline or failed, and takes
     * offline only what is online or failed. */
    if (r->op != OP_NONE || r->terminating
        || !(r->state == ClusterResourceFailed
             || r->state == (online ? ClusterResourceOffline : ClusterResourceOnline))) {
        snprintf(reason, sizeof(reason_t), "resource \"%s\" is %s%s", r->name8,
                 state_name(r->state), r->terminating ? " and being terminated" : "");
        mon_unlock();
        return ERROR_INVALID_STATE;
    }
    r->op = online ? OP_ONLINE : OP_OFFLINE;
    gen = r->term_gen;
    reporters_close(r->reporters, &r->n_reporters);
    r->op_returned = FALSE;
    r->early_reports = 0;
    r->checkpoint = 0;
    r->stop_told = FALSE;
    r->late_reports = 0;
    r->want_terminate = FALSE;
    r->last_report = now_ms();
    if (online)
        r->fail_event = NULL;
    mon_unlock();
    if (online)
        watch_forget(&r->watch);  /* this Online starts a process of its own */

    c = call_new(online ? ENTRY_ONLINE : ENTRY_OFFLINE,
                 online ? (void *)r->type->fn.Online : (void *)r->type->fn.Offline);
    out = res_call(r, c);
    if (out != CALL_RETURNED) {
        err = ERROR_RESOURCE_FAILED;
        snprintf(reason, sizeof(reason_t), "%s of \"%s\" %s", what, r->name8,
                 outcome_reason(out));
        goto out;
    }
    status = (DWORD)c->ret;

    mon_lock();
    if (r->early_reports && status != ERROR_IO_PENDING)
        violation(r->name8, "SetResourceStatus called during %s, which then returned %lu"
                  " instead of ERROR_IO_PENDING", what, status);
    if (status != ERROR_IO_PENDING && r->term_gen == gen)
        set_idle_why(r, "%s returned %lu, not ERROR_IO_PENDING", what, status);
    if (r->term_gen != gen) {
        /* A Terminate on another thread returned while the call ran: the
         * operation is over whatever the call answers. But a call that
         * entered the DLL only after that Terminate was done (its thread
         * was scheduled late) rightly began an operation the DLL cannot
         * know was cancelled: ERROR_IO_PENDING then means one is running,
         * and the monitor ends it as the cluster would, with a Terminate. */
        if (status == ERROR_IO_PENDING) {
            late = TRUE;
            r->terminating = TRUE;
        } else if (r->late_reports) {
            violation(r->name8, "%lu SetResourceStatus call(s) after the DLL was told to stop,"
                      " during a %s that then returned %lu", r->late_reports, what, status);
        }
        r->late_reports = 0;
    } else if (status == ERROR_IO_PENDING) {
        /* Early reports may have finished the job already. */
        if (r->op != OP_NONE && !r->terminating) {
            r->op_returned = TRUE;
            r->last_report = now_ms();
            set_state(r, pending, "return");
        }
    } else if (r->op != OP_NONE && !r->terminating) {
        r->op = OP_NONE;
        if (status == ERROR_SUCCESS && online) {
            enter_online(r, "return");
        } else if (status == ERROR_SUCCESS) {
            set_state(r, done, "return");
        } else {
            failed = TRUE;
            r->terminating = TRUE;
        }
    }
    if (online && c->event_handle && r->term_gen == gen
        && (status == ERROR_SUCCESS || status == ERROR_IO_PENDING))
        r->fail_event = c->event_handle;
    mon_notify();
    mon_unlock();

    if (late) {
        snprintf(msg, sizeof(msg), "%s of %s returned ERROR_IO_PENDING after a Terminate had"
                 " returned: the call began in the DLL after it; terminating again", what, r->name8);
        diag("%s", msg);
        clog_rm("INFO", msg);
        terminate_now(r);
    }
    if (failed) {
        errtext(status, err8, sizeof(err8));
        snprintf(msg, sizeof(msg), "%s of %s returned %s; terminating", what, r->name8, err8);
        diag("%s", msg);
        clog_rm("ERR ", msg);
        terminate_and_fail(r, "return", FALSE);
    }
out:
    call_release(c);
    return err;
}

DWORD mon_online(struct resource *r, reason_t reason)
{
    return online_offline(r, TRUE, reason);
}

DWORD mon_offline(struct resource *r, reason_t reason)
{
    return online_offline(r, FALSE, reason);
}

DWORD mon_terminate(struct resource *r, reason_t reason)
{
    enum outcome out = terminate_now(r);

    return out == CALL_RETURNED ? ERROR_SUCCESS
                                : call_failed(r, ENTRY_TERMINATE, out, reason);
}

DWORD mon_alive(struct resource *r, BOOL is_alive, reason_t reason)
{
    enum outcome out;
    BOOL alive;

    out = alive_call(r, is_alive, &alive);
    return out == CALL_RETURNED ? ERROR_SUCCESS
                                : call_failed(r, is_alive ? ENTRY_ISALIVE : ENTRY_LOOKSALIVE,
                                              out, reason);
}

DWORD mon_wait_state(struct resource *r, CLUSTER_RESOURCE_STATE want, DWORD ms,
                     reason_t reason)
{
    ULONGLONG deadline = now_ms() + ms, now;
    DWORD err = ERROR_SUCCESS;

    mon_lock();
    for (;;) {
        if (r->state == want)
            break;
        if (r->state == ClusterResourceFailed) {
            err = ERROR_RESOURCE_FAILED;
            snprintf(reason, sizeof(reason_t), "resource \"%s\" failed", r->name8);
            break;
        }
        now = now_ms();
        if (now >= deadline) {
            err = WAIT_TIMEOUT;
            snprintf(reason, sizeof(reason_t), "resource \"%s\" still %s after %lu ms",
                     r->name8, state_name(r->state), ms);
            break;
        }
        mon_wait((DWORD)(deadline - now));
    }
    mon_unlock();
    return err;
}

/* Reports a control call; checks the DLL kept to its buffer. */
static void report_control(const char *res8, const char *type8, struct call *c,
                           DWORD status, BOOL by_default)
{
    struct line l;
    DWORD i;

    for (i = 0; i < OUT_GUARD_SIZE; i++) {
        if (c->out[(size_t)c->out_size + i] != OUT_GUARD_BYTE) {
            violation(res8, "%s 0x%08lX wrote past the end of its %lu-byte output buffer",
                      entry_name(c->entry), c->code, c->out_size);
            break;
        }
    }
    if (status == ERROR_SUCCESS && c->returned > c->out_size)
        violation(res8, "%s 0x%08lX returned %lu bytes in a %lu-byte buffer",
                  entry_name(c->entry), c->code, c->returned, c->out_size);
    line_begin(&l, "CONTROL");
    line_kv_str(&l, "res", res8, QUOTE_IF_NEEDED);
    if (type8)
        line_kv_str(&l, "type", type8, QUOTE_IF_NEEDED);
    line_kv(&l, "code", "0x%08lX", c->code);
    line_kv(&l, "status", "%lu", status);
    line_kv(&l, "bytes", "%lu", c->returned);
    if (status == ERROR_SUCCESS && c->returned && c->returned <= c->out_size)
        line_kv_hexbytes(&l, "out", c->out, c->returned);
    if (by_default)
        line_kv(&l, "default", "1");
    line_emit(&l);
}

static struct call *control_call(enum entry e, void *fn, DWORD code, const BYTE *in,
                                 DWORD in_size, DWORD out_size)
{
    struct call *c = call_new(e, fn);

    c->code = code;
    if (in_size) {
        c->in = xmalloc(in_size);
        memcpy(c->in, in, in_size);
        c->in_size = in_size;
    }
    call_alloc_out(c, out_size);
    return c;
}

/* Status after the monitor's default work for a code the DLL did not handle. */
static DWORD control_result(struct call *c, BOOL called, BOOL *by_default)
{
    DWORD status = called ? (DWORD)c->ret : ERROR_INVALID_FUNCTION;

    *by_default = FALSE;
    if (status == ERROR_INVALID_FUNCTION)
        *by_default = default_control(c->code, c->out, c->out_size, &c->returned, &status);
    return status;
}

DWORD mon_control(struct resource *r, DWORD code, const BYTE *in, DWORD in_size,
                  DWORD out_size, reason_t reason)
{
    struct call *c;
    enum outcome out = CALL_RETURNED;
    DWORD status, err = ERROR_SUCCESS;
    BOOL by_default;

    if (r->dead)
        return refuse_dead(r, reason);
    c = control_call(ENTRY_RESCONTROL, (void *)r->type->fn.ResourceControl, code, in,
                     in_size, out_size);
    if (c->fn)
        out = res_call(r, c);
    if (out != CALL_RETURNED) {
        err = ERROR_RESOURCE_FAILED;
        snprintf(reason, sizeof(reason_t), "ResourceControl of \"%s\" %s", r->name8,
                 outcome_reason(out));
        goto out;
    }
    status = control_result(c, c->fn != NULL, &by_default);
    report_control(r->name8, NULL, c, status, by_default);
out:
    call_release(c);
    return err;
}

DWORD mon_type_control(const WCHAR *type_name, DWORD code, const BYTE *in, DWORD in_size,
                       DWORD out_size, reason_t reason)
{
    struct restype *t;
    struct call *c;
    enum outcome out = CALL_RETURNED;
    DWORD status, err, ms;
    BOOL by_default;

    err = get_type(type_name, "", &t, reason);
    if (err)
        return err;
    c = control_call(ENTRY_TYPECONTROL, (void *)t->fn.ResourceTypeControl, code, in,
                     in_size, out_size);
    c->name = t->name;
    if (c->fn) {
        out = call_run(c, g_deadlock_ms, &ms);
        report_call("", t->name8, c, out, ms);
    }
    if (out != CALL_RETURNED) {
        if (out == CALL_HUNG || out == CALL_CRASHED)
            t->dll->unsafe = TRUE;
        err = ERROR_RESOURCE_FAILED;
        snprintf(reason, sizeof(reason_t), "ResourceTypeControl of \"%s\" %s", t->name8,
                 outcome_reason(out));
        goto out;
    }
    status = control_result(c, c->fn != NULL, &by_default);
    report_control("", t->name8, c, status, by_default);
out:
    call_release(c);
    return err;
}

void mon_report_state(struct resource *r)
{
    mon_lock();
    set_state(r, r->state, NULL);
    mon_unlock();
}

void mon_set_intervals(struct resource *r, DWORD looks_ms, DWORD is_ms)
{
    ULONGLONG now = now_ms();

    mon_lock();
    r->looks_ms = looks_ms;
    r->is_ms = is_ms;
    r->next_looks = now + looks_ms;
    r->next_is = now + is_ms;
    mon_notify();
    mon_unlock();
}

void mon_set_pending_timeout(struct resource *r, DWORD ms)
{
    mon_lock();
    r->pending_ms = ms;
    mon_notify();
    mon_unlock();
}

void mon_set_poll(BOOL on)
{
    ULONGLONG now = now_ms();
    size_t i;

    mon_lock();
    g_poll = on;
    for (i = 0; i < resource_count; i++) {
        resources[i]->next_looks = now + resources[i]->looks_ms;
        resources[i]->next_is = now + resources[i]->is_ms;
    }
    mon_notify();
    mon_unlock();
}

/* As the monitor does when it stops: terminate what is not offline, close all. */
void mon_shutdown(void)
{
    reason_t reason;
    struct dll *d;
    size_t i, count;
    BOOL unload = !g_foreign_crashes;

    mon_lock();
    count = resource_count;
    mon_unlock();
    for (i = 0; i < count; i++) {
        struct resource *r = resources[i];
        if (!r->open)
            continue;
        if (r->dead) {
            diag("%s left open: it was abandoned after a hang or fault", r->name8);
            continue;
        }
        if (mon_close(r, reason))
            diag("%s", reason);
    }
    for (i = 0; i < count; i++) {
        if (resources[i]->poller) {
            stop_poller(resources[i]);
        }
    }
    for (d = dlls; d; d = d->next) {
        if (d->unsafe || !unload) {
            char *path8 = utf8_dup(d->path);
            diag("%s not unloaded: a call into it hung or faulted", path8);
            free(path8);
            continue;
        }
        FreeLibrary(d->module);
    }
}
