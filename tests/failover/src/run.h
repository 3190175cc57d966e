/*
 * run.h - one scenario run of the failover coordinator: the nodes, the
 * merged event list, the expectation results and the measurements. Shared
 * by the coordinator (coord.h: runner.c runs it) and the report writers
 * (the merged cluster log, the event list, JUnit XML, the SVG timeline and
 * the index).
 */
#ifndef FO_RUN_H
#define FO_RUN_H

#include <stdio.h>

#include "policy.h"
#include "proc.h"
#include "resline.h"
#include "scn.h"

#define FO_PATH_LEN 1024
/* What the coordinator reads back of a node's own files (cluster.log, the
 * exported database): far above a scenario's, short of endless. */
#define FO_MAX_LOG_BYTES (64L * 1024 * 1024)
#define FO_MAX_FILES 256       /* scenario files in one run */
#define FO_MAX_RESULTS 512
#define FO_MAX_METRICS 64
#define FO_QUEUE 16

enum fo_ev_kind {
    EV_SETUP,       /* harness set-up and tear-down */
    EV_ACTION,      /* a step's action (administrator or fault) */
    EV_STATE,       /* a node's resource state, as its monitor reported */
    EV_GROUP,       /* the group's state or owner */
    EV_POLICY,      /* a policy decision: restart, failover, move, failed */
    EV_REFUSED,     /* Online refused by IMS Guard on a node */
    EV_LOG,         /* a LogEvent line of the DLL */
    EV_ALIVE,       /* LooksAlive/IsAlive returned FALSE */
    EV_MONITOR,     /* the monitor's own complaints: FAIL, TIMEOUT, VIOLATION... */
    EV_NODE,        /* a node went down or came up */
    EV_EXPECT,      /* a step's expectations settled (ok = all passed) */
    EV_COUNT
};

struct fo_event {
    long long t;            /* ms since the scenario's time 0 */
    long long wall;         /* ms since the epoch (for cluster.log stamps) */
    int node;               /* -1: the cluster */
    enum fo_ev_kind kind;
    int step;               /* the step running, -1 before the first */
    int level;              /* EV_LOG: 0 information, 1 warning, 2 error */
    int rstate;             /* EV_STATE: enum fo_rstate; EV_GROUP: enum fo_gstate */
    int owner;              /* EV_GROUP */
    int ok;                 /* EV_EXPECT */
    int fault;              /* EV_ACTION: 1 when it is a fault */
    char *text;
};

struct fo_result {
    int step;               /* -1: the scenario as a whole */
    char name[400];
    int pass;
    char expected[400];
    char actual[1600];
    long long t;
};

struct fo_metric {
    int step;
    char what[200];         /* the action that disrupted the group */
    long long t_fault;      /* when the fault was in place */
    long long t_online;     /* when the group was online again */
    int from, to;           /* owner before, owner after (-1: the group Failed) */
    int move_to;            /* a move's target; -1 for a fault */
};

struct fo_node_rt {
    int idx;
    char name[FO_NAME_LEN];
    char dir[FO_PATH_LEN];
    char domain[FO_TEXT_LEN];   /* as set now ("" = none) */
    char ims[32];
    int powered;            /* the node's wineserver is running */
    int mon_up;             /* its resmon is running */
    int mon_count;          /* resmon instances started */
    struct fo_child mon;
    struct fo_linebuf lb;
    long long t_offset;     /* scenario ms = resmon's t + offset */
    int ready;
    int opened;
    char queue[FO_QUEUE][8192];
    int qn;
    int in_flight;
    char in_flight_cmd[8192];
    long long retry_at;
    int retries;
    int terminating;
    int online_error;       /* Online returned an error; no STATE line yet */
    int abandoned;
    int fault_oneshot;
    int db_stale;           /* missed a replicated change while down */
    int control_seen;
    long long control_status;
    int bye_seen;
    long violations, hung, crashes;
    FILE *raw;              /* the monitor's lines as they came, with times */
    char first_out[1024];   /* what this monitor printed before READY */
    size_t first_len;
    long long err_at_start; /* resmon.stderr's size when it was started */
    int launch_retried;     /* this start is the one retry of Wine's launch failure */
};

struct fo_run {
    const struct fo_scenario *s;
    char root[FO_PATH_LEN];     /* the repository */
    char out[FO_PATH_LEN];      /* build/failover/<scenario> */
    char arch[16];
    int narrate;
    int port;

    long long start_mono;       /* the run began (set-up included) */
    long long wall_minus_mono;  /* wall clock - monotonic clock, at the start */
    long long t0_mono;          /* the scenario's time 0 */
    long long t0_wall;
    long long deadline_mono;
    int started;                /* time 0 has been set */

    struct fo_node_rt nodes[FO_MAX_NODES];
    struct fo_policy pol;
    FILE *setup_log;
    char setup_log_path[FO_PATH_LEN];

    struct fo_event *ev;
    int n_ev, cap_ev;
    int step;                   /* the step running */

    struct fo_result results[FO_MAX_RESULTS];
    int n_results;

    /* a disruption in progress (fault or move while the group was online) */
    int dis_active, dis_left, dis_step, dis_from, dis_move_to;
    long long dis_t;
    char dis_what[200];
    struct fo_metric metrics[FO_MAX_METRICS];
    int n_metrics;

    int quitting;               /* tear-down: the policy no longer listens */
    int aborted;                /* time limit or a set-up failure */
    char abort_reason[1200];
    long long wall_ms;          /* the whole run, tear-down included */
    long long setup_ms;
    int reports_written;        /* events.txt, cluster.log, ... are in out */
};

/* report.c: what the writers share */
int fo_run_failed(const struct fo_run *r);
int fo_run_checks(const struct fo_run *r, int *failed);
/* "1.2 s (NODE-A -> NODE-B)" for the first failover, or "-" */
void fo_failover_text(const struct fo_run *r, char *out, size_t size);
/* A node's name, or "cluster" for -1. */
const char *fo_run_node_name(const struct fo_run *r, int node);
/* "action", "state", ... (events.txt's second column) */
const char *fo_ev_kind_name(enum fo_ev_kind k);
/* Event indexes sorted by time (stable), malloc'd; NULL when out of memory. */
int *fo_sorted_events(const struct fo_run *r);
/* report_log.c */
void fo_write_events(const struct fo_run *r, const char *path);
void fo_write_merged_log(const struct fo_run *r, const char *path);
/* report_junit.c */
void fo_write_junit_suite(const struct fo_run *r, FILE *f);
void fo_write_junit(const struct fo_run *r, const char *path);
/* report_svg.c */
void fo_write_svg(const struct fo_run *r, const char *path);

/* One line of build/failover/index.html. */
struct fo_summary {
    char name[64];
    char title[FO_TEXT_LEN];
    char dir[FO_PATH_LEN];      /* relative to the index */
    int parsed;                 /* 0: rejected before running */
    char error[600];
    int pass;
    int checks, failed;
    long long wall_ms;
    char failover[400];
};
/* report_html.c */
void fo_write_index(const struct fo_summary *sums, int n, const char *path);
/* report.c */
void fo_xml_escape(FILE *f, const char *text);

#endif
