/*
 * report_svg.c - the run's SVG timeline: a lane for the group and one per
 * node, the actions above them, refusals, decisions, checks and errors
 * marked under them, and a legend.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

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
    const int *idx;         /* the events in time order */
    double t_end;           /* seconds */
    int top;                /* y of the group lane */
    int lanes;              /* the group's, then one per node */
    int labels_y;           /* y of the first row of action labels */
    int height;
    char title_line[2][200];
    int title_lines;
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

/* The time span: up to the last event of a step (not the tear-down). */
static void svg_time_span(struct svg *g)
{
    const struct fo_run *r = g->r;
    const struct fo_scenario *s = r->s;
    double t_last = 1;

    for (int k = 0; k < r->n_ev; k++) {
        const struct fo_event *e = &r->ev[k];
        if (e->step < s->n_steps && e->kind != EV_SETUP && ev_secs(r, e) > t_last)
            t_last = ev_secs(r, e);
    }
    g->t_end = t_last * 1.04 + 0.5;
}

/* The rows the action labels need (placed as svg_actions places them),
 * the title folded into at most two lines, and from both the layout. */
static void svg_layout(struct svg *g)
{
    const struct fo_run *r = g->r;
    const struct fo_scenario *s = r->s;
    const int *idx = g->idx;
    double row_end[6];
    int label_rows = 0;

    for (int k = 0; k < 6; k++)
        row_end[k] = -1e9;
    for (int k = 0; k < r->n_ev; k++) {
        const struct fo_event *e = &r->ev[idx[k]];
        char label[300];
        if (e->kind != EV_ACTION || e->t < r->t0_mono)
            continue;
        snprintf(label, sizeof(label), "%.60s", e->text);
        {
            int row = place(row_end, 6, sx(g, ev_secs(r, e)), (double)strlen(label) * SVG_FONT_W);
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
        g->title_lines = 0;
        while (len && g->title_lines < 2) {
            size_t take = len > 165 ? 165 : len;
            if (take < len)
                while (take > 60 && t[take] != ' ')
                    take--;
            snprintf(g->title_line[g->title_lines++], sizeof(g->title_line[0]), "%.*s",
                     (int)take, t);
            t += take;
            len -= take;
            while (*t == ' ')
                t++, len--;
        }
    }
    g->labels_y = 46 + g->title_lines * 15 + 8;
    g->top = g->labels_y + label_rows * 15 + 8;
    g->height = lane_y(g, g->lanes) + 118;
}

/* The document, its hatched "down" pattern, a white page. */
static void svg_begin(struct svg *g)
{
    fprintf(g->f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                  "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Verdana, sans-serif\" "
                  "font-size=\"11\">\n",
            SVG_LEFT + SVG_PLOT + SVG_RIGHT, g->height, SVG_LEFT + SVG_PLOT + SVG_RIGHT, g->height);
    fprintf(g->f, "<defs><pattern id=\"down\" width=\"8\" height=\"8\" "
                  "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                  "<rect width=\"8\" height=\"8\" fill=\"#5a5f66\"/>"
                  "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#2b2e33\" "
                  "stroke-width=\"4\"/>"
                  "</pattern></defs>\n");
    fprintf(g->f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
}

/* The scenario's name, title and verdict line. */
static void svg_title(struct svg *g)
{
    const struct fo_run *r = g->r;
    const struct fo_scenario *s = r->s;
    char head[600], fo[400];
    int failures;

    fo_run_checks(r, &failures);
    fo_failover_text(r, fo, sizeof(fo));
    text_at(g, 12, 20, "start", "font-size=\"15\" font-weight=\"bold\"", s->name);
    for (int k = 0; k < g->title_lines; k++)
        text_at(g, 12, 38 + k * 15, "start", "font-size=\"12\"", g->title_line[k]);
    snprintf(head, sizeof(head), "%s  |  %d checks, %d failed  |  failover %s  |  wall %.1f s "
             "(set-up %.1f s)  |  %d nodes, SMTP port %d", fo_run_failed(r) ? "FAILED" : "PASSED",
             r->n_results, failures, fo, (double)r->wall_ms / 1000.0,
             (double)r->setup_ms / 1000.0, s->n_nodes, r->port);
    text_at(g, 12, 38 + g->title_lines * 15, "start",
            fo_run_failed(r) ? "fill=\"#b00020\" font-weight=\"bold\""
                             : "fill=\"#1d6b2f\" font-weight=\"bold\"", head);
}

/* Lane backgrounds and names. */
static void svg_lane_names(struct svg *g)
{
    const struct fo_scenario *s = g->r->s;

    for (int lane = 0; lane < g->lanes; lane++) {
        int y = lane_y(g, lane);
        fprintf(g->f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f6f7f9\" "
                      "stroke=\"#c9ced6\"/>\n", SVG_LEFT, y, SVG_PLOT, SVG_LANE);
        if (lane == 0) {
            text_at(g, SVG_LEFT - 8, y + 13, "end", "font-weight=\"bold\"", "group");
            text_at(g, SVG_LEFT - 8, y + 26, "end", "fill=\"#555\" font-size=\"10\"",
                    s->group_name);
        } else {
            const struct fo_node_spec *ns = &s->nodes[lane - 1];
            char sub[80];
            int pref = -1;
            for (int k = 0; k < s->n_preferred; k++)
                if (s->preferred[k] == lane - 1)
                    pref = k;
            text_at(g, SVG_LEFT - 8, y + 13, "end", "font-weight=\"bold\"", ns->name);
            snprintf(sub, sizeof(sub), "%s%s", ns->ims[0] ? short_build(ns->ims) : "no IMS",
                     pref == 0 ? ", pref 1" : pref == 1 ? ", pref 2" : pref == 2 ? ", pref 3"
                     : pref > 2 ? ", pref" : "");
            text_at(g, SVG_LEFT - 8, y + 26, "end", "fill=\"#555\" font-size=\"10\"", sub);
        }
    }
}

/* Group lane: the group's state, with its owner written in the bar. */
static void svg_group_lane(struct svg *g)
{
    const struct fo_run *r = g->r;
    const struct fo_scenario *s = r->s;
    const int *idx = g->idx;

    double t_prev = 0;
    int st = FO_G_OFFLINE, owner = -1;
    for (int k = 0; k <= r->n_ev; k++) {
        const struct fo_event *e = k < r->n_ev ? &r->ev[idx[k]] : NULL;
        double t = e ? ev_secs(r, e) : g->t_end;
        if (e && e->kind != EV_GROUP)
            continue;
        if (t > t_prev) {
            char tip[200];
            int y = lane_y(g, 0);
            snprintf(tip, sizeof(tip), "%.1f-%.1f s: %s%s%s", t_prev, t,
                     st == FO_G_ONLINE ? "Online" : st == FO_G_PENDING ? "Pending"
                     : st == FO_G_FAILED ? "Failed" : "Offline",
                     owner >= 0 ? " on " : "", owner >= 0 ? s->nodes[owner].name : "");
            bar(g, t_prev, t, y, gstate_colour(st), tip);
            if (owner >= 0 && sx(g, t) - sx(g, t_prev) > 60 && st != FO_G_PENDING)
                text_at(g, (sx(g, t_prev) + sx(g, t)) / 2, y + 19, "middle",
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
static void svg_node_lanes(struct svg *g)
{
    const struct fo_run *r = g->r;
    const struct fo_scenario *s = r->s;
    const int *idx = g->idx;

    for (int node = 0; node < s->n_nodes; node++) {
        double t_prev = 0;
        int st = FO_R_OFFLINE;
        int y = lane_y(g, node + 1);
        for (int k = 0; k <= r->n_ev; k++) {
            const struct fo_event *e = k < r->n_ev ? &r->ev[idx[k]] : NULL;
            double t = e ? ev_secs(r, e) : g->t_end;
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
                    t = g->t_end;    /* the tear-down: draw no more */
            } else {
                next = st;
            }
            if (t > t_prev) {
                char tip[120];
                snprintf(tip, sizeof(tip), "%s %.1f-%.1f s: %s", s->nodes[node].name, t_prev, t,
                         fo_rstate_name((enum fo_rstate)st));
                bar(g, t_prev, t, y, rstate_colour(st), tip);
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
}

/* The time axis under the lanes, with grid lines across them. */
static void svg_axis(struct svg *g)
{
    static const double steps[] = { 0.5, 1, 2, 5, 10, 15, 30, 60, 120 };
    double step = 120;
    int y = lane_y(g, g->lanes) + 4;     /* under the last lane's marks */
    for (size_t k = 0; k < sizeof(steps) / sizeof(steps[0]); k++)
        if (g->t_end / steps[k] <= 16) {
            step = steps[k];
            break;
        }
    fprintf(g->f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n",
            SVG_LEFT, y, SVG_LEFT + SVG_PLOT, y);
    for (double t = 0; t <= g->t_end + 1e-9; t += step) {
        char lab[32];
        double x = sx(g, t);
        fprintf(g->f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#888\"/>\n",
                x, y, x, y + 4);
        fprintf(g->f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e6e8eb\"/>\n",
                x, lane_y(g, 0), x, y);
        snprintf(lab, sizeof(lab), step < 1 ? "%.1f s" : "%.0f s", t);
        text_at(g, x, y + 15, "middle", "fill=\"#555\" font-size=\"10\"", lab);
    }
}

/* Actions: a dashed line across the lanes, the label on top. */
static void svg_actions(struct svg *g)
{
    const struct fo_run *r = g->r;
    const int *idx = g->idx;
    double row_end[6];

    for (int k = 0; k < 6; k++)
        row_end[k] = -1e9;
    for (int k = 0; k < r->n_ev; k++) {
        const struct fo_event *e = &r->ev[idx[k]];
        char label[300];
        double x;
        int row, ybottom = lane_y(g, g->lanes) + 4;
        if (e->kind != EV_ACTION || e->t < r->t0_mono)
            continue;
        x = sx(g, ev_secs(r, e));
        snprintf(label, sizeof(label), "%.60s", e->text);
        row = place(row_end, 6, x, (double)strlen(label) * SVG_FONT_W);
        if (row < 0)
            row = 5;
        fprintf(g->f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                      "stroke-dasharray=\"4 3\" stroke-width=\"1.2\"/>\n",
                x, g->labels_y + row * 15, x, ybottom, e->fault ? "#c0392b" : "#2c5aa0");
        {
            int at_end = x + 3 + (double)strlen(label) * SVG_FONT_W > SVG_LEFT + SVG_PLOT + SVG_RIGHT;
            fprintf(g->f, "<text x=\"%.1f\" y=\"%d\" fill=\"%s\"%s text-anchor=\"%s\"><title>",
                    at_end ? x - 3 : x + 3, g->labels_y + row * 15 + 10,
                    e->fault ? "#c0392b" : "#2c5aa0", e->fault ? " font-weight=\"bold\"" : "",
                    at_end ? "end" : "start");
        }
        fo_xml_escape(g->f, e->text);
        fprintf(g->f, "</title>");
        fo_xml_escape(g->f, label);
        fprintf(g->f, "</text>\n");
        if (e->fault && e->node >= 0) {
            /* a lightning mark on the node that was hit */
            int y = lane_y(g, e->node + 1);
            fprintf(g->f, "<polygon points=\"%.1f,%d %.1f,%d %.1f,%d %.1f,%d %.1f,%d %.1f,%d\" "
                          "fill=\"#ffdd00\" stroke=\"#c0392b\" stroke-width=\"1.2\"/>\n",
                    x - 2, y - 9, x + 5, y - 9, x + 1, y - 3, x + 6, y - 3, x - 3, y + 7, x,
                    y - 1);
        }
    }
}

/* Marks under the lanes: refusals, failed checks, log errors; policy
 * decisions under the group lane. */
static void svg_marks(struct svg *g)
{
    const struct fo_run *r = g->r;
    const struct fo_scenario *s = r->s;
    const int *idx = g->idx;

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
        x = sx(g, t);
        switch (e->kind) {
        case EV_REFUSED:
            lane = e->node + 1;
            y = lane_y(g, lane);
            fprintf(g->f, "<g stroke=\"#8b0000\" stroke-width=\"3\"><line x1=\"%.1f\" "
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
                snprintf(label, sizeof(label), "restart on %s", fo_run_node_name(r, e->node));
            else if (e->rstate == FO_N_FAILED)
                snprintf(label, sizeof(label), "group FAILED");
            else
                snprintf(label, sizeof(label), "%s %s > %s",
                         e->rstate == FO_N_FAILBACK ? "failback" : "failover",
                         fo_run_node_name(r, e->node), fo_run_node_name(r, e->owner));
            colour = e->rstate == FO_N_FAILED ? "#b00020" : "#6a3d9a";
            fprintf(g->f, "<circle cx=\"%.1f\" cy=\"%d\" r=\"4\" fill=\"%s\"><title>", x,
                    lane_y(g, 0) + SVG_LANE, colour);
            fo_xml_escape(g->f, e->text);
            fprintf(g->f, "</title></circle>\n");
            break;
        case EV_EXPECT:
            lane = 0;
            y = lane_y(g, 0);
            fprintf(g->f, "<circle cx=\"%.1f\" cy=\"%d\" r=\"6\" fill=\"%s\"><title>", x, y,
                    e->ok ? "#2e9d45" : "#b00020");
            fo_xml_escape(g->f, e->text);
            fprintf(g->f, "</title></circle>\n");
            text_at(g, x, y + 4, "middle", "fill=\"white\" font-size=\"9\" font-weight=\"bold\"",
                    e->ok ? "ok" : "X");
            continue;
        case EV_LOG:
            if (e->level < 2 || e->node < 0)
                continue;
            y = lane_y(g, e->node + 1);
            fprintf(g->f, "<circle cx=\"%.1f\" cy=\"%d\" r=\"3\" fill=\"#8b0000\"><title>", x,
                    y + SVG_LANE - 4);
            fo_xml_escape(g->f, e->text);
            fprintf(g->f, "</title></circle>\n");
            continue;
        default:
            continue;
        }
        row = place(under[lane], 2, x, (double)strlen(label) * 5.6);
        if (row < 0)
            continue;   /* crowded: the mark's tooltip still tells */
        {
            int at_end = x + 2 + (double)strlen(label) * 5.6 > SVG_LEFT + SVG_PLOT + SVG_RIGHT;
            fprintf(g->f, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"%s\" "
                          "text-anchor=\"%s\">", at_end ? x - 2 : x + 2,
                    lane_y(g, lane) + SVG_LANE + 11 + row * 11, colour,
                    at_end ? "end" : "start");
        }
        fo_xml_escape(g->f, label);
        fprintf(g->f, "</text>\n");
    }
}

/* Legend. */
static void svg_legend(struct svg *g)
{
    static const struct { const char *name; const char *fill; } items[] = {
        { "Online", "#2e9d45" }, { "OnlinePending", "#f2b705" },
        { "OfflinePending", "#f7d774" }, { "Offline", "#dfe3e8" }, { "Failed", "#d23c3c" },
        { "node down", "url(#down)" },
    };
    int y = g->height - 44, x = SVG_LEFT;
    for (size_t k = 0; k < sizeof(items) / sizeof(items[0]); k++) {
        fprintf(g->f, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"12\" fill=\"%s\" "
                      "stroke=\"#999\"/>\n", x, y, items[k].fill);
        text_at(g, x + 18, y + 10, "start", "", items[k].name);
        x += 30 + (int)(strlen(items[k].name) * SVG_FONT_W);
    }
    y += 20;
    x = SVG_LEFT;
    fprintf(g->f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#2c5aa0\" "
                  "stroke-dasharray=\"4 3\"/>\n", x, y + 6, x + 14, y + 6);
    text_at(g, x + 18, y + 10, "start", "", "administrator action");
    x += 150;
    fprintf(g->f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c0392b\" "
                  "stroke-dasharray=\"4 3\"/>\n", x, y + 6, x + 14, y + 6);
    text_at(g, x + 18, y + 10, "start", "", "fault injected");
    x += 115;
    fprintf(g->f, "<g stroke=\"#8b0000\" stroke-width=\"3\"><line x1=\"%d\" y1=\"%d\" "
                  "x2=\"%d\" y2=\"%d\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/></g>\n",
            x, y, x + 10, y + 12, x, y + 12, x + 10, y);
    text_at(g, x + 16, y + 10, "start", "", "Online refused by IMS Guard");
    x += 190;
    fprintf(g->f, "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"#8b0000\"/>\n", x + 4, y + 6);
    text_at(g, x + 12, y + 10, "start", "", "error logged (hover)");
    x += 140;
    fprintf(g->f, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"#6a3d9a\"/>\n", x + 4, y + 6);
    text_at(g, x + 12, y + 10, "start", "", "restart / failover");
    x += 125;
    fprintf(g->f, "<circle cx=\"%d\" cy=\"%d\" r=\"6\" fill=\"#2e9d45\"/>\n", x + 5, y + 6);
    text_at(g, x + 14, y + 10, "start", "", "checks passed");
}

void fo_write_svg(const struct fo_run *r, const char *path)
{
    struct svg g = { 0 };
    int *idx = fo_sorted_events(r);

    if (!idx)
        return;
    g.f = fopen(path, "w");
    g.r = r;
    g.idx = idx;
    g.lanes = r->s->n_nodes + 1;
    if (!g.f) {
        free(idx);
        return;
    }
    svg_time_span(&g);
    svg_layout(&g);
    svg_begin(&g);
    svg_title(&g);
    svg_lane_names(&g);
    svg_group_lane(&g);
    svg_node_lanes(&g);
    svg_axis(&g);
    svg_actions(&g);
    svg_marks(&g);
    svg_legend(&g);
    fprintf(g.f, "</svg>\n");
    fclose(g.f);
    free(idx);
}
