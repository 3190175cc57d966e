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

/* The arguments of StartupParameters, joined with '|' to compare. */
static void expect_args(const char *params, int count, const char *joined)
{
    uint16_t out[64];
    char got[64];
    size_t i, j = 0;
    int n = ig_startup_args(U(params), out, 64), k;
    print_message("params: %s\n", params);
    assert_int_equal(n, count);
    assert_int_equal(ig_startup_args(U(params), NULL, 0), count);
    for (k = 0, i = 0; k < n; k++) {
        if (k)
            got[j++] = '|';
        for (; out[i]; i++)
            got[j++] = (char)out[i];
        i++;
    }
    got[j] = 0;
    assert_string_equal(got, joined);
}

static void startup_parameters_split(void **state)
{
    uint16_t small[4];
    expect_args("", 0, "");
    expect_args("   ", 0, "");
    expect_args("-debug", 1, "-debug");
    expect_args("-a  \"two words\"\tb", 3, "-a|two words|b");
    expect_args("\"\" x", 2, "|x");
    expect_args("pre\"fix mid\"post", 1, "prefix midpost");
    assert_int_equal(ig_startup_args(U("-a \"open"), NULL, 0), -1);
    assert_int_equal(ig_startup_args(U("abcd"), small, 4), -1);   /* no room for the terminator */
    assert_int_equal(ig_startup_args(U("abc"), small, 4), 1);
    assert_int_equal(ig_startup_args(NULL, NULL, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(startup_parameters_split),
        cmocka_unit_test(paths_as_the_scm_reads_them),
        cmocka_unit_test(refuses_what_has_no_path),
        cmocka_unit_test(u16_helpers),
    };
    return cmocka_run_group_tests_name("svcpath", tests, NULL, NULL);
}
