#include "unit.h"

#include "svcpath.h"

static void expect(const char *command, const char *want)
{
    uint16_t out[300];
    print_message("command: %s\n", command);
    assert_true(ig_service_image_path(U(command), out, 300));
    assert_true(ig_u16_equal(out, U(want)));
}

static void paths_as_the_scm_reads_them(void **state)
{
    expect("C:\\exchsrvr\\connect\\msexcimc\\bin\\msexcimc.exe",
           "C:\\exchsrvr\\connect\\msexcimc\\bin\\msexcimc.exe");
    expect("\"C:\\Program Files\\Exchsrvr\\msexcimc.exe\" -service",
           "C:\\Program Files\\Exchsrvr\\msexcimc.exe");
    expect("C:\\Program Files\\x\\a.EXE -svc", "C:\\Program Files\\x\\a.EXE");
    expect("  C:\\x\\a.exe", "C:\\x\\a.exe");
    expect("\\??\\C:\\x\\a.exe", "C:\\x\\a.exe");
    expect("%SystemRoot%\\System32\\svchost.exe -k netsvcs", "%SystemRoot%\\System32\\svchost.exe");
    expect("C:\\tools\\daemon --flag", "C:\\tools\\daemon");
    expect("C:\\x\\a.exec.exe", "C:\\x\\a.exec.exe");
}

static void refuses_what_has_no_path(void **state)
{
    uint16_t out[8];
    assert_false(ig_service_image_path(U(""), out, 8));
    assert_false(ig_service_image_path(U("   "), out, 8));
    assert_false(ig_service_image_path(U("\"C:\\unterminated.exe"), out, 8));
    assert_false(ig_service_image_path(U("\"\""), out, 8));
    assert_false(ig_service_image_path(U("C:\\much\\too\\long.exe"), out, 8));
    assert_false(ig_service_image_path(NULL, out, 8));
}

static void u16_helpers(void **state)
{
    uint16_t buf[4];
    char ascii[4];
    assert_true(ig_u16_equals_ascii_ci(U("ServiceName"), 11, "servicename"));
    assert_false(ig_u16_equals_ascii_ci(U("ServiceName"), 7, "servicename"));
    assert_false(ig_u16_equals_ascii_ci(U("Service"), 7, "servicename"));
    assert_true(ig_u16_from_ascii(buf, 4, "abc"));
    assert_false(ig_u16_from_ascii(buf, 4, "abcd"));
    assert_int_equal(buf[0], 0);
    assert_true(ig_u16_to_ascii(ascii, 4, U("abc"), 3));
    assert_string_equal(ascii, "abc");
    buf[0] = 0xe9; buf[1] = 0;
    assert_false(ig_u16_to_ascii(ascii, 4, buf, 1));
    assert_int_equal(ig_u16nlen(U("abcdef"), 3), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(paths_as_the_scm_reads_them),
        cmocka_unit_test(refuses_what_has_no_path),
        cmocka_unit_test(u16_helpers),
    };
    return cmocka_run_group_tests_name("svcpath", tests, NULL, NULL);
}
