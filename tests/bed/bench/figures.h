/* figures.h - what make bench measures, and what it makes of it: the
 * catalogue of figures (each DLL figure beside the bare Win32 calls it is
 * compared with), one run's figures as a TSV file, the median of several
 * runs, issue 9's bar as met/missed, and the human table. Plain C11, no
 * <windows.h>: bench.exe writes a run with it, benchsum (native) reads the
 * runs back, and unit/test_bench.c tests it.
 *
 * A run file (bench.exe --tsv), microseconds:
 *   # comment lines
 *   key<TAB>n<TAB>p50<TAB>p99<TAB>max        (this header line once)
 *   looks<TAB>2000<TAB>963.0<TAB>1241.0<TAB>5386.0
 */
#ifndef BENCH_FIGURES_H
#define BENCH_FIGURES_H

#include <stdio.h>

#include "stats.h"

typedef struct bench_figure_def {
    const char *key;
    const char *label;
    const char *bare;    /* key of the baseline it is compared with, or NULL */
    /* Key of a figure whose p50 is the unit the added time is also told
       in (IsAlive: service-manager round trips), or NULL. */
    const char *unit;
} bench_figure_def;

/* Every figure make bench can report, in the order of the table. */
extern const bench_figure_def bench_figures[];
extern const int bench_figure_count;

#define BENCH_MAX_FIGURES 40
#define BENCH_MAX_RUNS    99

/* The index of a figure in bench_figures, or -1. */
int bench_figure_index(const char *key);

/* One run: the figures it measured (n 0 = not measured). */
typedef struct bench_run {
    bench_stat fig[BENCH_MAX_FIGURES];
} bench_run;

/* Records st as figure key; -1 for a key not in the catalogue. */
int bench_run_set(bench_run *run, const char *key, bench_stat st);

void bench_run_write(FILE *out, const bench_run *run);

/* Reads one run file. 0, or -1 with a message naming the line and what is
   wrong with it in err (the run is then unusable). */
int bench_run_read(FILE *in, bench_run *run, char *err, size_t cap);

/* The figures over several runs: p50 and p99 are the medians of the runs'
   p50 and p99, max the largest of all runs; a compared figure's ratios
   (and added time) are the medians of the runs' own ratios (each run measured a figure and its
   baseline in the same loop, so drift between runs does not enter a
   ratio), with their range over the runs. */
typedef struct bench_summary_fig {
    int runs;
    size_t n;
    double p50, p99, max;
    int compared;        /* a baseline was measured in the same runs */
    double ratio_p50, ratio_p99;
    double ratio_p50_lo, ratio_p50_hi, ratio_p99_lo, ratio_p99_hi;
    /* What the figure adds to its baseline at p50 (the median of the runs'
       own differences, in microseconds and, when the catalogue names a
       unit, in that unit's p50 of the same run): a ratio depends on how
       slow the machine is, the extra calls less so. */
    double added_p50, added_p50_lo, added_p50_hi;
    int in_units;        /* the unit was measured in the same runs */
    double added_units;
} bench_summary_fig;

typedef struct bench_summary {
    int runs;
    bench_summary_fig fig[BENCH_MAX_FIGURES];
} bench_summary;

void bench_summarize(const bench_run *runs, int count, bench_summary *out);

/* Issue 9's bar and the Resource API's time limits. */
typedef enum bench_bar_kind {
    BENCH_BAR_RATIO_P50,     /* figure's median p50 ratio to its baseline */
    BENCH_BAR_P99_MS,        /* figure's median p99 in milliseconds       */
    BENCH_BAR_MAX_MS         /* figure's largest sample in milliseconds   */
} bench_bar_kind;

typedef struct bench_bar_def {
    const char *key;
    bench_bar_kind kind;
    double limit;
    const char *text;
} bench_bar_def;

extern const bench_bar_def bench_bars[];
extern const int bench_bar_count;

typedef enum bench_verdict { BENCH_MET, BENCH_MISSED, BENCH_NOT_MEASURED } bench_verdict;

/* The bar's value in the summary (*value) and whether it is met. */
bench_verdict bench_bar_judge(const bench_bar_def *bar, const bench_summary *s, double *value);
const char *bench_verdict_name(bench_verdict v);

/* The human table: figures, ratios, where the time goes, the bar. */
void bench_print(FILE *out, const bench_summary *s);

/* The machine-readable summary: one header line, then one line per
   measured figure (summary.tsv) or per bar (bars.tsv), arch first. */
void bench_write_summary(FILE *out, const char *arch, const bench_summary *s, int header);
void bench_write_bars(FILE *out, const char *arch, const bench_summary *s, int header);

#endif
