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
 *   --resident <res>
 *             the resident mode: opens <res> at once, polls nothing, and
 *             serves requests (not the commands below) from stdin, each
 *             answered on the reply FIFO it names, until quit. The request
 *             and answer format: the top of resident.c.
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
 *   validate <res>      VALIDATE_PRIVATE_PROPERTIES with every value stored
 *                       under the resource key's Parameters, as a property
 *                       list (what the cluster passes when they are set);
 *                       the result in a CONTROL line
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

static void usage(HANDLE out)
{
    static const char text[] =
        "usage: resmon.exe [--log <cluster.log>] [--script <file>] [--node <name>]\n"
        "                  [--resident <resource>]\n"
        "Hosts Resource API v1 DLLs as the cluster's Resource Monitor does; commands\n"
        "come from the script or stdin. See the comment at the top of resmon.c.\n"
        "--resident: open <resource> and serve requests from stdin (resident.c).\n";
    DWORD written;

    WriteFile(out, text, sizeof(text) - 1, &written, NULL);
}

struct options {
    const WCHAR *log_path, *script, *node_name, *resident;
};

/* Returns -1 to go on, else the exit code. */
static int parse_options(struct options *o, WCHAR **argv, int argc)
{
    int i;

    for (i = 1; i < argc; i++) {
        if (!wcscmp(argv[i], L"--help") || !wcscmp(argv[i], L"-h") || !wcscmp(argv[i], L"/?")) {
            usage(GetStdHandle(STD_OUTPUT_HANDLE));
            return 0;
        } else if (i + 1 < argc && !wcscmp(argv[i], L"--log")) {
            o->log_path = argv[++i];
        } else if (i + 1 < argc && !wcscmp(argv[i], L"--script")) {
            o->script = argv[++i];
        } else if (i + 1 < argc && !wcscmp(argv[i], L"--node")) {
            o->node_name = argv[++i];
        } else if (i + 1 < argc && !wcscmp(argv[i], L"--resident")) {
            o->resident = argv[++i];
        } else {
            char *bad = utf8_dup(argv[i]);
            diag("unknown or incomplete option \"%s\"", bad);
            free(bad);
            usage(GetStdHandle(STD_ERROR_HANDLE));
            return 2;
        }
    }
    return -1;
}

/* The cluster log, the script and the call threads; FALSE after a diag. */
static BOOL set_up(struct options *o, HANDLE *input)
{
    static WCHAR env_log[MAX_PATH];
    char err8[256];
    DWORD err, size;

    if (!o->log_path) {
        /* The real cluster service takes its log path from ClusterLog too. */
        size = GetEnvironmentVariableW(L"ClusterLog", env_log, ARRAYSIZE(env_log));
        if (size && size < ARRAYSIZE(env_log))
            o->log_path = env_log;
    }
    if (o->log_path && (err = clog_open(o->log_path))) {
        char *path8 = utf8_dup(o->log_path);
        diag("cannot open the cluster log %s: %s", path8, errtext(err, err8, sizeof(err8)));
        free(path8);
        return FALSE;
    }
    *input = GetStdHandle(STD_INPUT_HANDLE);
    if (o->script) {
        *input = CreateFileW(o->script, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                             OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
        if (*input == INVALID_HANDLE_VALUE) {
            char *path8 = utf8_dup(o->script);
            diag("cannot open the script %s: %s", path8,
                 errtext(GetLastError(), err8, sizeof(err8)));
            free(path8);
            return FALSE;
        }
    }
    if ((err = calls_init())) {
        diag("cannot set up the call threads: %s", errtext(err, err8, sizeof(err8)));
        return FALSE;
    }
    return TRUE;
}

static void report_ready(const WCHAR *node_name)
{
    char *node8 = utf8_dup(node_name);
    struct line l;

    line_begin(&l, "READY");
    line_kv_str(&l, "node", node8, QUOTE_IF_NEEDED);
    line_kv(&l, "pid", "%lu", GetCurrentProcessId());
    line_kv(&l, "arch", "%s", sizeof(void *) == 8 ? "x86_64" : "i686");
    line_emit(&l);
    free(node8);
}

/* BYE, and the exit code the protocol defines. */
static int report_bye(void)
{
    struct line l;

    line_begin(&l, "BYE");
    line_kv(&l, "violations", "%ld", g_violations);
    line_kv(&l, "hung", "%ld", g_hung);
    line_kv(&l, "crashes", "%ld", g_crashes + g_foreign_crashes);
    line_emit(&l);
    if (g_violations || g_hung || g_crashes || g_foreign_crashes)
        return 3;
    if (g_usage_error || g_invalid_dll)
        return 2;
    return g_command_failed ? 1 : 0;
}

int main(void)
{
    WCHAR **argv, node[MAX_COMPUTERNAME_LENGTH + 1] = L"";
    struct options o = { NULL, NULL, NULL, NULL };
    DWORD size = ARRAYSIZE(node);
    HANDLE input;
    int argc, code;

    report_init();
    sync_init();
    argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    if (!argv) {
        diag("cannot parse the command line");
        return 2;
    }
    if ((code = parse_options(&o, argv, argc)) >= 0)
        return code;
    if (!o.node_name) {
        if (!GetComputerNameW(node, &size))
            wcscpy(node, L"NODE");
        o.node_name = node;
    }
    SetEnvironmentVariableW(L"RESMON_NODE", o.node_name);
    if (!set_up(&o, &input))
        return 2;

    report_ready(o.node_name);
    if (o.resident) {
        resident_start(o.resident);     /* a failed open is every request's answer */
        run_script(input, resident_request);
    } else {
        run_script(input, run_command);
    }
    if (o.script)
        CloseHandle(input);

    mon_shutdown();
    code = report_bye();
    clog_close();
    /* A hung call still sits in its DLL: ExitProcess would run DLL detach
     * code beside it, so end without it. */
    if (g_hung)
        TerminateProcess(GetCurrentProcess(), code);
    ExitProcess(code);
}
