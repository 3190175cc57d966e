/*
 * msexcimc.h - the IMS stand-in's private interface: the service's state,
 * the settings (msexcimc.c), its node facts (nodefacts.c) and its SMTP
 * listener (smtp.c). The facts imsctl shares are ims.h.
 */
#ifndef MSEXCIMC_MSEXCIMC_H
#define MSEXCIMC_MSEXCIMC_H

/* WIN32_LEAN_AND_MEAN and _WIN32_WINNT 0x0502 come from module.mk. */
#include <winsock2.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ims.h"
#include "msexcimc_msg.h"

#define DEFAULT_SERVICE_NAME   IMS_W(IMS_SERVICE_NAME)
#define EVENT_SOURCE           IMS_W(IMS_EVENT_SOURCE)
#define SERVICES_KEY           IMS_W(IMS_SERVICES_KEY)
#define DNS_POLICY_KEY         L"SOFTWARE\\Policies\\Microsoft\\System\\DNSClient"
#define CLUSTER_KEY            IMS_W(IMS_CLUSTER_KEY)

#define DEFAULT_SMTP_PORT      IMS_DEFAULT_SMTP_PORT
#define DEFAULT_IDLE_TIMEOUT   30000   /* ms without a command before 421 */
#define FAULT_POLL_MS          100
#define START_CHECKPOINT_MS    250
#define PENDING_WAIT_HINT_MS   2000
#define STOP_DRAIN_MS          1000    /* sessions notice a stop within 100 ms */
#define MAX_SESSIONS           16
#define SMTP_LINE_MAX          512     /* RFC 5321 command line, CRLF included */


/* Affected builds, KB Q194128: SP1 up to, not including, the fix. */
#define VERSION_QUAD(a, b, c, d) \
    (((ULONGLONG)(a) << 48) | ((ULONGLONG)(b) << 32) | ((ULONGLONG)(c) << 16) | (ULONGLONG)(d))
#define FIRST_AFFECTED_VERSION VERSION_QUAD(5, 5, IMS_FIRST_AFFECTED_BUILD, 0)
#define FIRST_FIXED_VERSION    VERSION_QUAD(5, 5, IMS_FIRST_FIXED_BUILD, 0)

enum fault {
    FAULT_NONE,
    FAULT_CRASH,        /* process ends without SERVICE_STOPPED */
    FAULT_HANG,         /* no SMTP answers, STOP ignored, still RUNNING */
    FAULT_REFUSE_STOP,  /* STOP ignored, SMTP still answered */
    FAULT_HANG_START,   /* stays in START_PENDING, checkpoint frozen */
    FAULT_EXIT_ON_STOP, /* STOP: STOPPED, and the process ends inside the handler */
};

struct ims_service {
    WCHAR name[257];
    SERVICE_STATUS_HANDLE status_handle;
    SERVICE_STATUS status;
    CRITICAL_SECTION status_lock;
    HANDLE stop_event;
    HANDLE event_log;
    volatile LONG fault;
    volatile LONG stopping;
    volatile LONG sessions;
    DWORD idle_timeout;
    DWORD start_delay;
    DWORD stop_delay;       /* ms in STOP_PENDING, as an IMS draining its queues */
    DWORD port;
    char host[300];     /* computername.domain, as the greeting names it */
    char version[32];
};

/* The one service this process runs, shared by its three files (as Wine's
   services.exe shares its database): written by the service's thread while
   it starts, then read by the SMTP sessions, with fault, stopping and
   sessions changed only by Interlocked calls. Defined in msexcimc.c. */
extern struct ims_service ims;

/* ---- msexcimc.c: settings ---- */

/* Services\<ims.name>\Parameters, for reading. */
DWORD open_parameters(HKEY *key);
/* The REG_DWORD, else fallback (also when key is NULL). */
DWORD query_dword(HKEY key, const WCHAR *value, DWORD fallback);
/* A REG_SZ into buf, always terminated; missing, wrong type and empty all
   come back as "". */
void query_string(HKEY key, const WCHAR *value, WCHAR *buf, DWORD chars);

/* ---- nodefacts.c ---- */

DWORD read_own_version(ULONGLONG *version, WCHAR *path, DWORD path_chars);
void format_version(ULONGLONG v, char *buf, size_t size);
BOOL is_cluster_node(void);
void read_dns_domain(WCHAR *buf, DWORD chars);
void read_host_name(WCHAR *buf, DWORD chars);

/* ---- smtp.c ---- */

/* "host.domain" in UTF-8 into ims.host, the name the replies use. */
void make_greeting_host(const WCHAR *host, const WCHAR *domain);
/* A socket on 127.0.0.1:ims.port signalling accept_event; a Winsock error. */
DWORD open_listener(SOCKET *listener, HANDLE accept_event);
/* Accepts what waits, one session thread each, up to MAX_SESSIONS. */
void accept_sessions(SOCKET listener, HANDLE accept_event);

#endif
