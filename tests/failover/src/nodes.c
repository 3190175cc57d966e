/*
 * nodes.c - node operations: tests/failover/node.sh on one node or on
 * several at once, the nodes' set-up (its log quoted on failure), power off
 * and on.
 */
#define _XOPEN_SOURCE 700
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "coord.h"

#define HELPER_TIMEOUT_MS 60000L

/* node.sh <op> <args...> with its stdout into out (NUL-terminated). */
static int helper_v(struct fo_run *r, char *out, size_t size, const char *op, va_list ap)
{
    const char *argv[16];
    char script[FO_PATH_LEN], arch_env[64];
    int argc = 0, rc;
    const char *env[] = { arch_env, NULL };
    long long t = now_ms();

    snprintf(script, sizeof(script), "%s/tests/failover/node.sh", r->root);
    snprintf(arch_env, sizeof(arch_env), "IG_ARCH=%s", r->arch);
    argv[argc++] = "bash";
    argv[argc++] = script;
    argv[argc++] = op;
    for (const char *a; argc < 15 && (a = va_arg(ap, const char *));)
        argv[argc++] = a;
    argv[argc] = NULL;
    if (r->setup_log) {
        fprintf(r->setup_log, "+ node.sh");
        for (int i = 2; i < argc; i++)
            fprintf(r->setup_log, " '%s'", argv[i]);
        fprintf(r->setup_log, "\n");
        fflush(r->setup_log);
    }
    rc = fo_run(argv, env, HELPER_TIMEOUT_MS, out, size, r->setup_log_path);
    if (r->setup_log) {
        fprintf(r->setup_log, "  -> %s (%lld ms)\n", rc < 0 ? "timed out or not started"
                : rc ? "failed" : "ok", now_ms() - t);
        fflush(r->setup_log);
    }
    return rc;
}

int fo_helper(struct fo_run *r, const char *op, ...)
{
    char buf[8192];
    va_list ap;
    int rc;

    va_start(ap, op);
    rc = helper_v(r, buf, sizeof(buf), op, ap);
    va_end(ap);
    return rc;
}

int fo_helper_output(struct fo_run *r, char *out, size_t size, const char *op, ...)
{
    va_list ap;
    int rc;

    va_start(ap, op);
    rc = helper_v(r, out, size, op, ap);
    va_end(ap);
    return rc;
}

/* node.sh <op> <node dir> [arg] on several nodes at once (arg may be NULL).
 * Returns how many failed. */
int fo_helper_all(struct fo_run *r, const char *op, const int *nodes, int count,
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
        fo_set_abort(r, "node %s did not come up: %s (see %s/setup.log)", r->s->nodes[i].name,
                     last[0] ? last : final[0] ? final : "node.sh up failed and said nothing",
                     r->out);
    free(text);
}

int fo_setup_nodes(struct fo_run *r)
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
    fo_add_event(r, now_ms(), -1, EV_SETUP, "%d nodes set up in %.1f s%s", s->n_nodes,
                 (double)(now_ms() - begin) / 1000.0, failed ? " (with failures)" : "");
    return failed ? -1 : 0;
}

int fo_first_powered(const struct fo_run *r)
{
    for (int i = 0; i < r->s->n_nodes; i++)
        if (r->nodes[i].powered && r->nodes[i].mon_up)
            return i;
    return -1;
}

int fo_stop_node(struct fo_run *r, int node, char *msg, size_t size)
{
    struct fo_node_rt *n = &r->nodes[node];

    if (!n->powered) {
        snprintf(msg, size, "%s is already off", n->name);
        return -1;
    }
    /* Power off: the monitor and every process of the node die at once. */
    if (n->mon_up) {
        fo_kill_wait(n->mon.pid, SIGKILL, 3000);
        fo_monitor_ended(r, n, 1);
    }
    fo_helper(r, "down", n->dir, NULL);
    n->powered = 0;
    fo_add_event(r, now_ms(), node, EV_NODE, "%s is down", n->name);
    fo_policy_node_down(&r->pol, now_ms(), node);
    fo_dispatch(r);
    return 0;
}

int fo_start_node(struct fo_run *r, int node, char *msg, size_t size)
{
    struct fo_node_rt *n = &r->nodes[node];
    long long end;

    if (n->powered) {
        snprintf(msg, size, "%s is already on", n->name);
        return -1;
    }
    if (fo_helper(r, "restart", n->dir, n->domain[0] ? n->domain : "none", NULL) != 0) {
        snprintf(msg, size, "%s did not power on (see setup.log)", n->name);
        return -1;
    }
    n->powered = 1;
    if (n->db_stale) {
        /* Joining: the node takes the cluster database from a running node. */
        int from = fo_first_powered(r);
        char path[FO_PATH_LEN];
        snprintf(path, sizeof(path), "%s/db-join.txt", n->dir);
        if (from < 0 || fo_helper(r, "db-export", r->nodes[from].dir, path, NULL) != 0
            || fo_helper(r, "db-import", n->dir, path, NULL) != 0) {
            snprintf(msg, size, "%s could not take the cluster database", n->name);
            return -1;
        }
        n->db_stale = 0;
    }
    if (fo_start_monitor(r, n)) {
        snprintf(msg, size, "resmon.exe did not start on %s", n->name);
        return -1;
    }
    end = now_ms() + 20000;
    while (!r->aborted && !n->opened && n->mon_up && now_ms() < end)
        fo_pump(r, 50, 0);
    if (!n->opened) {
        snprintf(msg, size, "the resource did not open on %s", n->name);
        return -1;
    }
    fo_add_event(r, now_ms(), node, EV_NODE, "%s is up", n->name);
    fo_policy_node_up(&r->pol, now_ms(), node);
    fo_dispatch(r);
    return 0;
}
