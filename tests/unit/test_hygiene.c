#include "unit.h"

#include "hygiene.h"

static ig_service_setup setup(uint32_t start, bool known, uint32_t count)
{
    ig_service_setup s;
    memset(&s, 0, sizeof(s));
    s.start_type = start;
    s.recovery_known = known;
    s.action_count = count;
    return s;
}

static void automatic_becomes_manual(void **state)
{
    ig_service_setup s = setup(IG_START_AUTO, true, 0);
    ig_hygiene_plan p = ig_hygiene_plan_for(&s, 1);
    assert_true(p.set_manual);
    assert_false(p.clear_recovery);
}

static void other_start_types_are_left(void **state)
{
    uint32_t types[] = { IG_START_BOOT, IG_START_SYSTEM, IG_START_DEMAND, IG_START_DISABLED, 9 };
    size_t i;
    for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        ig_service_setup s = setup(types[i], true, 0);
        print_message("start type %u\n", (unsigned)types[i]);
        assert_false(ig_hygiene_plan_for(&s, 1).set_manual);
    }
}

static void recovery_actions_are_cleared(void **state)
{
    ig_service_setup s = setup(IG_START_DEMAND, true, 3);
    s.actions[0].type = IG_ACTION_NONE;
    s.actions[1].type = IG_ACTION_NONE;
    s.actions[2].type = IG_ACTION_RESTART;
    assert_true(ig_hygiene_plan_for(&s, 1).clear_recovery);
}

static void only_no_action_entries_are_left(void **state)
{
    ig_service_setup s = setup(IG_START_DEMAND, true, 2);
    assert_false(ig_hygiene_plan_for(&s, 1).clear_recovery);   /* two "take no action" */
}

static void unlisted_actions_count(void **state)
{
    ig_service_setup s = setup(IG_START_DEMAND, true, IG_RECOVERY_LISTED + 1);
    assert_true(ig_hygiene_plan_for(&s, 1).clear_recovery);
}

static void unknown_recovery_is_left(void **state)
{
    /* NT 4.0 has no recovery actions, Wine's service manager does not report them. */
    ig_service_setup s = setup(IG_START_DEMAND, false, 2);
    s.actions[0].type = IG_ACTION_RESTART;
    assert_false(ig_hygiene_plan_for(&s, 1).clear_recovery);
}

static void manage_zero_changes_nothing(void **state)
{
    ig_service_setup s = setup(IG_START_AUTO, true, 1);
    ig_hygiene_plan p;
    s.actions[0].type = IG_ACTION_RESTART;
    p = ig_hygiene_plan_for(&s, 0);
    assert_false(p.set_manual);
    assert_false(p.clear_recovery);
}

static void start_type_names(void **state)
{
    char b[32];
    assert_string_equal(ig_start_type_text(IG_START_AUTO, b, sizeof(b)), "Automatic");
    assert_string_equal(ig_start_type_text(IG_START_DEMAND, b, sizeof(b)), "Manual");
    assert_string_equal(ig_start_type_text(IG_START_DISABLED, b, sizeof(b)), "Disabled");
    assert_string_equal(ig_start_type_text(7, b, sizeof(b)), "unknown (7)");
}

static void recovery_texts(void **state)
{
    char b[IG_RECOVERY_TEXT_CAP];
    ig_service_setup s = setup(IG_START_DEMAND, true, 0);
    assert_int_equal(ig_recovery_text(&s, b, sizeof(b)), 4);
    assert_string_equal(b, "none");

    s.action_count = 2;
    s.actions[0].type = IG_ACTION_RESTART;
    s.actions[0].delay_ms = 60000;
    s.actions[1].type = IG_ACTION_REBOOT;
    s.actions[1].delay_ms = 0;
    ig_recovery_text(&s, b, sizeof(b));
    assert_string_equal(b, "restart the service after 60000 ms, restart the computer after 0 ms");

    s.action_count = IG_RECOVERY_LISTED + 2;
    ig_recovery_text(&s, b, sizeof(b));
    assert_non_null(strstr(b, " and 2 more"));
}

static void recovery_text_longest_fits(void **state)
{
    char b[IG_RECOVERY_TEXT_CAP];
    ig_service_setup s = setup(IG_START_DEMAND, true, 0xFFFFFFFFu);
    size_t i;
    for (i = 0; i < IG_RECOVERY_LISTED; i++) {
        s.actions[i].type = 77;               /* the longest action text */
        s.actions[i].delay_ms = 0xFFFFFFFFu;
    }
    assert_true(ig_recovery_text(&s, b, sizeof(b)) < sizeof(b));
}

static void recovery_text_truncates_safely(void **state)
{
    char b[10];
    ig_service_setup s = setup(IG_START_DEMAND, true, 1);
    s.actions[0].type = IG_ACTION_RESTART;
    assert_true(ig_recovery_text(&s, b, sizeof(b)) > sizeof(b));
    assert_int_equal(strlen(b), sizeof(b) - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(automatic_becomes_manual),
        cmocka_unit_test(other_start_types_are_left),
        cmocka_unit_test(recovery_actions_are_cleared),
        cmocka_unit_test(only_no_action_entries_are_left),
        cmocka_unit_test(unlisted_actions_count),
        cmocka_unit_test(unknown_recovery_is_left),
        cmocka_unit_test(manage_zero_changes_nothing),
        cmocka_unit_test(start_type_names),
        cmocka_unit_test(recovery_texts),
        cmocka_unit_test(recovery_text_longest_fits),
        cmocka_unit_test(recovery_text_truncates_safely),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
