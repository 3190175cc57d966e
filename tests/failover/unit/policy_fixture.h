/* policy_fixture.h - what the policy's tests share (test_failover_policy.c,
 * test_failover_policy_rules.c): a scenario and a policy per test, the
 * monitors' reports as one call each, and the refusal codes they use.
 * Each test program includes it once. */
#ifndef FO_POLICY_FIXTURE_H
#define FO_POLICY_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "policy.h"
#include "scn.h"

#define SP1_REFUSED   0x20490006u
#define NO_DOMAIN     0x20490007u
#define START_FAILED  0x2049000Au

static struct fo_scenario *scn;
static struct fo_policy *pol;
static long long now;

static inline int setup(void **state)
{
    (void)state;
    scn = calloc(1, sizeof(*scn));
    pol = calloc(1, sizeof(*pol));
    now = 1000;
    return scn && pol ? 0 : -1;
}

static inline int teardown(void **state)
{
    (void)state;
    free(scn);
    free(pol);
    return 0;
}

static inline void init(const char *text)
{
    char err[512];

    if (fo_scn_parse("p.scn", "p", text, scn, err, sizeof(err))) {
        print_error("%s\n", err);
        fail();
    }
    fo_policy_init(pol, scn);
}

/* The single command the policy gave, drained. */
static inline void expect_cmd(enum fo_cmd_kind kind, int node)
{
    if (pol->n_cmds != 1 || pol->cmds[0].kind != kind || pol->cmds[0].node != node) {
        print_error("want one %s on node %d, have %d command(s), first %s on %d\n",
                    kind == FO_CMD_ONLINE ? "online" : "offline", node, pol->n_cmds,
                    pol->n_cmds && pol->cmds[0].kind == FO_CMD_ONLINE ? "online" : "offline",
                    pol->n_cmds ? pol->cmds[0].node : -1);
        fail();
    }
    pol->n_cmds = 0;
}

static inline void expect_no_cmd(void)
{
    assert_int_equal(pol->n_cmds, 0);
}

static inline int has_note(enum fo_note_kind kind, const char *text)
{
    for (int i = 0; i < pol->n_notes; i++)
        if (pol->notes[i].kind == kind && strstr(pol->notes[i].text, text))
            return 1;
    return 0;
}

/* The node's monitor: Online pends, then reports. */
static inline void comes_online(int node)
{
    fo_policy_online_returned(pol, now, node, 997);
    fo_policy_res_state(pol, now, node, FO_R_ONLINE_PENDING);
    fo_policy_res_state(pol, now, node, FO_R_ONLINE);
}

static inline void refuses(int node, uint32_t code, const char *log)
{
    fo_policy_log(pol, now, node, 1, log);
    fo_policy_online_returned(pol, now, node, code);
    fo_policy_res_state(pol, now, node, FO_R_FAILED);
}

static inline void fails(int node, const char *log)
{
    fo_policy_log(pol, now, node, 1, log);
    fo_policy_res_state(pol, now, node, FO_R_FAILED);
}

static inline void bring_online_on_a(void)
{
    char why[200];
    assert_int_equal(fo_policy_online(pol, now, why, sizeof(why)), 0);
    expect_cmd(FO_CMD_ONLINE, 0);
    assert_int_equal(pol->gstate, FO_G_PENDING);
    assert_true(fo_policy_busy(pol));
    comes_online(0);
    assert_int_equal(pol->gstate, FO_G_ONLINE);
    assert_int_equal(pol->owner, 0);
    assert_false(fo_policy_busy(pol));
}

#define TICK() fo_policy_tick(pol, now)

#endif
