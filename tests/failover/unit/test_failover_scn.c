/* test_failover_scn.c - the .scn parser: well-formed scenarios, every value
 * kind, and rejections that name file:line and the reason. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "scn.h"

static struct fo_scenario *scn;
static char err[1024];

static int setup(void **state)
{
    (void)state;
    scn = calloc(1, sizeof(*scn));
    return scn ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(scn);
    return 0;
}

static int parse(const char *text)
{
    return fo_scn_parse("t.scn", "t", text, scn, err, sizeof(err));
}

#define TWO_NODES "node NODE-A ims=5.5.2448.0 domain=contoso.com\n" \
                  "node NODE-B ims=5.5.2232.0 domain=contoso.com\n"

/* The example of the task, verbatim. */
static void test_brief_example(void **state)
{
    (void)state;
    assert_int_equal(parse("# the seed's story\n"
                           "node NODE-A ims=5.5.2448.0 domain=contoso.com\n"
                           "node NODE-B ims=5.5.2232.0 domain=contoso.com\n"
                           "group preferred=NODE-A,NODE-B failover-threshold=2\n"
                           "at 0s   online                      expect owner=NODE-A state=Online\n"
                           "at +5s  move NODE-B                 expect owner=NODE-A state=Online "
                           "refused=NODE-B:0x20490006\n"), 0);
    assert_int_equal(scn->n_nodes, 2);
    assert_string_equal(scn->nodes[1].ims, "5.5.2232.0");
    assert_int_equal(scn->n_preferred, 2);
    assert_int_equal(scn->failover_threshold, 2);
    assert_int_equal(scn->n_steps, 2);
    assert_int_equal(scn->steps[0].action, FO_A_ONLINE);
    assert_int_equal(scn->steps[0].relative, 0);
    assert_int_equal(scn->steps[1].action, FO_A_MOVE);
    assert_int_equal(scn->steps[1].node, 1);
    assert_int_equal(scn->steps[1].relative, 1);
    assert_int_equal(scn->steps[1].at_ms, 5000);
    assert_int_equal(scn->steps[1].n_conds, 3);
    assert_int_equal(scn->steps[1].conds[2].kind, FO_C_REFUSED);
    assert_int_equal(scn->steps[1].conds[2].node, 1);
    assert_true(scn->steps[1].conds[2].has_code);
    assert_int_equal(scn->steps[1].conds[2].code, 0x20490006u);
    assert_int_equal(scn->steps[1].line, 6);
}

static void test_defaults(void **state)
{
    (void)state;
    assert_int_equal(parse(TWO_NODES "at 0s online\n"), 0);
    assert_int_equal(scn->limit_ms, 120000);
    assert_int_equal(scn->failover_threshold, 10);
    assert_int_equal(scn->failover_period_ms, 6L * 3600 * 1000);
    assert_int_equal(scn->restart_action, FO_RESTART_FAILOVER);
    assert_int_equal(scn->restart_threshold, 3);
    assert_int_equal(scn->restart_period_ms, 900000);
    assert_int_equal(scn->failback, 0);
    assert_int_equal(scn->n_preferred, 0);
    assert_string_equal(scn->group_name, "Exchange");
    assert_string_equal(scn->res_name, "Internet Mail Service");
    assert_int_equal(scn->steps[0].within_ms, FO_DEFAULT_WITHIN_MS);
}

static void test_durations(void **state)
{
    (void)state;
    assert_int_equal(fo_parse_duration("500ms"), 500);
    assert_int_equal(fo_parse_duration("5s"), 5000);
    assert_int_equal(fo_parse_duration("1.5s"), 1500);
    assert_int_equal(fo_parse_duration("2m"), 120000);
    assert_int_equal(fo_parse_duration("6h"), 21600000);
    assert_int_equal(fo_parse_duration("0"), 0);
    assert_int_equal(fo_parse_duration("0s"), 0);
    assert_int_equal(fo_parse_duration("5"), -1);      /* a unit is needed */
    assert_int_equal(fo_parse_duration("s"), -1);
    assert_int_equal(fo_parse_duration(""), -1);
    assert_int_equal(fo_parse_duration("-1s"), -1);
    assert_int_equal(fo_parse_duration("5 s"), -1);
    assert_int_equal(fo_parse_duration("5sec"), -1);
    assert_int_equal(fo_parse_duration("1.2.3s"), -1);
}

static void test_versions(void **state)
{
    (void)state;
    assert_true(fo_version_ok("5.5.2448.0"));
    assert_true(fo_version_ok("65535.0.0.1"));
    assert_false(fo_version_ok("5.5.2448"));
    assert_false(fo_version_ok("5.5.2448.0.1"));
    assert_false(fo_version_ok("5.5.65536.0"));
    assert_false(fo_version_ok("5..2448.0"));
    assert_false(fo_version_ok("SP2"));
    assert_false(fo_version_ok(""));
}

static void test_every_action_and_condition(void **state)
{
    const struct fo_step *st;

    (void)state;
    assert_int_equal(parse("title Everything at once\n"
                           "limit 90s\n"
                           "node A ims=none domain=none\n"
                           "node B\n"
                           "node C ims=5.5.1960.0 domain=Corp.Example.\n"
                           "group name=\"Exchange Group\" preferred=C,A failover-threshold=4 "
                           "failover-period=30s failback=yes\n"
                           "resource name=IMS restart-action=restart restart-threshold=0 "
                           "restart-period=0 looksalive=250ms isalive=1s pending-timeout=20s\n"
                           "property StopTimeout=dword:0x7d0\n"
                           "property ExpectedDnsDomain=sz:contoso.com\n"
                           "at 0s online\n"
                           "at +1s offline\n"
                           "at +1s move\n"
                           "at +1s move B\n"
                           "at +1s crash\n"
                           "at +1s crash B sticky\n"
                           "at +1s hang sticky\n"
                           "at +1s clear-domain A\n"
                           "at +1s set-domain A \"corp_1.local\"\n"
                           "at +1s swap C 5.5.2423.0\n"
                           "at +1s stop-node C\n"
                           "at +1s start-node C\n"
                           "at +1s set-property ImagePath=sz:\"C:\\\\ims\\\\x.exe\"\n"
                           "at +1s wait 2.5s expect owner=none state=Pending res=B:Down "
                           "refused=A not-refused=C log=B:\"was ended\" log=:anything:x "
                           "reason=A:Q194128 failover<=10s failover<3s restarts=2 failovers=0 "
                           "within=45s # a comment\n"
                           "at 60s check expect owner=A\n"), 0);
    assert_string_equal(scn->title, "Everything at once");
    assert_int_equal(scn->limit_ms, 90000);
    assert_string_equal(scn->nodes[0].ims, "");
    assert_string_equal(scn->nodes[0].domain, "");
    assert_string_equal(scn->nodes[1].ims, "5.5.2448.0");     /* node defaults */
    assert_string_equal(scn->nodes[1].domain, "contoso.com");
    assert_string_equal(scn->group_name, "Exchange Group");
    assert_int_equal(scn->preferred[0], 2);
    assert_int_equal(scn->preferred[1], 0);
    assert_int_equal(scn->failover_period_ms, 30000);
    assert_int_equal(scn->failback, 1);
    assert_string_equal(scn->res_name, "IMS");
    assert_int_equal(scn->restart_action, FO_RESTART_NO_FAILOVER);
    assert_int_equal(scn->restart_threshold, 0);
    assert_int_equal(scn->restart_period_ms, 0);
    assert_int_equal(scn->looksalive_ms, 250);
    assert_int_equal(scn->isalive_ms, 1000);
    assert_int_equal(scn->pending_ms, 20000);
    assert_int_equal(scn->n_props, 2);
    assert_int_equal(scn->props[0].type, FO_PROP_DWORD);
    assert_int_equal(scn->props[0].dword, 2000);
    assert_string_equal(scn->props[1].sz, "contoso.com");
    assert_int_equal(scn->n_steps, 15);

    assert_int_equal(scn->steps[2].action, FO_A_MOVE);
    assert_int_equal(scn->steps[2].node, -1);
    assert_int_equal(scn->steps[4].node, -1);
    assert_false(scn->steps[4].sticky);
    assert_int_equal(scn->steps[5].node, 1);
    assert_true(scn->steps[5].sticky);
    assert_int_equal(scn->steps[6].node, -1);
    assert_true(scn->steps[6].sticky);
    assert_string_equal(scn->steps[8].arg, "corp_1.local");
    assert_string_equal(scn->steps[9].arg, "5.5.2423.0");
    assert_int_equal(scn->steps[10].action, FO_A_STOP_NODE);
    assert_string_equal(scn->steps[12].prop.name, "ImagePath");
    assert_string_equal(scn->steps[12].prop.sz, "C:\\ims\\x.exe");

    st = &scn->steps[13];
    assert_int_equal(st->action, FO_A_WAIT);
    assert_int_equal(st->wait_ms, 2500);
    assert_int_equal(st->within_ms, 45000);
    assert_int_equal(st->n_conds, 12);
    assert_int_equal(st->conds[0].kind, FO_C_OWNER);
    assert_int_equal(st->conds[0].node, -1);
    assert_int_equal(st->conds[1].gstate, FO_G_PENDING);
    assert_int_equal(st->conds[2].rstate, FO_R_DOWN);
    assert_false(st->conds[3].has_code);
    assert_int_equal(st->conds[4].kind, FO_C_NOT_REFUSED);
    assert_int_equal(st->conds[5].node, 1);
    assert_string_equal(st->conds[5].text, "was ended");
    assert_int_equal(st->conds[6].node, -1);                /* log=:<text>: any node */
    assert_string_equal(st->conds[6].text, "anything:x");
    assert_int_equal(st->conds[7].kind, FO_C_REASON);
    assert_int_equal(st->conds[8].ms, 10000);
    assert_int_equal(st->conds[9].ms, 3000);
    assert_int_equal(st->conds[10].n, 2);
    assert_int_equal(st->conds[11].kind, FO_C_FAILOVERS);
    assert_int_equal(scn->steps[14].action, FO_A_CHECK);
    assert_int_equal(scn->steps[14].at_ms, 60000);
    assert_int_equal(scn->steps[14].relative, 0);
}

struct bad {
    const char *text;
    const char *want;   /* the start of the message, after "t.scn:" */
};

static void test_rejections(void **state)
{
    static const struct bad cases[] = {
        { "nodes A\n", "1: unknown statement 'nodes'" },
        { TWO_NODES "at 0s move NODE-C\n", "3: move: no node named 'NODE-C' (nodes: NODE-A, NODE-B)" },
        { "node A\nat 0s online\n", "2: at least 2 nodes are declared before the first step" },
        { "node A\nnode B\n", "3: no steps" },
        { "node A\n", "2: a scenario needs 2 to 8 nodes (found 1)" },
        { "node A\nnode B\nnode C\nnode D\nnode E\nnode F\nnode G\nnode H\nnode I\n",
          "9: node: at most 8 nodes" },
        { "node A ims=5.5\n", "1: node A: ims=5.5 is not a version" },
        { "node A colour=red\n", "1: node A: unknown setting 'colour'" },
        { "node A\nnode a\n", "2: node: 'a' is declared twice" },
        { "node NODE_A\n", "1: node: 'NODE_A' is not a computer name" },
        { "node ABCDEFGHIJKLMNOP\n", "1: node: 'ABCDEFGHIJKLMNOP' is not a computer name" },
        { TWO_NODES "at 5s online\nat 2s offline\n", "4: at 2s: earlier than a step before it" },
        { TWO_NODES "at 0s online expect log=\"open\n", "3: a double quote is not closed" },
        { TWO_NODES "at 0s online expect colour=red\n", "3: expect: unknown condition 'colour'" },
        { TWO_NODES "at 0s online expect refused=NODE-B:x\n",
          "3: expect refused=: 'x' is not an error code" },
        { TWO_NODES "at 0s\n", "3: at 0s: nothing to do" },
        { TWO_NODES "at 0s expect\n", "3: expect: no conditions follow" },
        { TWO_NODES "at soon online\n", "3: at: 'soon' is not a duration" },
        { TWO_NODES "at 0s dance\n", "3: unknown action 'dance'" },
        { TWO_NODES "at 0s online NODE-A\n", "3: online: unexpected 'NODE-A'" },
        { TWO_NODES "at 0s swap NODE-A SP2\n", "3: swap: swap <node> <IMS version" },
        { TWO_NODES "at 0s stop-node\n", "3: stop-node: name the node" },
        { TWO_NODES "at 0s wait\n", "3: wait: wait <duration>" },
        { TWO_NODES "at 0s set-property X=int:1\n", "3: property X: the type must be sz or dword" },
        { TWO_NODES "at 0s set-property X=dword:4294967296\n", "3: X: '4294967296' is not a number" },
        { TWO_NODES "property SmtpProbePort=dword:25\n", "3: property: SmtpProbePort is chosen by "
          "the harness" },
        { TWO_NODES "limit 0s\n", "3: limit: from 1 s to 600 s" },
        { TWO_NODES "limit 30s\nat 31s online\n", "4: at 31s: not before the scenario's time limit" },
        { TWO_NODES "at 0s online expect within=200s\n", "3: within=: longer than the scenario's time limit" },
        { TWO_NODES "group preferred=NODE-A,NODE-A\n", "3: group preferred=: 'NODE-A' is listed twice" },
        { TWO_NODES "group failback=maybe\n", "3: group failback=: yes or no" },
        { TWO_NODES "group\ngroup\n", "4: group: only one group per scenario" },
        { TWO_NODES "resource restart-action=panic\n", "3: resource restart-action=: none, restart or failover" },
        { TWO_NODES "resource looksalive=0\n", "3: resource looksalive=: must be above 0" },
        { TWO_NODES "at 0s online\nnode NODE-C\n", "4: node: nodes are declared before the first 'at' step" },
        { TWO_NODES "at 0s online expect failover=3s\n", "3: expect: unknown condition 'failover'" },
        { TWO_NODES "at 0s online expect state=Running\n", "3: expect state=: Online, Offline, Pending or Failed" },
        { TWO_NODES "at 0s online expect res=NODE-A\n", "3: expect res=: <node>:<state>" },
        { TWO_NODES "at 0s online expect reason=Q194128\n", "3: expect reason=: <node>:<text>" },
        { TWO_NODES "at 0s online\x01\n", "3: control character 0x01" },
        { TWO_NODES "cluster era=w95\n", "3: cluster era=: nt4, w2000, w2003 or w2008, not 'w95'" },
        { TWO_NODES "cluster clock=25:00\n", "3: cluster clock=: the local time at time 0" },
        { TWO_NODES "cluster\ncluster\n", "4: cluster: only one cluster line per scenario" },
        { TWO_NODES "resource retry-period=20m\nat 0s online\n",
          "3: resource retry-period=: RetryPeriodOnFailure does not exist on Windows NT 4.0" },
        { "cluster era=w2000\n" TWO_NODES "resource retry-period=1m\nat 0s online\n",
          "4: resource retry-period=: 60000 ms is below RestartPeriod (900000 ms)" },
        { "cluster era=w2003\n" TWO_NODES "resource restart-delay=1s\nat 0s online\n",
          "4: resource restart-delay=: RestartDelay does not exist on Windows Server 2003" },
        { TWO_NODES "group failback-window=10-10\n", "3: group failback-window=: start and end are "
          "both 10" },
        { TWO_NODES "group failback-window=9-24\n", "3: group failback-window=: hours are 0 to 23" },
        { TWO_NODES "group failback-window=9\n", "3: group failback-window=: <start>-<end>" },
        { TWO_NODES "resource possible-owners=NODE-A,NODE-A\n",
          "3: resource possible-owners=: 'NODE-A' is listed twice" },
        { TWO_NODES "resource possible-owners=NODE-C\n", "3: resource possible-owners=: no node "
          "named 'NODE-C'" },
        { TWO_NODES "at 0s addowner\n", "3: addowner: name the node" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char want[300];
        int rc = parse(cases[i].text);
        snprintf(want, sizeof(want), "t.scn:%s", cases[i].want);
        if (rc != -1 || strncmp(err, want, strlen(want))) {
            print_error("case %zu: rc %d, got \"%s\", want \"%s...\"\n", i, rc, err, want);
            fail();
        }
    }
}

/* Bad input, tried as a careless or hostile user would (issue 11): each is
 * refused with file:line, the bad part and what to write instead. */
static void test_bad_input(void **state)
{
    static const struct bad cases[] = {
        /* octal is not a thing in a scenario: 010 is ten, as clusreg reads it */
        { TWO_NODES "at 0s set-property X=dword:08\n", NULL },
        { TWO_NODES "at 0s set-property X=dword:0x\n", "3: X: '0x' is not a number" },
        { TWO_NODES "at 0s set-property X=dword:1e3\n", "3: X: '1e3' is not a number" },
        /* a log text with a colon names a node, or none (log=:text) */
        { TWO_NODES "at 0s online expect log=NODE-C:text\n",
          "3: expect log=: no node named 'NODE-C' (nodes: NODE-A, NODE-B); to look for "
          "text with a colon on every node, write log=:NODE-C:text" },
        { TWO_NODES "at 0s online expect reason=NODE-C:text\n",
          "3: expect reason=: no node named 'NODE-C'" },
        /* the keyword title is written as is */
        { "\"title\" hello\n", "1: title: write the word title without quotes" },
        /* the DLL's own validator judges initial properties */
        { TWO_NODES "property StopTimeout=sz:abc\n",
          "3: property StopTimeout: it is a number (DWORD) property, not text" },
        { TWO_NODES "property Bogus=dword:1\n",
          "3: property Bogus: IMS Guard has no such property (ServiceName, ImagePath, " },
        { TWO_NODES "property StopTimeout=dword:5\n",
          "3: property StopTimeout: 5 is outside the allowed range 100 to 600000" },
        { TWO_NODES "property ExpectedDnsDomain=sz:-bad-.com\n",
          "3: property ExpectedDnsDomain: " },
        { TWO_NODES "property FirstFixedVersion=sz:5.5.2100.0\nat 0s online\n",
          "3: property FirstFixedVersion: FirstAffectedVersion 5.5.2232.0 must be lower than "
          "FirstFixedVersion 5.5.2100.0" },
        { TWO_NODES "property ImagePath=sz:C:\\\\\xc3\xa9\\\\x.exe\n",
          "3: property ImagePath: " },
        /* time: a wait, or steps that add up, past the limit */
        { TWO_NODES "at 0s wait 6h\n",
          "3: wait: 6h is longer than the scenario's time limit (120 s)" },
        { "limit 30s\n" TWO_NODES "at 0s online\nat +20s offline\nat +20s online\n",
          "6: at +20s: the steps before it take at least 40 s, past the scenario's time limit "
          "(30 s)" },
        { "limit 30s\n" TWO_NODES "at 0s wait 20s\nat 15s online\nat +10s offline\n",
          "6: at +10s: the steps before it take at least 30 s" },
        /* a refusal code is one of the DLL's */
        { TWO_NODES "at 0s online expect refused=NODE-A:5\n",
          "3: expect refused=: 5 is not a code IMS Guard refuses Online with "
          "(0x20490001 to 0x20490009" },
        { TWO_NODES "at 0s online expect refused=NODE-A:0x2049000A\n",
          "3: expect refused=: 0x2049000A is not a code IMS Guard refuses Online with" },
        /* names that are words of the language */
        { "node none\n", "1: node: 'none' is a word of the scenario language" },
        { "node Expect\n", "1: node: 'Expect' is a word of the scenario language" },
        { "node sticky\n", "1: node: 'sticky' is a word of the scenario language" },
        /* bytes nobody sees */
        { TWO_NODES "\x7f" "at 0s online\n", "3: control character 0x7f" },
        { TWO_NODES "\xef\xbb\xbf" "at 0s online\n",
          "3: unknown statement '\\xef\\xbb\\xbfat'" },
        /* one word for no domain: none */
        { "node A domain=clear\n",
          "1: node A: domain=clear: 'clear' does not mean no domain; write domain=none for "
          "no domain, or domain=clear. for a domain named clear" },
        { "node A domain=None\n",
          "1: node A: domain=None: write domain=none for no domain, or domain=None. for a "
          "domain named None" },
        { TWO_NODES "at 0s set-domain NODE-A none\n",
          "3: set-domain: 'none' is ambiguous; write clear-domain NODE-A for no domain, or "
          "none. for a domain named none" },
        { TWO_NODES "at 0s set-domain NODE-A clear\n",
          "3: set-domain: 'clear' is ambiguous; write clear-domain NODE-A for no domain, or "
          "clear. for a domain named clear" },
    };

    size_t failed = 0;

    (void)state;
    /* Every case is tried, so one run shows every wrong answer. */
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char want[400];
        int rc = parse(cases[i].text);
        if (!cases[i].want) {
            if (rc != 0) {
                print_error("case %zu: rc %d, got \"%s\", want it accepted\n", i, rc, err);
                failed++;
            }
            continue;
        }
        snprintf(want, sizeof(want), "t.scn:%s", cases[i].want);
        if (rc != -1 || strncmp(err, want, strlen(want))) {
            print_error("case %zu: rc %d, got \"%s\", want \"%s...\"\n", i, rc, err, want);
            failed++;
        }
    }
    assert_int_equal(failed, 0);
}

/* What the bad-input rules still accept, with the meaning it has. */
static void test_bad_input_meanings(void **state)
{
    static const char nul_text[] = TWO_NODES "at 0s online\n\0at 1s garbage\n";

    (void)state;
    /* decimal with leading zeros, hexadecimal with 0x */
    assert_int_equal(parse(TWO_NODES "at 0s set-property StopTimeout=dword:010 "
                           "expect restarts=010 failovers=0x10\n"), 0);
    assert_int_equal(scn->steps[0].prop.dword, 10);
    assert_int_equal(scn->steps[0].conds[0].n, 10);
    assert_int_equal(scn->steps[0].conds[1].n, 16);
    /* set-property may send what the DLL refuses: the refusal is the test */
    assert_int_equal(parse(TWO_NODES "at 0s set-property Bogus=dword:1\n"), 0);
    /* log=:text looks on every node, colon and all */
    assert_int_equal(parse(TWO_NODES "at 0s online expect log=:NODE-C:text log=NODE-B:a:b\n"),
                     0);
    assert_int_equal(scn->steps[0].conds[0].node, -1);
    assert_string_equal(scn->steps[0].conds[0].text, "NODE-C:text");
    assert_int_equal(scn->steps[0].conds[1].node, 1);
    assert_string_equal(scn->steps[0].conds[1].text, "a:b");
    /* a literal domain that reads like a keyword: the trailing dot */
    assert_int_equal(parse("node A domain=none.\nnode B domain=none\n"
                           "at 0s set-domain A clear. expect refused=A:0x20490008\n"), 0);
    assert_string_equal(scn->nodes[0].domain, "none.");
    assert_string_equal(scn->nodes[1].domain, "");
    assert_string_equal(scn->steps[0].arg, "clear.");
    assert_int_equal(scn->steps[0].conds[0].code, 0x20490008u);
    /* a leading UTF-8 byte-order mark (Notepad writes one) is not part of the text */
    assert_int_equal(parse("\xef\xbb\xbf" TWO_NODES "at 0s online\n"), 0);
    assert_int_equal(scn->n_nodes, 2);
    /* a title keeps its quotes */
    assert_int_equal(parse("title The \"seed\" story\n" TWO_NODES "at 0s online\n"), 0);
    assert_string_equal(scn->title, "The \"seed\" story");
    /* the steps may take up to the limit, not past it */
    assert_int_equal(parse("limit 30s\n" TWO_NODES "at 0s wait 10s\nat +19s online\n"), 0);
    /* a NUL byte does not end the file: it is refused, with its line */
    assert_int_equal(fo_scn_parse_text("t.scn", "t", nul_text, sizeof(nul_text) - 1, scn, err,
                                       sizeof(err)), -1);
    assert_string_equal(err, "t.scn:4: a NUL byte (0x00) at column 1: a scenario is "
                             "text; is this the right file?");
    assert_int_equal(fo_scn_parse_text("t.scn", "t", nul_text, strlen(nul_text), scn, err,
                                       sizeof(err)), 0);
}

/* The era picks the defaults of whatever the file leaves out. */
static void test_eras(void **state)
{
    (void)state;
    assert_int_equal(parse(TWO_NODES "at 0s online\n"), 0);
    assert_int_equal(scn->era, FO_ERA_NT4);
    assert_int_equal(scn->restart_threshold, 3);
    assert_int_equal(scn->restart_period_ms, 900000);
    assert_int_equal(scn->failover_threshold, 10);
    assert_int_equal(scn->failover_period_ms, 6L * 3600 * 1000);
    assert_int_equal(scn->retry_period_ms, -1);
    assert_int_equal(scn->restart_delay_ms, 0);
    assert_true(scn->possible[0] && scn->possible[1]);
    assert_int_equal(scn->failback_start, -1);

    assert_int_equal(parse("cluster era=w2008 clock=09:59:50\n" TWO_NODES
                           "group failback=yes failback-window=22-6\n"
                           "resource possible-owners=NODE-B restart-period=2s retry-period=5s\n"
                           "at 0s online\nat 1s removeowner NODE-A\nat 2s addowner NODE-A\n"), 0);
    assert_int_equal(scn->era, FO_ERA_W2008);
    assert_int_equal(scn->clock_ms, (9L * 3600 + 59 * 60 + 50) * 1000);
    assert_int_equal(scn->restart_threshold, 1);
    assert_int_equal(scn->restart_period_ms, 2000);
    assert_int_equal(scn->failover_threshold, FO_DWORD_ALL);
    assert_int_equal(fo_era_failover_threshold(scn->era, scn->failover_threshold, 3), 2);
    assert_int_equal(scn->retry_period_ms, 5000);
    assert_int_equal(scn->restart_delay_ms, 500);
    assert_false(scn->possible[0]);
    assert_true(scn->possible[1]);
    assert_int_equal(scn->failback_start, 22);
    assert_int_equal(scn->failback_end, 6);
    assert_int_equal(scn->steps[1].action, FO_A_REMOVE_OWNER);
    assert_int_equal(scn->steps[1].node, 0);
    assert_int_equal(scn->steps[2].action, FO_A_ADD_OWNER);

    /* What the file gives wins over the era. */
    assert_int_equal(parse("cluster era=w2008\n" TWO_NODES "group failover-threshold=7\n"
                           "resource restart-threshold=4 retry-period=none restart-delay=0\n"
                           "at 0s online\n"), 0);
    assert_int_equal(scn->failover_threshold, 7);
    assert_int_equal(scn->restart_threshold, 4);
    assert_int_equal(scn->retry_period_ms, -1);
    assert_int_equal(scn->restart_delay_ms, 0);
    assert_int_equal(parse("cluster era=w2000\n" TWO_NODES "at 0s online\n"), 0);
    assert_int_equal(scn->retry_period_ms, -1);     /* KB 228923: disabled by default */
    assert_string_equal(fo_era_name(FO_ERA_W2003), "w2003");
}

static void test_crlf_and_blank_lines(void **state)
{
    (void)state;
    assert_int_equal(parse("\r\n# comment\r\n\r\n" TWO_NODES "\tat 0s\tonline  \r\n"), 0);
    assert_int_equal(scn->n_steps, 1);
    assert_string_equal(scn->steps[0].text, "at 0s\tonline");
    assert_int_equal(scn->steps[0].line, 6);
}

static void test_names(void **state)
{
    enum fo_rstate r;
    enum fo_gstate g;

    (void)state;
    assert_true(fo_rstate_parse("onlinepending", &r));
    assert_int_equal(r, FO_R_ONLINE_PENDING);
    assert_false(fo_rstate_parse("Unknown", &r) && r != FO_R_UNKNOWN);
    assert_true(fo_gstate_parse("FAILED", &g));
    assert_int_equal(g, FO_G_FAILED);
    assert_false(fo_gstate_parse("Down", &g));
    assert_string_equal(fo_rstate_name(FO_R_DOWN), "Down");
    assert_string_equal(fo_gstate_name(FO_G_PENDING), "Pending");
    assert_string_equal(fo_action_name(FO_A_SET_PROPERTY), "set-property");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_brief_example, setup, teardown),
        cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_versions),
        cmocka_unit_test_setup_teardown(test_every_action_and_condition, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rejections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_input_meanings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_eras, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crlf_and_blank_lines, setup, teardown),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
