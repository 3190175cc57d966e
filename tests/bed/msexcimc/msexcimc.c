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
#include "msexcimc.h"

struct ims_service ims;

/* ------------------------------------------------------------ registry */

DWORD open_parameters(HKEY *key)
{
    WCHAR path[64 + ARRAYSIZE(ims.name)];

    /* ims.name holds at most 256 characters: this fits. */
    wcscpy(path, SERVICES_KEY);
    wcscat(path, ims.name);
    wcscat(path, L"\\Parameters");
    return RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE, key);
}

DWORD query_dword(HKEY key, const WCHAR *value, DWORD fallback)
{
    DWORD data, type, size = sizeof(data);

    if (!key || RegQueryValueExW(key, value, NULL, &type, (BYTE *)&data, &size) != ERROR_SUCCESS
        || type != REG_DWORD || size != sizeof(data))
        return fallback;
    return data;
}

/* Reads a REG_SZ into buf, always terminated; missing, wrong type and empty
 * all come back as "". */
void query_string(HKEY key, const WCHAR *value, WCHAR *buf, DWORD chars)
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
    if (!_wcsicmp(text, IMS_W(IMS_FAULT_CRASH)))       return FAULT_CRASH;
    if (!_wcsicmp(text, IMS_W(IMS_FAULT_HANG)))        return FAULT_HANG;
    if (!_wcsicmp(text, IMS_W(IMS_FAULT_REFUSE_STOP))) return FAULT_REFUSE_STOP;
    if (!_wcsicmp(text, IMS_W(IMS_FAULT_HANG_START)))  return FAULT_HANG_START;
    if (!_wcsicmp(text, IMS_W(IMS_FAULT_EXIT_ON_STOP))) return FAULT_EXIT_ON_STOP;
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
    query_string(key, IMS_W(IMS_VALUE_FAULT), text, ARRAYSIZE(text));
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
        if (fault == FAULT_EXIT_ON_STOP) {
            /* Stopped, and gone before the dispatcher sends this handler's
             * answer: what a fast stop sometimes does under Wine by chance
             * (tests/bed/common/bedsvc.h), here every time. */
            InterlockedExchange(&ims.stopping, 1);
            set_status(SERVICE_STOPPED, NO_ERROR, 0);
            TerminateProcess(GetCurrentProcess(), 0);
        }
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
    ims.port = query_dword(key, IMS_W(IMS_VALUE_SMTP_PORT), DEFAULT_SMTP_PORT);
    ims.start_delay = query_dword(key, IMS_W(IMS_VALUE_START_DELAY), 0);
    ims.stop_delay = query_dword(key, L"StopDelay", 0);
    ims.idle_timeout = query_dword(key, L"IdleTimeout", DEFAULT_IDLE_TIMEOUT);
    if (key)
        RegCloseKey(key);
    if (ims.port > 65535)
        ims.port = DEFAULT_SMTP_PORT;
}

/* Runs the service until stopped. Returns the Win32 exit code and sets
 * *specific to the service-specific one (0: none). */
static void report_no_domain(void)
{
    report_kb_event(MSG_IMS_NO_DOMAIN,
                    L"The Internet Mail Connector cannot start because the TCP/IP domain "
                    L"name was not found during initialization.");
}

/* The checks at start: the build can be read, the node's kind and domain
   let this build run. FALSE with *specific (the events logged) when not. */
static BOOL node_allows_start(DWORD *specific)
{
    WCHAR path[MAX_PATH], domain[256], host[64], err_text[16];
    const WCHAR *inserts[2];
    ULONGLONG version;
    DWORD err;

    err = read_own_version(&version, path, ARRAYSIZE(path));
    if (err) {
        _ultow(err, err_text, 10);
        inserts[0] = path;
        inserts[1] = err_text;
        report_event(EVENTLOG_ERROR_TYPE, MSG_IMS_VERSION_UNREADABLE, 2, inserts);
        *specific = IMS_EXIT_VERSION_UNREADABLE;
        return FALSE;
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
        report_no_domain();
        *specific = IMS_EXIT_NAME_RESOLVER;
        return FALSE;
    }
    if (!domain[0]) {
        report_no_domain();
        *specific = IMS_EXIT_NO_DOMAIN;
        return FALSE;
    }
    read_host_name(host, ARRAYSIZE(host));
    make_greeting_host(host, domain);
    return TRUE;
}

/* Sessions until the stop event: faults polled every FAULT_POLL_MS. */
static void serve_until_stopped(SOCKET listener, HANDLE accept_event)
{
    HANDLE waits[2] = { ims.stop_event, accept_event };
    DWORD last_poll = GetTickCount();

    while (WaitForMultipleObjects(2, waits, FALSE, FAULT_POLL_MS) != WAIT_OBJECT_0) {
        if (GetTickCount() - last_poll >= FAULT_POLL_MS) {
            poll_fault();
            last_poll = GetTickCount();
        }
        accept_sessions(listener, accept_event);
    }
}

/* After a stop: the sessions end (within STOP_DRAIN_MS), then StopDelay,
   queues to drain, with the checkpoint rising meanwhile. */
static void drain(void)
{
    DWORD start = GetTickCount(), last_report;

    while (ims.sessions > 0 && GetTickCount() - start < STOP_DRAIN_MS)
        Sleep(10);
    start = last_report = GetTickCount();
    while (GetTickCount() - start < ims.stop_delay) {
        if (GetTickCount() - last_report >= START_CHECKPOINT_MS) {
            set_status(SERVICE_STOP_PENDING, NO_ERROR, 0);
            last_report = GetTickCount();
        }
        Sleep(25);
    }
}

static DWORD run(DWORD *specific)
{
    DWORD err = ERROR_SUCCESS;
    WCHAR port_text[16], err_text[16], version_text[32];
    const WCHAR *inserts[2];
    SOCKET listener = INVALID_SOCKET;
    HANDLE accept_event = NULL;
    BOOL wsa_started = FALSE;

    *specific = 0;
    load_settings();
    if (poll_fault() == FAULT_HANG_START)
        hang_in_start();
    start_delay();
    if (!node_allows_start(specific))
        goto out;

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
        *specific = IMS_EXIT_LISTEN_FAILED;
        goto out;
    }

    set_status(SERVICE_RUNNING, NO_ERROR, 0);
    MultiByteToWideChar(CP_ACP, 0, ims.version, -1, version_text, ARRAYSIZE(version_text));
    _ultow(ims.port, port_text, 10);
    inserts[0] = version_text;
    inserts[1] = port_text;
    report_event(EVENTLOG_INFORMATION_TYPE, MSG_IMS_STARTED, 2, inserts);

    serve_until_stopped(listener, accept_event);
    closesocket(listener);
    listener = INVALID_SOCKET;
    drain();
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
        RegSetValueExW(key, IMS_W(IMS_VALUE_START_ARGUMENTS), 0, REG_MULTI_SZ, (const BYTE *)list,
                       (DWORD)((at + 1) * sizeof(WCHAR)));
        free(list);
    }
    n = GetEnvironmentVariableW(L"_CLUSTER_NETWORK_NAME_", name, ARRAYSIZE(name));
    if (n && n < ARRAYSIZE(name))
        RegSetValueExW(key, IMS_W(IMS_VALUE_START_NETWORK_NAME), 0, REG_SZ, (const BYTE *)name,
                       (DWORD)((n + 1) * sizeof(WCHAR)));
    else
        RegDeleteValueW(key, IMS_W(IMS_VALUE_START_NETWORK_NAME));
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

