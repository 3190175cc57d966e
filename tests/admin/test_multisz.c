/*
 * test_multisz.c - the AdminExtensions list editing of
 * DllRegisterCluAdminExtension / DllUnregisterCluAdminExtension
 * (admin/multisz.c), natively under the sanitizers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "multisz.h"

#define OURS  "{6EC7F3F3-5DA1-444A-BECB-C20381BD7283}"
#define OTHER "{4EC90FB0-D0BB-11CF-B5EF-00A0C90AB505}"

/* "a|b|" (| is NUL) as UTF-16; returns the units. */
static size_t u16(const char *bars, uint16_t *out)
{
    size_t i, n = strlen(bars);
    for (i = 0; i < n; i++)
        out[i] = bars[i] == '|' ? 0 : (uint16_t)(unsigned char)bars[i];
    return n;
}

static void item(const char *s, uint16_t *out)
{
    size_t i;
    for (i = 0; s[i]; i++)
        out[i] = (uint16_t)(unsigned char)s[i];
    out[i] = 0;
}

/* Runs an edit and compares with the expected "a|b||". */
static void expect_edit(const char *in, const char *it, bool add, const char *want, bool want_changed)
{
    uint16_t inbuf[256], itbuf[64], out[256], wantbuf[256];
    size_t in_n = u16(in, inbuf), want_n = u16(want, wantbuf), n;
    bool changed = !want_changed;

    item(it, itbuf);
    n = ig_multisz_edit(in_n ? inbuf : NULL, in_n, itbuf, add, out, 256, &changed);
    assert_int_equal(n, want_n);
    assert_memory_equal(out, wantbuf, n * sizeof(uint16_t));
    assert_int_equal(changed, want_changed);
}

static void add_to_missing_value(void **state)
{
    expect_edit("", OURS, true, OURS "||", true);
}

static void add_keeps_others(void **state)
{
    expect_edit(OTHER "||", OURS, true, OTHER "|" OURS "||", true);
}

static void add_twice_is_unchanged(void **state)
{
    expect_edit(OTHER "|" OURS "||", OURS, true, OTHER "|" OURS "||", false);
}

static void add_ignores_case(void **state)
{
    expect_edit("{6ec7f3f3-5da1-444a-becb-c20381bd7283}||", OURS, true,
                "{6ec7f3f3-5da1-444a-becb-c20381bd7283}||", false);
}

static void add_drops_duplicates(void **state)
{
    expect_edit(OURS "|" OTHER "|" OURS "||", OURS, true, OURS "|" OTHER "||", true);
}

static void remove_leaves_others(void **state)
{
    expect_edit(OURS "|" OTHER "||", OURS, false, OTHER "||", true);
}

static void remove_last_gives_empty(void **state)
{
    expect_edit(OURS "||", OURS, false, "|", true);
}

static void remove_absent_is_unchanged(void **state)
{
    expect_edit(OTHER "||", OURS, false, OTHER "||", false);
}

static void unterminated_input(void **state)
{
    /* As a registry value may be stored: no final NULs at all. */
    expect_edit(OTHER, OURS, true, OTHER "|" OURS "||", true);
    expect_edit(OTHER "|", OURS, true, OTHER "|" OURS "||", true);
}

static void empty_string_ends_list(void **state)
{
    expect_edit(OTHER "||junk||", OURS, true, OTHER "|" OURS "||", true);
}

static void too_small(void **state)
{
    uint16_t itbuf[64], out[8];
    bool changed;
    item(OURS, itbuf);
    assert_int_equal(ig_multisz_edit(NULL, 0, itbuf, true, out, 8, &changed), 0);
}

static void count_and_contains(void **state)
{
    uint16_t inbuf[256], itbuf[64];
    size_t n = u16(OTHER "|" OURS "||", inbuf);
    item(OURS, itbuf);
    assert_int_equal(ig_multisz_count(inbuf, n), 2);
    assert_true(ig_multisz_contains(inbuf, n, itbuf));
    item(OTHER "x", itbuf);
    assert_false(ig_multisz_contains(inbuf, n, itbuf));
    assert_int_equal(ig_multisz_count(NULL, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(add_to_missing_value),
        cmocka_unit_test(add_keeps_others),
        cmocka_unit_test(add_twice_is_unchanged),
        cmocka_unit_test(add_ignores_case),
        cmocka_unit_test(add_drops_duplicates),
        cmocka_unit_test(remove_leaves_others),
        cmocka_unit_test(remove_last_gives_empty),
        cmocka_unit_test(remove_absent_is_unchanged),
        cmocka_unit_test(unterminated_input),
        cmocka_unit_test(empty_string_ends_list),
        cmocka_unit_test(too_small),
        cmocka_unit_test(count_and_contains),
    };
    return cmocka_run_group_tests_name("admin-multisz", tests, NULL, NULL);
}
