/*
 * worker.h - the project's own worker threads (resutils' ClusWorker* is
 * not used: the DLL imports nothing from resutils.dll).
 * A worker runs one routine with a stop event it must watch; stopping a
 * worker signals that event and waits for the thread to end.
 */
#ifndef IG_WORKER_H
#define IG_WORKER_H

#include "cluswin.h"

typedef struct ig_worker {
    HANDLE thread;
    HANDLE stop;      /* manual-reset; signalled to ask the routine to end */
    DWORD tid;
} ig_worker;

typedef DWORD (*ig_worker_routine)(ig_worker *w, void *ctx);

/* Starts routine(w, ctx) on a new thread. The worker must be idle. */
DWORD ig_worker_start(ig_worker *w, ig_worker_routine routine, void *ctx);

/* Signals the stop event and waits for the thread; idempotent. Must not be
   called from the worker itself. */
void ig_worker_stop(ig_worker *w);

/* Waits ms milliseconds or until asked to stop; TRUE when asked to stop. */
BOOL ig_worker_sleep(ig_worker *w, DWORD ms);

/* TRUE while the worker's thread exists and has not ended. */
BOOL ig_worker_running(const ig_worker *w);

/* TRUE when called on the worker's own thread. */
BOOL ig_worker_is_self(const ig_worker *w);

#endif
