#include "svcref.h"

#include <stdio.h>
#include <stdlib.h>

static BOOL arm(ig_svcref *s)
{
    return s->key && s->changed &&
           RegNotifyChangeKeyValue(s->key, TRUE, REG_NOTIFY_CHANGE_NAME | REG_NOTIFY_CHANGE_LAST_SET,
                                   s->changed, TRUE) == ERROR_SUCCESS;
}

ig_svcref *ig_svcref_new(ig_service *service, const WCHAR *name)
{
    ig_svcref *s = calloc(1, sizeof(*s));

    if (!s)
        return NULL;
    s->refs = 1;
    s->service = *service;
    service->scm = service->svc = NULL;
    s->name = malloc((wcslen(name) + 1) * sizeof(WCHAR));
    if (s->name)
        wcscpy(s->name, name);
    return s;
}

void ig_svcref_hold(ig_svcref *s)
{
    InterlockedIncrement(&s->refs);
}

void ig_svcref_release(ig_svcref *s)
{
    if (!s || InterlockedDecrement(&s->refs) != 0)
        return;
    if (s->process)
        CloseHandle(s->process);
    if (s->key)
        RegCloseKey(s->key);
    if (s->changed)
        CloseHandle(s->changed);
    ig_scm_close(&s->service);
    free(s->name);
    free(s);
}

/* One service manager call on the held handle, and again on a fresh one
   when the held handle answers ERROR_INVALID_HANDLE (see svcref.h). */
typedef DWORD (*scm_call)(ig_service *svc, void *arg);

static DWORD held_or_fresh(ig_svcref *s, scm_call call, void *arg)
{
    ig_service fresh = { NULL, NULL };
    DWORD err = call(&s->service, arg);

    if (err != ERROR_INVALID_HANDLE || !s->name)
        return err;
    err = ig_scm_open(&fresh, s->name);
    if (err == ERROR_SUCCESS)
        err = call(&fresh, arg);
    ig_scm_close(&fresh);
    return err;
}

static DWORD call_query(ig_service *svc, void *st) { return ig_scm_query(svc, st); }
static DWORD call_stop(ig_service *svc, void *unused) { (void)unused; return ig_scm_stop(svc); }
static DWORD call_start(ig_service *svc, void *params) { return ig_scm_start(svc, params); }

DWORD ig_svcref_query(ig_svcref *s, ig_service_state *st)
{
    return held_or_fresh(s, call_query, st);
}

DWORD ig_svcref_stop(ig_svcref *s)
{
    return held_or_fresh(s, call_stop, NULL);
}

DWORD ig_svcref_start(ig_svcref *s, const WCHAR *startup_parameters)
{
    return held_or_fresh(s, call_start, (void *)startup_parameters);
}

HANDLE ig_svcref_watch(ig_svcref *s, DWORD pid)
{
    HANDLE h;
    LONG first;

    if (!pid)
        return NULL;
    /* The pid is claimed first, so a handle is never seen without it. */
    first = InterlockedCompareExchange((LONG *)&s->pid, (LONG)pid, 0);
    if (first != 0 && (DWORD)first != pid) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    if (s->process)
        return s->process;
    h = OpenProcess(SYNCHRONIZE | PROCESS_TERMINATE | PROCESS_QUERY_INFORMATION, FALSE, pid);
    if (!h)
        return NULL;
    /* Two threads may race to open it: the first one's handle is kept. */
    if (InterlockedCompareExchangePointer(&s->process, h, NULL) != NULL)
        CloseHandle(h);
    return s->process;
}

BOOL ig_svcref_process_ended(const ig_svcref *s)
{
    HANDLE h = s->process;
    return h && WaitForSingleObject(h, 0) != WAIT_TIMEOUT;
}

/* The key, the event and the notification, made by the first check. */
static void watch_config(ig_svcref *s)
{
    if (!s->name || ig_scm_open_key(s->name, KEY_NOTIFY, &s->key) != ERROR_SUCCESS)
        s->key = NULL;
    s->changed = CreateEventW(NULL, FALSE, FALSE, NULL);
    if (!arm(s) && s->changed) {
        /* Without a notification every check asks the service manager. */
        CloseHandle(s->changed);
        s->changed = NULL;
    }
}

BOOL ig_svcref_config_changed(ig_svcref *s)
{
    LONG was = InterlockedCompareExchange(&s->watch, IG_WATCH_ARMING, IG_WATCH_NONE);

    if (was == IG_WATCH_NONE) {
        /* The first check arms the watch on its own thread and asks: what
           changed since the Online's preflight is in no notification. */
        watch_config(s);
        InterlockedExchange(&s->watch, IG_WATCH_READY);
        return TRUE;
    }
    if (was == IG_WATCH_ARMING || !s->changed)
        return TRUE;
    if (WaitForSingleObject(s->changed, 0) != WAIT_OBJECT_0)
        return FALSE;
    if (!arm(s)) {
        CloseHandle(s->changed);
        s->changed = NULL;
    }
    return TRUE;
}
