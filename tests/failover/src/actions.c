/*
 * actions.c - a step's action: the administrator's (online, offline,
 * move, properties, possible owners) and the faults (crash, hang, DNS
 * domain, IMS build, power).
 */
#define _XOPEN_SOURCE 700
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "coord.h"
#include "proplist.h"

#define ERROR_RESOURCE_PROPERTIES_STORED 5024

static const char *build_name(const char *version)
{
    if (!strcmp(version, "5.5.1960.0")) return " (RTM)";
    if (!strcmp(version, "5.5.2232.0")) return " (SP1)";
    if (!strcmp(version, "5.5.2423.0")) return " (the Q194128 fix)";
    if (!strcmp(version, "5.5.2448.0")) return " (SP2)";
    if (!strcmp(version, "5.5.2650.0")) return " (SP3)";
    return "";
}

/* What the step does, short enough for a timeline label. */
static void describe(const struct fo_run *r, const struct fo_step *st, int node, char *out,
                     size_t size)
{
    const char *nn = node >= 0 ? r->s->nodes[node].name : "?";

    switch (st->action) {
    case FO_A_ONLINE:
        snprintf(out, size, "bring %s online", r->s->group_name);
        break;
    case FO_A_OFFLINE:
        snprintf(out, size, "take %s offline", r->s->group_name);
        break;
    case FO_A_MOVE:
        snprintf(out, size, "move %s to %s", r->s->group_name, node >= 0 ? nn : "the next node");
        break;
    case FO_A_CRASH:
        snprintf(out, size, "IMS crashes on %s%s", nn, st->sticky ? " (at every start)" : "");
        break;
    case FO_A_HANG:
        snprintf(out, size, "IMS hangs on %s%s", nn, st->sticky ? " (at every start)" : "");
        break;
    case FO_A_CLEAR_DOMAIN:
        snprintf(out, size, "%s loses its DNS domain", nn);
        break;
    case FO_A_SET_DOMAIN:
        snprintf(out, size, "set %s's DNS domain to %s", nn, st->arg);
        break;
    case FO_A_SWAP:
        snprintf(out, size, "install IMS %s%s on %s", st->arg, build_name(st->arg), nn);
        break;
    case FO_A_STOP_NODE:
        snprintf(out, size, "power off %s", nn);
        break;
    case FO_A_START_NODE:
        snprintf(out, size, "power on %s", nn);
        break;
    case FO_A_ADD_OWNER:
        snprintf(out, size, "cluster resource \"%s\" /addowner:%s", r->s->res_name, nn);
        break;
    case FO_A_REMOVE_OWNER:
        snprintf(out, size, "cluster resource \"%s\" /removeowner:%s", r->s->res_name, nn);
        break;
    case FO_A_SET_PROPERTY:
        if (st->prop.type == FO_PROP_DWORD)
            snprintf(out, size, "set %s=%u", st->prop.name, (unsigned)st->prop.dword);
        else
            snprintf(out, size, "set %s=%s", st->prop.name, st->prop.sz);
        break;
    case FO_A_WAIT:
        snprintf(out, size, "wait %.1f s", (double)st->wait_ms / 1000.0);
        break;
    default:
        snprintf(out, size, "check");
        break;
    }
}

/* The scenario's text as ASCII: any other byte goes as '?' (property names
 * and the values used here are ASCII). */
static void ascii_copy(char *dst, size_t size, const char *src)
{
    size_t n = 0;

    for (; *src && n + 1 < size; src++)
        dst[n++] = (unsigned char)*src < 0x80 ? *src : '?';
    dst[n] = 0;
}

/* A CLUSPROP property list with one property, encoded by the DLL's own
 * writer (resdll/core/proplist.c), as hex for resmon's control command.
 * (tests/wine/proplist.py is the deliberately independent encoder.) */
static void proplist_hex(const struct fo_prop *p, char *out, size_t size)
{
    uint8_t buf[1100];
    char text[FO_TEXT_LEN];
    ig_writer w;
    size_t pos = 0;

    ig_writer_init(&w, buf, sizeof(buf));
    ig_writer_dword(&w, 1);
    ascii_copy(text, sizeof(text), p->name);
    ig_writer_sz_entry_ascii(&w, IG_SYNTAX_NAME, text);
    if (p->type == FO_PROP_DWORD) {
        ig_writer_dword(&w, IG_SYNTAX_LIST_VALUE_DWORD);
        ig_writer_dword(&w, 4);
        ig_writer_dword(&w, p->dword);
    } else {
        ascii_copy(text, sizeof(text), p->sz);
        ig_writer_sz_entry_ascii(&w, IG_SYNTAX_LIST_VALUE_SZ, text);
    }
    ig_writer_dword(&w, IG_SYNTAX_ENDMARK);
    out[0] = 0;
    for (size_t i = 0; i < w.needed && i < sizeof(buf) && pos + 3 < size; i++, pos += 2)
        snprintf(out + pos, size - pos, "%02x", buf[i]);
}

static int do_set_property(struct fo_run *r, const struct fo_step *st, char *msg, size_t size)
{
    int node = r->pol.owner >= 0 && r->nodes[r->pol.owner].mon_up ? r->pol.owner
                                                                   : fo_first_powered(r);
    struct fo_node_rt *n;
    char hex[2400], value[FO_TEXT_LEN + 16];
    long long end;

    if (node < 0) {
        snprintf(msg, size, "no node is running to take the property");
        return -1;
    }
    n = &r->nodes[node];
    proplist_hex(&st->prop, hex, sizeof(hex));
    n->control_seen = 0;
    fo_queue_cmd(n, "control \"%s\" CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES %s", r->s->res_name,
                 hex);
    fo_dispatch(r);
    end = now_ms() + 15000;
    while (!r->aborted && !n->control_seen && now_ms() < end)
        fo_pump(r, 50, 0);
    if (!n->control_seen) {
        snprintf(msg, size, "no answer from ResourceControl on %s", n->name);
        return -1;
    }
    fo_add_event(r, now_ms(), node, EV_POLICY, "SET_PRIVATE_PROPERTIES %s on %s: status %lld%s",
                 st->prop.name, n->name, n->control_status,
                 n->control_status == 0 ? " (stored)"
                 : n->control_status == ERROR_RESOURCE_PROPERTIES_STORED
                     ? " (ERROR_RESOURCE_PROPERTIES_STORED: applies at the next Online)"
                     : " (refused: not stored, not replicated)");
    if (n->control_status != 0 && n->control_status != ERROR_RESOURCE_PROPERTIES_STORED)
        return 0;   /* a refusal is a result, not a harness failure */
    if (st->prop.type == FO_PROP_DWORD)
        snprintf(value, sizeof(value), "%u", (unsigned)st->prop.dword);
    else
        snprintf(value, sizeof(value), "%s", st->prop.sz);
    /* The owner's DLL stored it; the cluster replicates it to the others. */
    for (int i = 0; i < r->s->n_nodes; i++) {
        if (i == node)
            continue;
        if (!r->nodes[i].powered) {
            r->nodes[i].db_stale = 1;
            continue;
        }
        if (fo_helper(r, "res-set", r->nodes[i].dir, r->s->res_name, st->prop.name,
                      st->prop.type == FO_PROP_DWORD ? "dword" : "sz", value, NULL) != 0) {
            snprintf(msg, size, "replicating %s to %s failed (what clusreg said: setup.log)", st->prop.name,
                     r->nodes[i].name);
            return -1;
        }
    }
    fo_policy_all_changed(&r->pol, now_ms());
    return 0;
}

/* cluster resource <res> /addowner:<node> or /removeowner:<node>: the
 * policy checks it, then every running node's database gets the new list. */
static int do_owner(struct fo_run *r, const struct fo_step *st, char *msg, size_t size)
{
    int on = st->action == FO_A_ADD_OWNER;
    char list[FO_MAX_NODES * (FO_NAME_LEN + 1)] = "";

    if (fo_policy_set_possible(&r->pol, now_ms(), st->node, on, msg, size))
        return -1;
    for (int i = 0; i < r->s->n_nodes; i++) {
        if (!r->pol.nodes[i].possible)
            continue;
        snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", list[0] ? "," : "",
                 r->s->nodes[i].name);
    }
    fo_add_event(r, now_ms(), st->node, EV_POLICY, "Possible Owners of %s: %s", r->s->res_name,
                 list);
    for (int i = 0; i < r->s->n_nodes; i++) {
        if (!r->nodes[i].powered) {
            r->nodes[i].db_stale = 1;
            continue;
        }
        if (fo_helper(r, "res-owners", r->nodes[i].dir, r->s->res_name, list, NULL) != 0) {
            snprintf(msg, size, "writing PossibleOwners on %s failed (see setup.log)",
                     r->nodes[i].name);
            return -1;
        }
    }
    return 0;
}

/* An event for the action, narrated; fault marks a fault. */
static void action_event(struct fo_run *r, int node, const char *what, int fault)
{
    struct fo_event *e = fo_add_event(r, now_ms(), node, EV_ACTION, "%s", what);

    e->fault = fault;
    fo_narrate(r, e);
}

/* online, offline, move: once the cluster is quiet, asked of the policy. */
static int do_group_action(struct fo_run *r, int idx, int node, const char *what, char *msg,
                           size_t size)
{
    const struct fo_step *st = &r->s->steps[idx];
    int rc;

    if (!fo_wait_quiet(r, 30000)) {
        snprintf(msg, size, "the cluster did not settle within 30 s before '%s'", what);
        return -1;
    }
    action_event(r, node, what, 0);
    if (st->action == FO_A_MOVE)
        fo_disruption_start(r, idx, what, node >= 0 ? node : fo_policy_move_target(&r->pol));
    if (st->action == FO_A_ONLINE)
        rc = fo_policy_online(&r->pol, now_ms(), msg, size);
    else if (st->action == FO_A_OFFLINE)
        rc = fo_policy_offline(&r->pol, now_ms(), msg, size);
    else
        rc = fo_policy_move(&r->pol, now_ms(), node, msg, size);
    if (rc)
        r->dis_active = 0;
    fo_dispatch(r);
    return rc;
}

/* crash, hang, the DNS domain, the IMS build: changes on the node, made
 * through node.sh. *fault: whether the change is a fault. */
static int change_node(struct fo_run *r, const struct fo_step *st, int node, int *fault,
                       char *msg, size_t size)
{
    struct fo_node_rt *n = &r->nodes[node];

    switch (st->action) {
    case FO_A_CRASH:
    case FO_A_HANG:
        if (!n->powered) {
            snprintf(msg, size, "%s is off", n->name);
            return -1;
        }
        if (fo_helper(r, "fault", n->dir, st->action == FO_A_CRASH ? "crash" : "hang",
                      NULL) != 0) {
            snprintf(msg, size, "imsctl fault %s on %s failed (see setup.log)",
                     fo_action_name(st->action), n->name);
            return -1;
        }
        n->fault_oneshot = !st->sticky;
        *fault = 1;
        return 0;
    case FO_A_CLEAR_DOMAIN:
    case FO_A_SET_DOMAIN:
        if (!n->powered) {
            snprintf(msg, size, "%s is off", n->name);
            return -1;
        }
        if (fo_helper(r, "domain", n->dir, st->action == FO_A_CLEAR_DOMAIN ? "none" : st->arg,
                      NULL) != 0) {
            snprintf(msg, size, "could not change the domain of %s", n->name);
            return -1;
        }
        snprintf(n->domain, sizeof(n->domain), "%s",
                 st->action == FO_A_CLEAR_DOMAIN ? "" : st->arg);
        fo_policy_node_changed(&r->pol, now_ms(), node);
        *fault = st->action == FO_A_CLEAR_DOMAIN;
        return 0;
    default:    /* FO_A_SWAP */
        if (fo_helper(r, "swap", n->dir, st->arg, NULL) != 0) {
            snprintf(msg, size, "could not install IMS %s on %s", st->arg, n->name);
            return -1;
        }
        snprintf(n->ims, sizeof(n->ims), "%s", st->arg);
        fo_policy_node_changed(&r->pol, now_ms(), node);
        *fault = 0;
        return 0;
    }
}

int fo_do_action(struct fo_run *r, int idx, char *msg, size_t size)
{
    const struct fo_step *st = &r->s->steps[idx];
    int node = st->node;
    char what[400];
    int rc = 0, fault = 0;

    msg[0] = 0;
    if ((st->action == FO_A_CRASH || st->action == FO_A_HANG) && node < 0) {
        node = r->pol.owner;
        if (node < 0 || r->pol.gstate != FO_G_ONLINE) {
            snprintf(msg, size, "the group is not online anywhere, so there is no IMS to %s",
                     fo_action_name(st->action));
            return -1;
        }
    }
    describe(r, st, node, what, sizeof(what));

    switch (st->action) {
    case FO_A_WAIT:
        if (r->narrate)
            printf("[%6.1fs] (%s)\n", fo_secs_since0(r, now_ms()), what);
        return 0;
    case FO_A_CHECK:
        return 0;
    case FO_A_ONLINE:
    case FO_A_OFFLINE:
    case FO_A_MOVE:
        return do_group_action(r, idx, node, what, msg, size);
    case FO_A_CRASH:
    case FO_A_HANG:
    case FO_A_CLEAR_DOMAIN:
    case FO_A_SET_DOMAIN:
    case FO_A_SWAP:
        if (change_node(r, st, node, &fault, msg, size))
            return -1;
        break;
    case FO_A_STOP_NODE:
        fo_disruption_start(r, idx, what, -1);
        if (r->dis_active && r->dis_step == idx)
            r->dis_t = now_ms();
        action_event(r, node, what, 1);
        return fo_stop_node(r, node, msg, size);
    case FO_A_START_NODE:
        action_event(r, node, what, 0);
        return fo_start_node(r, node, msg, size);
    case FO_A_SET_PROPERTY:
    case FO_A_ADD_OWNER:
    case FO_A_REMOVE_OWNER:
        action_event(r, node, what, 0);
        rc = st->action == FO_A_SET_PROPERTY ? do_set_property(r, st, msg, size)
                                             : do_owner(r, st, msg, size);
        fo_dispatch(r);
        return rc;
    default:
        return 0;
    }
    /* A change is in place now; a fault where the group runs disrupts it. */
    action_event(r, node, what, fault);
    if (node == r->pol.owner && r->pol.gstate == FO_G_ONLINE)
        fo_disruption_start(r, idx, what, -1);
    fo_dispatch(r);
    return 0;
}
