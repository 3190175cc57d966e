/*
 * calls.c - one thread per entry point call, timed, with crash capture.
 *
 * The real monitor detects a deadlocked entry point from another thread and
 * survives a DLL that faults (the cluster restarts the monitor process).
 * Here each call gets a fresh thread: the caller waits for it with the
 * deadlock timeout, and an access violation on that thread ends only that
 * thread. mingw has no __try, so the catching is done by the process's
 * unhandled exception filter, which runs on the faulting thread: it records
 * the exception in the thread's call and exits the thread.
 */
#include "resmon.h"

#include <stdlib.h>
#include <string.h>

static DWORD call_tls = TLS_OUT_OF_INDEXES;  /* struct call * of a call thread */
static DWORD own_tls = TLS_OUT_OF_INDEXES;   /* non-NULL on the emulator's own threads */
volatile LONG g_foreign_crashes;

const char *entry_name(enum entry e)
{
    static const char *const names[] = {
        "Startup", "Open", "Close", "Online", "Offline", "Terminate",
        "LooksAlive", "IsAlive", "ResourceControl", "ResourceTypeControl"
    };
    return (unsigned)e < ARRAYSIZE(names) ? names[e] : "?";
}

void mark_own_thread(void)
{
    TlsSetValue(own_tls, (void *)1);
}

/* The module an address lies in, for telling whose code faulted. */
void module_of(const void *address, WCHAR *module, DWORD size)
{
    HMODULE mod = NULL;

    module[0] = 0;
    if (GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS
                           | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                           (LPCWSTR)address, &mod))
        GetModuleFileNameW(mod, module, size);
}

static void report_foreign_crash(EXCEPTION_POINTERS *ep)
{
    WCHAR module[MAX_PATH];
    struct line l;

    module_of(ep->ExceptionRecord->ExceptionAddress, module, ARRAYSIZE(module));
    InterlockedIncrement(&g_foreign_crashes);
    line_begin(&l, "CRASH");
    line_kv_str(&l, "res", "", QUOTE_ALWAYS);
    line_kv_str(&l, "entry", "thread", QUOTE_IF_NEEDED);
    line_kv(&l, "code", "0x%08lX", ep->ExceptionRecord->ExceptionCode);
    line_kv(&l, "address", "0x%llx",
            (unsigned long long)(ULONG_PTR)ep->ExceptionRecord->ExceptionAddress);
    line_kv(&l, "tid", "%lu", GetCurrentThreadId());
    line_kv_wstr(&l, "module", module, QUOTE_IF_NEEDED);
    line_emit(&l);
    diag("a thread that is not an entry point call (tid %lu) faulted with 0x%08lX;"
         " ending that thread", GetCurrentThreadId(), ep->ExceptionRecord->ExceptionCode);
}

static LONG WINAPI crash_filter(EXCEPTION_POINTERS *ep)
{
    struct call *c = TlsGetValue(call_tls);
    DWORD code = ep->ExceptionRecord->ExceptionCode;

    if (c) {
        c->exc_code = code;
        c->exc_addr = ep->ExceptionRecord->ExceptionAddress;
        c->t_end = now_ms();
        InterlockedExchange(&c->done, 2);
        TlsSetValue(call_tls, NULL);
        call_release(c);
        ExitThread(code);
    }
    /* A fault of the emulator itself is a bug to see, not to hide. */
    if (TlsGetValue(own_tls))
        return EXCEPTION_CONTINUE_SEARCH;
    /* A worker thread of the DLL: on Windows this would take the monitor
     * down; here the thread goes and the run is marked as crashed. */
    report_foreign_crash(ep);
    ExitThread(code);
}

DWORD calls_init(void)
{
    call_tls = TlsAlloc();
    own_tls = TlsAlloc();
    if (call_tls == TLS_OUT_OF_INDEXES || own_tls == TLS_OUT_OF_INDEXES)
        return GetLastError();
    mark_own_thread();
    SetUnhandledExceptionFilter(crash_filter);
    return ERROR_SUCCESS;
}

struct call *call_new(enum entry e, void *fn)
{
    struct call *c = xmalloc(sizeof(*c));

    memset(c, 0, sizeof(*c));
    c->refs = 1;
    c->entry = e;
    c->fn = fn;
    return c;
}

/*
 * The output buffer gets a guard tail so an overrun shows up as a violation.
 * Sizes above MAX_CONTROL_OUT are refused before they get here; checked
 * again because size + guard would wrap a 32-bit size_t.
 */
BOOL call_alloc_out(struct call *c, DWORD size)
{
    if (size > MAX_CONTROL_OUT)
        return FALSE;
    c->out = xmalloc((size_t)size + OUT_GUARD_SIZE);
    memset(c->out, OUT_GUARD_BYTE, (size_t)size + OUT_GUARD_SIZE);
    c->out_size = size;
    return TRUE;
}

void call_release(struct call *c)
{
    if (InterlockedDecrement(&c->refs))
        return;
    free(c->in);
    free(c->out);
    if (c->entered)
        CloseHandle(c->entered);
    free(c);
}

static void call_body(struct call *c)
{
    switch (c->entry) {
    case ENTRY_STARTUP:
        c->ret = ((PSTARTUP_ROUTINE)c->fn)(c->name, CLRES_VERSION_V1_00, CLRES_VERSION_V1_00,
                                           c->set_status, c->log_event, &c->table);
        if (c->ret == ERROR_SUCCESS && c->table) {
            c->table_size = c->table->TableSize;
            c->table_version = c->table->Version;
            if (c->table_size == CLRES_V1_FUNCTION_SIZE) {
                c->v1 = c->table->V1Functions;
                c->have_v1 = TRUE;
            }
        }
        break;
    case ENTRY_OPEN:
        c->ret = (DWORD_PTR)((POPEN_ROUTINE)c->fn)(c->name, c->key, c->handle);
        break;
    case ENTRY_CLOSE:
        ((PCLOSE_ROUTINE)c->fn)(c->resid);
        break;
    case ENTRY_ONLINE:
        c->ret = ((PONLINE_ROUTINE)c->fn)(c->resid, &c->event_handle);
        break;
    case ENTRY_OFFLINE:
        c->ret = ((POFFLINE_ROUTINE)c->fn)(c->resid);
        break;
    case ENTRY_TERMINATE:
        ((PTERMINATE_ROUTINE)c->fn)(c->resid);
        break;
    case ENTRY_LOOKSALIVE:
        c->ret = ((PLOOKS_ALIVE_ROUTINE)c->fn)(c->resid);
        break;
    case ENTRY_ISALIVE:
        c->ret = ((PIS_ALIVE_ROUTINE)c->fn)(c->resid);
        break;
    case ENTRY_RESCONTROL:
        c->ret = ((PRESOURCE_CONTROL_ROUTINE)c->fn)(c->resid, c->code, c->in, c->in_size,
                                                    c->out_size ? c->out : NULL,
                                                    c->out_size, &c->returned);
        break;
    case ENTRY_TYPECONTROL:
        c->ret = ((PRESOURCE_TYPE_CONTROL_ROUTINE)c->fn)(c->name, c->code, c->in, c->in_size,
                                                         c->out_size ? c->out : NULL,
                                                         c->out_size, &c->returned);
        break;
    }
}

static DWORD WINAPI call_thread(void *arg)
{
    struct call *c = arg;

    TlsSetValue(call_tls, c);
    /* Timed from here: thread creation is the emulator's cost, not the DLL's. */
    c->t_start = now_ms();
    if (c->entered)
        SetEvent(c->entered);
    SetLastError(ERROR_SUCCESS);
    call_body(c);
    c->last_error = GetLastError();
    c->t_end = now_ms();
    TlsSetValue(call_tls, NULL);
    InterlockedExchange(&c->done, 1);
    call_release(c);
    return 0;
}

/*
 * Runs the call and waits at most deadlock_ms. On CALL_HUNG the thread is
 * left where it is (there is no safe way to stop it) and keeps its reference.
 */
enum outcome call_run(struct call *c, DWORD deadlock_ms, DWORD *elapsed_ms)
{
    ULONGLONG created;
    HANDLE thread;
    DWORD wait;

    InterlockedIncrement(&c->refs);
    created = now_ms();
    thread = CreateThread(NULL, 0, call_thread, c, 0, &c->tid);
    if (!thread) {
        c->last_error = GetLastError();
        InterlockedDecrement(&c->refs);
        *elapsed_ms = 0;
        return CALL_NOTHREAD;
    }
    wait = WaitForSingleObject(thread, deadlock_ms);
    CloseHandle(thread);
    if (wait == WAIT_TIMEOUT) {
        *elapsed_ms = (DWORD)(now_ms() - created);
        return CALL_HUNG;
    }
    *elapsed_ms = (DWORD)(c->t_end - c->t_start);
    return c->done == 2 ? CALL_CRASHED : CALL_RETURNED;
}
