/*
 * imsctl.c - installs and drives the IMS stand-in (msexcimc.exe) on one
 * node, for scripts and the failover harness. Wine's sc.exe cannot do
 * half of this (no qc, no exit codes), and reg.exe cannot wait for a state.
 *
 * Exit status: 0 done, 1 failed (one line on stderr naming what failed and
 * the Win32 error), 2 usage error (usage on stderr).
 */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifdef _WIN32_WINNT
#undef _WIN32_WINNT
#endif
#define _WIN32_WINNT 0x0502

#include <windows.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "imsguard.h"   /* IMSGUARD_EVENT_SOURCE: the resource DLL's event source */

#define DEFAULT_SERVICE_NAME  L"MSExchangeIMC"
#define DISPLAY_NAME          L"Microsoft Exchange Internet Mail Service"
#define EVENT_SOURCE          L"MSExchangeIMC"
#define SERVICES_KEY          L"SYSTEM\\CurrentControlSet\\Services\\"
#define EVENTLOG_KEY          L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\"
#define TCPIP_PARAMETERS_KEY  L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters"
#define CLUSTER_KEY           L"Cluster"
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

static const char usage_text[] =
    "usage: imsctl <command> [arguments] [options]\n"
    "  install <exe path> [--name N] [--start manual|auto|disabled] [--port P] [--delay ms]\n"
    "  uninstall [--name N]\n"
    "  start [--name N] [--wait ms]        wait for RUNNING (default 30000 ms, 0: no wait)\n"
    "  stop [--name N] [--wait ms]         wait for STOPPED\n"
    "  status [--name N]                   prints state=RUNNING pid=123 exit=0 specific=0\n"
    "  alive [--name N]                    is the service's process still there?\n"
    "  started [--name N]                  what its last start was given: the StartService\n"
    "                                      arguments and _CLUSTER_NETWORK_NAME_\n"
    "  fault crash|hang|refuse-stop|hang-start|none [--name N]\n"
    "  domain set [--] <name> | domain clear   Tcpip\\Parameters Domain\n"
    "  cluster mark [--event-source <dll>] create HKLM\\Cluster; with --event-source also\n"
    "                                      register the resource DLL's event source\n"
    "                                      (" IMSGUARD_EVENT_SOURCE ") with <dll> as its message file\n"
    "  cluster unmark                      delete HKLM\\Cluster (if empty)\n"
    "A lone -- ends the options: what follows it is an argument, even if it starts with --.\n"
    "The service name defaults to " "MSExchangeIMC" ".\n";

static int usage(const char *problem)
{
    if (problem)
        fprintf(stderr, "imsctl: %s\n", problem);
    fputs(usage_text, stderr);
    return EXIT_USAGE;
}

/* Prints "imsctl: <what>: error N (text)" on stderr; returns EXIT_FAILED.
 * `what` is a literal format; data only ever goes in as its arguments. */
static int fail(DWORD err, const WCHAR *what, ...)
{
    WCHAR *text = NULL;
    va_list args;
    size_t n;

    fwprintf(stderr, L"imsctl: ");
    va_start(args, what);
    vfwprintf(stderr, what, args);
    va_end(args);
    if (FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS
                       | FORMAT_MESSAGE_ALLOCATE_BUFFER, NULL, err, 0, (WCHAR *)&text, 0, NULL)) {
        for (n = wcslen(text); n && (text[n - 1] == L'\r' || text[n - 1] == L'\n'
                                     || text[n - 1] == L' ' || text[n - 1] == L'.'); n--)
            text[n - 1] = 0;
        fwprintf(stderr, L": error %lu (%ls)\n", err, text);
        LocalFree(text);
    } else {
        fwprintf(stderr, L": error %lu\n", err);
    }
    return EXIT_FAILED;
}

/* ------------------------------------------------------------ arguments */

static BOOL parse_number(const WCHAR *text, DWORD max, DWORD *value)
{
    WCHAR *end;
    unsigned long v;

    if (!text || !*text || *text == L'-' || *text == L'+')
        return FALSE;
    v = wcstoul(text, &end, 10);
    if (*end || v > max)
        return FALSE;
    *value = (DWORD)v;
    return TRUE;
}

/* Returns EXIT_OK or EXIT_USAGE. */
static int parse_options(int argc, WCHAR **argv, unsigned allowed, int max_args,
                         struct options *opt)
{
    int i;

    memset(opt, 0, sizeof(*opt));
    opt->name = DEFAULT_SERVICE_NAME;
    opt->start_type = SERVICE_DEMAND_START;
    opt->wait_ms = DEFAULT_WAIT_MS;
    for (i = 0; i < argc; i++) {
        const WCHAR *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        unsigned which;

        /* "--" ends the options: a value may start with "--" (a domain that
         * is a test of a malformed name) and still be taken as a value. */
        if (!wcscmp(a, L"--")) {
            for (i++; i < argc; i++) {
                if (opt->nargs >= max_args)
                    return usage("too many arguments");
                opt->args[opt->nargs++] = argv[i];
            }
            break;
        }
        if (wcsncmp(a, L"--", 2)) {
            if (opt->nargs >= max_args)
                return usage("too many arguments");
            opt->args[opt->nargs++] = a;
            continue;
        }
        if (!wcscmp(a, L"--name"))       which = OPT_NAME;
        else if (!wcscmp(a, L"--start")) which = OPT_START;
        else if (!wcscmp(a, L"--port"))  which = OPT_PORT;
        else if (!wcscmp(a, L"--wait"))  which = OPT_WAIT;
        else if (!wcscmp(a, L"--delay")) which = OPT_DELAY;
        else if (!wcscmp(a, L"--event-source")) which = OPT_EVENT_SOURCE;
        else return usage("unknown option");
        if (!(allowed & which))
            return usage("option not valid for this command");
        if (!v)
            return usage("option needs a value");
        i++;
        opt->seen |= which;
        switch (which) {
        case OPT_NAME:
            if (!*v || wcslen(v) > 256 || wcschr(v, L'\\') || wcschr(v, L'/'))
                return usage("bad service name");
            opt->name = v;
            break;
        case OPT_START:
            if (!wcscmp(v, L"manual"))        opt->start_type = SERVICE_DEMAND_START;
            else if (!wcscmp(v, L"auto"))     opt->start_type = SERVICE_AUTO_START;
            else if (!wcscmp(v, L"disabled")) opt->start_type = SERVICE_DISABLED;
            else return usage("--start takes manual, auto or disabled");
            break;
        case OPT_PORT:
            if (!parse_number(v, 65535, &opt->port) || !opt->port)
                return usage("--port takes 1..65535");
            break;
        case OPT_WAIT:
            if (!parse_number(v, 3600000, &opt->wait_ms))
                return usage("--wait takes milliseconds, 0..3600000");
            break;
        case OPT_DELAY:
            if (!parse_number(v, 3600000, &opt->delay_ms))
                return usage("--delay takes milliseconds, 0..3600000");
            break;
        case OPT_EVENT_SOURCE:
            if (!*v || wcslen(v) >= MAX_PATH)
                return usage("--event-source takes the path of the message file (1..259 characters)");
            opt->event_file = v;
            break;
        }
    }
    return EXIT_OK;
}

/* ------------------------------------------------------------ helpers */

static const char *state_name(DWORD state)
{
    switch (state) {
    case SERVICE_STOPPED:          return "STOPPED";
    case SERVICE_START_PENDING:    return "START_PENDING";
    case SERVICE_STOP_PENDING:     return "STOP_PENDING";
    case SERVICE_RUNNING:          return "RUNNING";
    case SERVICE_CONTINUE_PENDING: return "CONTINUE_PENDING";
    case SERVICE_PAUSE_PENDING:    return "PAUSE_PENDING";
    case SERVICE_PAUSED:           return "PAUSED";
    default:                       return "UNKNOWN";
    }
}

static DWORD open_service(const WCHAR *name, DWORD access, SC_HANDLE *scm, SC_HANDLE *svc)
{
    DWORD err = ERROR_SUCCESS;

    *svc = NULL;
    *scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    if (!*scm)
        return GetLastError();
    *svc = OpenServiceW(*scm, name, access);
    if (!*svc) {
        err = GetLastError();
        CloseServiceHandle(*scm);
        *scm = NULL;
    }
    return err;
}

static void close_service(SC_HANDLE scm, SC_HANDLE svc)
{
    if (svc)
        CloseServiceHandle(svc);
    if (scm)
        CloseServiceHandle(scm);
}

static DWORD query_status(SC_HANDLE svc, SERVICE_STATUS_PROCESS *status)
{
    DWORD needed;

    if (!QueryServiceStatusEx(svc, SC_STATUS_PROCESS_INFO, (BYTE *)status, sizeof(*status),
                              &needed))
        return GetLastError();
    return ERROR_SUCCESS;
}

/* Polls until the service reaches `target`, leaves the pending state that
 * leads there (a start that ends in STOPPED), or wait_ms pass. */
static DWORD wait_for_state(SC_HANDLE svc, DWORD target, DWORD pending, DWORD wait_ms,
                            SERVICE_STATUS_PROCESS *status, DWORD *elapsed)
{
    DWORD err, start = GetTickCount();

    for (;;) {
        err = query_status(svc, status);
        *elapsed = GetTickCount() - start;
        if (err)
            return err;
        if (status->dwCurrentState == target)
            return ERROR_SUCCESS;
        if (status->dwCurrentState != pending && target == SERVICE_RUNNING)
            return ERROR_SERVICE_NOT_ACTIVE;
        if (*elapsed >= wait_ms)
            return ERROR_TIMEOUT;
        Sleep(STATE_POLL_MS);
    }
}

static DWORD service_key_path(const WCHAR *name, const WCHAR *subkey, WCHAR *path, size_t chars)
{
    size_t need = wcslen(SERVICES_KEY) + wcslen(name) + (subkey ? 1 + wcslen(subkey) : 0) + 1;

    if (need > chars)
        return ERROR_INSUFFICIENT_BUFFER;
    wcscpy(path, SERVICES_KEY);
    wcscat(path, name);
    if (subkey) {
        wcscat(path, L"\\");
        wcscat(path, subkey);
    }
    return ERROR_SUCCESS;
}

static DWORD set_dword(HKEY key, const WCHAR *value, DWORD data)
{
    return RegSetValueExW(key, value, 0, REG_DWORD, (const BYTE *)&data, sizeof(data));
}

static DWORD set_string(HKEY key, const WCHAR *value, const WCHAR *data)
{
    return RegSetValueExW(key, value, 0, REG_SZ, (const BYTE *)data,
                          (DWORD)((wcslen(data) + 1) * sizeof(WCHAR)));
}

/* A Unix path ("/work/...") becomes its DOS name when running under Wine,
 * so scripts need no winepath; anything else is made absolute. The result
 * is HeapAlloc'ed. */
/* Application log source: Event Viewer formats its events from file's
   message table (errors, warnings and information: TypesSupported 7). */
static DWORD register_event_source(const WCHAR *source, const WCHAR *file)
{
    WCHAR path[300];
    HKEY key = NULL;
    DWORD err;

    if (wcslen(EVENTLOG_KEY) + wcslen(source) >= ARRAYSIZE(path))
        return ERROR_INVALID_PARAMETER;
    wcscpy(path, EVENTLOG_KEY);
    wcscat(path, source);
    err = RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL);
    if (!err)
        err = set_string(key, L"EventMessageFile", file);
    if (!err)
        err = set_dword(key, L"TypesSupported",
                        EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE | EVENTLOG_INFORMATION_TYPE);
    if (key)
        RegCloseKey(key);
    return err;
}

static DWORD full_program_path(const WCHAR *given, WCHAR **result)
{
    typedef WCHAR *(CDECL *wine_dos_name_fn)(const char *);
    wine_dos_name_fn wine_dos_name = NULL;
    HMODULE kernel32 = GetModuleHandleW(L"kernel32.dll");
    DWORD err = ERROR_SUCCESS, n;
    char *unix_path = NULL;
    WCHAR *path = NULL;
    int size;

    if (kernel32)
        wine_dos_name = (wine_dos_name_fn)GetProcAddress(kernel32, "wine_get_dos_file_name");
    if (given[0] == L'/' && wine_dos_name) {
        size = WideCharToMultiByte(CP_UTF8, 0, given, -1, NULL, 0, NULL, NULL);
        unix_path = HeapAlloc(GetProcessHeap(), 0, size ? size : 1);
        if (!size || !unix_path) {
            err = size ? ERROR_NOT_ENOUGH_MEMORY : GetLastError();
            goto out;
        }
        WideCharToMultiByte(CP_UTF8, 0, given, -1, unix_path, size, NULL, NULL);
        path = wine_dos_name(unix_path);
        if (!path) {
            err = ERROR_PATH_NOT_FOUND;
            goto out;
        }
    } else {
        n = GetFullPathNameW(given, 0, NULL, NULL);
        path = n ? HeapAlloc(GetProcessHeap(), 0, n * sizeof(WCHAR)) : NULL;
        if (!n || !path) {
            err = n ? ERROR_NOT_ENOUGH_MEMORY : GetLastError();
            goto out;
        }
        if (!GetFullPathNameW(given, n, path, NULL)) {
            err = GetLastError();
            goto out;
        }
    }
    if (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES) {
        err = GetLastError();
        goto out;
    }
    *result = path;
    path = NULL;

out:
    if (path)
        HeapFree(GetProcessHeap(), 0, path);
    if (unix_path)
        HeapFree(GetProcessHeap(), 0, unix_path);
    return err;
}

/* ------------------------------------------------------------ commands */

static int cmd_install(const struct options *opt)
{
    int rc = EXIT_FAILED;
    DWORD err, disposition;
    WCHAR *program = NULL, *command = NULL, key_path[300], display[300];
    SC_HANDLE scm = NULL, svc = NULL;
    HKEY key = NULL;

    if (opt->nargs != 1)
        return usage("install needs the path of msexcimc.exe");
    err = full_program_path(opt->args[0], &program);
    if (err) {
        rc = fail(err, L"install: cannot find %ls", opt->args[0]);
        goto out;
    }
    command = HeapAlloc(GetProcessHeap(), 0, (wcslen(program) + 3) * sizeof(WCHAR));
    if (!command) {
        rc = fail(ERROR_NOT_ENOUGH_MEMORY, L"install %ls", opt->name);
        goto out;
    }
    /* Quoted: Exchange lives under "Program Files" on some nodes. */
    wcscpy(command, L"\"");
    wcscat(command, program);
    wcscat(command, L"\"");

    /* Display names must be unique too: a second stand-in on the node gets
     * its service name added. */
    wcscpy(display, DISPLAY_NAME);
    if (wcscmp(opt->name, DEFAULT_SERVICE_NAME)) {
        wcscat(display, L" (");
        wcscat(display, opt->name);
        wcscat(display, L")");
    }

    scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT | SC_MANAGER_CREATE_SERVICE);
    if (!scm) {
        rc = fail(GetLastError(), L"install %ls: OpenSCManager failed", opt->name);
        goto out;
    }
    svc = CreateServiceW(scm, opt->name, display, SERVICE_ALL_ACCESS,
                         SERVICE_WIN32_OWN_PROCESS, opt->start_type, SERVICE_ERROR_NORMAL,
                         command, NULL, NULL, NULL, NULL, NULL);
    if (!svc && GetLastError() == ERROR_SERVICE_EXISTS) {
        /* Installing again points the service at another build. */
        svc = OpenServiceW(scm, opt->name, SERVICE_CHANGE_CONFIG);
        if (!svc) {
            rc = fail(GetLastError(), L"install %ls: OpenService failed", opt->name);
            goto out;
        }
        if (!ChangeServiceConfigW(svc, SERVICE_WIN32_OWN_PROCESS,
                                  (opt->seen & OPT_START) ? opt->start_type : SERVICE_NO_CHANGE,
                                  SERVICE_NO_CHANGE, command, NULL, NULL, NULL, NULL, NULL,
                                  NULL)) {
            rc = fail(GetLastError(), L"install %ls: ChangeServiceConfig failed", opt->name);
            goto out;
        }
    } else if (!svc) {
        rc = fail(GetLastError(), L"install %ls: CreateService failed", opt->name);
        goto out;
    }

    err = service_key_path(opt->name, L"Parameters", key_path, ARRAYSIZE(key_path));
    if (!err)
        err = RegCreateKeyExW(HKEY_LOCAL_MACHINE, key_path, 0, NULL, 0, KEY_SET_VALUE, NULL,
                              &key, &disposition);
    if (err) {
        rc = fail(err, L"install %ls: cannot create HKLM\\%ls", opt->name, key_path);
        goto out;
    }
    if (opt->seen & OPT_PORT) {
        err = set_dword(key, L"SmtpPort", opt->port);
        if (err) {
            rc = fail(err, L"install %ls: cannot set Parameters\\SmtpPort", opt->name);
            goto out;
        }
    }
    if (opt->seen & OPT_DELAY) {
        err = set_dword(key, L"StartDelay", opt->delay_ms);
        if (err) {
            rc = fail(err, L"install %ls: cannot set Parameters\\StartDelay", opt->name);
            goto out;
        }
    }
    RegCloseKey(key);
    key = NULL;

    /* So that the Event Viewer can show the stand-in's texts. */
    err = register_event_source(EVENT_SOURCE, program);
    if (err) {
        rc = fail(err, L"install %ls: cannot register event source " EVENT_SOURCE, opt->name);
        goto out;
    }
    rc = EXIT_OK;

out:
    if (key)
        RegCloseKey(key);
    close_service(scm, svc);
    if (command)
        HeapFree(GetProcessHeap(), 0, command);
    if (program)
        HeapFree(GetProcessHeap(), 0, program);
    return rc;
}

static int cmd_uninstall(const struct options *opt)
{
    SC_HANDLE scm, svc;
    DWORD err;

    if (opt->nargs)
        return usage("uninstall takes no arguments");
    err = open_service(opt->name, DELETE, &scm, &svc);
    if (err)
        return fail(err, L"uninstall %ls: cannot open the service", opt->name);
    if (!DeleteService(svc)) {
        err = GetLastError();
        close_service(scm, svc);
        return fail(err, L"uninstall %ls: DeleteService failed", opt->name);
    }
    close_service(scm, svc);
    return EXIT_OK;
}

static int cmd_start(const struct options *opt)
{
    SERVICE_STATUS_PROCESS status;
    SC_HANDLE scm, svc;
    DWORD err, elapsed = 0, started;
    int rc = EXIT_OK;

    if (opt->nargs)
        return usage("start takes no arguments");
    err = open_service(opt->name, SERVICE_START | SERVICE_QUERY_STATUS, &scm, &svc);
    if (err)
        return fail(err, L"start %ls: cannot open the service", opt->name);
    started = GetTickCount();
    if (!StartServiceW(svc, 0, NULL) && (err = GetLastError()) != ERROR_SERVICE_ALREADY_RUNNING) {
        /* Wine's service manager answers 1053 at once when the service has
         * already left START_PENDING by the time it looks (programs/services/
         * services.c, service_wait_for_startup): a service that reported
         * STOPPED with its exit codes that fast did start, and stopped, as
         * Windows reports it. Say that, with the codes. (A real timeout takes
         * the prefix's ServicesPipeTimeout, 120 s in the tests; exit codes
         * could then be an earlier start's.) */
        if (err == ERROR_SERVICE_REQUEST_TIMEOUT && GetTickCount() - started < 60000
            && !query_status(svc, &status)
            && status.dwCurrentState == SERVICE_STOPPED && status.dwWin32ExitCode != NO_ERROR) {
            fprintf(stderr, "imsctl: start %ls: the service stopped while starting: "
                    "state=%s exit=%lu specific=%lu (Wine's StartService said 1053)\n", opt->name,
                    state_name(status.dwCurrentState), status.dwWin32ExitCode,
                    status.dwServiceSpecificExitCode);
            rc = EXIT_FAILED;
            goto out;
        }
        rc = fail(err, L"start %ls: StartService failed", opt->name);
        goto out;
    }
    if (!opt->wait_ms)
        goto out;
    err = wait_for_state(svc, SERVICE_RUNNING, SERVICE_START_PENDING, opt->wait_ms, &status,
                         &elapsed);
    if (err == ERROR_SUCCESS) {
        printf("RUNNING after %lu ms\n", elapsed);
    } else if (err == ERROR_SERVICE_NOT_ACTIVE) {
        fprintf(stderr, "imsctl: start %ls: the service stopped while starting: "
                "state=%s exit=%lu specific=%lu\n", opt->name,
                state_name(status.dwCurrentState), status.dwWin32ExitCode,
                status.dwServiceSpecificExitCode);
        rc = EXIT_FAILED;
    } else if (err == ERROR_TIMEOUT) {
        fprintf(stderr, "imsctl: start %ls: not RUNNING after %lu ms: state=%s checkpoint=%lu: "
                "error %lu\n", opt->name, elapsed, state_name(status.dwCurrentState),
                status.dwCheckPoint, (DWORD)ERROR_TIMEOUT);
        rc = EXIT_FAILED;
    } else {
        rc = fail(err, L"start %ls: QueryServiceStatusEx failed", opt->name);
    }

out:
    close_service(scm, svc);
    return rc;
}

static int cmd_stop(const struct options *opt)
{
    SERVICE_STATUS_PROCESS status;
    SERVICE_STATUS ignored;
    SC_HANDLE scm, svc;
    DWORD err, elapsed = 0;
    int rc = EXIT_OK;

    if (opt->nargs)
        return usage("stop takes no arguments");
    err = open_service(opt->name, SERVICE_STOP | SERVICE_QUERY_STATUS, &scm, &svc);
    if (err)
        return fail(err, L"stop %ls: cannot open the service", opt->name);
    if (!ControlService(svc, SERVICE_CONTROL_STOP, &ignored)
        && (err = GetLastError()) != ERROR_SERVICE_NOT_ACTIVE) {
        /* Wine's service manager answers a second STOP to a service that
         * ignored the first by killing its process; say so, or the 1061
         * reads like "still stopping". */
        if (err == ERROR_SERVICE_CANNOT_ACCEPT_CTRL && !query_status(svc, &status)
            && status.dwCurrentState == SERVICE_RUNNING && !status.dwProcessId)
            rc = fail(err, L"stop %ls: ControlService(STOP) failed, and the service "
                      L"process is gone (killed by the service manager after an "
                      L"ignored STOP)", opt->name);
        else
            rc = fail(err, L"stop %ls: ControlService(STOP) failed", opt->name);
        goto out;
    }
    if (!opt->wait_ms)
        goto out;
    err = wait_for_state(svc, SERVICE_STOPPED, SERVICE_STOP_PENDING, opt->wait_ms, &status,
                         &elapsed);
    if (err == ERROR_SUCCESS) {
        printf("STOPPED after %lu ms\n", elapsed);
    } else if (err == ERROR_TIMEOUT) {
        fprintf(stderr, "imsctl: stop %ls: not STOPPED after %lu ms: state=%s: error %lu\n",
                opt->name, elapsed, state_name(status.dwCurrentState), (DWORD)ERROR_TIMEOUT);
        rc = EXIT_FAILED;
    } else {
        rc = fail(err, L"stop %ls: QueryServiceStatusEx failed", opt->name);
    }

out:
    close_service(scm, svc);
    return rc;
}

static int report_status(const struct options *opt, BOOL check_alive)
{
    SERVICE_STATUS_PROCESS status;
    SC_HANDLE scm, svc;
    HANDLE process;
    DWORD err;
    BOOL alive;

    if (opt->nargs)
        return usage("this command takes no arguments");
    err = open_service(opt->name, SERVICE_QUERY_STATUS, &scm, &svc);
    if (err)
        return fail(err, L"status %ls: cannot open the service", opt->name);
    err = query_status(svc, &status);
    close_service(scm, svc);
    if (err)
        return fail(err, L"status %ls: QueryServiceStatusEx failed", opt->name);

    if (!check_alive) {
        printf("state=%s pid=%lu exit=%lu specific=%lu\n", state_name(status.dwCurrentState),
               status.dwProcessId, status.dwWin32ExitCode, status.dwServiceSpecificExitCode);
        return EXIT_OK;
    }
    /* Wine's service manager keeps saying RUNNING for a process that died;
     * the process itself does not lie. */
    alive = FALSE;
    if (status.dwProcessId) {
        process = OpenProcess(SYNCHRONIZE, FALSE, status.dwProcessId);
        if (process) {
            alive = WaitForSingleObject(process, 0) == WAIT_TIMEOUT;
            CloseHandle(process);
        }
    }
    if (!alive) {
        fprintf(stderr, "imsctl: alive %ls: no process (pid=%lu state=%s): error %lu\n",
                opt->name, status.dwProcessId, state_name(status.dwCurrentState),
                (DWORD)ERROR_PROCESS_ABORTED);
        return EXIT_FAILED;
    }
    printf("alive pid=%lu state=%s\n", status.dwProcessId, state_name(status.dwCurrentState));
    return EXIT_OK;
}

static int cmd_status(const struct options *opt)
{
    return report_status(opt, FALSE);
}

static int cmd_alive(const struct options *opt)
{
    return report_status(opt, TRUE);
}

/* What the last start of the stand-in was given (it records it). */
static int cmd_started(const struct options *opt)
{
    WCHAR path[300], list[2048], name[256];
    DWORD size = sizeof(list) - 2 * sizeof(WCHAR), type = 0, err, count = 0;
    const WCHAR *p;
    HKEY key;

    err = service_key_path(opt->name, L"Parameters", path, ARRAYSIZE(path));
    if (!err)
        err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE, &key);
    if (err)
        return fail(err, L"started %ls: cannot open HKLM\\%ls", opt->name, path);
    ZeroMemory(list, sizeof(list));
    err = RegQueryValueExW(key, L"StartArguments", NULL, &type, (BYTE *)list, &size);
    if (err) {
        RegCloseKey(key);
        return fail(err, L"started %ls: the stand-in has not been started since it was installed", opt->name);
    }
    for (p = list; *p; p += wcslen(p) + 1)
        count++;
    printf("arguments: %lu", count);
    for (p = list; *p; p += wcslen(p) + 1)
        printf("%s%ls", p == list ? ": " : " | ", p);
    printf("\n");
    size = sizeof(name) - sizeof(WCHAR);
    ZeroMemory(name, sizeof(name));
    if (RegQueryValueExW(key, L"StartNetworkName", NULL, &type, (BYTE *)name, &size) == ERROR_SUCCESS)
        printf("network name: %ls\n", name);
    else
        printf("network name: (not set)\n");
    RegCloseKey(key);
    return EXIT_OK;
}

static int cmd_fault(const struct options *opt)
{
    static const WCHAR *const faults[] = { L"crash", L"hang", L"refuse-stop", L"hang-start" };
    WCHAR key_path[300];
    DWORD err;
    HKEY key;
    size_t i;
    BOOL none;

    if (opt->nargs != 1)
        return usage("fault needs one of crash, hang, refuse-stop, hang-start, none");
    none = !wcscmp(opt->args[0], L"none");
    for (i = 0; !none && i < ARRAYSIZE(faults) && wcscmp(opt->args[0], faults[i]); i++)
        ;
    if (!none && i == ARRAYSIZE(faults))
        return usage("fault needs one of crash, hang, refuse-stop, hang-start, none");

    /* Only for an installed service: a typo must not invent a new one. */
    err = service_key_path(opt->name, NULL, key_path, ARRAYSIZE(key_path));
    if (!err)
        err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, key_path, 0, KEY_QUERY_VALUE, &key);
    if (err)
        return fail(err == ERROR_FILE_NOT_FOUND ? ERROR_SERVICE_DOES_NOT_EXIST : err,
                    L"fault %ls: no such service", opt->name);
    RegCloseKey(key);

    service_key_path(opt->name, L"Parameters", key_path, ARRAYSIZE(key_path));
    err = RegCreateKeyExW(HKEY_LOCAL_MACHINE, key_path, 0, NULL, 0, KEY_SET_VALUE, NULL, &key,
                          NULL);
    if (err)
        return fail(err, L"fault %ls: cannot open HKLM\\%ls", opt->name, key_path);
    if (none) {
        err = RegDeleteValueW(key, L"Fault");
        if (err == ERROR_FILE_NOT_FOUND)
            err = ERROR_SUCCESS;
    } else {
        err = set_string(key, L"Fault", opt->args[0]);
    }
    RegCloseKey(key);
    if (err)
        return fail(err, L"fault %ls: cannot write Parameters\\Fault", opt->name);
    return EXIT_OK;
}

static int cmd_domain(const struct options *opt)
{
    BOOL set;
    DWORD err;
    HKEY key;

    if (opt->nargs == 2 && !wcscmp(opt->args[0], L"set"))
        set = TRUE;
    else if (opt->nargs == 1 && !wcscmp(opt->args[0], L"clear"))
        set = FALSE;
    else
        return usage("domain set <name> | domain clear");
    if (set && (!opt->args[1][0] || wcslen(opt->args[1]) > 255))
        return usage("the domain name must have 1..255 characters");

    err = RegCreateKeyExW(HKEY_LOCAL_MACHINE, TCPIP_PARAMETERS_KEY, 0, NULL, 0, KEY_SET_VALUE,
                          NULL, &key, NULL);
    if (err)
        return fail(err, L"domain: cannot open HKLM\\" TCPIP_PARAMETERS_KEY);
    if (set) {
        err = set_string(key, L"Domain", opt->args[1]);
    } else {
        err = RegDeleteValueW(key, L"Domain");
        if (err == ERROR_FILE_NOT_FOUND)
            err = ERROR_SUCCESS;
    }
    RegCloseKey(key);
    if (err)
        return fail(err, L"domain: cannot %ls Tcpip\\Parameters Domain",
                    set ? L"set" : L"delete");
    return EXIT_OK;
}

static int cmd_cluster(const struct options *opt)
{
    DWORD err, subkeys, values;
    HKEY key;

    if (opt->nargs == 1 && !wcscmp(opt->args[0], L"mark")) {
        err = RegCreateKeyExW(HKEY_LOCAL_MACHINE, CLUSTER_KEY, 0, NULL, 0, KEY_QUERY_VALUE, NULL,
                              &key, NULL);
        if (err)
            return fail(err, L"cluster mark: cannot create HKLM\\Cluster");
        RegCloseKey(key);
        /* What register.cmd does on every node of a real cluster. */
        if (opt->event_file) {
            err = register_event_source(L"" IMSGUARD_EVENT_SOURCE, opt->event_file);
            if (err)
                return fail(err, L"cluster mark: cannot register the event source " IMSGUARD_EVENT_SOURCE);
        }
        return EXIT_OK;
    }
    if (opt->nargs != 1 || wcscmp(opt->args[0], L"unmark") || opt->event_file)
        return usage("cluster mark | cluster unmark");

    err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, CLUSTER_KEY, 0, KEY_QUERY_VALUE, &key);
    if (err == ERROR_FILE_NOT_FOUND)
        return EXIT_OK;
    if (err)
        return fail(err, L"cluster unmark: cannot open HKLM\\Cluster");
    err = RegQueryInfoKeyW(key, NULL, NULL, NULL, &subkeys, NULL, NULL, &values, NULL, NULL,
                           NULL, NULL);
    RegCloseKey(key);
    if (err)
        return fail(err, L"cluster unmark: cannot query HKLM\\Cluster");
    /* A cluster database lives there: removing it is not ours to do. */
    if (subkeys || values)
        return fail(ERROR_DIR_NOT_EMPTY, L"cluster unmark: HKLM\\Cluster holds %lu subkeys and "
                    L"%lu values; not deleting it", subkeys, values);
    err = RegDeleteKeyW(HKEY_LOCAL_MACHINE, CLUSTER_KEY);
    if (err)
        return fail(err, L"cluster unmark: cannot delete HKLM\\Cluster");
    return EXIT_OK;
}

int wmain(int argc, WCHAR **argv)
{
    static const struct {
        const WCHAR *name;
        int (*run)(const struct options *opt);
        unsigned options;
        int max_args;
    } commands[] = {
        { L"install",   cmd_install,   OPT_NAME | OPT_START | OPT_PORT | OPT_DELAY, 1 },
        { L"uninstall", cmd_uninstall, OPT_NAME, 0 },
        { L"start",     cmd_start,     OPT_NAME | OPT_WAIT, 0 },
        { L"stop",      cmd_stop,      OPT_NAME | OPT_WAIT, 0 },
        { L"status",    cmd_status,    OPT_NAME, 0 },
        { L"alive",     cmd_alive,     OPT_NAME, 0 },
        { L"started",   cmd_started,   OPT_NAME, 0 },
        { L"fault",     cmd_fault,     OPT_NAME, 1 },
        { L"domain",    cmd_domain,    0, 2 },
        { L"cluster",   cmd_cluster,   OPT_EVENT_SOURCE, 1 },
    };
    struct options opt;
    size_t i;
    int rc;

    if (argc < 2)
        return usage(NULL);
    if (!wcscmp(argv[1], L"--help") || !wcscmp(argv[1], L"-h") || !wcscmp(argv[1], L"/?")) {
        fputs(usage_text, stdout);
        return EXIT_OK;
    }
    for (i = 0; i < ARRAYSIZE(commands) && wcscmp(argv[1], commands[i].name); i++)
        ;
    if (i == ARRAYSIZE(commands))
        return usage("unknown command");
    rc = parse_options(argc - 2, argv + 2, commands[i].options, commands[i].max_args, &opt);
    if (rc)
        return rc;
    return commands[i].run(&opt);
}
