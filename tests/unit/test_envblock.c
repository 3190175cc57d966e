#include "unit.h"

#include "envblock.h"

/* A MULTI_SZ from '|'-separated ASCII ("" = empty list); returns units. */
static size_t multi(const char *s, uint16_t *out)
{
    size_t i, n = 0;
    for (i = 0; s[i]; i++)
        out[n++] = s[i] == '|' ? 0 : (uint16_t)(unsigned char)s[i];
    if (n)
        out[n++] = 0;
    out[n++] = 0;
    return n;
}

static void expect_env(const char *in, const char *name, const char *want, bool want_changed)
{
    uint16_t a[256], w[256], out[256];
    size_t na = multi(in, a), nw = multi(want, w), n;
    bool changed = !want_changed;
    print_message("in: %s, name: %s\n", in, name ? name : "(remove)");
    n = ig_env_set_network_name(a, na, name ? U(name) : NULL, out, 256, &changed);
    assert_int_equal(n, nw);
    assert_memory_equal(out, w, nw * sizeof(uint16_t));
    assert_int_equal(changed, want_changed);
}

static void adds_the_network_name(void **state)
{
    expect_env("", "EXCHVS1", "_CLUSTER_NETWORK_NAME_=EXCHVS1", true);
    expect_env("A=1|B=2", "EXCHVS1", "A=1|B=2|_CLUSTER_NETWORK_NAME_=EXCHVS1", true);
}

static void replaces_an_old_one(void **state)
{
    expect_env("_cluster_network_name_=OLD|A=1", "NEW", "A=1|_CLUSTER_NETWORK_NAME_=NEW", true);
    expect_env("A=1|_CLUSTER_NETWORK_NAME_=NEW", "NEW", "A=1|_CLUSTER_NETWORK_NAME_=NEW", false);
    expect_env("_CLUSTER_NETWORK_NAME_=NEW|_CLUSTER_NETWORK_NAME_=NEW", "NEW", "_CLUSTER_NETWORK_NAME_=NEW", true);
}

static void removes_it(void **state)
{
    expect_env("A=1|_CLUSTER_NETWORK_NAME_=X|B=2", NULL, "A=1|B=2", true);
    expect_env("A=1", NULL, "A=1", false);
    expect_env("", NULL, "", false);
    expect_env("_CLUSTER_NETWORK_NAMEX=1", NULL, "_CLUSTER_NETWORK_NAMEX=1", false);
}

static void unterminated_input_and_small_output(void **state)
{
    uint16_t in[8] = { 'A', '=', '1' }, out[64];
    bool changed;
    assert_int_equal(ig_env_set_network_name(in, 3, NULL, out, 64, &changed), 5);
    assert_int_equal(out[3], 0);
    assert_int_equal(out[4], 0);
    assert_int_equal(ig_env_set_network_name(in, 3, U("N"), out, 10, &changed), 0);
    assert_int_equal(ig_env_set_network_name(in, 3, NULL, out, 4, &changed), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(adds_the_network_name),
        cmocka_unit_test(replaces_an_old_one),
        cmocka_unit_test(removes_it),
        cmocka_unit_test(unterminated_input_and_small_output),
    };
    return cmocka_run_group_tests_name("envblock", tests, NULL, NULL);
}
