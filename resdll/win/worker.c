#include "worker.h"

#include <stdlib.h>

typedef struct start_block {
    ig_worker *w;
    ig_worker_routine routine;
    void *ctx;
} start_block;

static DWORD WINAPI worker_main(void *param)
{
    start_block sb = *(start_block *)param;
    free(param);
    return sb.routine(sb.w, sb.ctx);
}

DWORD ig_worker_start(ig_worker *w, ig_worker_routine routine, void *ctx)
{
    DWORD err = ERROR_SUCCESS;
    start_block *sb = NULL;

    if (w->thread)
        return ERROR_BUSY;
    sb = malloc(sizeof(*sb));
    if (!sb)
        return ERROR_NOT_ENOUGH_MEMORY;
    sb->w = w;
    sb->routine = routine;
    sb->ctx = ctx;
    if (!w->stop) {
        w->stop = CreateEventW(NULL, TRUE, FALSE, NULL);
        if (!w->stop) {
            err = GetLastError();
            goto out;
        }
    }
    ResetEvent(w->stop);
    w->thread = CreateThread(NULL, 0, worker_main, sb, 0, &w->tid);
    if (!w->thread) {
        err = GetLastError();
        goto out;
    }
    sb = NULL;
out:
    free(sb);
    return err;
}

void ig_worker_stop(ig_worker *w)
{
    if (w->thread) {
        SetEvent(w->stop);
        WaitForSingleObject(w->thread, INFINITE);
        CloseHandle(w->thread);
        w->thread = NULL;
    }
}

BOOL ig_worker_sleep(ig_worker *w, DWORD ms)
{
    return WaitForSingleObject(w->stop, ms) == WAIT_OBJECT_0;
}

BOOL ig_worker_running(const ig_worker *w)
{
    return w->thread && WaitForSingleObject(w->thread, 0) == WAIT_TIMEOUT;
}

BOOL ig_worker_is_self(const ig_worker *w)
{
    return w->thread && w->tid == GetCurrentThreadId();
}
