/*
 * db.c - the test cluster database: written as clusreg's text form,
 * imported on the first node and replicated by clusreg export/import
 * (tests/failover/node.sh); at the end, compared across the nodes.
 */
#define _XOPEN_SOURCE 700
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "coord.h"

static void guid_for(const char *scenario, const char *what, char *out, size_t size)
{
    uint64_t h1 = 1469598103934665603ull, h2 = 1099511628211ull * 7;
    const char *parts[2] = { scenario, what };

    for (int k = 0; k < 2; k++) {
        for (const char *p = parts[k]; *p; p++) {
            h1 = (h1 ^ (unsigned char)*p) * 1099511628211ull;
            h2 = (h2 ^ (unsigned char)*p) * 1469598103934665603ull + 0x9e3779b97f4a7c15ull;
        }
        h1 = (h1 ^ 0xff) * 1099511628211ull;
    }
    snprintf(out, size, "{%08x-%04x-%04x-%04x-%012llx}", (unsigned)(h1 >> 32),
             (unsigned)(h1 >> 16) & 0xffff, (unsigned)((h1 & 0x0fff) | 0x4000),
             (unsigned)((h2 >> 48) & 0x3fff) | 0x8000,
             (unsigned long long)(h2 & 0xffffffffffffull));
}

static void put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static int write_db(const struct fo_run *r, const char *path)
{
    const struct fo_scenario *s = r->s;
    char res_guid[64], group_guid[64];
    FILE *f = fopen(path, "w");
    long hours;

    if (!f)
        return -1;
    guid_for(s->name, s->res_name, res_guid, sizeof(res_guid));
    guid_for(s->name, s->group_name, group_guid, sizeof(group_guid));
    hours = (s->failover_period_ms + 3599999) / 3600000;
    fprintf(f, "; cluster database of failover scenario %s (written by build/native/failover,\n"
               "; imported on %s and replicated to the other nodes by clusreg export/import)\n",
            s->name, s->nodes[0].name);
    fprintf(f, "[HKLM\\Cluster]\n\"ClusterName\" = sz \"IMSCLUSTER\"\n");
    fprintf(f, "[HKLM\\Cluster\\Groups]\n[HKLM\\Cluster\\Groups\\%s]\n", group_guid);
    fprintf(f, "\"AutoFailbackType\" = dword %d\n", s->failback ? 1 : 0);
    fprintf(f, "\"Contains\" = multi_sz \"%s\"\n", res_guid);
    fprintf(f, "\"FailoverPeriod\" = dword %ld\n", hours ? hours : 1);
    fprintf(f, "\"FailoverThreshold\" = dword %u\n", (unsigned)s->failover_threshold);
    fprintf(f, "\"Name\" = sz ");
    put_string(f, s->group_name);
    fprintf(f, "\n\"PreferredOwners\" = multi_sz");
    for (int i = 0; i < s->n_preferred; i++) {
        fputc(' ', f);
        put_string(f, s->nodes[s->preferred[i]].name);
    }
    fprintf(f, "\n[HKLM\\Cluster\\Nodes]\n");
    for (int i = 0; i < s->n_nodes; i++) {
        fprintf(f, "[HKLM\\Cluster\\Nodes\\%d]\n\"NodeName\" = sz ", i + 1);
        put_string(f, s->nodes[i].name);
        fputc('\n', f);
    }
    fprintf(f, "[HKLM\\Cluster\\Resources]\n[HKLM\\Cluster\\Resources\\%s]\n", res_guid);
    fprintf(f, "\"IsAlivePollInterval\" = dword %ld\n", s->isalive_ms);
    fprintf(f, "\"LooksAlivePollInterval\" = dword %ld\n", s->looksalive_ms);
    fprintf(f, "\"Name\" = sz ");
    put_string(f, s->res_name);
    fprintf(f, "\n\"PendingTimeout\" = dword %ld\n", s->pending_ms);
    fprintf(f, "\"PossibleOwners\" = multi_sz");
    for (int i = 0; i < s->n_nodes; i++) {
        if (!s->possible[i])
            continue;
        fputc(' ', f);
        put_string(f, s->nodes[i].name);
    }
    fputc('\n', f);
    fprintf(f, "\"RestartAction\" = dword %d\n", (int)s->restart_action);
    fprintf(f, "\"RestartPeriod\" = dword %ld\n", s->restart_period_ms);
    fprintf(f, "\"RestartThreshold\" = dword %u\n", (unsigned)s->restart_threshold);
    if (fo_era_defaults(s->era)->has_retry_period)
        fprintf(f, "\"RetryPeriodOnFailure\" = dword %lu\n",
                s->retry_period_ms < 0 ? (unsigned long)FO_DWORD_ALL
                                       : (unsigned long)s->retry_period_ms);
    fprintf(f, "\"Type\" = sz \"IMS Guard\"\n");
    fprintf(f, "[HKLM\\Cluster\\Resources\\%s\\Parameters]\n", res_guid);
    fprintf(f, "\"SmtpProbePort\" = dword %d\n", r->port);
    for (int i = 0; i < s->n_props; i++) {
        const struct fo_prop *p = &s->props[i];
        put_string(f, p->name);
        if (p->type == FO_PROP_DWORD) {
            fprintf(f, " = dword %u\n", (unsigned)p->dword);
        } else {
            fprintf(f, " = sz ");
            put_string(f, p->sz);
            fputc('\n', f);
        }
    }
    fprintf(f, "[HKLM\\Cluster\\ResourceTypes]\n[HKLM\\Cluster\\ResourceTypes\\IMS Guard]\n");
    fprintf(f, "\"DllName\" = sz \"imsguard.dll\"\n\"Name\" = sz \"IMS Guard\"\n");
    return fclose(f) == 0 ? 0 : -1;
}

/* Exports every powered node's database and compares them with the first. */
void fo_check_db_identical(struct fo_run *r)
{
    char first[FO_PATH_LEN] = "", *first_text = NULL, actual[1600] = "";
    int ok = 1, compared = 0, which[FO_MAX_NODES] = { 0 }, count = 0;

    for (int i = 0; i < r->s->n_nodes; i++) {
        char path[FO_PATH_LEN];
        snprintf(path, sizeof(path), "%s/db-final.txt", r->nodes[i].dir);
        unlink(path);
        if (r->nodes[i].powered)
            which[count++] = i;
    }
    fo_helper_all(r, "db-export", which, count, "db-final.txt");
    for (int k = 0; k < count; k++) {
        struct fo_node_rt *n = &r->nodes[which[k]];
        char path[FO_PATH_LEN], *text, why[256];
        snprintf(path, sizeof(path), "%s/db-final.txt", n->dir);
        text = fo_read_file(path, FO_MAX_LOG_BYTES, NULL, why, sizeof(why));
        if (!text) {
            ok = 0;
            snprintf(actual + strlen(actual), sizeof(actual) - strlen(actual),
                     "%s: clusreg export failed (db-final.txt: %s). ", n->name, why);
            continue;
        }
        compared++;
        if (!first_text) {
            first_text = text;
            snprintf(first, sizeof(first), "%s", n->name);
            continue;
        }
        if (strcmp(first_text, text)) {
            ok = 0;
            snprintf(actual + strlen(actual), sizeof(actual) - strlen(actual),
                     "%s differs from %s (see db-final.txt in both node directories). ",
                     n->name, first);
        }
        free(text);
    }
    free(first_text);
    if (ok)
        snprintf(actual, sizeof(actual), "%d nodes compared, identical", compared);
    fo_add_result(r, -1, ok, "the cluster database is identical on every running node",
               "clusreg export gives the same text on every node", actual);
}

int fo_setup_db(struct fo_run *r)
{
    char initial[FO_PATH_LEN], exported[FO_PATH_LEN];

    snprintf(initial, sizeof(initial), "%s/db-initial.txt", r->out);
    snprintf(exported, sizeof(exported), "%s/db.txt", r->out);
    if (write_db(r, initial)) {
        fprintf(r->setup_log, "cannot write %s\n", initial);
        return -1;
    }
    /* Written on the first node, then replicated: export there, import on
     * the others (before their monitors open any key). */
    if (fo_helper(r, "db-import", r->nodes[0].dir, initial, NULL) != 0
        || fo_helper(r, "db-export", r->nodes[0].dir, exported, NULL) != 0)
        return -1;
    {
        int others[FO_MAX_NODES], n = 0;
        for (int i = 1; i < r->s->n_nodes; i++)
            others[n++] = i;
        if (n && fo_helper_all(r, "db-import", others, n, exported))
            return -1;
    }
    return 0;
}
