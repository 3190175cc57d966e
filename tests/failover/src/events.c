/*
 * events.c - the run's record: the event list (with the --narrate narration
 * of each event), the check results, and the disruptions measured from a
 * fault or move to the group online again.
 */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coord.h"

void fo_set_abort(struct fo_run *r, const char *fmt, ...)
{
    va_list ap;

    if (r->aborted)
        return;
    r->aborted = 1;
    va_start(ap, fmt);
    vsnprintf(r->abort_reason, sizeof(r->abort_reason), fmt, ap);
    va_end(ap);
}

double fo_secs_since0(const struct fo_run *r, long long t)
{
    return (double)(t - r->t0_mono) / 1000.0;
}

/* Prints text folded at width with a prefix on every line. */
static void print_folded(const char *prefix, const char *text, int width)
{
    const char *p = text;

    while (*p) {
        int n = (int)strlen(p);
        if (n > width) {
            int cut = width;
            while (cut > 20 && p[cut] != ' ')
                cut--;
            if (cut <= 20)
                cut = width;
            n = cut;
        }
        printf("%s%.*s\n", prefix, n, p);
        p += n;
        while (*p == ' ')
            p++;
    }
}

struct fo_event *fo_add_event(struct fo_run *r, long long t, int node, enum fo_ev_kind kind,
                              const char *fmt, ...)
{
    struct fo_event *e;
    char text[4096];
    va_list ap;

    if (r->n_ev == r->cap_ev) {
        int cap = r->cap_ev ? r->cap_ev * 2 : 512;
        struct fo_event *bigger = realloc(r->ev, sizeof(*bigger) * (size_t)cap);
        if (!bigger) {
            fprintf(stderr, "failover: out of memory for the event list\n");
            exit(2);
        }
        r->ev = bigger;
        r->cap_ev = cap;
    }
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    e = &r->ev[r->n_ev++];
    memset(e, 0, sizeof(*e));
    e->t = t;
    e->wall = t + r->wall_minus_mono;
    e->node = node;
    e->kind = kind;
    e->step = r->step;
    e->text = strdup(text);
    if (!e->text) {
        fprintf(stderr, "failover: out of memory for the event list\n");
        exit(2);
    }
    return e;
}

/* The live narration (--narrate), for the demo: one sentence per thing
 * that matters, and what IMS Guard said, folded. */
void fo_narrate(const struct fo_run *r, const struct fo_event *e)
{
    char prefix[64];
    double t = r->started ? fo_secs_since0(r, e->t) : 0;

    if (!r->narrate || !r->started)
        return;
    snprintf(prefix, sizeof(prefix), "[%6.1fs] ", t);
    switch (e->kind) {
    case EV_ACTION:
        printf("%s%s %s.\n", prefix, e->fault ? "FAULT:" : "Administrator:", e->text);
        break;
    case EV_GROUP:
        if (e->rstate == FO_G_ONLINE)
            printf("%sCluster: the group is ONLINE on %s.\n", prefix,
                   fo_run_node_name(r, e->owner));
        else if (e->rstate == FO_G_FAILED)
            printf("%sCluster: the group has FAILED.\n", prefix);
        else if (e->rstate == FO_G_OFFLINE)
            printf("%sCluster: the group is offline.\n", prefix);
        else if (strstr(e->text, "bringing it online"))
            printf("%sCluster: bringing the group online on %s.\n", prefix,
                   fo_run_node_name(r, e->owner));
        else
            printf("%sCluster: taking the group offline on %s.\n", prefix,
                   fo_run_node_name(r, e->owner));
        break;
    case EV_POLICY:
        if (e->rstate == FO_N_RESTART || e->rstate == FO_N_FAILOVER
            || e->rstate == FO_N_FAILBACK)
            printf("%sCluster: %s.\n", prefix, e->text);
        else if (e->rstate == FO_N_FAILED)
            print_folded("           Cluster: ", e->text, 96);
        else if (e->rstate == FO_N_INFO
                 && (strstr(e->text, "possible owner") || strstr(e->text, "RetryPeriodOnFailure")
                     || strstr(e->text, "failback window")))
            printf("%sCluster: %s.\n", prefix, e->text);
        break;
    case EV_NODE:
        printf("%sCluster: %s.\n", prefix, e->text);
        break;
    case EV_REFUSED:
        printf("%s%s: Online %s\n", prefix, fo_run_node_name(r, e->node), e->text + 7);
        break;
    case EV_LOG:
        if (e->level >= 1 || strstr(e->text, "is running on this node")) {
            printf("%s%s, IMS Guard %s:\n", prefix, fo_run_node_name(r, e->node),
                   e->level == 2 ? "logs an ERROR" : e->level == 1 ? "logs a warning" : "says");
            print_folded("             | ", e->text, 96);
        }
        break;
    case EV_EXPECT:
        if (e->ok)
            printf("%sChecked, as expected: %s\n", prefix, e->text + 4);
        else
            printf("%sChecked: %s\n", prefix, e->text);
        break;
    default:
        break;
    }
    fflush(stdout);
}

void fo_add_result(struct fo_run *r, int step, int pass, const char *name,
                   const char *expected, const char *actual)
{
    struct fo_result *res;

    if (r->n_results == FO_MAX_RESULTS)
        return;
    res = &r->results[r->n_results++];
    memset(res, 0, sizeof(*res));
    res->step = step;
    res->pass = pass;
    res->t = now_ms();
    snprintf(res->name, sizeof(res->name), "%s", name);
    snprintf(res->expected, sizeof(res->expected), "%s", expected);
    snprintf(res->actual, sizeof(res->actual), "%s", actual);
}

/* A disruption starts when a fault or move hits an online group. */
void fo_disruption_start(struct fo_run *r, int step, const char *what, int move_to)
{
    if (r->pol.gstate != FO_G_ONLINE || r->dis_active)
        return;
    r->dis_active = 1;
    r->dis_left = 0;
    r->dis_step = step;
    r->dis_from = r->pol.owner;
    r->dis_move_to = move_to;
    r->dis_t = now_ms();
    snprintf(r->dis_what, sizeof(r->dis_what), "%s", what);
}

void fo_track_group(struct fo_run *r, const struct fo_note *nt)
{
    if (!r->dis_active)
        return;
    if (nt->state != FO_G_ONLINE && nt->state != FO_G_FAILED) {
        r->dis_left = 1;
        return;
    }
    if (nt->state == FO_G_ONLINE && !r->dis_left)
        return;
    if (r->n_metrics < FO_MAX_METRICS) {
        struct fo_metric *m = &r->metrics[r->n_metrics++];
        m->step = r->dis_step;
        snprintf(m->what, sizeof(m->what), "%s", r->dis_what);
        m->t_fault = r->dis_t;
        m->t_online = nt->t;
        m->from = r->dis_from;
        m->to = nt->state == FO_G_ONLINE ? nt->node : -1;
        m->move_to = r->dis_move_to;
    }
    r->dis_active = 0;
}
