/*
 * policy.h - the cluster's group policy for one group holding one resource,
 * as the Failover Manager of MSCS / WSFC applies it. Pure C11: events go in
 * (administrator actions, what each node's Resource Monitor reported, nodes
 * going down and up), commands come out (bring the resource online or take
 * it offline on a node), with notes that say what was decided and why.
 * Time is whatever the caller counts in milliseconds.
 *
 * Semantics (see ../README.md, "Policy"):
 * - Node order: the group's PreferredOwners, then the other nodes in the
 *   order they were declared (WSFC appends the rest of the nodes).
 * - A resource that fails is restarted on the same node while fewer than
 *   RestartThreshold restarts happened there within RestartPeriod; past
 *   that, RestartAction decides: 0 leave it failed, 1 restart only (leave
 *   it failed once the threshold is exceeded), 2 fail the group over.
 * - An Online that IMS Guard refuses (its preflight codes 0x20490001 to
 *   0x20490009) is not restarted: the node is marked as refusing the group
 *   and is skipped until something changes on it (a binary swapped, its
 *   domain set, a property set, the node restarted).
 * - Failover goes to the next node in the order after the failing one,
 *   wrapping, skipping nodes that are down or refusing. At most
 *   FailoverThreshold failovers within FailoverPeriod; one more and the
 *   group is left Failed. No node left: Failed, with every node's reason.
 * - Failback (off by default): when a node earlier in PreferredOwners than
 *   the owner comes up, the group moves there.
 * - A move is Offline on the owner, then Online on the target; it does not
 *   count as a failover (a failure on the target then fails over as usual).
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

enum fo_op { FO_OP_NONE, FO_OP_ONLINE, FO_OP_OFFLINE_MOVE, FO_OP_OFFLINE };

struct fo_pnode {
    char name[FO_NAME_LEN];
    int up;
    enum fo_rstate rstate;
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
    int n_nodes;
    int order[FO_MAX_NODES];
    int n_preferred;
    int preferred[FO_MAX_NODES];
    enum fo_restart_action restart_action;
    uint32_t restart_threshold;
    long restart_period_ms;
    uint32_t failover_threshold;
    long failover_period_ms;
    int failback;

    /* state */
    enum fo_gstate gstate;
    int owner;
    enum fo_op op;
    int op_node;
    int move_target;
    struct fo_pnode nodes[FO_MAX_NODES];
    int restart_node;
    long long restart_times[FO_MAX_TIMES];
    int n_restart_times;
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
/* Something changed on the node (binary, domain): it may be tried again. */
void fo_policy_node_changed(struct fo_policy *p, long long now, int node);
/* A property changed: every node may be tried again. */
void fo_policy_all_changed(struct fo_policy *p, long long now);

/* The group is changing (an Online or Offline is under way). */
int fo_policy_busy(const struct fo_policy *p);

/* The next node in order after from (wrapping) that is up and does not
 * refuse the group, or -1. */
int fo_policy_next_node(const struct fo_policy *p, int from);

/* IMS Guard's preflight refusals (0x20490001..0x20490009). */
int fo_is_refusal(uint32_t status);

#endif
