#include "smtp.h"

#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <string.h>

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

static DWORD remaining(DWORD start, DWORD timeout_ms)
{
    DWORD spent = GetTickCount() - start;
    return spent >= timeout_ms ? 0 : timeout_ms - spent;
}

static BOOL wait_socket(SOCKET s, BOOL for_write, DWORD ms)
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
        return FALSE;
    return FD_ISSET(s, &set) && !FD_ISSET(s, &err);
}

DWORD ig_smtp_probe(unsigned short port, DWORD timeout_ms, WCHAR *what, size_t cap)
{
    DWORD err = ERROR_SUCCESS, start = GetTickCount();
    SOCKET s = INVALID_SOCKET;
    struct sockaddr_in addr;
    u_long nonblocking = 1;
    char line[128];
    int got = 0;

    what[0] = 0;
    err = ig_smtp_init();
    if (err) {
        _snwprintf(what, cap, L"Windows Sockets could not start, error %lu", (unsigned long)err);
        goto out;
    }
    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
        err = (DWORD)WSAGetLastError();
        _snwprintf(what, cap, L"no socket, error %lu", (unsigned long)err);
        goto out;
    }
    ioctlsocket(s, FIONBIO, &nonblocking);
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR &&
        WSAGetLastError() != WSAEWOULDBLOCK) {
        err = (DWORD)WSAGetLastError();
        _snwprintf(what, cap, L"connection failed, error %lu", (unsigned long)err);
        goto out;
    }
    if (!wait_socket(s, TRUE, remaining(start, timeout_ms))) {
        int soerr = 0, len = sizeof(soerr);
        getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&soerr, &len);
        err = soerr ? (DWORD)soerr : WAIT_TIMEOUT;
        if (soerr == WSAECONNREFUSED)
            _snwprintf(what, cap, L"connection refused: nothing listens on the port");
        else if (soerr)
            _snwprintf(what, cap, L"connection failed, error %d", soerr);
        else
            _snwprintf(what, cap, L"no connection within %lu ms", (unsigned long)timeout_ms);
        goto out;
    }
    /* The greeting may arrive in pieces; a full line is not needed, "220" is. */
    while (got < 3) {
        int n;
        if (!wait_socket(s, FALSE, remaining(start, timeout_ms))) {
            err = WAIT_TIMEOUT;
            _snwprintf(what, cap, L"connected, but no greeting within %lu ms", (unsigned long)timeout_ms);
            goto out;
        }
        n = recv(s, line + got, (int)sizeof(line) - 1 - got, 0);
        if (n <= 0) {
            err = ERROR_GRACEFUL_DISCONNECT;
            _snwprintf(what, cap, L"the connection was closed before a greeting");
            goto out;
        }
        got += n;
    }
    line[got] = '\0';
    if (memcmp(line, "220", 3) != 0) {
        err = ERROR_INVALID_DATA;
        _snwprintf(what, cap, L"the greeting was not 220 (got %.3hs)", line);
        goto out;
    }
    send(s, "QUIT\r\n", 6, 0);
out:
    if (s != INVALID_SOCKET)
        closesocket(s);
    if (cap)
        what[cap - 1] = 0;
    return err;
}
