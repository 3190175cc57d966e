#define _POSIX_C_SOURCE 200809L
/* test_failover_policy.c - the group policy's details that the rule table
 * (test_failover_policy_rules.c) does not show: notes, reasons, busy
 * refusals, counters over time, stray reports. */
#include "unit.h"

#include "policy_fixture.h"

#define TWO "node A\nnode B\n"

static void test_online_goes_to_first_preferred(void **state)
{
    char why[200];

    (void)state;
    init("node A\nnode B\nnode C\ngroup preferred=B,C\nat 0s online\n");
    assert_int_equal(pol->order[0], 1);
    assert_int_equal(pol->order[1], 2);
    assert_int_equal(pol->order[2], 0);     /* the rest appended */
    assert_int_equal(fo_policy_online(pol, now, why, sizeof(why)), 0);
    expect_cmd(FO_CMD_ONLINE, 1);
    assert_int_equal(pol->owner, 1);
    comes_online(1);
    assert_int_equal(pol->gstate, FO_G_ONLINE);
    assert_int_equal(fo_policy_online(pol, now, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "already online on B"));
}

/* The seed's story under the documented rules: the move to the SP1 node is
 * refused, restarted there three times (each refused), then the group fails
 * over back to A. Every refusal is noted with the DLL's words. */
static void test_refused_move_returns(void **state)
{
    char why[200];

    (void)state;
    init(TWO "group preferred=A,B failover-threshold=2\nat 0s online\n");
    bring_online_on_a();
    assert_int_equal(fo_policy_move(pol, now, 1, why, sizeof(why)), 0);
    expect_cmd(FO_CMD_OFFLINE, 0);
    assert_int_equal(pol->gstate, FO_G_PENDING);
    fo_policy_res_state(pol, now, 0, FO_R_OFFLINE_PENDING);
    expect_no_cmd();
    fo_policy_res_state(pol, now, 0, FO_R_OFFLINE);
    expect_cmd(FO_CMD_ONLINE, 1);
    assert_int_equal(pol->owner, 1);
    for (int i = 1; i <= 3; i++) {
        pol->n_notes = 0;
        refuses(1, SP1_REFUSED, "Online: version 5.5.2232.0 ... Q194128");
        assert_true(pol->nodes[1].refused);
        assert_int_equal(pol->nodes[1].refused_code, SP1_REFUSED);
        assert_true(has_note(FO_N_REFUSED, "B refused Online with 0x20490006"));
        assert_true(has_note(FO_N_REFUSED, "Q194128"));
        assert_true(has_note(FO_N_RESTART, "of 3 on B"));
        expect_cmd(FO_CMD_ONLINE, 1);
        assert_int_equal(pol->total_restarts, i);
    }
    refuses(1, SP1_REFUSED, "Online: version 5.5.2232.0 ... Q194128");
    assert_true(has_note(FO_N_FAILOVER, "failover 1: B -> A (RestartThreshold 3 exceeded on B)"));
    expect_cmd(FO_CMD_ONLINE, 0);
    assert_non_null(strstr(pol->nodes[1].reason, "Q194128"));
    comes_online(0);
    assert_int_equal(pol->gstate, FO_G_ONLINE);
    assert_int_equal(pol->owner, 0);
    assert_int_equal(pol->total_failovers, 1);
    assert_int_equal(pol->total_restarts, 3);
}

static void test_restarts_then_failover(void **state)
{
    (void)state;
    init(TWO "resource restart-threshold=2 restart-period=60s\nat 0s online\n");
    bring_online_on_a();
    for (int i = 1; i <= 2; i++) {
        now += 1000;
        fails(0, "IsAlive: the process has ended");
        expect_cmd(FO_CMD_ONLINE, 0);
        assert_int_equal(pol->total_restarts, i);
        comes_online(0);
    }
    now += 1000;
    fails(0, "IsAlive: the process has ended");
    expect_cmd(FO_CMD_ONLINE, 1);
    assert_int_equal(pol->total_restarts, 2);
    assert_int_equal(pol->total_failovers, 1);
    assert_true(has_note(FO_N_FAILOVER, "RestartThreshold 2 exceeded on A"));
    comes_online(1);
    /* The count is per node: B may restart twice too. */
    now += 1000;
    fails(1, "crash");
    expect_cmd(FO_CMD_ONLINE, 1);
    assert_int_equal(pol->total_restarts, 3);
}

static void test_restart_period_forgets(void **state)
{
    (void)state;
    init(TWO "resource restart-threshold=1 restart-period=10s\nat 0s online\n");
    bring_online_on_a();
    for (int i = 0; i < 4; i++) {
        now += 11000;               /* each failure outside the last one's period */
        fails(0, "crash");
        expect_cmd(FO_CMD_ONLINE, 0);
        comes_online(0);
    }
    assert_int_equal(pol->total_restarts, 4);
    assert_int_equal(pol->total_failovers, 0);
    now += 1000;                    /* within the period: over the threshold */
    fails(0, "crash");
    expect_cmd(FO_CMD_ONLINE, 1);
}

static void test_failover_threshold_leaves_failed(void **state)
{
    (void)state;
    init(TWO "group failover-threshold=2 failover-period=1h\n"
         "resource restart-threshold=0\nat 0s online\n");
    bring_online_on_a();
    fails(0, "stopped while starting (service-specific code 4058)");
    expect_cmd(FO_CMD_ONLINE, 1);
    fails(1, "stopped while starting (service-specific code 4058)");
    expect_cmd(FO_CMD_ONLINE, 0);
    fails(0, "stopped while starting (service-specific code 4058)");
    expect_no_cmd();
    assert_int_equal(pol->gstate, FO_G_FAILED);
    assert_int_equal(pol->total_failovers, 2);
    assert_true(has_note(FO_N_FAILED, "FailoverThreshold 2 reached"));
    assert_non_null(strstr(pol->failed_reason[0], "4058"));
    assert_non_null(strstr(pol->failed_reason[1], "4058"));
    assert_false(fo_policy_busy(pol));
}

static void test_failover_period_forgets(void **state)
{
    (void)state;
    init(TWO "group failover-threshold=1 failover-period=1m\n"
         "resource restart-threshold=0\nat 0s online\n");
    bring_online_on_a();
    fails(0, "x");
    expect_cmd(FO_CMD_ONLINE, 1);
    comes_online(1);
    now += 61000;
    fails(1, "x");
    expect_cmd(FO_CMD_ONLINE, 0);       /* the first failover is out of the period */
    comes_online(0);
    now += 1000;
    fails(0, "x");
    expect_no_cmd();
    assert_int_equal(pol->gstate, FO_G_FAILED);
}

/* Every node refuses: the rotation wraps until FailoverThreshold leaves the
 * group Failed, with every node's reason in the DLL's words. */
static void test_every_node_refuses(void **state)
{
    char why[200];

    (void)state;
    init("node A ims=5.5.2232.0\nnode B domain=none\nnode C ims=none\n"
         "group preferred=A,B,C failover-threshold=4\nresource restart-threshold=0\n"
         "at 0s online\n");
    assert_int_equal(fo_policy_online(pol, now, why, sizeof(why)), 0);
    for (int round = 0; round < 5; round++) {
        int node = round % 3;
        expect_cmd(FO_CMD_ONLINE, node);
        if (node == 0)
            refuses(0, SP1_REFUSED, "version 5.5.2232.0 (Q194128)");
        else if (node == 1)
            refuses(1, NO_DOMAIN, "the TCP/IP DNS domain of this node is not set");
        else
            refuses(2, 0x20490001u, "the service 'MSExchangeIMC' is not installed on this node");
    }
    expect_no_cmd();
    assert_int_equal(pol->gstate, FO_G_FAILED);
    assert_int_equal(pol->owner, 1);
    assert_int_equal(pol->total_failovers, 4);
    assert_true(has_note(FO_N_FAILED, "FailoverThreshold 4 reached"));
    assert_non_null(strstr(pol->failed_reason[0],
                           "refused Online (0x20490006): version 5.5.2232.0"));
    assert_non_null(strstr(pol->failed_reason[1], "DNS domain"));
    assert_non_null(strstr(pol->failed_reason[2], "not installed"));
    /* The administrator's Online: on the owner, B, which refuses again;
     * FailoverThreshold is still spent within FailoverPeriod. */
    assert_int_equal(fo_policy_online(pol, now, why, sizeof(why)), 0);
    expect_cmd(FO_CMD_ONLINE, 1);
    refuses(1, NO_DOMAIN, "the TCP/IP DNS domain of this node is not set");
    expect_no_cmd();
    assert_int_equal(pol->gstate, FO_G_FAILED);
    /* B is fixed (the cluster does not know) and the administrator moves the
     * group there: the move brings it online. */
    fo_policy_node_changed(pol, now, 1);
    assert_false(pol->nodes[1].refused);
    assert_int_equal(fo_policy_move(pol, now, 1, why, sizeof(why)), 0);
    expect_cmd(FO_CMD_ONLINE, 1);
    comes_online(1);
    assert_int_equal(pol->gstate, FO_G_ONLINE);
}

static void test_not_every_error_is_a_refusal(void **state)
{
    (void)state;
    init(TWO "resource restart-threshold=1\nat 0s online\n");
    bring_online_on_a();
    fails(0, "crash");
    expect_cmd(FO_CMD_ONLINE, 0);
    /* The service stopped while starting: a failure, restarted (or failed
     * over), never a refusal. */
    fo_policy_online_returned(pol, now, 0, 997);
    fo_policy_log(pol, now, 0, 1, "stopped while starting");
    fo_policy_res_state(pol, now, 0, FO_R_FAILED);
    assert_false(pol->nodes[0].refused);
    expect_cmd(FO_CMD_ONLINE, 1);
    assert_false(fo_is_refusal(START_FAILED));
    assert_true(fo_is_refusal(0x20490001u));
    assert_true(fo_is_refusal(0x20490009u));
    assert_false(fo_is_refusal(997));
}

static void test_node_order_wraps(void **state)
{
    (void)state;
    init("node A\nnode B\nnode C\nnode D\ngroup preferred=C,A\n"
         "resource restart-threshold=0\nat 0s online\n");
    /* order C, A, B, D */
    {
        char why[200];
        assert_int_equal(fo_policy_online(pol, now, why, sizeof(why)), 0);
    }
    expect_cmd(FO_CMD_ONLINE, 2);
    comes_online(2);
    fails(2, "x");
    expect_cmd(FO_CMD_ONLINE, 0);       /* after C: A */
    comes_online(0);
    fails(0, "x");
    expect_cmd(FO_CMD_ONLINE, 1);       /* after A: B, not back to C */
    refuses(1, SP1_REFUSED, "SP1");
    expect_cmd(FO_CMD_ONLINE, 3);       /* B refused: D */
    comes_online(3);
    fails(3, "x");
    expect_cmd(FO_CMD_ONLINE, 2);       /* after D: wrap to C */
}

static void test_node_down_and_failback(void **state)
{
    char why[200];

    (void)state;
    init(TWO "group preferred=A,B failback=yes\nat 0s online\n");
    bring_online_on_a();
    fo_policy_node_down(pol, now, 0);
    assert_int_equal(pol->nodes[0].rstate, FO_R_DOWN);
    expect_cmd(FO_CMD_ONLINE, 1);
    assert_true(has_note(FO_N_FAILOVER, "A is down"));
    comes_online(1);
    assert_int_equal(fo_policy_move(pol, now, 0, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "A is down"));
    fo_policy_node_up(pol, now, 0);
    assert_true(has_note(FO_N_FAILBACK, "failback"));
    expect_cmd(FO_CMD_OFFLINE, 1);
    fo_policy_res_state(pol, now, 1, FO_R_OFFLINE);
    expect_cmd(FO_CMD_ONLINE, 0);
    comes_online(0);
    assert_int_equal(pol->owner, 0);
    assert_int_equal(pol->total_failovers, 1);  /* a failback is a move */
}

static void test_no_failback_by_default(void **state)
{
    (void)state;
    init(TWO "group preferred=A,B\nat 0s online\n");
    bring_online_on_a();
    fo_policy_node_down(pol, now, 0);
    expect_cmd(FO_CMD_ONLINE, 1);
    comes_online(1);
    fo_policy_node_up(pol, now, 0);
    expect_no_cmd();
    assert_int_equal(pol->owner, 1);
}

static void test_restart_actions(void **state)
{
    (void)state;
    init(TWO "resource restart-action=none\nat 0s online\n");
    bring_online_on_a();
    fails(0, "x");
    expect_no_cmd();
    assert_int_equal(pol->gstate, FO_G_FAILED);
    assert_int_equal(pol->owner, 0);

    init(TWO "resource restart-action=restart restart-threshold=1\nat 0s online\n");
    bring_online_on_a();
    fails(0, "x");
    expect_cmd(FO_CMD_ONLINE, 0);
    comes_online(0);
    fails(0, "x");
    expect_no_cmd();
    assert_int_equal(pol->gstate, FO_G_FAILED);
    assert_int_equal(pol->total_failovers, 0);
}

static void test_busy_and_moves(void **state)
{
    char why[200];

    (void)state;
    init(TWO "at 0s online\n");
    assert_int_equal(fo_policy_online(pol, now, why, sizeof(why)), 0);
    pol->n_cmds = 0;
    assert_int_equal(fo_policy_move(pol, now, 1, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "changing"));
    assert_int_equal(fo_policy_offline(pol, now, why, sizeof(why)), -1);
    comes_online(0);
    assert_int_equal(fo_policy_move(pol, now, 0, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "already on A"));
    /* A move without a target: the next node. */
    assert_int_equal(fo_policy_move(pol, now, -1, why, sizeof(why)), 0);
    expect_cmd(FO_CMD_OFFLINE, 0);
    fo_policy_res_state(pol, now, 0, FO_R_OFFLINE);
    expect_cmd(FO_CMD_ONLINE, 1);
    comes_online(1);
    /* Offline, then a move of an offline group only changes the owner. */
    assert_int_equal(fo_policy_offline(pol, now, why, sizeof(why)), 0);
    expect_cmd(FO_CMD_OFFLINE, 1);
    fo_policy_res_state(pol, now, 1, FO_R_OFFLINE);
    assert_int_equal(pol->gstate, FO_G_OFFLINE);
    assert_int_equal(fo_policy_move(pol, now, 0, why, sizeof(why)), 0);
    expect_no_cmd();
    assert_int_equal(pol->owner, 0);
    assert_int_equal(pol->gstate, FO_G_OFFLINE);
}

/* A refusal is observed (for the report), never a reason to skip a node. */
static void test_refusal_is_no_policy_state(void **state)
{
    char why[200];

    (void)state;
    init(TWO "resource restart-threshold=0\nat 0s online\n");
    bring_online_on_a();
    assert_int_equal(fo_policy_move(pol, now, 1, why, sizeof(why)), 0);
    expect_cmd(FO_CMD_OFFLINE, 0);
    fo_policy_res_state(pol, now, 0, FO_R_OFFLINE);
    expect_cmd(FO_CMD_ONLINE, 1);
    refuses(1, SP1_REFUSED, "SP1");
    expect_cmd(FO_CMD_ONLINE, 0);
    comes_online(0);
    assert_true(pol->nodes[1].refused);
    assert_int_equal(fo_policy_next_node(pol, 0), 1);       /* still next in line */
    fails(0, "crash");
    expect_cmd(FO_CMD_ONLINE, 1);
    comes_online(1);
    assert_false(pol->nodes[1].refused);                    /* it came online */
}

static void test_possible_owner_errors(void **state)
{
    char why[200];

    (void)state;
    init(TWO "resource possible-owners=A\nat 0s online\n");
    assert_false(pol->nodes[1].possible);
    assert_int_equal(fo_policy_set_possible(pol, now, 0, 0, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "last possible owner"));
    assert_int_equal(fo_policy_set_possible(pol, now, 1, 0, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "B is not a possible owner"));
    assert_int_equal(fo_policy_set_possible(pol, now, 7, 1, why, sizeof(why)), -1);
    bring_online_on_a();
    assert_int_equal(fo_policy_move(pol, now, 1, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "/addowner:B"));
    assert_int_equal(fo_policy_move(pol, now, -1, why, sizeof(why)), -1);
    assert_int_equal(fo_policy_set_possible(pol, now, 1, 1, why, sizeof(why)), 0);
    assert_true(has_note(FO_N_INFO, "B is a possible owner of the resource again"));
    assert_int_equal(fo_policy_move(pol, now, -1, why, sizeof(why)), 0);
    expect_cmd(FO_CMD_OFFLINE, 0);
}

static void test_next_due(void **state)
{
    (void)state;
    init(TWO "cluster era=w2008\nat 0s online\n");
    assert_int_equal(fo_policy_next_due(pol, now), -1);
    bring_online_on_a();
    fails(0, "crash");
    expect_no_cmd();                                    /* RestartDelay first */
    assert_int_equal(pol->op, FO_OP_RESTART_DELAY);
    assert_int_equal(fo_policy_next_due(pol, now), now + 500);
    fo_policy_tick(pol, now + 499);
    expect_no_cmd();
    fo_policy_tick(pol, now + 500);
    expect_cmd(FO_CMD_ONLINE, 0);
}

static void test_errors_collected_per_online(void **state)
{
    (void)state;
    init(TWO "at 0s online\n");
    bring_online_on_a();
    fo_policy_log(pol, now, 0, 0, "information is not a reason");
    fo_policy_log(pol, now, 0, 1, "first error");
    fo_policy_log(pol, now, 0, 1, "second error");
    fo_policy_res_state(pol, now, 0, FO_R_FAILED);
    assert_string_equal(pol->nodes[0].reason, "first error | second error");
    expect_cmd(FO_CMD_ONLINE, 0);
    assert_string_equal(pol->nodes[0].errors, "");  /* reset for the new Online */
}

static void test_stray_reports_ignored(void **state)
{
    (void)state;
    init(TWO "at 0s online\n");
    bring_online_on_a();
    /* B is not involved: its states change nothing for the group. */
    fo_policy_res_state(pol, now, 1, FO_R_FAILED);
    fo_policy_res_state(pol, now, 1, FO_R_OFFLINE);
    expect_no_cmd();
    assert_int_equal(pol->gstate, FO_G_ONLINE);
    assert_int_equal(pol->nodes[1].rstate, FO_R_OFFLINE);
    fo_policy_res_state(pol, now, 7, FO_R_FAILED);      /* no such node */
    fo_policy_node_down(pol, now, -1);
    expect_no_cmd();
}
int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_online_goes_to_first_preferred, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused_move_returns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restarts_then_failover, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restart_period_forgets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failover_threshold_leaves_failed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failover_period_forgets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_node_refuses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_every_error_is_a_refusal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_node_order_wraps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_node_down_and_failback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_failback_by_default, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restart_actions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_busy_and_moves, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusal_is_no_policy_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_possible_owner_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_next_due, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors_collected_per_online, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stray_reports_ignored, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
