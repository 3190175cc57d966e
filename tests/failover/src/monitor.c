/*
 * monitor.c - the Resource Monitor pipes: one resmon.exe per node under
 * Wine, a queue of commands for each (one in flight at a time), the policy's
 * decisions turned into commands, and the poll loop that reads the report
 * lines (lines.c) and sends what is due.
 */
#define _XOPEN_SOURCE 700
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "coord.h"

void fo_queue_cmd(struct fo_node_rt *n, const char *fmt, ...)
{
    va_list ap;

    if (n->qn == FO_QUEUE)
        return;
    va_start(ap, fmt);
    vsnprintf(n->queue[n->qn], sizeof(n->queue[0]), fmt, ap);
    va_end(ap);
    n->qn++;
}

void fo_queue_front(struct fo_node_rt *n, const char *cmd)
{
    if (n->qn == FO_QUEUE)
        n->qn--;
    memmove(n->queue[1], n->queue[0], sizeof(n->queue[0]) * (size_t)n->qn);
    snprintf(n->queue[0], sizeof(n->queue[0]), "%s", cmd);
    n->qn++;
}

static long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

int fo_start_monitor(struct fo_run *r, struct fo_node_rt *n)
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
    n->err_at_start = file_size(err_path);
    if (fo_spawn(argv, env, n->dir, err_path, &n->mon, err, sizeof(err))) {
        fo_add_event(r, now_ms(), n->idx, EV_MONITOR, "could not start resmon.exe: %s", err);
        return -1;
    }
    n->mon_up = 1;
    n->mon_count++;
    n->first_len = 0;
    n->first_out[0] = 0;
    n->launch_retried = 0;
    n->ready = n->opened = 0;
    n->lb.len = 0;
    n->qn = 0;
    n->in_flight = 0;
    n->terminating = 0;
    n->abandoned = 0;
    n->bye_seen = 0;
    n->violations = n->hung = n->crashes = 0;
    fo_queue_cmd(n, "open \"%s\"", r->s->res_name);
    return 0;
}

int fo_quiet(const struct fo_run *r)
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

static void drain_policy(struct fo_run *r)
{
    struct fo_policy *p = &r->pol;

    for (int i = 0; i < p->n_notes; i++) {
        const struct fo_note *nt = &p->notes[i];
        struct fo_event *e;
        if (nt->kind == FO_N_GROUP) {
            e = fo_add_event(r, nt->t, nt->node, EV_GROUP, "%s", nt->text);
            e->rstate = nt->state;
            e->owner = nt->node;
            fo_track_group(r, nt);
        } else {
            e = fo_add_event(r, nt->t, nt->node, EV_POLICY, "%s", nt->text);
            e->owner = nt->to;
            e->rstate = nt->kind;
        }
        fo_narrate(r, e);
    }
    p->n_notes = 0;
    for (int i = 0; i < p->n_cmds; i++) {
        struct fo_node_rt *n = &r->nodes[p->cmds[i].node];
        if (!n->mon_up)
            continue;
        fo_queue_cmd(n, "%s \"%s\"", p->cmds[i].kind == FO_CMD_ONLINE ? "online" : "offline",
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
            fo_add_event(r, now_ms(), i, EV_MONITOR,
                         "the IMS still runs on %s (%s) while the cluster starts it on %s",
                         r->nodes[i].name, list, r->nodes[target].name);
            snprintf(name, sizeof(name), "the IMS runs on one node at a time (Online on %s)",
                     r->nodes[target].name);
            snprintf(actual, sizeof(actual), "msexcimc.exe still running on %s: %s",
                     r->nodes[i].name, list);
            fo_add_result(r, r->step, 0, name, "no IMS process on any other node", actual);
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
            if (fo_helper(r, "fault", n->dir, "none", NULL) != 0)
                fo_add_event(r, now_ms(), n->idx, EV_MONITOR, "could not clear the fault");
            n->fault_oneshot = 0;
        }
        check_exclusive(r, n->idx);
    }
    snprintf(n->in_flight_cmd, sizeof(n->in_flight_cmd), "%s", n->queue[0]);
    memmove(n->queue[0], n->queue[1], sizeof(n->queue[0]) * (size_t)(n->qn - 1));
    n->qn--;
    snprintf(line, sizeof(line), "%s\n", n->in_flight_cmd);
    if (n->raw) {
        fprintf(n->raw, "%8.3f > %s", r->started ? fo_secs_since0(r, now_ms()) : 0.0, line);
        fflush(n->raw);
    }
    if (fo_write_all(n->mon.in_fd, line, strlen(line)) != 0) {
        fo_add_event(r, now_ms(), n->idx, EV_MONITOR, "resmon's stdin is closed");
        return;
    }
    n->in_flight = 1;
}

void fo_dispatch(struct fo_run *r)
{
    drain_policy(r);
    for (int i = 0; i < r->s->n_nodes; i++)
        try_send(r, &r->nodes[i]);
    drain_policy(r);
}

/* A monitor that ended before READY, with status: was that Wine's launch
 * failure (nothing of resmon.exe ran)? The rule, and the count of the one
 * retry it allows, are tests/lib/launch.sh's: node.sh launch-retry asks it
 * with what the monitor printed, its stderr since the start included. */
static int launch_failed(struct fo_run *r, struct fo_node_rt *n, int status)
{
    char path[FO_PATH_LEN], err_path[FO_PATH_LEN], code[16], cmd[FO_PATH_LEN + 64], why[200];
    size_t size = 0;
    char *err_text;
    FILE *f;

    if (!WIFEXITED(status))
        return 0;
    snprintf(code, sizeof(code), "%d", WEXITSTATUS(status));
    snprintf(path, sizeof(path), "%s/resmon.launch.out", n->dir);
    snprintf(err_path, sizeof(err_path), "%s/resmon.stderr", n->dir);
    f = fopen(path, "w");
    if (!f)
        return 0;
    fwrite(n->first_out, 1, n->first_len, f);
    err_text = fo_read_file(err_path, 1 << 20, &size, why, sizeof(why));
    if (err_text && (long long)size > n->err_at_start)
        fwrite(err_text + n->err_at_start, 1, size - (size_t)n->err_at_start, f);
    free(err_text);
    fclose(f);
    snprintf(cmd, sizeof(cmd), "wine %s/prefix/drive_c/cluster/resmon.exe --node %s", n->dir, n->name);
    return fo_helper(r, "launch-retry", path, code, cmd, NULL) == 0;
}

void fo_monitor_ended(struct fo_run *r, struct fo_node_rt *n, int expected)
{
    int status = 0, reaped = 0;

    if (n->mon.out_fd >= 0)
        close(n->mon.out_fd);
    if (n->mon.in_fd >= 0)
        close(n->mon.in_fd);
    n->mon.out_fd = n->mon.in_fd = -1;
    /* Its output ended by itself: it is exiting, and its status tells a
       launch failure. A monitor being ended is not waited for. */
    reaped = fo_reaped(n->mon.pid, &status);
    for (int k = 0; !expected && k < 100 && !reaped; k++) {
        fo_sleep_ms(20);
        reaped = fo_reaped(n->mon.pid, &status);
    }
    if (!reaped)
        fo_kill_wait(n->mon.pid, SIGKILL, 2000);
    if (reaped && !expected && !r->quitting && !n->ready && !n->launch_retried &&
        launch_failed(r, n, status)) {
        if (fo_start_monitor(r, n) == 0) {
            n->launch_retried = 1;
            fo_add_event(r, now_ms(), n->idx, EV_MONITOR,
                         "Wine did not start resmon.exe on %s (its launch failure, tests/lib/launch.sh); "
                         "started once more (a counted retry)", n->name);
            return;
        }
    }
    n->mon_up = 0;
    n->in_flight = 0;
    n->qn = 0;
    n->terminating = 0;
    if (!expected) {
        char name[200];
        fo_add_event(r, now_ms(), n->idx, EV_MONITOR, "resmon.exe on %s ended unexpectedly",
                     n->name);
        snprintf(name, sizeof(name), "the Resource Monitor on %s keeps running", n->name);
        fo_add_result(r, r->step, 0, name, "resmon.exe runs until the scenario ends",
                      "it exited (see resmon.out and resmon.stderr in the node's directory)");
        if (!r->quitting)
            fo_policy_node_down(&r->pol, now_ms(), n->idx);
    }
}

/* One round: read what the monitors said, act on it, send what is due. */
void fo_pump(struct fo_run *r, long wait_ms, int quitting)
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
            fo_handle_line(r, n, line);
            fo_dispatch(r);
        }
        if (got < 0)
            fo_monitor_ended(r, n, quitting);
    }
    if (r->started)
        fo_policy_tick(&r->pol, now_ms());
    fo_dispatch(r);
    if (!r->aborted && !r->quitting && now_ms() > r->deadline_mono)
        fo_set_abort(r, "the scenario reached its time limit of %ld s", r->s->limit_ms / 1000);
}

void fo_pump_until(struct fo_run *r, long long until)
{
    while (!r->aborted) {
        long long now = now_ms();
        if (now >= until)
            break;
        fo_pump(r, (long)(until - now < 100 ? until - now : 100), 0);
    }
}

int fo_wait_quiet(struct fo_run *r, long max_ms)
{
    long long end = now_ms() + max_ms;

    while (!r->aborted && !fo_quiet(r) && now_ms() < end)
        fo_pump(r, 50, 0);
    return fo_quiet(r);
}

int fo_wait_monitors_open(struct fo_run *r, long max_ms)
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
        fo_pump(r, 50, 0);
    }
}
