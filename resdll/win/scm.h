/*
 * scm.h - the Service Control Manager, for the one service a resource
 * manages. Handles stay open while the resource is online so LooksAlive
 * costs one QueryServiceStatus.
 */
#ifndef IG_SCM_H
#define IG_SCM_H

#include "cluswin.h"

typedef struct ig_service {
    SC_HANDLE scm;
    SC_HANDLE svc;
} ig_service;

typedef struct ig_service_state {
    DWORD state;             /* SERVICE_STOPPED ... SERVICE_RUNNING          */
    DWORD pid;               /* 0 when unknown (NT 4.0 has no StatusEx)      */
    DWORD exit_code;         /* dwWin32ExitCode                              */
    DWORD specific_exit;     /* dwServiceSpecificExitCode                    */
    DWORD checkpoint;
    DWORD wait_hint;
} ig_service_state;

/* Once per process (DllMain): finds QueryServiceStatusEx where it exists. */
void ig_scm_init(void);

/* TRUE when ig_scm_query reports process IDs (Windows 2000 and later). */
BOOL ig_scm_has_pids(void);

/* A connection to the service manager that is kept and never used for a
   call: while one is open, each ig_scm_open reuses its transport instead
   of making a new one. Under Wine a new one is a named-pipe connection and
   an RPC bind (OpenSCManager 2.5-3.3 ms instead of 0.7-1.0 ms), and the
   Online entry point opens the service each time. Never shared with
   ig_service handles (see ig_scm_open_for). NULL when it could not be
   made: everything still works, each open makes its own. */
SC_HANDLE ig_scm_keep_connection(void);
void ig_scm_drop_connection(SC_HANDLE kept);

/* ERROR_SERVICE_DOES_NOT_EXIST when it is not installed. */
DWORD ig_scm_open(ig_service *s, const WCHAR *name);
/* The same with other access rights (changing the configuration). */
DWORD ig_scm_open_for(ig_service *s, const WCHAR *name, DWORD access);
void ig_scm_close(ig_service *s);

/* Start type and the program file of the service's command line. */
DWORD ig_scm_config(ig_service *s, DWORD *start_type, WCHAR *image, size_t cap);

/* Opens HKLM\SYSTEM\CurrentControlSet\Services\<name>, the service's key. */
DWORD ig_scm_open_key(const WCHAR *name, REGSAM access, HKEY *key);

/* Whether the service was deleted while some program still has it open:
   *marked when its key (open with KEY_QUERY_VALUE) carries DeleteFlag. One
   registry read; an error (ERROR_KEY_DELETED: the key itself is gone) when
   the key could not be read. */
DWORD ig_scm_read_delete_flag(HKEY key, BOOL *marked);

DWORD ig_scm_query(ig_service *s, ig_service_state *st);

/* ERROR_SUCCESS also when it is already running. startup_parameters
   (StartupParameters, may be NULL or empty) are split into the service's
   arguments as ig_startup_args does. */
DWORD ig_scm_start(ig_service *s, const WCHAR *startup_parameters);

/* Sends STOP; ERROR_SUCCESS also when it is already stopped. */
DWORD ig_scm_stop(ig_service *s);

/* The name of a SERVICE_* state ("STOP_PENDING"). */
const WCHAR *ig_scm_state_name(DWORD state);

#endif
