/*
 * restable.c - the monitor's resource table: handles (cookies, not pointers),
 * the reporters of an operation, state changes and their report lines, and
 * one serialised entry point call (res_call). See monitor.h.
 */
#include "monitor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

volatile LONG g_violations, g_hung, g_crashes;
volatile BOOL g_invalid_dll;
DWORD g_deadlock_ms = DEFAULT_DEADLOCK_MS;
BOOL g_poll = TRUE;

ULONG command_seq;        /* commands started so far */
struct dll *dlls;
struct restype *types;
struct resource **resources;
size_t resource_count, resource_cap;


/* Resource handles are cookies, not pointers: a stranger is recognised
 * without touching memory it points to. */
#define HANDLE_TAG 0x7E5AUL

RESOURCE_HANDLE handle_for(size_t index)
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
struct resource *by_handle(RESOURCE_HANDLE handle)
{
    struct resource *r = slot_of(handle);

    return r && r->open ? r : NULL;
}

/* Lock held. A resource that was open and has been closed, or NULL. */
struct resource *closed_by_handle(RESOURCE_HANDLE handle)
{
    struct resource *r = slot_of(handle);

    return r && !r->open && r->was_open ? r : NULL;
}

/* Lock held. */
void set_idle_why(struct resource *r, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(r->idle_buf, sizeof(r->idle_buf), fmt, ap);
    va_end(ap);
    r->idle_why = r->idle_buf;
}

void reporters_close(struct reporter *list, size_t *n)
{
    while (*n)
        CloseHandle(list[--*n].thread);
}

/* Lock held. The reporters of an operation Terminate ended become stale;
 * stale threads that have ended are let go. */
void reporters_to_stale(struct resource *r)
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
void note_reporter(struct resource *r)
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
BOOL is_stale_reporter(const struct resource *r)
{
    DWORD tid = GetCurrentThreadId();
    size_t i;

    for (i = 0; i < r->n_stale; i++)
        if (r->stale[i].tid == tid)
            return TRUE;
    return FALSE;
}

BOOL same_name(const WCHAR *a, const WCHAR *b)
{
    return CompareStringW(LOCALE_INVARIANT, NORM_IGNORECASE, a, -1, b, -1) == CSTR_EQUAL;
}

WCHAR *wcs_dup(const WCHAR *s)
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

const char *level_name(LOG_LEVEL level, char *buf, size_t size)
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

void violation(const char *res8, const char *fmt, ...)
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
void set_state(struct resource *r, CLUSTER_RESOURCE_STATE state, const char *via)
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
void enter_online(struct resource *r, const char *via)
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

void report_call(const char *res8, const char *type8, const struct call *c,
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


/*
 * Calls one entry point of r with the real monitor's serialisation, reports
 * it, and abandons the resource if the call hung or faulted.
 */
enum outcome res_call(struct resource *r, struct call *c)
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

const char *outcome_reason(enum outcome out)
{
    switch (out) {
    case CALL_CRASHED: return "faulted";
    case CALL_HUNG:    return "hung";
    case CALL_NOTHREAD: return "could not be started";
    case CALL_REFUSED: return "was not made: the resource was abandoned after a hang or fault";
    default:           return "returned";
    }
}
