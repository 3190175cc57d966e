/*
 * worker.h - the project's own worker threads (resutils' ClusWorker* is
 * not used: the DLL imports nothing from resutils.dll).
 *
 * A resource has at most one current worker, in a slot guarded by the
 * resource's lock. Starting a new worker while the previous one is still
 * ending (cancelled, or returning from its last report) does not wait: the
 * new thread first joins its predecessor, then frees it, then runs its
 * routine. So a worker's thread handle and stop event are closed in exactly
 * one place (the successor, or ig_worker_free at Close), and joining the
 * current worker means every older one has ended too.
 */
#ifndef IG_WORKER_H
#define IG_WORKER_H

#include "cluswin.h"

typedef struct ig_worker ig_worker;
typedef DWORD (*ig_worker_routine)(ig_worker *w, void *ctx);

/* Starts routine(w, ctx) on a new thread as the slot's current worker; the
   one it replaces (if any) is cancelled and joined by the new thread. The
   caller holds the lock that guards *slot. */
DWORD ig_worker_start(ig_worker **slot, ig_worker_routine routine, void *ctx);

/* Asks the worker to end (signals its stop event); NULL is ignored. */
void ig_worker_cancel(ig_worker *w);

/* A handle of the worker's thread for the caller to wait on and close
   (DuplicateHandle), or NULL when w is NULL. The caller holds the lock. */
HANDLE ig_worker_thread_ref(ig_worker *w);

/* TRUE when called on the worker's own thread. */
BOOL ig_worker_is_self(const ig_worker *w);

/* Waits ms milliseconds or until cancelled; TRUE when cancelled. */
BOOL ig_worker_sleep(ig_worker *w, DWORD ms);

/* The same, but also ends the wait early when `h` (a process, say; NULL:
   none) is signalled, so that a process's exit is seen when it happens and
   not at the next poll. TRUE when cancelled. */
BOOL ig_worker_wait(ig_worker *w, HANDLE h, DWORD ms);

/* TRUE once the worker has been cancelled. */
BOOL ig_worker_cancelled(ig_worker *w);

/* Close: cancels the slot's worker, waits for it (and so for every older
   one) and frees it. Not to be called with the slot's lock held. */
void ig_worker_free(ig_worker **slot);

#endif
