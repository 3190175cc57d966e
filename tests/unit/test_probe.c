#include "unit.h"

#include "imsguard.h"
#include "probe.h"
#include "props.h"

static bool step(ig_probe_tally *t, ig_probe_outcome o, uint32_t limit)
{
    return ig_probe_tally_step(t, o, limit);
}

/* A greeting slower than one call's wait: every call either waits or finds
   the greeting of the last one. Never failed, however long it goes on. */
static void a_slow_greeting_alone_never_fails(void **state)
{
    ig_probe_tally t = { 0 };
    int i;
    for (i = 0; i < 1000; i++) {
        assert_true(step(&t, IG_PROBE_WAITING, 1));
        assert_true(step(&t, IG_PROBE_GREETED, 1));
    }
    assert_int_equal(t.failures, 0);
}

/* Hung after a good check: the next call connects and waits, the one after
   finds it silent. With the default limit that second call fails it. */
static void a_hang_fails_at_the_second_check_by_default(void **state)
{
    ig_probe_tally t = { 0 };
    assert_true(step(&t, IG_PROBE_GREETED, IMSGUARD_DEFAULT_SMTP_PROBE_FAILURES));
    assert_true(step(&t, IG_PROBE_WAITING, IMSGUARD_DEFAULT_SMTP_PROBE_FAILURES));
    assert_false(step(&t, IG_PROBE_SILENT, IMSGUARD_DEFAULT_SMTP_PROBE_FAILURES));
}

static void the_limit_counts_failed_checks_in_a_row(void **state)
{
    ig_probe_tally t = { 0 };
    assert_true(step(&t, IG_PROBE_FAILED, 3));
    assert_true(step(&t, IG_PROBE_SILENT, 3));
    assert_false(step(&t, IG_PROBE_FAILED, 3));
    t.failures = 0;
    assert_true(step(&t, IG_PROBE_FAILED, 3));
    assert_true(step(&t, IG_PROBE_FAILED, 3));
    assert_true(step(&t, IG_PROBE_GREETED, 3));   /* an answer starts the count again */
    assert_true(step(&t, IG_PROBE_FAILED, 3));
    assert_true(step(&t, IG_PROBE_FAILED, 3));
    assert_false(step(&t, IG_PROBE_FAILED, 3));
}

static void waiting_neither_counts_nor_clears(void **state)
{
    ig_probe_tally t = { 0 };
    assert_true(step(&t, IG_PROBE_FAILED, 2));
    assert_true(step(&t, IG_PROBE_WAITING, 2));
    assert_int_equal(t.failures, 1);
    assert_false(step(&t, IG_PROBE_SILENT, 2));
}

static void a_zero_limit_is_read_as_one(void **state)
{
    ig_probe_tally t = { 0 };
    assert_false(step(&t, IG_PROBE_FAILED, 0));
}

static void only_a_connection_that_may_still_greet_is_kept(void **state)
{
    assert_true(ig_probe_keep_connection(IG_PROBE_WAITING));
    assert_true(ig_probe_keep_connection(IG_PROBE_SILENT));
    assert_false(ig_probe_keep_connection(IG_PROBE_GREETED));
    assert_false(ig_probe_keep_connection(IG_PROBE_FAILED));
}

/* The two properties an administrator tunes: defaults and limits. */
static void the_probe_properties_are_validated(void **state)
{
    ig_settings s;
    ig_prop_problem why;
    ig_settings_default(&s);
    assert_int_equal(s.smtp_probe_timeout, 200);
    assert_int_equal(s.smtp_probe_failures, 1);
    assert_int_equal(ig_prop_find(U("SmtpProbeTimeout"), 16), IG_P_SMTP_PROBE_TIMEOUT);
    assert_int_equal(ig_prop_find(U("smtpprobefailures"), 17), IG_P_SMTP_PROBE_FAILURES);

    assert_int_equal(ig_prop_set_dword(&s, IG_P_SMTP_PROBE_TIMEOUT, 250, &why), 0);
    assert_int_equal(s.smtp_probe_timeout, 250);
    /* Above 250 ms, IsAlive could not keep within the Resource API's 300 ms. */
    assert_int_not_equal(ig_prop_set_dword(&s, IG_P_SMTP_PROBE_TIMEOUT, 251, &why), 0);
    assert_int_equal(why.prop, IG_P_SMTP_PROBE_TIMEOUT);
    assert_string_equal(why.reason, "251 is outside the allowed range 10 to 250");
    assert_int_not_equal(ig_prop_set_dword(&s, IG_P_SMTP_PROBE_TIMEOUT, 9, &why), 0);
    assert_int_equal(s.smtp_probe_timeout, 250);

    assert_int_equal(ig_prop_set_dword(&s, IG_P_SMTP_PROBE_FAILURES, 10, &why), 0);
    assert_int_not_equal(ig_prop_set_dword(&s, IG_P_SMTP_PROBE_FAILURES, 0, &why), 0);
    assert_string_equal(why.reason, "0 is outside the allowed range 1 to 10");
    assert_int_not_equal(ig_prop_set_dword(&s, IG_P_SMTP_PROBE_FAILURES, 11, &why), 0);
    assert_int_equal(s.smtp_probe_failures, 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_slow_greeting_alone_never_fails),
        cmocka_unit_test(a_hang_fails_at_the_second_check_by_default),
        cmocka_unit_test(the_limit_counts_failed_checks_in_a_row),
        cmocka_unit_test(waiting_neither_counts_nor_clears),
        cmocka_unit_test(a_zero_limit_is_read_as_one),
        cmocka_unit_test(only_a_connection_that_may_still_greet_is_kept),
        cmocka_unit_test(the_probe_properties_are_validated),
    };
    return cmocka_run_group_tests_name("probe", tests, NULL, NULL);
}
