/*
 * policy_admin.c - the administrator's requests to the group policy:
 * online, offline, move, and the resource's Possible Owners. Each is
 * refused (with the reason in why) while the cluster is busy or when the
 * cluster would refuse it. See policy.h.
 */
#include "policy.h"
#include "policy_int.h"

#include <stdio.h>
#include <string.h>

static int refuse_busy(const struct fo_policy *p, char *why, size_t why_size)
{
    if (p->op == FO_OP_NONE)
        return 0;
    snprintf(why, why_size, "the group is changing (%s on %s)",
             p->op == FO_OP_ONLINE ? "online"
             : p->op == FO_OP_RESTART_DELAY ? "restart" : "offline",
             pol_name_of(p, p->op_node));
    return 1;
}

int fo_policy_online(struct fo_policy *p, long long now, char *why, size_t why_size)
{
    int target;

    if (refuse_busy(p, why, why_size))
        return -1;
    if (p->gstate == FO_G_ONLINE) {
        snprintf(why, why_size, "the group is already online on %s", pol_name_of(p, p->owner));
        return -1;
    }
    /* On its owner; a group that never had one starts at the top of the
     * order. The administrator's action starts the restart count afresh. */
    target = pol_eligible(p, p->owner) ? p->owner : pol_next_after(p, -1);
    if (target < 0) {
        pol_group_failed(p, now, p->owner, "no node can host the group (up and a possible owner)");
        return 0;
    }
    pol_note(p, now, FO_N_INFO, target, -1, "bring the group online on %s", pol_name_of(p, target));
    pol_reset_restarts(p, now, target);
    pol_start_online(p, now, target);
    return 0;
}

int fo_policy_offline(struct fo_policy *p, long long now, char *why, size_t why_size)
{
    if (refuse_busy(p, why, why_size))
        return -1;
    p->retry_at = -1;
    if (p->gstate == FO_G_ONLINE) {
        p->op = FO_OP_OFFLINE;
        p->op_node = p->owner;
        pol_set_group(p, now, FO_G_PENDING, p->owner);
        pol_command(p, FO_CMD_OFFLINE, p->owner);
        return 0;
    }
    pol_set_group(p, now, FO_G_OFFLINE, p->owner);
    return 0;
}

int fo_policy_move(struct fo_policy *p, long long now, int target, char *why, size_t why_size)
{
    if (refuse_busy(p, why, why_size))
        return -1;
    if (target < 0) {
        target = fo_policy_move_target(p);
        if (target < 0) {
            snprintf(why, why_size, "no other node can take the group");
            return -1;
        }
    }
    if (!p->nodes[target].up) {
        snprintf(why, why_size, "%s is down", pol_name_of(p, target));
        return -1;
    }
    if (!p->nodes[target].possible) {
        snprintf(why, why_size, "%s is not a possible owner of the resource (error 5015, "
                 "ERROR_HOST_NODE_NOT_RESOURCE_OWNER): cluster resource /addowner:%s first",
                 pol_name_of(p, target), pol_name_of(p, target));
        return -1;
    }
    if (target == p->owner && p->gstate == FO_G_ONLINE) {
        snprintf(why, why_size, "the group is already on %s", pol_name_of(p, target));
        return -1;
    }
    pol_note(p, now, FO_N_MOVE, p->owner, target, "move the group from %s to %s",
         pol_name_of(p, p->owner), pol_name_of(p, target));
    p->retry_at = -1;
    p->failed_over = 0;     /* where the administrator puts it, it stays */
    pol_reset_restarts(p, now, target);
    if (p->gstate == FO_G_ONLINE) {
        p->op = FO_OP_OFFLINE_MOVE;
        p->op_node = p->owner;
        p->move_target = target;
        pol_set_group(p, now, FO_G_PENDING, p->owner);
        pol_command(p, FO_CMD_OFFLINE, p->owner);
    } else if (p->gstate == FO_G_FAILED) {
        /* Moving a failed group brings it up on the target. */
        pol_start_online(p, now, target);
    } else {
        pol_set_group(p, now, p->gstate, target);
    }
    return 0;
}

int fo_policy_set_possible(struct fo_policy *p, long long now, int node, int on, char *why,
                           size_t why_size)
{
    int others = 0;

    if (node < 0 || node >= p->n_nodes) {
        snprintf(why, why_size, "no such node");
        return -1;
    }
    if (p->nodes[node].possible == on) {
        snprintf(why, why_size, "%s is %s a possible owner of the resource", pol_name_of(p, node),
                 on ? "already" : "not");
        return -1;
    }
    for (int i = 0; i < p->n_nodes; i++)
        others += i != node && p->nodes[i].possible;
    if (!on && !others) {
        snprintf(why, why_size, "%s is the resource's last possible owner: without one the "
                 "group cannot come online anywhere", pol_name_of(p, node));
        return -1;
    }
    p->nodes[node].possible = on;
    pol_note(p, now, FO_N_INFO, node, -1, on ? "%s is a possible owner of the resource again: "
         "the cluster may bring it online there" : "%s is no longer a possible owner of the "
         "resource: the cluster never brings it online there", pol_name_of(p, node));
    return 0;
}
