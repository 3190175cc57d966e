/*
 * scn_step.c - the scenario's steps: when, the action and its arguments,
 * and the expectations (expect ...) with their conditions.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scn_int.h"

/* ------------------------------------------------------------ steps */

/* The codes of the DLL's preflight findings: what a refusal can carry.
 * Answers whether code is one, and the lowest and highest for messages. */
static int refusal_code(uint32_t code, uint32_t *lo, uint32_t *hi)
{
    int found = 0;

    *lo = *hi = 0;
    for (int f = 0; f < IG_F_COUNT; f++) {
        uint32_t e = ig_finding_error((ig_finding)f);
        if (!e)
            continue;
        found |= e == code;
        if (!*lo || e < *lo)
            *lo = e;
        if (e > *hi)
            *hi = e;
    }
    return found;
}

/* res=<node>:<state> */
static int cond_res(struct parser *p, struct fo_cond *c, const char *v)
{
    char node[64];
    const char *colon = strchr(v, ':');
    c->kind = FO_C_RES;
    if (!colon || (size_t)(colon - v) >= sizeof(node))
        return scn_fail(p, "expect res=: <node>:<state>, like res=NODE-B:Failed");
    memcpy(node, v, (size_t)(colon - v));
    node[colon - v] = 0;
    if (scn_want_node(p, node, "expect res=", &c->node))
        return -1;
    if (!fo_rstate_parse(colon + 1, &c->rstate) || c->rstate == FO_R_UNKNOWN)
        return scn_fail(p, "expect res=: Online, Offline, OnlinePending, OfflinePending, "
                        "Failed or Down, not '%s'", colon + 1);
    return 0;
}

/* refused=<node>[:<code>], not-refused=<node> */
static int cond_refused(struct parser *p, struct fo_cond *c, const char *key, const char *v)
{
    uint32_t lo, hi;
    char node[64];
    const char *colon = strchr(v, ':');
    size_t n = colon ? (size_t)(colon - v) : strlen(v);
    c->kind = key[0] == 'r' ? FO_C_REFUSED : FO_C_NOT_REFUSED;
    if (n >= sizeof(node))
        return scn_fail(p, "expect %s=: '%s' is not a node name", key, v);
    memcpy(node, v, n);
    node[n] = 0;
    if (scn_want_node(p, node, key[0] == 'r' ? "expect refused=" : "expect not-refused=",
                      &c->node))
        return -1;
    if (colon) {
        if (c->kind == FO_C_NOT_REFUSED)
            return scn_fail(p, "expect not-refused=: just the node, no code");
        if (!scn_parse_u32(colon + 1, &c->code))
            return scn_fail(p, "expect refused=: '%s' is not an error code (like 0x20490006)",
                            colon + 1);
        if (!refusal_code(c->code, &lo, &hi))
            return scn_fail(p, "expect refused=: %s is not a code IMS Guard refuses Online "
                            "with (0x%08X to 0x%08X: the IMSGUARD_E_ codes of "
                            "include/imsguard.h for its preflight findings)", colon + 1,
                            (unsigned)lo, (unsigned)hi);
        c->has_code = 1;
    }
    return 0;
}

/* log=[<node>]:<text> or log=<text>, reason=<node>:<text> */
static int cond_text(struct parser *p, struct fo_cond *c, const char *key, const char *v)
{
    const char *colon = strchr(v, ':');
    const char *text = v;
    c->kind = key[0] == 'l' ? FO_C_LOG : FO_C_REASON;
    /* Before a colon comes a node, or nothing (log=:text: every node);
     * never a guess, so a mistyped node is not searched for as text. */
    if (colon) {
        char node[64];
        size_t n = (size_t)(colon - v);
        if (n >= sizeof(node))
            return scn_fail(p, "expect %s=: '%.*s' is not a node name", key, (int)n, v);
        memcpy(node, v, n);
        node[n] = 0;
        text = colon + 1;
        if (n && c->kind == FO_C_REASON && scn_want_node(p, node, "expect reason=", &c->node))
            return -1;
        if (n && c->kind == FO_C_LOG && (c->node = fo_node_index(p->s, node)) < 0) {
            char list[200];
            scn_node_list(p->s, list, sizeof(list));
            return scn_fail(p, "expect log=: no node named '%s' (nodes: %s); to look for text "
                            "with a colon on every node, write log=:%s", node, list, v);
        }
    }
    if (c->kind == FO_C_REASON && c->node < 0)
        return scn_fail(p, "expect reason=: <node>:<text>, like reason=NODE-A:Q194128");
    if (!*text)
        return scn_fail(p, "expect %s=: the text to look for is empty", key);
    if (!scn_copy(c->text, sizeof(c->text), text))
        return scn_fail(p, "expect %s=: the text is too long", key);
    return 0;
}

static int parse_cond(struct parser *p, const char *word, struct fo_step *st)
{
    struct fo_cond *c;
    char key[32];
    const char *v;
    const char *le, *eq;

    if (!strcmp(word, "expect"))
        return scn_fail(p, "'expect' appears twice in one step");
    if (st->n_conds == FO_MAX_CONDS)
        return scn_fail(p, "at most %d expectations per step", FO_MAX_CONDS);
    c = &st->conds[st->n_conds];
    memset(c, 0, sizeof(*c));
    c->node = -1;
    scn_copy(c->src, sizeof(c->src), word);

    /* failover<=10s / failover<10s */
    le = strchr(word, '<');
    eq = strchr(word, '=');
    if (le && (!eq || le < eq)) {
        if (strncmp(word, "failover<", 9))
            return scn_fail(p, "expect: '%s': only failover takes a bound (failover<=10s)", word);
        v = word + 9;
        if (*v == '=')
            v++;
        c->kind = FO_C_FAILOVER_TIME;
        if (scn_want_duration(p, v, "expect failover<=", &c->ms))
            return -1;
        st->n_conds++;
        return 0;
    }
    v = scn_kv(word, key, sizeof(key));
    if (!v)
        return scn_fail(p, "expect: '%s' is not key=value (owner=, state=, res=, refused=, "
                        "not-refused=, log=, reason=, restarts=, failovers=, failover<=, within=)",
                        word);
    if (!strcmp(key, "within")) {
        if (scn_want_duration(p, v, "expect within=", &st->within_ms))
            return -1;
        if (st->within_ms == 0)
            return scn_fail(p, "expect within=: must be above 0");
        return 0;
    }
    if (!strcmp(key, "owner")) {
        c->kind = FO_C_OWNER;
        if (strcmp(v, "none") && scn_want_node(p, v, "expect owner=", &c->node))
            return -1;
    } else if (!strcmp(key, "state")) {
        c->kind = FO_C_STATE;
        if (!fo_gstate_parse(v, &c->gstate))
            return scn_fail(p, "expect state=: Online, Offline, Pending or Failed, not '%s'", v);
    } else if (!strcmp(key, "res")) {
        if (cond_res(p, c, v))
            return -1;
    } else if (!strcmp(key, "refused") || !strcmp(key, "not-refused")) {
        if (cond_refused(p, c, key, v))
            return -1;
    } else if (!strcmp(key, "log") || !strcmp(key, "reason")) {
        if (cond_text(p, c, key, v))
            return -1;
    } else if (!strcmp(key, "restarts") || !strcmp(key, "failovers")) {
        uint32_t n;
        c->kind = key[0] == 'r' ? FO_C_RESTARTS : FO_C_FAILOVERS;
        if (scn_want_u32(p, v, key, &n))
            return -1;
        c->n = (long)n;
    } else {
        return scn_fail(p, "expect: unknown condition '%s' (owner=, state=, res=, refused=, "
                        "not-refused=, log=, reason=, restarts=, failovers=, failover<=, within=)",
                        key);
    }
    st->n_conds++;
    return 0;
}

static int node_arg(struct parser *p, struct fo_step *st, char **w, int n, int *i, int required)
{
    if (*i < n && strcmp(w[*i], "expect") && strcmp(w[*i], "sticky")) {
        if (scn_want_node(p, w[*i], fo_action_name(st->action), &st->node))
            return -1;
        (*i)++;
    } else if (required) {
        return scn_fail(p, "%s: name the node (%s <node>)", fo_action_name(st->action),
                        fo_action_name(st->action));
    }
    return 0;
}

/* at <time>: when the step starts (*start_ms: at the earliest, from the
 * steps before it), checked against the order and the time limit. */
static int step_time(struct parser *p, struct fo_step *st, char **w, int n, long *start_ms)
{
    struct fo_scenario *s = p->s;
    const char *t;

    if (n < 2)
        return scn_fail(p, "at: a time is needed (at 0s ..., at +5s ...)");
    t = w[1];
    if (*t == '+') {
        st->relative = 1;
        t++;
    }
    if (scn_want_duration(p, t, "at", &st->at_ms))
        return -1;
    if (!st->relative) {
        if (st->at_ms < p->last_abs_ms)
            return scn_fail(p, "at %s: earlier than a step before it (use +<duration> for "
                            "\"after the previous step\")", w[1]);
        p->last_abs_ms = st->at_ms;
    }
    if (st->at_ms >= s->limit_ms)
        return scn_fail(p, "at %s: not before the scenario's time limit (%ld s)", w[1],
                        s->limit_ms / 1000);
    /* A step starts after the one before it ended; steps that add up past
     * the limit would end the scenario at its limit instead of testing. */
    *start_ms = st->relative ? p->earliest_end_ms + st->at_ms
                            : (st->at_ms > p->earliest_end_ms ? st->at_ms : p->earliest_end_ms);
    if (*start_ms >= s->limit_ms)
        return scn_fail(p, "at %s: the steps before it take at least %ld s, past the scenario's "
                        "time limit (%ld s)", w[1], *start_ms / 1000, s->limit_ms / 1000);
    p->earliest_end_ms = *start_ms;

    return 0;
}

/* The action's arguments from w[*i] on; *i moves past them. */
static int action_args(struct parser *p, struct fo_step *st, char **w, int n, int *ip,
                       long start_ms)
{
    struct fo_scenario *s = p->s;
    int i = *ip;

    switch (st->action) {
    case FO_A_CHECK:
    case FO_A_ONLINE:
    case FO_A_OFFLINE:
        break;
    case FO_A_MOVE:
        if (node_arg(p, st, w, n, &i, 0))
            return -1;
        break;
    case FO_A_CRASH:
    case FO_A_HANG:
        if (node_arg(p, st, w, n, &i, 0))
            return -1;
        if (i < n && !strcmp(w[i], "sticky")) {
            st->sticky = 1;
            i++;
        }
        break;
    case FO_A_CLEAR_DOMAIN:
    case FO_A_STOP_NODE:
    case FO_A_START_NODE:
    case FO_A_ADD_OWNER:
    case FO_A_REMOVE_OWNER:
        if (node_arg(p, st, w, n, &i, 1))
            return -1;
        break;
    case FO_A_SET_DOMAIN:
        if (node_arg(p, st, w, n, &i, 1))
            return -1;
        if (i >= n || !strcmp(w[i], "expect"))
            return scn_fail(p, "set-domain: set-domain <node> <domain>");
        if (scn_same(w[i], "none") || scn_same(w[i], "clear"))
            return scn_fail(p, "set-domain: '%s' is ambiguous; write clear-domain %s for no "
                            "domain, or %s. for a domain named %s", w[i], w[3], w[i], w[i]);
        if (!scn_copy(st->arg, sizeof(st->arg), w[i++]))
            return scn_fail(p, "set-domain: the domain is too long");
        break;
    case FO_A_SWAP:
        if (node_arg(p, st, w, n, &i, 1))
            return -1;
        if (i >= n || !fo_version_ok(w[i]))
            return scn_fail(p, "swap: swap <node> <IMS version like 5.5.2448.0>");
        scn_copy(st->arg, sizeof(st->arg), w[i++]);
        break;
    case FO_A_SET_PROPERTY:
        if (i >= n || !strcmp(w[i], "expect"))
            return scn_fail(p, "set-property: set-property <Name>=<sz|dword>:<value>");
        if (scn_parse_prop(p, w[i++], &st->prop))
            return -1;
        break;
    case FO_A_WAIT:
        if (i >= n || !strcmp(w[i], "expect"))
            return scn_fail(p, "wait: wait <duration>");
        if (scn_want_duration(p, w[i], "wait", &st->wait_ms))
            return -1;
        if (st->wait_ms >= s->limit_ms)
            return scn_fail(p, "wait: %s is longer than the scenario's time limit (%ld s)",
                            w[i], s->limit_ms / 1000);
        if (start_ms + st->wait_ms >= s->limit_ms)
            return scn_fail(p, "wait: %s from %ld s at the earliest ends past the scenario's "
                            "time limit (%ld s)", w[i], start_ms / 1000, s->limit_ms / 1000);
        p->earliest_end_ms += st->wait_ms;
        i++;
        break;
    case FO_A_COUNT:
        break;
    }
    *ip = i;
    return 0;
}

/* The action: its name, its arguments, then only expect may follow. */
static int parse_action(struct parser *p, struct fo_step *st, char **w, int n, int *i,
                        long start_ms)
{
    const char *a = w[2];
    int found = 0;

    for (int k = 0; k < FO_A_COUNT; k++) {
        if (!strcmp(a, fo_action_name((enum fo_action)k))) {
            st->action = (enum fo_action)k;
            found = 1;
            break;
        }
    }
    if (!found)
        return scn_fail(p, "unknown action '%s' (online, offline, move, crash, hang, "
                        "clear-domain, set-domain, swap, stop-node, start-node, "
                        "set-property, addowner, removeowner, wait, check)", a);
    *i = 3;
    if (action_args(p, st, w, n, i, start_ms))
        return -1;
    if (*i < n && strcmp(w[*i], "expect"))
        return scn_fail(p, "%s: unexpected '%s' (expectations start with 'expect')",
                        fo_action_name(st->action), w[*i]);
    return 0;
}

int scn_parse_step(struct parser *p, char **w, int n, const char *raw)
{
    struct fo_scenario *s = p->s;
    struct fo_step *st;
    long start_ms = 0;
    int i = 2;

    if (!p->seen_step) {
        p->seen_step = 1;
        if (s->n_nodes < FO_MIN_NODES)
            return scn_fail(p, "at least %d nodes are declared before the first step (found %d)",
                            FO_MIN_NODES, s->n_nodes);
    }
    if (s->n_steps == FO_MAX_STEPS)
        return scn_fail(p, "at most %d steps per scenario", FO_MAX_STEPS);
    st = &s->steps[s->n_steps];
    memset(st, 0, sizeof(*st));
    st->line = p->line;
    st->node = -1;
    st->within_ms = 0;      /* not given: the default, below */
    scn_copy(st->text, sizeof(st->text), raw);
    if (step_time(p, st, w, n, &start_ms))
        return -1;

    if (n == 2)
        return scn_fail(p, "at %s: nothing to do (an action, or expect ...)", w[1]);
    if (!strcmp(w[2], "expect"))
        st->action = FO_A_CHECK;
    else if (parse_action(p, st, w, n, &i, start_ms))
        return -1;
    if (i < n) {
        /* w[i] is "expect" */
        if (++i == n)
            return scn_fail(p, "expect: no conditions follow");
        for (; i < n; i++)
            if (parse_cond(p, w[i], st))
                return -1;
    }
    if (st->action == FO_A_CHECK && st->n_conds == 0)
        return scn_fail(p, "at %s: nothing to do (an action, or expect ...)", w[1]);
    if (st->within_ms > s->limit_ms)
        return scn_fail(p, "within=: longer than the scenario's time limit (%ld s)",
                        s->limit_ms / 1000);
    if (!st->within_ms)
        st->within_ms = FO_DEFAULT_WITHIN_MS < s->limit_ms ? FO_DEFAULT_WITHIN_MS : s->limit_ms;
    s->n_steps++;
    return 0;
}
