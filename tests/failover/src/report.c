/*
 * report.c - what a scenario run leaves behind: the merged event list, the
 * merged cluster log, JUnit XML, the SVG timeline, and the index page.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"

/* ------------------------------------------------------------ helpers */

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

static const char *kind_name(enum fo_ev_kind k)
{
    static const char *const names[EV_COUNT] = {
        "setup", "action", "state", "group", "policy", "refused", "log", "alive", "monitor",
        "node", "expect"
    };
    return (unsigned)k < EV_COUNT ? names[k] : "?";
}

static const char *ev_node(const struct fo_run *r, int node)
{
    return node >= 0 && node < r->s->n_nodes ? r->s->nodes[node].name : "cluster";
}

/* Event indexes sorted by time (stable). */
static int *sorted_events(const struct fo_run *r)
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
                     ev_node(r, m->from), ev_node(r, m->to));
        else if (m->move_to >= 0 && m->to != m->move_to)   /* a move that failed over */
            snprintf(out + len, size - len, "%s%.1f s (move to %s refused, online on %s)",
                     len ? ", " : "", secs, ev_node(r, m->move_to), ev_node(r, m->to));
        else
            continue;   /* a restart in place, or a move that simply worked */
        shown++;
    }
    if (!shown)
        snprintf(out, size, "-");
}

/* ------------------------------------------------------------ events.txt */

void fo_write_events(const struct fo_run *r, const char *path)
{
    FILE *f = fopen(path, "w");
    int *idx;

    if (!f)
        return;
    idx = sorted_events(r);
    fprintf(f, "# failover scenario %s: every state change, decision, action and LogEvent line,\n"
               "# all nodes merged; t = milliseconds since the scenario's time 0\n"
               "#   t(ms)  node      kind     text\n", r->s->name);
    for (int k = 0; idx && k < r->n_ev; k++) {
        const struct fo_event *e = &r->ev[idx[k]];
        fprintf(f, "%9lld  %-9s %-8s %s%s\n", e->t - r->t0_mono,
                ev_node(r, e->node), kind_name(e->kind),
                e->kind == EV_LOG ? (e->level == 2 ? "ERROR " : e->level == 1 ? "WARN  " : "INFO  ")
                                  : "",
                e->text);
    }
    free(idx);
    fclose(f);
}

/* ------------------------------------------------------------ cluster.log */

struct logline {
    char stamp[24];
    int src;        /* node index; n_nodes = the coordinator */
    int seq;
    char *text;
};

static int cmp_logline(const void *a, const void *b)
{
    const struct logline *x = a, *y = b;
    int c = strcmp(x->stamp, y->stamp);

    if (c)
        return c;
    if (x->src != y->src)
        return x->src - y->src;
    return x->seq - y->seq;
}

static int push_line(struct logline **lines, int *n, int *cap, const char *stamp, int src,
                     const char *text)
{
    if (*n == *cap) {
        int c = *cap ? *cap * 2 : 1024;
        struct logline *bigger = realloc(*lines, sizeof(**lines) * (size_t)c);
        if (!bigger)
            return -1;
        *lines = bigger;
        *cap = c;
    }
    snprintf((*lines)[*n].stamp, sizeof((*lines)[*n].stamp), "%s", stamp);
    (*lines)[*n].src = src;
    (*lines)[*n].seq = *n;
    (*lines)[*n].text = strdup(text);
    if (!(*lines)[*n].text)
        return -1;
    (*n)++;
    return 0;
}

void fo_write_merged_log(const struct fo_run *r, const char *path)
{
    struct logline *lines = NULL;
    int n = 0, cap = 0;
    FILE *f;
    char last_stamp[24] = "0000/00/00-00:00:00.000";

    for (int i = 0; i < r->s->n_nodes; i++) {
        char log_path[FO_PATH_LEN + 64], copy_path[FO_PATH_LEN + 64];
        char *text, *save = NULL, why[256];
        FILE *copy;
        snprintf(log_path, sizeof(log_path), "%s/prefix/drive_c/cluster/cluster.log",
                 r->nodes[i].dir);
        text = fo_read_file(log_path, FO_MAX_LOG_BYTES, NULL, why, sizeof(why));
        if (!text)
            continue;
        snprintf(copy_path, sizeof(copy_path), "%s/cluster.log", r->nodes[i].dir);
        copy = fopen(copy_path, "w");
        if (copy) {
            fputs(text, copy);
            fclose(copy);
        }
        for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
            char *sep = strstr(line, "::");
            size_t len = strlen(line);
            if (len && line[len - 1] == '\r')
                line[len - 1] = 0;
            if (sep && strlen(sep + 2) >= 23) {
                memcpy(last_stamp, sep + 2, 23);
                last_stamp[23] = 0;
            }
            push_line(&lines, &n, &cap, last_stamp, i, line);
        }
        free(text);
    }
    /* The coordinator's lines: the Failover Manager's decisions ([FM]) and
     * what the test did ([TEST]), in the cluster log's own format. */
    for (int i = 0; i < r->n_ev; i++) {
        const struct fo_event *e = &r->ev[i];
        char stamp[32], line[4400];
        const char *tag;
        switch (e->kind) {
        case EV_GROUP: case EV_POLICY: case EV_NODE: tag = "[FM]"; break;
        case EV_ACTION: case EV_EXPECT: case EV_SETUP: tag = "[TEST]"; break;
        default: tag = NULL;
        }
        if (!tag)
            continue;
        fo_format_utc(e->wall, stamp, sizeof(stamp));
        snprintf(line, sizeof(line), "%08x.%08x::%s %s %s%s%s", (unsigned)getpid(), 0u, stamp,
                 tag, e->node >= 0 ? ev_node(r, e->node) : "", e->node >= 0 ? ": " : "",
                 e->text);
        push_line(&lines, &n, &cap, stamp, r->s->n_nodes, line);
    }
    qsort(lines, (size_t)n, sizeof(*lines), cmp_logline);
    f = fopen(path, "w");
    if (f) {
        fprintf(f, "# cluster.log of failover scenario %s: every node's cluster log merged by "
                   "time (UTC) and node;\n# 'cluster' lines are the coordinator's: [FM] the "
                   "failover policy, [TEST] the scenario's actions and checks\n", r->s->name);
        for (int i = 0; i < n; i++)
            fprintf(f, "%-9s %s\n", lines[i].src < r->s->n_nodes ? r->s->nodes[lines[i].src].name
                                                                 : "cluster", lines[i].text);
        fclose(f);
    }
    for (int i = 0; i < n; i++)
        free(lines[i].text);
    free(lines);
}

/* ------------------------------------------------------------ JUnit XML */

void fo_write_junit_suite(const struct fo_run *r, FILE *f)
{
    int failures;
    int tests = fo_run_checks(r, &failures);
    char ts[32], fo[400];
    int *idx = sorted_events(r);

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
        fprintf(f, " (%s -&gt; %s%s%s)\"/>\n", ev_node(r, m->from),
                m->to >= 0 ? ev_node(r, m->to) : "Failed", m->move_to >= 0 ? ", a move to " : "",
                m->move_to >= 0 ? ev_node(r, m->move_to) : "");
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
                         (double)(e->t - r->t0_mono) / 1000.0, ev_node(r, e->node),
                         kind_name(e->kind), e->text);
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
                 ev_node(r, e->node), kind_name(e->kind), e->text);
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

/* ------------------------------------------------------------ SVG timeline */

#define SVG_LEFT 120
#define SVG_PLOT 940
#define SVG_RIGHT 30
#define SVG_LANE 30
#define SVG_GAP 26
#define SVG_FONT_W 6.1      /* average width of an 11 px sans-serif character */

static const char *rstate_colour(int st)
{
    switch (st) {
    case FO_R_ONLINE: return "#2e9d45";
    case FO_R_ONLINE_PENDING: return "#f2b705";
    case FO_R_OFFLINE_PENDING: return "#f7d774";
    case FO_R_FAILED: return "#d23c3c";
    case FO_R_OFFLINE: return "#dfe3e8";
    case FO_R_DOWN: return "url(#down)";
    default: return "none";
    }
}

static const char *gstate_colour(int st)
{
    switch (st) {
    case FO_G_ONLINE: return "#2e9d45";
    case FO_G_PENDING: return "#f2b705";
    case FO_G_FAILED: return "#d23c3c";
    default: return "#dfe3e8";
    }
}

struct svg {
    FILE *f;
    const struct fo_run *r;
    double t_end;           /* seconds */
    int top;                /* y of the group lane */
};

static double sx(const struct svg *g, double t)
{
    if (t < 0)
        t = 0;
    if (t > g->t_end)
        t = g->t_end;
    return SVG_LEFT + t * SVG_PLOT / g->t_end;
}

static int lane_y(const struct svg *g, int lane)   /* lane 0 = group, 1.. = nodes */
{
    return g->top + lane * (SVG_LANE + SVG_GAP);
}

static void bar(struct svg *g, double t1, double t2, int y, const char *fill, const char *tip)
{
    double x1 = sx(g, t1), x2 = sx(g, t2);

    if (x2 - x1 < 0.5 || !strcmp(fill, "none"))
        return;
    fprintf(g->f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">",
            x1, y, x2 - x1, SVG_LANE, fill);
    if (tip) {
        fprintf(g->f, "<title>");
        fo_xml_escape(g->f, tip);
        fprintf(g->f, "</title>");
    }
    fprintf(g->f, "</rect>\n");
}

static void text_at(struct svg *g, double x, double y, const char *anchor, const char *style,
                    const char *text)
{
    fprintf(g->f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>", x, y, anchor, style);
    fo_xml_escape(g->f, text);
    fprintf(g->f, "</text>\n");
}

/* Greedy rows for labels so they do not overlap. Returns the row. */
static int place(double *row_end, int rows, double x, double width)
{
    for (int k = 0; k < rows; k++) {
        if (x > row_end[k] + 4) {
            row_end[k] = x + width;
            return k;
        }
    }
    return -1;
}

static const char *short_build(const char *v)
{
    if (!strcmp(v, "5.5.1960.0")) return "5.5.1960 RTM";
    if (!strcmp(v, "5.5.2232.0")) return "5.5.2232 SP1";
    if (!strcmp(v, "5.5.2423.0")) return "5.5.2423 fix";
    if (!strcmp(v, "5.5.2448.0")) return "5.5.2448 SP2";
    return v;
}

static double ev_secs(const struct fo_run *r, const struct fo_event *e)
{
    return (double)(e->t - r->t0_mono) / 1000.0;
}

void fo_write_svg(const struct fo_run *r, const char *path)
{
    struct svg g = { 0 };
    const struct fo_scenario *s = r->s;
    int *idx = sorted_events(r);
    int label_rows = 0, height, lanes = s->n_nodes + 1;
    double row_end[6], t_last = 1;
    char head[600], fo[400], title_line[2][200];
    int failures, title_lines = 0, labels_y;

    if (!idx)
        return;
    g.f = fopen(path, "w");
    g.r = r;
    if (!g.f) {
        free(idx);
        return;
    }
    /* The time span: up to the last event of a step (not the tear-down). */
    for (int k = 0; k < r->n_ev; k++) {
        const struct fo_event *e = &r->ev[k];
        if (e->step < s->n_steps && e->kind != EV_SETUP && ev_secs(r, e) > t_last)
            t_last = ev_secs(r, e);
    }
    g.t_end = t_last * 1.04 + 0.5;

    /* Action labels first, to know how many rows they need. */
    for (int k = 0; k < 6; k++)
        row_end[k] = -1e9;
    for (int k = 0; k < r->n_ev; k++) {
        const struct fo_event *e = &r->ev[idx[k]];
        char label[300];
        if (e->kind != EV_ACTION || e->t < r->t0_mono)
            continue;
        snprintf(label, sizeof(label), "%.60s", e->text);
        {
            int row = place(row_end, 6, sx(&g, ev_secs(r, e)), (double)strlen(label) * SVG_FONT_W);
            if (row + 1 > label_rows)
                label_rows = row + 1;
        }
    }
    if (label_rows == 0)
        label_rows = 1;
    /* The title, folded into at most two lines. */
    {
        const char *t = s->title;
        size_t len = strlen(t);
        title_lines = 0;
        while (len && title_lines < 2) {
            size_t take = len > 165 ? 165 : len;
            if (take < len)
                while (take > 60 && t[take] != ' ')
                    take--;
            snprintf(title_line[title_lines++], sizeof(title_line[0]), "%.*s", (int)take, t);
            t += take;
            len -= take;
            while (*t == ' ')
                t++, len--;
        }
    }
    labels_y = 46 + title_lines * 15 + 8;
    g.top = labels_y + label_rows * 15 + 8;
    height = lane_y(&g, lanes) + 118;

    fprintf(g.f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                 "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Verdana, sans-serif\" "
                 "font-size=\"11\">\n",
            SVG_LEFT + SVG_PLOT + SVG_RIGHT, height, SVG_LEFT + SVG_PLOT + SVG_RIGHT, height);
    fprintf(g.f, "<defs><pattern id=\"down\" width=\"8\" height=\"8\" "
                 "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                 "<rect width=\"8\" height=\"8\" fill=\"#5a5f66\"/>"
                 "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#2b2e33\" stroke-width=\"4\"/>"
                 "</pattern></defs>\n");
    fprintf(g.f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");

    /* Title. */
    fo_run_checks(r, &failures);
    fo_failover_text(r, fo, sizeof(fo));
    text_at(&g, 12, 20, "start", "font-size=\"15\" font-weight=\"bold\"", s->name);
    for (int k = 0; k < title_lines; k++)
        text_at(&g, 12, 38 + k * 15, "start", "font-size=\"12\"", title_line[k]);
    snprintf(head, sizeof(head), "%s  |  %d checks, %d failed  |  failover %s  |  wall %.1f s "
             "(set-up %.1f s)  |  %d nodes, SMTP port %d", fo_run_failed(r) ? "FAILED" : "PASSED",
             r->n_results, failures, fo, (double)r->wall_ms / 1000.0,
             (double)r->setup_ms / 1000.0, s->n_nodes, r->port);
    text_at(&g, 12, 38 + title_lines * 15, "start",
            fo_run_failed(r) ? "fill=\"#b00020\" font-weight=\"bold\""
                             : "fill=\"#1d6b2f\" font-weight=\"bold\"", head);

    /* Lane backgrounds and names. */
    for (int lane = 0; lane < lanes; lane++) {
        int y = lane_y(&g, lane);
        fprintf(g.f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f6f7f9\" "
                     "stroke=\"#c9ced6\"/>\n", SVG_LEFT, y, SVG_PLOT, SVG_LANE);
        if (lane == 0) {
            text_at(&g, SVG_LEFT - 8, y + 13, "end", "font-weight=\"bold\"", "group");
            text_at(&g, SVG_LEFT - 8, y + 26, "end", "fill=\"#555\" font-size=\"10\"",
                    s->group_name);
        } else {
            const struct fo_node_spec *ns = &s->nodes[lane - 1];
            char sub[80];
            int pref = -1;
            for (int k = 0; k < s->n_preferred; k++)
                if (s->preferred[k] == lane - 1)
                    pref = k;
            text_at(&g, SVG_LEFT - 8, y + 13, "end", "font-weight=\"bold\"", ns->name);
            snprintf(sub, sizeof(sub), "%s%s", ns->ims[0] ? short_build(ns->ims) : "no IMS",
                     pref == 0 ? ", pref 1" : pref == 1 ? ", pref 2" : pref == 2 ? ", pref 3"
                     : pref > 2 ? ", pref" : "");
            text_at(&g, SVG_LEFT - 8, y + 26, "end", "fill=\"#555\" font-size=\"10\"", sub);
        }
    }

    /* Group lane: the group's state, with its owner written in the bar. */
    {
        double t_prev = 0;
        int st = FO_G_OFFLINE, owner = -1;
        for (int k = 0; k <= r->n_ev; k++) {
            const struct fo_event *e = k < r->n_ev ? &r->ev[idx[k]] : NULL;
            double t = e ? ev_secs(r, e) : g.t_end;
            if (e && e->kind != EV_GROUP)
                continue;
            if (t > t_prev) {
                char tip[200];
                int y = lane_y(&g, 0);
                snprintf(tip, sizeof(tip), "%.1f-%.1f s: %s%s%s", t_prev, t,
                         st == FO_G_ONLINE ? "Online" : st == FO_G_PENDING ? "Pending"
                         : st == FO_G_FAILED ? "Failed" : "Offline",
                         owner >= 0 ? " on " : "", owner >= 0 ? s->nodes[owner].name : "");
                bar(&g, t_prev, t, y, gstate_colour(st), tip);
                if (owner >= 0 && sx(&g, t) - sx(&g, t_prev) > 60 && st != FO_G_PENDING)
                    text_at(&g, (sx(&g, t_prev) + sx(&g, t)) / 2, y + 19, "middle",
                            st == FO_G_OFFLINE ? "fill=\"#333\"" : "fill=\"white\" font-weight=\"bold\"",
                            s->nodes[owner].name);
            }
            if (!e)
                break;
            if (t < 0)
                t = 0;
            t_prev = t;
            st = e->rstate;
            owner = e->owner;
        }
    }

    /* Node lanes: the resource's state as each node's monitor reported it. */
    for (int node = 0; node < s->n_nodes; node++) {
        double t_prev = 0;
        int st = FO_R_OFFLINE;
        int y = lane_y(&g, node + 1);
        for (int k = 0; k <= r->n_ev; k++) {
            const struct fo_event *e = k < r->n_ev ? &r->ev[idx[k]] : NULL;
            double t = e ? ev_secs(r, e) : g.t_end;
            int next;
            if (e) {
                if (e->node != node)
                    continue;
                if (e->kind == EV_STATE)
                    next = e->rstate;
                else if (e->kind == EV_NODE && strstr(e->text, " is down"))
                    next = FO_R_DOWN;
                else if (e->kind == EV_NODE)
                    next = FO_R_OFFLINE;
                else
                    continue;
                if (e->step >= s->n_steps)
                    t = g.t_end;    /* the tear-down: draw no more */
            } else {
                next = st;
            }
            if (t > t_prev) {
                char tip[120];
                snprintf(tip, sizeof(tip), "%s %.1f-%.1f s: %s", s->nodes[node].name, t_prev, t,
                         fo_rstate_name((enum fo_rstate)st));
                bar(&g, t_prev, t, y, rstate_colour(st), tip);
            }
            if (!e)
                break;
            if (t < 0)
                t = 0;
            if (t > t_prev)
                t_prev = t;
            st = next;
        }
    }

    /* Axis. */
    {
        static const double steps[] = { 0.5, 1, 2, 5, 10, 15, 30, 60, 120 };
        double step = 120;
        int y = lane_y(&g, lanes) + 4;     /* under the last lane's marks */
        for (size_t k = 0; k < sizeof(steps) / sizeof(steps[0]); k++)
            if (g.t_end / steps[k] <= 16) {
                step = steps[k];
                break;
            }
        fprintf(g.f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n",
                SVG_LEFT, y, SVG_LEFT + SVG_PLOT, y);
        for (double t = 0; t <= g.t_end + 1e-9; t += step) {
            char lab[32];
            double x = sx(&g, t);
            fprintf(g.f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#888\"/>\n",
                    x, y, x, y + 4);
            fprintf(g.f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e6e8eb\"/>\n",
                    x, lane_y(&g, 0), x, y);
            snprintf(lab, sizeof(lab), step < 1 ? "%.1f s" : "%.0f s", t);
            text_at(&g, x, y + 15, "middle", "fill=\"#555\" font-size=\"10\"", lab);
        }
    }

    /* Actions: a dashed line across the lanes, the label on top. */
    for (int k = 0; k < 6; k++)
        row_end[k] = -1e9;
    for (int k = 0; k < r->n_ev; k++) {
        const struct fo_event *e = &r->ev[idx[k]];
        char label[300];
        double x;
        int row, ybottom = lane_y(&g, lanes) + 4;
        if (e->kind != EV_ACTION || e->t < r->t0_mono)
            continue;
        x = sx(&g, ev_secs(r, e));
        snprintf(label, sizeof(label), "%.60s", e->text);
        row = place(row_end, 6, x, (double)strlen(label) * SVG_FONT_W);
        if (row < 0)
            row = 5;
        fprintf(g.f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                     "stroke-dasharray=\"4 3\" stroke-width=\"1.2\"/>\n",
                x, labels_y + row * 15, x, ybottom, e->fault ? "#c0392b" : "#2c5aa0");
        {
            int at_end = x + 3 + (double)strlen(label) * SVG_FONT_W > SVG_LEFT + SVG_PLOT + SVG_RIGHT;
            fprintf(g.f, "<text x=\"%.1f\" y=\"%d\" fill=\"%s\"%s text-anchor=\"%s\"><title>",
                    at_end ? x - 3 : x + 3, labels_y + row * 15 + 10,
                    e->fault ? "#c0392b" : "#2c5aa0", e->fault ? " font-weight=\"bold\"" : "",
                    at_end ? "end" : "start");
        }
        fo_xml_escape(g.f, e->text);
        fprintf(g.f, "</title>");
        fo_xml_escape(g.f, label);
        fprintf(g.f, "</text>\n");
        if (e->fault && e->node >= 0) {
            /* a lightning mark on the node that was hit */
            int y = lane_y(&g, e->node + 1);
            fprintf(g.f, "<polygon points=\"%.1f,%d %.1f,%d %.1f,%d %.1f,%d %.1f,%d %.1f,%d\" "
                         "fill=\"#ffdd00\" stroke=\"#c0392b\" stroke-width=\"1.2\"/>\n",
                    x - 2, y - 9, x + 5, y - 9, x + 1, y - 3, x + 6, y - 3, x - 3, y + 7, x,
                    y - 1);
        }
    }

    /* Marks under the lanes: refusals, failed checks, log errors; policy
     * decisions under the group lane. */
    {
        double under[FO_MAX_NODES + 1][3];
        for (int l = 0; l <= s->n_nodes; l++)
            for (int k = 0; k < 3; k++)
                under[l][k] = -1e9;
        for (int k = 0; k < r->n_ev; k++) {
            const struct fo_event *e = &r->ev[idx[k]];
            double x, t = ev_secs(r, e);
            int lane, y, row;
            char label[200];
            const char *colour = "#333";
            if (e->t < r->t0_mono || e->step >= s->n_steps)
                continue;
            x = sx(&g, t);
            switch (e->kind) {
            case EV_REFUSED:
                lane = e->node + 1;
                y = lane_y(&g, lane);
                fprintf(g.f, "<g stroke=\"#8b0000\" stroke-width=\"3\"><line x1=\"%.1f\" "
                             "y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/><line x1=\"%.1f\" y1=\"%d\" "
                             "x2=\"%.1f\" y2=\"%d\"/></g>\n",
                        x - 6, y + 9, x + 6, y + 21, x - 6, y + 21, x + 6, y + 9);
                snprintf(label, sizeof(label), "refused 0x%08X", (unsigned)e->rstate);
                colour = "#8b0000";
                break;
            case EV_POLICY:
                if (e->rstate != FO_N_RESTART && e->rstate != FO_N_FAILOVER
                    && e->rstate != FO_N_FAILED && e->rstate != FO_N_FAILBACK)
                    continue;
                lane = 0;
                if (e->rstate == FO_N_RESTART)
                    snprintf(label, sizeof(label), "restart on %s", ev_node(r, e->node));
                else if (e->rstate == FO_N_FAILED)
                    snprintf(label, sizeof(label), "group FAILED");
                else
                    snprintf(label, sizeof(label), "%s %s > %s",
                             e->rstate == FO_N_FAILBACK ? "failback" : "failover",
                             ev_node(r, e->node), ev_node(r, e->owner));
                colour = e->rstate == FO_N_FAILED ? "#b00020" : "#6a3d9a";
                fprintf(g.f, "<circle cx=\"%.1f\" cy=\"%d\" r=\"4\" fill=\"%s\"><title>", x,
                        lane_y(&g, 0) + SVG_LANE, colour);
                fo_xml_escape(g.f, e->text);
                fprintf(g.f, "</title></circle>\n");
                break;
            case EV_EXPECT:
                lane = 0;
                y = lane_y(&g, 0);
                fprintf(g.f, "<circle cx=\"%.1f\" cy=\"%d\" r=\"6\" fill=\"%s\"><title>", x, y,
                        e->ok ? "#2e9d45" : "#b00020");
                fo_xml_escape(g.f, e->text);
                fprintf(g.f, "</title></circle>\n");
                text_at(&g, x, y + 4, "middle", "fill=\"white\" font-size=\"9\" font-weight=\"bold\"",
                        e->ok ? "ok" : "X");
                continue;
            case EV_LOG:
                if (e->level < 2 || e->node < 0)
                    continue;
                y = lane_y(&g, e->node + 1);
                fprintf(g.f, "<circle cx=\"%.1f\" cy=\"%d\" r=\"3\" fill=\"#8b0000\"><title>", x,
                        y + SVG_LANE - 4);
                fo_xml_escape(g.f, e->text);
                fprintf(g.f, "</title></circle>\n");
                continue;
            default:
                continue;
            }
            row = place(under[lane], 2, x, (double)strlen(label) * 5.6);
            if (row < 0)
                continue;   /* crowded: the mark's tooltip still tells */
            {
                int at_end = x + 2 + (double)strlen(label) * 5.6 > SVG_LEFT + SVG_PLOT + SVG_RIGHT;
                fprintf(g.f, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"%s\" "
                             "text-anchor=\"%s\">", at_end ? x - 2 : x + 2,
                        lane_y(&g, lane) + SVG_LANE + 11 + row * 11, colour,
                        at_end ? "end" : "start");
            }
            fo_xml_escape(g.f, label);
            fprintf(g.f, "</text>\n");
        }
    }

    /* Legend. */
    {
        static const struct { const char *name; const char *fill; } items[] = {
            { "Online", "#2e9d45" }, { "OnlinePending", "#f2b705" },
            { "OfflinePending", "#f7d774" }, { "Offline", "#dfe3e8" }, { "Failed", "#d23c3c" },
            { "node down", "url(#down)" },
        };
        int y = height - 44, x = SVG_LEFT;
        for (size_t k = 0; k < sizeof(items) / sizeof(items[0]); k++) {
            fprintf(g.f, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"12\" fill=\"%s\" "
                         "stroke=\"#999\"/>\n", x, y, items[k].fill);
            text_at(&g, x + 18, y + 10, "start", "", items[k].name);
            x += 30 + (int)(strlen(items[k].name) * SVG_FONT_W);
        }
        y += 20;
        x = SVG_LEFT;
        fprintf(g.f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#2c5aa0\" "
                     "stroke-dasharray=\"4 3\"/>\n", x, y + 6, x + 14, y + 6);
        text_at(&g, x + 18, y + 10, "start", "", "administrator action");
        x += 150;
        fprintf(g.f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c0392b\" "
                     "stroke-dasharray=\"4 3\"/>\n", x, y + 6, x + 14, y + 6);
        text_at(&g, x + 18, y + 10, "start", "", "fault injected");
        x += 115;
        fprintf(g.f, "<g stroke=\"#8b0000\" stroke-width=\"3\"><line x1=\"%d\" y1=\"%d\" "
                     "x2=\"%d\" y2=\"%d\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/></g>\n",
                x, y, x + 10, y + 12, x, y + 12, x + 10, y);
        text_at(&g, x + 16, y + 10, "start", "", "Online refused by IMS Guard");
        x += 190;
        fprintf(g.f, "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"#8b0000\"/>\n", x + 4, y + 6);
        text_at(&g, x + 12, y + 10, "start", "", "error logged (hover)");
        x += 140;
        fprintf(g.f, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"#6a3d9a\"/>\n", x + 4, y + 6);
        text_at(&g, x + 12, y + 10, "start", "", "restart / failover");
        x += 125;
        fprintf(g.f, "<circle cx=\"%d\" cy=\"%d\" r=\"6\" fill=\"#2e9d45\"/>\n", x + 5, y + 6);
        text_at(&g, x + 14, y + 10, "start", "", "checks passed");
    }
    fprintf(g.f, "</svg>\n");
    fclose(g.f);
    free(idx);
}

/* ------------------------------------------------------------ index.html */

void fo_write_index(const struct fo_summary *sums, int n, const char *path)
{
    FILE *f = fopen(path, "w");
    int passed = 0;

    if (!f)
        return;
    for (int i = 0; i < n; i++)
        passed += sums[i].parsed && sums[i].pass;
    fprintf(f, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
               "<title>IMS Guard failover tests</title>\n<style>\n"
               "body{font-family:DejaVu Sans,Verdana,sans-serif;margin:24px;color:#222}\n"
               "table{border-collapse:collapse}td,th{border:1px solid #ccd;padding:4px 8px;"
               "text-align:left;vertical-align:top}\n"
               "th{background:#eef1f5}.ok{color:#1d6b2f;font-weight:bold}"
               ".bad{color:#b00020;font-weight:bold}\n"
               "img{max-width:100%%;border:1px solid #ccd;margin:8px 0 24px}\n"
               "</style></head><body>\n<h1>IMS Guard: failover scenarios under Wine</h1>\n"
               "<p>%d passed, %d failed. Each scenario ran on its own simulated cluster "
               "(one Wine prefix per node, the real <code>imsguard.dll</code> in the project's "
               "Resource Monitor emulator, the failover policy in "
               "<code>tests/failover/src/policy.c</code>). "
               "<a href=\"junit.xml\">All results as JUnit XML</a>.</p>\n<table>\n"
               "<tr><th>scenario</th><th>what it shows</th><th>result</th><th>checks</th>"
               "<th>failover time</th><th>wall time</th><th>files</th></tr>\n",
            passed, n - passed);
    for (int i = 0; i < n; i++) {
        const struct fo_summary *s = &sums[i];
        fprintf(f, "<tr><td><a href=\"#");
        fo_xml_escape(f, s->name);
        fprintf(f, "\">");
        fo_xml_escape(f, s->name);
        fprintf(f, "</a></td><td>");
        fo_xml_escape(f, s->parsed ? s->title : s->error);
        if (!s->parsed) {
            fprintf(f, "</td><td class=\"bad\">REJECTED</td><td></td><td></td><td></td><td>"
                       "</td></tr>\n");
            continue;
        }
        fprintf(f, "</td><td class=\"%s\">%s</td><td>%d", s->pass ? "ok" : "bad",
                s->pass ? "PASS" : "FAIL", s->checks);
        if (s->failed)
            fprintf(f, " (%d failed)", s->failed);
        fprintf(f, "</td><td>");
        fo_xml_escape(f, s->failover);
        fprintf(f, "</td><td>%.1f s</td><td>", (double)s->wall_ms / 1000.0);
        fprintf(f, "<a href=\"%s/timeline.svg\">timeline</a> | "
                   "<a href=\"%s/cluster.log\">cluster.log</a> | "
                   "<a href=\"%s/junit.xml\">junit.xml</a> | "
                   "<a href=\"%s/events.txt\">events</a></td></tr>\n",
                s->dir, s->dir, s->dir, s->dir);
    }
    fprintf(f, "</table>\n");
    for (int i = 0; i < n; i++) {
        const struct fo_summary *s = &sums[i];
        if (!s->parsed)
            continue;
        fprintf(f, "<h2 id=\"");
        fo_xml_escape(f, s->name);
        fprintf(f, "\">");
        fo_xml_escape(f, s->name);
        fprintf(f, " <span class=\"%s\">%s</span></h2>\n<p>", s->pass ? "ok" : "bad",
                s->pass ? "PASS" : "FAIL");
        fo_xml_escape(f, s->title);
        fprintf(f, "</p>\n<a href=\"%s/timeline.svg\"><img src=\"%s/timeline.svg\" alt=\"timeline "
                   "of ", s->dir, s->dir);
        fo_xml_escape(f, s->name);
        fprintf(f, "\"></a>\n");
    }
    fprintf(f, "</body></html>\n");
    fclose(f);
}
