/*
 * cmd_service.c - imsctl's commands on the stand-in's service: install,
 * uninstall, start, stop, status, alive, started, fault.
 */
#include "imsctl.h"

int cmd_install(const struct options *opt)
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
        err = set_dword(key, IMS_W(IMS_VALUE_SMTP_PORT), opt->port);
        if (err) {
            rc = fail(err, L"install %ls: cannot set Parameters\\SmtpPort", opt->name);
            goto out;
        }
    }
    if (opt->seen & OPT_DELAY) {
        err = set_dword(key, IMS_W(IMS_VALUE_START_DELAY), opt->delay_ms);
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

/* DeleteService, and the mark NT's service manager leaves with it: the
   DeleteFlag value of the service's key (Wine's keeps the mark in memory
   only). It is written while this tool's own handle still holds the
   service, so the key is there; Wine deletes the key, the value with it,
   when the last handle to the service goes. */
int cmd_uninstall(const struct options *opt)
{
    WCHAR path[300];
    SC_HANDLE scm, svc;
    HKEY key;
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
    err = service_key_path(opt->name, NULL, path, ARRAYSIZE(path));
    if (!err)
        err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_SET_VALUE, &key);
    if (!err) {
        err = set_dword(key, L"DeleteFlag", 1);
        RegCloseKey(key);
    }
    close_service(scm, svc);
    if (err)
        return fail(err, L"uninstall %ls: deleted, but DeleteFlag could not be set", opt->name);
    return EXIT_OK;
}

/* Says "holding" once the handle is open, then waits for the end of its
   standard input: the caller decides when the handle goes, with no timer. */
int cmd_hold(const struct options *opt)
{
    SC_HANDLE scm, svc;
    char buf[64];
    DWORD err, got;

    if (opt->nargs)
        return usage("hold takes no arguments");
    err = open_service(opt->name, SERVICE_QUERY_STATUS, &scm, &svc);
    if (err)
        return fail(err, L"hold %ls: cannot open the service", opt->name);
    printf("holding %ls\n", opt->name);
    fflush(stdout);
    while (ReadFile(GetStdHandle(STD_INPUT_HANDLE), buf, sizeof(buf), &got, NULL) && got)
        ;
    close_service(scm, svc);
    return EXIT_OK;
}

int cmd_start(const struct options *opt)
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

int cmd_stop(const struct options *opt)
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
        DWORD state;

        /* The service stopped and its process ended before Wine's
         * dispatcher sent the answer (bedsvc.h): handled, and said. */
        if (bed_stop_answer_lost(svc, err, &state)) {
            fprintf(stderr, "imsctl: stop %ls: ControlService(STOP) failed with error %lu, but "
                    "the service manager shows %s: STOP was handled and the service process "
                    "ended before Wine's dispatcher sent its answer\n",
                    opt->name, err, state_name(state));
            goto stop_handled;
        }
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
stop_handled:
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

int cmd_status(const struct options *opt)
{
    return report_status(opt, FALSE);
}

int cmd_alive(const struct options *opt)
{
    return report_status(opt, TRUE);
}

/* What the last start of the stand-in was given (it records it). */
int cmd_started(const struct options *opt)
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
    err = RegQueryValueExW(key, IMS_W(IMS_VALUE_START_ARGUMENTS), NULL, &type, (BYTE *)list, &size);
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
    if (RegQueryValueExW(key, IMS_W(IMS_VALUE_START_NETWORK_NAME), NULL, &type, (BYTE *)name, &size) == ERROR_SUCCESS)
        printf("network name: %ls\n", name);
    else
        printf("network name: (not set)\n");
    RegCloseKey(key);
    return EXIT_OK;
}

int cmd_fault(const struct options *opt)
{
#define FAULT_ENTRY(name) IMS_W(name),
    static const WCHAR *const faults[] = { IMS_FAULTS(FAULT_ENTRY) };
#undef FAULT_ENTRY
    WCHAR key_path[300];
    DWORD err;
    HKEY key;
    size_t i;
    BOOL none;

    if (opt->nargs != 1)
        return usage("fault needs one of " IMS_FAULT_LIST);
    none = !wcscmp(opt->args[0], IMS_W(IMS_FAULT_NONE));
    for (i = 0; !none && i < ARRAYSIZE(faults) && wcscmp(opt->args[0], faults[i]); i++)
        ;
    if (!none && i == ARRAYSIZE(faults))
        return usage("fault needs one of " IMS_FAULT_LIST);

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
        err = RegDeleteValueW(key, IMS_W(IMS_VALUE_FAULT));
        if (err == ERROR_FILE_NOT_FOUND)
            err = ERROR_SUCCESS;
    } else {
        err = set_string(key, IMS_W(IMS_VALUE_FAULT), opt->args[0]);
    }
    RegCloseKey(key);
    if (err)
        return fail(err, L"fault %ls: cannot write Parameters\\Fault", opt->name);
    return EXIT_OK;
}
