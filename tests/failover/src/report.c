/*
 * report.c - what the report writers share: XML escaping, names, the
 * events in time order, the run's verdict and its failover times. The
 * writers: report_log.c (events.txt, cluster.log), report_junit.c,
 * report_svg.c (timeline.svg), report_html.c (index.html).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

void fo_xml_escape(FILE *f, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        switch (*p) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&apos;", f); break;
        default:
            if (*p < 0x20 && *p != '\n' && *p != '\t')
                fputc(' ', f);  /* not allowed in XML 1.0 */
            else
                fputc(*p, f);
        }
    }
}

const char *fo_ev_kind_name(enum fo_ev_kind k)
{
    static const char *const names[EV_COUNT] = {
        "setup", "action", "state", "group", "policy", "refused", "log", "alive", "monitor",
        "node", "expect"
    };
    return (unsigned)k < EV_COUNT ? names[k] : "?";
}

const char *fo_run_node_name(const struct fo_run *r, int node)
{
    return node >= 0 && node < r->s->n_nodes ? r->s->nodes[node].name : "cluster";
}

int *fo_sorted_events(const struct fo_run *r)
{
    int *idx = malloc(sizeof(int) * (size_t)(r->n_ev ? r->n_ev : 1));

    if (!idx)
        return NULL;
    for (int i = 0; i < r->n_ev; i++)
        idx[i] = i;
    /* insertion sort: nearly sorted already */
    for (int i = 1; i < r->n_ev; i++) {
        int v = idx[i], j = i - 1;
        while (j >= 0 && r->ev[idx[j]].t > r->ev[v].t) {
            idx[j + 1] = idx[j];
            j--;
        }
        idx[j + 1] = v;
    }
    return idx;
}

int fo_run_checks(const struct fo_run *r, int *failed)
{
    int bad = 0;

    for (int i = 0; i < r->n_results; i++)
        bad += !r->results[i].pass;
    if (failed)
        *failed = bad;
    return r->n_results;
}

int fo_run_failed(const struct fo_run *r)
{
    int bad;

    fo_run_checks(r, &bad);
    return bad > 0 || r->aborted || r->n_results == 0;
}

void fo_failover_text(const struct fo_run *r, char *out, size_t size)
{
    int shown = 0;

    out[0] = 0;
    for (int i = 0; i < r->n_metrics && shown < 3; i++) {
        const struct fo_metric *m = &r->metrics[i];
        size_t len = strlen(out);
        double secs = (double)(m->t_online - m->t_fault) / 1000.0;
        if (m->to < 0)
            continue;
        if (m->move_to < 0 && m->to != m->from)            /* a fault: failover */
            snprintf(out + len, size - len, "%s%.1f s (%s -> %s)", len ? ", " : "", secs,
                     fo_run_node_name(r, m->from), fo_run_node_name(r, m->to));
        else if (m->move_to >= 0 && m->to != m->move_to)   /* a move that failed over */
            snprintf(out + len, size - len, "%s%.1f s (move to %s refused, online on %s)",
                     len ? ", " : "", secs, fo_run_node_name(r, m->move_to),
                     fo_run_node_name(r, m->to));
        else
            continue;   /* a restart in place, or a move that simply worked */
        shown++;
    }
    if (!shown)
        snprintf(out, size, "-");
}
