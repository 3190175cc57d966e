/*
 * benchsum.c - make bench's summary of several runs (native; figures.c).
 *
 *   benchsum --arch A [--figures FILE] [--bars FILE] [--no-header] RUN.tsv...
 *
 * Reads the run files bench.exe wrote (bench.exe bench --tsv), prints the
 * human table (medians of the runs, the bar met or missed) and writes the
 * machine-readable summary: --figures (summary.tsv) and --bars (bars.tsv),
 * appended to, with their header line unless --no-header. Exit status 0;
 * 2 for a usage error or a run file that cannot be read, with the file and
 * the line named. A missed bar is not an error: bench is no test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figures.h"

static void usage(void)
{
    fprintf(stderr, "usage: benchsum --arch A [--figures FILE] [--bars FILE] [--no-header] RUN.tsv...\n"
                    "       (at most %d run files)\n", BENCH_MAX_RUNS);
    exit(2);
}

static int append(const char *path, const char *arch, const bench_summary *s, int header, int bars)
{
    FILE *f = fopen(path, "a");
    if (!f) {
        perror(path);
        return -1;
    }
    if (bars)
        bench_write_bars(f, arch, s, header);
    else
        bench_write_summary(f, arch, s, header);
    if (fclose(f)) {
        perror(path);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    static bench_run runs[BENCH_MAX_RUNS];
    static bench_summary s;
    const char *arch = NULL, *figures = NULL, *bars = NULL;
    int i, count = 0, header = 1;
    char err[256];

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--no-header")) {
            header = 0;
        } else if (!strcmp(a, "--arch") || !strcmp(a, "--figures") || !strcmp(a, "--bars")) {
            if (i + 1 >= argc)
                usage();
            if (!strcmp(a, "--arch"))
                arch = argv[++i];
            else if (!strcmp(a, "--figures"))
                figures = argv[++i];
            else
                bars = argv[++i];
        } else if (a[0] == '-') {
            usage();
        } else {
            FILE *f;
            if (count == BENCH_MAX_RUNS)
                usage();
            f = fopen(a, "r");
            if (!f) {
                perror(a);
                return 2;
            }
            if (bench_run_read(f, &runs[count], err, sizeof(err))) {
                fprintf(stderr, "benchsum: %s: %s\n", a, err);
                fclose(f);
                return 2;
            }
            fclose(f);
            count++;
        }
    }
    if (!arch || !count || strchr(arch, '\t') || strchr(arch, '\n'))
        usage();
    bench_summarize(runs, count, &s);
    bench_print(stdout, &s);
    if ((figures && append(figures, arch, &s, header, 0)) || (bars && append(bars, arch, &s, header, 1)))
        return 2;
    return 0;
}
