/*
 * policy.c - the group policy state machine: restarts, failovers, what the
 * monitors report. The administrator's requests (online, offline, move,
 * possible owners) are in policy_admin.c, the time-driven rules (failback
 * and its window, RestartDelay, RetryPeriodOnFailure) in policy_time.c.
 * See policy.h;
 * every rule's source is in ../README.md, "The policy".
 */
#include "policy.h"
#include "policy_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "imsguard.h"

int fo_is_refusal(uint32_t status)
{
    return status >= IMSGUARD_E_SERVICE_MISSING && status <= IMSGUARD_E_DNS_DOMAIN_MISMATCH;
}

const char *pol_name_of(const struct fo_policy *p, int node)
{
    return node >= 0 && node < p->n_nodes ? p->nodes[node].name : "(none)";
}

void pol_note(struct fo_policy *p, long long now, enum fo_note_kind kind, int node, int to,
                 const char *fmt, ...)
{
    struct fo_note *n;
    va_list ap;

    if (p->n_notes == FO_MAX_NOTES) {
        /* The caller drains after every input; this would be a bug in it.
         * Keep the newest: drop the oldest. */
        memmove(&p->notes[0], &p->notes[1], sizeof(p->notes[0]) * (FO_MAX_NOTES - 1));
        p->n_notes--;
    }
    n = &p->notes[p->n_notes++];
    n->kind = kind;
    n->state = p->gstate;
    n->t = now;
    n->node = node;
    n->to = to;
    va_start(ap, fmt);
    vsnprintf(n->text, sizeof(n->text), fmt, ap);
    va_end(ap);
}

void pol_command(struct fo_policy *p, enum fo_cmd_kind kind, int node)
{
    if (p->n_cmds < FO_MAX_CMDS) {
        p->cmds[p->n_cmds].kind = kind;
        p->cmds[p->n_cmds].node = node;
        p->n_cmds++;
    }
}

void pol_set_group(struct fo_policy *p, long long now, enum fo_gstate state, int owner)
{
    const char *how = "";

    if (p->gstate == state && p->owner == owner)
        return;
    p->gstate = state;
    p->owner = owner;
    if (state == FO_G_PENDING)
        how = p->op == FO_OP_ONLINE ? ": bringing it online"
              : p->op == FO_OP_RESTART_DELAY ? ": waiting RestartDelay to restart it"
                                             : ": taking it offline";
    if (owner < 0)
        pol_note(p, now, FO_N_GROUP, owner, -1, "group %s", fo_gstate_name(state));
    else
        pol_note(p, now, FO_N_GROUP, owner, -1, "group %s on %s%s", fo_gstate_name(state),
             pol_name_of(p, owner), how);
}

void fo_policy_init(struct fo_policy *p, const struct fo_scenario *s)
{
    int in_order[FO_MAX_NODES] = { 0 };
    int k;

    memset(p, 0, sizeof(*p));
    p->era = s->era;
    p->n_nodes = s->n_nodes;
    for (int i = 0; i < s->n_preferred; i++) {
        p->order[i] = s->preferred[i];
        p->preferred[i] = s->preferred[i];
        in_order[s->preferred[i]] = 1;
    }
    p->n_preferred = s->n_preferred;
    k = s->n_preferred;
    for (int i = 0; i < s->n_nodes; i++)
        if (!in_order[i])
            p->order[k++] = i;
    for (int i = 0; i < s->n_nodes; i++) {
        snprintf(p->nodes[i].name, sizeof(p->nodes[i].name), "%s", s->nodes[i].name);
        p->nodes[i].up = 1;
        p->nodes[i].rstate = FO_R_OFFLINE;
        p->nodes[i].possible = s->possible[i];
    }
    p->restart_action = s->restart_action;
    p->restart_threshold = s->restart_threshold;
    p->restart_period_ms = s->restart_period_ms;
    p->failover_threshold = fo_era_failover_threshold(s->era, s->failover_threshold,
                                                      s->n_nodes);
    p->failover_period_ms = s->failover_period_ms;
    p->failback = s->failback;
    p->failback_start = s->failback_start;
    p->failback_end = s->failback_end;
    p->retry_period_ms = s->retry_period_ms;
    p->restart_delay_ms = s->restart_delay_ms;
    p->gstate = FO_G_OFFLINE;
    p->owner = -1;
    p->op = FO_OP_NONE;
    p->op_node = -1;
    p->move_target = -1;
    p->restart_node = -1;
    p->retry_at = -1;
    fo_policy_set_clock(p, 0, s->clock_ms);
}

int fo_policy_busy(const struct fo_policy *p)
{
    return p->op != FO_OP_NONE;
}

int pol_eligible(const struct fo_policy *p, int node)
{
    return node >= 0 && p->nodes[node].up && p->nodes[node].possible;
}

static int order_pos(const struct fo_policy *p, int node)
{
    for (int i = 0; i < p->n_nodes; i++)
        if (p->order[i] == node)
            return i;
    return -1;
}

int pol_preferred_pos(const struct fo_policy *p, int node)
{
    for (int i = 0; i < p->n_preferred; i++)
        if (p->preferred[i] == node)
            return i;
    return -1;
}

/* The next eligible node after `from` in the order, wrapping; never from. */
int pol_next_after(const struct fo_policy *p, int from)
{
    int start = from >= 0 ? order_pos(p, from) : -1;

    for (int k = 1; k <= p->n_nodes; k++) {
        int node = p->order[(start + k + p->n_nodes) % p->n_nodes];
        if (node != from && pol_eligible(p, node))
            return node;
    }
    return -1;
}

int fo_policy_next_node(const struct fo_policy *p, int from)
{
    return pol_next_after(p, from);
}

/* The next preferred owner after the owner in the preferred list, wrapping
 * (from the top when the owner is not preferred); without one, the next
 * node in the order. */
int fo_policy_move_target(const struct fo_policy *p)
{
    int start = pol_preferred_pos(p, p->owner);

    for (int k = 1; k <= p->n_preferred; k++) {
        int node = p->preferred[(start + k + p->n_preferred) % p->n_preferred];
        if (node != p->owner && pol_eligible(p, node))
            return node;
    }
    return pol_next_after(p, p->owner);
}

static void prune(long long *times, int *n, long long now, long period)
{
    int keep = 0;

    if (period <= 0)
        return;     /* no window: every one counts */
    for (int i = 0; i < *n; i++)
        if (now - times[i] < period)
            times[keep++] = times[i];
    *n = keep;
}

static void push_time(long long *times, int *n, long long now)
{
    if (*n == FO_MAX_TIMES) {
        memmove(times, times + 1, sizeof(*times) * (FO_MAX_TIMES - 1));
        (*n)--;
    }
    times[(*n)++] = now;
}

void pol_reset_restarts(struct fo_policy *p, long long now, int node)
{
    p->restart_node = node;
    p->restart_count = 0;
    p->restart_since = now;
}

void pol_start_online(struct fo_policy *p, long long now, int node)
{
    struct fo_pnode *n = &p->nodes[node];

    if (p->restart_node != node)
        pol_reset_restarts(p, now, node);
    p->op = FO_OP_ONLINE;
    p->op_node = node;
    p->move_target = -1;
    p->retry_at = -1;
    n->status_seen = 0;
    n->errors[0] = 0;
    n->tried = 1;
    pol_set_group(p, now, FO_G_PENDING, node);
    pol_command(p, FO_CMD_ONLINE, node);
}

static void append(char *dst, size_t size, const char *sep, const char *text)
{
    size_t len = strlen(dst);

    if (len + 1 >= size)
        return;
    snprintf(dst + len, size - len, "%s%s", len ? sep : "", text);
}

void pol_group_failed(struct fo_policy *p, long long now, int where, const char *why)
{
    char summary[FO_NOTE_LEN] = "";

    p->op = FO_OP_NONE;
    p->op_node = -1;
    p->move_target = -1;
    snprintf(p->failed_why, sizeof(p->failed_why), "%s", why);
    for (int i = 0; i < p->n_nodes; i++) {
        const struct fo_pnode *n = &p->nodes[i];
        char r[FO_REASON_LEN];
        if (!n->up)
            snprintf(r, sizeof(r), "the node is down");
        else if (!n->possible)
            snprintf(r, sizeof(r), "not a possible owner of the resource");
        else if (n->refused)
            snprintf(r, sizeof(r), "refused Online (0x%08X): %s", (unsigned)n->refused_code,
                     n->reason[0] ? n->reason : "(no error logged)");
        else if (n->reason[0])
            snprintf(r, sizeof(r), "failed: %s", n->reason);
        else if (n->tried)
            snprintf(r, sizeof(r), "failed (no error logged)");
        else
            snprintf(r, sizeof(r), "not tried");
        memcpy(p->failed_reason[i], r, sizeof(r));
    }
    for (int i = 0; i < p->n_nodes; i++) {
        char one[FO_REASON_LEN + 32];
        snprintf(one, sizeof(one), "%s: %.300s", p->nodes[i].name, p->failed_reason[i]);
        append(summary, sizeof(summary), "; ", one);
    }
    pol_set_group(p, now, FO_G_FAILED, where);
    pol_note(p, now, FO_N_FAILED, where, -1, "the group has failed: %s. %s", why, summary);
    if (p->retry_period_ms >= 0 && where >= 0) {
        p->retry_at = now + p->retry_period_ms;
        pol_note(p, now, FO_N_INFO, where, -1, "RetryPeriodOnFailure: the cluster tries the "
             "resource again on %s in %ld ms unless the administrator acts first",
             pol_name_of(p, where), p->retry_period_ms);
    }
}

/* counted: a resource past its restart threshold (it counts toward
 * FailoverThreshold); a node going down does not. */
static void failover(struct fo_policy *p, long long now, int from, const char *why, int counted)
{
    int target;
    char text[300];

    if (counted) {
        prune(p->failover_times, &p->n_failover_times, now, p->failover_period_ms);
        if ((uint32_t)p->n_failover_times >= p->failover_threshold) {
            snprintf(text, sizeof(text), "%s; FailoverThreshold %u reached (%d failovers "
                     "within FailoverPeriod), so the group is left failed", why,
                     (unsigned)p->failover_threshold, p->n_failover_times);
            pol_group_failed(p, now, from, text);
            return;
        }
    }
    target = pol_next_after(p, from);
    if (target < 0) {
        snprintf(text, sizeof(text), "%s; no other node can host the group (up and a possible "
                 "owner of the resource)", why);
        pol_group_failed(p, now, from, text);
        return;
    }
    if (counted)
        push_time(p->failover_times, &p->n_failover_times, now);
    p->total_failovers++;
    p->failed_over = 1;
    pol_note(p, now, FO_N_FAILOVER, from, target, "failover %d: %s -> %s (%s%s)",
             p->total_failovers,
         pol_name_of(p, from), pol_name_of(p, target), why,
         counted ? "" : "; not counted toward FailoverThreshold");
    pol_start_online(p, now, target);
}

static void restart(struct fo_policy *p, long long now, int node)
{
    if (p->restart_delay_ms > 0) {
        p->op = FO_OP_RESTART_DELAY;
        p->op_node = node;
        p->restart_at = now + p->restart_delay_ms;
        pol_set_group(p, now, FO_G_PENDING, node);
        return;
    }
    pol_start_online(p, now, node);
}

/* The resource failed on node, which owns or was bringing up the group.
 * A refused Online is a failure like any other. */
static void resource_failed(struct fo_policy *p, long long now, int node)
{
    struct fo_pnode *n = &p->nodes[node];
    char why[200];

    snprintf(n->reason, sizeof(n->reason), "%s", n->errors[0] ? n->errors : "");
    if (p->op == FO_OP_ONLINE && n->status_seen && fo_is_refusal(n->status)) {
        n->refused = 1;
        n->refused_code = n->status;
        pol_note(p, now, FO_N_REFUSED, node, -1, "%s refused Online with 0x%08X, so the resource "
             "failed there: %s", n->name, (unsigned)n->status,
             n->reason[0] ? n->reason : "(no error logged)");
    } else {
        n->refused = 0;
    }
    if (p->restart_action == FO_RESTART_NONE) {
        pol_group_failed(p, now, node,
                         "the resource failed and its RestartAction is 'do not restart'");
        return;
    }
    if (p->restart_node != node)
        pol_reset_restarts(p, now, node);
    if (p->restart_period_ms > 0 && now - p->restart_since >= p->restart_period_ms) {
        /* RestartPeriod has passed since the count started: back to zero. */
        pol_reset_restarts(p, now, node);
    }
    if (p->restart_count < p->restart_threshold) {
        if (p->restart_count == 0)
            p->restart_since = now;
        p->restart_count++;
        p->total_restarts++;
        pol_note(p, now, FO_N_RESTART, node, node, "restart %u of %u on %s (RestartThreshold %u "
             "within RestartPeriod %ld s)%s", (unsigned)p->restart_count,
             (unsigned)p->restart_threshold, n->name, (unsigned)p->restart_threshold,
             p->restart_period_ms / 1000, p->restart_delay_ms > 0 ? ", after RestartDelay" : "");
        restart(p, now, node);
        return;
    }
    if (p->restart_action == FO_RESTART_NO_FAILOVER) {
        pol_group_failed(p, now, node, "RestartThreshold exceeded and RestartAction says not "
                         "to fail the group over");
        return;
    }
    snprintf(why, sizeof(why), "RestartThreshold %u exceeded on %s",
             (unsigned)p->restart_threshold, n->name);
    failover(p, now, node, why, 1);
}

void fo_policy_online_returned(struct fo_policy *p, long long now, int node, uint32_t status)
{
    (void)now;
    if (node < 0 || node >= p->n_nodes)
        return;
    p->nodes[node].status_seen = 1;
    p->nodes[node].status = status;
}

void fo_policy_log(struct fo_policy *p, long long now, int node, int is_error, const char *text)
{
    (void)now;
    if (node < 0 || node >= p->n_nodes || !is_error)
        return;
    append(p->nodes[node].errors, sizeof(p->nodes[node].errors), " | ", text);
}

static void offline_done(struct fo_policy *p, long long now, int node)
{
    if (p->op == FO_OP_OFFLINE_MOVE && p->op_node == node) {
        int target = p->move_target;
        if (!pol_eligible(p, target)) {
            /* The target went down meanwhile: stay here. */
            pol_note(p, now, FO_N_INFO, node, target, "%s cannot take the group now; the move is "
                 "abandoned", pol_name_of(p, target));
            target = node;
        }
        pol_start_online(p, now, target);
    } else if (p->op == FO_OP_OFFLINE && p->op_node == node) {
        p->op = FO_OP_NONE;
        p->op_node = -1;
        pol_set_group(p, now, FO_G_OFFLINE, node);
    }
}

void fo_policy_res_state(struct fo_policy *p, long long now, int node, enum fo_rstate state)
{
    if (node < 0 || node >= p->n_nodes)
        return;
    p->nodes[node].rstate = state;
    if (!(node == p->op_node || (p->op == FO_OP_NONE && node == p->owner)))
        return;     /* not the node the group is on: nothing to decide */
    if (p->op == FO_OP_RESTART_DELAY)
        return;     /* the failure is known; the restart is due later */
    switch (state) {
    case FO_R_ONLINE:
        if (p->op == FO_OP_ONLINE) {
            p->op = FO_OP_NONE;
            p->op_node = -1;
            p->nodes[node].refused = 0;
            pol_set_group(p, now, FO_G_ONLINE, node);
        }
        break;
    case FO_R_FAILED:
        if (p->op == FO_OP_OFFLINE_MOVE || p->op == FO_OP_OFFLINE) {
            /* Failed while going offline: it is not running, which is what
             * the offline wanted. */
            offline_done(p, now, node);
        } else if (p->op == FO_OP_ONLINE || p->gstate == FO_G_ONLINE) {
            resource_failed(p, now, node);
        }
        break;
    case FO_R_OFFLINE:
        if (p->op == FO_OP_OFFLINE_MOVE || p->op == FO_OP_OFFLINE) {
            offline_done(p, now, node);
        } else if (p->op == FO_OP_ONLINE || p->gstate == FO_G_ONLINE) {
            /* Offline without being asked: treat as a failure. */
            resource_failed(p, now, node);
        }
        break;
    default:
        break;
    }
}

void fo_policy_node_down(struct fo_policy *p, long long now, int node)
{
    char why[64];

    if (node < 0 || node >= p->n_nodes || !p->nodes[node].up)
        return;
    p->nodes[node].up = 0;
    p->nodes[node].rstate = FO_R_DOWN;
    snprintf(p->nodes[node].reason, sizeof(p->nodes[node].reason), "the node went down");
    pol_note(p, now, FO_N_INFO, node, -1, "%s is down", p->nodes[node].name);
    if ((p->op == FO_OP_OFFLINE_MOVE || p->op == FO_OP_OFFLINE) && p->op_node == node) {
        offline_done(p, now, node);
        return;
    }
    if (((p->op == FO_OP_ONLINE || p->op == FO_OP_RESTART_DELAY) && p->op_node == node)
        || (p->op == FO_OP_NONE && p->gstate == FO_G_ONLINE && p->owner == node)) {
        p->op = FO_OP_NONE;
        p->op_node = -1;
        p->retry_at = -1;
        snprintf(why, sizeof(why), "%s is down", p->nodes[node].name);
        failover(p, now, node, why, 0);
    }
}

void fo_policy_node_changed(struct fo_policy *p, long long now, int node)
{
    if (node < 0 || node >= p->n_nodes)
        return;
    if (p->nodes[node].refused) {
        p->nodes[node].refused = 0;
        pol_note(p, now, FO_N_INFO, node, -1, "%s changed since it refused the resource (the "
             "cluster does not know; it tries the node when its policy says so)",
             p->nodes[node].name);
    }
}

void fo_policy_all_changed(struct fo_policy *p, long long now)
{
    for (int i = 0; i < p->n_nodes; i++)
        fo_policy_node_changed(p, now, i);
}
