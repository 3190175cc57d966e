#define _POSIX_C_SOURCE 200809L
/* test_failover_policy.c - the group policy (MSCS/WSFC semantics), era by
 * era: every documented rule as a row of a table (rule, source, input,
 * expected decisions), then the details the table does not show (notes,
 * reasons, busy refusals). */
#include "unit.h"

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

static int setup(void **state)
{
    (void)state;
    scn = calloc(1, sizeof(*scn));
    pol = calloc(1, sizeof(*pol));
    now = 1000;
    return scn && pol ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(scn);
    free(pol);
    return 0;
}

static void init(const char *text)
{
    char err[512];

    if (fo_scn_parse("p.scn", "p", text, scn, err, sizeof(err))) {
        print_error("%s\n", err);
        fail();
    }
    fo_policy_init(pol, scn);
}

/* The single command the policy gave, drained. */
static void expect_cmd(enum fo_cmd_kind kind, int node)
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

static void expect_no_cmd(void)
{
    assert_int_equal(pol->n_cmds, 0);
}

static int has_note(enum fo_note_kind kind, const char *text)
{
    for (int i = 0; i < pol->n_notes; i++)
        if (pol->notes[i].kind == kind && strstr(pol->notes[i].text, text))
            return 1;
    return 0;
}

/* The node's monitor: Online pends, then reports. */
static void comes_online(int node)
{
    fo_policy_online_returned(pol, now, node, 997);
    fo_policy_res_state(pol, now, node, FO_R_ONLINE_PENDING);
    fo_policy_res_state(pol, now, node, FO_R_ONLINE);
}

static void refuses(int node, uint32_t code, const char *log)
{
    fo_policy_log(pol, now, node, 1, log);
    fo_policy_online_returned(pol, now, node, code);
    fo_policy_res_state(pol, now, node, FO_R_FAILED);
}

static void fails(int node, const char *log)
{
    fo_policy_log(pol, now, node, 1, log);
    fo_policy_res_state(pol, now, node, FO_R_FAILED);
}

static void bring_online_on_a(void)
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
/* ------------------------------------------------------------ the rule table
 *
 * Each row is one documented rule: its source, a cluster (scenario
 * declarations), a script of what the administrator and the nodes' monitors
 * do, and the decisions the cluster must take. The script's words:
 *   online | offline | move [N]      the administrator
 *   up N       N's Online pends, then reports Online
 *   fail N     the resource fails on N (an error line, then Failed)
 *   refuse N   IMS Guard refuses Online on N (0x20490006, then Failed)
 *   off N      N reports Offline (an Offline the policy asked for is done)
 *   down N / boot N                  the node powers off / on
 *   addowner N / removeowner N       cluster resource /addowner, /removeowner
 *   wait D     time passes (500ms, 10s), then the policy's tick
 * Expected: every command the policy gave, in order ("+A" Online on A,
 * "-A" Offline on A), then the group's state and owner and the counters.
 */
struct rule {
    const char *rule;
    const char *source;
    const char *cluster;
    const char *script;
    const char *cmds;
    enum fo_gstate state;
    const char *owner;      /* "" = none */
    int restarts, failovers;
};

static int node_of(const char *name)
{
    for (int i = 0; i < pol->n_nodes; i++)
        if (!strcmp(pol->nodes[i].name, name))
            return i;
    return -1;
}

static void record_cmds(char *log, size_t size)
{
    for (int i = 0; i < pol->n_cmds; i++) {
        size_t len = strlen(log);
        snprintf(log + len, size - len, "%s%c%s", len ? " " : "",
                 pol->cmds[i].kind == FO_CMD_ONLINE ? '+' : '-',
                 pol->nodes[pol->cmds[i].node].name);
    }
    pol->n_cmds = 0;
}

/* Runs one word of the script; returns how many words it took, 0 if unknown. */
static int script_word(char **w, int left, char *why, size_t why_size)
{
    int node = left > 1 ? node_of(w[1]) : -1;

    if (!strcmp(w[0], "online"))
        return fo_policy_online(pol, now, why, why_size), 1;
    if (!strcmp(w[0], "offline"))
        return fo_policy_offline(pol, now, why, why_size), 1;
    if (!strcmp(w[0], "move")) {
        fo_policy_move(pol, now, node, why, why_size);
        return node >= 0 ? 2 : 1;
    }
    if (node < 0 && strcmp(w[0], "wait"))
        return 0;
    if (!strcmp(w[0], "up")) {
        comes_online(node);
    } else if (!strcmp(w[0], "fail")) {
        fails(node, "IsAlive: the IMS process has ended");
    } else if (!strcmp(w[0], "refuse")) {
        refuses(node, SP1_REFUSED, "Online: msexcimc.exe is version 5.5.2232.0 (KB Q194128)");
    } else if (!strcmp(w[0], "off")) {
        fo_policy_res_state(pol, now, node, FO_R_OFFLINE);
    } else if (!strcmp(w[0], "down")) {
        fo_policy_node_down(pol, now, node);
    } else if (!strcmp(w[0], "boot")) {
        fo_policy_node_up(pol, now, node);
    } else if (!strcmp(w[0], "addowner") || !strcmp(w[0], "removeowner")) {
        fo_policy_set_possible(pol, now, node, w[0][0] == 'a', why, why_size);
    } else if (!strcmp(w[0], "wait") && left > 1) {
        now += fo_parse_duration(w[1]);
        TICK();
    } else {
        return 0;
    }
    return 2;
}

static int run_rule(const struct rule *r)
{
    char script[512], *w[64], *save = NULL, cmds[512] = "", why[300] = "";
    int n = 0, ok;

    char text[600], err[300];

    setup(NULL);
    /* The parser wants a step; the script is what happens. */
    snprintf(text, sizeof(text), "%sat 0s online\n", r->cluster);
    if (fo_scn_parse("rule.scn", "rule", text, scn, err, sizeof(err))) {
        print_error("rule \"%s\": %s\n", r->rule, err);
        teardown(NULL);
        return 0;
    }
    fo_policy_init(pol, scn);
    snprintf(script, sizeof(script), "%s", r->script);
    for (char *t = strtok_r(script, " ;", &save); t && n < 64; t = strtok_r(NULL, " ;", &save))
        w[n++] = t;
    for (int i = 0; i < n;) {
        int took = script_word(&w[i], n - i, why, sizeof(why));
        if (!took) {
            print_error("rule \"%s\": bad script word '%s'\n", r->rule, w[i]);
            teardown(NULL);
            return 0;
        }
        record_cmds(cmds, sizeof(cmds));
        i += took;
    }
    ok = !strcmp(cmds, r->cmds) && pol->gstate == r->state
         && !strcmp(pol->owner >= 0 ? pol->nodes[pol->owner].name : "", r->owner)
         && pol->total_restarts == r->restarts && pol->total_failovers == r->failovers;
    if (!ok) {
        print_error("RULE  %s\nSOURCE %s\nINPUT  %s| %s\n"
                    "EXPECTED commands \"%s\", group %s on %s, restarts=%d failovers=%d\n"
                    "SAW      commands \"%s\", group %s on %s, restarts=%d failovers=%d%s%s\n",
                    r->rule, r->source, r->cluster, r->script, r->cmds,
                    fo_gstate_name(r->state), r->owner[0] ? r->owner : "none", r->restarts,
                    r->failovers, cmds, fo_gstate_name(pol->gstate),
                    pol->owner >= 0 ? pol->nodes[pol->owner].name : "none",
                    pol->total_restarts, pol->total_failovers, why[0] ? "; last refusal: " : "",
                    why);
    }
    teardown(NULL);
    return ok;
}

#define N2 "node A\nnode B\n"
#define N3 "node A\nnode B\nnode C\n"

static const struct rule documented[] = {
    /* Issue 12, mismatch 1: a refused Online is a failed Online. */
    { "an Online that returns an error is a failed resource: the restart policy applies, "
      "so the refusing node is restarted RestartThreshold (3) times before the group fails over",
      "Online entry point (Resource API): any return but ERROR_SUCCESS/ERROR_IO_PENDING fails "
      "the resource and the monitor calls Terminate; RestartThreshold page (default 3); KB 947712",
      N2 "group preferred=A,B\n", "online up A move B off A refuse B refuse B refuse B refuse B",
      "+A -A +B +B +B +B +A", FO_G_PENDING, "A", 3, 1 },
    { "the refusing node is tried again when the rotation wraps, until FailoverThreshold "
      "leaves the group Failed",
      "KB 299631 scenario 1 (next node in the node list, wrapping); FailoverThreshold page",
      N2 "group preferred=A,B failover-threshold=3\nresource restart-threshold=0\n",
      "online refuse A refuse B refuse A refuse B",
      "+A +B +A +B", FO_G_FAILED, "B", 0, 3 },
    /* Mismatch 2. */
    { "a node going down is not a resource exceeding its restart threshold: it does not count "
      "toward FailoverThreshold (NT 4.0 / Windows 2000)",
      "KB 197047 (\"a group itself does not fail\"; only a resource past its threshold "
      "increments the group's failover count)",
      N2 "group preferred=A,B failover-threshold=1\nresource restart-threshold=0\n",
      "online up A down A up B boot A fail B up A",
      "+A +B +A", FO_G_ONLINE, "A", 0, 2 },
    /* Mismatch 3. */
    { "a move with no target goes to a node in the preferred owners list",
      "KB 299631 scenario 3 (move to \"Best Possible\"); Clustering team blog "
      "\"Preferred Owners in a Cluster\" (2008)",
      N3 "group preferred=A,B\n", "online up A move B off A up B move off B",
      "+A -A +B -B +A", FO_G_PENDING, "A", 0, 0 },
    /* Mismatch 4. */
    { "an administrator's Online of a Failed group brings it online on its current owner",
      "Cluster Administrator / MS-CMRP ApiOnlineGroup: the group comes online on the node "
      "that owns it; only a move changes the owner",
      N2 "group preferred=A,B failover-threshold=1\nresource restart-threshold=0\n",
      "online refuse A refuse B online",
      "+A +B +B", FO_G_PENDING, "B", 0, 1 },
    /* Mismatch 5. */
    { "the restart count is reset to zero once RestartPeriod has passed (not a sliding window)",
      "RestartPeriod page: \"After the interval defined by the RestartPeriod property is "
      "exceeded, the Cluster service resets the property to zero\"",
      N2 "resource restart-threshold=2 restart-period=10s\n",
      "online up A wait 1s fail A up A wait 8s fail A up A wait 3s fail A up A wait 3s fail A",
      "+A +A +A +A +A", FO_G_PENDING, "A", 4, 0 },
    /* Rules today's policy already follows. */
    { "node order: PreferredOwners, then the other nodes by node ID; a failover goes to the "
      "next node after the failing one, wrapping, not back to the top",
      "KB 299631 scenario 1; Clustering team blog \"Preferred Owners in a Cluster\"",
      "node A\nnode B\nnode C\nnode D\ngroup preferred=C,A\nresource restart-threshold=0\n",
      "online up C fail C up A fail A up B fail B up D fail D",
      "+C +A +B +D +C", FO_G_PENDING, "C", 0, 4 },
    { "RestartAction 0 (ClusterResourceDontRestart): the resource is left failed",
      "RestartAction page; CLUSTER_RESOURCE_RESTART_ACTION",
      N2 "resource restart-action=none\n", "online up A fail A", "+A", FO_G_FAILED, "A", 0, 0 },
    { "RestartAction 1 (RestartNoNotify): restarted, but past the threshold the group is not "
      "failed over",
      "RestartAction page; CLUSTER_RESOURCE_RESTART_ACTION",
      N2 "resource restart-action=restart restart-threshold=1\n", "online up A fail A up A fail A",
      "+A +A", FO_G_FAILED, "A", 1, 0 },
    { "FailoverThreshold failovers within FailoverPeriod; the next one leaves the group Failed",
      "FailoverThreshold, FailoverPeriod pages; KB 197047; Windows Server 2003 help "
      "\"Set group failover policy\"",
      N2 "group failover-threshold=2\nresource restart-threshold=0\n",
      "online fail A fail B fail A", "+A +B +A", FO_G_FAILED, "A", 0, 2 },
    { "failback only with AutoFailbackType and a preferred owners list",
      "AutoFailbackType / CLUSTER_GROUP_AUTOFAILBACK_TYPE (\"requires a preferred owners "
      "list\"); Windows Server 2003 help \"Specify preferred owners\"",
      N2 "group failback=yes\n", "online up A down A up B boot A", "+A +B", FO_G_ONLINE, "B",
      0, 1 },
    { "failback to the preferred node as soon as it is back (no failback window)",
      "FailbackWindowStart/End pages: no window, failback occurs immediately",
      N2 "group preferred=A,B failback=yes\n", "online up A down A up B boot A off B up A",
      "+A +B -B +A", FO_G_ONLINE, "A", 0, 1 },
    { "a group the administrator moved does not fail back (failback follows a failover)",
      "KB 197047 (failback returns groups to the preferred node after it failed or went "
      "offline); choice: a move is the administrator's placement",
      N2 "group preferred=A,B failback=yes\n", "online up A move B off A up B down A boot A",
      "+A -A +B", FO_G_ONLINE, "B", 0, 0 },
    /* Failback windows. */
    { "outside FailbackWindowStart..End the group stays where it failed over",
      "FailbackWindowStart / FailbackWindowEnd pages",
      N2 "cluster clock=09:59:50\ngroup preferred=A,B failback=yes failback-window=10-12\n",
      "online up A down A up B boot A wait 5s", "+A +B", FO_G_ONLINE, "B", 0, 1 },
    { "when the failback window opens, the group fails back to its preferred node",
      "FailbackWindowStart / FailbackWindowEnd pages (\"if the group's preferred node is "
      "active or becomes active during that interval\")",
      N2 "cluster clock=09:59:50\ngroup preferred=A,B failback=yes failback-window=10-12\n",
      "online up A down A up B boot A wait 10s off B up A", "+A +B -B +A", FO_G_ONLINE, "A", 0, 1 },
    { "a failback window may span midnight (start later than end)",
      "FailbackWindowStart / FailbackWindowEnd pages (hours of the local cluster time); "
      "choice: [start, end) wrapping",
      N2 "cluster clock=23:30\ngroup preferred=A,B failback=yes failback-window=23-1\n",
      "online up A down A up B boot A off B up A", "+A +B -B +A", FO_G_ONLINE, "A", 0, 1 },
    /* Possible Owners. */
    { "a node that is not a Possible Owner of the resource is never tried",
      "Windows Server 2003 help \"cluster resource\" (/addowner, /removeowner); Failover "
      "Cluster Manager help \"Preferred owners\" (to keep a group off a node, configure "
      "Possible owners)",
      N3 "resource possible-owners=A,C restart-threshold=0\n", "online fail A fail C",
      "+A +C +A", FO_G_PENDING, "A", 0, 2 },
    { "a move to a node that is not a Possible Owner is refused",
      "ERROR_HOST_NODE_NOT_RESOURCE_OWNER (5015); cluster resource /removeowner",
      N2 "\n", "online up A removeowner B move B", "+A", FO_G_ONLINE, "A", 0, 0 },
    { "after /removeowner the refusing node is skipped; after /addowner it is tried again",
      "cluster resource /addowner, /removeowner",
      N2 "resource restart-threshold=0\n",
      "online up A removeowner B fail A addowner B online up A fail A", "+A +A +B",
      FO_G_PENDING, "B", 0, 1 },
    /* Era by era. */
    { "Windows Server 2008: one restart per node, then failover (NT 4.0-2003: three)",
      "KB 947712; KB 228923; RestartDelay page (500 ms, WSFC)",
      N2 "cluster era=w2008\n", "online up A fail A wait 500ms up A fail A",
      "+A +A +B", FO_G_PENDING, "B", 1, 1 },
    { "NT 4.0: RestartThreshold 3 by default, so a second failure is still a restart",
      "RestartThreshold page (default 3); KB 947712 (2003 and before: three restarts in 15 "
      "minutes)",
      N2 "\n", "online up A fail A up A fail A", "+A +A +A", FO_G_PENDING, "A", 2, 0 },
    { "Windows Server 2008: FailoverThreshold defaults to the number of nodes minus 1",
      "FailoverThreshold page (0xFFFFFFFF = nodes - 1; Windows 2000/2003: 10)",
      N3 "cluster era=w2008\nresource restart-threshold=0\n", "online fail A fail B fail C",
      "+A +B +C", FO_G_FAILED, "C", 0, 2 },
    { "Windows 2000/2003: FailoverThreshold defaults to 10",
      "FailoverThreshold page (\"Windows Server 2003 and Windows 2000 Server: The default "
      "value is 10\")",
      N3 "cluster era=w2003\nresource restart-threshold=0\n", "online fail A fail B fail C",
      "+A +B +C +A", FO_G_PENDING, "A", 0, 3 },
    { "RestartDelay: the restart waits (WSFC)",
      "RestartDelay page (\"the time delay before a failed resource is restarted\")",
      N2 "cluster era=w2008\nresource restart-delay=3s\n", "online up A fail A wait 1s",
      "+A", FO_G_PENDING, "A", 1, 0 },
    { "RestartDelay: once it has passed, the resource is restarted on the same node",
      "RestartDelay page",
      N2 "cluster era=w2008\nresource restart-delay=3s\n", "online up A fail A wait 3s",
      "+A +A", FO_G_PENDING, "A", 1, 0 },
    { "Windows 2000: RetryPeriodOnFailure brings a Failed resource online again after the period",
      "KB 228923; RetryPeriodOnFailure page",
      N2 "cluster era=w2000\ngroup failover-threshold=0\n"
      "resource restart-threshold=0 restart-period=10m retry-period=20m\n",
      "online fail A wait 19m wait 1m", "+A +A", FO_G_PENDING, "A", 0, 0 },
    { "Windows 2000/2003: RetryPeriodOnFailure is disabled by default: a Failed resource waits "
      "for the administrator",
      "KB 228923 (default 0xFFFFFFFF for mixed-mode compatibility; \"waits for manual "
      "intervention\")",
      N2 "cluster era=w2003\ngroup failover-threshold=0\nresource restart-threshold=0\n",
      "online fail A wait 2h", "+A", FO_G_FAILED, "A", 0, 0 },
    { "Windows Server 2008: a Failed resource is tried again after 60 minutes",
      "KB 947712; RetryPeriodOnFailure page (default 0x36EE80 ms)",
      N2 "cluster era=w2008\ngroup failover-threshold=0\nresource restart-threshold=0\n",
      "online fail A wait 59m", "+A", FO_G_FAILED, "A", 0, 0 },
    { "Windows Server 2008: ... and at 60 minutes it is",
      "KB 947712; RetryPeriodOnFailure page (default 0x36EE80 ms)",
      N2 "cluster era=w2008\ngroup failover-threshold=0\nresource restart-threshold=0\n",
      "online fail A wait 60m", "+A +A", FO_G_PENDING, "A", 0, 0 },
    { "an administrator's action cancels RetryPeriodOnFailure",
      "RetryPeriodOnFailure page (the retry is for a resource left failed); choice",
      N2 "cluster era=w2008\ngroup failover-threshold=0\nresource restart-threshold=0\n",
      "online fail A offline wait 60m", "+A", FO_G_OFFLINE, "A", 0, 0 },
};

static void test_documented_rules(void **state)
{
    int bad = 0;

    (void)state;
    for (size_t i = 0; i < sizeof(documented) / sizeof(documented[0]); i++)
        bad += !run_rule(&documented[i]);
    if (bad)
        print_error("%d of %zu documented rules not followed\n", bad,
                    sizeof(documented) / sizeof(documented[0]));
    assert_int_equal(bad, 0);
}

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
        cmocka_unit_test(test_documented_rules),
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
