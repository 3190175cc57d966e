/*
 * imsctl.c - installs and drives the IMS stand-in (msexcimc.exe) on one
 * node, for scripts and the failover harness. Wine's sc.exe cannot do
 * half of this (no qc, no exit codes), and reg.exe cannot wait for a state.
 *
 * Exit status: 0 done, 1 failed (one line on stderr naming what failed and
 * the Win32 error), 2 usage error (usage on stderr).
 */
#include <stdarg.h>

#include "imsctl.h"

static const char usage_text[] =
    "usage: imsctl <command> [arguments] [options]\n"
    "  install <exe path> [--name N] [--start manual|auto|disabled] [--port P] [--delay ms]\n"
    "  uninstall [--name N]\n"
    "  hold [--name N]                     keep the service open until standard input ends,\n"
    "                                      as the Services console does while it is open: a\n"
    "                                      service deleted meanwhile stays marked for deletion\n"
    "  start [--name N] [--wait ms]        wait for RUNNING (default 30000 ms, 0: no wait)\n"
    "  stop [--name N] [--wait ms]         wait for STOPPED\n"
    "  status [--name N]                   prints state=RUNNING pid=123 exit=0 specific=0\n"
    "  alive [--name N]                    is the service's process still there?\n"
    "  started [--name N]                  what its last start was given: the StartService\n"
    "                                      arguments and _CLUSTER_NETWORK_NAME_\n"
    "  fault " IMS_FAULT_USAGE " [--name N]\n"
    "  domain set [--] <name> | domain clear   Tcpip\\Parameters Domain\n"
    "  cluster mark [--event-source <dll>] create HKLM\\Cluster; with --event-source also\n"
    "                                      register the resource DLL's event source\n"
    "                                      (" IMSGUARD_EVENT_SOURCE ") with <dll> as its message file\n"
    "  cluster unmark                      delete HKLM\\Cluster (if empty)\n"
    "A lone -- ends the options: what follows it is an argument, even if it starts with --.\n"
    "The service name defaults to " IMS_SERVICE_NAME ".\n";

int usage(const char *problem)
{
    if (problem)
        fprintf(stderr, "imsctl: %s\n", problem);
    fputs(usage_text, stderr);
    return EXIT_USAGE;
}

/* Prints "imsctl: <what>: error N (text)" on stderr; returns EXIT_FAILED.
 * `what` is a literal format; data only ever goes in as its arguments. */
int fail(DWORD err, const WCHAR *what, ...)
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
        { L"hold",      cmd_hold,      OPT_NAME, 0 },
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
