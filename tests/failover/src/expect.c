/*
 * expect.c - a step's expectations: each condition judged against the
 * policy's view and the event list, waited for until the cluster is quiet
 * or the step's time is up.
 */
#define _XOPEN_SOURCE 700
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "coord.h"

/* Case-insensitive substring search (ASCII). */
static const char *find_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i]
               && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return hay;
    }
    return n ? NULL : hay;
}

static int eval_cond(const struct fo_run *r, int idx, long long step_start,
                     const struct fo_cond *c, char *actual, size_t size)
{
    const struct fo_policy *p = &r->pol;

    switch (c->kind) {
    case FO_C_OWNER:
        snprintf(actual, size, "owner=%s", p->owner >= 0 ? p->nodes[p->owner].name : "none");
        return p->owner == c->node;
    case FO_C_STATE:
        snprintf(actual, size, "state=%s", fo_gstate_name(p->gstate));
        return p->gstate == c->gstate;
    case FO_C_RES: {
        enum fo_rstate st = r->nodes[c->node].powered ? p->nodes[c->node].rstate : FO_R_DOWN;
        snprintf(actual, size, "res=%s:%s", p->nodes[c->node].name, fo_rstate_name(st));
        return st == c->rstate;
    }
    case FO_C_REFUSED:
        if (!p->nodes[c->node].refused) {
            snprintf(actual, size, "%s's last Online was not refused", p->nodes[c->node].name);
            return 0;
        }
        snprintf(actual, size, "refused=%s:0x%08X", p->nodes[c->node].name,
                 (unsigned)p->nodes[c->node].refused_code);
        return !c->has_code || c->code == p->nodes[c->node].refused_code;
    case FO_C_NOT_REFUSED:
        if (p->nodes[c->node].refused)
            snprintf(actual, size, "refused=%s:0x%08X", p->nodes[c->node].name,
                     (unsigned)p->nodes[c->node].refused_code);
        else
            snprintf(actual, size, "%s's last Online was not refused (or it changed since)",
                     p->nodes[c->node].name);
        return !p->nodes[c->node].refused;
    case FO_C_LOG: {
        const char *last = NULL;
        for (int i = 0; i < r->n_ev; i++) {
            const struct fo_event *e = &r->ev[i];
            if (e->kind != EV_LOG || e->t < step_start || (c->node >= 0 && e->node != c->node))
                continue;
            last = e->text;
            if (find_ci(e->text, c->text)) {
                snprintf(actual, size, "%s logged: %.1200s", fo_run_node_name(r, e->node), e->text);
                return 1;
            }
        }
        snprintf(actual, size, "no log line containing '%s' from %s since the step began%s%.1000s",
                 c->text, c->node >= 0 ? p->nodes[c->node].name : "any node",
                 last ? "; the last one: " : "", last ? last : "");
        return 0;
    }
    case FO_C_REASON:
        if (p->gstate != FO_G_FAILED) {
            snprintf(actual, size, "the group is %s, not Failed", fo_gstate_name(p->gstate));
            return 0;
        }
        snprintf(actual, size, "reason for %s: %.1400s", p->nodes[c->node].name,
                 p->failed_reason[c->node]);
        return find_ci(p->failed_reason[c->node], c->text) != NULL;
    case FO_C_FAILOVER_TIME:
        for (int i = r->n_metrics - 1; i >= 0; i--) {
            const struct fo_metric *m = &r->metrics[i];
            if (m->step != idx)
                continue;
            if (m->to < 0) {
                snprintf(actual, size, "the group ended Failed %lld ms after the fault",
                         m->t_online - m->t_fault);
                return 0;
            }
            snprintf(actual, size, "online on %s %lld ms after the fault (was on %s)",
                     p->nodes[m->to].name, m->t_online - m->t_fault,
                     m->from >= 0 ? p->nodes[m->from].name : "none");
            return m->to != m->from && m->t_online - m->t_fault <= c->ms;
        }
        snprintf(actual, size, "no failover after this step's action yet");
        return 0;
    case FO_C_RESTARTS:
        snprintf(actual, size, "restarts=%d", p->total_restarts);
        return p->total_restarts == c->n;
    case FO_C_FAILOVERS:
        snprintf(actual, size, "failovers=%d", p->total_failovers);
        return p->total_failovers == c->n;
    default:
        snprintf(actual, size, "?");
        return 0;
    }
}

void fo_step_label(const struct fo_run *r, int idx, char *out, size_t size)
{
    const struct fo_step *st = &r->s->steps[idx];
    snprintf(out, size, "step %d (line %d: %s)", idx + 1, st->line, st->text);
}

void fo_check_expectations(struct fo_run *r, int idx, long long step_start)
{
    const struct fo_step *st = &r->s->steps[idx];
    long long deadline = now_ms() + st->within_ms;
    int pass[FO_MAX_CONDS], all = 0, timed_out = 0;
    char actual[FO_MAX_CONDS][1600];

    for (;;) {
        int q;
        fo_pump(r, 100, 0);
        q = fo_quiet(r);
        if (q || now_ms() >= deadline || r->aborted) {
            all = 1;
            for (int k = 0; k < st->n_conds; k++) {
                pass[k] = eval_cond(r, idx, step_start, &st->conds[k], actual[k],
                                    sizeof(actual[k]));
                all &= pass[k];
            }
            if (all && q)
                break;
            if (now_ms() >= deadline || r->aborted) {
                timed_out = 1;
                break;
            }
        }
    }
    {
        char label[1200], summary[1200] = "";
        struct fo_event *e;
        fo_step_label(r, idx, label, sizeof(label));
        for (int k = 0; k < st->n_conds; k++) {
            char name[1400], expected[300];
            snprintf(name, sizeof(name), "%s: %s", label, st->conds[k].src);
            snprintf(expected, sizeof(expected), "%s", st->conds[k].src);
            if (!pass[k] && timed_out && !r->aborted) {
                size_t len = strlen(actual[k]);
                snprintf(actual[k] + len, sizeof(actual[k]) - len,
                         " (still so %.1f s after the action%s)",
                         (double)st->within_ms / 1000.0, fo_quiet(r) ? "" : "; the cluster was "
                         "still busy");
            } else if (!pass[k] && r->aborted) {
                size_t len = strlen(actual[k]);
                snprintf(actual[k] + len, sizeof(actual[k]) - len, " (%s)", r->abort_reason);
            }
            fo_add_result(r, idx, pass[k], name, expected, actual[k]);
            snprintf(summary + strlen(summary), sizeof(summary) - strlen(summary), "%s%s%s",
                     k ? " " : "", pass[k] ? "" : "NOT ", st->conds[k].src);
            if (!pass[k]) {
                printf("    FAIL %s\n         expected: %s\n         actual:   %s\n", label,
                       expected, actual[k]);
                fflush(stdout);
            }
        }
        e = fo_add_event(r, now_ms(), -1, EV_EXPECT, "%s: %s", all ? "ok" : "FAILED", summary);
        e->ok = all;
        fo_narrate(r, e);
    }
}
