/* bare.c - the bare Win32 calls the DLL's entry points are compared with,
 * and the service-side helpers of bench.exe (the IMS stand-in's state, its
 * settings, making sure it is gone between measurements). */
#include "bench.h"
#include "bedsvc.h"

#include <winsock2.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

WCHAR service_name[257] = L"MSExchangeIMC";
SC_HANDLE bare_svc;
static SC_HANDLE scm;
static HKEY tcpip;
static WCHAR image[MAX_PATH];

/* The stand-in's binary, for the bare IsAlive's GetFileAttributesEx. */
static void read_image_path(void)
{
    QUERY_SERVICE_CONFIGW *cfg;
    DWORD need = 0;
    WCHAR *p, *end;

    QueryServiceConfigW(bare_svc, NULL, 0, &need);
    cfg = malloc(need ? need : 1);
    if (cfg && QueryServiceConfigW(bare_svc, cfg, need, &need)) {
        p = cfg->lpBinaryPathName;
        if (*p == L'"') {
            p++;
            end = wcschr(p, L'"');
            if (end)
                *end = 0;
        }
        wcsncpy(image, p, ARRAYSIZE(image) - 1);
    }
    free(cfg);
}

BOOL bare_setup(const WCHAR *service)
{
    scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    bare_svc = scm ? OpenServiceW(scm, service, SERVICE_QUERY_STATUS | SERVICE_QUERY_CONFIG | SERVICE_START |
                                                    SERVICE_STOP)
                   : NULL;
    if (!bare_svc) {
        ok(0, "service %ls opened (error %lu)", service, GetLastError());
        return FALSE;
    }
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters", 0,
                      KEY_QUERY_VALUE, &tcpip) != ERROR_SUCCESS)
        tcpip = NULL;
    read_image_path();
    return TRUE;
}

/* ------------------------------------------------------------ the service */

DWORD service_status(DWORD *pid)
{
    SERVICE_STATUS_PROCESS ssp;
    DWORD need = 0;

    memset(&ssp, 0, sizeof(ssp));
    if (!QueryServiceStatusEx(bare_svc, SC_STATUS_PROCESS_INFO, (BYTE *)&ssp, sizeof(ssp), &need))
        ssp.dwCurrentState = 0;
    if (pid)
        *pid = ssp.dwProcessId;
    return ssp.dwCurrentState;
}

DWORD service_state(void)
{
    SERVICE_STATUS ss;
    return QueryServiceStatus(bare_svc, &ss) ? ss.dwCurrentState : 0;
}

BOOL wait_state(DWORD state, DWORD timeout_ms)
{
    DWORD start = GetTickCount();
    while (service_state() != state) {
        if (GetTickCount() - start >= timeout_ms)
            return FALSE;
        Sleep(1);
    }
    return TRUE;
}

/* The service's process, if the service manager names one that still runs. */
static HANDLE live_process(DWORD access, DWORD *state)
{
    DWORD pid = 0;
    HANDLE p;

    *state = service_status(&pid);
    if (*state == SERVICE_STOPPED || !pid)
        return NULL;
    p = OpenProcess(access | SYNCHRONIZE, FALSE, pid);
    if (p && WaitForSingleObject(p, 0) != WAIT_TIMEOUT) {
        CloseHandle(p);
        p = NULL;
    }
    return p;
}

BOOL ims_gone(void)
{
    DWORD state;
    HANDLE p = live_process(0, &state);
    if (!p)
        return TRUE;
    CloseHandle(p);
    return FALSE;
}

BOOL wait_ims_gone(DWORD timeout_ms)
{
    DWORD start = GetTickCount();
    while (!ims_gone()) {
        if (GetTickCount() - start >= timeout_ms)
            return FALSE;
        Sleep(1);
    }
    return TRUE;
}

BOOL bare_stop(void)
{
    SERVICE_STATUS ss;
    DWORD state;
    HANDLE p;

    if (ims_gone())
        return TRUE;
    /* A service still starting takes no STOP: wait out a normal start. */
    if (service_state() == SERVICE_START_PENDING)
        wait_state(SERVICE_RUNNING, 5000);
    ControlService(bare_svc, SERVICE_CONTROL_STOP, &ss);
    if (wait_ims_gone(10000))
        return TRUE;
    p = live_process(PROCESS_TERMINATE, &state);
    if (!p)
        return TRUE;
    TerminateProcess(p, 1);
    WaitForSingleObject(p, 10000);
    CloseHandle(p);
    return ims_gone();
}

BOOL bare_start(double *call_us, double *running_us)
{
    LONGLONG t0 = now_qpc();
    SERVICE_STATUS ss;

    if (!StartServiceW(bare_svc, 0, NULL))
        return FALSE;
    *call_us = to_us(now_qpc() - t0);
    for (;;) {
        if (!QueryServiceStatus(bare_svc, &ss) || ss.dwCurrentState == SERVICE_STOPPED)
            return FALSE;
        if (ss.dwCurrentState == SERVICE_RUNNING)
            break;
    }
    *running_us = to_us(now_qpc() - t0);
    return TRUE;
}

/* *answer_lost: ControlService failed with 109 although the stand-in had
   stopped (tests/bed/common/bedsvc.h); *call_us is then not the call's
   answer but the stand-in's exit. */
BOOL bare_stop_timed(double *call_us, double *stopped_us, BOOL *answer_lost)
{
    LONGLONG t0 = now_qpc();
    SERVICE_STATUS ss;

    *answer_lost = FALSE;
    if (!ControlService(bare_svc, SERVICE_CONTROL_STOP, &ss)) {
        if (!bed_stop_answer_lost(bare_svc, GetLastError(), NULL))
            return FALSE;
        *answer_lost = TRUE;
    }
    *call_us = to_us(now_qpc() - t0);
    for (;;) {
        if (!QueryServiceStatus(bare_svc, &ss))
            return FALSE;
        if (ss.dwCurrentState == SERVICE_STOPPED)
            break;
        if (to_us(now_qpc() - t0) > 10e6) {
            SetLastError(ERROR_TIMEOUT);
            return FALSE;
        }
    }
    *stopped_us = to_us(now_qpc() - t0);
    return TRUE;
}

BOOL bare_kill(double *us)
{
    DWORD state;
    HANDLE p = live_process(PROCESS_TERMINATE, &state);
    LONGLONG t0;
    BOOL ended;

    if (!p)
        return FALSE;
    t0 = now_qpc();
    ended = TerminateProcess(p, 1) && WaitForSingleObject(p, 10000) == WAIT_OBJECT_0;
    *us = to_us(now_qpc() - t0);
    CloseHandle(p);
    return ended;
}

/* ------------------------------------------------------------ the stand-in's settings */

static HKEY stand_in_parameters(void)
{
    WCHAR path[400];
    HKEY k;

    _snwprintf(path, ARRAYSIZE(path), L"SYSTEM\\CurrentControlSet\\Services\\%ls\\Parameters", service_name);
    path[ARRAYSIZE(path) - 1] = 0;
    if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_SET_VALUE, NULL, &k, NULL))
        return NULL;
    return k;
}

void set_start_delay(DWORD ms)
{
    HKEY k = stand_in_parameters();
    if (!k)
        return;
    if (ms)
        RegSetValueExW(k, L"StartDelay", 0, REG_DWORD, (const BYTE *)&ms, sizeof(ms));
    else
        RegDeleteValueW(k, L"StartDelay");
    RegCloseKey(k);
}

void set_fault(const WCHAR *fault)
{
    HKEY k = stand_in_parameters();
    if (!k)
        return;
    if (fault)
        RegSetValueExW(k, L"Fault", 0, REG_SZ, (const BYTE *)fault, (DWORD)((wcslen(fault) + 1) * sizeof(WCHAR)));
    else
        RegDeleteValueW(k, L"Fault");
    RegCloseKey(k);
}

/* ------------------------------------------------------------ the bare IsAlive */

/*
 * What IsAlive must find out, each by the cheapest call that can: the
 * process has not ended (a wait on its handle: Wine's service manager
 * never notices a dead one), the service manager says RUNNING, the
 * service was not disabled or repointed (a wait on an event that
 * RegNotifyChangeKeyValue sets when the service's key changes; only then
 * is the configuration read again), the node's DNS domain (one registry
 * value), the binary unchanged (its size and time), and an SMTP greeting
 * on loopback. The greeting must be bounded (IsAlive has 300 ms), the
 * connect too: on Linux, and so under Wine, a connect to a listener whose
 * backlog is full (a hung IMS) waits for SYN retries, seconds. The fewest
 * calls that bound both are a non-blocking connect and select, as the
 * DLL's probe does. A probe with a blocking connect and a receive timeout
 * is timed beside it (bare.smtp.blocking), not counted in the baseline.
 */
const char *const bare_part_keys[BARE_PARTS] = { "bare.process", "bare.status", "bare.keywatch",
                                                 "bare.domain", "bare.file", "bare.smtp" };
#define BARE_SMTP_TIMEOUT_MS 200

static HANDLE watched_process;
static HKEY service_key;
static HANDLE key_changed;

static BOOL arm_key_watch(void)
{
    return RegNotifyChangeKeyValue(service_key, FALSE, REG_NOTIFY_CHANGE_LAST_SET | REG_NOTIFY_CHANGE_NAME,
                                   key_changed, TRUE) == ERROR_SUCCESS;
}

BOOL bare_isalive_open(void)
{
    WCHAR path[400];
    DWORD state;

    bare_isalive_close();
    watched_process = live_process(0, &state);
    _snwprintf(path, ARRAYSIZE(path), L"SYSTEM\\CurrentControlSet\\Services\\%ls", service_name);
    path[ARRAYSIZE(path) - 1] = 0;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_NOTIFY | KEY_QUERY_VALUE, &service_key))
        service_key = NULL;
    key_changed = CreateEventW(NULL, FALSE, FALSE, NULL);
    return watched_process && service_key && key_changed && arm_key_watch();
}

void bare_isalive_close(void)
{
    if (watched_process)
        CloseHandle(watched_process);
    if (service_key)
        RegCloseKey(service_key);
    if (key_changed)
        CloseHandle(key_changed);
    watched_process = NULL;
    service_key = NULL;
    key_changed = NULL;
}

static void part_done(bench_series *parts, int k, LONGLONG *t)
{
    LONGLONG now = now_qpc();
    if (parts)
        bench_series_add(&parts[k], to_us(now - *t));
    *t = now;
}

static SOCKET loopback_socket(DWORD port, struct sockaddr_in *addr)
{
    memset(addr, 0, sizeof(*addr));
    addr->sin_family = AF_INET;
    addr->sin_port = htons((u_short)port);
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
}

/* Reads until the greeting's "220", sends QUIT; wait(s) guards each read. */
static BOOL greeted(SOCKET s, BOOL (*wait)(SOCKET, DWORD), DWORD start)
{
    char greeting[128];
    int got = 0, n;

    while (got < 3 && (!wait || wait(s, start)) &&
           (n = recv(s, greeting + got, (int)sizeof(greeting) - 1 - got, 0)) > 0)
        got += n;
    send(s, "QUIT\r\n", 6, 0);
    return got >= 3 && memcmp(greeting, "220", 3) == 0;
}

BOOL bare_smtp_blocking(DWORD port)
{
    DWORD timeout = BARE_SMTP_TIMEOUT_MS;
    struct sockaddr_in addr;
    SOCKET s = loopback_socket(port, &addr);
    BOOL ok = FALSE;

    if (s == INVALID_SOCKET)
        return FALSE;
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (const char *)&timeout, sizeof(timeout));
    if (connect(s, (struct sockaddr *)&addr, sizeof(addr)) == 0)
        ok = greeted(s, NULL, 0);
    closesocket(s);
    return ok;
}

static BOOL wait_socket(SOCKET s, BOOL for_write, DWORD start)
{
    DWORD spent = GetTickCount() - start, left = spent < BARE_SMTP_TIMEOUT_MS ? BARE_SMTP_TIMEOUT_MS - spent : 0;
    struct timeval tv = { (long)(left / 1000), (long)(left % 1000) * 1000 };
    fd_set set;

    FD_ZERO(&set);
    FD_SET(s, &set);
    return select(0, for_write ? NULL : &set, for_write ? &set : NULL, NULL, &tv) == 1;
}

static BOOL wait_readable(SOCKET s, DWORD start)
{
    return wait_socket(s, FALSE, start);
}

static BOOL smtp_greets(DWORD port)
{
    DWORD start = GetTickCount();
    struct sockaddr_in addr;
    SOCKET s = loopback_socket(port, &addr);
    u_long nonblocking = 1;
    BOOL ok = FALSE;

    if (s == INVALID_SOCKET)
        return FALSE;
    ioctlsocket(s, FIONBIO, &nonblocking);
    if ((connect(s, (struct sockaddr *)&addr, sizeof(addr)) == 0 || WSAGetLastError() == WSAEWOULDBLOCK) &&
        wait_socket(s, TRUE, start))
        ok = greeted(s, wait_readable, start);
    closesocket(s);
    return ok;
}

/* LooksAlive's part of the bare IsAlive below, in the same order. */
BOOL bare_looks(void)
{
    SERVICE_STATUS ss;
    return watched_process && WaitForSingleObject(watched_process, 0) == WAIT_TIMEOUT &&
           QueryServiceStatus(bare_svc, &ss) && ss.dwCurrentState == SERVICE_RUNNING;
}

BOOL bare_isalive(DWORD port, bench_series *parts)
{
    LONGLONG t = now_qpc();
    WIN32_FILE_ATTRIBUTE_DATA fad;
    SERVICE_STATUS ss;
    WCHAR domain[256];
    DWORD type = 0, size = sizeof(domain) - sizeof(WCHAR);
    BOOL ok;

    ok = watched_process && WaitForSingleObject(watched_process, 0) == WAIT_TIMEOUT;
    part_done(parts, BARE_PROCESS, &t);
    ok = QueryServiceStatus(bare_svc, &ss) && ss.dwCurrentState == SERVICE_RUNNING && ok;
    part_done(parts, BARE_STATUS, &t);
    if (key_changed && WaitForSingleObject(key_changed, 0) == WAIT_OBJECT_0) {
        /* Changed: what a DLL would do then, read the configuration again. */
        read_image_path();
        arm_key_watch();
    }
    part_done(parts, BARE_KEYWATCH, &t);
    ok = tcpip && RegQueryValueExW(tcpip, L"Domain", NULL, &type, (BYTE *)domain, &size) == ERROR_SUCCESS && ok;
    part_done(parts, BARE_DOMAIN, &t);
    ok = GetFileAttributesExW(image, GetFileExInfoStandard, &fad) && ok;
    part_done(parts, BARE_FILE, &t);
    ok = smtp_greets(port) && ok;
    part_done(parts, BARE_SMTP, &t);
    return ok;
}
