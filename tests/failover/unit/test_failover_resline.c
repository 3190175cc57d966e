/* test_failover_resline.c - parsing the Resource Monitor emulator's report
 * lines (tests/bed/resmon/resmon.c, PROTOCOL). */
#include "unit.h"

#include "resline.h"

static void test_call_line(void **state)
{
    struct fo_resline l;

    (void)state;
    assert_int_equal(fo_resline_parse("CALL t=69 res=\"Internet Mail Service\" entry=Online ms=22 "
                                      "status=541655046", &l), 0);
    assert_string_equal(l.kind, "CALL");
    assert_int_equal(l.n, 5);
    assert_string_equal(fo_resline_get(&l, "res"), "Internet Mail Service");
    assert_string_equal(fo_resline_get(&l, "entry"), "Online");
    assert_int_equal(fo_resline_num(&l, "status", -1), 0x20490006);
    assert_int_equal(fo_resline_num(&l, "t", -1), 69);
    assert_null(fo_resline_get(&l, "nothing"));
    assert_int_equal(fo_resline_num(&l, "nothing", -7), -7);
    assert_int_equal(fo_resline_num(&l, "entry", -7), -7);  /* not a number */
}

static void test_log_escapes(void **state)
{
    struct fo_resline l;

    (void)state;
    assert_int_equal(fo_resline_parse("LOG t=63 res=IMS level=Error text=\"program "
                                      "C:\\\\exchsrvr\\\\msexcimc.exe said \\\"no\\\"\"", &l), 0);
    assert_string_equal(fo_resline_get(&l, "res"), "IMS");
    assert_string_equal(fo_resline_get(&l, "level"), "Error");
    assert_string_equal(fo_resline_get(&l, "text"),
                        "program C:\\exchsrvr\\msexcimc.exe said \"no\"");
}

static void test_state_and_ready(void **state)
{
    struct fo_resline l;

    (void)state;
    assert_int_equal(fo_resline_parse("STATE t=2342 res=\"Internet Mail Service\" state=Failed "
                                      "via=isalive", &l), 0);
    assert_string_equal(fo_resline_get(&l, "state"), "Failed");
    assert_string_equal(fo_resline_get(&l, "via"), "isalive");
    assert_int_equal(fo_resline_parse("READY t=0 node=NODE-A pid=292 arch=x86_64", &l), 0);
    assert_string_equal(l.kind, "READY");
    assert_string_equal(fo_resline_get(&l, "node"), "NODE-A");
    assert_int_equal(fo_resline_parse("BYE t=84052 violations=0 hung=0 crashes=0", &l), 0);
    assert_int_equal(fo_resline_num(&l, "crashes", -1), 0);
    assert_int_equal(fo_resline_parse("CONTROL t=5 res=IMS code=0x01400086 status=5024 bytes=0",
                                      &l), 0);
    assert_int_equal(fo_resline_num(&l, "code", 0), 0x01400086);
}

static void test_ok_fail(void **state)
{
    struct fo_resline l;
    char reason[128];
    const char *fail_line = "FAIL online \"Internet Mail Service\" reason=\"resource \\\"Internet "
                            "Mail Service\\\" is Failed and being terminated\"";

    (void)state;
    assert_int_equal(fo_resline_parse("OK online \"Internet Mail Service\"", &l), 0);
    assert_string_equal(l.kind, "OK");
    assert_string_equal(l.rest, "online \"Internet Mail Service\"");
    assert_int_equal(fo_resline_parse(fail_line, &l), 0);
    assert_string_equal(l.kind, "FAIL");
    fo_resline_fail_reason(fail_line, reason, sizeof(reason));
    assert_string_equal(reason, "resource \"Internet Mail Service\" is Failed and being terminated");
    fo_resline_fail_reason("FAIL quit", reason, sizeof(reason));
    assert_string_equal(reason, "");
    fo_resline_fail_reason(fail_line, reason, 10);
    assert_string_equal(reason, "resource ");
}

static void test_not_report_lines(void **state)
{
    struct fo_resline l;
    char longline[5000];

    (void)state;
    assert_int_equal(fo_resline_parse("", &l), -1);
    assert_int_equal(fo_resline_parse("lowercase t=1", &l), -1);
    assert_int_equal(fo_resline_parse("CALL=1", &l), -1);
    assert_int_equal(fo_resline_parse("ABCDEFGHIJKLMNOPQRSTUVWXYZ t=1", &l), -1);
    memset(longline, 'A', sizeof(longline) - 1);
    longline[sizeof(longline) - 1] = 0;
    assert_int_equal(fo_resline_parse(longline, &l), -1);
    /* An unterminated quote takes the rest of the line. */
    assert_int_equal(fo_resline_parse("LOG text=\"open", &l), 0);
    assert_string_equal(fo_resline_get(&l, "text"), "open");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_call_line),
        cmocka_unit_test(test_log_escapes),
        cmocka_unit_test(test_state_and_ready),
        cmocka_unit_test(test_ok_fail),
        cmocka_unit_test(test_not_report_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
