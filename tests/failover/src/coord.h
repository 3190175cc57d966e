/*
 * coord.h - the failover coordinator's parts, between its files (run.h
 * holds the run they share):
 *
 *   failover.c  the command line: parse every file, then run each scenario
 *   runner.c    one scenario run: set-up, the steps in time, tear-down
 *   events.c    the run's record: events, narration, results, disruptions
 *   nodes.c     node operations through tests/failover/node.sh
 *   db.c        the cluster database: written, replicated, compared
 *   monitor.c   the Resource Monitor pipes: queue, send, poll
 *   lines.c     what a monitor's report line means for the cluster
 *   actions.c   a step's action (administrator or fault)
 *   expect.c    a step's expectations
 */
#ifndef FO_COORD_H
#define FO_COORD_H

#include <stddef.h>

#include "run.h"

#define FO_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* Milliseconds on the monotonic clock: every time the run keeps. */
static inline long long now_ms(void)
{
    return fo_mono_ms();
}

/* runner.c */
void fo_run_scenario(struct fo_run *r);

/* events.c */
/* The first reason the run stops early (later ones are dropped). */
void fo_set_abort(struct fo_run *r, const char *fmt, ...) FO_PRINTF(2, 3);
double fo_secs_since0(const struct fo_run *r, long long t);
struct fo_event *fo_add_event(struct fo_run *r, long long t, int node, enum fo_ev_kind kind,
                              const char *fmt, ...) FO_PRINTF(5, 6);
/* The live narration (--narrate) of one event. */
void fo_narrate(const struct fo_run *r, const struct fo_event *e);
void fo_add_result(struct fo_run *r, int step, int pass, const char *name,
                   const char *expected, const char *actual);
/* A fault or move hit the online group: measure until it is online again. */
void fo_disruption_start(struct fo_run *r, int step, const char *what, int move_to);
void fo_track_group(struct fo_run *r, const struct fo_note *nt);

/* nodes.c */
/* node.sh <op> <args...> (NULL-terminated) on one node; its status, or -1
 * on a timeout. */
int fo_helper(struct fo_run *r, const char *op, ...) __attribute__((sentinel));
/* The same with what it printed on stdout in out (NUL-terminated). */
int fo_helper_output(struct fo_run *r, char *out, size_t size, const char *op, ...)
    __attribute__((sentinel));
/* node.sh <op> <node dir> [arg] on several nodes at once (arg may be NULL).
 * Returns how many failed. */
int fo_helper_all(struct fo_run *r, const char *op, const int *nodes, int count,
                  const char *arg);
int fo_setup_nodes(struct fo_run *r);
/* The first node with its monitor running, or -1. */
int fo_first_powered(const struct fo_run *r);
int fo_stop_node(struct fo_run *r, int node, char *msg, size_t size);
int fo_start_node(struct fo_run *r, int node, char *msg, size_t size);

/* db.c */
int fo_setup_db(struct fo_run *r);
void fo_check_db_identical(struct fo_run *r);

/* monitor.c */
void fo_queue_cmd(struct fo_node_rt *n, const char *fmt, ...) FO_PRINTF(2, 3);
void fo_queue_front(struct fo_node_rt *n, const char *cmd);
int fo_start_monitor(struct fo_run *r, struct fo_node_rt *n);
/* No decision pending, nothing queued or in flight on any monitor. */
int fo_quiet(const struct fo_run *r);
/* The policy's notes to events, its commands to the monitors, then send. */
void fo_dispatch(struct fo_run *r);
void fo_monitor_ended(struct fo_run *r, struct fo_node_rt *n, int expected);
/* One round: read what the monitors said, act on it, send what is due. */
void fo_pump(struct fo_run *r, long wait_ms, int quitting);
void fo_pump_until(struct fo_run *r, long long until);
int fo_wait_quiet(struct fo_run *r, long max_ms);
int fo_wait_monitors_open(struct fo_run *r, long max_ms);

/* lines.c */
void fo_handle_line(struct fo_run *r, struct fo_node_rt *n, const char *text);

/* actions.c */
int fo_do_action(struct fo_run *r, int idx, char *msg, size_t size);

/* expect.c */
/* "step N (line L: text)" */
void fo_step_label(const struct fo_run *r, int idx, char *out, size_t size);
void fo_check_expectations(struct fo_run *r, int idx, long long step_start);

#endif
