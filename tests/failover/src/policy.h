/*
 * policy.h - the cluster's group policy for one group holding one resource,
 * as the Failover Manager of MSCS / WSFC applies it, era by era. Pure C11:
 * events go in (administrator actions, what each node's Resource Monitor
 * reported, nodes going down and up, time passing), commands come out
 * (bring the resource online or take it offline on a node), with notes that
 * say what was decided and why. Time is whatever the caller counts in
 * milliseconds.
 *
 * Every rule and its source: ../README.md, "The policy". In short:
 * - Node order: PreferredOwners, then the other nodes by node ID; nodes
 *   that are down or not Possible Owners of the resource are never tried.
 * - Any failure of the resource, an Online that IMS Guard refuses
 *   included, goes through RestartAction / RestartThreshold / RestartPeriod
 *   (the count is reset to zero once RestartPeriod has passed, and starts
 *   afresh on another node); past the threshold the group fails over to
 *   the next node after the failing one, wrapping, while FailoverThreshold
 *   failovers within FailoverPeriod allow; then it is left Failed.
 * - A node going down moves the group without counting toward
 *   FailoverThreshold.
 * - An administrator's Online goes to the owner; a move without a target
 *   goes to a preferred owner; a move is not a failover.
 * - Failback (AutoFailbackType, a preferred list, FailbackWindowStart/End).
 * - From Windows 2000 on, RetryPeriodOnFailure brings a Failed resource
 *   online again; from 2008 on, RestartDelay delays each restart.
 */
#ifndef FO_POLICY_H
#define FO_POLICY_H

#include "scn.h"

#define FO_REASON_LEN   1200
#define FO_NOTE_LEN     1400
#define FO_MAX_CMDS     32
#define FO_MAX_NOTES    64
#define FO_MAX_TIMES    256

enum fo_cmd_kind { FO_CMD_ONLINE, FO_CMD_OFFLINE };

struct fo_cmd {
    enum fo_cmd_kind kind;
    int node;
};

enum fo_note_kind {
    FO_N_GROUP,         /* the group's state or owner changed */
    FO_N_RESTART,
    FO_N_FAILOVER,
    FO_N_REFUSED,
    FO_N_FAILED,        /* the group is Failed; text has every node's reason */
    FO_N_MOVE,
    FO_N_FAILBACK,
    FO_N_INFO
};

struct fo_note {
    enum fo_note_kind kind;
    long long t;
    int node;           /* the node it is about, or -1 */
    int to;             /* failover/move target, or -1 */
    enum fo_gstate state; /* FO_N_GROUP, FO_N_FAILED: the group's new state */
    char text[FO_NOTE_LEN];
};

enum fo_op {
    FO_OP_NONE,
    FO_OP_ONLINE,
    FO_OP_OFFLINE_MOVE,
    FO_OP_OFFLINE,
    FO_OP_RESTART_DELAY     /* a restart waits for RestartDelay */
};

struct fo_pnode {
    char name[FO_NAME_LEN];
    int up;
    enum fo_rstate rstate;
    int possible;               /* a Possible Owner of the resource */
    /* Observed, not a policy state: the node's last Online was refused by
     * IMS Guard with that code, and nothing changed on the node since. */
    int refused;
    uint32_t refused_code;
    int status_seen;            /* Online returned since the last command */
    uint32_t status;
    char errors[FO_REASON_LEN]; /* the DLL's Error lines since the last Online */
    char reason[FO_REASON_LEN]; /* why it last failed or refused */
    int tried;
};

struct fo_policy {
    /* configuration */
    enum fo_era era;
    int n_nodes;
    int order[FO_MAX_NODES];
    int n_preferred;
    int preferred[FO_MAX_NODES];
    enum fo_restart_action restart_action;
    uint32_t restart_threshold;
    long restart_period_ms;
    uint32_t failover_threshold;    /* as the era reads it (2008: nodes - 1) */
    long failover_period_ms;
    int failback;
    int failback_start, failback_end;
    long retry_period_ms;           /* -1: never */
    long restart_delay_ms;
    long long midnight;             /* the caller's time at the cluster's local midnight */

    /* state */
    enum fo_gstate gstate;
    int owner;
    enum fo_op op;
    int op_node;
    int move_target;
    struct fo_pnode nodes[FO_MAX_NODES];
    int restart_node;               /* where the restart count counts */
    uint32_t restart_count;
    long long restart_since;        /* when the count was last reset */
    long long restart_at;           /* a delayed restart is due (FO_OP_RESTART_DELAY) */
    long long retry_at;             /* RetryPeriodOnFailure is due, or -1 */
    int window_open;                /* the failback window at the last tick; -1 unknown */
    int failed_over;                /* the group is where a failover put it: it may fail back */
    long long failover_times[FO_MAX_TIMES];
    int n_failover_times;
    int total_restarts, total_failovers;
    char failed_reason[FO_MAX_NODES][FO_REASON_LEN];
    char failed_why[FO_NOTE_LEN];

    /* output, drained by the caller */
    struct fo_cmd cmds[FO_MAX_CMDS];
    int n_cmds;
    struct fo_note notes[FO_MAX_NOTES];
    int n_notes;
};

void fo_policy_init(struct fo_policy *p, const struct fo_scenario *s);
/* now is the cluster's local time of day ms_of_day (failback windows). */
void fo_policy_set_clock(struct fo_policy *p, long long now, long ms_of_day);

/* Time passed: a delayed restart, RetryPeriodOnFailure, a failback window
 * opening. Call it often; fo_policy_next_due says when it matters next
 * (-1: nothing pending). */
void fo_policy_tick(struct fo_policy *p, long long now);
long long fo_policy_next_due(const struct fo_policy *p, long long now);

/* cluster resource /addowner:<node> (on 1) and /removeowner:<node> (on 0).
 * Returns 0, or -1 with why. */
int fo_policy_set_possible(struct fo_policy *p, long long now, int node, int on, char *why,
                           size_t why_size);

/* Administrator actions. Return 0, or -1 with why (a move to a node that is
 * down, an action while the group is changing). */
int fo_policy_online(struct fo_policy *p, long long now, char *why, size_t why_size);
int fo_policy_offline(struct fo_policy *p, long long now, char *why, size_t why_size);
int fo_policy_move(struct fo_policy *p, long long now, int target, char *why, size_t why_size);

/* What a node's Resource Monitor said. */
void fo_policy_online_returned(struct fo_policy *p, long long now, int node, uint32_t status);
void fo_policy_res_state(struct fo_policy *p, long long now, int node, enum fo_rstate state);
void fo_policy_log(struct fo_policy *p, long long now, int node, int is_error, const char *text);

/* Nodes. */
void fo_policy_node_down(struct fo_policy *p, long long now, int node);
void fo_policy_node_up(struct fo_policy *p, long long now, int node);
/* Something changed on the node (binary, domain): its last refusal is
 * history. The cluster itself does not notice such a change. */
void fo_policy_node_changed(struct fo_policy *p, long long now, int node);
/* A property changed: every node's last refusal is history. */
void fo_policy_all_changed(struct fo_policy *p, long long now);

/* The group is changing (an Online or Offline is under way). */
int fo_policy_busy(const struct fo_policy *p);

/* The next node in order after from (wrapping) that is up and a Possible
 * Owner, or -1. */
int fo_policy_next_node(const struct fo_policy *p, int from);
/* Where a move without a target goes (a preferred owner), or -1. */
int fo_policy_move_target(const struct fo_policy *p);

/* IMS Guard's preflight refusals (0x20490001..0x20490009). */
int fo_is_refusal(uint32_t status);

#endif
