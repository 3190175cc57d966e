/*
 * report_log.c - the run's logs: events.txt (the merged event list) and
 * cluster.log (every node's cluster log merged by time, with the
 * coordinator's [FM] lines).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"

void fo_write_events(const struct fo_run *r, const char *path)
{
    FILE *f = fopen(path, "w");
    int *idx;

    if (!f)
        return;
    idx = fo_sorted_events(r);
    fprintf(f, "# failover scenario %s: every state change, decision, action and LogEvent line,\n"
               "# all nodes merged; t = milliseconds since the scenario's time 0\n"
               "#   t(ms)  node      kind     text\n", r->s->name);
    for (int k = 0; idx && k < r->n_ev; k++) {
        const struct fo_event *e = &r->ev[idx[k]];
        fprintf(f, "%9lld  %-9s %-8s %s%s\n", e->t - r->t0_mono,
                fo_run_node_name(r, e->node), fo_ev_kind_name(e->kind),
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
                 tag, e->node >= 0 ? fo_run_node_name(r, e->node) : "", e->node >= 0 ? ": " : "",
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
