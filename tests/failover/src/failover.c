/*
 * failover.c - the failover coordinator: runs .scn scenarios on 2 to 8
 * simulated cluster nodes under Wine, one Resource Monitor emulator per
 * node on a pipe, with the cluster's group policy (policy.c) deciding where
 * the "Internet Mail Service" resource of type "IMS Guard" runs.
 *
 *   failover [--out DIR] [--narrate] [--check] [--arch x86_64] FILE.scn...
 *
 * Every file is parsed first; a malformed one is rejected (file:line:
 * reason) before any node starts. Then each scenario runs in turn and
 * leaves in DIR/<scenario>/: cluster.log (every node's cluster log merged
 * by time, with the coordinator's [FM] decisions), events.txt (the merged
 * event list), junit.xml, timeline.svg, and per node its prefix, the
 * monitor's raw report lines and its cluster.log. DIR/index.html links
 * them all. The last line printed is "N passed, M failed" (scenarios).
 *
 * Node operations (prefix set-up, faults, domains, binaries, the cluster
 * database) go through tests/failover/node.sh, which uses tests/wine/lib.sh.
 */
#define _XOPEN_SOURCE 700
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run.h"

#define SET_PRIVATE_PROPERTIES 0x01400086u
#define ERROR_RESOURCE_PROPERTIES_STORED 5024
#define HELPER_TIMEOUT_MS 60000L
#define QUIT_WAIT_MS 15000L

static long long g_wall_minus_mono;

static long long now_ms(void)
{
    return fo_mono_ms();
}

/* ------------------------------------------------------------ small helpers */

#define FO_PRINTF(a, b) __attribute__((format(printf, a, b)))

static void set_abort(struct fo_run *r, const char *fmt, ...) FO_PRINTF(2, 3);
static struct fo_event *add_event(struct fo_run *r, long long t, int node, enum fo_ev_kind kind,
                                  const char *fmt, ...) FO_PRINTF(5, 6);
static void queue_cmd(struct fo_node_rt *n, const char *fmt, ...) FO_PRINTF(2, 3);

static void set_abort(struct fo_run *r, const char *fmt, ...)
{
    va_list ap;

    if (r->aborted)
        return;
    r->aborted = 1;
    va_start(ap, fmt);
    vsnprintf(r->abort_reason, sizeof(r->abort_reason), fmt, ap);
    va_end(ap);
}

/* Case-insensitive substring search (ASCII). */
static const char *find_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i]
               && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return hay;
    }
    return n ? NULL : hay;
}

static double secs_since0(const struct fo_run *r, long long t)
{
    return (double)(t - r->t0_mono) / 1000.0;
}

static const char *code_name(unsigned code)
{
    static const char *const names[] = {
        NULL, "IMSGUARD_E_SERVICE_MISSING", "IMSGUARD_E_SERVICE_QUERY_FAILED",
        "IMSGUARD_E_SERVICE_DISABLED", "IMSGUARD_E_IMAGE_UNREADABLE",
        "IMSGUARD_E_IMAGE_NO_VERSION", "IMSGUARD_E_AFFECTED_BUILD", "IMSGUARD_E_NO_DNS_DOMAIN",
        "IMSGUARD_E_BAD_DNS_DOMAIN", "IMSGUARD_E_DNS_DOMAIN_MISMATCH",
        "IMSGUARD_E_SERVICE_START_FAILED"
    };
    if (code >= 0x20490001u && code <= 0x2049000Au)
        return names[code - 0x20490000u];
    return "error";
}

/* Prints text folded at width with a prefix on every line. */
static void print_folded(const char *prefix, const char *text, int width)
{
    const char *p = text;

    while (*p) {
        int n = (int)strlen(p);
        if (n > width) {
            int cut = width;
            while (cut > 20 && p[cut] != ' ')
                cut--;
            if (cut <= 20)
                cut = width;
            n = cut;
        }
        printf("%s%.*s\n", prefix, n, p);
        p += n;
        while (*p == ' ')
            p++;
    }
}

/* ------------------------------------------------------------ events */

static struct fo_event *add_event(struct fo_run *r, long long t, int node, enum fo_ev_kind kind,
                                  const char *fmt, ...)
{
    struct fo_event *e;
    char text[4096];
    va_list ap;

    if (r->n_ev == r->cap_ev) {
        int cap = r->cap_ev ? r->cap_ev * 2 : 512;
        struct fo_event *bigger = realloc(r->ev, sizeof(*bigger) * (size_t)cap);
        if (!bigger) {
            fprintf(stderr, "failover: out of memory for the event list\n");
            exit(2);
        }
        r->ev = bigger;
        r->cap_ev = cap;
    }
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    e = &r->ev[r->n_ev++];
    memset(e, 0, sizeof(*e));
    e->t = t;
    e->wall = t + g_wall_minus_mono;
    e->node = node;
    e->kind = kind;
    e->step = r->step;
    e->text = strdup(text);
    if (!e->text) {
        fprintf(stderr, "failover: out of memory for the event list\n");
        exit(2);
    }
    return e;
}

static const char *node_name(const struct fo_run *r, int node)
{
    return node >= 0 && node < r->s->n_nodes ? r->s->nodes[node].name : "cluster";
}

/* The live narration (--narrate), for the demo: one sentence per thing
 * that matters, and what IMS Guard said, folded. */
static void narrate(const struct fo_run *r, const struct fo_event *e)
{
    char prefix[64];
    double t = r->started ? secs_since0(r, e->t) : 0;

    if (!r->narrate || !r->started)
        return;
    snprintf(prefix, sizeof(prefix), "[%6.1fs] ", t);
    switch (e->kind) {
    case EV_ACTION:
        printf("%s%s %s.\n", prefix, e->fault ? "FAULT:" : "Administrator:", e->text);
        break;
    case EV_GROUP:
        if (e->rstate == FO_G_ONLINE)
            printf("%sCluster: the group is ONLINE on %s.\n", prefix, node_name(r, e->owner));
        else if (e->rstate == FO_G_FAILED)
            printf("%sCluster: the group has FAILED.\n", prefix);
        else if (e->rstate == FO_G_OFFLINE)
            printf("%sCluster: the group is offline.\n", prefix);
        else if (strstr(e->text, "bringing it online"))
            printf("%sCluster: bringing the group online on %s.\n", prefix,
                   node_name(r, e->owner));
        else
            printf("%sCluster: taking the group offline on %s.\n", prefix,
                   node_name(r, e->owner));
        break;
    case EV_POLICY:
        if (e->rstate == FO_N_RESTART || e->rstate == FO_N_FAILOVER
            || e->rstate == FO_N_FAILBACK)
            printf("%sCluster: %s.\n", prefix, e->text);
        else if (e->rstate == FO_N_FAILED)
            print_folded("           Cluster: ", e->text, 96);
        else if (e->rstate == FO_N_INFO
                 && (strstr(e->text, "possible owner") || strstr(e->text, "RetryPeriodOnFailure")
                     || strstr(e->text, "failback window")))
            printf("%sCluster: %s.\n", prefix, e->text);
        break;
    case EV_NODE:
        printf("%sCluster: %s.\n", prefix, e->text);
        break;
    case EV_REFUSED:
        printf("%s%s: Online %s\n", prefix, node_name(r, e->node), e->text + 7);
        break;
    case EV_LOG:
        if (e->level >= 1 || strstr(e->text, "is running on this node")) {
            printf("%s%s, IMS Guard %s:\n", prefix, node_name(r, e->node),
                   e->level == 2 ? "logs an ERROR" : e->level == 1 ? "logs a warning" : "says");
            print_folded("             | ", e->text, 96);
        }
        break;
    case EV_EXPECT:
        if (e->ok)
            printf("%sChecked, as expected: %s\n", prefix, e->text + 4);
        else
            printf("%sChecked: %s\n", prefix, e->text);
        break;
    default:
        break;
    }
    fflush(stdout);
}

/* ------------------------------------------------------------ results */

static void add_result(struct fo_run *r, int step, int pass, const char *name,
                       const char *expected, const char *actual)
{
    struct fo_result *res;

    if (r->n_results == FO_MAX_RESULTS)
        return;
    res = &r->results[r->n_results++];
    memset(res, 0, sizeof(*res));
    res->step = step;
    res->pass = pass;
    res->t = now_ms();
    snprintf(res->name, sizeof(res->name), "%s", name);
    snprintf(res->expected, sizeof(res->expected), "%s", expected);
    snprintf(res->actual, sizeof(res->actual), "%s", actual);
}

/* ------------------------------------------------------------ helpers (node.sh) */

/* node.sh <op> <args...> (NULL-terminated) on one node; its status, or -1
 * on a timeout. */
static int helper(struct fo_run *r, const char *op, ...) __attribute__((sentinel));
static int helper(struct fo_run *r, const char *op, ...)
{
    const char *argv[16];
    char script[FO_PATH_LEN], arch_env[64];
    char buf[8192];
    int argc = 0, rc;
    va_list ap;
    const char *env[] = { arch_env, NULL };
    long long t = now_ms();

    snprintf(script, sizeof(script), "%s/tests/failover/node.sh", r->root);
    snprintf(arch_env, sizeof(arch_env), "IG_ARCH=%s", r->arch);
    argv[argc++] = "bash";
    argv[argc++] = script;
    argv[argc++] = op;
    va_start(ap, op);
    for (const char *a; argc < 15 && (a = va_arg(ap, const char *));)
        argv[argc++] = a;
    va_end(ap);
    argv[argc] = NULL;
    if (r->setup_log) {
        fprintf(r->setup_log, "+ node.sh");
        for (int i = 2; i < argc; i++)
            fprintf(r->setup_log, " '%s'", argv[i]);
        fprintf(r->setup_log, "\n");
        fflush(r->setup_log);
    }
    rc = fo_run(argv, env, HELPER_TIMEOUT_MS, buf, sizeof(buf), r->setup_log_path);
    if (r->setup_log) {
        fprintf(r->setup_log, "  -> %s (%lld ms)\n", rc < 0 ? "timed out or not started"
                : rc ? "failed" : "ok", now_ms() - t);
        fflush(r->setup_log);
    }
    return rc;
}

/* node.sh <op> <node dir> [arg] on several nodes at once (arg may be NULL).
 * Returns how many failed. */
static int helper_all(struct fo_run *r, const char *op, const int *nodes, int count,
                      const char *arg)
{
    struct fo_child kids[FO_MAX_NODES];
    int status[FO_MAX_NODES], failed = 0, left = 0;
    long long t = now_ms(), end = t + HELPER_TIMEOUT_MS;
    char script[FO_PATH_LEN], arch_env[64];
    const char *env[] = { arch_env, NULL };

    snprintf(script, sizeof(script), "%s/tests/failover/node.sh", r->root);
    snprintf(arch_env, sizeof(arch_env), "IG_ARCH=%s", r->arch);
    for (int k = 0; k < count; k++) {
        const char *argv[] = { "bash", script, op, r->nodes[nodes[k]].dir, arg, NULL };
        char err[256];
        status[k] = -1;
        fprintf(r->setup_log, "+ node.sh %s %s%s%s\n", op, r->nodes[nodes[k]].dir,
                arg ? " " : "", arg ? arg : "");
        fflush(r->setup_log);
        if (fo_spawn(argv, env, NULL, r->setup_log_path, &kids[k], err, sizeof(err))) {
            fprintf(r->setup_log, "  cannot start: %s\n", err);
            status[k] = 1;
            failed++;
            continue;
        }
        close(kids[k].in_fd);
        left++;
    }
    while (left > 0) {
        for (int k = 0; k < count; k++) {
            char drain[4096];
            int st;
            if (status[k] >= 0)
                continue;
            while (read(kids[k].out_fd, drain, sizeof(drain)) > 0)
                ;
            if (fo_reaped(kids[k].pid, &st)) {
                close(kids[k].out_fd);
                status[k] = WIFEXITED(st) ? WEXITSTATUS(st) : 1;
                failed += status[k] != 0;
                left--;
            } else if (now_ms() > end) {
                fo_kill_wait(kids[k].pid, SIGKILL, 2000);
                close(kids[k].out_fd);
                status[k] = 1;
                failed++;
                left--;
            }
        }
        if (left)
            fo_sleep_ms(20);
    }
    fprintf(r->setup_log, "  -> %s on %d node(s), %d failed (%lld ms)\n", op, count, failed,
            now_ms() - t);
    fflush(r->setup_log);
    return failed;
}

/* ------------------------------------------------------------ the monitors */

static void queue_cmd(struct fo_node_rt *n, const char *fmt, ...)
{
    va_list ap;

    if (n->qn == FO_QUEUE)
        return;
    va_start(ap, fmt);
    vsnprintf(n->queue[n->qn], sizeof(n->queue[0]), fmt, ap);
    va_end(ap);
    n->qn++;
}

static void queue_front(struct fo_node_rt *n, const char *cmd)
{
    if (n->qn == FO_QUEUE)
        n->qn--;
    memmove(n->queue[1], n->queue[0], sizeof(n->queue[0]) * (size_t)n->qn);
    snprintf(n->queue[0], sizeof(n->queue[0]), "%s", cmd);
    n->qn++;
}

static int start_monitor(struct fo_run *r, struct fo_node_rt *n)
{
    char exe[FO_PATH_LEN], prefix_env[FO_PATH_LEN + 16], err_path[FO_PATH_LEN], raw[FO_PATH_LEN];
    char err[256];
    const char *argv[] = { "wine", exe, "--log", "C:\\cluster\\cluster.log", "--node", n->name,
                           NULL };
    const char *env[] = { prefix_env, "WINEDEBUG=-all",
                          "WINEDLLOVERRIDES=mscoree,mshtml=;clusapi=n,b", NULL };

    snprintf(exe, sizeof(exe), "%s/prefix/drive_c/cluster/resmon.exe", n->dir);
    snprintf(prefix_env, sizeof(prefix_env), "WINEPREFIX=%s/prefix", n->dir);
    snprintf(err_path, sizeof(err_path), "%s/resmon.stderr", n->dir);
    if (!n->raw) {
        snprintf(raw, sizeof(raw), "%s/resmon.out", n->dir);
        n->raw = fopen(raw, "a");
    }
    if (fo_spawn(argv, env, n->dir, err_path, &n->mon, err, sizeof(err))) {
        add_event(r, now_ms(), n->idx, EV_MONITOR, "could not start resmon.exe: %s", err);
        return -1;
    }
    n->mon_up = 1;
    n->mon_count++;
    n->ready = n->opened = 0;
    n->lb.len = 0;
    n->qn = 0;
    n->in_flight = 0;
    n->terminating = 0;
    n->abandoned = 0;
    n->bye_seen = 0;
    n->violations = n->hung = n->crashes = 0;
    queue_cmd(n, "open \"%s\"", r->s->res_name);
    return 0;
}

static int quiet(const struct fo_run *r)
{
    if (fo_policy_busy(&r->pol))
        return 0;
    for (int i = 0; i < r->s->n_nodes; i++) {
        const struct fo_node_rt *n = &r->nodes[i];
        if (n->mon_up && (n->in_flight || n->qn || n->terminating))
            return 0;
    }
    return 1;
}

/* A disruption starts when a fault or move hits an online group. */
static void disruption_start(struct fo_run *r, int step, const char *what, int move_to)
{
    if (r->pol.gstate != FO_G_ONLINE || r->dis_active)
        return;
    r->dis_active = 1;
    r->dis_left = 0;
    r->dis_step = step;
    r->dis_from = r->pol.owner;
    r->dis_move_to = move_to;
    r->dis_t = now_ms();
    snprintf(r->dis_what, sizeof(r->dis_what), "%s", what);
}

static void track_group(struct fo_run *r, const struct fo_note *nt)
{
    if (!r->dis_active)
        return;
    if (nt->state != FO_G_ONLINE && nt->state != FO_G_FAILED) {
        r->dis_left = 1;
        return;
    }
    if (nt->state == FO_G_ONLINE && !r->dis_left)
        return;
    if (r->n_metrics < FO_MAX_METRICS) {
        struct fo_metric *m = &r->metrics[r->n_metrics++];
        m->step = r->dis_step;
        snprintf(m->what, sizeof(m->what), "%s", r->dis_what);
        m->t_fault = r->dis_t;
        m->t_online = nt->t;
        m->from = r->dis_from;
        m->to = nt->state == FO_G_ONLINE ? nt->node : -1;
        m->move_to = r->dis_move_to;
    }
    r->dis_active = 0;
}

static void drain_policy(struct fo_run *r)
{
    struct fo_policy *p = &r->pol;

    for (int i = 0; i < p->n_notes; i++) {
        const struct fo_note *nt = &p->notes[i];
        struct fo_event *e;
        if (nt->kind == FO_N_GROUP) {
            e = add_event(r, nt->t, nt->node, EV_GROUP, "%s", nt->text);
            e->rstate = nt->state;
            e->owner = nt->node;
            track_group(r, nt);
        } else {
            e = add_event(r, nt->t, nt->node, EV_POLICY, "%s", nt->text);
            e->owner = nt->to;
            e->rstate = nt->kind;
        }
        narrate(r, e);
    }
    p->n_notes = 0;
    for (int i = 0; i < p->n_cmds; i++) {
        struct fo_node_rt *n = &r->nodes[p->cmds[i].node];
        if (!n->mon_up)
            continue;
        queue_cmd(n, "%s \"%s\"", p->cmds[i].kind == FO_CMD_ONLINE ? "online" : "offline",
                  r->s->res_name);
    }
    p->n_cmds = 0;
}

/* Before the IMS starts on a node: it must not run anywhere else. */
static void check_exclusive(struct fo_run *r, int target)
{
    for (int i = 0; i < r->s->n_nodes; i++) {
        char prefix[FO_PATH_LEN], list[1024];
        pid_t pids[8];
        int n;
        if (i == target || !r->nodes[i].powered)
            continue;
        snprintf(prefix, sizeof(prefix), "%s/prefix", r->nodes[i].dir);
        /* A service that reported STOPPED takes a moment to exit: grace. */
        for (int k = 0; k < 60; k++) {
            n = fo_procs_under(prefix, "msexcimc", pids, 8, list, sizeof(list));
            if (!n)
                break;
            fo_sleep_ms(50);
        }
        if (n > 0) {
            char name[300], actual[1400];
            add_event(r, now_ms(), i, EV_MONITOR,
                      "the IMS still runs on %s (%s) while the cluster starts it on %s",
                      r->nodes[i].name, list, r->nodes[target].name);
            snprintf(name, sizeof(name), "the IMS runs on one node at a time (Online on %s)",
                     r->nodes[target].name);
            snprintf(actual, sizeof(actual), "msexcimc.exe still running on %s: %s",
                     r->nodes[i].name, list);
            add_result(r, r->step, 0, name, "no IMS process on any other node", actual);
        }
    }
}

static void try_send(struct fo_run *r, struct fo_node_rt *n)
{
    char line[8200];

    if (!n->mon_up || n->mon.in_fd < 0 || r->quitting || n->in_flight || !n->qn
        || n->terminating || now_ms() < n->retry_at)
        return;
    if (!strncmp(n->queue[0], "online ", 7)) {
        /* A failover brings the group up elsewhere only once the failed
         * node has terminated it (the cluster takes the group offline
         * there first). */
        for (int i = 0; i < r->s->n_nodes; i++)
            if (i != n->idx && r->nodes[i].mon_up && r->nodes[i].terminating)
                return;
        if (n->fault_oneshot) {
            /* A one-time fault: it happened; the restarted IMS runs clean. */
            if (helper(r, "fault", n->dir, "none", NULL) != 0)
                add_event(r, now_ms(), n->idx, EV_MONITOR, "could not clear the fault");
            n->fault_oneshot = 0;
        }
        check_exclusive(r, n->idx);
    }
    snprintf(n->in_flight_cmd, sizeof(n->in_flight_cmd), "%s", n->queue[0]);
    memmove(n->queue[0], n->queue[1], sizeof(n->queue[0]) * (size_t)(n->qn - 1));
    n->qn--;
    snprintf(line, sizeof(line), "%s\n", n->in_flight_cmd);
    if (n->raw) {
        fprintf(n->raw, "%8.3f > %s", r->started ? secs_since0(r, now_ms()) : 0.0, line);
        fflush(n->raw);
    }
    if (fo_write_all(n->mon.in_fd, line, strlen(line)) != 0) {
        add_event(r, now_ms(), n->idx, EV_MONITOR, "resmon's stdin is closed");
        return;
    }
    n->in_flight = 1;
}

static void dispatch(struct fo_run *r)
{
    drain_policy(r);
    for (int i = 0; i < r->s->n_nodes; i++)
        try_send(r, &r->nodes[i]);
    drain_policy(r);
}

static int level_of(const char *level)
{
    if (!level)
        return 0;
    if (!strcmp(level, "Warning"))
        return 1;
    if (!strcmp(level, "Error") || !strcmp(level, "Severe"))
        return 2;
    return 0;
}

static void handle_line(struct fo_run *r, struct fo_node_rt *n, const char *text)
{
    struct fo_resline *l = malloc(sizeof(*l));
    long long t = now_ms(), tres;
    const char *v;

    if (!l)
        return;
    if (n->raw) {
        fprintf(n->raw, "%8.3f < %s\n", r->started ? secs_since0(r, t) : 0.0, text);
        fflush(n->raw);
    }
    if (fo_resline_parse(text, l) != 0) {
        free(l);
        return;
    }
    tres = fo_resline_num(l, "t", -1);
    if (!strcmp(l->kind, "READY")) {
        n->t_offset = t - (tres >= 0 ? tres : 0);
        n->ready = 1;
    } else if (tres >= 0 && n->ready) {
        t = n->t_offset + tres;
    }

    if (!strcmp(l->kind, "OK") || !strcmp(l->kind, "FAIL")) {
        int ok = l->kind[0] == 'O';
        char cmd[8192];
        snprintf(cmd, sizeof(cmd), "%s", n->in_flight_cmd);
        n->in_flight = 0;
        if (!strncmp(cmd, "open ", 5) && ok)
            n->opened = 1;
        if (!ok) {
            char reason[600];
            fo_resline_fail_reason(text, reason, sizeof(reason));
            if (!strncmp(cmd, "online ", 7) && strstr(reason, "being terminated")
                && n->retries < 100) {
                /* The monitor still terminates after a failure: again soon. */
                queue_front(n, cmd);
                n->retry_at = now_ms() + 100;
                n->retries++;
            } else {
                add_event(r, t, n->idx, EV_MONITOR, "%s: %s", cmd, reason);
                if (r->quitting)
                    ;
                else if (!strncmp(cmd, "online ", 7))
                    fo_policy_res_state(&r->pol, t, n->idx, FO_R_FAILED);
                else if (!strncmp(cmd, "offline ", 8))
                    fo_policy_res_state(&r->pol, t, n->idx,
                                        strstr(reason, "Offline") ? FO_R_OFFLINE : FO_R_FAILED);
                else if (!strncmp(cmd, "control ", 8))
                    n->control_seen = 1, n->control_status = -1;
            }
        } else {
            n->retries = 0;
        }
        if (!strncmp(cmd, "online ", 7) && n->online_error && !r->quitting) {
            /* Online returned an error from Failed: the monitor terminated
             * it but reports no STATE line, the state did not change. */
            struct fo_event *e = add_event(r, t, n->idx, EV_STATE,
                                           "Failed (Online returned an error; it stays Failed)");
            e->rstate = FO_R_FAILED;
            n->online_error = 0;
            fo_policy_res_state(&r->pol, t, n->idx, FO_R_FAILED);
        }
    } else if (!strcmp(l->kind, "CALL")) {
        const char *entry = fo_resline_get(l, "entry");
        long long status = fo_resline_num(l, "status", 0);
        if (entry && !strcmp(entry, "Online")) {
            if (!r->quitting)
                fo_policy_online_returned(&r->pol, t, n->idx, (uint32_t)status);
            if (status != 0 && status != 997) {
                struct fo_event *e;
                n->online_error = 1;
                if (fo_is_refusal((uint32_t)status))
                    e = add_event(r, t, n->idx, EV_REFUSED, "Online REFUSED with 0x%08llX (%s)",
                                  status, code_name((unsigned)status));
                else
                    e = add_event(r, t, n->idx, EV_MONITOR, "Online returned %lld (0x%08llX)",
                                  status, status);
                e->rstate = (int)status;
                narrate(r, e);
            }
        } else if (entry && !strcmp(entry, "Terminate")) {
            n->terminating = 0;
        }
    } else if (!strcmp(l->kind, "STATE")) {
        enum fo_rstate st;
        const char *via = fo_resline_get(l, "via");
        if ((v = fo_resline_get(l, "state")) && fo_rstate_parse(v, &st) && via) {
            struct fo_event *e;
            if (st == FO_R_FAILED && (!strcmp(via, "isalive") || !strcmp(via, "event")
                                      || !strcmp(via, "report")))
                n->terminating = 1;     /* the monitor calls Terminate next */
            if (!strcmp(via, "hung") || !strcmp(via, "crash"))
                n->abandoned = 1;
            if (st == FO_R_FAILED)
                n->online_error = 0;
            e = add_event(r, t, n->idx, EV_STATE, "%s (via %s)", v, via);
            e->rstate = st;
            if (!r->quitting)
                fo_policy_res_state(&r->pol, t, n->idx, st);
        }
    } else if (!strcmp(l->kind, "LOG")) {
        const char *level = fo_resline_get(l, "level");
        struct fo_event *e;
        v = fo_resline_get(l, "text");
        if (v) {
            e = add_event(r, t, n->idx, EV_LOG, "%s", v);
            e->level = level_of(level);
            if (!r->quitting)
                fo_policy_log(&r->pol, t, n->idx, e->level == 2, v);
            narrate(r, e);
        }
    } else if (!strcmp(l->kind, "ALIVE")) {
        if (fo_resline_num(l, "result", 1) == 0)
            add_event(r, t, n->idx, EV_ALIVE, "%s returned FALSE (%lld ms)",
                      (v = fo_resline_get(l, "entry")) ? v : "?", fo_resline_num(l, "ms", 0));
    } else if (!strcmp(l->kind, "CONTROL")) {
        long long code = fo_resline_num(l, "code", 0);
        if ((unsigned long long)code == SET_PRIVATE_PROPERTIES) {
            n->control_seen = 1;
            n->control_status = fo_resline_num(l, "status", -1);
        }
    } else if (!strcmp(l->kind, "TIMEOUT")) {
        n->terminating = 1;
        add_event(r, t, n->idx, EV_MONITOR, "PendingTimeout: no status report for %lld ms",
                  fo_resline_num(l, "gap", 0));
    } else if (!strcmp(l->kind, "VIOLATION") || !strcmp(l->kind, "HUNG")
               || !strcmp(l->kind, "CRASH")) {
        add_event(r, t, n->idx, EV_MONITOR, "%s", text);
    } else if (!strcmp(l->kind, "BYE")) {
        n->bye_seen = 1;
        n->violations = (long)fo_resline_num(l, "violations", 0);
        n->hung = (long)fo_resline_num(l, "hung", 0);
        n->crashes = (long)fo_resline_num(l, "crashes", 0);
    }
    free(l);
}

static void monitor_ended(struct fo_run *r, struct fo_node_rt *n, int expected)
{
    int status = 0;

    if (n->mon.out_fd >= 0)
        close(n->mon.out_fd);
    if (n->mon.in_fd >= 0)
        close(n->mon.in_fd);
    n->mon.out_fd = n->mon.in_fd = -1;
    if (!fo_reaped(n->mon.pid, &status))
        fo_kill_wait(n->mon.pid, SIGKILL, 2000);
    n->mon_up = 0;
    n->in_flight = 0;
    n->qn = 0;
    n->terminating = 0;
    if (!expected) {
        char name[200];
        add_event(r, now_ms(), n->idx, EV_MONITOR, "resmon.exe on %s ended unexpectedly",
                  n->name);
        snprintf(name, sizeof(name), "the Resource Monitor on %s keeps running", n->name);
        add_result(r, r->step, 0, name, "resmon.exe runs until the scenario ends",
                   "it exited (see resmon.out and resmon.stderr in the node's directory)");
        if (!r->quitting)
            fo_policy_node_down(&r->pol, now_ms(), n->idx);
    }
}

/* One round: read what the monitors said, act on it, send what is due. */
static void pump(struct fo_run *r, long wait_ms, int quitting)
{
    struct pollfd fds[FO_MAX_NODES];
    int map[FO_MAX_NODES], nfds = 0;
    long long now = now_ms();

    for (int i = 0; i < r->s->n_nodes; i++) {
        struct fo_node_rt *n = &r->nodes[i];
        if (n->mon_up && n->mon.out_fd >= 0) {
            fds[nfds].fd = n->mon.out_fd;
            fds[nfds].events = POLLIN;
            fds[nfds].revents = 0;
            map[nfds++] = i;
        }
        if (n->qn && n->retry_at > now && n->retry_at - now < wait_ms)
            wait_ms = (long)(n->retry_at - now);
    }
    {
        /* A delayed restart, RetryPeriodOnFailure or a failback window. */
        long long due = fo_policy_next_due(&r->pol, now);
        if (due >= 0 && due - now < wait_ms)
            wait_ms = (long)(due > now ? due - now : 0);
    }
    if (wait_ms < 0)
        wait_ms = 0;
    if (nfds)
        poll(fds, (nfds_t)nfds, (int)wait_ms);
    else if (wait_ms)
        fo_sleep_ms(wait_ms);
    for (int k = 0; k < nfds; k++) {
        struct fo_node_rt *n = &r->nodes[map[k]];
        char line[8192];
        int got;
        if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        got = fo_linebuf_fill(&n->lb, n->mon.out_fd);
        while (fo_linebuf_take(&n->lb, line, sizeof(line))) {
            handle_line(r, n, line);
            dispatch(r);
        }
        if (got < 0)
            monitor_ended(r, n, quitting);
    }
    if (r->started)
        fo_policy_tick(&r->pol, now_ms());
    dispatch(r);
    if (!r->aborted && !r->quitting && now_ms() > r->deadline_mono)
        set_abort(r, "the scenario reached its time limit of %ld s", r->s->limit_ms / 1000);
}

static void pump_until(struct fo_run *r, long long until)
{
    while (!r->aborted) {
        long long now = now_ms();
        if (now >= until)
            break;
        pump(r, (long)(until - now < 100 ? until - now : 100), 0);
    }
}

static int wait_quiet(struct fo_run *r, long max_ms)
{
    long long end = now_ms() + max_ms;

    while (!r->aborted && !quiet(r) && now_ms() < end)
        pump(r, 50, 0);
    return quiet(r);
}

/* ------------------------------------------------------------ the cluster database */

static void guid_for(const char *scenario, const char *what, char *out, size_t size)
{
    uint64_t h1 = 1469598103934665603ull, h2 = 1099511628211ull * 7;
    const char *parts[2] = { scenario, what };

    for (int k = 0; k < 2; k++) {
        for (const char *p = parts[k]; *p; p++) {
            h1 = (h1 ^ (unsigned char)*p) * 1099511628211ull;
            h2 = (h2 ^ (unsigned char)*p) * 1469598103934665603ull + 0x9e3779b97f4a7c15ull;
        }
        h1 = (h1 ^ 0xff) * 1099511628211ull;
    }
    snprintf(out, size, "{%08x-%04x-%04x-%04x-%012llx}", (unsigned)(h1 >> 32),
             (unsigned)(h1 >> 16) & 0xffff, (unsigned)((h1 & 0x0fff) | 0x4000),
             (unsigned)((h2 >> 48) & 0x3fff) | 0x8000,
             (unsigned long long)(h2 & 0xffffffffffffull));
}

static void put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static int write_db(const struct fo_run *r, const char *path)
{
    const struct fo_scenario *s = r->s;
    char res_guid[64], group_guid[64];
    FILE *f = fopen(path, "w");
    long hours;

    if (!f)
        return -1;
    guid_for(s->name, s->res_name, res_guid, sizeof(res_guid));
    guid_for(s->name, s->group_name, group_guid, sizeof(group_guid));
    hours = (s->failover_period_ms + 3599999) / 3600000;
    fprintf(f, "; cluster database of failover scenario %s (written by build/native/failover,\n"
               "; imported on %s and replicated to the other nodes by clusreg export/import)\n",
            s->name, s->nodes[0].name);
    fprintf(f, "[HKLM\\Cluster]\n\"ClusterName\" = sz \"IMSCLUSTER\"\n");
    fprintf(f, "[HKLM\\Cluster\\Groups]\n[HKLM\\Cluster\\Groups\\%s]\n", group_guid);
    fprintf(f, "\"AutoFailbackType\" = dword %d\n", s->failback ? 1 : 0);
    fprintf(f, "\"Contains\" = multi_sz \"%s\"\n", res_guid);
    fprintf(f, "\"FailoverPeriod\" = dword %ld\n", hours ? hours : 1);
    fprintf(f, "\"FailoverThreshold\" = dword %u\n", (unsigned)s->failover_threshold);
    fprintf(f, "\"Name\" = sz ");
    put_string(f, s->group_name);
    fprintf(f, "\n\"PreferredOwners\" = multi_sz");
    for (int i = 0; i < s->n_preferred; i++) {
        fputc(' ', f);
        put_string(f, s->nodes[s->preferred[i]].name);
    }
    fprintf(f, "\n[HKLM\\Cluster\\Nodes]\n");
    for (int i = 0; i < s->n_nodes; i++) {
        fprintf(f, "[HKLM\\Cluster\\Nodes\\%d]\n\"NodeName\" = sz ", i + 1);
        put_string(f, s->nodes[i].name);
        fputc('\n', f);
    }
    fprintf(f, "[HKLM\\Cluster\\Resources]\n[HKLM\\Cluster\\Resources\\%s]\n", res_guid);
    fprintf(f, "\"IsAlivePollInterval\" = dword %ld\n", s->isalive_ms);
    fprintf(f, "\"LooksAlivePollInterval\" = dword %ld\n", s->looksalive_ms);
    fprintf(f, "\"Name\" = sz ");
    put_string(f, s->res_name);
    fprintf(f, "\n\"PendingTimeout\" = dword %ld\n", s->pending_ms);
    fprintf(f, "\"PossibleOwners\" = multi_sz");
    for (int i = 0; i < s->n_nodes; i++) {
        if (!s->possible[i])
            continue;
        fputc(' ', f);
        put_string(f, s->nodes[i].name);
    }
    fputc('\n', f);
    fprintf(f, "\"RestartAction\" = dword %d\n", (int)s->restart_action);
    fprintf(f, "\"RestartPeriod\" = dword %ld\n", s->restart_period_ms);
    fprintf(f, "\"RestartThreshold\" = dword %u\n", (unsigned)s->restart_threshold);
    if (fo_era_defaults(s->era)->has_retry_period)
        fprintf(f, "\"RetryPeriodOnFailure\" = dword %lu\n",
                s->retry_period_ms < 0 ? (unsigned long)FO_DWORD_ALL
                                       : (unsigned long)s->retry_period_ms);
    fprintf(f, "\"Type\" = sz \"IMS Guard\"\n");
    fprintf(f, "[HKLM\\Cluster\\Resources\\%s\\Parameters]\n", res_guid);
    fprintf(f, "\"SmtpProbePort\" = dword %d\n", r->port);
    for (int i = 0; i < s->n_props; i++) {
        const struct fo_prop *p = &s->props[i];
        put_string(f, p->name);
        if (p->type == FO_PROP_DWORD) {
            fprintf(f, " = dword %u\n", (unsigned)p->dword);
        } else {
            fprintf(f, " = sz ");
            put_string(f, p->sz);
            fputc('\n', f);
        }
    }
    fprintf(f, "[HKLM\\Cluster\\ResourceTypes]\n[HKLM\\Cluster\\ResourceTypes\\IMS Guard]\n");
    fprintf(f, "\"DllName\" = sz \"imsguard.dll\"\n\"Name\" = sz \"IMS Guard\"\n");
    return fclose(f) == 0 ? 0 : -1;
}

/* Exports every powered node's database and compares them with the first. */
static void check_db_identical(struct fo_run *r)
{
    char first[FO_PATH_LEN] = "", *first_text = NULL, actual[1600] = "";
    int ok = 1, compared = 0, which[FO_MAX_NODES], count = 0;

    for (int i = 0; i < r->s->n_nodes; i++) {
        char path[FO_PATH_LEN];
        snprintf(path, sizeof(path), "%s/db-final.txt", r->nodes[i].dir);
        unlink(path);
        if (r->nodes[i].powered)
            which[count++] = i;
    }
    helper_all(r, "db-export", which, count, "db-final.txt");
    for (int k = 0; k < count; k++) {
        struct fo_node_rt *n = &r->nodes[which[k]];
        char path[FO_PATH_LEN], *text, why[256];
        snprintf(path, sizeof(path), "%s/db-final.txt", n->dir);
        text = fo_read_file(path, FO_MAX_LOG_BYTES, NULL, why, sizeof(why));
        if (!text) {
            ok = 0;
            snprintf(actual + strlen(actual), sizeof(actual) - strlen(actual),
                     "%s: clusreg export failed (db-final.txt: %s). ", n->name, why);
            continue;
        }
        compared++;
        if (!first_text) {
            first_text = text;
            snprintf(first, sizeof(first), "%s", n->name);
            continue;
        }
        if (strcmp(first_text, text)) {
            ok = 0;
            snprintf(actual + strlen(actual), sizeof(actual) - strlen(actual),
                     "%s differs from %s (see db-final.txt in both node directories). ",
                     n->name, first);
        }
        free(text);
    }
    free(first_text);
    if (ok)
        snprintf(actual, sizeof(actual), "%d nodes compared, identical", compared);
    add_result(r, -1, ok, "the cluster database is identical on every running node",
               "clusreg export gives the same text on every node", actual);
}

/* ------------------------------------------------------------ set-up */

static int choose_port(const char *name)
{
    uint32_t h = 2166136261u;

    for (const char *p = name; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    for (int k = 0; k < 200; k++) {
        int port = 27000 + (int)((h + (uint32_t)k * 7u) % 1900u);
        if (fo_port_free(port))
            return port;
    }
    return 0;
}

/* The per-node set-up log: node.sh's stderr for `up`, so that parallel
 * nodes' lines do not interleave and a failure can quote its own. */
static void node_setup_log(const struct fo_run *r, int i, char *path, size_t size)
{
    snprintf(path, size, "%s/setup-%s.log", r->out, r->s->nodes[i].name);
}

/* Copies node i's set-up log into setup.log, indented; on failure also
 * quotes in the abort reason the first failed step (lib.sh's "<step>:
 * failed (exit status n)"), else node.sh's own line, else its last line. */
static void report_node_setup(struct fo_run *r, int i, int status)
{
    char path[FO_PATH_LEN], last[400] = "", final[400] = "", why[256];
    size_t size = 0;
    char *text;

    node_setup_log(r, i, path, sizeof(path));
    text = fo_read_file(path, FO_MAX_LOG_BYTES, &size, why, sizeof(why));
    if (status)
        fprintf(r->setup_log, "  node %s: set-up failed (status %d); node.sh said:\n",
                r->s->nodes[i].name, status);
    else
        fprintf(r->setup_log, "  node %s: up\n", r->s->nodes[i].name);
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        else
            next = line + strlen(line);
        if (!*line)
            continue;
        fprintf(r->setup_log, "    %s\n", line);
        snprintf(final, sizeof(final), "%s", line);
        /* The first failed step (lib.sh's ig_step) says most; else node.sh's line. */
        if (strstr(line, ": failed (exit status") && !strstr(last, ": failed (exit status"))
            snprintf(last, sizeof(last), "%s", line);
        else if (strstr(line, "node.sh ") && !last[0])
            snprintf(last, sizeof(last), "%s", line);
    }
    if (status && !size)
        fprintf(r->setup_log, "    (nothing: killed at the scenario's time limit?)\n");
    if (status)
        set_abort(r, "node %s did not come up: %s (see %s/setup.log)", r->s->nodes[i].name,
                  last[0] ? last : final[0] ? final : "node.sh up failed and said nothing", r->out);
    free(text);
}

static int setup_nodes(struct fo_run *r)
{
    const struct fo_scenario *s = r->s;
    struct fo_child kids[FO_MAX_NODES];
    int started = 0, done = 0, failed = 0, running = 0, status[FO_MAX_NODES];
    long long begin = now_ms(), deadline = r->deadline_mono;

    for (int i = 0; i < s->n_nodes; i++)
        kids[i].pid = -1, status[i] = -1;
    /* Up to four nodes at a time: each is a wineboot-free copy, mostly I/O. */
    while (done < s->n_nodes) {
        while (started < s->n_nodes && running < 4) {
            struct fo_node_rt *n = &r->nodes[started];
            char script[FO_PATH_LEN], port[16], arch_env[64], err[256], log[FO_PATH_LEN];
            const char *env[] = { arch_env, NULL };
            const char *argv[] = { "bash", script, "up", n->dir,
                                   s->nodes[started].ims[0] ? s->nodes[started].ims : "none",
                                   s->nodes[started].domain[0] ? s->nodes[started].domain : "none",
                                   port, NULL };
            snprintf(script, sizeof(script), "%s/tests/failover/node.sh", r->root);
            snprintf(port, sizeof(port), "%d", r->port);
            snprintf(arch_env, sizeof(arch_env), "IG_ARCH=%s", r->arch);
            fprintf(r->setup_log, "+ node.sh up %s %s %s %s\n", n->dir, argv[4], argv[5], port);
            fflush(r->setup_log);
            node_setup_log(r, started, log, sizeof(log));
            if (fo_spawn(argv, env, NULL, log, &kids[started], err, sizeof(err))) {
                fprintf(r->setup_log, "  cannot start: %s\n", err);
                status[started] = 1;
                failed++;
                done++;
            } else {
                close(kids[started].in_fd);
                running++;
            }
            started++;
        }
        for (int i = 0; i < started; i++) {
            int st;
            if (kids[i].pid <= 0 || status[i] >= 0)
                continue;
            if (fo_reaped(kids[i].pid, &st)) {
                char drain[4096];
                while (read(kids[i].out_fd, drain, sizeof(drain)) > 0)
                    ;
                close(kids[i].out_fd);
                status[i] = WIFEXITED(st) ? WEXITSTATUS(st) : 1;
                running--;
                done++;
                if (status[i])
                    failed++;
                else
                    r->nodes[i].powered = 1;
                report_node_setup(r, i, status[i]);
            } else {
                char drain[4096];
                while (read(kids[i].out_fd, drain, sizeof(drain)) > 0)
                    ;
            }
        }
        if (now_ms() > deadline) {
            for (int i = 0; i < started; i++)
                if (kids[i].pid > 0 && status[i] < 0) {
                    fo_kill_wait(kids[i].pid, SIGKILL, 2000);
                    status[i] = 1;
                    failed++;
                    done++;
                    fprintf(r->setup_log, "  node %s: still setting up at the scenario's time "
                            "limit: ended\n", s->nodes[i].name);
                    report_node_setup(r, i, 1);
                }
            break;
        }
        fo_sleep_ms(30);
    }
    fflush(r->setup_log);
    add_event(r, now_ms(), -1, EV_SETUP, "%d nodes set up in %.1f s%s", s->n_nodes,
              (double)(now_ms() - begin) / 1000.0, failed ? " (with failures)" : "");
    return failed ? -1 : 0;
}

static int setup_db(struct fo_run *r)
{
    char initial[FO_PATH_LEN], exported[FO_PATH_LEN];

    snprintf(initial, sizeof(initial), "%s/db-initial.txt", r->out);
    snprintf(exported, sizeof(exported), "%s/db.txt", r->out);
    if (write_db(r, initial)) {
        fprintf(r->setup_log, "cannot write %s\n", initial);
        return -1;
    }
    /* Written on the first node, then replicated: export there, import on
     * the others (before their monitors open any key). */
    if (helper(r, "db-import", r->nodes[0].dir, initial, NULL) != 0
        || helper(r, "db-export", r->nodes[0].dir, exported, NULL) != 0)
        return -1;
    {
        int others[FO_MAX_NODES], n = 0;
        for (int i = 1; i < r->s->n_nodes; i++)
            others[n++] = i;
        if (n && helper_all(r, "db-import", others, n, exported))
            return -1;
    }
    return 0;
}

static int wait_monitors_open(struct fo_run *r, long max_ms)
{
    long long end = now_ms() + max_ms;

    for (;;) {
        int all = 1;
        for (int i = 0; i < r->s->n_nodes; i++) {
            const struct fo_node_rt *n = &r->nodes[i];
            if (n->powered && (!n->mon_up || !n->opened))
                all = 0;
        }
        if (all)
            return 0;
        if (now_ms() > end || r->aborted)
            return -1;
        pump(r, 50, 0);
    }
}

/* ------------------------------------------------------------ actions */

static const char *build_name(const char *version)
{
    if (!strcmp(version, "5.5.1960.0")) return " (RTM)";
    if (!strcmp(version, "5.5.2232.0")) return " (SP1)";
    if (!strcmp(version, "5.5.2423.0")) return " (the Q194128 fix)";
    if (!strcmp(version, "5.5.2448.0")) return " (SP2)";
    if (!strcmp(version, "5.5.2650.0")) return " (SP3)";
    return "";
}

/* What the step does, short enough for a timeline label. */
static void describe(const struct fo_run *r, const struct fo_step *st, int node, char *out,
                     size_t size)
{
    const char *nn = node >= 0 ? r->s->nodes[node].name : "?";

    switch (st->action) {
    case FO_A_ONLINE:
        snprintf(out, size, "bring %s online", r->s->group_name);
        break;
    case FO_A_OFFLINE:
        snprintf(out, size, "take %s offline", r->s->group_name);
        break;
    case FO_A_MOVE:
        snprintf(out, size, "move %s to %s", r->s->group_name, node >= 0 ? nn : "the next node");
        break;
    case FO_A_CRASH:
        snprintf(out, size, "IMS crashes on %s%s", nn, st->sticky ? " (at every start)" : "");
        break;
    case FO_A_HANG:
        snprintf(out, size, "IMS hangs on %s%s", nn, st->sticky ? " (at every start)" : "");
        break;
    case FO_A_CLEAR_DOMAIN:
        snprintf(out, size, "%s loses its DNS domain", nn);
        break;
    case FO_A_SET_DOMAIN:
        snprintf(out, size, "set %s's DNS domain to %s", nn, st->arg);
        break;
    case FO_A_SWAP:
        snprintf(out, size, "install IMS %s%s on %s", st->arg, build_name(st->arg), nn);
        break;
    case FO_A_STOP_NODE:
        snprintf(out, size, "power off %s", nn);
        break;
    case FO_A_START_NODE:
        snprintf(out, size, "power on %s", nn);
        break;
    case FO_A_ADD_OWNER:
        snprintf(out, size, "cluster resource \"%s\" /addowner:%s", r->s->res_name, nn);
        break;
    case FO_A_REMOVE_OWNER:
        snprintf(out, size, "cluster resource \"%s\" /removeowner:%s", r->s->res_name, nn);
        break;
    case FO_A_SET_PROPERTY:
        if (st->prop.type == FO_PROP_DWORD)
            snprintf(out, size, "set %s=%u", st->prop.name, (unsigned)st->prop.dword);
        else
            snprintf(out, size, "set %s=%s", st->prop.name, st->prop.sz);
        break;
    case FO_A_WAIT:
        snprintf(out, size, "wait %.1f s", (double)st->wait_ms / 1000.0);
        break;
    default:
        snprintf(out, size, "check");
        break;
    }
}

static void hex_entry(char *out, size_t size, uint32_t syntax, const unsigned char *data,
                      size_t len)
{
    size_t pos = strlen(out);
    unsigned char head[8];

    for (int k = 0; k < 4; k++) {
        head[k] = (unsigned char)(syntax >> (8 * k));
        head[4 + k] = (unsigned char)((uint32_t)len >> (8 * k));
    }
    for (size_t i = 0; i < 8 && pos + 3 < size; i++, pos += 2)
        snprintf(out + pos, size - pos, "%02x", head[i]);
    for (size_t i = 0; i < len && pos + 3 < size; i++, pos += 2)
        snprintf(out + pos, size - pos, "%02x", data[i]);
    for (size_t i = len; i % 4 && pos + 3 < size; i++, pos += 2)
        snprintf(out + pos, size - pos, "00");
}

/* ASCII/UTF-8 text as UTF-16LE with the terminating NUL (non-ASCII is
 * replaced by '?': property names and the values used here are ASCII). */
static size_t utf16(const char *text, unsigned char *out, size_t size)
{
    size_t n = 0;

    for (; *text && n + 4 <= size; text++) {
        unsigned char c = (unsigned char)*text;
        out[n++] = c < 0x80 ? c : '?';
        out[n++] = 0;
    }
    out[n++] = 0;
    out[n++] = 0;
    return n;
}

/* A CLUSPROP property list with one property, as hex for resmon. */
static void proplist_hex(const struct fo_prop *p, char *out, size_t size)
{
    unsigned char buf[1100];
    size_t n;
    unsigned char one[4] = { 1, 0, 0, 0 }, end[4] = { 0, 0, 0, 0 };

    out[0] = 0;
    for (int i = 0; i < 4; i++)
        snprintf(out + strlen(out), size - strlen(out), "%02x", one[i]);
    n = utf16(p->name, buf, sizeof(buf));
    hex_entry(out, size, 0x00040003u, buf, n);
    if (p->type == FO_PROP_DWORD) {
        unsigned char d[4];
        for (int k = 0; k < 4; k++)
            d[k] = (unsigned char)(p->dword >> (8 * k));
        hex_entry(out, size, 0x00010002u, d, 4);
    } else {
        n = utf16(p->sz, buf, sizeof(buf));
        hex_entry(out, size, 0x00010003u, buf, n);
    }
    for (int i = 0; i < 4; i++)
        snprintf(out + strlen(out), size - strlen(out), "%02x", end[i]);
}

static int first_powered(const struct fo_run *r)
{
    for (int i = 0; i < r->s->n_nodes; i++)
        if (r->nodes[i].powered && r->nodes[i].mon_up)
            return i;
    return -1;
}

static int do_set_property(struct fo_run *r, const struct fo_step *st, char *msg, size_t size)
{
    int node = r->pol.owner >= 0 && r->nodes[r->pol.owner].mon_up ? r->pol.owner
                                                                   : first_powered(r);
    struct fo_node_rt *n;
    char hex[2400], value[FO_TEXT_LEN + 16];
    long long end;

    if (node < 0) {
        snprintf(msg, size, "no node is running to take the property");
        return -1;
    }
    n = &r->nodes[node];
    proplist_hex(&st->prop, hex, sizeof(hex));
    n->control_seen = 0;
    queue_cmd(n, "control \"%s\" CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES %s", r->s->res_name,
              hex);
    dispatch(r);
    end = now_ms() + 15000;
    while (!r->aborted && !n->control_seen && now_ms() < end)
        pump(r, 50, 0);
    if (!n->control_seen) {
        snprintf(msg, size, "no answer from ResourceControl on %s", n->name);
        return -1;
    }
    add_event(r, now_ms(), node, EV_POLICY, "SET_PRIVATE_PROPERTIES %s on %s: status %lld%s",
              st->prop.name, n->name, n->control_status,
              n->control_status == 0 ? " (stored)"
              : n->control_status == ERROR_RESOURCE_PROPERTIES_STORED
                  ? " (ERROR_RESOURCE_PROPERTIES_STORED: applies at the next Online)"
                  : " (refused: not stored, not replicated)");
    if (n->control_status != 0 && n->control_status != ERROR_RESOURCE_PROPERTIES_STORED)
        return 0;   /* a refusal is a result, not a harness failure */
    if (st->prop.type == FO_PROP_DWORD)
        snprintf(value, sizeof(value), "%u", (unsigned)st->prop.dword);
    else
        snprintf(value, sizeof(value), "%s", st->prop.sz);
    /* The owner's DLL stored it; the cluster replicates it to the others. */
    for (int i = 0; i < r->s->n_nodes; i++) {
        if (i == node)
            continue;
        if (!r->nodes[i].powered) {
            r->nodes[i].db_stale = 1;
            continue;
        }
        if (helper(r, "res-set", r->nodes[i].dir, r->s->res_name, st->prop.name,
                   st->prop.type == FO_PROP_DWORD ? "dword" : "sz", value, NULL) != 0) {
            snprintf(msg, size, "replicating %s to %s failed", st->prop.name, r->nodes[i].name);
            return -1;
        }
    }
    fo_policy_all_changed(&r->pol, now_ms());
    return 0;
}

/* cluster resource <res> /addowner:<node> or /removeowner:<node>: the
 * policy checks it, then every running node's database gets the new list. */
static int do_owner(struct fo_run *r, const struct fo_step *st, char *msg, size_t size)
{
    int on = st->action == FO_A_ADD_OWNER;
    char list[FO_MAX_NODES * (FO_NAME_LEN + 1)] = "";

    if (fo_policy_set_possible(&r->pol, now_ms(), st->node, on, msg, size))
        return -1;
    for (int i = 0; i < r->s->n_nodes; i++) {
        if (!r->pol.nodes[i].possible)
            continue;
        snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", list[0] ? "," : "",
                 r->s->nodes[i].name);
    }
    add_event(r, now_ms(), st->node, EV_POLICY, "Possible Owners of %s: %s", r->s->res_name,
              list);
    for (int i = 0; i < r->s->n_nodes; i++) {
        if (!r->nodes[i].powered) {
            r->nodes[i].db_stale = 1;
            continue;
        }
        if (helper(r, "res-owners", r->nodes[i].dir, r->s->res_name, list, NULL) != 0) {
            snprintf(msg, size, "writing PossibleOwners on %s failed (see setup.log)",
                     r->nodes[i].name);
            return -1;
        }
    }
    return 0;
}

static int stop_node(struct fo_run *r, int node, char *msg, size_t size)
{
    struct fo_node_rt *n = &r->nodes[node];

    if (!n->powered) {
        snprintf(msg, size, "%s is already off", n->name);
        return -1;
    }
    /* Power off: the monitor and every process of the node die at once. */
    if (n->mon_up) {
        fo_kill_wait(n->mon.pid, SIGKILL, 3000);
        monitor_ended(r, n, 1);
    }
    helper(r, "down", n->dir, NULL);
    n->powered = 0;
    add_event(r, now_ms(), node, EV_NODE, "%s is down", n->name);
    fo_policy_node_down(&r->pol, now_ms(), node);
    dispatch(r);
    return 0;
}

static int start_node(struct fo_run *r, int node, char *msg, size_t size)
{
    struct fo_node_rt *n = &r->nodes[node];
    long long end;

    if (n->powered) {
        snprintf(msg, size, "%s is already on", n->name);
        return -1;
    }
    if (helper(r, "restart", n->dir, n->domain[0] ? n->domain : "none", NULL) != 0) {
        snprintf(msg, size, "%s did not power on (see setup.log)", n->name);
        return -1;
    }
    n->powered = 1;
    if (n->db_stale) {
        /* Joining: the node takes the cluster database from a running node. */
        int from = first_powered(r);
        char path[FO_PATH_LEN];
        snprintf(path, sizeof(path), "%s/db-join.txt", n->dir);
        if (from < 0 || helper(r, "db-export", r->nodes[from].dir, path, NULL) != 0
            || helper(r, "db-import", n->dir, path, NULL) != 0) {
            snprintf(msg, size, "%s could not take the cluster database", n->name);
            return -1;
        }
        n->db_stale = 0;
    }
    if (start_monitor(r, n)) {
        snprintf(msg, size, "resmon.exe did not start on %s", n->name);
        return -1;
    }
    end = now_ms() + 20000;
    while (!r->aborted && !n->opened && n->mon_up && now_ms() < end)
        pump(r, 50, 0);
    if (!n->opened) {
        snprintf(msg, size, "the resource did not open on %s", n->name);
        return -1;
    }
    add_event(r, now_ms(), node, EV_NODE, "%s is up", n->name);
    fo_policy_node_up(&r->pol, now_ms(), node);
    dispatch(r);
    return 0;
}

static int do_action(struct fo_run *r, int idx, char *msg, size_t size)
{
    const struct fo_step *st = &r->s->steps[idx];
    int node = st->node;
    char what[400];
    struct fo_event *e;
    int rc = 0, fault = 0;

    msg[0] = 0;
    if ((st->action == FO_A_CRASH || st->action == FO_A_HANG) && node < 0) {
        node = r->pol.owner;
        if (node < 0 || r->pol.gstate != FO_G_ONLINE) {
            snprintf(msg, size, "the group is not online anywhere, so there is no IMS to %s",
                     fo_action_name(st->action));
            return -1;
        }
    }
    describe(r, st, node, what, sizeof(what));

    switch (st->action) {
    case FO_A_WAIT:
        if (r->narrate)
            printf("[%6.1fs] (%s)\n", secs_since0(r, now_ms()), what);
        return 0;
    case FO_A_CHECK:
        return 0;
    case FO_A_ONLINE:
    case FO_A_OFFLINE:
    case FO_A_MOVE:
        if (!wait_quiet(r, 30000)) {
            snprintf(msg, size, "the cluster did not settle within 30 s before '%s'", what);
            return -1;
        }
        e = add_event(r, now_ms(), node, EV_ACTION, "%s", what);
        narrate(r, e);
        if (st->action == FO_A_MOVE)
            disruption_start(r, idx, what,
                             node >= 0 ? node : fo_policy_move_target(&r->pol));
        if (st->action == FO_A_ONLINE)
            rc = fo_policy_online(&r->pol, now_ms(), msg, size);
        else if (st->action == FO_A_OFFLINE)
            rc = fo_policy_offline(&r->pol, now_ms(), msg, size);
        else
            rc = fo_policy_move(&r->pol, now_ms(), node, msg, size);
        if (rc)
            r->dis_active = 0;
        dispatch(r);
        return rc;
    case FO_A_CRASH:
    case FO_A_HANG:
        if (!r->nodes[node].powered) {
            snprintf(msg, size, "%s is off", r->nodes[node].name);
            return -1;
        }
        if (helper(r, "fault", r->nodes[node].dir,
                   st->action == FO_A_CRASH ? "crash" : "hang", NULL) != 0) {
            snprintf(msg, size, "imsctl fault %s on %s failed (see setup.log)",
                     fo_action_name(st->action), r->nodes[node].name);
            return -1;
        }
        r->nodes[node].fault_oneshot = !st->sticky;
        fault = 1;
        break;
    case FO_A_CLEAR_DOMAIN:
    case FO_A_SET_DOMAIN:
        if (!r->nodes[node].powered) {
            snprintf(msg, size, "%s is off", r->nodes[node].name);
            return -1;
        }
        if (helper(r, "domain", r->nodes[node].dir,
                   st->action == FO_A_CLEAR_DOMAIN ? "none" : st->arg, NULL) != 0) {
            snprintf(msg, size, "could not change the domain of %s", r->nodes[node].name);
            return -1;
        }
        snprintf(r->nodes[node].domain, sizeof(r->nodes[node].domain), "%s",
                 st->action == FO_A_CLEAR_DOMAIN ? "" : st->arg);
        fo_policy_node_changed(&r->pol, now_ms(), node);
        fault = st->action == FO_A_CLEAR_DOMAIN;
        break;
    case FO_A_SWAP:
        if (helper(r, "swap", r->nodes[node].dir, st->arg, NULL) != 0) {
            snprintf(msg, size, "could not install IMS %s on %s", st->arg, r->nodes[node].name);
            return -1;
        }
        snprintf(r->nodes[node].ims, sizeof(r->nodes[node].ims), "%s", st->arg);
        fo_policy_node_changed(&r->pol, now_ms(), node);
        break;
    case FO_A_STOP_NODE:
        disruption_start(r, idx, what, -1);
        if (r->dis_active && r->dis_step == idx)
            r->dis_t = now_ms();
        e = add_event(r, now_ms(), node, EV_ACTION, "%s", what);
        e->fault = 1;
        narrate(r, e);
        rc = stop_node(r, node, msg, size);
        return rc;
    case FO_A_START_NODE:
        e = add_event(r, now_ms(), node, EV_ACTION, "%s", what);
        narrate(r, e);
        return start_node(r, node, msg, size);
    case FO_A_SET_PROPERTY:
    case FO_A_ADD_OWNER:
    case FO_A_REMOVE_OWNER:
        e = add_event(r, now_ms(), node, EV_ACTION, "%s", what);
        narrate(r, e);
        rc = st->action == FO_A_SET_PROPERTY ? do_set_property(r, st, msg, size)
                                             : do_owner(r, st, msg, size);
        dispatch(r);
        return rc;
    default:
        return 0;
    }
    /* A fault is in place now. */
    e = add_event(r, now_ms(), node, EV_ACTION, "%s", what);
    e->fault = fault;
    narrate(r, e);
    if (node != r->pol.owner || r->pol.gstate != FO_G_ONLINE) {
        /* Not where the group runs: nothing to recover from (yet). */
    } else {
        disruption_start(r, idx, what, -1);
    }
    dispatch(r);
    return 0;
}

/* ------------------------------------------------------------ expectations */

static int eval_cond(const struct fo_run *r, int idx, long long step_start,
                     const struct fo_cond *c, char *actual, size_t size)
{
    const struct fo_policy *p = &r->pol;

    switch (c->kind) {
    case FO_C_OWNER:
        snprintf(actual, size, "owner=%s", p->owner >= 0 ? p->nodes[p->owner].name : "none");
        return p->owner == c->node;
    case FO_C_STATE:
        snprintf(actual, size, "state=%s", fo_gstate_name(p->gstate));
        return p->gstate == c->gstate;
    case FO_C_RES: {
        enum fo_rstate st = r->nodes[c->node].powered ? p->nodes[c->node].rstate : FO_R_DOWN;
        snprintf(actual, size, "res=%s:%s", p->nodes[c->node].name, fo_rstate_name(st));
        return st == c->rstate;
    }
    case FO_C_REFUSED:
        if (!p->nodes[c->node].refused) {
            snprintf(actual, size, "%s's last Online was not refused", p->nodes[c->node].name);
            return 0;
        }
        snprintf(actual, size, "refused=%s:0x%08X", p->nodes[c->node].name,
                 (unsigned)p->nodes[c->node].refused_code);
        return !c->has_code || c->code == p->nodes[c->node].refused_code;
    case FO_C_NOT_REFUSED:
        if (p->nodes[c->node].refused)
            snprintf(actual, size, "refused=%s:0x%08X", p->nodes[c->node].name,
                     (unsigned)p->nodes[c->node].refused_code);
        else
            snprintf(actual, size, "%s's last Online was not refused (or it changed since)",
                     p->nodes[c->node].name);
        return !p->nodes[c->node].refused;
    case FO_C_LOG: {
        const char *last = NULL;
        for (int i = 0; i < r->n_ev; i++) {
            const struct fo_event *e = &r->ev[i];
            if (e->kind != EV_LOG || e->t < step_start || (c->node >= 0 && e->node != c->node))
                continue;
            last = e->text;
            if (find_ci(e->text, c->text)) {
                snprintf(actual, size, "%s logged: %.1200s", node_name(r, e->node), e->text);
                return 1;
            }
        }
        snprintf(actual, size, "no log line containing '%s' from %s since the step began%s%.1000s",
                 c->text, c->node >= 0 ? p->nodes[c->node].name : "any node",
                 last ? "; the last one: " : "", last ? last : "");
        return 0;
    }
    case FO_C_REASON:
        if (p->gstate != FO_G_FAILED) {
            snprintf(actual, size, "the group is %s, not Failed", fo_gstate_name(p->gstate));
            return 0;
        }
        snprintf(actual, size, "reason for %s: %.1400s", p->nodes[c->node].name,
                 p->failed_reason[c->node]);
        return find_ci(p->failed_reason[c->node], c->text) != NULL;
    case FO_C_FAILOVER_TIME:
        for (int i = r->n_metrics - 1; i >= 0; i--) {
            const struct fo_metric *m = &r->metrics[i];
            if (m->step != idx)
                continue;
            if (m->to < 0) {
                snprintf(actual, size, "the group ended Failed %lld ms after the fault",
                         m->t_online - m->t_fault);
                return 0;
            }
            snprintf(actual, size, "online on %s %lld ms after the fault (was on %s)",
                     p->nodes[m->to].name, m->t_online - m->t_fault,
                     m->from >= 0 ? p->nodes[m->from].name : "none");
            return m->to != m->from && m->t_online - m->t_fault <= c->ms;
        }
        snprintf(actual, size, "no failover after this step's action yet");
        return 0;
    case FO_C_RESTARTS:
        snprintf(actual, size, "restarts=%d", p->total_restarts);
        return p->total_restarts == c->n;
    case FO_C_FAILOVERS:
        snprintf(actual, size, "failovers=%d", p->total_failovers);
        return p->total_failovers == c->n;
    default:
        snprintf(actual, size, "?");
        return 0;
    }
}

static void step_label(const struct fo_run *r, int idx, char *out, size_t size)
{
    const struct fo_step *st = &r->s->steps[idx];
    snprintf(out, size, "step %d (line %d: %s)", idx + 1, st->line, st->text);
}

static void check_expectations(struct fo_run *r, int idx, long long step_start)
{
    const struct fo_step *st = &r->s->steps[idx];
    long long deadline = now_ms() + st->within_ms;
    int pass[FO_MAX_CONDS], all = 0, timed_out = 0;
    char actual[FO_MAX_CONDS][1600];

    for (;;) {
        int q;
        pump(r, 100, 0);
        q = quiet(r);
        if (q || now_ms() >= deadline || r->aborted) {
            all = 1;
            for (int k = 0; k < st->n_conds; k++) {
                pass[k] = eval_cond(r, idx, step_start, &st->conds[k], actual[k],
                                    sizeof(actual[k]));
                all &= pass[k];
            }
            if (all && q)
                break;
            if (now_ms() >= deadline || r->aborted) {
                timed_out = 1;
                break;
            }
        }
    }
    {
        char label[1200], summary[1200] = "";
        struct fo_event *e;
        step_label(r, idx, label, sizeof(label));
        for (int k = 0; k < st->n_conds; k++) {
            char name[1400], expected[300];
            snprintf(name, sizeof(name), "%s: %s", label, st->conds[k].src);
            snprintf(expected, sizeof(expected), "%s", st->conds[k].src);
            if (!pass[k] && timed_out && !r->aborted) {
                size_t len = strlen(actual[k]);
                snprintf(actual[k] + len, sizeof(actual[k]) - len,
                         " (still so %.1f s after the action%s)",
                         (double)st->within_ms / 1000.0, quiet(r) ? "" : "; the cluster was "
                         "still busy");
            } else if (!pass[k] && r->aborted) {
                size_t len = strlen(actual[k]);
                snprintf(actual[k] + len, sizeof(actual[k]) - len, " (%s)", r->abort_reason);
            }
            add_result(r, idx, pass[k], name, expected, actual[k]);
            snprintf(summary + strlen(summary), sizeof(summary) - strlen(summary), "%s%s%s",
                     k ? " " : "", pass[k] ? "" : "NOT ", st->conds[k].src);
            if (!pass[k]) {
                printf("    FAIL %s\n         expected: %s\n         actual:   %s\n", label,
                       expected, actual[k]);
                fflush(stdout);
            }
        }
        e = add_event(r, now_ms(), -1, EV_EXPECT, "%s: %s", all ? "ok" : "FAILED", summary);
        e->ok = all;
        narrate(r, e);
    }
}

/* ------------------------------------------------------------ tear-down */

static void teardown(struct fo_run *r)
{
    long long end;
    char list[4096];
    pid_t pids[64];
    int n;

    r->step = r->s->n_steps;
    r->quitting = 1;
    for (int i = 0; i < r->s->n_nodes; i++) {
        struct fo_node_rt *n = &r->nodes[i];
        if (n->mon_up && n->mon.in_fd >= 0) {
            fo_write_all(n->mon.in_fd, "quit\n", 5);
            close(n->mon.in_fd);
            n->mon.in_fd = -1;
        }
    }
    end = now_ms() + QUIT_WAIT_MS;
    for (;;) {
        int any = 0;
        for (int i = 0; i < r->s->n_nodes; i++)
            any |= r->nodes[i].mon_up;
        if (!any || now_ms() > end)
            break;
        pump(r, 100, 1);
    }
    for (int i = 0; i < r->s->n_nodes; i++) {
        struct fo_node_rt *n = &r->nodes[i];
        if (n->mon_up) {
            add_event(r, now_ms(), i, EV_MONITOR, "resmon.exe did not quit; killed");
            fo_kill_wait(n->mon.pid, SIGKILL, 3000);
            monitor_ended(r, n, 1);
        }
    }
    /* Every node, always: wineserver -k. */
    {
        int all[FO_MAX_NODES];
        for (int i = 0; i < r->s->n_nodes; i++) {
            all[i] = i;
            r->nodes[i].powered = 0;
        }
        helper_all(r, "down", all, r->s->n_nodes, NULL);
    }
    for (int i = 0; i < r->s->n_nodes; i++) {
        struct fo_node_rt *n = &r->nodes[i];
        char name[200], actual[300];
        if (!n->mon_count || !n->bye_seen)
            continue;
        snprintf(name, sizeof(name), "the Resource Monitor on %s saw no protocol violation, "
                 "hang or crash", n->name);
        snprintf(actual, sizeof(actual), "violations=%ld hung=%ld crashes=%ld", n->violations,
                 n->hung, n->crashes);
        add_result(r, -1, !n->violations && !n->hung && !n->crashes, name,
                   "violations=0 hung=0 crashes=0", actual);
    }
    n = fo_procs_under(r->out, NULL, pids, 64, list, sizeof(list));
    if (n > 0) {
        for (int i = 0; i < n && i < 64; i++)
            kill(pids[i], SIGKILL);
        fo_sleep_ms(500);
        add_result(r, -1, 0, "every Wine process and wineserver of the scenario is gone",
                   "no process with WINEPREFIX under the scenario's directory", list);
    } else {
        add_result(r, -1, 1, "every Wine process and wineserver of the scenario is gone",
                   "no process with WINEPREFIX under the scenario's directory",
                   "none left");
    }
    for (int i = 0; i < r->s->n_nodes; i++)
        if (r->nodes[i].raw) {
            fclose(r->nodes[i].raw);
            r->nodes[i].raw = NULL;
        }
}

/* ------------------------------------------------------------ one scenario */

static int remove_tree(struct fo_run *r, const char *path)
{
    const char *argv[] = { "rm", "-rf", "--", path, NULL };
    char out[256];

    return fo_run(argv, NULL, 60000, out, sizeof(out), r->setup_log_path[0]
                                                           ? r->setup_log_path : NULL);
}

static void run_scenario(struct fo_run *r)
{
    const struct fo_scenario *s = r->s;
    char msg[1200], path[FO_PATH_LEN];
    long long prev_end;
    int setup_failed;

    r->start_mono = now_ms();
    g_wall_minus_mono = fo_wall_ms() - r->start_mono;
    r->t0_mono = r->start_mono;
    r->deadline_mono = r->start_mono + s->limit_ms;
    r->step = -1;

    {
        /* Processes of an earlier run of this scenario would share its
         * prefixes and ports: refuse, naming them, rather than guess which
         * are safe to kill. */
        pid_t pids[64];
        char list[2048];
        int n = fo_procs_under(r->out, NULL, pids, 64, list, sizeof(list));
        if (n) {
            set_abort(r, "refusing to start: %d process(es) of an earlier run still use %s (%s); "
                      "end them and run again", n, r->out, list);
            return;
        }
    }
    /* main checked it too; a directory that changed hands since is kept. */
    if (fo_dir_ours(r->out, 1, NULL, msg, sizeof(msg))) {
        set_abort(r, "%s", msg);
        return;
    }
    remove_tree(r, r->out);
    if (fo_mkdirs(r->out) || fo_mark_dir(r->out)) {
        set_abort(r, "cannot create %s: %s", r->out, strerror(errno));
        return;
    }
    snprintf(r->setup_log_path, sizeof(r->setup_log_path), "%s/setup.log", r->out);
    /* Append: node.sh helpers write their stderr to the same file with
     * O_APPEND, and a "w" stream would write over their lines at its own
     * offset (how "set-up failed (status 1)" lost its reason). */
    r->setup_log = fopen(r->setup_log_path, "a");
    if (!r->setup_log) {
        set_abort(r, "cannot write %s", r->setup_log_path);
        return;
    }
    r->port = choose_port(s->name);
    for (int i = 0; i < s->n_nodes; i++) {
        struct fo_node_rt *n = &r->nodes[i];
        n->idx = i;
        snprintf(n->name, sizeof(n->name), "%s", s->nodes[i].name);
        snprintf(n->dir, sizeof(n->dir), "%s/%s", r->out, s->nodes[i].name);
        snprintf(n->domain, sizeof(n->domain), "%s", s->nodes[i].domain);
        snprintf(n->ims, sizeof(n->ims), "%s", s->nodes[i].ims);
        n->mon.pid = -1;
        n->mon.in_fd = n->mon.out_fd = -1;
    }
    fo_policy_init(&r->pol, s);
    fprintf(r->setup_log, "scenario %s: %d nodes, SMTP port %d\n", s->name, s->n_nodes, r->port);

    if (!r->port)
        set_abort(r, "no free TCP port on 127.0.0.1 for the IMS");
    if (!r->aborted && setup_nodes(r))
        set_abort(r, "a node did not come up (see %s/setup.log)", r->out);
    if (!r->aborted && setup_db(r))
        set_abort(r, "the cluster database could not be written or replicated (see setup.log)");
    for (int i = 0; !r->aborted && i < s->n_nodes; i++)
        if (start_monitor(r, &r->nodes[i]))
            set_abort(r, "resmon.exe did not start on %s", r->nodes[i].name);
    if (!r->aborted) {
        dispatch(r);
        if (wait_monitors_open(r, 30000))
            set_abort(r, "the resource did not open on every node within 30 s");
    }
    r->setup_ms = now_ms() - r->start_mono;
    setup_failed = r->aborted;

    /* Time 0. */
    r->t0_mono = now_ms();
    fo_policy_set_clock(&r->pol, r->t0_mono, s->clock_ms);
    r->started = 1;
    prev_end = r->t0_mono;
    add_event(r, r->t0_mono, -1, EV_SETUP, "time 0: %d nodes up, the resource open on each "
              "(set-up took %.1f s)", s->n_nodes, (double)r->setup_ms / 1000.0);

    for (int i = 0; i < s->n_steps && !r->aborted; i++) {
        const struct fo_step *st = &s->steps[i];
        long long due = st->relative ? prev_end + st->at_ms : r->t0_mono + st->at_ms;
        long long step_start;
        if (due < prev_end)
            due = prev_end;
        pump_until(r, due);
        if (r->aborted)
            break;
        r->step = i;
        step_start = now_ms();
        if (do_action(r, i, msg, sizeof(msg))) {
            char label[1200], name[1300];
            step_label(r, i, label, sizeof(label));
            snprintf(name, sizeof(name), "%s: the action", label);
            add_result(r, i, 0, name, "the action is carried out", msg);
            printf("    FAIL %s\n         expected: the action is carried out\n"
                   "         actual:   %s\n", label, msg);
            add_event(r, now_ms(), st->node, EV_MONITOR, "action failed: %s", msg);
        }
        if (st->action == FO_A_WAIT)
            pump_until(r, now_ms() + st->wait_ms);
        if (st->n_conds && !r->aborted)
            check_expectations(r, i, step_start);
        prev_end = now_ms();
    }
    if (r->aborted) {
        char label[1200] = "set-up";
        int in_setup = setup_failed;
        if (!in_setup)
            step_label(r, r->step, label, sizeof(label));
        add_result(r, r->step, 0,
                   in_setup ? "set-up: every node comes up and opens the resource"
                            : "the scenario ends within its time limit",
                   in_setup ? "nodes up, database replicated, monitors ready"
                            : "every step done in time", r->abort_reason);
        printf("    FAIL %s\n         expected: %s\n         actual:   %s\n", label,
               in_setup ? "every node comes up" : "the scenario ends within its limit",
               r->abort_reason);
        add_event(r, now_ms(), -1, EV_MONITOR, "ABORTED: %s", r->abort_reason);
    }
    /* Let a last decision settle before the database check. */
    if (!r->aborted)
        wait_quiet(r, 3000);
    {
        int was = r->aborted;
        r->aborted = 0;     /* the checks below must run */
        if (!was)
            check_db_identical(r);
        r->aborted = was;
    }
    teardown(r);
    r->wall_ms = now_ms() - r->start_mono;

    snprintf(path, sizeof(path), "%s/events.txt", r->out);
    fo_write_events(r, path);
    snprintf(path, sizeof(path), "%s/cluster.log", r->out);
    fo_write_merged_log(r, path);
    snprintf(path, sizeof(path), "%s/junit.xml", r->out);
    fo_write_junit(r, path);
    snprintf(path, sizeof(path), "%s/timeline.svg", r->out);
    fo_write_svg(r, path);
    if (r->setup_log) {
        fclose(r->setup_log);
        r->setup_log = NULL;
    }
}

/* ------------------------------------------------------------ main */

static void usage(FILE *f)
{
    fprintf(f, "usage: failover [--out DIR] [--narrate] [--check] [--arch x86_64|i686] "
               "FILE.scn...\n"
               "Runs failover scenarios on simulated cluster nodes under Wine; see "
               "tests/failover/README.md.\n");
}

static void base_name(const char *path, char *out, size_t size)
{
    const char *b = strrchr(path, '/');
    size_t n;

    b = b ? b + 1 : path;
    n = strlen(b);
    if (n > 4 && !strcmp(b + n - 4, ".scn"))
        n -= 4;
    if (n >= size)
        n = size - 1;
    memcpy(out, b, n);
    out[n] = 0;
}

static int versions_exist(const char *root, const char *arch, const struct fo_scenario *s,
                          char *err, size_t size)
{
    for (int i = 0; i < s->n_nodes; i++) {
        char path[FO_PATH_LEN];
        struct stat st;
        if (!s->nodes[i].ims[0])
            continue;
        snprintf(path, sizeof(path), "%s/build/%s/ims/%s/msexcimc.exe", root, arch,
                 s->nodes[i].ims);
        if (stat(path, &st)) {
            snprintf(err, size, "%s: node %s: no IMS stand-in build %s (%s is missing; "
                     "builds: 5.5.1960.0 5.5.2232.0 5.5.2423.0 5.5.2448.0)", s->file,
                     s->nodes[i].name, s->nodes[i].ims, path);
            return 0;
        }
    }
    for (int k = 0; k < s->n_steps; k++) {
        char path[FO_PATH_LEN];
        struct stat st;
        if (s->steps[k].action != FO_A_SWAP)
            continue;
        snprintf(path, sizeof(path), "%s/build/%s/ims/%s/msexcimc.exe", root, arch,
                 s->steps[k].arg);
        if (stat(path, &st)) {
            snprintf(err, size, "%s:%d: swap: no IMS stand-in build %s (%s is missing)",
                     s->file, s->steps[k].line, s->steps[k].arg, path);
            return 0;
        }
    }
    return 1;
}

int main(int argc, char **argv)
{
    char out_dir[FO_PATH_LEN] = "build/failover", root[FO_PATH_LEN], arch[16] = "x86_64";
    int narrate = 0, check_only = 0, nfiles = 0, passed = 0, failed = 0;
    const char *files[FO_MAX_FILES];
    struct fo_scenario **scn;
    struct fo_summary *sums;
    char **errors;
    FILE *all_junit;
    char path[FO_PATH_LEN + 32];

    signal(SIGPIPE, SIG_IGN);
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 1; i < argc; i++) {
        if ((!strcmp(argv[i], "--out") || !strcmp(argv[i], "--arch")) && i + 1 == argc) {
            fprintf(stderr, "failover: %s needs a value\n", argv[i]);
            usage(stderr);
            return 2;
        } else if (!strcmp(argv[i], "--out") && i + 1 < argc) {
            snprintf(out_dir, sizeof(out_dir), "%s", argv[++i]);
        } else if (!strcmp(argv[i], "--arch") && i + 1 < argc) {
            snprintf(arch, sizeof(arch), "%s", argv[++i]);
        } else if (!strcmp(argv[i], "--narrate")) {
            narrate = 1;
        } else if (!strcmp(argv[i], "--check")) {
            check_only = 1;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "failover: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        } else if (nfiles == FO_MAX_FILES) {
            fprintf(stderr, "failover: at most %d scenario files at once (more were given); "
                    "nothing was checked or run: give them in batches\n", FO_MAX_FILES);
            return 2;
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (!nfiles) {
        usage(stderr);
        return 2;
    }
    if (!getcwd(root, sizeof(root))) {
        fprintf(stderr, "failover: getcwd: %s\n", strerror(errno));
        return 2;
    }
    {
        struct stat st;
        snprintf(path, sizeof(path), "%s/tests/failover/node.sh", root);
        if (stat(path, &st)) {
            fprintf(stderr, "failover: run me from the repository's top directory (%s is "
                    "missing)\n", path);
            return 2;
        }
    }
    scn = calloc((size_t)nfiles, sizeof(*scn));
    sums = calloc((size_t)nfiles, sizeof(*sums));
    errors = calloc((size_t)nfiles, sizeof(*errors));
    if (!scn || !sums || !errors) {
        fprintf(stderr, "failover: out of memory\n");
        return 2;
    }
    /* Parse everything before any node starts. */
    for (int i = 0; i < nfiles; i++) {
        char name[64], err[1024], why[256];
        size_t len = 0;
        char *text = fo_read_file(files[i], FO_MAX_FILE_BYTES, &len, why, sizeof(why));
        base_name(files[i], name, sizeof(name));
        snprintf(sums[i].name, sizeof(sums[i].name), "%s", name);
        snprintf(sums[i].dir, sizeof(sums[i].dir), "%s", name);
        scn[i] = calloc(1, sizeof(**scn));
        if (!scn[i]) {
            fprintf(stderr, "failover: out of memory\n");
            return 2;
        }
        if (!name[0] || !strcmp(name, ".") || !strcmp(name, "..")) {
            snprintf(err, sizeof(err), "%s: the file name gives no scenario name (the "
                     "output directory's): name it <scenario>.scn", files[i]);
        } else if (!text) {
            snprintf(err, sizeof(err), "%s: not read as a scenario: %s", files[i], why);
        } else if (fo_scn_parse_text(files[i], name, text, len, scn[i], err, sizeof(err)) == 0
                   && versions_exist(root, arch, scn[i], err, sizeof(err))) {
            err[0] = 0;
            sums[i].parsed = 1;
            snprintf(sums[i].title, sizeof(sums[i].title), "%s", scn[i]->title);
        }
        free(text);
        if (err[0]) {
            fprintf(stderr, "%s\n", err);
            errors[i] = strdup(err);
            snprintf(sums[i].error, sizeof(sums[i].error), "%s", err);
        }
    }
    if (check_only) {
        int bad = 0;
        for (int i = 0; i < nfiles; i++)
            bad += !sums[i].parsed;
        printf("%d scenario file(s) checked, %d rejected\n", nfiles, bad);
        return bad ? 1 : 0;
    }
    /* Each run removes its scenario's directory: only one failover made. */
    {
        static const char *const top_files[] = { "index.html", "junit.xml", NULL };
        char why[FO_PATH_LEN * 2 + 256];
        int refused = fo_dir_ours(out_dir, 0, top_files, why, sizeof(why)) != 0;
        if (refused)
            fprintf(stderr, "failover: %s\n", why);
        for (int i = 0; i < nfiles && !refused; i++) {
            snprintf(path, sizeof(path), "%s/%s", out_dir, scn[i]->name);
            if (sums[i].parsed && fo_dir_ours(path, 1, NULL, why, sizeof(why))) {
                fprintf(stderr, "failover: %s\n", why);
                refused = 1;
            }
        }
        if (refused)
            return 2;
    }
    {
        char resolved[PATH_MAX];
        if (fo_mkdirs(out_dir) || !realpath(out_dir, resolved) || fo_mark_dir(resolved)) {
            fprintf(stderr, "failover: cannot create %s: %s\n", out_dir, strerror(errno));
            return 2;
        }
        snprintf(out_dir, sizeof(out_dir), "%s", resolved);
    }
    {
        /* The template prefix once, before nodes copy it in parallel. */
        const char *targv[] = { "bash", "tests/failover/node.sh", "template", NULL };
        char arch_env[64], out[256];
        const char *env[] = { arch_env, NULL };
        snprintf(arch_env, sizeof(arch_env), "IG_ARCH=%s", arch);
        if (fo_run(targv, env, 300000, out, sizeof(out), NULL) != 0) {
            fprintf(stderr, "failover: could not boot the Wine template prefix\n");
            return 2;
        }
    }

    snprintf(path, sizeof(path), "%s/junit.xml", out_dir);
    all_junit = fopen(path, "w");
    if (all_junit)
        fprintf(all_junit, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<testsuites name=\"imsguard failover\">\n");
    for (int i = 0; i < nfiles; i++) {
        struct fo_run *r;
        int checks, nfail;
        if (!sums[i].parsed) {
            printf("failover: FAIL %-28s rejected before any node started: %s\n", sums[i].name,
                   sums[i].error);
            failed++;
            continue;
        }
        r = calloc(1, sizeof(*r));
        if (!r) {
            fprintf(stderr, "failover: out of memory\n");
            return 2;
        }
        r->s = scn[i];
        r->narrate = narrate;
        snprintf(r->root, sizeof(r->root), "%s", root);
        snprintf(r->arch, sizeof(r->arch), "%s", arch);
        snprintf(r->out, sizeof(r->out), "%s/%s", out_dir, scn[i]->name);
        if (!narrate)
            printf("failover: ...  %-28s %d nodes: %s\n", scn[i]->name, scn[i]->n_nodes,
                   scn[i]->title);
        run_scenario(r);
        checks = fo_run_checks(r, &nfail);
        sums[i].checks = checks;
        sums[i].failed = nfail;
        sums[i].pass = !fo_run_failed(r);
        sums[i].wall_ms = r->wall_ms;
        fo_failover_text(r, sums[i].failover, sizeof(sums[i].failover));
        {
            char counts[64];
            if (nfail)
                snprintf(counts, sizeof(counts), "%d of %d checks failed", nfail, checks);
            else
                snprintf(counts, sizeof(counts), "%d checks", checks);
            printf("failover: %s %-28s %s; failover %s; wall %.1f s (set-up %.1f s)\n",
                   sums[i].pass ? "ok  " : "FAIL", scn[i]->name, counts, sums[i].failover,
                   (double)r->wall_ms / 1000.0, (double)r->setup_ms / 1000.0);
        }
        if (!sums[i].pass)
            printf("          files: %s/ (cluster.log, events.txt, junit.xml, timeline.svg)\n",
                   r->out);
        if (sums[i].pass)
            passed++;
        else
            failed++;
        if (all_junit)
            fo_write_junit_suite(r, all_junit);
        for (int k = 0; k < r->n_ev; k++)
            free(r->ev[k].text);
        free(r->ev);
        free(r);
    }
    if (all_junit) {
        fprintf(all_junit, "</testsuites>\n");
        fclose(all_junit);
    }
    snprintf(path, sizeof(path), "%s/index.html", out_dir);
    fo_write_index(sums, nfiles, path);
    printf("failover: report %s\n", path);
    printf("%d passed, %d failed\n", passed, failed);
    for (int i = 0; i < nfiles; i++) {
        free(scn[i]);
        free(errors[i]);
    }
    free(scn);
    free(sums);
    free(errors);
    return failed ? 1 : 0;
}
