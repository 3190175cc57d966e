#include "smtp.h"

#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <string.h>

/* Between two connection attempts refused within one call (an IMS
   re-opening its listener). */
#define RETRY_PAUSE_MS 20

static LONG wsa_state;   /* 0 = not started, 1 = starting, 2 = ready, 3 = failed */
static DWORD wsa_error;

DWORD ig_smtp_init(void)
{
    if (InterlockedCompareExchange(&wsa_state, 1, 0) == 0) {
        WSADATA wsa;
        int rc = WSAStartup(MAKEWORD(2, 0), &wsa);
        wsa_error = (DWORD)rc;
        InterlockedExchange(&wsa_state, rc ? 3 : 2);
    }
    while (InterlockedCompareExchange(&wsa_state, 1, 1) == 1)
        Sleep(1);
    return InterlockedCompareExchange(&wsa_state, 2, 2) == 2 ? ERROR_SUCCESS : wsa_error;
}

ig_probe_config ig_probe_config_of(const ig_settings *s)
{
    ig_probe_config c;
    c.port = (unsigned short)s->smtp_probe_port;
    c.timeout_ms = s->smtp_probe_timeout;
    c.failures = s->smtp_probe_failures;
    return c;
}

void ig_probe_reset(ig_probe *p)
{
    if (p->kept)
        closesocket((SOCKET)p->socket);
    ZeroMemory(p, sizeof(*p));
}

static DWORD remaining(DWORD start, DWORD timeout_ms)
{
    DWORD spent = GetTickCount() - start;
    return spent >= timeout_ms ? 0 : timeout_ms - spent;
}

/* 1 ready, 0 timeout, -1 failed (the socket's error set). */
static int wait_socket(SOCKET s, BOOL for_write, DWORD ms)
{
    fd_set set, err;
    struct timeval tv;
    FD_ZERO(&set);
    FD_ZERO(&err);
    FD_SET(s, &set);
    FD_SET(s, &err);
    tv.tv_sec = (long)(ms / 1000);
    tv.tv_usec = (long)(ms % 1000) * 1000;
    if (select(0, for_write ? NULL : &set, for_write ? &set : NULL, &err, &tv) <= 0)
        return 0;
    return FD_ISSET(s, &err) ? -1 : 1;
}

static DWORD socket_error(SOCKET s)
{
    int soerr = 0, len = sizeof(soerr);
    getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&soerr, &len);
    return soerr ? (DWORD)soerr : ERROR_CONNECTION_ABORTED;
}

static void describe_connect_error(DWORD err, WCHAR *what, size_t cap)
{
    if (err == WSAECONNREFUSED)
        _snwprintf(what, cap, L"connection refused: nothing listens on the port");
    else
        _snwprintf(what, cap, L"connection failed, error %lu", (unsigned long)err);
}

/* A new non-blocking connection, retried while refused and time is left. */
static ig_probe_outcome open_connection(ig_probe *p, const ig_probe_config *c, DWORD start, DWORD *err,
                                        WCHAR *what, size_t cap)
{
    struct sockaddr_in addr;
    u_long nonblocking = 1;
    SOCKET s;
    int ready;

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(c->port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (;;) {
        s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        if (s == INVALID_SOCKET) {
            *err = (DWORD)WSAGetLastError();
            _snwprintf(what, cap, L"no socket, error %lu", (unsigned long)*err);
            return IG_PROBE_FAILED;
        }
        ioctlsocket(s, FIONBIO, &nonblocking);
        if (connect(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR &&
            WSAGetLastError() != WSAEWOULDBLOCK) {
            *err = (DWORD)WSAGetLastError();
            ready = -1;
        } else {
            ready = wait_socket(s, TRUE, remaining(start, c->timeout_ms));
            if (ready < 0)
                *err = socket_error(s);
        }
        if (ready >= 0)
            break;
        closesocket(s);
        if (*err != WSAECONNREFUSED || remaining(start, c->timeout_ms) <= RETRY_PAUSE_MS) {
            describe_connect_error(*err, what, cap);
            return IG_PROBE_FAILED;
        }
        Sleep(RETRY_PAUSE_MS);
    }
    p->kept = TRUE;
    p->socket = (UINT_PTR)s;
    p->connected = ready > 0;
    p->opened_at = GetTickCount();
    p->got = 0;
    return IG_PROBE_WAITING;
}

/* Reads what has arrived of the greeting on the kept connection, waiting
   at most ms. WAITING while fewer than 3 bytes are in. */
static ig_probe_outcome read_greeting(ig_probe *p, DWORD ms, DWORD *err, WCHAR *what, size_t cap)
{
    SOCKET s = (SOCKET)p->socket;
    DWORD start = GetTickCount();
    int ready, n;

    if (!p->connected) {
        ready = wait_socket(s, TRUE, ms);
        if (ready == 0)
            return IG_PROBE_WAITING;
        if (ready < 0) {
            *err = socket_error(s);
            describe_connect_error(*err, what, cap);
            return IG_PROBE_FAILED;
        }
        p->connected = TRUE;
    }
    while (p->got < 3) {
        ready = wait_socket(s, FALSE, remaining(start, ms));
        if (ready == 0)
            return IG_PROBE_WAITING;
        n = recv(s, p->greeting + p->got, 3 - p->got, 0);
        if (n <= 0) {
            *err = n == 0 ? ERROR_GRACEFUL_DISCONNECT : (DWORD)WSAGetLastError();
            _snwprintf(what, cap, L"the connection was closed before a greeting");
            return IG_PROBE_FAILED;
        }
        p->got += n;
    }
    p->greeting[3] = '\0';
    if (memcmp(p->greeting, "220", 3) != 0) {
        *err = ERROR_INVALID_DATA;
        _snwprintf(what, cap, L"the greeting was not 220 (got %hs)", p->greeting);
        return IG_PROBE_FAILED;
    }
    send(s, "QUIT\r\n", 6, 0);
    return IG_PROBE_GREETED;
}

DWORD ig_probe_check(ig_probe *p, const ig_probe_config *c, DWORD pid, WCHAR *what, size_t cap)
{
    DWORD start = GetTickCount(), err = ERROR_SUCCESS;
    ig_probe_outcome outcome;

    what[0] = 0;
    /* A connection to an IMS process that has since been replaced, or an
       old count, says nothing about this one. */
    if (p->pid != pid) {
        ig_probe_reset(p);
        p->pid = pid;
    }
    err = ig_smtp_init();
    if (err) {
        _snwprintf(what, cap, L"Windows Sockets could not start, error %lu", (unsigned long)err);
        outcome = IG_PROBE_FAILED;
    } else if (p->kept) {
        outcome = read_greeting(p, c->timeout_ms, &err, what, cap);
        if (outcome == IG_PROBE_WAITING) {
            outcome = IG_PROBE_SILENT;
            err = WAIT_TIMEOUT;
            _snwprintf(what, cap, L"connected, but no greeting in the %lu ms since the previous check",
                       (unsigned long)(GetTickCount() - p->opened_at));
        }
    } else {
        outcome = open_connection(p, c, start, &err, what, cap);
        if (outcome == IG_PROBE_WAITING)
            outcome = read_greeting(p, remaining(start, c->timeout_ms), &err, what, cap);
    }
    if (p->kept && !ig_probe_keep_connection(outcome)) {
        closesocket((SOCKET)p->socket);
        p->kept = FALSE;
    }
    if (cap)
        what[cap - 1] = 0;
    return ig_probe_tally_step(&p->tally, outcome, c->failures) ? ERROR_SUCCESS : (err ? err : WAIT_TIMEOUT);
}
