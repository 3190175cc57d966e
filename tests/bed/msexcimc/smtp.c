/*
 * smtp.c - the IMS stand-in's SMTP side on 127.0.0.1: the listener, one
 * thread per session (greeting, HELO/EHLO, NOOP, RSET, QUIT, the idle
 * timeout), and the faults as a client sees them (hang, a busy greeting).
 */
#include "msexcimc.h"


/* "host.domain" in UTF-8, the name the greeting and replies use. */
void make_greeting_host(const WCHAR *host, const WCHAR *domain)
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

DWORD open_listener(SOCKET *listener, HANDLE accept_event)
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

void accept_sessions(SOCKET listener, HANDLE accept_event)
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
