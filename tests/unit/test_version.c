#include "unit.h"

#include "version.h"

static ig_version V(const char *s)
{
    ig_version v;
    assert_int_equal(ig_version_parse(s, &v), IG_VERSION_OK);
    return v;
}

static void parse_accepts_one_to_four_parts(void **state)
{
    ig_version v = V("5.5.2232.0");
    assert_int_equal(v.part[0], 5);
    assert_int_equal(v.part[1], 5);
    assert_int_equal(v.part[2], 2232);
    assert_int_equal(v.part[3], 0);
    v = V("5.5.2448");
    assert_int_equal(v.part[2], 2448);
    assert_int_equal(v.part[3], 0);
    v = V("7");
    assert_int_equal(v.part[0], 7);
    assert_int_equal(v.part[1], 0);
    v = V("5.0.0.0");   /* a lone 0 is no leading zero */
    assert_int_equal(v.part[1], 0);
    v = V("65535.0.65535.65535");
    assert_int_equal(v.part[0], 65535);
    assert_int_equal(v.part[3], 65535);
}

static void parse_refuses_malformed(void **state)
{
    static const struct { const char *text; ig_version_status st; } cases[] = {
        { "", IG_VERSION_EMPTY },
        { "5.5.2232.0.1", IG_VERSION_TOO_MANY_PARTS },
        { "5..2232", IG_VERSION_EMPTY_PART },
        { ".5", IG_VERSION_EMPTY_PART },
        { "5.", IG_VERSION_EMPTY_PART },
        { "5.5.65536", IG_VERSION_PART_TOO_BIG },
        { "5.5.99999999999", IG_VERSION_PART_TOO_BIG },
        { "5.5.2232 ", IG_VERSION_BAD_CHAR },
        { " 5.5", IG_VERSION_BAD_CHAR },
        { "5.5.-1", IG_VERSION_BAD_CHAR },
        { "5,5", IG_VERSION_BAD_CHAR },
        { "v5.5", IG_VERSION_BAD_CHAR },
        /* One spelling per build (issue 11): no leading zeros. */
        { "05.5.2232.0", IG_VERSION_LEADING_ZERO },
        { "5.5.02232.0", IG_VERSION_LEADING_ZERO },
        { "5.5.2232.00", IG_VERSION_LEADING_ZERO },
    };
    ig_version v = {{ 9, 9, 9, 9 }};
    size_t i;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(ig_version_parse(cases[i].text, &v), cases[i].st);
        assert_string_not_equal(ig_version_status_text(cases[i].st), "valid");
    }
    assert_int_equal(ig_version_parse(NULL, &v), IG_VERSION_EMPTY);
    assert_int_equal(v.part[0], 9);   /* untouched on failure */
}

static void compare_is_numeric_part_by_part(void **state)
{
    ig_version a = V("5.5.2232.0"), b = V("5.5.2423.0"), c = V("5.5.10000.0"), d = V("5.5.2232.1");
    assert_true(ig_version_compare(&a, &b) < 0);
    assert_true(ig_version_compare(&b, &a) > 0);
    assert_true(ig_version_compare(&b, &c) < 0);   /* not lexical: 2423 < 10000 */
    assert_true(ig_version_compare(&a, &d) < 0);
    assert_int_equal(ig_version_compare(&a, &a), 0);
}

static void from_fixed_file_info(void **state)
{
    /* VS_FIXEDFILEINFO of 5.5.2232.0: MS = 0x00050005, LS = 0x08B80000 */
    ig_version v = ig_version_from_fixed(0x00050005u, 0x08B80000u), want = V("5.5.2232.0");
    char text[24];
    assert_int_equal(ig_version_compare(&v, &want), 0);
    ig_version_format(&v, text, sizeof(text));
    assert_string_equal(text, "5.5.2232.0");
}

static void classify_the_q194128_window(void **state)
{
    static const struct { const char *v; ig_build_class cls; } builds[] = {
        { "5.5.1960.0", IG_BUILD_BEFORE_WINDOW },   /* RTM */
        { "5.5.2231.65535", IG_BUILD_BEFORE_WINDOW },
        { "5.5.2232.0", IG_BUILD_AFFECTED },         /* SP1, first affected */
        { "5.5.2232.5", IG_BUILD_AFFECTED },
        { "5.5.2422.9", IG_BUILD_AFFECTED },
        { "5.5.2423.0", IG_BUILD_FIXED },            /* the hotfix */
        { "5.5.2448.0", IG_BUILD_FIXED },            /* SP2 */
        { "5.5.2650.0", IG_BUILD_FIXED },            /* SP3 */
        { "5.5.2653.0", IG_BUILD_FIXED },            /* SP4 */
        { "6.0.0.0", IG_BUILD_FIXED },
    };
    ig_version first = V("5.5.2232.0"), fixed = V("5.5.2423.0");
    size_t i;
    for (i = 0; i < sizeof(builds) / sizeof(builds[0]); i++) {
        ig_version v = V(builds[i].v);
        assert_int_equal(ig_version_classify(&v, &first, &fixed), builds[i].cls);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_accepts_one_to_four_parts),
        cmocka_unit_test(parse_refuses_malformed),
        cmocka_unit_test(compare_is_numeric_part_by_part),
        cmocka_unit_test(from_fixed_file_info),
        cmocka_unit_test(classify_the_q194128_window),
    };
    return cmocka_run_group_tests_name("version", tests, NULL, NULL);
}
