/*
 * commands.c - resmon's command language: each command's arguments checked
 * and handed to the monitor (monitor.c and its parts), and the OK/FAIL
 * line that closes it. The commands are listed at the top of resmon.c.
 */
#include "resmon.h"
#include "tokenize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

BOOL g_command_failed, g_usage_error;

BOOL parse_dword(const char *text, DWORD *value)
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

void report_result(const char *line, DWORD err, const char *reason)
{
    struct line l;

    line_begin_untimed(&l, err ? "FAIL " : "OK ");
    line_raw(&l, line);
    if (err)
        line_kv_str(&l, "reason", reason, QUOTE_ALWAYS);
    line_emit(&l);
    if (err) {
        g_command_failed = TRUE;
        diag("%s: %s", line, reason);
    }
}

static DWORD usage_fail(reason_t reason, const char *text)
{
    g_usage_error = TRUE;
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
                g_usage_error = TRUE;
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

/* ------------------------------------------------------------ the commands */

/*
 * One command's work: argv[0] is its name. Returns ERROR_SUCCESS or an
 * error with reason filled (usage errors through usage_fail); *more is set
 * to FALSE by quit.
 */
typedef DWORD command_fn(int argc, char **argv, reason_t reason, BOOL *more);

/* The commands that take exactly one resource name. */
static DWORD one_res(int argc, char **argv, const char *synopsis, struct resource **r,
                     reason_t reason)
{
    if (argc != 2)
        return usage_fail(reason, synopsis);
    return with_resource(argv[1], r, reason);
}

static DWORD cmd_open(int argc, char **argv, reason_t reason, BOOL *more)
{
    WCHAR *name;
    DWORD err;

    if (argc != 2)
        return usage_fail(reason, "open <res>");
    name = wide_dup(argv[1]);
    err = name ? mon_open(name, reason) : usage_fail(reason, "open <res>");
    free(name);
    return err;
}

static DWORD cmd_alive(int argc, char **argv, reason_t reason, BOOL *more)
{
    struct resource *r;
    DWORD err = one_res(argc, argv, "looksalive|isalive <res>", &r, reason);

    return err ? err : mon_alive(r, argv[0][0] == 'i', reason);
}

static DWORD cmd_state(int argc, char **argv, reason_t reason, BOOL *more)
{
    struct resource *r;
    DWORD err = one_res(argc, argv, "state <res>", &r, reason);

    if (!err)
        mon_report_state(r);
    return err;
}

static DWORD cmd_wait(int argc, char **argv, reason_t reason, BOOL *more)
{
    static const char synopsis[] =
        "wait <res> <Online|Offline|Failed|OnlinePending|OfflinePending> [ms]";
    CLUSTER_RESOURCE_STATE want;
    struct resource *r;
    DWORD err, ms = 30000;

    if ((argc != 3 && argc != 4) || !parse_state(argv[2], &want)
        || (argc == 4 && !parse_dword(argv[3], &ms)))
        return usage_fail(reason, synopsis);
    if ((err = with_resource(argv[1], &r, reason)))
        return err;
    return mon_wait_state(r, want, ms, reason);
}

static DWORD cmd_control(int argc, char **argv, reason_t reason, BOOL *more)
{
    BOOL type_level = argv[0][0] == 't';
    const char *synopsis = type_level
        ? "typecontrol <type> <code> [<input hex>] [--out <bytes>]"
        : "control <res> <code> [<input hex>] [--out <bytes>]";
    struct resource *r;
    BYTE *in;
    DWORD code, in_size, out_size, err;
    WCHAR *type;
    const char *why;

    if (argc < 3)
        return usage_fail(reason, synopsis);
    if (!parse_control_code(argv[2], type_level, &code, &why)) {
        g_usage_error = TRUE;
        snprintf(reason, sizeof(reason_t), "control code \"%s\" %s", argv[2], why);
        return ERROR_INVALID_PARAMETER;
    }
    if ((err = control_args(argc - 3, argv + 3, &in, &in_size, &out_size, reason, synopsis)))
        return err;
    if (!type_level) {
        if (!(err = with_resource(argv[1], &r, reason)))
            err = mon_control(r, code, in, in_size, out_size, reason);
    } else if ((type = wide_dup(argv[1]))) {
        err = mon_type_control(type, code, in, in_size, out_size, reason);
        free(type);
    }
    free(in);
    return err;
}

static DWORD cmd_poll(int argc, char **argv, reason_t reason, BOOL *more)
{
    if (argc != 2 || (strcmp(argv[1], "on") && strcmp(argv[1], "off")))
        return usage_fail(reason, "poll on|off");
    mon_set_poll(!strcmp(argv[1], "on"));
    return ERROR_SUCCESS;
}

static DWORD cmd_interval(int argc, char **argv, reason_t reason, BOOL *more)
{
    struct resource *r;
    DWORD err, a, b;

    if (argc != 4 || !parse_dword(argv[2], &a) || !parse_dword(argv[3], &b))
        return usage_fail(reason, "interval <res> <looksalive-ms> <isalive-ms>");
    if (!(err = with_resource(argv[1], &r, reason)))
        mon_set_intervals(r, a, b);
    return err;
}

static DWORD cmd_pending_timeout(int argc, char **argv, reason_t reason, BOOL *more)
{
    struct resource *r;
    DWORD err, ms;

    if (argc != 3 || !parse_dword(argv[2], &ms))
        return usage_fail(reason, "pending-timeout <res> <ms>");
    if (!ms) {
        g_usage_error = TRUE;
        snprintf(reason, sizeof(reason_t), "pending-timeout 0 would time out at once: give"
                 " 1 to 4294967295 ms (0 in the registry means \"not set\")");
        return ERROR_INVALID_PARAMETER;
    }
    if (!(err = with_resource(argv[1], &r, reason)))
        mon_set_pending_timeout(r, ms);
    return err;
}

static DWORD cmd_terminate_after(int argc, char **argv, reason_t reason, BOOL *more)
{
    struct resource *r;
    DWORD err, ms;

    if (argc != 3 || !parse_dword(argv[2], &ms))
        return usage_fail(reason, "terminate-after <res> <ms>");
    if (!(err = with_resource(argv[1], &r, reason)))
        err = mon_arm_terminate_after(r, ms, reason);
    return err;
}

static DWORD cmd_terminate_during(int argc, char **argv, reason_t reason, BOOL *more)
{
    struct resource *r;
    enum entry e;
    DWORD err;

    if (argc != 3 || !parse_entry(argv[2], &e))
        return usage_fail(reason, "terminate-during <res>"
                          " <Online|Offline|LooksAlive|IsAlive|ResourceControl>");
    if (!(err = with_resource(argv[1], &r, reason)))
        err = mon_arm_terminate_during(r, e, reason);
    return err;
}

static DWORD cmd_wait_terminated(int argc, char **argv, reason_t reason, BOOL *more)
{
    struct resource *r;
    DWORD err, ms = 30000;

    if ((argc != 2 && argc != 3) || (argc == 3 && !parse_dword(argv[2], &ms)))
        return usage_fail(reason, "wait-terminated <res> [ms]");
    if (!(err = with_resource(argv[1], &r, reason)))
        err = mon_wait_terminated(r, ms, reason);
    return err;
}

static DWORD cmd_watch(int argc, char **argv, reason_t reason, BOOL *more)
{
    static const char synopsis[] = "watch <res> service <name> | watch <res> image <file>";
    struct resource *r;
    WCHAR *name;
    DWORD err;

    if (argc != 4 || (strcmp(argv[2], "service") && strcmp(argv[2], "image")))
        return usage_fail(reason, synopsis);
    if ((err = with_resource(argv[1], &r, reason)))
        return err;
    name = wide_dup(argv[3]);
    err = name ? mon_watch(r, argv[2][0] == 's', name, reason) : usage_fail(reason, synopsis);
    free(name);
    return err;
}

static DWORD cmd_reg(int argc, char **argv, reason_t reason, BOOL *more)
{
    return reg_command(argc, argv, reason);
}

static DWORD cmd_deadlock(int argc, char **argv, reason_t reason, BOOL *more)
{
    DWORD ms;

    if (argc != 2 || !parse_dword(argv[1], &ms) || !ms)
        return usage_fail(reason, "deadlock <ms>");
    g_deadlock_ms = ms;
    return ERROR_SUCCESS;
}

static DWORD cmd_sleep(int argc, char **argv, reason_t reason, BOOL *more)
{
    DWORD ms;

    if (argc != 2 || !parse_dword(argv[1], &ms))
        return usage_fail(reason, "sleep <ms>");
    Sleep(ms);
    return ERROR_SUCCESS;
}

static DWORD cmd_echo(int argc, char **argv, reason_t reason, BOOL *more)
{
    return ERROR_SUCCESS;           /* the OK line is the echo */
}

static DWORD cmd_quit(int argc, char **argv, reason_t reason, BOOL *more)
{
    if (argc != 1)
        return usage_fail(reason, "quit");
    *more = FALSE;
    return ERROR_SUCCESS;
}

/* The commands that hand one resource to the monitor and do nothing else. */
static const struct {
    const char *name, *synopsis;
    DWORD (*run)(struct resource *r, reason_t reason);
} res_commands[] = {
    { "close", "close <res>", mon_close },
    { "online", "online <res>", mon_online },
    { "offline", "offline <res>", mon_offline },
    { "terminate", "terminate <res>", mon_terminate },
    { "validate", "validate <res>", mon_validate_stored },
};

static const struct {
    const char *name;
    command_fn *run;
} commands[] = {
    { "open", cmd_open },             { "looksalive", cmd_alive },
    { "isalive", cmd_alive },         { "state", cmd_state },
    { "wait", cmd_wait },             { "control", cmd_control },
    { "typecontrol", cmd_control },   { "poll", cmd_poll },
    { "interval", cmd_interval },     { "pending-timeout", cmd_pending_timeout },
    { "terminate-after", cmd_terminate_after },
    { "terminate-during", cmd_terminate_during },
    { "wait-terminated", cmd_wait_terminated },
    { "watch", cmd_watch },           { "regset", cmd_reg },
    { "regdel", cmd_reg },            { "deadlock", cmd_deadlock },
    { "sleep", cmd_sleep },           { "echo", cmd_echo },
    { "quit", cmd_quit },
};

/* Runs one command line (not blank, not a comment), reporting it. */
BOOL run_command(char *text)
{
    char *copy = strcpy(xmalloc(strlen(text) + 1), text), *argv[16];
    int argc = tokenize(copy, argv, ARRAYSIZE(argv));
    const char *cmd = argv[0];
    reason_t reason = "";
    DWORD err = ERROR_INVALID_FUNCTION;
    BOOL more = TRUE, known = FALSE;
    size_t i;

    /* An armed terminate-after counts from the start of the next command. */
    if (strcmp(cmd, "terminate-after") && strcmp(cmd, "terminate-during"))
        mon_command_starts();
    for (i = 0; i < ARRAYSIZE(res_commands) && !known; i++) {
        struct resource *r;
        if (strcmp(cmd, res_commands[i].name))
            continue;
        known = TRUE;
        if (!(err = one_res(argc, argv, res_commands[i].synopsis, &r, reason)))
            err = res_commands[i].run(r, reason);
    }
    for (i = 0; i < ARRAYSIZE(commands) && !known; i++) {
        if (!strcmp(cmd, commands[i].name)) {
            known = TRUE;
            err = commands[i].run(argc, argv, reason, &more);
        }
    }
    if (!known) {
        g_usage_error = TRUE;
        snprintf(reason, sizeof(reason), "unknown command \"%s\"", cmd);
    }
    mon_command_ends();

    report_result(text, err, reason);
    free(copy);
    return more;
}
