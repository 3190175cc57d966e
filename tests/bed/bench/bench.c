/*
 * bench.c - imsguard.dll timed (make bench), and soaked (make soak), in one
 * process with a minimal in-process monitor (monitor.c).
 *
 *   bench.exe bench [--port P] [--looks N] [--isalive N] [--online N]
 *                   [--terminate N] [--tsv FILE]
 *   bench.exe soak  [--port P] [--scale S] [--every N] [--inject-leak]
 *   common:         [--service NAME] [--verbose]
 *
 * Needs a node where the IMS stand-in is installed (Manual start, SMTP on
 * --port) and stopped, the DNS domain set, HKLM\Cluster present, and the
 * project's clusapi.dll beside imsguard.dll (tests/bench/run.sh and
 * tests/soak/run.sh prepare one with tests/wine/lib.sh).
 *
 * bench (measure.c): each entry point's latency beside the bare Win32
 * calls it is made of (bare.c); --tsv writes the run's figures for
 * benchsum. soak (soak.c): thousands of calls and cycles, the process's
 * handles, private bytes and threads before and after. Both end with
 * "N passed, M failed" (exit status 1 on any failure). A bench bar that is
 * missed is reported, not failed: the figures depend on the machine.
 */
#include "bench.h"

#include <winsock2.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(const char *why, const char *arg)
{
    if (why)
        fprintf(stderr, "bench.exe: %s%s%s\n", why, arg ? ": " : "", arg ? arg : "");
    fprintf(stderr, "usage: bench.exe bench [--port P] [--looks N] [--isalive N] [--online N] [--terminate N]\n"
                    "                       [--tsv FILE] [--service NAME]\n"
                    "       bench.exe soak  [--port P] [--scale S] [--every N] [--service NAME]\n"
                    "       (--verbose prints every log line; --inject-leak makes the soak leak on purpose)\n");
    exit(2);
}

/* A whole number in [lo, hi], or a usage error naming the option. */
static long number(const char *opt, const char *v, long lo, long hi)
{
    char *end, why[96];
    long n;

    errno = 0;
    n = strtol(v, &end, 10);
    if (end == v || *end || errno || n < lo || n > hi) {
        snprintf(why, sizeof(why), "%s wants a whole number from %ld to %ld", opt, lo, hi);
        usage(why, v);
    }
    return n;
}

int main(int argc, char **argv)
{
    static WCHAR tsv[MAX_PATH];
    bench_opts b = { 25, 2000, 500, 30, 10, NULL };
    soak_opts so = { 1.0, 10, 0 };
    int i, soak;
    WSADATA wsa;

    if (argc < 2)
        usage(NULL, NULL);
    soak = !strcmp(argv[1], "soak");
    if (!soak && strcmp(argv[1], "bench"))
        usage("the first argument is the mode, bench or soak", argv[1]);
    for (i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--verbose")) {
            verbose = 1;
            continue;
        }
        if (!strcmp(a, "--inject-leak")) {
            so.inject_leak = 1;
            continue;
        }
        if (!v)
            usage("this option needs a value", a);
        if (!strcmp(a, "--port"))
            b.port = (DWORD)number(a, v, 1, 65535);
        else if (!strcmp(a, "--looks"))
            b.looks = (int)number(a, v, 1, 1000000);
        else if (!strcmp(a, "--isalive"))
            b.isalive = (int)number(a, v, 1, 1000000);
        else if (!strcmp(a, "--online"))
            b.online = (int)number(a, v, 1, 100000);
        else if (!strcmp(a, "--terminate"))
            b.terminate = (int)number(a, v, 1, 100000);
        else if (!strcmp(a, "--every"))
            so.every = (int)number(a, v, 1, INT_MAX);
        else if (!strcmp(a, "--scale")) {
            char *end;
            so.scale = strtod(v, &end);
            if (end == v || *end || !(so.scale > 0 && so.scale <= 100))
                usage("--scale wants a number above 0, at most 100", v);
        } else if (!strcmp(a, "--tsv")) {
            if (!MultiByteToWideChar(CP_ACP, 0, v, -1, tsv, ARRAYSIZE(tsv)))
                usage("--tsv: the path is longer than MAX_PATH", v);
            b.tsv = tsv;
        } else if (!strcmp(a, "--service")) {
            if (!MultiByteToWideChar(CP_ACP, 0, v, -1, service_name, ARRAYSIZE(service_name)))
                usage("--service: a service name has at most 256 characters", v);
        } else
            usage("unknown option", a);
        i++;
    }

    bt_set_verbose(1);
    monitor_init();
    if (WSAStartup(MAKEWORD(2, 0), &wsa)) {
        ok(0, "WSAStartup");
        goto done;
    }
    if (!bare_setup(service_name) || !dll_setup(service_name, b.port))
        goto done;
    bare_stop();
    if (soak)
        run_soak(&so);
    else
        run_bench(&b);
    dll_teardown();
    bare_stop();
done:
    return bt_summary("bench", NULL);
}
