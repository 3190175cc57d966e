/*
 * lifelog.c - what Online, Offline, Terminate and the polls tell the
 * administrator about the service: every text is a message of the DLL's
 * message table, with the data as inserts.
 */
#include "lifelog.h"

#include <stdio.h>

#include "imsguard_msg.h"
#include "rlog.h"
#include "wstr.h"

static void number(WCHAR *buf, size_t cap, DWORD value)
{
    _snwprintf(buf, cap, L"%lu", (unsigned long)value);
    buf[cap - 1] = 0;
}

/* The service's process ended: its pid and exit code are the inserts. */
static void log_process_end(ig_resource *r, DWORD msgid, HANDLE process, DWORD pid_value,
                            const WCHAR *caller)
{
    WCHAR pid[16], code[16];
    const WCHAR *args[4] = { r->name, ig_w(r->settings.service_name), pid, code };
    DWORD exit_code = 0;
    GetExitCodeProcess(process, &exit_code);
    number(pid, ARRAYSIZE(pid), pid_value);
    _snwprintf(code, ARRAYSIZE(code), L"0x%08lX", (unsigned long)exit_code);
    code[ARRAYSIZE(code) - 1] = 0;
    ig_log_msg(r->handle, LOG_ERROR, caller, msgid, 4, args);
}

void ig_log_online(ig_resource *r)
{
    WCHAR version[32], wdomain[256];
    char text[32], domain[256];
    const WCHAR *args[5] = { r->name, ig_w(r->settings.service_name), r->facts.image, version, wdomain };
    ig_version_format(&r->facts.version, text, sizeof(text));
    ig_wfrom_utf8(version, ARRAYSIZE(version), text);
    ig_netid_domain(&r->facts.netid, domain, sizeof(domain));
    ig_wfrom_utf8(wdomain, ARRAYSIZE(wdomain), domain);
    ig_log_msg(r->handle, LOG_INFORMATION, L"OnlineThread", MSG_ONLINE, 5, args);
}

void ig_log_start_failed(ig_resource *r, const ig_service_state *st)
{
    WCHAR code[16], specific[16];
    const WCHAR *args[4] = { r->name, ig_w(r->settings.service_name), code, specific };
    BOOL q194128 = st->exit_code == ERROR_SERVICE_SPECIFIC_ERROR &&
                   (st->specific_exit == 4058 || st->specific_exit == 4067);
    number(code, ARRAYSIZE(code), st->exit_code);
    number(specific, ARRAYSIZE(specific), st->specific_exit);
    ig_log_msg(r->handle, LOG_ERROR, L"OnlineThread",
               q194128 ? MSG_SERVICE_START_FAILED : MSG_SERVICE_START_FAILED_OTHER, 4, args);
}

void ig_log_exited_while_starting(ig_resource *r, HANDLE process, DWORD pid)
{
    log_process_end(r, MSG_PROCESS_EXITED_STARTING, process, pid, L"OnlineThread");
}

void ig_log_gone_process(ig_resource *r, DWORD pid)
{
    /* The service manager reports RUNNING for a process that is gone
       (Wine's does after a crash): the service is not running. */
    WCHAR text[300];
    _snwprintf(text, ARRAYSIZE(text),
               L"The service manager reports the service running as process %lu, but that process "
               L"no longer exists. Restart the service manager (or the node) before bringing the "
               L"resource online here.", (unsigned long)pid);
    text[ARRAYSIZE(text) - 1] = 0;
    ig_log_text(r->handle, LOG_ERROR, L"OnlineThread", text);
}

void ig_log_start_request_failed(ig_resource *r, DWORD err)
{
    WCHAR detail[300];
    const WCHAR *args[3] = { r->name, ig_w(r->settings.service_name), detail };
    ig_werror_text(err, detail, ARRAYSIZE(detail));
    ig_log_msg(r->handle, LOG_ERROR, L"OnlineThread", MSG_START_REQUEST_FAILED, 3, args);
}

void ig_log_start_retried(ig_resource *r, DWORD err)
{
    WCHAR detail[300];
    const WCHAR *args[3] = { r->name, ig_w(r->settings.service_name), detail };
    ig_werror_text(err, detail, ARRAYSIZE(detail));
    ig_log_msg(r->handle, LOG_WARNING, L"OnlineThread", MSG_START_RETRIED, 3, args);
}

void ig_log_process_exited(ig_resource *r, HANDLE process, DWORD pid, const WCHAR *caller)
{
    log_process_end(r, MSG_PROCESS_EXITED, process, pid, caller);
}

void ig_log_not_running(ig_resource *r, const WCHAR *state, const WCHAR *caller)
{
    const WCHAR *args[3] = { r->name, ig_w(r->settings.service_name), state };
    ig_log_msg(r->handle, LOG_ERROR, caller, MSG_SERVICE_NOT_RUNNING, 3, args);
}

void ig_log_start_timeout(ig_resource *r, DWORD elapsed)
{
    WCHAR ms[16];
    const WCHAR *args[3] = { r->name, ig_w(r->settings.service_name), ms };
    number(ms, ARRAYSIZE(ms), elapsed);
    ig_log_msg(r->handle, LOG_ERROR, L"OnlineThread", MSG_SERVICE_START_TIMEOUT, 3, args);
}

void ig_log_stop_timeout(ig_resource *r, DWORD pid, DWORD elapsed, const WCHAR *caller)
{
    WCHAR ms[16], pid_text[16];
    const WCHAR *args[4] = { r->name, ig_w(r->settings.service_name), ms, pid_text };
    number(ms, ARRAYSIZE(ms), elapsed);
    number(pid_text, ARRAYSIZE(pid_text), pid);
    ig_log_msg(r->handle, LOG_WARNING, caller, MSG_STOP_TIMEOUT, 4, args);
}

