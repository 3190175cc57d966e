/*
 * runner.c - one scenario run: its directory, the nodes and the database
 * set up, time 0, each step at its time (action, then expectations), the
 * final checks, tear-down, then the reports.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "coord.h"

#define QUIT_WAIT_MS 15000L

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
        fo_pump(r, 100, 1);
    }
    for (int i = 0; i < r->s->n_nodes; i++) {
        struct fo_node_rt *n = &r->nodes[i];
        if (n->mon_up) {
            fo_add_event(r, now_ms(), i, EV_MONITOR, "resmon.exe did not quit; killed");
            fo_kill_wait(n->mon.pid, SIGKILL, 3000);
            fo_monitor_ended(r, n, 1);
        }
    }
    /* Every node, always: wineserver -k. */
    {
        int all[FO_MAX_NODES];
        for (int i = 0; i < r->s->n_nodes; i++) {
            all[i] = i;
            r->nodes[i].powered = 0;
        }
        fo_helper_all(r, "down", all, r->s->n_nodes, NULL);
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
        fo_add_result(r, -1, !n->violations && !n->hung && !n->crashes, name,
                      "violations=0 hung=0 crashes=0", actual);
    }
    n = fo_procs_under(r->out, NULL, pids, 64, list, sizeof(list));
    if (n > 0) {
        for (int i = 0; i < n && i < 64; i++)
            kill(pids[i], SIGKILL);
        fo_sleep_ms(500);
        fo_add_result(r, -1, 0, "every Wine process and wineserver of the scenario is gone",
                      "no process with WINEPREFIX under the scenario's directory", list);
    } else {
        fo_add_result(r, -1, 1, "every Wine process and wineserver of the scenario is gone",
                      "no process with WINEPREFIX under the scenario's directory",
                      "none left");
    }
    for (int i = 0; i < r->s->n_nodes; i++)
        if (r->nodes[i].raw) {
            fclose(r->nodes[i].raw);
            r->nodes[i].raw = NULL;
        }
}

static int remove_tree(struct fo_run *r, const char *path)
{
    const char *argv[] = { "rm", "-rf", "--", path, NULL };
    char out[256];

    return fo_run(argv, NULL, 60000, out, sizeof(out), r->setup_log_path[0]
                                                           ? r->setup_log_path : NULL);
}

/* The scenario's directory made anew (after refusing processes or files
 * of someone else's in it) and its setup.log opened. 0, or -1 (aborted). */
static int prepare_dir(struct fo_run *r)
{
    char msg[1200];

    {
        /* Processes of an earlier run of this scenario would share its
         * prefixes and ports: refuse, naming them, rather than guess which
         * are safe to kill. */
        pid_t pids[64];
        char list[2048];
        int n = fo_procs_under(r->out, NULL, pids, 64, list, sizeof(list));
        if (n) {
            /* The advice before the list, which the reason's size may cut. */
            fo_set_abort(r, "refusing to start: %d process(es) of an earlier run still use %s; end them "
                         "(bash tests/wine/stop.sh %s, or make stop-wine for all under build/) and run "
                         "again: %s", n, r->out, r->out, list);
            return -1;
        }
    }
    /* main checked it too; a directory that changed hands since is kept. */
    if (fo_dir_ours(r->out, 1, NULL, msg, sizeof(msg))) {
        fo_set_abort(r, "%s", msg);
        return -1;
    }
    remove_tree(r, r->out);
    if (fo_mkdirs(r->out) || fo_mark_dir(r->out)) {
        fo_set_abort(r, "cannot create %s: %s", r->out, strerror(errno));
        return -1;
    }
    snprintf(r->setup_log_path, sizeof(r->setup_log_path), "%s/setup.log", r->out);
    /* Append: node.sh helpers write their stderr to the same file with
     * O_APPEND, and a "w" stream would write over their lines at its own
     * offset (how "set-up failed (status 1)" lost its reason). */
    r->setup_log = fopen(r->setup_log_path, "a");
    if (!r->setup_log) {
        fo_set_abort(r, "cannot write %s", r->setup_log_path);
        return -1;
    }
    return 0;
}

/* Every node up, the database written and replicated, a monitor on each
 * node with the resource open. Failures abort the run. */
static void set_up(struct fo_run *r)
{
    const struct fo_scenario *s = r->s;

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
        fo_set_abort(r, "no free TCP port on 127.0.0.1 for the IMS");
    if (!r->aborted && fo_setup_nodes(r))
        fo_set_abort(r, "a node did not come up (see %s/setup.log)", r->out);
    if (!r->aborted && fo_setup_db(r))
        fo_set_abort(r, "the cluster database could not be written or replicated (see setup.log)");
    for (int i = 0; !r->aborted && i < s->n_nodes; i++)
        if (fo_start_monitor(r, &r->nodes[i]))
            fo_set_abort(r, "resmon.exe did not start on %s", r->nodes[i].name);
    if (!r->aborted) {
        fo_dispatch(r);
        if (fo_wait_monitors_open(r, 30000))
            fo_set_abort(r, "the resource did not open on every node within 30 s");
    }
}

/* Each step at its time: the action, a wait, then its expectations. */
static void run_steps(struct fo_run *r)
{
    const struct fo_scenario *s = r->s;
    long long prev_end = r->t0_mono;
    char msg[1200];

    for (int i = 0; i < s->n_steps && !r->aborted; i++) {
        const struct fo_step *st = &s->steps[i];
        long long due = st->relative ? prev_end + st->at_ms : r->t0_mono + st->at_ms;
        long long step_start;
        if (due < prev_end)
            due = prev_end;
        fo_pump_until(r, due);
        if (r->aborted)
            break;
        r->step = i;
        step_start = now_ms();
        if (fo_do_action(r, i, msg, sizeof(msg))) {
            char label[1200], name[1300];
            fo_step_label(r, i, label, sizeof(label));
            snprintf(name, sizeof(name), "%s: the action", label);
            fo_add_result(r, i, 0, name, "the action is carried out", msg);
            printf("    FAIL %s\n         expected: the action is carried out\n"
                   "         actual:   %s\n", label, msg);
            fo_add_event(r, now_ms(), st->node, EV_MONITOR, "action failed: %s", msg);
        }
        if (st->action == FO_A_WAIT)
            fo_pump_until(r, now_ms() + st->wait_ms);
        if (st->n_conds && !r->aborted)
            fo_check_expectations(r, i, step_start);
        prev_end = now_ms();
    }
}

/* The reason the run stopped early, as a failed check. */
static void report_abort(struct fo_run *r, int in_setup)
{
    char label[1200] = "set-up";

    if (!in_setup)
        fo_step_label(r, r->step, label, sizeof(label));
    fo_add_result(r, r->step, 0,
                  in_setup ? "set-up: every node comes up and opens the resource"
                           : "the scenario ends within its time limit",
                  in_setup ? "nodes up, database replicated, monitors ready"
                           : "every step done in time", r->abort_reason);
    printf("    FAIL %s\n         expected: %s\n         actual:   %s\n", label,
           in_setup ? "every node comes up" : "the scenario ends within its limit",
           r->abort_reason);
    fo_add_event(r, now_ms(), -1, EV_MONITOR, "ABORTED: %s", r->abort_reason);
}

/* events.txt, cluster.log, junit.xml and timeline.svg of the run. */
static void write_reports(const struct fo_run *r)
{
    char path[FO_PATH_LEN];

    snprintf(path, sizeof(path), "%s/events.txt", r->out);
    fo_write_events(r, path);
    snprintf(path, sizeof(path), "%s/cluster.log", r->out);
    fo_write_merged_log(r, path);
    snprintf(path, sizeof(path), "%s/junit.xml", r->out);
    fo_write_junit(r, path);
    snprintf(path, sizeof(path), "%s/timeline.svg", r->out);
    fo_write_svg(r, path);
}

void fo_run_scenario(struct fo_run *r)
{
    const struct fo_scenario *s = r->s;
    int setup_failed;

    r->start_mono = now_ms();
    r->wall_minus_mono = fo_wall_ms() - r->start_mono;
    r->t0_mono = r->start_mono;
    r->deadline_mono = r->start_mono + s->limit_ms;
    r->step = -1;
    if (prepare_dir(r)) {
        /* Refused before any node started: the reason goes out here, as a
           failed check, and no report is written (the directory may be
           someone else's, or in use). */
        fo_add_result(r, -1, 0, "before set-up: the scenario's directory and prefixes are free",
                      "no process of an earlier run, a directory failover made", r->abort_reason);
        printf("    FAIL before set-up\n         expected: the scenario's directory and prefixes "
               "are free\n         actual:   %s\n", r->abort_reason);
        r->wall_ms = now_ms() - r->start_mono;
        return;
    }
    set_up(r);
    r->setup_ms = now_ms() - r->start_mono;
    setup_failed = r->aborted;

    /* Time 0. */
    r->t0_mono = now_ms();
    fo_policy_set_clock(&r->pol, r->t0_mono, s->clock_ms);
    r->started = 1;
    fo_add_event(r, r->t0_mono, -1, EV_SETUP, "time 0: %d nodes up, the resource open on each "
                 "(set-up took %.1f s)", s->n_nodes, (double)r->setup_ms / 1000.0);
    run_steps(r);
    if (r->aborted)
        report_abort(r, setup_failed);
    /* Let a last decision settle before the database check. */
    if (!r->aborted)
        fo_wait_quiet(r, 3000);
    {
        int was = r->aborted;
        r->aborted = 0;     /* the checks below must run */
        if (!was)
            fo_check_db_identical(r);
        r->aborted = was;
    }
    teardown(r);
    r->wall_ms = now_ms() - r->start_mono;
    write_reports(r);
    r->reports_written = 1;
    if (r->setup_log) {
        fclose(r->setup_log);
        r->setup_log = NULL;
    }
}
