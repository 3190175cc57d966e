#include "figures.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A baseline is what a minimal correct implementation of the same entry
   point would have to call, measured in the same loop as the DLL (see
   bench.c for each); figures without one say where the time goes. */
const bench_figure_def bench_figures[] = {
    { "looks", "LooksAlive", "looks.bare", NULL },
    { "looks.bare", "  bare process wait + QueryServiceStatus", NULL, NULL },
    { "looks.vsqss", "LooksAlive, against QueryServiceStatus alone", "looks.qss", NULL },
    { "looks.qss", "  bare QueryServiceStatus on an open handle", NULL, NULL },
    { "isalive", "IsAlive (SMTP probe on)", "isalive.bare", "bare.status" },
    { "isalive.bare", "  bare process+status+key watch+Domain+file+SMTP", NULL, NULL },
    { "online.entry", "Online entry point (call until it returns)", "online.entry.bare", NULL },
    { "online.entry.bare", "  bare StartService call", NULL, NULL },
    { "offline.entry", "Offline entry point (call until it returns)", "offline.entry.bare", NULL },
    { "offline.entry.bare", "  bare ControlService(STOP) call", NULL, NULL },
    { "online.report", "Online call to Online report", "online.report.bare", NULL },
    { "online.report.bare", "  bare StartService + poll to RUNNING", NULL, NULL },
    { "offline.report", "Offline call to Offline report", "offline.report.bare", NULL },
    { "offline.report.bare", "  bare ControlService(STOP) + poll to STOPPED", NULL, NULL },
    { "terminate.online", "Terminate, resource online", "terminate.online.bare", NULL },
    { "terminate.online.bare", "  bare ControlService(STOP) + poll to STOPPED", NULL, NULL },
    { "terminate.onpending", "Terminate, Online pending (IMS starting)", "terminate.onpending.bare", NULL },
    { "terminate.onpending.bare", "  bare TerminateProcess + wait, IMS starting", NULL, NULL },
    { "terminate.offpending", "Terminate, Offline pending (IMS refuses STOP)", "terminate.offpending.bare", NULL },
    { "terminate.offpending.bare", "  bare TerminateProcess + wait, IMS refusing", NULL, NULL },
    { "bare.process", "bare IsAlive: process handle, wait 0", NULL, NULL },
    { "bare.status", "bare IsAlive: QueryServiceStatus", NULL, NULL },
    { "bare.keywatch", "bare IsAlive: service key change event, wait 0", NULL, NULL },
    { "bare.domain", "bare IsAlive: RegQueryValueEx Tcpip Domain", NULL, NULL },
    { "bare.file", "bare IsAlive: GetFileAttributesEx of the binary", NULL, NULL },
    { "bare.smtp", "bare IsAlive: SMTP connect, greeting, QUIT", NULL, NULL },
    { "bare.smtp.blocking", "  the same, blocking connect (not counted)", NULL, NULL },
    { "online.rest", "Online: entry return to the Online report", NULL, NULL },
    { "online.logged", "Online: entry return to the 'online' log line", NULL, NULL },
};
const int bench_figure_count = (int)(sizeof(bench_figures) / sizeof(bench_figures[0]));
_Static_assert(sizeof(bench_figures) / sizeof(bench_figures[0]) <= BENCH_MAX_FIGURES,
               "raise BENCH_MAX_FIGURES: a run records every figure of the catalogue");

const bench_bar_def bench_bars[] = {
    { "isalive", BENCH_BAR_RATIO_P50, 1.15, "IsAlive at most 1.15x its bare calls at p50" },
    { "looks", BENCH_BAR_RATIO_P50, 1.05, "LooksAlive at most 1.05x its bare calls at p50" },
    { "online.entry", BENCH_BAR_P99_MS, 5.0, "Online entry point returns within 5 ms at p99" },
    { "offline.entry", BENCH_BAR_P99_MS, 5.0, "Offline entry point returns within 5 ms at p99" },
    { "looks", BENCH_BAR_MAX_MS, 300.0, "LooksAlive within the Resource API's 300 ms, every call" },
    { "isalive", BENCH_BAR_MAX_MS, 300.0, "IsAlive within the Resource API's 300 ms, every call" },
};
const int bench_bar_count = (int)(sizeof(bench_bars) / sizeof(bench_bars[0]));

int bench_figure_index(const char *key)
{
    int i;
    for (i = 0; i < bench_figure_count && i < BENCH_MAX_FIGURES; i++)
        if (!strcmp(bench_figures[i].key, key))
            return i;
    return -1;
}

int bench_run_set(bench_run *run, const char *key, bench_stat st)
{
    int i = bench_figure_index(key);
    if (i < 0)
        return -1;
    run->fig[i] = st;
    return 0;
}

#define RUN_HEADER "key\tn\tp50\tp99\tmax"

void bench_run_write(FILE *out, const bench_run *run)
{
    int i;
    fprintf(out, "# imsguard make bench, one run; microseconds, nearest-rank percentiles\n%s\n", RUN_HEADER);
    for (i = 0; i < bench_figure_count; i++) {
        const bench_stat *st = &run->fig[i];
        if (st->n)
            fprintf(out, "%s\t%zu\t%.1f\t%.1f\t%.1f\n", bench_figures[i].key, st->n, st->p50, st->p99, st->max);
    }
}

/* A time field: a finite number, not negative, and nothing after it. */
static int parse_time(const char *text, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(text, &end);
    return end != text && !*end && !errno && isfinite(*v) && *v >= 0 ? 0 : -1;
}

static int parse_line(char *line, bench_run *run, unsigned long lineno, char *err, size_t cap)
{
    char *field[5], *p = line, *end;
    unsigned long long n;
    bench_stat st;
    int k, i;

    for (k = 0; k < 5; k++) {
        field[k] = p;
        p = strchr(p, '\t');
        if (!p)
            break;
        *p++ = '\0';
    }
    if (k != 4) {
        snprintf(err, cap, "line %lu: want 5 fields (key, n, p50, p99, max) separated by tabs, found %s", lineno,
                 k < 4 ? "fewer" : "more");
        return -1;
    }
    i = bench_figure_index(field[0]);
    if (i < 0) {
        snprintf(err, cap, "line %lu: unknown figure '%.40s'", lineno, field[0]);
        return -1;
    }
    if (run->fig[i].n) {
        snprintf(err, cap, "line %lu: figure '%s' given twice", lineno, bench_figures[i].key);
        return -1;
    }
    errno = 0;
    n = strtoull(field[1], &end, 10);
    if (end == field[1] || *end || errno || n == 0 || field[1][0] == '-' || n > 100000000ull) {
        snprintf(err, cap, "line %lu: figure '%s': sample count '%.20s' is not a whole number from 1 to 100000000",
                 lineno, bench_figures[i].key, field[1]);
        return -1;
    }
    st.n = (size_t)n;
    if (parse_time(field[2], &st.p50) || parse_time(field[3], &st.p99) || parse_time(field[4], &st.max)) {
        snprintf(err, cap, "line %lu: figure '%s': p50, p99 and max must be microseconds, 0 or more", lineno,
                 bench_figures[i].key);
        return -1;
    }
    if (st.p50 > st.p99 || st.p99 > st.max) {
        snprintf(err, cap, "line %lu: figure '%s': want p50 <= p99 <= max, got %.1f, %.1f, %.1f", lineno,
                 bench_figures[i].key, st.p50, st.p99, st.max);
        return -1;
    }
    run->fig[i] = st;
    return 0;
}

int bench_run_read(FILE *in, bench_run *run, char *err, size_t cap)
{
    char line[512];
    unsigned long lineno = 0;
    size_t len;

    memset(run, 0, sizeof(*run));
    while (fgets(line, sizeof(line), in)) {
        lineno++;
        len = strlen(line);
        if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
            snprintf(err, cap, "line %lu: longer than %zu characters", lineno, sizeof(line) - 2);
            return -1;
        }
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (!len || line[0] == '#' || !strcmp(line, RUN_HEADER))
            continue;
        if (parse_line(line, run, lineno, err, cap))
            return -1;
    }
    if (ferror(in)) {
        snprintf(err, cap, "read error after line %lu", lineno);
        return -1;
    }
    return 0;
}

static void min_max(const double *v, size_t n, double *lo, double *hi)
{
    size_t i;
    *lo = *hi = n ? v[0] : 0;
    for (i = 1; i < n; i++) {
        if (v[i] < *lo)
            *lo = v[i];
        if (v[i] > *hi)
            *hi = v[i];
    }
}

static void summarize_one(const bench_run *runs, int count, int i, bench_summary_fig *f)
{
    double p50[BENCH_MAX_RUNS], p99[BENCH_MAX_RUNS], r50[BENCH_MAX_RUNS], r99[BENCH_MAX_RUNS];
    double added[BENCH_MAX_RUNS], units[BENCH_MAX_RUNS];
    int b = bench_figures[i].bare ? bench_figure_index(bench_figures[i].bare) : -1;
    int u = bench_figures[i].unit ? bench_figure_index(bench_figures[i].unit) : -1;
    size_t m = 0, c = 0, cu = 0;
    int k;

    memset(f, 0, sizeof(*f));
    for (k = 0; k < count && k < BENCH_MAX_RUNS; k++) {
        const bench_stat *st = &runs[k].fig[i];
        if (!st->n)
            continue;
        p50[m] = st->p50;
        p99[m] = st->p99;
        m++;
        if (st->n > f->n)
            f->n = st->n;
        if (st->max > f->max)
            f->max = st->max;
        if (b >= 0 && runs[k].fig[b].n) {
            r50[c] = bench_ratio(st->p50, runs[k].fig[b].p50);
            r99[c] = bench_ratio(st->p99, runs[k].fig[b].p99);
            added[c] = st->p50 - runs[k].fig[b].p50;
            if (u >= 0 && runs[k].fig[u].n && runs[k].fig[u].p50 > 0)
                units[cu++] = added[c] / runs[k].fig[u].p50;
            c++;
        }
    }
    f->runs = (int)m;
    f->p50 = bench_median(p50, m);
    f->p99 = bench_median(p99, m);
    if (c) {
        f->compared = 1;
        min_max(r50, c, &f->ratio_p50_lo, &f->ratio_p50_hi);
        min_max(r99, c, &f->ratio_p99_lo, &f->ratio_p99_hi);
        f->ratio_p50 = bench_median(r50, c);
        f->ratio_p99 = bench_median(r99, c);
        min_max(added, c, &f->added_p50_lo, &f->added_p50_hi);
        f->added_p50 = bench_median(added, c);
    }
    if (cu) {
        f->in_units = 1;
        f->added_units = bench_median(units, cu);
    }
}

void bench_summarize(const bench_run *runs, int count, bench_summary *out)
{
    int i;
    memset(out, 0, sizeof(*out));
    out->runs = count < BENCH_MAX_RUNS ? count : BENCH_MAX_RUNS;
    for (i = 0; i < bench_figure_count; i++)
        summarize_one(runs, out->runs, i, &out->fig[i]);
}

bench_verdict bench_bar_judge(const bench_bar_def *bar, const bench_summary *s, double *value)
{
    int i = bench_figure_index(bar->key);
    const bench_summary_fig *f;

    *value = 0;
    if (i < 0 || !s->fig[i].runs)
        return BENCH_NOT_MEASURED;
    f = &s->fig[i];
    switch (bar->kind) {
    case BENCH_BAR_RATIO_P50:
        if (!f->compared)
            return BENCH_NOT_MEASURED;
        *value = f->ratio_p50;
        break;
    case BENCH_BAR_P99_MS:
        *value = f->p99 / 1000.0;
        break;
    case BENCH_BAR_MAX_MS:
        *value = f->max / 1000.0;
        break;
    }
    return *value <= bar->limit ? BENCH_MET : BENCH_MISSED;
}

const char *bench_verdict_name(bench_verdict v)
{
    return v == BENCH_MET ? "met" : v == BENCH_MISSED ? "missed" : "not measured";
}

static int is_baseline(int i)
{
    int k;
    for (k = 0; k < bench_figure_count; k++)
        if (bench_figures[k].bare && !strcmp(bench_figures[k].bare, bench_figures[i].key))
            return 1;
    return 0;
}

static void print_fig(FILE *out, const char *label, const bench_summary_fig *f)
{
    fprintf(out, "%-50s %6zu %10.1f %10.1f %10.1f\n", label, f->n, f->p50, f->p99, f->max);
}

static void print_compared(FILE *out, const bench_summary *s, int i)
{
    int b = bench_figure_index(bench_figures[i].bare);
    const bench_summary_fig *f = &s->fig[i];

    print_fig(out, bench_figures[i].label, f);
    if (b < 0 || !s->fig[b].runs) {
        fprintf(out, "%-50s (its baseline was not measured)\n", "");
        return;
    }
    print_fig(out, bench_figures[b].label, &s->fig[b]);
    if (!f->compared)
        return;
    fprintf(out, "%-50s %6s %9.2fx %9.2fx\n", "  ratio", "", f->ratio_p50, f->ratio_p99);
    if (s->runs > 1)
        fprintf(out, "%-50s %6s %4.2f-%4.2fx %4.2f-%4.2fx\n", "  ratio, lowest-highest of the runs", "",
                f->ratio_p50_lo, f->ratio_p50_hi, f->ratio_p99_lo, f->ratio_p99_hi);
    if (!f->in_units)
        return;
    fprintf(out, "%-50s %6s %+10.1f", "  added at p50", "", f->added_p50);
    if (s->runs > 1)
        fprintf(out, " (runs %+.1f to %+.1f)", f->added_p50_lo, f->added_p50_hi);
    fprintf(out, " = %.2f x %s at p50\n", f->added_units, bench_figures[i].unit);
}

static void print_bars(FILE *out, const bench_summary *s)
{
    int k, i;

    fprintf(out, "\nbar (issue 9; reported, not enforced):\n");
    for (k = 0; k < bench_bar_count; k++) {
        const bench_bar_def *bar = &bench_bars[k];
        double v;
        bench_verdict verdict = bench_bar_judge(bar, s, &v);
        char value[64] = "";

        i = bench_figure_index(bar->key);
        if (verdict == BENCH_NOT_MEASURED)
            snprintf(value, sizeof(value), "-");
        else if (bar->kind == BENCH_BAR_RATIO_P50 && s->runs > 1)
            snprintf(value, sizeof(value), "%.2fx (runs %.2f-%.2fx)", v, s->fig[i].ratio_p50_lo,
                     s->fig[i].ratio_p50_hi);
        else if (bar->kind == BENCH_BAR_RATIO_P50)
            snprintf(value, sizeof(value), "%.2fx", v);
        else
            snprintf(value, sizeof(value), "%.2f ms", v);
        fprintf(out, "  %-58s %-24s %s\n", bar->text, value,
                verdict == BENCH_MET ? "MET" : verdict == BENCH_MISSED ? "MISSED" : "NOT MEASURED");
    }
}

void bench_print(FILE *out, const bench_summary *s)
{
    int i, details = 0;

    if (s->runs > 1)
        fprintf(out, "\n%d runs: p50 and p99 are the medians of the runs, max the largest of all runs, a ratio "
                     "the median of the runs' own ratios\n", s->runs);
    fprintf(out, "\n%-50s %6s %10s %10s %10s\n", "microseconds", "n", "p50", "p99", "max");
    for (i = 0; i < bench_figure_count; i++)
        if (bench_figures[i].bare && s->fig[i].runs)
            print_compared(out, s, i);
    for (i = 0; i < bench_figure_count; i++) {
        if (bench_figures[i].bare || is_baseline(i) || !s->fig[i].runs)
            continue;
        if (!details++)
            fprintf(out, "\nwhere the time goes:\n");
        print_fig(out, bench_figures[i].label, &s->fig[i]);
    }
    print_bars(out, s);
}

void bench_write_summary(FILE *out, const char *arch, const bench_summary *s, int header)
{
    int i;

    if (header)
        fprintf(out, "arch\tkey\truns\tn\tp50_us\tp99_us\tmax_us\tbaseline\tratio_p50\tratio_p99\t"
                     "ratio_p50_lo\tratio_p50_hi\tratio_p99_lo\tratio_p99_hi\tadded_p50_us\tunit\t"
                     "added_in_units\tlabel\n");
    for (i = 0; i < bench_figure_count; i++) {
        const bench_summary_fig *f = &s->fig[i];
        const char *label = bench_figures[i].label;
        if (!f->runs)
            continue;
        while (*label == ' ')
            label++;
        fprintf(out, "%s\t%s\t%d\t%zu\t%.1f\t%.1f\t%.1f\t", arch, bench_figures[i].key, f->runs, f->n, f->p50,
                f->p99, f->max);
        if (f->compared)
            fprintf(out, "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.1f\t", bench_figures[i].bare, f->ratio_p50,
                    f->ratio_p99, f->ratio_p50_lo, f->ratio_p50_hi, f->ratio_p99_lo, f->ratio_p99_hi, f->added_p50);
        else
            fprintf(out, "-\t-\t-\t-\t-\t-\t-\t-\t");
        if (f->in_units)
            fprintf(out, "%s\t%.3f\t", bench_figures[i].unit, f->added_units);
        else
            fprintf(out, "-\t-\t");
        fprintf(out, "%s\n", label);
    }
}

void bench_write_bars(FILE *out, const char *arch, const bench_summary *s, int header)
{
    static const char *const kinds[] = { "ratio_p50", "p99_ms", "max_ms" };
    int k;

    if (header)
        fprintf(out, "arch\tkey\tmeasure\tvalue\tlimit\tverdict\truns\tbar\n");
    for (k = 0; k < bench_bar_count; k++) {
        const bench_bar_def *bar = &bench_bars[k];
        double v;
        bench_verdict verdict = bench_bar_judge(bar, s, &v);
        fprintf(out, "%s\t%s\t%s\t", arch, bar->key, kinds[bar->kind]);
        if (verdict == BENCH_NOT_MEASURED)
            fprintf(out, "-\t");
        else
            fprintf(out, "%.3f\t", v);
        fprintf(out, "%g\t%s\t%d\t%s\n", bar->limit, bench_verdict_name(verdict), s->runs, bar->text);
    }
}
