#include "worker.h"

#include <stdlib.h>

struct ig_worker {
    HANDLE thread;
    HANDLE stop;              /* manual-reset: cancelled */
    DWORD tid;
    ig_worker *predecessor;   /* joined and freed by this worker's thread */
    ig_worker_routine routine;
    void *ctx;
};

static void worker_destroy(ig_worker *w)
{
    if (!w)
        return;
    if (w->thread)
        CloseHandle(w->thread);
    if (w->stop)
        CloseHandle(w->stop);
    free(w);
}

/* Joins a chain of workers, newest first: each one's thread frees its own
   predecessor before it returns, so only the first needs a wait here. */
static void worker_join_and_free(ig_worker *w)
{
    if (!w)
        return;
    if (w->thread)
        WaitForSingleObject(w->thread, INFINITE);
    worker_destroy(w);
}

static DWORD WINAPI worker_main(void *param)
{
    ig_worker *w = param;
    ig_worker *old = w->predecessor;

    w->predecessor = NULL;
    worker_join_and_free(old);
    return w->routine(w, w->ctx);
}

DWORD ig_worker_start(ig_worker **slot, ig_worker_routine routine, void *ctx)
{
    DWORD err = ERROR_SUCCESS;
    ig_worker *w = calloc(1, sizeof(*w));

    if (!w)
        return ERROR_NOT_ENOUGH_MEMORY;
    w->routine = routine;
    w->ctx = ctx;
    w->predecessor = *slot;
    w->stop = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!w->stop) {
        err = GetLastError();
        goto out;
    }
    ig_worker_cancel(w->predecessor);
    /* Suspended until the slot holds it, so that nothing can see a
       half-made worker. */
    w->thread = CreateThread(NULL, 0, worker_main, w, CREATE_SUSPENDED, &w->tid);
    if (!w->thread) {
        err = GetLastError();
        goto out;
    }
    *slot = w;
    ResumeThread(w->thread);
out:
    if (err) {
        w->predecessor = NULL;   /* stays in the slot */
        worker_destroy(w);
    }
    return err;
}

void ig_worker_cancel(ig_worker *w)
{
    if (w)
        SetEvent(w->stop);
}

HANDLE ig_worker_thread_ref(ig_worker *w)
{
    HANDLE dup = NULL;
    if (w && !DuplicateHandle(GetCurrentProcess(), w->thread, GetCurrentProcess(), &dup, SYNCHRONIZE,
                              FALSE, 0))
        dup = NULL;
    return dup;
}

BOOL ig_worker_is_self(const ig_worker *w)
{
    return w && w->tid == GetCurrentThreadId();
}

BOOL ig_worker_sleep(ig_worker *w, DWORD ms)
{
    return WaitForSingleObject(w->stop, ms) == WAIT_OBJECT_0;
}

BOOL ig_worker_wait(ig_worker *w, HANDLE h, DWORD ms)
{
    HANDLE hs[2];

    hs[0] = w->stop;
    hs[1] = h;
    return WaitForMultipleObjects(h ? 2 : 1, hs, FALSE, ms) == WAIT_OBJECT_0;
}

BOOL ig_worker_cancelled(ig_worker *w)
{
    return ig_worker_sleep(w, 0);
}

void ig_worker_free(ig_worker **slot)
{
    ig_worker *w = *slot;
    *slot = NULL;
    ig_worker_cancel(w);
    worker_join_and_free(w);
}
