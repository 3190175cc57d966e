/*
 * resident.c - resmon's resident mode: one resource, opened once when the
 * monitor starts and served request by request until quit, so that the
 * DLL's state (its resource, its workers, its service handles) lives as
 * long as the resource does, as in the cluster's Resource Monitor. The
 * Pacemaker agent (tools/ocf/IMSGuard) starts one per node and resource.
 *
 * The control channel is resmon's stdin: the starter opens a FIFO
 * read-write onto it (sh: `resmon.exe --resident <res> <>ctl.fifo`), so the
 * monitor never sees an end of input, and any shell can write a request
 * into it (a line under PIPE_BUF bytes is written whole, so requests from
 * several clients never mix). Each request names a reply FIFO, which the
 * client made and holds open read-write (a FIFO's data lives only while
 * someone holds it open); the monitor opens it, writes the whole answer
 * and closes it. Wine opens a Unix FIFO by its Z: path like a file, and
 * O_RDWR never blocks the opener. A Windows named pipe would need a Wine
 * process per request on the client side, a socket a client the hosts may
 * not have.
 *
 * Request (one line):  <verb> <reply> [<ms>]
 *   verb: online | offline | terminate | looksalive | isalive | status |
 *         validate | quit
 *   reply: the Windows path of the reply FIFO (Z:\...), quoted if it has
 *         blanks
 *   ms: online/offline only: how long to wait for the pending operation
 *         (default: as long as the PendingTimeout lets it run); past it
 *         the monitor calls Terminate and answers timeout=1
 * Answer: every report line the request caused (CALL, STATE, LOG, CONTROL,
 *   ALIVE, TIMEOUT, VIOLATION, ... as on stdout, which has them all), the
 *   OK/FAIL line of the request, and last:
 *   DONE t= verb= ok=<1|0> status=<n> state=<State|Closed> [timeout=1] [reason="..."]
 *   ok=1: the request was carried out; status is what the DLL returned:
 *     online/offline: the entry point's return (997 = it pended; state is
 *     where the operation ended); looksalive/isalive: 1 or 0; validate:
 *     VALIDATE_PRIVATE_PROPERTIES' return; status/terminate/quit: 0.
 *   ok=0: the monitor could not do it (the resource is not open, a wrong
 *     state, a hung or faulted call): status is the monitor's error code
 *     and reason says why (the FAIL line's reason).
 * The poller is off: the cluster manager asks LooksAlive/IsAlive itself,
 * and decides what a FALSE means.
 */
#include "resmon.h"
#include "tokenize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct resource *res;      /* NULL when the open failed */
static DWORD open_err;
static reason_t open_reason;

DWORD resident_start(const WCHAR *name)
{
    mon_set_poll(FALSE);
    open_err = mon_open(name, open_reason);
    if (!open_err)
        res = mon_find(name);
    report_result("open (resident)", open_err, open_reason);
    return open_err;
}

struct answer {
    DWORD err;                    /* the monitor's error: ok=0 */
    DWORD status;
    BOOL timeout;
    reason_t reason;
};

/* online/offline: the call, then the wait for its pending end. */
static void online_offline(BOOL online, DWORD ms, struct answer *a)
{
    a->err = online ? mon_online(res, a->reason) : mon_offline(res, a->reason);
    if (a->err)
        return;
    mon_result(res, NULL, &a->status);
    if (!mon_settle(res, ms)) {
        a->timeout = TRUE;
        a->err = mon_terminate(res, a->reason);
        mon_settle(res, INFINITE);
    }
}

static void carry_out(const char *verb, DWORD ms, struct answer *a)
{
    if (!strcmp(verb, "status") || !strcmp(verb, "quit"))
        return;
    if (!res) {
        a->err = open_err;
        snprintf(a->reason, sizeof(reason_t), "%s", open_reason);
        return;
    }
    if (!strcmp(verb, "online") || !strcmp(verb, "offline")) {
        online_offline(verb[1] == 'n', ms, a);
    } else if (!strcmp(verb, "terminate")) {
        a->err = mon_terminate(res, a->reason);
    } else if (!strcmp(verb, "looksalive") || !strcmp(verb, "isalive")) {
        if (!(a->err = mon_alive(res, verb[0] == 'i', a->reason)))
            mon_result(res, NULL, &a->status);
    } else if (!strcmp(verb, "validate")) {
        if (!(a->err = mon_validate_stored(res, a->reason)))
            mon_result(res, NULL, &a->status);
    } else {
        a->err = ERROR_INVALID_FUNCTION;
        snprintf(a->reason, sizeof(reason_t), "unknown request \"%s\": online, offline,"
                 " terminate, looksalive, isalive, status, validate or quit", verb);
    }
}

/* Writes the answer whole into the client's reply FIFO. */
static void reply(const char *path8, const char *text, size_t len)
{
    WCHAR *path = wide_dup(path8);
    HANDLE h = INVALID_HANDLE_VALUE;
    DWORD written, done = 0;
    char err8[256];

    if (path)
        h = CreateFileW(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                        NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    free(path);
    if (h == INVALID_HANDLE_VALUE) {
        diag("cannot open the reply channel %s: %s (the client gave up?)", path8,
             errtext(GetLastError(), err8, sizeof(err8)));
        return;
    }
    while (done < len && WriteFile(h, text + done, (DWORD)(len - done), &written, NULL) && written)
        done += written;
    if (done < len)
        diag("the answer to %s was cut short after %lu of %zu bytes", path8, done, len);
    CloseHandle(h);
}

/* One request line (not blank, not a comment); FALSE after quit. */
BOOL resident_request(char *line)
{
    char *copy = strcpy(xmalloc(strlen(line) + 1), line), *argv[4], *text;
    int argc = tokenize(copy, argv, ARRAYSIZE(argv));
    struct answer a = { 0 };
    CLUSTER_RESOURCE_STATE state = ClusterResourceOffline;
    DWORD ms = INFINITE;
    struct line l;
    size_t len;
    BOOL more;

    if (argc < 2 || argc > 3 || (argc == 3 && !parse_dword(argv[2], &ms))) {
        report_result(line, ERROR_INVALID_PARAMETER, "usage: <verb> <reply FIFO> [ms]");
        free(copy);
        return TRUE;              /* no reply channel to answer on */
    }
    capture_begin();
    carry_out(argv[0], ms, &a);
    report_result(line, a.err, a.reason);
    line_begin(&l, "DONE");
    line_kv_str(&l, "verb", argv[0], QUOTE_IF_NEEDED);
    line_kv(&l, "ok", "%d", a.err ? 0 : 1);
    line_kv(&l, "status", "%lu", a.err ? a.err : a.status);
    if (res)
        mon_result(res, &state, NULL);
    line_kv_str(&l, "state", res ? state_name(state) : "Closed", QUOTE_IF_NEEDED);
    if (a.timeout)
        line_kv(&l, "timeout", "1");
    if (a.err)
        line_kv_str(&l, "reason", a.reason, QUOTE_ALWAYS);
    line_emit(&l);
    text = capture_end(&len);
    reply(argv[1], text ? text : "", len);
    more = strcmp(argv[0], "quit") != 0;
    free(text);
    free(copy);
    return more;
}
