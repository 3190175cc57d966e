#include "unit.h"

#include "state.h"

#define S_OFF IG_ST_OFFLINE
#define S_ONP IG_ST_ONLINE_PENDING
#define S_ON  IG_ST_ONLINE
#define S_OFP IG_ST_OFFLINE_PENDING
#define S_F   IG_ST_FAILED
#define R IG_STEP_REFUSED
#define M IG_STEP_MOVED
#define A IG_STEP_ALREADY

/* [state][event] -> step and resulting state: the whole table. */
static const struct { ig_step step; ig_state to; } table[5][7] = {
    /*            ONLINE       ONLINE_DONE  ONLINE_FAILED OFFLINE      OFFLINE_DONE TERMINATE    ALIVE_FAILED */
    [S_OFF] = { { M, S_ONP }, { R, S_OFF }, { R, S_OFF }, { A, S_OFF }, { R, S_OFF }, { A, S_OFF }, { R, S_OFF } },
    [S_ONP] = { { R, S_ONP }, { M, S_ON },  { M, S_F },   { M, S_OFP }, { R, S_ONP }, { M, S_OFF }, { R, S_ONP } },
    [S_ON]  = { { A, S_ON },  { R, S_ON },  { R, S_ON },  { M, S_OFP }, { R, S_ON },  { M, S_OFF }, { M, S_F } },
    [S_OFP] = { { R, S_OFP }, { R, S_OFP }, { R, S_OFP }, { R, S_OFP }, { M, S_OFF }, { M, S_OFF }, { R, S_OFP } },
    [S_F]   = { { M, S_ONP }, { R, S_F },   { R, S_F },   { M, S_OFP }, { R, S_F },   { M, S_OFF }, { R, S_F } },
};

static void whole_transition_table(void **state)
{
    int s, e;
    for (s = 0; s < 5; s++) {
        for (e = 0; e < 7; e++) {
            ig_state st = (ig_state)s;
            ig_step step = ig_state_step(&st, (ig_event)e);
            print_message("%s + %s\n", ig_state_name((ig_state)s), ig_event_name((ig_event)e));
            assert_int_equal(step, table[s][e].step);
            assert_int_equal(st, table[s][e].to);
        }
    }
}

static void unknown_event_refused(void **state)
{
    ig_state st = IG_ST_ONLINE;
    assert_int_equal(ig_state_step(&st, (ig_event)99), IG_STEP_REFUSED);
    assert_int_equal(st, IG_ST_ONLINE);
    assert_string_equal(ig_state_name((ig_state)99), "Unknown");
}

static void close_terminates_unless_offline(void **state)
{
    assert_false(ig_state_needs_terminate(IG_ST_OFFLINE));
    assert_true(ig_state_needs_terminate(IG_ST_ONLINE));
    assert_true(ig_state_needs_terminate(IG_ST_ONLINE_PENDING));
    assert_true(ig_state_needs_terminate(IG_ST_FAILED));
}

/* A worker overtaken by Terminate can neither finish its operation nor report. */
static void terminate_cancels_the_pending_operation(void **state)
{
    ig_life l = { IG_ST_OFFLINE, 0 };
    unsigned online = 0, offline = 0;

    assert_int_equal(ig_life_begin(&l, IG_EV_ONLINE, &online), IG_STEP_MOVED);
    assert_int_equal(l.state, IG_ST_ONLINE_PENDING);
    assert_true(ig_life_may_report(&l, online));

    assert_int_equal(ig_life_terminate(&l), IG_STEP_MOVED);
    assert_int_equal(l.state, IG_ST_OFFLINE);
    assert_false(ig_life_may_report(&l, online));
    assert_int_equal(ig_life_finish(&l, online, IG_EV_ONLINE_DONE), IG_STEP_REFUSED);
    assert_int_equal(l.state, IG_ST_OFFLINE);
    assert_int_equal(ig_life_finish(&l, online, IG_EV_ONLINE_FAILED), IG_STEP_REFUSED);
    assert_int_equal(l.state, IG_ST_OFFLINE);

    /* The next Online is a new operation; the old worker stays refused. */
    assert_int_equal(ig_life_begin(&l, IG_EV_ONLINE, &offline), IG_STEP_MOVED);
    assert_int_not_equal(offline, online);
    assert_int_equal(ig_life_finish(&l, online, IG_EV_ONLINE_DONE), IG_STEP_REFUSED);
    assert_int_equal(ig_life_finish(&l, offline, IG_EV_ONLINE_DONE), IG_STEP_MOVED);
    assert_int_equal(l.state, IG_ST_ONLINE);
}

/* Offline during a pending Online takes over: the Online worker is stale. */
static void offline_overtakes_a_pending_online(void **state)
{
    ig_life l = { IG_ST_OFFLINE, 41 };
    unsigned online = 0, offline = 0;

    assert_int_equal(ig_life_begin(&l, IG_EV_ONLINE, &online), IG_STEP_MOVED);
    assert_int_equal(ig_life_begin(&l, IG_EV_OFFLINE, &offline), IG_STEP_MOVED);
    assert_int_equal(l.state, IG_ST_OFFLINE_PENDING);
    assert_false(ig_life_may_report(&l, online));
    assert_true(ig_life_may_report(&l, offline));
    assert_int_equal(ig_life_finish(&l, online, IG_EV_ONLINE_DONE), IG_STEP_REFUSED);
    assert_int_equal(ig_life_finish(&l, offline, IG_EV_OFFLINE_DONE), IG_STEP_MOVED);
    assert_int_equal(l.state, IG_ST_OFFLINE);
    /* The finished operation may still send its last report... */
    assert_true(ig_life_may_report(&l, offline));
    /* ...until Terminate, even of an offline resource, moves on. */
    assert_int_equal(ig_life_terminate(&l), IG_STEP_ALREADY);
    assert_false(ig_life_may_report(&l, offline));
}

/* Refused begins start no operation; workers finish only their own events. */
static void refused_moves_start_nothing(void **state)
{
    ig_life l = { IG_ST_ONLINE_PENDING, 7 };
    unsigned op = 12345;

    assert_int_equal(ig_life_begin(&l, IG_EV_ONLINE, &op), IG_STEP_REFUSED);
    assert_int_equal(op, 12345);
    assert_int_equal(l.op, 7);
    assert_int_equal(ig_life_begin(&l, IG_EV_TERMINATE, &op), IG_STEP_REFUSED);
    assert_int_equal(ig_life_finish(&l, 7, IG_EV_ONLINE), IG_STEP_REFUSED);
    assert_int_equal(ig_life_finish(&l, 7, IG_EV_TERMINATE), IG_STEP_REFUSED);
    assert_int_equal(l.state, IG_ST_ONLINE_PENDING);
    l.state = IG_ST_ONLINE;
    assert_int_equal(ig_life_begin(&l, IG_EV_ONLINE, &op), IG_STEP_ALREADY);
    assert_int_equal(l.op, 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(whole_transition_table),
        cmocka_unit_test(unknown_event_refused),
        cmocka_unit_test(close_terminates_unless_offline),
        cmocka_unit_test(terminate_cancels_the_pending_operation),
        cmocka_unit_test(offline_overtakes_a_pending_online),
        cmocka_unit_test(refused_moves_start_nothing),
    };
    return cmocka_run_group_tests_name("state", tests, NULL, NULL);
}
