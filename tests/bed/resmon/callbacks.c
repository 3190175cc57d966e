/*
 * callbacks.c - what the DLL calls back: SetResourceStatus (judged against
 * the Resource API rules) and LogEvent (a LOG line and the cluster log).
 */
#include "monitor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* ------------------------------------------------------------ callbacks */

DWORD WINAPI set_resource_status(RESOURCE_HANDLE handle, PRESOURCE_STATUS status)
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
VOID WINAPI log_event(RESOURCE_HANDLE handle, LOG_LEVEL level, LPCWSTR format, ...)
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
