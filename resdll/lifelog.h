/*
 * lifelog.h - the log lines of the service's lifecycle (lifelog.c).
 * Each names the resource and the service; caller is the entry point or
 * worker ("Online", "OnlineThread", "Terminate", ...).
 */
#ifndef IG_LIFELOG_H
#define IG_LIFELOG_H

#include "resource.h"

/* Milliseconds since a GetTickCount() value (wraps correctly). */
static inline DWORD ig_since(DWORD start) { return GetTickCount() - start; }

void ig_log_online(ig_resource *r);
void ig_log_start_failed(ig_resource *r, const ig_service_state *st);
void ig_log_exited_while_starting(ig_resource *r, HANDLE process, DWORD pid);
void ig_log_gone_process(ig_resource *r, DWORD pid);
void ig_log_start_request_failed(ig_resource *r, DWORD err);
void ig_log_start_retried(ig_resource *r, DWORD err);
void ig_log_start_timeout(ig_resource *r, DWORD elapsed);
void ig_log_process_exited(ig_resource *r, HANDLE process, DWORD pid, const WCHAR *caller);
void ig_log_not_running(ig_resource *r, const WCHAR *state, const WCHAR *caller);
/* The service had not stopped after `elapsed` ms: its process is ended. */
void ig_log_stop_timeout(ig_resource *r, DWORD pid, DWORD elapsed, const WCHAR *caller);

#endif
