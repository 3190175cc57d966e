#define _POSIX_C_SOURCE 200809L
/* test_failover_policy_rules.c - the group policy (MSCS/WSFC semantics), era
 * by era: every documented rule as a row of a table (rule, source, input,
 * expected decisions). The details the table does not show are in
 * test_failover_policy.c. */
#include "unit.h"

#include <string.h>

#include "policy_fixture.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_documented_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
