/*
 * imsctl.h - imsctl's private interface: its options, its messages
 * (imsctl.c), the service and registry helpers (service.c), and the
 * commands (cmd_service.c: the stand-in's service; cmd_node.c: the node's
 * domain and cluster mark).
 */
#ifndef MSEXCIMC_IMSCTL_H
#define MSEXCIMC_IMSCTL_H

/* WIN32_LEAN_AND_MEAN and _WIN32_WINNT 0x0502 come from module.mk. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ims.h"
#include "imsguard.h"   /* IMSGUARD_EVENT_SOURCE: the resource DLL's event source */
#include "bedsvc.h"     /* bed_stop_answer_lost: a STOP whose answer Wine loses */

#define DEFAULT_SERVICE_NAME  IMS_W(IMS_SERVICE_NAME)
#define DISPLAY_NAME          IMS_W(IMS_DISPLAY_NAME)
#define EVENT_SOURCE          IMS_W(IMS_EVENT_SOURCE)
#define SERVICES_KEY          IMS_W(IMS_SERVICES_KEY)
#define EVENTLOG_KEY          L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\"
#define TCPIP_PARAMETERS_KEY  L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters"
#define CLUSTER_KEY           IMS_W(IMS_CLUSTER_KEY)
#define DEFAULT_WAIT_MS       30000
#define STATE_POLL_MS         10

enum {
    EXIT_OK = 0,
    EXIT_FAILED = 1,
    EXIT_USAGE = 2,
};

/* Which options a command takes. */
enum {
    OPT_NAME  = 1 << 0,
    OPT_START = 1 << 1,
    OPT_PORT  = 1 << 2,
    OPT_WAIT  = 1 << 3,
    OPT_DELAY = 1 << 4,
    OPT_EVENT_SOURCE = 1 << 5,
};

struct options {
    const WCHAR *name;
    DWORD start_type;
    DWORD port;
    DWORD wait_ms;
    DWORD delay_ms;
    const WCHAR *event_file;
    unsigned seen;
    const WCHAR *args[3];   /* positional arguments after the command */
    int nargs;
};

/* ---- imsctl.c ---- */

/* The problem (if any) and the usage on stderr; EXIT_USAGE. */
int usage(const char *problem);
/* "imsctl: <what>: error N (text)" on stderr; EXIT_FAILED. `what` is a
   literal format; data only ever goes in as its arguments. */
int fail(DWORD err, const WCHAR *what, ...);

/* ---- service.c ---- */

const char *state_name(DWORD state);
DWORD open_service(const WCHAR *name, DWORD access, SC_HANDLE *scm, SC_HANDLE *svc);
void close_service(SC_HANDLE scm, SC_HANDLE svc);
DWORD query_status(SC_HANDLE svc, SERVICE_STATUS_PROCESS *status);
/* Until the service reaches target, leaves the pending state that leads
   there, or wait_ms pass; *elapsed the ms it took. */
DWORD wait_for_state(SC_HANDLE svc, DWORD target, DWORD pending, DWORD wait_ms,
                     SERVICE_STATUS_PROCESS *status, DWORD *elapsed);
/* SERVICES_KEY<name>[\<subkey>] into path. */
DWORD service_key_path(const WCHAR *name, const WCHAR *subkey, WCHAR *path, size_t chars);
DWORD set_dword(HKEY key, const WCHAR *value, DWORD data);
DWORD set_string(HKEY key, const WCHAR *value, const WCHAR *data);
DWORD register_event_source(const WCHAR *source, const WCHAR *file);
DWORD full_program_path(const WCHAR *given, WCHAR **result);

/* ---- the commands ---- */

int cmd_install(const struct options *opt);
int cmd_uninstall(const struct options *opt);
int cmd_hold(const struct options *opt);
int cmd_start(const struct options *opt);
int cmd_stop(const struct options *opt);
int cmd_status(const struct options *opt);
int cmd_alive(const struct options *opt);
int cmd_started(const struct options *opt);
int cmd_fault(const struct options *opt);
int cmd_domain(const struct options *opt);
int cmd_cluster(const struct options *opt);

#endif
