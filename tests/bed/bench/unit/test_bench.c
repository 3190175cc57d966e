/* test_bench.c - make bench's statistics and summary (stats.c, figures.c):
 * nearest-rank percentiles, medians of runs, run files read back exactly
 * and refused with the line named, the bar judged met or missed. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "figures.h"
#include "stats.h"

/* cmocka 1.1.5's assert_float_equal compares floats; these are doubles. */
#define assert_near(a, b) \
    do { \
        double a_ = (a), b_ = (b); \
        if (a_ - b_ > 1e-9 || b_ - a_ > 1e-9) \
            fail_msg("%s is %.12g, want %.12g", #a, a_, b_); \
    } while (0)

static void percentiles_are_nearest_rank(void **state)
{
    bench_series s;
    bench_stat st;
    int i;

    (void)state;
    assert_int_equal(bench_series_init(&s, 200), 0);
    /* 100 down to 1: sorting is the series' own job. */
    for (i = 100; i >= 1; i--)
        bench_series_add(&s, (double)i);
    st = bench_series_stat(&s);
    assert_int_equal(st.n, 100);
    /* With 100 samples the 99th percentile is the 99th value, not the 100th. */
    assert_true(st.p50 == 50.0);
    assert_true(st.p99 == 99.0);
    assert_true(st.max == 100.0);
    bench_series_free(&s);
}

static void percentiles_of_small_series(void **state)
{
    double one[1] = { 7 }, three[3] = { 1, 2, 3 };

    (void)state;
    assert_true(bench_percentile_sorted(one, 1, 50) == 7);
    assert_true(bench_percentile_sorted(one, 1, 99) == 7);
    assert_true(bench_percentile_sorted(three, 3, 50) == 2);
    /* ceil(0.99 * 3) = 3: the largest of three. */
    assert_true(bench_percentile_sorted(three, 3, 99) == 3);
    assert_true(bench_percentile_sorted(three, 0, 50) == 0);
}

static void series_drops_beyond_its_size(void **state)
{
    bench_series s;
    bench_stat st;

    (void)state;
    assert_int_equal(bench_series_init(&s, 2), 0);
    bench_series_add(&s, 3);
    bench_series_add(&s, 1);
    bench_series_add(&s, 2);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.dropped, 1);
    st = bench_series_stat(&s);
    assert_true(st.max == 3);
    bench_series_free(&s);
    assert_int_equal(bench_series_init(&s, 0), 0);
    st = bench_series_stat(&s);
    assert_int_equal(st.n, 0);
    assert_true(st.p50 == 0 && st.p99 == 0 && st.max == 0);
}

static void median_odd_even_empty(void **state)
{
    double odd[5] = { 5, 1, 4, 2, 3 }, even[4] = { 10, 1, 3, 2 };

    (void)state;
    assert_true(bench_median(odd, 5) == 3);
    assert_true(bench_median(even, 4) == 2.5);
    assert_true(bench_median(odd, 0) == 0);
    assert_true(bench_ratio(3, 2) == 1.5);
    assert_true(bench_ratio(3, 0) == 0);
}

static void catalogue_is_consistent(void **state)
{
    int i, k;

    (void)state;
    assert_true(bench_figure_count <= BENCH_MAX_FIGURES);
    for (i = 0; i < bench_figure_count; i++) {
        assert_int_equal(bench_figure_index(bench_figures[i].key), i);
        if (bench_figures[i].bare) {
            int b = bench_figure_index(bench_figures[i].bare);
            if (b < 0)
                fail_msg("figure %s: baseline %s not in the catalogue", bench_figures[i].key,
                         bench_figures[i].bare);
            assert_null(bench_figures[b].bare);
        }
    }
    for (k = 0; k < bench_bar_count; k++)
        if (bench_figure_index(bench_bars[k].key) < 0)
            fail_msg("bar '%s' names figure %s, not in the catalogue", bench_bars[k].text, bench_bars[k].key);
    assert_int_equal(bench_figure_index("no.such"), -1);
}

static bench_stat stat3(double p50, double p99, double max)
{
    bench_stat st = { 100, p50, p99, max };
    return st;
}

static FILE *text_file(const char *text)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    fputs(text, f);
    rewind(f);
    return f;
}

static void run_file_round_trip(void **state)
{
    bench_run run, back;
    char err[200] = "";
    FILE *f = tmpfile();

    (void)state;
    assert_non_null(f);
    memset(&run, 0, sizeof(run));
    assert_int_equal(bench_run_set(&run, "looks", stat3(963.1, 1241.5, 5386)), 0);
    assert_int_equal(bench_run_set(&run, "looks.bare", stat3(931, 1199, 7538.2)), 0);
    assert_int_equal(bench_run_set(&run, "no.such", stat3(1, 2, 3)), -1);
    bench_run_write(f, &run);
    rewind(f);
    if (bench_run_read(f, &back, err, sizeof(err)))
        fail_msg("reading back what was written: %s", err);
    fclose(f);
    assert_memory_equal(&back.fig[bench_figure_index("looks")], &run.fig[bench_figure_index("looks")],
                        sizeof(bench_stat));
    assert_int_equal(back.fig[bench_figure_index("looks.bare")].n, 100);
    assert_true(back.fig[bench_figure_index("looks.bare")].max == 7538.2);
    assert_int_equal(back.fig[bench_figure_index("isalive")].n, 0);
}

static void expect_refused(const char *text, const char *want)
{
    bench_run run;
    char err[200] = "";
    FILE *f = text_file(text);
    int rc = bench_run_read(f, &run, err, sizeof(err));

    fclose(f);
    if (rc != -1 || !strstr(err, want))
        fail_msg("for %s want refusal containing \"%s\", got rc %d, \"%s\"", text, want, rc, err);
}

static void run_file_refusals(void **state)
{
    (void)state;
    expect_refused("# c\nkey\tn\tp50\tp99\tmax\nlooks\t10\t1\t2\n", "line 3: want 5 fields");
    expect_refused("looks\t10\t1\t2\t3\t4\n", "line 1: want 5 fields");
    expect_refused("lookz\t10\t1\t2\t3\n", "unknown figure 'lookz'");
    expect_refused("looks\t10\t1\t2\t3\nlooks\t10\t1\t2\t3\n", "line 2: figure 'looks' given twice");
    expect_refused("looks\tten\t1\t2\t3\n", "sample count 'ten'");
    expect_refused("looks\t0\t1\t2\t3\n", "sample count '0'");
    expect_refused("looks\t-5\t1\t2\t3\n", "sample count '-5'");
    expect_refused("looks\t10\t1\tx\t3\n", "must be microseconds");
    expect_refused("looks\t10\t-1\t2\t3\n", "must be microseconds");
    expect_refused("looks\t10\tnan\t2\t3\n", "must be microseconds");
    expect_refused("looks\t10\t5\t2\t3\n", "want p50 <= p99 <= max");
}

static void run_file_line_too_long(void **state)
{
    char text[700];

    (void)state;
    memset(text, 'a', sizeof(text) - 2);
    text[sizeof(text) - 2] = '\n';
    text[sizeof(text) - 1] = '\0';
    expect_refused(text, "line 1: longer than 510 characters");
}

static void summary_takes_medians_of_runs(void **state)
{
    bench_run runs[3];
    bench_summary s;
    const bench_summary_fig *f;

    (void)state;
    memset(runs, 0, sizeof(runs));
    /* The ratios of the runs are 1.1, 1.3, 1.2 at p50: the median is 1.2,
       while the ratio of the median p50s (1100 / 1000 = 1.1 here) is not
       what any run measured. */
    bench_run_set(&runs[0], "isalive", stat3(1100, 2000, 9000));
    bench_run_set(&runs[0], "isalive.bare", stat3(1000, 1000, 1500));
    bench_run_set(&runs[1], "isalive", stat3(1300, 3000, 4000));
    bench_run_set(&runs[1], "isalive.bare", stat3(1000, 2000, 2500));
    bench_run_set(&runs[2], "isalive", stat3(600, 1000, 2000));
    bench_run_set(&runs[2], "isalive.bare", stat3(500, 800, 900));
    bench_summarize(runs, 3, &s);
    assert_int_equal(s.runs, 3);
    f = &s.fig[bench_figure_index("isalive")];
    assert_int_equal(f->runs, 3);
    assert_true(f->p50 == 1100);
    assert_true(f->p99 == 2000);
    assert_true(f->max == 9000);
    assert_true(f->compared);
    assert_near(f->ratio_p50, 1.2);
    assert_near(f->ratio_p50_lo, 1.1);
    assert_near(f->ratio_p50_hi, 1.3);
    /* p99 ratios 2.0, 1.5, 1.25 */
    assert_near(f->ratio_p99, 1.5);
    assert_near(f->ratio_p99_lo, 1.25);
    assert_near(f->ratio_p99_hi, 2.0);
    /* Added 100, 300, 100 us: median 100. No unit measured. */
    assert_near(f->added_p50, 100);
    assert_near(f->added_p50_lo, 100);
    assert_near(f->added_p50_hi, 300);
    assert_false(f->in_units);
    assert_int_equal(s.fig[bench_figure_index("looks")].runs, 0);
}

static void summary_of_runs_that_missed_a_figure(void **state)
{
    bench_run runs[2];
    bench_summary s;
    const bench_summary_fig *f;

    (void)state;
    memset(runs, 0, sizeof(runs));
    bench_run_set(&runs[0], "looks", stat3(10, 20, 30));
    bench_run_set(&runs[1], "looks", stat3(30, 40, 50));
    bench_run_set(&runs[1], "looks.bare", stat3(20, 20, 20));
    bench_summarize(runs, 2, &s);
    f = &s.fig[bench_figure_index("looks")];
    assert_int_equal(f->runs, 2);
    assert_true(f->p50 == 20);
    /* Only the second run measured the baseline: one ratio. */
    assert_true(f->compared);
    assert_near(f->ratio_p50, 1.5);
    assert_int_equal(s.fig[bench_figure_index("looks.bare")].runs, 1);
}

static void added_time_in_round_trips(void **state)
{
    bench_run runs[2];
    bench_summary s;
    const bench_summary_fig *f;

    (void)state;
    memset(runs, 0, sizeof(runs));
    /* Run 1 adds 1000 us with a 1000 us round trip, run 2 adds 3000 us
       with a 1000 us one: the median of 1 and 3 is 2 round trips. */
    bench_run_set(&runs[0], "isalive", stat3(9000, 9000, 9000));
    bench_run_set(&runs[0], "isalive.bare", stat3(8000, 8000, 8000));
    bench_run_set(&runs[0], "bare.status", stat3(1000, 1000, 1000));
    bench_run_set(&runs[1], "isalive", stat3(13000, 13000, 13000));
    bench_run_set(&runs[1], "isalive.bare", stat3(10000, 10000, 10000));
    bench_run_set(&runs[1], "bare.status", stat3(1000, 2000, 2000));
    bench_summarize(runs, 2, &s);
    f = &s.fig[bench_figure_index("isalive")];
    assert_true(f->in_units);
    assert_near(f->added_units, 2.0);
    assert_near(f->added_p50, 2000);
    /* LooksAlive names no unit. */
    assert_null(bench_figures[bench_figure_index("looks")].unit);
}

static void bars_met_missed_not_measured(void **state)
{
    bench_run run;
    bench_summary s;
    double v;
    int k, seen = 0;

    (void)state;
    memset(&run, 0, sizeof(run));
    bench_run_set(&run, "looks", stat3(1050, 2000, 400000));
    bench_run_set(&run, "looks.bare", stat3(1000, 1000, 1000));
    bench_run_set(&run, "online.entry", stat3(900, 5000, 6000));
    bench_run_set(&run, "offline.entry", stat3(900, 5001, 6000));
    bench_summarize(&run, 1, &s);
    for (k = 0; k < bench_bar_count; k++) {
        const bench_bar_def *bar = &bench_bars[k];
        bench_verdict got = bench_bar_judge(bar, &s, &v);
        bench_verdict want;
        if (!strcmp(bar->key, "looks") && bar->kind == BENCH_BAR_RATIO_P50)
            want = BENCH_MET;      /* 1.05x: at the limit is met */
        else if (!strcmp(bar->key, "looks"))
            want = BENCH_MISSED;   /* 400 ms > 300 ms */
        else if (!strcmp(bar->key, "online.entry"))
            want = BENCH_MET;      /* 5.000 ms */
        else if (!strcmp(bar->key, "offline.entry"))
            want = BENCH_MISSED;   /* 5.001 ms */
        else
            want = BENCH_NOT_MEASURED;
        if (got != want)
            fail_msg("bar '%s': want %s, got %s (value %g)", bar->text, bench_verdict_name(want),
                     bench_verdict_name(got), v);
        seen++;
    }
    assert_int_equal(seen, bench_bar_count);
}

static char *slurp(FILE *f)
{
    long len;
    char *text;

    fflush(f);
    len = ftell(f);
    rewind(f);
    text = calloc(1, (size_t)len + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)len, f), (size_t)len);
    return text;
}

static void summary_files_have_fixed_columns(void **state)
{
    bench_run run;
    bench_summary s;
    FILE *f = tmpfile();
    char *text, *line;
    int lines = 0;

    (void)state;
    assert_non_null(f);
    memset(&run, 0, sizeof(run));
    bench_run_set(&run, "isalive", stat3(1100, 1200, 1300));
    bench_run_set(&run, "isalive.bare", stat3(1000, 1000, 1000));
    bench_run_set(&run, "bare.smtp", stat3(1, 2, 3));
    bench_summarize(&run, 1, &s);
    bench_write_summary(f, "x86_64", &s, 1);
    bench_write_bars(f, "x86_64", &s, 1);
    text = slurp(f);
    fclose(f);
    assert_non_null(strstr(text, "x86_64\tisalive\t1\t100\t1100.0\t1200.0\t1300.0\tisalive.bare\t1.100\t1.200\t"));
    /* 100 us added; no bare.status in this run, so no round trips. */
    assert_non_null(strstr(text, "\t1.200\t100.0\t-\t-\tIsAlive (SMTP probe on)\n"));
    assert_non_null(strstr(text, "x86_64\tbare.smtp\t1\t100\t1.0\t2.0\t3.0\t-\t-\t"));
    assert_non_null(strstr(text, "x86_64\tisalive\tratio_p50\t1.100\t1.15\tmet\t1\t"));
    assert_non_null(strstr(text, "x86_64\tonline.entry\tp99_ms\t-\t5\tnot measured\t"));
    /* 18 columns in summary.tsv, 8 in bars.tsv, on every line. */
    for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        int tabs = 0;
        const char *p;
        for (p = line; *p; p++)
            tabs += *p == '\t';
        if (tabs != 17 && tabs != 7)
            fail_msg("line with %d tabs: %s", tabs, line);
        lines++;
    }
    assert_int_equal(lines, 2 + 3 + bench_bar_count);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(percentiles_are_nearest_rank),
        cmocka_unit_test(percentiles_of_small_series),
        cmocka_unit_test(series_drops_beyond_its_size),
        cmocka_unit_test(median_odd_even_empty),
        cmocka_unit_test(catalogue_is_consistent),
        cmocka_unit_test(run_file_round_trip),
        cmocka_unit_test(run_file_refusals),
        cmocka_unit_test(run_file_line_too_long),
        cmocka_unit_test(summary_takes_medians_of_runs),
        cmocka_unit_test(summary_of_runs_that_missed_a_figure),
        cmocka_unit_test(added_time_in_round_trips),
        cmocka_unit_test(bars_met_missed_not_measured),
        cmocka_unit_test(summary_files_have_fixed_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
