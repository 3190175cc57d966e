/*
 * failover.c - the failover coordinator: runs .scn scenarios on 2 to 8
 * simulated cluster nodes under Wine, one Resource Monitor emulator per
 * node on a pipe, with the cluster's group policy (policy.c) deciding where
 * the "Internet Mail Service" resource of type "IMS Guard" runs.
 *
 *   failover [--out DIR] [--narrate] [--check] [--arch x86_64] FILE.scn...
 *
 * Every file is parsed first; a malformed one is rejected (file:line:
 * reason) before any node starts. Then each scenario runs in turn and
 * leaves in DIR/<scenario>/: cluster.log (every node's cluster log merged
 * by time, with the coordinator's [FM] decisions), events.txt (the merged
 * event list), junit.xml, timeline.svg, and per node its prefix, the
 * monitor's raw report lines and its cluster.log. DIR/index.html links
 * them all. The last line printed is "N passed, M failed" (scenarios).
 *
 * Node operations (prefix set-up, faults, domains, binaries, the cluster
 * database) go through tests/failover/node.sh, which uses tests/wine/lib.sh.
 * This file is the command line; coord.h lists the coordinator's other
 * files, report*.c write the reports.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "coord.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: failover [--out DIR] [--narrate] [--check] [--arch x86_64|i686] "
               "FILE.scn...\n"
               "Runs failover scenarios on simulated cluster nodes under Wine; see "
               "tests/failover/README.md.\n");
}

static void base_name(const char *path, char *out, size_t size)
{
    const char *b = strrchr(path, '/');
    size_t n;

    b = b ? b + 1 : path;
    n = strlen(b);
    if (n > 4 && !strcmp(b + n - 4, ".scn"))
        n -= 4;
    if (n >= size)
        n = size - 1;
    memcpy(out, b, n);
    out[n] = 0;
}

static int versions_exist(const char *root, const char *arch, const struct fo_scenario *s,
                          char *err, size_t size)
{
    for (int i = 0; i < s->n_nodes; i++) {
        char path[FO_PATH_LEN];
        struct stat st;
        if (!s->nodes[i].ims[0])
            continue;
        snprintf(path, sizeof(path), "%s/build/%s/ims/%s/msexcimc.exe", root, arch,
                 s->nodes[i].ims);
        if (stat(path, &st)) {
            snprintf(err, size, "%s: node %s: no IMS stand-in build %s (%s is missing; "
                     "builds: 5.5.1960.0 5.5.2232.0 5.5.2423.0 5.5.2448.0)", s->file,
                     s->nodes[i].name, s->nodes[i].ims, path);
            return 0;
        }
    }
    for (int k = 0; k < s->n_steps; k++) {
        char path[FO_PATH_LEN];
        struct stat st;
        if (s->steps[k].action != FO_A_SWAP)
            continue;
        snprintf(path, sizeof(path), "%s/build/%s/ims/%s/msexcimc.exe", root, arch,
                 s->steps[k].arg);
        if (stat(path, &st)) {
            snprintf(err, size, "%s:%d: swap: no IMS stand-in build %s (%s is missing)",
                     s->file, s->steps[k].line, s->steps[k].arg, path);
            return 0;
        }
    }
    return 1;
}

struct options {
    char out_dir[FO_PATH_LEN];
    char arch[16];
    int narrate, check_only, nfiles;
    const char *files[FO_MAX_FILES];
};

/* The options and files. -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, struct options *o)
{
    snprintf(o->out_dir, sizeof(o->out_dir), "build/failover");
    snprintf(o->arch, sizeof(o->arch), "x86_64");
    for (int i = 1; i < argc; i++) {
        if ((!strcmp(argv[i], "--out") || !strcmp(argv[i], "--arch")) && i + 1 == argc) {
            fprintf(stderr, "failover: %s needs a value\n", argv[i]);
            usage(stderr);
            return 2;
        } else if (!strcmp(argv[i], "--out") && i + 1 < argc) {
            snprintf(o->out_dir, sizeof(o->out_dir), "%s", argv[++i]);
        } else if (!strcmp(argv[i], "--arch") && i + 1 < argc) {
            snprintf(o->arch, sizeof(o->arch), "%s", argv[++i]);
        } else if (!strcmp(argv[i], "--narrate")) {
            o->narrate = 1;
        } else if (!strcmp(argv[i], "--check")) {
            o->check_only = 1;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "failover: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        } else if (o->nfiles == FO_MAX_FILES) {
            fprintf(stderr, "failover: at most %d scenario files at once (more were given); "
                    "nothing was checked or run: give them in batches\n", FO_MAX_FILES);
            return 2;
        } else {
            o->files[o->nfiles++] = argv[i];
        }
    }
    if (!o->nfiles) {
        usage(stderr);
        return 2;
    }
    return -1;
}

/* The repository's top directory (the current one) into root. 0, or 2. */
static int find_root(char *root, size_t size)
{
    char path[FO_PATH_LEN + 32];
    struct stat st;

    if (!getcwd(root, size)) {
        fprintf(stderr, "failover: getcwd: %s\n", strerror(errno));
        return 2;
    }
    snprintf(path, sizeof(path), "%s/tests/failover/node.sh", root);
    if (stat(path, &st)) {
        fprintf(stderr, "failover: run me from the repository's top directory (%s is "
                "missing)\n", path);
        return 2;
    }
    return 0;
}

/* Every file parsed before any node starts: sums[i] says whether it was,
 * or why not. 0, or 2 when out of memory. */
static int parse_scenarios(const char *root, const struct options *o, struct fo_scenario **scn,
                           struct fo_summary *sums)
{
    for (int i = 0; i < o->nfiles; i++) {
        char name[64], err[1024], why[256];
        size_t len = 0;
        const char *file = o->files[i];
        char *text = fo_read_file(file, FO_MAX_FILE_BYTES, &len, why, sizeof(why));
        base_name(file, name, sizeof(name));
        snprintf(sums[i].name, sizeof(sums[i].name), "%s", name);
        snprintf(sums[i].dir, sizeof(sums[i].dir), "%s", name);
        scn[i] = calloc(1, sizeof(**scn));
        if (!scn[i]) {
            fprintf(stderr, "failover: out of memory\n");
            return 2;
        }
        if (!name[0] || !strcmp(name, ".") || !strcmp(name, "..")) {
            snprintf(err, sizeof(err), "%s: the file name gives no scenario name (the "
                     "output directory's): name it <scenario>.scn", file);
        } else if (!text) {
            snprintf(err, sizeof(err), "%s: not read as a scenario: %s", file, why);
        } else if (fo_scn_parse_text(file, name, text, len, scn[i], err, sizeof(err)) == 0
                   && versions_exist(root, o->arch, scn[i], err, sizeof(err))) {
            err[0] = 0;
            sums[i].parsed = 1;
            snprintf(sums[i].title, sizeof(sums[i].title), "%s", scn[i]->title);
        }
        free(text);
        if (err[0]) {
            fprintf(stderr, "%s\n", err);
            snprintf(sums[i].error, sizeof(sums[i].error), "%s", err);
        }
    }
    return 0;
}

/* The output directory: refused when it or a scenario's directory holds
 * files that are not a failover run's (each run removes its scenario's
 * directory), else made, marked and resolved. 0, or 2. */
static int prepare_out(struct options *o, struct fo_scenario **scn,
                       const struct fo_summary *sums)
{
    static const char *const top_files[] = { "index.html", "junit.xml", NULL };
    char why[FO_PATH_LEN * 2 + 256], path[FO_PATH_LEN + 32], resolved[PATH_MAX];
    int refused = fo_dir_ours(o->out_dir, 0, top_files, why, sizeof(why)) != 0;

    if (refused)
        fprintf(stderr, "failover: %s\n", why);
    for (int i = 0; i < o->nfiles && !refused; i++) {
        snprintf(path, sizeof(path), "%s/%s", o->out_dir, scn[i]->name);
        if (sums[i].parsed && fo_dir_ours(path, 1, NULL, why, sizeof(why))) {
            fprintf(stderr, "failover: %s\n", why);
            refused = 1;
        }
    }
    if (refused)
        return 2;
    if (fo_mkdirs(o->out_dir) || !realpath(o->out_dir, resolved) || fo_mark_dir(resolved)) {
        fprintf(stderr, "failover: cannot create %s: %s\n", o->out_dir, strerror(errno));
        return 2;
    }
    snprintf(o->out_dir, sizeof(o->out_dir), "%s", resolved);
    return 0;
}

/* The template prefix once, before nodes copy it in parallel. 0, or 2. */
static int boot_template(const char *arch)
{
    const char *targv[] = { "bash", "tests/failover/node.sh", "template", NULL };
    char arch_env[64], out[256];
    const char *env[] = { arch_env, NULL };

    snprintf(arch_env, sizeof(arch_env), "IG_ARCH=%s", arch);
    if (fo_run(targv, env, 300000, out, sizeof(out), NULL) != 0) {
        fprintf(stderr, "failover: could not boot the Wine template prefix\n");
        return 2;
    }
    return 0;
}

/* Runs one parsed scenario and fills its summary; its suite goes into
 * all_junit (may be NULL). 0, or 2 when out of memory. */
static int run_one(const char *root, const struct options *o, struct fo_scenario *scn,
                   struct fo_summary *sum, FILE *all_junit)
{
    struct fo_run *r = calloc(1, sizeof(*r));
    int checks, nfail;
    char counts[64];

    if (!r) {
        fprintf(stderr, "failover: out of memory\n");
        return 2;
    }
    r->s = scn;
    r->narrate = o->narrate;
    snprintf(r->root, sizeof(r->root), "%s", root);
    snprintf(r->arch, sizeof(r->arch), "%s", o->arch);
    snprintf(r->out, sizeof(r->out), "%s/%s", o->out_dir, scn->name);
    if (!o->narrate)
        printf("failover: ...  %-28s %d nodes: %s\n", scn->name, scn->n_nodes, scn->title);
    fo_run_scenario(r);
    checks = fo_run_checks(r, &nfail);
    sum->checks = checks;
    sum->failed = nfail;
    sum->pass = !fo_run_failed(r);
    sum->wall_ms = r->wall_ms;
    fo_failover_text(r, sum->failover, sizeof(sum->failover));
    if (nfail)
        snprintf(counts, sizeof(counts), "%d of %d checks failed", nfail, checks);
    else
        snprintf(counts, sizeof(counts), "%d checks", checks);
    printf("failover: %s %-28s %s; failover %s; wall %.1f s (set-up %.1f s)\n",
           sum->pass ? "ok  " : "FAIL", scn->name, counts, sum->failover,
           (double)r->wall_ms / 1000.0, (double)r->setup_ms / 1000.0);
    if (!sum->pass && r->reports_written)
        printf("          files: %s/ (cluster.log, events.txt, junit.xml, timeline.svg)\n",
               r->out);
    if (all_junit)
        fo_write_junit_suite(r, all_junit);
    for (int k = 0; k < r->n_ev; k++)
        free(r->ev[k].text);
    free(r->ev);
    free(r);
    return 0;
}

/* Every parsed scenario in turn, then the combined junit.xml and the index.
 * The exit status. */
static int run_all(const char *root, const struct options *o, struct fo_scenario **scn,
                   struct fo_summary *sums)
{
    char path[FO_PATH_LEN + 32];
    int passed = 0, failed = 0;
    FILE *all_junit;

    snprintf(path, sizeof(path), "%s/junit.xml", o->out_dir);
    all_junit = fopen(path, "w");
    if (all_junit)
        fprintf(all_junit, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<testsuites name=\"imsguard failover\">\n");
    for (int i = 0; i < o->nfiles; i++) {
        if (!sums[i].parsed) {
            printf("failover: FAIL %-28s rejected before any node started: %s\n", sums[i].name,
                   sums[i].error);
            failed++;
            continue;
        }
        if (run_one(root, o, scn[i], &sums[i], all_junit))
            return 2;
        if (sums[i].pass)
            passed++;
        else
            failed++;
    }
    if (all_junit) {
        fprintf(all_junit, "</testsuites>\n");
        fclose(all_junit);
    }
    snprintf(path, sizeof(path), "%s/index.html", o->out_dir);
    fo_write_index(sums, o->nfiles, path);
    printf("failover: report %s\n", path);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
    static struct options o;
    char root[FO_PATH_LEN];
    struct fo_scenario **scn;
    struct fo_summary *sums;
    int rc;

    signal(SIGPIPE, SIG_IGN);
    setvbuf(stdout, NULL, _IOLBF, 0);
    if ((rc = parse_args(argc, argv, &o)) >= 0)
        return rc;
    if (find_root(root, sizeof(root)))
        return 2;
    scn = calloc((size_t)o.nfiles, sizeof(*scn));
    sums = calloc((size_t)o.nfiles, sizeof(*sums));
    if (!scn || !sums) {
        fprintf(stderr, "failover: out of memory\n");
        return 2;
    }
    if (parse_scenarios(root, &o, scn, sums))
        return 2;
    if (o.check_only) {
        int bad = 0;
        for (int i = 0; i < o.nfiles; i++)
            bad += !sums[i].parsed;
        printf("%d scenario file(s) checked, %d rejected\n", o.nfiles, bad);
        return bad ? 1 : 0;
    }
    if (prepare_out(&o, scn, sums) || boot_template(o.arch))
        return 2;
    rc = run_all(root, &o, scn, sums);
    for (int i = 0; i < o.nfiles; i++)
        free(scn[i]);
    free(scn);
    free(sums);
    return rc;
}
