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

int main(int argc, char **argv)
{
    char out_dir[FO_PATH_LEN] = "build/failover", root[FO_PATH_LEN], arch[16] = "x86_64";
    int narrate = 0, check_only = 0, nfiles = 0, passed = 0, failed = 0;
    const char *files[FO_MAX_FILES];
    struct fo_scenario **scn;
    struct fo_summary *sums;
    char **errors;
    FILE *all_junit;
    char path[FO_PATH_LEN + 32];

    signal(SIGPIPE, SIG_IGN);
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 1; i < argc; i++) {
        if ((!strcmp(argv[i], "--out") || !strcmp(argv[i], "--arch")) && i + 1 == argc) {
            fprintf(stderr, "failover: %s needs a value\n", argv[i]);
            usage(stderr);
            return 2;
        } else if (!strcmp(argv[i], "--out") && i + 1 < argc) {
            snprintf(out_dir, sizeof(out_dir), "%s", argv[++i]);
        } else if (!strcmp(argv[i], "--arch") && i + 1 < argc) {
            snprintf(arch, sizeof(arch), "%s", argv[++i]);
        } else if (!strcmp(argv[i], "--narrate")) {
            narrate = 1;
        } else if (!strcmp(argv[i], "--check")) {
            check_only = 1;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "failover: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        } else if (nfiles == FO_MAX_FILES) {
            fprintf(stderr, "failover: at most %d scenario files at once (more were given); "
                    "nothing was checked or run: give them in batches\n", FO_MAX_FILES);
            return 2;
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (!nfiles) {
        usage(stderr);
        return 2;
    }
    if (!getcwd(root, sizeof(root))) {
        fprintf(stderr, "failover: getcwd: %s\n", strerror(errno));
        return 2;
    }
    {
        struct stat st;
        snprintf(path, sizeof(path), "%s/tests/failover/node.sh", root);
        if (stat(path, &st)) {
            fprintf(stderr, "failover: run me from the repository's top directory (%s is "
                    "missing)\n", path);
            return 2;
        }
    }
    scn = calloc((size_t)nfiles, sizeof(*scn));
    sums = calloc((size_t)nfiles, sizeof(*sums));
    errors = calloc((size_t)nfiles, sizeof(*errors));
    if (!scn || !sums || !errors) {
        fprintf(stderr, "failover: out of memory\n");
        return 2;
    }
    /* Parse everything before any node starts. */
    for (int i = 0; i < nfiles; i++) {
        char name[64], err[1024], why[256];
        size_t len = 0;
        char *text = fo_read_file(files[i], FO_MAX_FILE_BYTES, &len, why, sizeof(why));
        base_name(files[i], name, sizeof(name));
        snprintf(sums[i].name, sizeof(sums[i].name), "%s", name);
        snprintf(sums[i].dir, sizeof(sums[i].dir), "%s", name);
        scn[i] = calloc(1, sizeof(**scn));
        if (!scn[i]) {
            fprintf(stderr, "failover: out of memory\n");
            return 2;
        }
        if (!name[0] || !strcmp(name, ".") || !strcmp(name, "..")) {
            snprintf(err, sizeof(err), "%s: the file name gives no scenario name (the "
                     "output directory's): name it <scenario>.scn", files[i]);
        } else if (!text) {
            snprintf(err, sizeof(err), "%s: not read as a scenario: %s", files[i], why);
        } else if (fo_scn_parse_text(files[i], name, text, len, scn[i], err, sizeof(err)) == 0
                   && versions_exist(root, arch, scn[i], err, sizeof(err))) {
            err[0] = 0;
            sums[i].parsed = 1;
            snprintf(sums[i].title, sizeof(sums[i].title), "%s", scn[i]->title);
        }
        free(text);
        if (err[0]) {
            fprintf(stderr, "%s\n", err);
            errors[i] = strdup(err);
            snprintf(sums[i].error, sizeof(sums[i].error), "%s", err);
        }
    }
    if (check_only) {
        int bad = 0;
        for (int i = 0; i < nfiles; i++)
            bad += !sums[i].parsed;
        printf("%d scenario file(s) checked, %d rejected\n", nfiles, bad);
        return bad ? 1 : 0;
    }
    /* Each run removes its scenario's directory: only one failover made. */
    {
        static const char *const top_files[] = { "index.html", "junit.xml", NULL };
        char why[FO_PATH_LEN * 2 + 256];
        int refused = fo_dir_ours(out_dir, 0, top_files, why, sizeof(why)) != 0;
        if (refused)
            fprintf(stderr, "failover: %s\n", why);
        for (int i = 0; i < nfiles && !refused; i++) {
            snprintf(path, sizeof(path), "%s/%s", out_dir, scn[i]->name);
            if (sums[i].parsed && fo_dir_ours(path, 1, NULL, why, sizeof(why))) {
                fprintf(stderr, "failover: %s\n", why);
                refused = 1;
            }
        }
        if (refused)
            return 2;
    }
    {
        char resolved[PATH_MAX];
        if (fo_mkdirs(out_dir) || !realpath(out_dir, resolved) || fo_mark_dir(resolved)) {
            fprintf(stderr, "failover: cannot create %s: %s\n", out_dir, strerror(errno));
            return 2;
        }
        snprintf(out_dir, sizeof(out_dir), "%s", resolved);
    }
    {
        /* The template prefix once, before nodes copy it in parallel. */
        const char *targv[] = { "bash", "tests/failover/node.sh", "template", NULL };
        char arch_env[64], out[256];
        const char *env[] = { arch_env, NULL };
        snprintf(arch_env, sizeof(arch_env), "IG_ARCH=%s", arch);
        if (fo_run(targv, env, 300000, out, sizeof(out), NULL) != 0) {
            fprintf(stderr, "failover: could not boot the Wine template prefix\n");
            return 2;
        }
    }

    snprintf(path, sizeof(path), "%s/junit.xml", out_dir);
    all_junit = fopen(path, "w");
    if (all_junit)
        fprintf(all_junit, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<testsuites name=\"imsguard failover\">\n");
    for (int i = 0; i < nfiles; i++) {
        struct fo_run *r;
        int checks, nfail;
        if (!sums[i].parsed) {
            printf("failover: FAIL %-28s rejected before any node started: %s\n", sums[i].name,
                   sums[i].error);
            failed++;
            continue;
        }
        r = calloc(1, sizeof(*r));
        if (!r) {
            fprintf(stderr, "failover: out of memory\n");
            return 2;
        }
        r->s = scn[i];
        r->narrate = narrate;
        snprintf(r->root, sizeof(r->root), "%s", root);
        snprintf(r->arch, sizeof(r->arch), "%s", arch);
        snprintf(r->out, sizeof(r->out), "%s/%s", out_dir, scn[i]->name);
        if (!narrate)
            printf("failover: ...  %-28s %d nodes: %s\n", scn[i]->name, scn[i]->n_nodes,
                   scn[i]->title);
        fo_run_scenario(r);
        checks = fo_run_checks(r, &nfail);
        sums[i].checks = checks;
        sums[i].failed = nfail;
        sums[i].pass = !fo_run_failed(r);
        sums[i].wall_ms = r->wall_ms;
        fo_failover_text(r, sums[i].failover, sizeof(sums[i].failover));
        {
            char counts[64];
            if (nfail)
                snprintf(counts, sizeof(counts), "%d of %d checks failed", nfail, checks);
            else
                snprintf(counts, sizeof(counts), "%d checks", checks);
            printf("failover: %s %-28s %s; failover %s; wall %.1f s (set-up %.1f s)\n",
                   sums[i].pass ? "ok  " : "FAIL", scn[i]->name, counts, sums[i].failover,
                   (double)r->wall_ms / 1000.0, (double)r->setup_ms / 1000.0);
        }
        if (!sums[i].pass)
            printf("          files: %s/ (cluster.log, events.txt, junit.xml, timeline.svg)\n",
                   r->out);
        if (sums[i].pass)
            passed++;
        else
            failed++;
        if (all_junit)
            fo_write_junit_suite(r, all_junit);
        for (int k = 0; k < r->n_ev; k++)
            free(r->ev[k].text);
        free(r->ev);
        free(r);
    }
    if (all_junit) {
        fprintf(all_junit, "</testsuites>\n");
        fclose(all_junit);
    }
    snprintf(path, sizeof(path), "%s/index.html", out_dir);
    fo_write_index(sums, nfiles, path);
    printf("failover: report %s\n", path);
    printf("%d passed, %d failed\n", passed, failed);
    for (int i = 0; i < nfiles; i++) {
        free(scn[i]);
        free(errors[i]);
    }
    free(scn);
    free(sums);
    free(errors);
    return failed ? 1 : 0;
}
