/* stats.h - the benchmark's statistics: plain C11, no <windows.h>, built
 * natively for its cmocka test (unit/test_bench.c) and by mingw into
 * bench.exe. Times are microseconds in doubles. */
#ifndef BENCH_STATS_H
#define BENCH_STATS_H

#include <stddef.h>

/* A series of samples; the caller sizes it once, add never allocates, so
   taking a sample costs the same at the first and the last call. */
typedef struct bench_series {
    double *v;
    size_t n, cap;
    size_t dropped;      /* samples offered beyond cap (a sizing mistake) */
} bench_series;

/* The nearest-rank percentiles of a series, and its largest sample. A
   series with no samples has n 0 and the figures 0. */
typedef struct bench_stat {
    size_t n;
    double p50, p99, max;
} bench_stat;

/* 0, or -1 when the memory cannot be had (the series is then empty with
   cap 0, and add drops every sample). */
int bench_series_init(bench_series *s, size_t cap);
void bench_series_free(bench_series *s);
void bench_series_add(bench_series *s, double v);

/* Sorts the series in place. */
bench_stat bench_series_stat(bench_series *s);

/* The nearest-rank percentile p (0 < p <= 100) of n sorted values: the
   smallest value with at least p% of the values at or below it. */
double bench_percentile_sorted(const double *sorted, size_t n, double p);

/* The median of n values, reordering them; the mean of the middle two when
   n is even (so that two runs give their midpoint, not the first). 0 when
   n is 0. */
double bench_median(double *v, size_t n);

/* a / b, or 0 when b is not positive (no baseline, nothing to compare). */
double bench_ratio(double a, double b);

#endif
