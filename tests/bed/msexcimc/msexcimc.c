/*
 * msexcimc.c - a stand-in for Exchange 5.5's Internet Mail Service (IMS).
 *
 * A real Win32 service that behaves, as seen from the service manager, the
 * event log and an SMTP client on loopback, like msexcimc.exe does on the
 * nodes KB Q194128 is about. Four builds differ only in their VERSIONINFO
 * (msexcimc.rc); this code reads its own file version and decides from it.
 *
 * At start:
 *  - a cluster node (HKLM\Cluster exists) with an affected build
 *    [5.5.2232.0, 5.5.2423.0) logs events 4058 and 4067 and stops with
 *    service-specific code 4058;
 *  - any build on a node without a TCP/IP DNS domain logs 4067 and stops
 *    with 4067;
 *  - otherwise it runs and answers SMTP on 127.0.0.1:SmtpPort.
 *
 * Settings and fault switches live in Services\<name>\Parameters; Fault is
 * re-read every 100 ms so a test can wedge or kill a running service with
 * `reg add` or `imsctl fault`. See README.md beside this file.
 */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifdef _WIN32_WINNT
#undef _WIN32_WINNT
#endif
#define _WIN32_WINNT 0x0502

#include <winsock2.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "msexcimc_msg.h"

#define DEFAULT_SERVICE_NAME   L"MSExchangeIMC"
#define EVENT_SOURCE           L"MSExchangeIMC"
#define SERVICES_KEY           L"SYSTEM\\CurrentControlSet\\Services\\"
#define DNS_POLICY_KEY         L"SOFTWARE\\Policies\\Microsoft\\System\\DNSClient"
#define CLUSTER_KEY            L"Cluster"

#define DEFAULT_SMTP_PORT      25
#define DEFAULT_IDLE_TIMEOUT   30000   /* ms without a command before 421 */
#define FAULT_POLL_MS          100
#define START_CHECKPOINT_MS    250
#define PENDING_WAIT_HINT_MS   2000
#define STOP_DRAIN_MS          1000    /* sessions notice a stop within 100 ms */
#define MAX_SESSIONS           16
#define SMTP_LINE_MAX          512     /* RFC 5321 command line, CRLF included */

/* Service-specific exit codes: the number of the event that says why. */
#define EXIT_LISTEN_FAILED     4000
#define EXIT_VERSION_UNREADABLE 4001
#define EXIT_NAME_RESOLVER     4058
#define EXIT_NO_DOMAIN         4067

/* Affected builds, KB Q194128: SP1 up to, not including, the fix. */
#define VERSION_QUAD(a, b, c, d) \
    (((ULONGLONG)(a) << 48) | ((ULONGLONG)(b) << 32) | ((ULONGLONG)(c) << 16) | (ULONGLONG)(d))
#define FIRST_AFFECTED_VERSION VERSION_QUAD(5, 5, 2232, 0)
#define FIRST_FIXED_VERSION    VERSION_QUAD(5, 5, 2423, 0)

enum fault {
    FAULT_NONE,
    FAULT_CRASH,        /* process ends without SERVICE_STOPPED */
    FAULT_HANG,         /* no SMTP answers, STOP ignored, still RUNNING */
    FAULT_REFUSE_STOP,  /* STOP ignored, SMTP still answered */
    FAULT_HANG_START,   /* stays in START_PENDING, checkpoint frozen */
};

static struct {
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
} ims;

/* ------------------------------------------------------------ registry */

static DWORD open_parameters(HKEY *key)
{
    WCHAR path[64 + ARRAYSIZE(ims.name)];

    /* ims.name holds at most 256 characters: this fits. */
    wcscpy(path, SERVICES_KEY);
    wcscat(path, ims.name);
    wcscat(path, L"\\Parameters");
    return RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE, key);
}

static DWORD query_dword(HKEY key, const WCHAR *value, DWORD fallback)
{
    DWORD data, type, size = sizeof(data);

    if (!key || RegQueryValueExW(key, value, NULL, &type, (BYTE *)&data, &size) != ERROR_SUCCESS
        || type != REG_DWORD || size != sizeof(data))
        return fallback;
    return data;
}

/* Reads a REG_SZ into buf, always terminated; missing, wrong type and empty
 * all come back as "". */
static void query_string(HKEY key, const WCHAR *value, WCHAR *buf, DWORD chars)
{
    DWORD type, size = (chars - 1) * sizeof(WCHAR);

    buf[0] = 0;
    if (RegQueryValueExW(key, value, NULL, &type, (BYTE *)buf, &size) != ERROR_SUCCESS
        || (type != REG_SZ && type != REG_EXPAND_SZ)) {
        buf[0] = 0;
        return;
    }
    buf[size / sizeof(WCHAR)] = 0;
}

static enum fault parse_fault(const WCHAR *text)
{
    if (!_wcsicmp(text, L"crash"))       return FAULT_CRASH;
    if (!_wcsicmp(text, L"hang"))        return FAULT_HANG;
    if (!_wcsicmp(text, L"refuse-stop")) return FAULT_REFUSE_STOP;
    if (!_wcsicmp(text, L"hang-start"))  return FAULT_HANG_START;
    return FAULT_NONE;  /* "", "none" and anything unknown */
}

/* The key is opened each time so that a Parameters key created or deleted
 * while we run is still seen; at 10 reads a second that costs nothing. */
static enum fault read_fault(void)
{
    WCHAR text[32];
    HKEY key;

    if (open_parameters(&key) != ERROR_SUCCESS)
        return FAULT_NONE;
    query_string(key, L"Fault", text, ARRAYSIZE(text));
    RegCloseKey(key);
    return parse_fault(text);
}

static void crash_now(void)
{
    /* What a dying IMS looks like to the service manager: the process is
     * gone and nobody said SERVICE_STOPPED. */
    TerminateProcess(GetCurrentProcess(), 0xC0000005);
}

static enum fault poll_fault(void)
{
    enum fault fault = read_fault();

    InterlockedExchange(&ims.fault, fault);
    if (fault == FAULT_CRASH)
        crash_now();
    return fault;
}

/* ------------------------------------------------------------ events */

static void report_event(WORD type, DWORD id, WORD count, const WCHAR **strings)
{
    if (ims.event_log)
        ReportEventW(ims.event_log, type, 0, id, NULL, count, 0, strings, NULL);
}

/* The KB events carry no inserts on a real IMS; the text goes along as one
 * anyway because Wine's ReportEvent prints only the inserts (to stderr), and
 * Windows ignores inserts a message does not reference. */
static void report_kb_event(DWORD id, const WCHAR *text)
{
    report_event(EVENTLOG_ERROR_TYPE, id, 1, &text);
}

/* ------------------------------------------------------------ service status */

static void set_status(DWORD state, DWORD win32_exit, DWORD specific_exit)
{
    EnterCriticalSection(&ims.status_lock);
    ims.status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    ims.status.dwCurrentState = state;
    ims.status.dwControlsAccepted =
        state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN : 0;
    ims.status.dwWin32ExitCode = specific_exit ? ERROR_SERVICE_SPECIFIC_ERROR : win32_exit;
    ims.status.dwServiceSpecificExitCode = specific_exit;
    if (state == SERVICE_START_PENDING || state == SERVICE_STOP_PENDING) {
        ims.status.dwCheckPoint++;
        ims.status.dwWaitHint = PENDING_WAIT_HINT_MS;
    } else {
        ims.status.dwCheckPoint = 0;
        ims.status.dwWaitHint = 0;
    }
    SetServiceStatus(ims.status_handle, &ims.status);
    LeaveCriticalSection(&ims.status_lock);
}

static DWORD WINAPI control_handler(DWORD control, DWORD type, void *data, void *context)
{
    enum fault fault;

    switch (control) {
    case SERVICE_CONTROL_STOP:
    case SERVICE_CONTROL_SHUTDOWN:
        if (ims.stopping)
            return NO_ERROR;
        /* Read afresh: a test sets the fault and asks for the stop at once,
         * faster than the 100 ms poll. */
        fault = poll_fault();
        if (fault == FAULT_HANG || fault == FAULT_REFUSE_STOP)
            return NO_ERROR;    /* accepted and ignored, as a wedged IMS does */
        InterlockedExchange(&ims.stopping, 1);
        set_status(SERVICE_STOP_PENDING, NO_ERROR, 0);
        SetEvent(ims.stop_event);
        return NO_ERROR;
    case SERVICE_CONTROL_INTERROGATE:
        return NO_ERROR;
    default:
        return ERROR_CALL_NOT_IMPLEMENTED;
    }
}

/* ------------------------------------------------------------ node facts */

static DWORD read_own_version(ULONGLONG *version, WCHAR *path, DWORD path_chars)
{
    DWORD err = ERROR_SUCCESS;
    DWORD handle, size, n;
    VS_FIXEDFILEINFO *info;
    UINT info_size;
    void *block = NULL;

    n = GetModuleFileNameW(NULL, path, path_chars);
    if (!n || n >= path_chars) {
        err = n ? ERROR_INSUFFICIENT_BUFFER : GetLastError();
        goto out;
    }
    size = GetFileVersionInfoSizeW(path, &handle);
    if (!size) {
        err = GetLastError();
        goto out;
    }
    block = HeapAlloc(GetProcessHeap(), 0, size);
    if (!block) {
        err = ERROR_NOT_ENOUGH_MEMORY;
        goto out;
    }
    if (!GetFileVersionInfoW(path, 0, size, block)) {
        err = GetLastError();
        goto out;
    }
    if (!VerQueryValueW(block, L"\\", (void **)&info, &info_size) || info_size < sizeof(*info)
        || info->dwSignature != VS_FFI_SIGNATURE) {
        err = ERROR_RESOURCE_TYPE_NOT_FOUND;
        goto out;
    }
    *version = ((ULONGLONG)info->dwFileVersionMS << 32) | info->dwFileVersionLS;

out:
    if (block)
        HeapFree(GetProcessHeap(), 0, block);
    return err;
}

static void format_version(ULONGLONG v, char *buf, size_t size)
{
    snprintf(buf, size, "%u.%u.%u.%u", (unsigned)(v >> 48) & 0xffff, (unsigned)(v >> 32) & 0xffff,
             (unsigned)(v >> 16) & 0xffff, (unsigned)v & 0xffff);
}

static BOOL is_cluster_node(void)
{
    HKEY key;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, CLUSTER_KEY, 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS)
        return FALSE;
    RegCloseKey(key);
    return TRUE;
}

/* The node's DNS domain by the route a program on Windows 2000 and later
 * takes: GetComputerNameExW(ComputerNamePhysicalDnsDomain), "" when unset.
 * Windows' own GetComputerNameEx answers a Group Policy primary DNS suffix
 * first; Wine 8's reads only Tcpip\Parameters Domain, so the stand-in asks
 * the policy value itself, as Windows would have for it (README.md, Wine
 * differences). Deliberately not IMS Guard's code: a disagreement between
 * the two shows in the tests. */
static void read_dns_domain(WCHAR *buf, DWORD chars)
{
    HKEY key;
    DWORD n = chars;

    buf[0] = 0;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, DNS_POLICY_KEY, 0, KEY_QUERY_VALUE, &key) == ERROR_SUCCESS) {
        query_string(key, L"PrimaryDnsSuffix", buf, chars);
        RegCloseKey(key);
        if (buf[0])
            return;
    }
    if (!GetComputerNameExW(ComputerNamePhysicalDnsDomain, buf, &n))
        buf[0] = 0;
}

static void read_host_name(WCHAR *buf, DWORD chars)
{
    DWORD n = chars;

    if (GetComputerNameExW(ComputerNameDnsHostname, buf, &n) && buf[0])
        return;
    n = chars;
    if (!GetComputerNameW(buf, &n))
        wcscpy(buf, L"localhost");
}

/* ------------------------------------------------------------ SMTP */

/* "host.domain" in UTF-8, the name the greeting and replies use. */
static void make_greeting_host(const WCHAR *host, const WCHAR *domain)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, host, -1, ims.host, sizeof(ims.host) - 1, NULL, NULL);

    if (n <= 0)
        n = 1;
    ims.host[n - 1] = '.';
    if (!WideCharToMultiByte(CP_UTF8, 0, domain, -1, ims.host + n, (int)sizeof(ims.host) - n,
                             NULL, NULL))
        ims.host[n - 1] = 0;
}

static BOOL send_all(SOCKET s, const char *data, int len)
{
    while (len > 0) {
        int n = send(s, data, len, 0);
        if (n <= 0)
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}

static BOOL send_reply(SOCKET s, const char *code, const char *text)
{
    char line[SMTP_LINE_MAX + 64];
    int n = snprintf(line, sizeof(line), "%s %s\r\n", code, text);

    if (n < 0 || n >= (int)sizeof(line))
        return FALSE;
    return send_all(s, line, n);
}

/* Waits out a "hang" fault. FALSE when the service is stopping instead. */
static BOOL wait_while_hung(void)
{
    while (ims.fault == FAULT_HANG && !ims.stopping)
        Sleep(FAULT_POLL_MS);
    return !ims.stopping;
}

/* A busy IMS greets late: GreetingDelay (ms) is read at each new session,
 * so a test can change it while the service runs. FALSE when the service
 * is stopping instead. */
static BOOL greeting_delay(void)
{
    HKEY key;
    DWORD delay = 0, start = GetTickCount();

    if (open_parameters(&key) == ERROR_SUCCESS) {
        delay = query_dword(key, L"GreetingDelay", 0);
        RegCloseKey(key);
    }
    while (GetTickCount() - start < delay && !ims.stopping)
        Sleep(10);
    return !ims.stopping;
}

/* TRUE when readable within 100 ms; FALSE on timeout. */
static BOOL wait_readable(SOCKET s)
{
    fd_set set;
    struct timeval tv = { 0, FAULT_POLL_MS * 1000 };

    FD_ZERO(&set);
    FD_SET(s, &set);
    return select(0, &set, NULL, NULL, &tv) != 0;  /* errors show up in recv */
}

/* A session that ends with a reply (QUIT, idle timeout) closes gracefully,
 * as an SMTP server does; one cut short by a stop or a dead client is reset,
 * so nothing lingers once the service says STOPPED. (Wine lets the next
 * start bind the port despite our TIME_WAIT sockets: checked.) */
static void close_session(SOCKET s, BOOL graceful)
{
    struct linger abort_close = { 1, 0 };

    if (!graceful)
        setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&abort_close, sizeof(abort_close));
    closesocket(s);
}

/* One command line, without its CRLF. FALSE: the session is over (QUIT). */
static BOOL answer_command(SOCKET s, char *line)
{
    char verb[5];
    size_t i;

    for (i = 0; i < 4 && line[i] && line[i] != ' '; i++)
        verb[i] = (char)(line[i] >= 'a' && line[i] <= 'z' ? line[i] - 'a' + 'A' : line[i]);
    verb[i] = 0;
    if (line[i] && line[i] != ' ')
        verb[0] = 0;    /* a longer word: no command of ours */

    if (!strcmp(verb, "HELO") || !strcmp(verb, "EHLO"))
        return send_reply(s, "250", ims.host);
    if (!strcmp(verb, "NOOP") || !strcmp(verb, "RSET"))
        return send_reply(s, "250", "OK");
    if (!strcmp(verb, "QUIT")) {
        char text[sizeof(ims.host) + 32];
        snprintf(text, sizeof(text), "%s closing transmission channel", ims.host);
        send_reply(s, "221", text);
        return FALSE;
    }
    return send_reply(s, "500", "Syntax error, command unrecognized");
}

static DWORD WINAPI smtp_session(void *arg)
{
    SOCKET s = (SOCKET)(ULONG_PTR)arg;
    char greeting[sizeof(ims.host) + 128];
    char line[SMTP_LINE_MAX + 1], buf[512];
    size_t len = 0;
    BOOL too_long = FALSE, graceful = FALSE;
    DWORD last_activity;
    int i, n;

    if (!wait_while_hung() || !greeting_delay())
        goto out;
    snprintf(greeting, sizeof(greeting), "%s Microsoft Exchange Internet Mail Service %s ready",
             ims.host, ims.version);
    if (!send_reply(s, "220", greeting))
        goto out;

    last_activity = GetTickCount();
    for (;;) {
        if (ims.stopping)
            goto out;
        if (!wait_readable(s)) {
            if (GetTickCount() - last_activity >= ims.idle_timeout && ims.fault != FAULT_HANG) {
                send_reply(s, "421", "Timeout, closing transmission channel");
                graceful = TRUE;
                goto out;
            }
            continue;
        }
        n = recv(s, buf, sizeof(buf), 0);
        if (n <= 0)
            goto out;
        last_activity = GetTickCount();
        for (i = 0; i < n; i++) {
            if (buf[i] != '\n') {
                if (len < SMTP_LINE_MAX)
                    line[len++] = buf[i];
                else
                    too_long = TRUE;
                continue;
            }
            if (len && line[len - 1] == '\r')
                len--;
            line[len] = 0;
            if (!wait_while_hung())
                goto out;
            if (too_long) {
                if (!send_reply(s, "500", "Line too long"))
                    goto out;
            } else if (!answer_command(s, line)) {
                graceful = TRUE;
                goto out;
            }
            len = 0;
            too_long = FALSE;
        }
    }

out:
    close_session(s, graceful);
    InterlockedDecrement(&ims.sessions);
    return 0;
}

static DWORD open_listener(SOCKET *listener, HANDLE accept_event)
{
    DWORD err = ERROR_SUCCESS;
    struct sockaddr_in addr;
    SOCKET s;

    /* No SO_REUSEADDR: a second IMS on the same port must fail, as on
     * Windows. */
    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
        err = WSAGetLastError();
        goto out;
    }
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons((u_short)ims.port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) || listen(s, SOMAXCONN)
        || WSAEventSelect(s, accept_event, FD_ACCEPT)) {
        err = WSAGetLastError();
        goto out;
    }
    *listener = s;
    s = INVALID_SOCKET;

out:
    if (s != INVALID_SOCKET)
        closesocket(s);
    return err;
}

static void accept_sessions(SOCKET listener, HANDLE accept_event)
{
    WSANETWORKEVENTS events;
    u_long blocking = 0;
    HANDLE thread;
    SOCKET s;

    WSAEnumNetworkEvents(listener, accept_event, &events);
    /* At the cap, connections wait in the backlog until a session ends:
     * the next 100 ms tick tries again. */
    while (ims.sessions < MAX_SESSIONS) {
        s = accept(listener, NULL, NULL);
        if (s == INVALID_SOCKET)
            return;
        /* The accepted socket inherits the listener's event selection. */
        WSAEventSelect(s, NULL, 0);
        ioctlsocket(s, FIONBIO, &blocking);
        InterlockedIncrement(&ims.sessions);
        thread = CreateThread(NULL, 0, smtp_session, (void *)(ULONG_PTR)s, 0, NULL);
        if (!thread) {
            InterlockedDecrement(&ims.sessions);
            closesocket(s);
            return;
        }
        CloseHandle(thread);
    }
}

/* ------------------------------------------------------------ the service */

/* Forever in START_PENDING with a frozen checkpoint; only a crash fault
 * (or TerminateProcess from outside) ends it. */
static void hang_in_start(void)
{
    for (;;) {
        Sleep(FAULT_POLL_MS);
        poll_fault();
    }
}

static void start_delay(void)
{
    DWORD start = GetTickCount(), last_report = start, now;

    while ((now = GetTickCount()) - start < ims.start_delay) {
        if (poll_fault() == FAULT_HANG_START)
            hang_in_start();
        if (now - last_report >= START_CHECKPOINT_MS) {
            set_status(SERVICE_START_PENDING, NO_ERROR, 0);
            last_report = now;
        }
        Sleep(ims.start_delay - (now - start) < 50 ? ims.start_delay - (now - start) : 50);
    }
}

static void load_settings(void)
{
    HKEY key = NULL;

    open_parameters(&key);
    ims.port = query_dword(key, L"SmtpPort", DEFAULT_SMTP_PORT);
    ims.start_delay = query_dword(key, L"StartDelay", 0);
    ims.stop_delay = query_dword(key, L"StopDelay", 0);
    ims.idle_timeout = query_dword(key, L"IdleTimeout", DEFAULT_IDLE_TIMEOUT);
    if (key)
        RegCloseKey(key);
    if (ims.port > 65535)
        ims.port = DEFAULT_SMTP_PORT;
}

/* Runs the service until stopped. Returns the Win32 exit code and sets
 * *specific to the service-specific one (0: none). */
static DWORD run(DWORD *specific)
{
    DWORD err = ERROR_SUCCESS;
    WCHAR path[MAX_PATH], domain[256], host[64], port_text[16], err_text[16], version_text[32];
    const WCHAR *inserts[2];
    ULONGLONG version;
    SOCKET listener = INVALID_SOCKET;
    HANDLE accept_event = NULL, waits[2];
    DWORD wait, last_poll, drain_start;
    BOOL wsa_started = FALSE;

    *specific = 0;
    load_settings();
    if (poll_fault() == FAULT_HANG_START)
        hang_in_start();
    start_delay();

    err = read_own_version(&version, path, ARRAYSIZE(path));
    if (err) {
        _ultow(err, err_text, 10);
        inserts[0] = path;
        inserts[1] = err_text;
        report_event(EVENTLOG_ERROR_TYPE, MSG_IMS_VERSION_UNREADABLE, 2, inserts);
        *specific = EXIT_VERSION_UNREADABLE;
        goto out;
    }
    format_version(version, ims.version, sizeof(ims.version));

    read_dns_domain(domain, ARRAYSIZE(domain));
    if (is_cluster_node() && version >= FIRST_AFFECTED_VERSION && version < FIRST_FIXED_VERSION) {
        /* The SP1 name resolver cannot initialise on a cluster node, and
         * the IMS then also fails to find the domain it never looked up. */
        report_kb_event(MSG_IMS_NAME_RESOLVER,
                        L"The Internet Mail Connector cannot start because the name resolver "
                        L"cannot be initialized. Check your network settings in the Control "
                        L"Panel to ensure that you have set a domain name in the DNS dialog "
                        L"box of the TCP/IP configuration.");
        report_kb_event(MSG_IMS_NO_DOMAIN,
                        L"The Internet Mail Connector cannot start because the TCP/IP domain "
                        L"name was not found during initialization.");
        *specific = EXIT_NAME_RESOLVER;
        goto out;
    }
    if (!domain[0]) {
        report_kb_event(MSG_IMS_NO_DOMAIN,
                        L"The Internet Mail Connector cannot start because the TCP/IP domain "
                        L"name was not found during initialization.");
        *specific = EXIT_NO_DOMAIN;
        goto out;
    }
    read_host_name(host, ARRAYSIZE(host));
    make_greeting_host(host, domain);

    {
        WSADATA wsa;
        err = WSAStartup(MAKEWORD(2, 2), &wsa);
    }
    if (!err) {
        wsa_started = TRUE;
        accept_event = WSACreateEvent();
        if (accept_event == WSA_INVALID_EVENT) {
            accept_event = NULL;
            err = WSAGetLastError();
        }
    }
    if (!err)
        err = open_listener(&listener, accept_event);
    if (err) {
        _ultow(ims.port, port_text, 10);
        _ultow(err, err_text, 10);
        inserts[0] = port_text;
        inserts[1] = err_text;
        report_event(EVENTLOG_ERROR_TYPE, MSG_IMS_LISTEN_FAILED, 2, inserts);
        err = ERROR_SUCCESS;
        *specific = EXIT_LISTEN_FAILED;
        goto out;
    }

    set_status(SERVICE_RUNNING, NO_ERROR, 0);
    MultiByteToWideChar(CP_ACP, 0, ims.version, -1, version_text, ARRAYSIZE(version_text));
    _ultow(ims.port, port_text, 10);
    inserts[0] = version_text;
    inserts[1] = port_text;
    report_event(EVENTLOG_INFORMATION_TYPE, MSG_IMS_STARTED, 2, inserts);

    waits[0] = ims.stop_event;
    waits[1] = accept_event;
    last_poll = GetTickCount();
    for (;;) {
        wait = WaitForMultipleObjects(2, waits, FALSE, FAULT_POLL_MS);
        if (wait == WAIT_OBJECT_0)
            break;
        if (GetTickCount() - last_poll >= FAULT_POLL_MS) {
            poll_fault();
            last_poll = GetTickCount();
        }
        accept_sessions(listener, accept_event);
    }

    closesocket(listener);
    listener = INVALID_SOCKET;
    drain_start = GetTickCount();
    while (ims.sessions > 0 && GetTickCount() - drain_start < STOP_DRAIN_MS)
        Sleep(10);
    {
        /* StopDelay: queues to drain, with the checkpoint rising meanwhile. */
        DWORD stop_start = GetTickCount(), last_report = stop_start;
        while (GetTickCount() - stop_start < ims.stop_delay) {
            if (GetTickCount() - last_report >= START_CHECKPOINT_MS) {
                set_status(SERVICE_STOP_PENDING, NO_ERROR, 0);
                last_report = GetTickCount();
            }
            Sleep(25);
        }
    }
    report_event(EVENTLOG_INFORMATION_TYPE, MSG_IMS_STOPPED, 0, NULL);

out:
    if (listener != INVALID_SOCKET)
        closesocket(listener);
    if (wsa_started)
        WSACleanup();
    if (accept_event)
        WSACloseEvent(accept_event);
    return err;
}

/* What this start was given, for imsctl's "started": the StartService
   arguments (Parameters\StartArguments, REG_MULTI_SZ) and the
   _CLUSTER_NETWORK_NAME_ environment value a Generic Service-like resource
   sets through the service's Environment (Parameters\StartNetworkName;
   absent when the process has none). */
static void record_start(DWORD argc, WCHAR **argv)
{
    WCHAR path[64 + ARRAYSIZE(ims.name)], name[256], *list;
    size_t units = 1, at = 0;
    DWORD i, n;
    HKEY key;

    wcscpy(path, SERVICES_KEY);
    wcscat(path, ims.name);
    wcscat(path, L"\\Parameters");
    if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL))
        return;
    for (i = 1; i < argc; i++)
        units += wcslen(argv[i]) + 1;
    list = calloc(units + 1, sizeof(WCHAR));
    if (list) {
        for (i = 1; i < argc; i++) {
            wcscpy(list + at, argv[i]);
            at += wcslen(argv[i]) + 1;
        }
        RegSetValueExW(key, L"StartArguments", 0, REG_MULTI_SZ, (const BYTE *)list,
                       (DWORD)((at + 1) * sizeof(WCHAR)));
        free(list);
    }
    n = GetEnvironmentVariableW(L"_CLUSTER_NETWORK_NAME_", name, ARRAYSIZE(name));
    if (n && n < ARRAYSIZE(name))
        RegSetValueExW(key, L"StartNetworkName", 0, REG_SZ, (const BYTE *)name,
                       (DWORD)((n + 1) * sizeof(WCHAR)));
    else
        RegDeleteValueW(key, L"StartNetworkName");
    RegCloseKey(key);
}

static void WINAPI service_main(DWORD argc, WCHAR **argv)
{
    DWORD err, specific;

    wcsncpy(ims.name, argc > 0 && argv[0][0] ? argv[0] : DEFAULT_SERVICE_NAME,
            ARRAYSIZE(ims.name) - 1);
    record_start(argc, argv);
    ims.status_handle = RegisterServiceCtrlHandlerExW(ims.name, control_handler, NULL);
    if (!ims.status_handle)
        return;
    set_status(SERVICE_START_PENDING, NO_ERROR, 0);

    ims.stop_event = CreateEventW(NULL, TRUE, FALSE, NULL);
    ims.event_log = RegisterEventSourceW(NULL, EVENT_SOURCE);
    if (!ims.stop_event) {
        set_status(SERVICE_STOPPED, GetLastError(), 0);
        return;
    }

    err = run(&specific);

    if (ims.event_log)
        DeregisterEventSource(ims.event_log);
    set_status(SERVICE_STOPPED, err, specific);
}

int wmain(int argc, WCHAR **argv)
{
    SERVICE_TABLE_ENTRYW services[] = {
        /* An own-process service: the name here is not looked at. */
        { (WCHAR *)DEFAULT_SERVICE_NAME, service_main },
        { NULL, NULL },
    };
    WCHAR path[MAX_PATH];
    ULONGLONG version;
    char text[32];
    DWORD err;

    if (argc == 2 && !wcscmp(argv[1], L"--version")) {
        err = read_own_version(&version, path, ARRAYSIZE(path));
        if (err) {
            fprintf(stderr, "msexcimc: cannot read this program's version: error %lu\n", err);
            return 1;
        }
        format_version(version, text, sizeof(text));
        printf("%s\n", text);
        return 0;
    }
    if (argc > 1) {
        fprintf(stderr, "usage: msexcimc --version\n"
                        "(otherwise it runs only as a service: see imsctl install)\n");
        return 2;
    }

    InitializeCriticalSection(&ims.status_lock);
    if (!StartServiceCtrlDispatcherW(services)) {
        err = GetLastError();
        if (err == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT)
            fprintf(stderr, "msexcimc: not started by the service control manager; "
                            "install it with imsctl install, or run msexcimc --version\n");
        else
            fprintf(stderr, "msexcimc: StartServiceCtrlDispatcher failed: error %lu\n", err);
        return 1;
    }
    return 0;
}
