/*
 * svcref.h - the managed service as one resource has it in hand while it
 * is (or is becoming) online: the service manager handles, the service's
 * process, and a change notification on the service's registry key.
 *
 * Counted: the resource block holds one reference while the service is
 * bound to it, each worker and each LooksAlive/IsAlive call holds its own
 * for as long as it uses the handles, and the last release closes them. So
 * Terminate can take the service away from the resource block (which then
 * holds no handle at all) while a poll still uses it, and nobody ever
 * waits for another thread to be done with a handle.
 */
#ifndef IG_SVCREF_H
#define IG_SVCREF_H

#include "cluswin.h"

#include "scm.h"

enum { IG_WATCH_NONE, IG_WATCH_ARMING, IG_WATCH_READY };

typedef struct ig_svcref {
    LONG refs;
    ig_service service;
    WCHAR *name;          /* the service's name, for a fresh handle (ig_svcref_query) */
    HANDLE process;       /* set once (ig_svcref_watch), closed at the last release */
    DWORD pid;
    HKEY key;             /* Services\<name>, for KEY_NOTIFY; NULL when it could not be opened */
    HANDLE changed;       /* auto-reset: the key changed since the last ig_svcref_config_changed */
    volatile LONG watch;  /* IG_WATCH_*: key and changed are made by the first config check */
    volatile LONG abandoned;  /* Terminate gave up waiting for a worker using it (lifecycle.c) */
} ig_svcref;

/* Takes over *service's handles (cleared). One reference, the caller's.
   NULL when out of memory (then *service is left as it was). The watch on
   the service's key waits for the first ig_svcref_config_changed, so the
   Online entry point makes no call for it. */
ig_svcref *ig_svcref_new(ig_service *service, const WCHAR *name);

void ig_svcref_hold(ig_svcref *s);
void ig_svcref_release(ig_svcref *s);   /* NULL is ignored */

/* The service's process for pid, opened the first time it is asked for
   (SYNCHRONIZE, PROCESS_TERMINATE, PROCESS_QUERY_INFORMATION) and kept:
   NULL when pid is 0 or the process cannot be opened (GetLastError tells:
   ERROR_INVALID_PARAMETER means it no longer exists). A pid other than the
   one first watched gets NULL and ERROR_INVALID_HANDLE. */
HANDLE ig_svcref_watch(ig_svcref *s, DWORD pid);

/* The service's status; when the held handle answers ERROR_INVALID_HANDLE,
   asked again through a fresh one. Wine's 32-bit service manager client
   has been seen to answer that for a valid handle while other threads of
   the process talk to the service manager (the Terminate race scenarios);
   a fresh handle works. Not seen on Windows, where it costs nothing. */
DWORD ig_svcref_query(ig_svcref *s, ig_service_state *st);
DWORD ig_svcref_stop(ig_svcref *s);     /* the same for STOP */
DWORD ig_svcref_start(ig_svcref *s, const WCHAR *startup_parameters);   /* and for the start */

/* TRUE when the watched process exists and has ended. */
BOOL ig_svcref_process_ended(const ig_svcref *s);

/* TRUE when the service's configuration may have changed since the last
   call (always TRUE when the notification could not be armed), and arms
   the notification again. The first call arms it, on the caller's thread
   (IsAlive's: the monitor's poller, which lives as long as the resource is
   polled), and says TRUE. A notification armed without
   REG_NOTIFY_THREAD_AGNOSTIC (Windows 8 and later only) is also signalled
   when the arming thread exits: that costs one needless configuration
   query, never a missed change. */
BOOL ig_svcref_config_changed(ig_svcref *s);

#endif
