/*
 * resmon.h - shared declarations of the Resource Monitor emulator.
 * The protocol is documented at the top of resmon.c.
 */
#ifndef RESMON_H
#define RESMON_H

#include "cluswin.h"
#include <stdarg.h>
#include <stddef.h>

#define SLOW_CALL_MS          300
#define DEFAULT_DEADLOCK_MS   10000
#define DEFAULT_LOOKSALIVE_MS 5000
#define DEFAULT_ISALIVE_MS    60000
#define DEFAULT_PENDING_MS    180000
#define LONG_LOG_CHARS        500
/* The largest control output buffer resmon allocates (the cluster's own
 * control calls stay far below this); larger --out values are refused. */
#define MAX_CONTROL_OUT       (16u * 1024 * 1024)

/* ------------------------------------------------------------ report.c */

void report_init(void);
ULONGLONG now_ms(void);

/* One report line under construction; emitted whole so threads never mix. */
struct line {
    char *buf;
    size_t len, cap;
    BOOL oom;
};

enum quoting { QUOTE_IF_NEEDED, QUOTE_ALWAYS };

void line_begin(struct line *l, const char *word);       /* "WORD t=N" */
void line_begin_untimed(struct line *l, const char *word); /* "WORD" */
void line_raw(struct line *l, const char *text);
void line_kv(struct line *l, const char *key, const char *fmt, ...)
    __attribute__((format(gnu_printf, 3, 4)));
void line_kv_str(struct line *l, const char *key, const char *value, enum quoting q);
void line_kv_wstr(struct line *l, const char *key, const WCHAR *value, enum quoting q);
void line_kv_hexbytes(struct line *l, const char *key, const BYTE *data, DWORD size);
void line_emit(struct line *l);
/* Every report line from now on is also kept, until capture_end hands the
 * text over (malloc'd, NULL when nothing was kept). */
void capture_begin(void);
char *capture_end(size_t *len);

void diag(const char *fmt, ...) __attribute__((format(gnu_printf, 1, 2)));
const char *errtext(DWORD err, char *buf, size_t size);

void *xmalloc(size_t size);      /* exits on failure */
char *utf8_dup(const WCHAR *s);   /* NULL-safe; never returns NULL */
WCHAR *wide_dup(const char *s);   /* UTF-8 in; NULL on failure */

DWORD clog_open(const WCHAR *path);
void clog_close(void);
void clog_res(LOG_LEVEL level, const char *type8, const char *name8, const char *text8);
void clog_rm(const char *level, const char *text8);

/* ------------------------------------------------------------ sync.c */

/* One monitor-wide lock with a condition that every state change signals. */
void sync_init(void);
void mon_lock(void);
void mon_unlock(void);
BOOL mon_wait(DWORD ms);          /* lock held; FALSE on timeout */
void mon_notify(void);            /* lock held or not */

/* ------------------------------------------------------------ calls.c */

enum entry {
    ENTRY_STARTUP, ENTRY_OPEN, ENTRY_CLOSE, ENTRY_ONLINE, ENTRY_OFFLINE,
    ENTRY_TERMINATE, ENTRY_LOOKSALIVE, ENTRY_ISALIVE, ENTRY_RESCONTROL,
    ENTRY_TYPECONTROL
};
const char *entry_name(enum entry e);

enum outcome { CALL_RETURNED, CALL_CRASHED, CALL_HUNG, CALL_NOTHREAD, CALL_REFUSED };

/*
 * One entry point call, run on its own thread so that a hang or a crash
 * costs that thread and not the monitor. Shared by the caller and the
 * thread (reference counted): a hung call keeps its buffers alive.
 */
struct call {
    LONG refs;
    enum entry entry;
    void *fn;
    const WCHAR *name;            /* type (Startup, type control) or resource */
    HKEY key;
    RESOURCE_HANDLE handle;
    RESID resid;
    DWORD code;
    BYTE *in;
    DWORD in_size;
    BYTE *out;                    /* out_size bytes + guard */
    DWORD out_size;
    DWORD returned;
    HANDLE event_handle;          /* Online's EventHandle out parameter */
    PCLRES_FUNCTION_TABLE table;  /* Startup's out parameter */
    DWORD table_size, table_version;
    CLRES_V1_FUNCTIONS v1;        /* copied on the call thread: a bad pointer faults there */
    BOOL have_v1;
    PSET_RESOURCE_STATUS_ROUTINE set_status;
    PLOG_EVENT_ROUTINE log_event;

    HANDLE entered;               /* set just before the DLL is called (terminate-during) */

    DWORD_PTR ret;
    DWORD last_error;
    volatile LONG done;           /* 0 running, 1 returned, 2 crashed */
    DWORD exc_code;
    void *exc_addr;
    ULONGLONG t_start, t_end;
    DWORD tid;
};

#define OUT_GUARD_SIZE 16
#define OUT_GUARD_BYTE 0xA5

DWORD calls_init(void);
void mark_own_thread(void);
void module_of(const void *address, WCHAR *module, DWORD size);
struct call *call_new(enum entry e, void *fn);
BOOL call_alloc_out(struct call *c, DWORD size);
void call_release(struct call *c);
enum outcome call_run(struct call *c, DWORD deadlock_ms, DWORD *elapsed_ms);
extern volatile LONG g_foreign_crashes;

/* ------------------------------------------------------------ watch.c */

/*
 * The process a resource runs, found by service name or by image file
 * name. Used only on the emulator's own threads, never under the lock
 * while it calls the service manager.
 */
struct watch {
    CRITICAL_SECTION lock;        /* watch_init; every function below takes it */
    BOOL service;                 /* name is a service, else an image file name */
    WCHAR *name;
    HANDLE process;               /* SYNCHRONIZE handle once found */
    DWORD pid;
};

void watch_init(struct watch *w);
void watch_set(struct watch *w, BOOL service, const WCHAR *name);
void watch_resolve(struct watch *w);
BOOL watch_gone(struct watch *w);     /* a process was found and has ended */
/* ERROR_SUCCESS when the service is stopped or its process gone; else a
 * description of what still runs in what. */
DWORD watch_stopped(struct watch *w, char *what, size_t size);
void watch_forget(struct watch *w);

/* ------------------------------------------------------------ controls.c */

BOOL parse_control_code(const char *text, BOOL type_level, DWORD *code, const char **why);
const char *control_name(DWORD code);
/* The monitor's own answer to a code the DLL does not handle; FALSE = none. */
BOOL default_control(DWORD code, BYTE *out, DWORD out_size, DWORD *returned, DWORD *status);

/* ------------------------------------------------------------ monitor.c
 * The monitor proper, in parts: monitor.h says which file holds what. */

struct resource;

extern volatile LONG g_violations, g_hung, g_crashes;
extern volatile BOOL g_invalid_dll;
extern DWORD g_deadlock_ms;
extern BOOL g_poll;

/* Each returns ERROR_SUCCESS or fills reason (UTF-8) for the FAIL line. */
typedef char reason_t[1024];
DWORD mon_open(const WCHAR *name, reason_t reason);
struct resource *mon_find(const WCHAR *name);
DWORD mon_close(struct resource *r, reason_t reason);
DWORD mon_online(struct resource *r, reason_t reason);
DWORD mon_offline(struct resource *r, reason_t reason);
DWORD mon_terminate(struct resource *r, reason_t reason);
DWORD mon_alive(struct resource *r, BOOL is_alive, reason_t reason);
DWORD mon_wait_state(struct resource *r, CLUSTER_RESOURCE_STATE want, DWORD ms, reason_t reason);
DWORD mon_control(struct resource *r, DWORD code, const BYTE *in, DWORD in_size,
                  DWORD out_size, reason_t reason);
DWORD mon_type_control(const WCHAR *type, DWORD code, const BYTE *in, DWORD in_size,
                       DWORD out_size, reason_t reason);
void mon_report_state(struct resource *r);
/* The state, and what the last online/offline/control/looksalive/isalive
 * command's call returned (LooksAlive/IsAlive: 1 or 0); either may be NULL. */
void mon_result(struct resource *r, CLUSTER_RESOURCE_STATE *state, DWORD *status);
/* Waits (at most ms) until nothing is pending or terminating; FALSE on timeout. */
BOOL mon_settle(struct resource *r, DWORD ms);
/* VALIDATE_PRIVATE_PROPERTIES with every value stored under the resource
 * key's Parameters, as a property list (storedlist.c). */
DWORD mon_validate_stored(struct resource *r, reason_t reason);
void mon_set_intervals(struct resource *r, DWORD looks_ms, DWORD is_ms);
void mon_set_pending_timeout(struct resource *r, DWORD ms);
void mon_set_poll(BOOL on);
/* Terminate from a third thread: ms after the next command starts, or as
 * soon as the named entry point of r is inside the DLL. */
DWORD mon_arm_terminate_after(struct resource *r, DWORD ms, reason_t reason);
DWORD mon_arm_terminate_during(struct resource *r, enum entry e, reason_t reason);
void mon_command_starts(void);
void mon_command_ends(void);
DWORD mon_wait_terminated(struct resource *r, DWORD ms, reason_t reason);
BOOL parse_entry(const char *text, enum entry *e);
/* The process behind a resource, checked after Terminate and LooksAlive. */
DWORD mon_watch(struct resource *r, BOOL service, const WCHAR *name, reason_t reason);
void mon_shutdown(void);
BOOL parse_state(const char *text, CLUSTER_RESOURCE_STATE *state);
const char *state_name(CLUSTER_RESOURCE_STATE s);

/* ------------------------------------------------------------ storedlist.c */

/* The values under key's Parameters subkey as a CLUSPROP property list (malloc'd). */
DWORD stored_proplist(HKEY key, BYTE **list, DWORD *size, reason_t reason);

/* ------------------------------------------------------------ commands.c */

extern BOOL g_command_failed, g_usage_error;
BOOL parse_dword(const char *text, DWORD *value);
/* The OK/FAIL line that closes a command. */
void report_result(const char *line, DWORD err, const char *reason);
/* Runs one command line (not blank, not a comment); FALSE after quit. */
BOOL run_command(char *text);

/* ------------------------------------------------------------ resident.c */

/* Opens the one resource of the resident mode (poller off); its request
 * protocol is at the top of resident.c. */
DWORD resident_start(const WCHAR *name);
/* One request line; FALSE after quit. */
BOOL resident_request(char *line);

/* ------------------------------------------------------------ input.c */

/* Runs the commands read from handle until one returns FALSE (quit) or the
 * end of input; run is run_command, or resident_request. */
void run_script(HANDLE handle, BOOL (*run)(char *line));

#endif /* RESMON_H */
