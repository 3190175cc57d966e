#include "stats.h"

#include <math.h>
#include <stdlib.h>

int bench_series_init(bench_series *s, size_t cap)
{
    s->n = 0;
    s->dropped = 0;
    s->cap = cap;
    s->v = cap ? calloc(cap, sizeof(double)) : NULL;
    if (cap && !s->v) {
        s->cap = 0;
        return -1;
    }
    return 0;
}

void bench_series_free(bench_series *s)
{
    free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

void bench_series_add(bench_series *s, double v)
{
    if (s->n < s->cap)
        s->v[s->n++] = v;
    else
        s->dropped++;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double bench_percentile_sorted(const double *sorted, size_t n, double p)
{
    double rank;
    size_t k;

    if (!n)
        return 0;
    /* p * n first: 99 * 100 / 100 is exactly 99, 0.99 * 100 is not. */
    rank = ceil(p * (double)n / 100.0);
    k = rank < 1 ? 1 : (size_t)rank;
    if (k > n)
        k = n;
    return sorted[k - 1];
}

bench_stat bench_series_stat(bench_series *s)
{
    bench_stat st = { 0, 0, 0, 0 };

    if (!s->n)
        return st;
    qsort(s->v, s->n, sizeof(double), cmp_double);
    st.n = s->n;
    st.p50 = bench_percentile_sorted(s->v, s->n, 50);
    st.p99 = bench_percentile_sorted(s->v, s->n, 99);
    st.max = s->v[s->n - 1];
    return st;
}

double bench_median(double *v, size_t n)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof(double), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

double bench_ratio(double a, double b)
{
    return b > 0 ? a / b : 0;
}
