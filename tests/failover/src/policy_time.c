/*
 * policy_time.c - the rules that time drives: failback (AutoFailbackType,
 * FailbackWindowStart/End on the cluster's local clock), RestartDelay and
 * RetryPeriodOnFailure. See policy.h and ../README.md, "The policy".
 */
#include "policy.h"
#include "policy_int.h"

#define DAY_MS (24LL * 3600 * 1000)

void fo_policy_set_clock(struct fo_policy *p, long long now, long ms_of_day)
{
    p->midnight = now - ms_of_day;
    p->window_open = -1;    /* unknown until the next tick */
}

static int window_open(const struct fo_policy *p, long long now)
{
    long long ms = (now - p->midnight) % DAY_MS;
    int hour;

    if (p->failback_start < 0 || p->failback_end < 0)
        return 1;   /* no window: failback at once */
    if (ms < 0)
        ms += DAY_MS;
    hour = (int)(ms / 3600000);
    if (p->failback_start < p->failback_end)
        return hour >= p->failback_start && hour < p->failback_end;
    return hour >= p->failback_start || hour < p->failback_end;   /* past midnight */
}

/* The most preferred node that is up, a possible owner, and more preferred
 * than the owner, or -1. */
static int failback_target(const struct fo_policy *p)
{
    int owner = pol_preferred_pos(p, p->owner);

    if (!p->failback || !p->failed_over || p->op != FO_OP_NONE || p->gstate != FO_G_ONLINE
        || p->owner < 0)
        return -1;
    for (int i = 0; i < p->n_preferred && (owner < 0 || i < owner); i++)
        if (pol_eligible(p, p->preferred[i]))
            return p->preferred[i];
    return -1;
}

static void failback(struct fo_policy *p, long long now, int target, const char *why)
{
    pol_note(p, now, FO_N_FAILBACK, p->owner, target, "failback to %s: %s", pol_name_of(p, target),
             why);
    p->failed_over = 0;
    pol_reset_restarts(p, now, target);
    p->op = FO_OP_OFFLINE_MOVE;
    p->op_node = p->owner;
    p->move_target = target;
    pol_set_group(p, now, FO_G_PENDING, p->owner);
    pol_command(p, FO_CMD_OFFLINE, p->owner);
}

void fo_policy_node_up(struct fo_policy *p, long long now, int node)
{
    struct fo_pnode *n;
    int target;

    if (node < 0 || node >= p->n_nodes || p->nodes[node].up)
        return;
    n = &p->nodes[node];
    n->up = 1;
    n->rstate = FO_R_OFFLINE;
    n->refused = 0;
    n->reason[0] = 0;
    pol_note(p, now, FO_N_INFO, node, -1, "%s is up", n->name);
    target = failback_target(p);
    if (target != node)
        return;
    if (window_open(p, now))
        failback(p, now, node, "it is back and preferred");
    else
        pol_note(p, now, FO_N_INFO, node, -1, "%s is back and preferred, but outside the failback "
             "window (%02d:00 to %02d:00): the group fails back when the window opens",
             n->name, p->failback_start, p->failback_end);
}

void fo_policy_tick(struct fo_policy *p, long long now)
{
    int open = window_open(p, now);

    if (p->op == FO_OP_RESTART_DELAY && now >= p->restart_at)
        pol_start_online(p, now, p->op_node);
    if (p->retry_at >= 0 && now >= p->retry_at && p->op == FO_OP_NONE
        && p->gstate == FO_G_FAILED) {
        int node = p->owner;
        p->retry_at = -1;
        if (pol_eligible(p, node)) {
            pol_note(p, now, FO_N_INFO, node, -1, "RetryPeriodOnFailure (%ld ms) has passed: the "
                 "cluster brings the resource online again on %s", p->retry_period_ms,
                 pol_name_of(p, node));
            pol_reset_restarts(p, now, node);
            pol_start_online(p, now, node);
        }
    }
    if (open && p->window_open != 1) {
        int target = failback_target(p);
        if (target >= 0)
            failback(p, now, target, "the failback window opened");
    }
    p->window_open = open;
}

long long fo_policy_next_due(const struct fo_policy *p, long long now)
{
    long long due = -1;

    if (p->op == FO_OP_RESTART_DELAY)
        due = p->restart_at;
    if (p->retry_at >= 0 && (due < 0 || p->retry_at < due))
        due = p->retry_at;
    if (p->failback && p->failback_start >= 0) {
        /* The next full hour: a window can only open on one. */
        long long ms = (now - p->midnight) % 3600000;
        long long hour = now + (3600000 - (ms < 0 ? ms + 3600000 : ms));
        if (due < 0 || hour < due)
            due = hour;
    }
    return due;
}

