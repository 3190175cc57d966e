/*
 * report_junit.c - the run as a JUnit XML test suite: one test case per
 * check, the failover measurements as properties, the event list as output.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

void fo_write_junit_suite(const struct fo_run *r, FILE *f)
{
    int failures;
    int tests = fo_run_checks(r, &failures);
    char ts[32], fo[400];
    int *idx = fo_sorted_events(r);

    fo_format_utc(r->t0_mono + (r->ev && r->n_ev ? r->ev[0].wall - r->ev[0].t : 0), ts,
                  sizeof(ts));
    /* JUnit wants ISO 8601: 2024-05-01T10:00:00 */
    ts[4] = ts[7] = '-';
    ts[10] = 'T';
    ts[19] = 0;
    fo_failover_text(r, fo, sizeof(fo));
    fprintf(f, "  <testsuite name=\"failover.");
    fo_xml_escape(f, r->s->name);
    fprintf(f, "\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\" time=\"%.3f\" "
               "timestamp=\"%s\" hostname=\"wine\">\n", tests, failures,
            (double)r->wall_ms / 1000.0, ts);
    fprintf(f, "    <properties>\n");
    fprintf(f, "      <property name=\"title\" value=\"");
    fo_xml_escape(f, r->s->title);
    fprintf(f, "\"/>\n      <property name=\"file\" value=\"");
    fo_xml_escape(f, r->s->file);
    fprintf(f, "\"/>\n      <property name=\"nodes\" value=\"%d\"/>\n", r->s->n_nodes);
    fprintf(f, "      <property name=\"smtp_port\" value=\"%d\"/>\n", r->port);
    fprintf(f, "      <property name=\"wall_time_s\" value=\"%.3f\"/>\n",
            (double)r->wall_ms / 1000.0);
    fprintf(f, "      <property name=\"setup_time_s\" value=\"%.3f\"/>\n",
            (double)r->setup_ms / 1000.0);
    fprintf(f, "      <property name=\"failover\" value=\"");
    fo_xml_escape(f, fo);
    fprintf(f, "\"/>\n");
    for (int i = 0; i < r->n_metrics; i++) {
        const struct fo_metric *m = &r->metrics[i];
        fprintf(f, "      <property name=\"recovery_ms.%d\" value=\"%lld ms: ", i + 1,
                m->t_online - m->t_fault);
        fo_xml_escape(f, m->what);
        fprintf(f, " (%s -&gt; %s%s%s)\"/>\n", fo_run_node_name(r, m->from),
                m->to >= 0 ? fo_run_node_name(r, m->to) : "Failed",
                m->move_to >= 0 ? ", a move to " : "",
                m->move_to >= 0 ? fo_run_node_name(r, m->move_to) : "");
    }
    if (r->aborted) {
        fprintf(f, "      <property name=\"aborted\" value=\"");
        fo_xml_escape(f, r->abort_reason);
        fprintf(f, "\"/>\n");
    }
    fprintf(f, "    </properties>\n");
    for (int i = 0; i < r->n_results; i++) {
        const struct fo_result *res = &r->results[i];
        fprintf(f, "    <testcase classname=\"failover.");
        fo_xml_escape(f, r->s->name);
        fprintf(f, "\" name=\"");
        fo_xml_escape(f, res->name);
        fprintf(f, "\" time=\"0\"");
        if (res->pass) {
            fprintf(f, "/>\n");
            continue;
        }
        fprintf(f, ">\n      <failure type=\"expectation\" message=\"expected ");
        fo_xml_escape(f, res->expected);
        fprintf(f, "; actual ");
        fo_xml_escape(f, res->actual);
        fprintf(f, "\">");
        if (res->step >= 0 && res->step < r->s->n_steps) {
            fprintf(f, "step %d, line %d: ", res->step + 1, r->s->steps[res->step].line);
            fo_xml_escape(f, r->s->steps[res->step].text);
        } else {
            fprintf(f, "scenario %s", r->s->name);
        }
        fprintf(f, "\nexpected: ");
        fo_xml_escape(f, res->expected);
        fprintf(f, "\nactual:   ");
        fo_xml_escape(f, res->actual);
        fprintf(f, "\nthe cluster's last events before the check:\n");
        {
            int shown = 0, from = r->n_ev;
            for (int k = r->n_ev - 1; idx && k >= 0 && shown < 14; k--) {
                if (r->ev[idx[k]].t <= res->t && r->ev[idx[k]].kind != EV_ALIVE) {
                    from = k;
                    shown++;
                }
            }
            for (int k = from; idx && k < r->n_ev; k++) {
                const struct fo_event *e = &r->ev[idx[k]];
                char line[700];
                if (e->t > res->t || e->kind == EV_ALIVE)
                    continue;
                snprintf(line, sizeof(line), "  %8.3f %-9s %-8s %.560s\n",
                         (double)(e->t - r->t0_mono) / 1000.0, fo_run_node_name(r, e->node),
                         fo_ev_kind_name(e->kind), e->text);
                fo_xml_escape(f, line);
            }
        }
        fprintf(f, "</failure>\n    </testcase>\n");
    }
    fprintf(f, "    <system-out>");
    for (int k = 0; idx && k < r->n_ev; k++) {
        const struct fo_event *e = &r->ev[idx[k]];
        char line[4400];
        snprintf(line, sizeof(line), "%8.3f %-9s %-8s %s\n", (double)(e->t - r->t0_mono) / 1000.0,
                 fo_run_node_name(r, e->node), fo_ev_kind_name(e->kind), e->text);
        fo_xml_escape(f, line);
    }
    fprintf(f, "</system-out>\n  </testsuite>\n");
    free(idx);
}

void fo_write_junit(const struct fo_run *r, const char *path)
{
    FILE *f = fopen(path, "w");

    if (!f)
        return;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"imsguard failover\">\n");
    fo_write_junit_suite(r, f);
    fprintf(f, "</testsuites>\n");
    fclose(f);
}
