/*
 * db.c - the test cluster database: written as clusreg's text form (its
 * keys named by lib.sh's GUID scheme, as every other writer names them),
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

/* The key name of a cluster object (a resource, a group) in the test
 * cluster database: the one GUID scheme of the test bed, tests/wine/lib.sh's
 * ig_guid of the object's name, through node.sh guid. 0, or -1 when node.sh
 * did not answer with a GUID. */
static int object_guid(struct fo_run *r, const char *name, char *out, size_t size)
{
    char buf[256];
    size_t n;

    if (fo_helper_output(r, buf, sizeof(buf), "guid", name, NULL) != 0)
        return -1;
    n = strcspn(buf, "\r\n");
    if (n != 38 || buf[0] != '{' || buf[37] != '}' || n >= size)
        return -1;
    memcpy(out, buf, n);
    out[n] = 0;
    return 0;
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

static int write_db(const struct fo_run *r, const char *path, const char *res_guid,
                    const char *group_guid)
{
    const struct fo_scenario *s = r->s;
    FILE *f = fopen(path, "w");
    long hours;

    if (!f)
        return -1;
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
    char initial[FO_PATH_LEN], exported[FO_PATH_LEN], res_guid[64], group_guid[64];

    snprintf(initial, sizeof(initial), "%s/db-initial.txt", r->out);
    snprintf(exported, sizeof(exported), "%s/db.txt", r->out);
    if (object_guid(r, r->s->res_name, res_guid, sizeof(res_guid))
        || object_guid(r, r->s->group_name, group_guid, sizeof(group_guid))) {
        fprintf(r->setup_log, "node.sh guid gave no GUID for the resource or the group\n");
        return -1;
    }
    if (write_db(r, initial, res_guid, group_guid)) {
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
