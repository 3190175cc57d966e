/*
 * resmon.c - a Resource Monitor emulator: hosts Resource API v1 DLLs under
 * Wine (or Windows) the way the cluster's Resource Monitor does, driven by
 * a line-oriented script, and reports what the DLL did in lines a test can
 * grep.
 *
 * ======================================================================
 * PROTOCOL
 * ======================================================================
 *
 * Command line
 *   resmon.exe [--log <cluster.log>] [--script <file>] [--node <name>]
 *   --log     cluster log to append to (default: %ClusterLog% if set,
 *             else none). A Windows path; under Wine a Unix path works when
 *             the current directory is on the Z: drive.
 *   --script  read commands from the file instead of stdin.
 *   --node    node name reported in READY and put in the environment as
 *             RESMON_NODE (default: the computer name).
 *
 * Cluster database (read with the plain registry API)
 *   HKLM\Cluster\Resources\{guid}   Name, Type (REG_SZ); optional DWORDs
 *       LooksAlivePollInterval, IsAlivePollInterval, PendingTimeout (ms).
 *       The key is opened KEY_READ|KEY_WRITE and passed to Open as
 *       ResourceKey; it stays open until Close.
 *   HKLM\Cluster\ResourceTypes\<Type>  DllName (REG_SZ/REG_EXPAND_SZ; a
 *       bare file name is looked up next to resmon.exe, then by the loader's
 *       search), optional LooksAlivePollInterval, IsAlivePollInterval,
 *       PendingTimeout.
 *   Intervals: the resource's value, else the type's, else 5000 / 60000 /
 *   180000 ms. A value of 0 in the registry counts as "not set".
 *
 * Loading
 *   One LoadLibrary per DLL; Startup(Type, 0x100, 0x100, SetResourceStatus,
 *   LogEvent, &table) once per type. The table must be non-NULL, have
 *   TableSize == CLRES_V1_FUNCTION_SIZE, Version == CLRES_VERSION_V1_00 and
 *   non-NULL Open, Close, Online, Offline, Terminate, LooksAlive, IsAlive;
 *   otherwise the open fails (and every later open of that type) and the
 *   exit code is at least 2.
 *
 * Commands (one a line; blank lines and lines starting with # ignored;
 * arguments separated by blanks; "double quotes" group a name with blanks,
 * \" and \\ escape inside them; <res> is a resource Name, case-insensitive;
 * a line holding a NUL byte fails with the line and column named, and is
 * not run)
 *   open <res>          find, load, Startup, Open. The resource is Offline.
 *   close <res>         Terminate first unless Offline, then Close.
 *   online <res>        allowed from Offline or Failed
 *   offline <res>       allowed from Online or Failed
 *   terminate <res>     Terminate; the resource ends Offline
 *   looksalive <res>    one call, result in an ALIVE line (no failure action)
 *   isalive <res>       likewise
 *   state <res>         a STATE line with the current state
 *   wait <res> <Online|Offline|Failed|OnlinePending|OfflinePending> [ms]
 *                       default 30000 ms; fails on timeout, or when the
 *                       resource reaches Failed while waiting for another state
 *   control <res> <code> [<input hex>] [--out <bytes>]
 *   typecontrol <type> <code> [<input hex>] [--out <bytes>]
 *                       code: decimal, 0x hex (at most 0xFFFFFFFF), or a
 *                       CLUSCTL_RESOURCE_* / CLUSCTL_RESOURCE_TYPE_* name
 *                       (prefix optional). Output buffer default 4096
 *                       bytes, at most 16777216; --out 0 passes NULL. A
 *                       type control loads the type if needed.
 *   poll on|off         periodic LooksAlive/IsAlive (default on)
 *   interval <res> <looksalive-ms> <isalive-ms>   0 = do not poll that one
 *   pending-timeout <res> <ms>     1 or more (0 would time out at once)
 *   terminate-after <res> <ms>
 *                       Terminate on a thread of its own, ms after the next
 *                       command starts (whatever that command is: online,
 *                       offline, isalive, sleep ...), as the real monitor
 *                       terminates from any thread at any moment.
 *   terminate-during <res> <Online|Offline|LooksAlive|IsAlive|ResourceControl>
 *                       Terminate on a thread of its own as soon as that
 *                       entry point of <res> is called during the next
 *                       command (by the command or by the poller): the
 *                       call's thread releases it just before it enters
 *                       the DLL. If the next command makes no such call,
 *                       nothing is terminated (a TERMINATOR line with
 *                       fired=0 says so). Not beside Open or Close.
 *   wait-terminated <res> [ms]
 *                       wait until the armed Terminate has returned
 *                       (default 30000 ms); fails when none was armed.
 *   watch <res> service <name> | watch <res> image <file name>
 *                       the process behind <res>: the service's (from the
 *                       service manager) or the first other process with
 *                       that image file name. See "Monitor behaviour".
 *   regset HKLM\<key> <value> sz|dword <data> | regdel HKLM\<key> <value>
 *                       writes or deletes a value on the node (a fault or
 *                       a delay of the IMS stand-in) without a process per
 *                       change; deleting a missing value succeeds.
 *   deadlock <ms>       how long a call may take before it is HUNG (10000)
 *   sleep <ms> | echo <text> | quit
 *   A command succeeds when it could be carried out: an entry point that
 *   returns an error is reported in CALL/STATE/CONTROL lines, not as FAIL.
 *   FAIL means: unknown resource, wrong state, bad arguments, the call hung
 *   or faulted, or a wait that did not see its state.
 *
 * Report lines (stdout, one per line, flushed; t= is ms since start;
 * string values with blanks or quotes are double-quoted with \" and \\)
 *   READY t= node= pid= arch=
 *   CALL t= res= entry=<Startup|Open|Close|Online|Offline|Terminate|LooksAlive|
 *        IsAlive|ResourceControl|ResourceTypeControl> [type=] ms= status= [slow=1]
 *        status: the returned DWORD; Open: 0 or its last error when it
 *        returned NULL; LooksAlive/IsAlive: 0/1; Close/Terminate: 0.
 *        slow=1 above 300 ms. Startup and type controls carry type=.
 *   STATE t= res= state=<Online|Offline|Failed|OnlinePending|OfflinePending>
 *        [checkpoint=N (pending states)] [via=open|return|report|timeout|
 *        isalive|event|terminate|crash|hung]   (no via: a `state` command)
 *   LOG t= res= level=<Information|Warning|Error|Severe|N> text="..." [longlog=N]
 *        (resapi.h's LOG_LEVEL is INFORMATION, WARNING, ERROR, SEVERE; any
 *        other value is shown as its number)
 *   CONTROL t= res= [type=] code=0x.. status= bytes=<returned or required>
 *        [out=<hex>] [default=1]
 *   ALIVE t= res= entry=<LooksAlive|IsAlive> result=<0|1> ms=
 *   TIMEOUT t= res= what=pending-timeout gap=<ms since last report> limit=
 *   VIOLATION t= res= what="..."     (res="" when the handle is unknown)
 *   HUNG t= res= entry= ms=
 *   CRASH t= res= entry= code=0x.. address=0x.. module=
 *        (a fault on a thread the DLL created: res="" entry=thread tid=)
 *   TERMINATOR t= res= trigger=<after:MS|during:ENTRY> inside=<ENTRY|none> [fired=0]
 *        just before an armed Terminate is called: inside names the entry
 *        point of <res> then inside the DLL (during: the triggering call;
 *        after: whatever call was running), none if it had returned.
 *   OK <command line> | FAIL <command line> reason="..."
 *        (a line that was not run, for a NUL byte: FAIL (line N) reason=)
 *   BYE t= violations=N hung=N crashes=N
 *
 * Monitor behaviour
 *   - Each entry point call runs on its own thread and is timed. Calls of
 *     one resource never overlap, except Terminate, which may run beside
 *     Online/Offline/LooksAlive/IsAlive/ResourceControl (not Open/Close).
 *     A call not back within the deadlock timeout is HUNG, a fault in a call
 *     is a CRASH: either way the resource becomes Failed and is abandoned
 *     (no more calls, not closed at exit, its DLL never unloaded).
 *   - Online/Offline: ERROR_SUCCESS -> Online/Offline; ERROR_IO_PENDING ->
 *     OnlinePending/OfflinePending until SetResourceStatus reports Online,
 *     Offline or Failed; anything else -> Terminate, Failed (via=return).
 *     A reported Failed makes the monitor call Terminate too.
 *   - SetResourceStatus answers ResourceExitStateContinue, or
 *     ResourceExitStateTerminate when the resource is being (or has been)
 *     terminated. Violations: unknown handle, NULL status, no Online/Offline
 *     pending, a report after the DLL was told to stop (Terminate returned
 *     or ResourceExitStateTerminate answered), a state that does not fit
 *     the pending call, CheckPoint not rising by exactly 1 from 0, reports
 *     made during a call that then did not return ERROR_IO_PENDING. A
 *     report while nothing is pending says why nothing is (the call
 *     returned something else, the operation ended with its report, or
 *     Terminate returned). A report from a thread that had reported for
 *     an operation an earlier Terminate ended is a violation even during a
 *     later operation (the monitor holds that thread's handle, so its id
 *     is not reused; this assumes one worker thread per operation, as
 *     ClusWorkerCreate gives). A report or log line for a resource whose
 *     Close returned is a violation naming it.
 *   - Terminate runs beside whatever entry point is inside the DLL; an
 *     Online or Offline that returns after a Terminate that returned
 *     meanwhile changes nothing (the resource stays Offline).
 *   - watch: after every Terminate that returns, the watched service must
 *     be STOPPED or its process ended (a handle taken while it ran, or the
 *     PID the service manager names, because Wine's service manager keeps
 *     saying RUNNING for a killed process); else a VIOLATION "Terminate
 *     returned while service X is RUNNING|STOP_PENDING|... with its process
 *     (pid N) still running". LooksAlive or IsAlive returning TRUE when the
 *     watched process had ended before the call is a violation. The
 *     process is found again after each Online.
 *   - PendingTimeout is the longest gap between ERROR_IO_PENDING or a
 *     report and the next report: exceeded -> TIMEOUT, Terminate, Failed.
 *   - Online (and no pending operation): LooksAlive every LooksAlive
 *     interval, IsAlive every IsAlive interval; LooksAlive FALSE -> IsAlive
 *     at once; IsAlive FALSE -> Failed (via=isalive), Terminate. An event
 *     handle returned through Online's EventHandle is checked every 100 ms;
 *     signalled -> Failed (via=event), Terminate.
 *   - ResourceControl/ResourceTypeControl returning ERROR_INVALID_FUNCTION
 *     (or missing from the table): the monitor answers UNKNOWN (0 bytes),
 *     GET_CHARACTERISTICS / GET_FLAGS (DWORD 0), GET_CLASS_INFO (unknown,
 *     8 zero bytes), GET_REQUIRED_DEPENDENCIES (an end mark) itself, with
 *     default=1. Writing past the output buffer or returning more bytes than
 *     it holds is a violation.
 *   - LogEvent: FormatMessageW(FORMAT_MESSAGE_FROM_STRING, format, va_list);
 *     trailing CR/LF removed, inner ones become blanks. Unknown handle, NULL
 *     format, a format FormatMessage rejects, or more than 500 characters
 *     are violations (the long line is still logged, with longlog=N).
 *     Cluster log line (UTF-8, CRLF):
 *       pppppppp.tttttttt::yyyy/mm/dd-hh:mm:ss.mmm [RES] LEVL <Type> <<Name>>: text
 *     pid.tid of the calling thread in hex, UTC time, LEVL one of INFO,
 *     WARN, "ERR " (LOG_ERROR and LOG_SEVERE), as in
 *       00000a1c.00000c74::2024/05/01-10:00:00.123 [RES] INFO IMS Guard <IMS>: text
 *     The monitor's own lines (Online/Offline errors, pending timeouts,
 *     deadlocks) read "... [RM] ERR  <text>".
 *   - quit or end of input: Terminate+Close every open resource that is not
 *     Offline, Close the rest, FreeLibrary, BYE.
 *
 * Exit code: 3 if any violation, hang or crash; else 2 on a usage error
 * (bad option, unknown command, bad arguments) or an invalid DLL (not
 * loadable, no Startup, Startup error, bad table); else 1 if a command
 * failed; else 0.
 * ======================================================================
 */
#include "resmon.h"

#include <shellapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static BOOL command_failed, usage_error;

static void usage(HANDLE out)
{
    static const char text[] =
        "usage: resmon.exe [--log <cluster.log>] [--script <file>] [--node <name>]\n"
        "Hosts Resource API v1 DLLs as the cluster's Resource Monitor does; commands\n"
        "come from the script or stdin. See the comment at the top of resmon.c.\n";
    DWORD written;

    WriteFile(out, text, sizeof(text) - 1, &written, NULL);
}

/* ------------------------------------------------------------ input */

/*
 * The script or stdin, read with ReadFile: the C runtime's streams end a
 * script file at a NUL byte under Wine, and fgets would glue the text after
 * a NUL to the next line.
 */
struct input {
    HANDLE handle;
    char buf[4096];
    DWORD len, pos;
    BOOL eof;
};

static int input_byte(struct input *in)
{
    if (in->pos == in->len) {
        if (in->eof || !ReadFile(in->handle, in->buf, sizeof(in->buf), &in->len, NULL)
            || !in->len) {
            in->eof = TRUE;
            in->len = in->pos = 0;
            return EOF;
        }
        in->pos = 0;
    }
    return (unsigned char)in->buf[in->pos++];
}

/*
 * One line without its CR/LF, or NULL at the end of input. *nul_at is the
 * 1-based column of the first NUL byte in it, 0 for none.
 */
static char *read_line(struct input *in, size_t *nul_at)
{
    size_t cap = 256, len = 0;
    char *buf = xmalloc(cap), *bigger;
    int ch;

    *nul_at = 0;
    while ((ch = input_byte(in)) != EOF && ch != '\n') {
        if (len + 1 == cap) {
            if (!(bigger = realloc(buf, cap * 2))) {
                free(buf);
                diag("out of memory reading a line of %zu bytes", len);
                return NULL;
            }
            buf = bigger;
            cap *= 2;
        }
        if (!ch && !*nul_at)
            *nul_at = len + 1;
        buf[len++] = (char)ch;
    }
    if (ch == EOF && !len) {
        free(buf);
        return NULL;
    }
    buf[len] = 0;
    while (len && buf[len - 1] == '\r')
        buf[--len] = 0;
    return buf;
}

/* Splits in place; quotes group, \" and \\ escape inside them. */
static int tokenize(char *line, char **argv, int max)
{
    char *src = line, *dst;
    int argc = 0;

    for (;;) {
        while (*src == ' ' || *src == '\t')
            src++;
        if (!*src || argc == max)
            return argc;
        argv[argc++] = dst = src;
        while (*src && *src != ' ' && *src != '\t') {
            if (*src != '"') {
                *dst++ = *src++;
                continue;
            }
            src++;
            while (*src && *src != '"') {
                if (*src == '\\' && (src[1] == '"' || src[1] == '\\'))
                    src++;
                *dst++ = *src++;
            }
            if (*src == '"')
                src++;
        }
        if (*src)
            src++;
        *dst = 0;
    }
}

static BOOL parse_dword(const char *text, DWORD *value)
{
    char *end;
    unsigned long long v;

    if (!*text || *text == '-')
        return FALSE;
    v = strtoull(text, &end, 0);
    if (*end || v > 0xFFFFFFFFULL)
        return FALSE;
    *value = (DWORD)v;
    return TRUE;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static BOOL parse_hex(const char *text, BYTE **data, DWORD *size)
{
    size_t n = strlen(text), i;

    if (n > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        text += 2;
        n -= 2;
    }
    if (n % 2)
        return FALSE;
    *data = xmalloc(n / 2);
    for (i = 0; i < n / 2; i++) {
        int hi = hex_digit(text[2 * i]), lo = hex_digit(text[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            free(*data);
            *data = NULL;
            return FALSE;
        }
        (*data)[i] = (BYTE)(hi << 4 | lo);
    }
    *size = (DWORD)(n / 2);
    return TRUE;
}

/* ------------------------------------------------------------ commands */

static void report_result(const char *line, DWORD err, const char *reason)
{
    struct line l;

    line_begin_untimed(&l, err ? "FAIL " : "OK ");
    line_raw(&l, line);
    if (err)
        line_kv_str(&l, "reason", reason, QUOTE_ALWAYS);
    line_emit(&l);
    if (err) {
        command_failed = TRUE;
        diag("%s: %s", line, reason);
    }
}

static DWORD usage_fail(reason_t reason, const char *text)
{
    usage_error = TRUE;
    snprintf(reason, sizeof(reason_t), "usage: %s", text);
    return ERROR_INVALID_PARAMETER;
}

static DWORD with_resource(const char *name8, struct resource **r, reason_t reason)
{
    WCHAR *name = wide_dup(name8);

    *r = name ? mon_find(name) : NULL;
    free(name);
    if (*r)
        return ERROR_SUCCESS;
    snprintf(reason, sizeof(reason_t), "resource \"%s\" is not open", name8);
    return ERROR_RESOURCE_NOT_FOUND;
}

/* control/typecontrol arguments after the code: [<input hex>] [--out <bytes>] */
static DWORD control_args(int argc, char **argv, BYTE **in, DWORD *in_size, DWORD *out_size,
                          reason_t reason, const char *synopsis)
{
    int i;

    *in = NULL;
    *in_size = 0;
    *out_size = 4096;
    for (i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--out")) {
            if (i + 1 == argc || !parse_dword(argv[++i], out_size))
                return usage_fail(reason, synopsis);
            if (*out_size > MAX_CONTROL_OUT) {
                usage_error = TRUE;
                free(*in);
                *in = NULL;
                snprintf(reason, sizeof(reason_t), "--out %s is too large: the output buffer can"
                         " be at most %u bytes", argv[i], MAX_CONTROL_OUT);
                return ERROR_INVALID_PARAMETER;
            }
        } else if (*in || !parse_hex(argv[i], in, in_size)) {
            return usage_fail(reason, synopsis);
        }
    }
    return ERROR_SUCCESS;
}

/*
 * regset HKLM\<key> <value> sz|dword <data> / regdel HKLM\<key> <value>:
 * what a test changes on the node while the monitor runs (the IMS
 * stand-in's Fault, StartDelay, StopDelay), without a process per change.
 */
static DWORD reg_command(int argc, char **argv, reason_t reason)
{
    static const char synopsis[] =
        "regset HKLM\\<key> <value> sz|dword <data> | regdel HKLM\\<key> <value>";
    BOOL set = argv[0][3] == 's';
    WCHAR *key_name = NULL, *value = NULL, *data = NULL;
    DWORD err, number = 0;
    HKEY key = NULL;
    char err8[256];

    if (argc != (set ? 5 : 3) || _strnicmp(argv[1], "HKLM\\", 5) || !argv[1][5]
        || (set && strcmp(argv[3], "sz") && strcmp(argv[3], "dword"))
        || (set && argv[3][0] == 'd' && !parse_dword(argv[4], &number)))
        return usage_fail(reason, synopsis);
    key_name = wide_dup(argv[1] + 5);
    value = wide_dup(argv[2]);
    data = set ? wide_dup(argv[4]) : NULL;
    if (!key_name || !value || (set && !data)) {
        err = usage_fail(reason, synopsis);
        goto out;
    }
    err = set ? RegCreateKeyExW(HKEY_LOCAL_MACHINE, key_name, 0, NULL, 0, KEY_SET_VALUE, NULL,
                                &key, NULL)
              : RegOpenKeyExW(HKEY_LOCAL_MACHINE, key_name, 0, KEY_SET_VALUE, &key);
    if (!err && set && argv[3][0] == 'd')
        err = RegSetValueExW(key, value, 0, REG_DWORD, (const BYTE *)&number, sizeof(number));
    else if (!err && set)
        err = RegSetValueExW(key, value, 0, REG_SZ, (const BYTE *)data,
                             (DWORD)((wcslen(data) + 1) * sizeof(WCHAR)));
    else if (!err)
        err = RegDeleteValueW(key, value);
    if (!set && err == ERROR_FILE_NOT_FOUND)
        err = ERROR_SUCCESS;        /* already gone is what was asked */
    if (err)
        snprintf(reason, sizeof(reason_t), "%s %s %s: %s", argv[0], argv[1], argv[2],
                 errtext(err, err8, sizeof(err8)));
out:
    if (key)
        RegCloseKey(key);
    free(key_name);
    free(value);
    free(data);
    return err;
}

/* Returns FALSE on quit. */
static BOOL run_command(char *text)
{
    char *copy = strcpy(xmalloc(strlen(text) + 1), text), *argv[16];
    int argc = tokenize(copy, argv, ARRAYSIZE(argv));
    const char *cmd = argv[0];
    struct resource *r = NULL;
    reason_t reason = "";
    DWORD err = ERROR_SUCCESS, a, b;
    BOOL more = TRUE;

    /* An armed terminate-after counts from the start of the next command. */
    if (strcmp(cmd, "terminate-after") && strcmp(cmd, "terminate-during"))
        mon_command_starts();

#define ONE_RES(synopsis) \
    if (argc != 2) { err = usage_fail(reason, synopsis); break; } \
    if ((err = with_resource(argv[1], &r, reason))) break

    do {
        if (!strcmp(cmd, "open")) {
            WCHAR *name;
            if (argc != 2) {
                err = usage_fail(reason, "open <res>");
                break;
            }
            name = wide_dup(argv[1]);
            err = name ? mon_open(name, reason) : usage_fail(reason, "open <res>");
            free(name);
        } else if (!strcmp(cmd, "close")) {
            ONE_RES("close <res>");
            err = mon_close(r, reason);
        } else if (!strcmp(cmd, "online")) {
            ONE_RES("online <res>");
            err = mon_online(r, reason);
        } else if (!strcmp(cmd, "offline")) {
            ONE_RES("offline <res>");
            err = mon_offline(r, reason);
        } else if (!strcmp(cmd, "terminate")) {
            ONE_RES("terminate <res>");
            err = mon_terminate(r, reason);
        } else if (!strcmp(cmd, "looksalive") || !strcmp(cmd, "isalive")) {
            ONE_RES("looksalive|isalive <res>");
            err = mon_alive(r, cmd[0] == 'i', reason);
        } else if (!strcmp(cmd, "state")) {
            ONE_RES("state <res>");
            mon_report_state(r);
        } else if (!strcmp(cmd, "wait")) {
            CLUSTER_RESOURCE_STATE want;
            static const char synopsis[] =
                "wait <res> <Online|Offline|Failed|OnlinePending|OfflinePending> [ms]";
            a = 30000;
            if ((argc != 3 && argc != 4) || !parse_state(argv[2], &want)
                || (argc == 4 && !parse_dword(argv[3], &a))) {
                err = usage_fail(reason, synopsis);
                break;
            }
            if ((err = with_resource(argv[1], &r, reason)))
                break;
            err = mon_wait_state(r, want, a, reason);
        } else if (!strcmp(cmd, "control") || !strcmp(cmd, "typecontrol")) {
            BOOL type_level = cmd[0] == 't';
            const char *synopsis = type_level
                ? "typecontrol <type> <code> [<input hex>] [--out <bytes>]"
                : "control <res> <code> [<input hex>] [--out <bytes>]";
            BYTE *in;
            DWORD code, in_size, out_size;
            WCHAR *type;
            const char *why;
            if (argc < 3) {
                err = usage_fail(reason, synopsis);
                break;
            }
            if (!parse_control_code(argv[2], type_level, &code, &why)) {
                usage_error = TRUE;
                err = ERROR_INVALID_PARAMETER;
                snprintf(reason, sizeof(reason), "control code \"%s\" %s", argv[2], why);
                break;
            }
            if ((err = control_args(argc - 3, argv + 3, &in, &in_size, &out_size, reason,
                                    synopsis)))
                break;
            if (!type_level) {
                if (!(err = with_resource(argv[1], &r, reason)))
                    err = mon_control(r, code, in, in_size, out_size, reason);
            } else if ((type = wide_dup(argv[1]))) {
                err = mon_type_control(type, code, in, in_size, out_size, reason);
                free(type);
            }
            free(in);
        } else if (!strcmp(cmd, "poll")) {
            if (argc != 2 || (strcmp(argv[1], "on") && strcmp(argv[1], "off"))) {
                err = usage_fail(reason, "poll on|off");
                break;
            }
            mon_set_poll(!strcmp(argv[1], "on"));
        } else if (!strcmp(cmd, "interval")) {
            if (argc != 4 || !parse_dword(argv[2], &a) || !parse_dword(argv[3], &b)) {
                err = usage_fail(reason, "interval <res> <looksalive-ms> <isalive-ms>");
                break;
            }
            if (!(err = with_resource(argv[1], &r, reason)))
                mon_set_intervals(r, a, b);
        } else if (!strcmp(cmd, "pending-timeout")) {
            if (argc != 3 || !parse_dword(argv[2], &a)) {
                err = usage_fail(reason, "pending-timeout <res> <ms>");
                break;
            }
            if (!a) {
                usage_error = TRUE;
                err = ERROR_INVALID_PARAMETER;
                snprintf(reason, sizeof(reason), "pending-timeout 0 would time out at once: give"
                         " 1 to 4294967295 ms (0 in the registry means \"not set\")");
                break;
            }
            if (!(err = with_resource(argv[1], &r, reason)))
                mon_set_pending_timeout(r, a);
        } else if (!strcmp(cmd, "terminate-after")) {
            if (argc != 3 || !parse_dword(argv[2], &a)) {
                err = usage_fail(reason, "terminate-after <res> <ms>");
                break;
            }
            if (!(err = with_resource(argv[1], &r, reason)))
                err = mon_arm_terminate_after(r, a, reason);
        } else if (!strcmp(cmd, "terminate-during")) {
            enum entry e;
            if (argc != 3 || !parse_entry(argv[2], &e)) {
                err = usage_fail(reason, "terminate-during <res>"
                                 " <Online|Offline|LooksAlive|IsAlive|ResourceControl>");
                break;
            }
            if (!(err = with_resource(argv[1], &r, reason)))
                err = mon_arm_terminate_during(r, e, reason);
        } else if (!strcmp(cmd, "wait-terminated")) {
            a = 30000;
            if ((argc != 2 && argc != 3) || (argc == 3 && !parse_dword(argv[2], &a))) {
                err = usage_fail(reason, "wait-terminated <res> [ms]");
                break;
            }
            if (!(err = with_resource(argv[1], &r, reason)))
                err = mon_wait_terminated(r, a, reason);
        } else if (!strcmp(cmd, "watch")) {
            WCHAR *name;
            if (argc != 4 || (strcmp(argv[2], "service") && strcmp(argv[2], "image"))) {
                err = usage_fail(reason, "watch <res> service <name> | watch <res> image <file>");
                break;
            }
            if ((err = with_resource(argv[1], &r, reason)))
                break;
            name = wide_dup(argv[3]);
            err = name ? mon_watch(r, argv[2][0] == 's', name, reason)
                       : usage_fail(reason, "watch <res> service <name> | watch <res> image <file>");
            free(name);
        } else if (!strcmp(cmd, "regset") || !strcmp(cmd, "regdel")) {
            err = reg_command(argc, argv, reason);
        } else if (!strcmp(cmd, "deadlock")) {
            if (argc != 2 || !parse_dword(argv[1], &a) || !a) {
                err = usage_fail(reason, "deadlock <ms>");
                break;
            }
            g_deadlock_ms = a;
        } else if (!strcmp(cmd, "sleep")) {
            if (argc != 2 || !parse_dword(argv[1], &a)) {
                err = usage_fail(reason, "sleep <ms>");
                break;
            }
            Sleep(a);
        } else if (!strcmp(cmd, "echo")) {
            /* the OK line is the echo */
        } else if (!strcmp(cmd, "quit")) {
            if (argc != 1) {
                err = usage_fail(reason, "quit");
                break;
            }
            more = FALSE;
        } else {
            usage_error = TRUE;
            err = ERROR_INVALID_FUNCTION;
            snprintf(reason, sizeof(reason), "unknown command \"%s\"", cmd);
        }
    } while (0);
#undef ONE_RES
    mon_command_ends();

    report_result(text, err, reason);
    free(copy);
    return more;
}

/* ------------------------------------------------------------ main */

static char *trim(char *s)
{
    char *end;

    while (*s == ' ' || *s == '\t')
        s++;
    end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
        *--end = 0;
    return s;
}

int main(void)
{
    WCHAR **argv, *log_path = NULL, *script = NULL, node[MAX_COMPUTERNAME_LENGTH + 1] = L"",
          env_log[MAX_PATH];
    const WCHAR *node_name = NULL;
    char err8[256], *line, *node8;
    static struct input in;
    BOOL first = TRUE;
    struct line l;
    int argc, i, code;
    DWORD err, size = ARRAYSIZE(node);
    size_t nul_at;
    unsigned long line_no = 0;

    report_init();
    sync_init();
    argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    if (!argv) {
        diag("cannot parse the command line");
        return 2;
    }
    for (i = 1; i < argc; i++) {
        if (!wcscmp(argv[i], L"--help") || !wcscmp(argv[i], L"-h") || !wcscmp(argv[i], L"/?")) {
            usage(GetStdHandle(STD_OUTPUT_HANDLE));
            return 0;
        } else if (i + 1 < argc && !wcscmp(argv[i], L"--log")) {
            log_path = argv[++i];
        } else if (i + 1 < argc && !wcscmp(argv[i], L"--script")) {
            script = argv[++i];
        } else if (i + 1 < argc && !wcscmp(argv[i], L"--node")) {
            node_name = argv[++i];
        } else {
            char *bad = utf8_dup(argv[i]);
            diag("unknown or incomplete option \"%s\"", bad);
            free(bad);
            usage(GetStdHandle(STD_ERROR_HANDLE));
            return 2;
        }
    }
    if (!log_path) {
        /* The real cluster service takes its log path from ClusterLog too. */
        size = GetEnvironmentVariableW(L"ClusterLog", env_log, ARRAYSIZE(env_log));
        if (size && size < ARRAYSIZE(env_log))
            log_path = env_log;
        size = ARRAYSIZE(node);
    }
    if (log_path && (err = clog_open(log_path))) {
        char *path8 = utf8_dup(log_path);
        diag("cannot open the cluster log %s: %s", path8, errtext(err, err8, sizeof(err8)));
        free(path8);
        return 2;
    }
    in.handle = GetStdHandle(STD_INPUT_HANDLE);
    if (script) {
        in.handle = CreateFileW(script, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                                OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
        if (in.handle == INVALID_HANDLE_VALUE) {
            char *path8 = utf8_dup(script);
            diag("cannot open the script %s: %s", path8,
                 errtext(GetLastError(), err8, sizeof(err8)));
            free(path8);
            return 2;
        }
    }
    if (!node_name) {
        if (!GetComputerNameW(node, &size))
            wcscpy(node, L"NODE");
        node_name = node;
    }
    SetEnvironmentVariableW(L"RESMON_NODE", node_name);
    if ((err = calls_init())) {
        diag("cannot set up the call threads: %s", errtext(err, err8, sizeof(err8)));
        return 2;
    }

    node8 = utf8_dup(node_name);
    line_begin(&l, "READY");
    line_kv_str(&l, "node", node8, QUOTE_IF_NEEDED);
    line_kv(&l, "pid", "%lu", GetCurrentProcessId());
    line_kv(&l, "arch", "%s", sizeof(void *) == 8 ? "x86_64" : "i686");
    line_emit(&l);
    free(node8);

    while ((line = read_line(&in, &nul_at))) {
        char *cmd = line;
        BOOL more = TRUE;
        line_no++;
        if (nul_at) {
            char reason[160];
            snprintf(reason, sizeof(reason), "line %lu has a NUL byte at column %zu: commands"
                     " are text, the line was not run", line_no, nul_at);
            char where[32];
            snprintf(where, sizeof(where), "(line %lu)", line_no);
            usage_error = TRUE;
            report_result(where, ERROR_INVALID_DATA, reason);
            free(line);
            first = FALSE;
            continue;
        }
        if (first && (BYTE)cmd[0] == 0xEF && (BYTE)cmd[1] == 0xBB && (BYTE)cmd[2] == 0xBF)
            cmd += 3;
        first = FALSE;
        cmd = trim(cmd);
        if (*cmd && *cmd != '#')
            more = run_command(cmd);
        free(line);
        if (!more)
            break;
    }
    if (script)
        CloseHandle(in.handle);

    mon_shutdown();
    line_begin(&l, "BYE");
    line_kv(&l, "violations", "%ld", g_violations);
    line_kv(&l, "hung", "%ld", g_hung);
    line_kv(&l, "crashes", "%ld", g_crashes + g_foreign_crashes);
    line_emit(&l);
    clog_close();

    if (g_violations || g_hung || g_crashes || g_foreign_crashes)
        code = 3;
    else if (usage_error || g_invalid_dll)
        code = 2;
    else if (command_failed)
        code = 1;
    else
        code = 0;
    /* A hung call still sits in its DLL: ExitProcess would run DLL detach
     * code beside it, so end without it. */
    if (g_hung)
        TerminateProcess(GetCurrentProcess(), code);
    ExitProcess(code);
}
