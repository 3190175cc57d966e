/*
 * monitor.h - the Resource Monitor's private state, shared by its parts:
 *   restable.c   the resource table, handles, state changes, report lines,
 *                one serialised entry point call (res_call)
 *   callbacks.c  SetResourceStatus and LogEvent, as the DLL calls them
 *   loader.c     the cluster database, the DLLs, Startup of each type
 *   terminate.c  Terminate: on request, after a failure, armed from a
 *                third thread (terminate-after/-during)
 *   poller.c     LooksAlive/IsAlive, the PendingTimeout, Online's event
 *   monitor.c    the commands: open, close, online, offline, ...
 *   rescontrol.c ResourceControl and ResourceTypeControl
 *
 * Locking: one monitor-wide lock (sync.c) guards every field of every
 * resource; no DLL code ever runs under it. Entry points are serialised per
 * resource by the in_call/in_terminate flags, taken under the lock: any one
 * entry point at a time, and Terminate beside any of them but Open/Close.
 * Terminate comes from whichever thread decided it: the command thread, the
 * poller (a failure), or a terminator thread (terminate-after/-during), as
 * the real monitor terminates from any of its threads. The watch (watch.c)
 * has its own lock, because it calls the service manager.
 */
#ifndef RESMON_MONITOR_H
#define RESMON_MONITOR_H

#include "resmon.h"


struct dll {
    WCHAR *path;
    HMODULE module;
    PSTARTUP_ROUTINE startup;
    BOOL unsafe;                 /* a call into it hung or faulted: never unload */
    struct dll *next;
};

struct restype {
    WCHAR *name;
    char *name8;
    struct dll *dll;
    DWORD error;                 /* ERROR_SUCCESS once Startup gave a valid table */
    reason_t failure;            /* why not, for every later open of the type */
    CLRES_V1_FUNCTIONS fn;
    DWORD looks_ms, is_ms, pending_ms;   /* 0 = not set on the type */
    struct restype *next;
};

enum op { OP_NONE, OP_ONLINE, OP_OFFLINE };

/* An armed Terminate: waiting for its trigger, running, or done. */
enum arm { ARM_NONE, ARM_AFTER, ARM_DURING, ARM_RUNNING, ARM_DONE };

/*
 * A thread that called SetResourceStatus. Holding its handle keeps its
 * thread id from being reused, so a later report from the same id is the
 * same thread.
 */
struct reporter {
    HANDLE thread;
    DWORD tid;
};
#define MAX_REPORTERS 16

struct resource {
    WCHAR *name;
    char *name8;
    struct restype *type;
    HKEY key;
    RESID resid;
    RESOURCE_HANDLE handle;
    BOOL open;                   /* the handle is valid for callbacks */
    BOOL dead;                   /* an entry point hung or faulted: no more calls */
    CLUSTER_RESOURCE_STATE state;
    DWORD checkpoint;
    enum op op;                  /* Online/Offline under way */
    BOOL op_returned;            /* ... and its call returned ERROR_IO_PENDING */
    DWORD early_reports;         /* reports made before the call returned */
    BOOL stop_told;              /* Terminate returned or we answered ExitStateTerminate */
    DWORD late_reports;          /* answered while an Online/Offline call that outlived a
                                    Terminate was still inside the DLL: judged at its return */
    BOOL terminating;            /* a Terminate is decided or running */
    BOOL want_terminate;         /* reported Failed: the poller terminates it */
    BOOL in_call, in_terminate;
    enum entry current;
    ULONGLONG last_report;
    DWORD looks_ms, is_ms, pending_ms;
    ULONGLONG next_looks, next_is;
    HANDLE fail_event;           /* Online's EventHandle, signalled on failure */
    HANDLE poller;
    BOOL poller_quit;
    BOOL was_open;               /* Open returned a RESID: a later report is "after Close" */
    const char *idle_why;        /* why no Online/Offline is pending, for the violation */
    char idle_buf[128];
    LONG term_gen;               /* counts Terminates that returned */
    enum arm arm;
    ULONG arm_seq;               /* the command count when it was armed */
    DWORD arm_ms;
    enum entry arm_entry;
    HANDLE terminator;
    struct reporter reporters[MAX_REPORTERS];  /* of the current operation */
    size_t n_reporters;
    struct reporter stale[MAX_REPORTERS];      /* of operations Terminate ended */
    size_t n_stale;
    struct watch watch;
    DWORD last_status;           /* what the last Online/Offline/control/alive command's call returned */
};

/* ------------------------------------------------------------ restable.c */

extern ULONG command_seq;        /* commands started so far */
extern struct dll *dlls;
extern struct restype *types;
extern struct resource **resources;
extern size_t resource_count, resource_cap;

RESOURCE_HANDLE handle_for(size_t index);
struct resource *by_handle(RESOURCE_HANDLE handle);        /* lock held */
struct resource *closed_by_handle(RESOURCE_HANDLE handle); /* lock held */
void set_idle_why(struct resource *r, const char *fmt, ...)
    __attribute__((format(gnu_printf, 2, 3)));              /* lock held */
void reporters_close(struct reporter *list, size_t *n);
void reporters_to_stale(struct resource *r);                /* lock held */
void note_reporter(struct resource *r);                     /* lock held */
BOOL is_stale_reporter(const struct resource *r);           /* lock held */
BOOL same_name(const WCHAR *a, const WCHAR *b);
WCHAR *wcs_dup(const WCHAR *s);
const char *level_name(LOG_LEVEL level, char *buf, size_t size);
void violation(const char *res8, const char *fmt, ...) __attribute__((format(gnu_printf, 2, 3)));
void set_state(struct resource *r, CLUSTER_RESOURCE_STATE state, const char *via); /* lock held */
void enter_online(struct resource *r, const char *via);     /* lock held */
void report_call(const char *res8, const char *type8, const struct call *c,
                 enum outcome out, DWORD ms);
enum outcome res_call(struct resource *r, struct call *c);
const char *outcome_reason(enum outcome out);

/* ------------------------------------------------------------ callbacks.c */

DWORD WINAPI set_resource_status(RESOURCE_HANDLE handle, PRESOURCE_STATUS status);
VOID WINAPI log_event(RESOURCE_HANDLE handle, LOG_LEVEL level, LPCWSTR format, ...);

/* ------------------------------------------------------------ loader.c */

DWORD reg_dword(HKEY key, const WCHAR *value);
DWORD find_resource_key(const WCHAR *name, HKEY *key, WCHAR **type, WCHAR **stored_name,
                        reason_t reason);
DWORD get_type(const WCHAR *type_name, const char *res8, struct restype **out, reason_t reason);

/* ------------------------------------------------------------ terminate.c */

void start_terminator(struct resource *r, struct call *trigger);  /* r->arm is ARM_RUNNING */
void join_terminator(struct resource *r);                         /* lock not held */
enum outcome terminate_now(struct resource *r);
void terminate_and_fail(struct resource *r, const char *via, BOOL fail_first);

/* ------------------------------------------------------------ poller.c */

enum outcome alive_call(struct resource *r, BOOL is_alive, BOOL *alive);
DWORD WINAPI poller_thread(void *arg);

/* ------------------------------------------------------------ monitor.c */

DWORD refuse_dead(struct resource *r, reason_t reason);

#endif /* RESMON_MONITOR_H */
