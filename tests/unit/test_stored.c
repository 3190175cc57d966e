#include "unit.h"

#include <stdlib.h>

#include "control.h"
#include "igerr.h"
#include "imsguard.h"
#include "proplist.h"
#include "stored.h"

/* ---- building what a database holds ---- */

static void put_dword(ig_stored *st, ig_prop_id id, uint32_t v)
{
    uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    assert_true(ig_stored_put(st, id, IG_REG_DWORD, b, 4));
}

/* A REG_SZ of the ASCII text, with its NUL unless `bare`. */
static void put_sz_ex(ig_stored *st, ig_prop_id id, uint32_t type, const char *text, bool bare)
{
    size_t n = strlen(text), i, len = (n + (bare ? 0 : 1)) * 2;
    uint8_t *b = calloc(1, len + 1);
    assert_non_null(b);
    for (i = 0; i < n; i++)
        b[2 * i] = (uint8_t)text[i];
    assert_true(ig_stored_put(st, id, type, b, len));
    free(b);
}

static void put_sz(ig_stored *st, ig_prop_id id, const char *text)
{
    put_sz_ex(st, id, IG_REG_SZ, text, false);
}

/* The issue's reproduction: another tool stored these four values. */
static void issue_database(ig_stored *st)
{
    ig_stored_init(st);
    put_sz(st, IG_P_SERVICE_NAME, "MyIMS");
    put_sz(st, IG_P_FIRST_AFFECTED_VERSION, "5.5.2500.0");
    put_sz(st, IG_P_FIRST_FIXED_VERSION, "5.5.2600.0");
    put_dword(st, IG_P_STOP_TIMEOUT, 5);
}

static size_t one_list(uint8_t *buf, size_t cap, const char *name, bool dword, uint32_t value, const char *text)
{
    ig_writer w;
    ig_writer_init(&w, buf, cap);
    ig_writer_dword(&w, 1);
    ig_writer_sz_entry_ascii(&w, IG_SYNTAX_NAME, name);
    if (dword) {
        ig_writer_dword(&w, IG_SYNTAX_LIST_VALUE_DWORD);
        ig_writer_dword(&w, 4);
        ig_writer_dword(&w, value);
    } else {
        ig_writer_sz_entry_ascii(&w, IG_SYNTAX_LIST_VALUE_SZ, text);
    }
    ig_writer_dword(&w, IG_SYNTAX_ENDMARK);
    assert_int_equal(ig_writer_status(&w), IG_ERROR_SUCCESS);
    return w.needed;
}

/* ---- reading GET's answer back, independently of ig_proplist_apply ---- */

typedef struct entry {
    uint32_t syntax;
    const uint8_t *data;
    uint32_t len;
} entry;

static entry find_entry(const uint8_t *buf, size_t len, const char *name)
{
    entry e = { 0 };
    uint32_t count = ig_unaligned_u32(buf), i;
    size_t pos = 4;
    for (i = 0; i < count; i++) {
        uint32_t name_len = ig_unaligned_u32(buf + pos + 4);
        const uint8_t *n = buf + pos + 8;
        size_t k, want = strlen(name);
        bool same = name_len == (want + 1) * 2;
        for (k = 0; same && k < want; k++)
            same = ig_unaligned_u16(n + 2 * k) == (uint16_t)name[k];
        pos += 8 + ((name_len + 3u) & ~3u);
        e.syntax = ig_unaligned_u32(buf + pos);
        e.len = ig_unaligned_u32(buf + pos + 4);
        e.data = buf + pos + 8;
        pos += 8 + ((e.len + 3u) & ~3u);
        assert_int_equal(ig_unaligned_u32(buf + pos), IG_SYNTAX_ENDMARK);
        pos += 4;
        assert_true(pos <= len);
        if (same)
            return e;
    }
    fail_msg("GET's answer has no %s", name);
    return e;
}

static void assert_entry_sz(entry e, uint32_t syntax, const char *text)
{
    size_t k, n = strlen(text);
    assert_int_equal(e.syntax, syntax);
    assert_int_equal(e.len, (n + 1) * 2);
    for (k = 0; k < n; k++)
        assert_int_equal(ig_unaligned_u16(e.data + 2 * k), (uint16_t)text[k]);
    assert_int_equal(ig_unaligned_u16(e.data + 2 * n), 0);
}

static void assert_entry_dword(entry e, uint32_t v)
{
    assert_int_equal(e.syntax, IG_SYNTAX_LIST_VALUE_DWORD);
    assert_int_equal(e.len, 4);
    assert_int_equal(ig_unaligned_u32(e.data), v);
}

static ig_control_result res;
static uint8_t out[70000];

/* ---- tests ---- */

static void values_are_missing_valid_or_invalid(void **state)
{
    ig_stored st;
    issue_database(&st);
    assert_int_equal(st.value[IG_P_SERVICE_NAME].state, IG_STORED_VALID);
    assert_int_equal(st.value[IG_P_SMTP_PROBE_PORT].state, IG_STORED_MISSING);
    assert_int_equal(st.value[IG_P_STOP_TIMEOUT].state, IG_STORED_INVALID);
    assert_int_equal(st.value[IG_P_STOP_TIMEOUT].why.prop, IG_P_STOP_TIMEOUT);
    assert_string_equal(st.value[IG_P_STOP_TIMEOUT].why.reason,
                        "the stored value 5 is outside the allowed range 100 to 600000");
    assert_int_equal(ig_stored_first_invalid(&st), IG_P_STOP_TIMEOUT);
    assert_true(ig_u16_equal(st.settings.service_name, U("MyIMS")));
    assert_int_equal(st.settings.stop_timeout, IMSGUARD_DEFAULT_STOP_TIMEOUT_MS);
    ig_stored_free(&st);
}

static void wrong_types_and_shapes_are_invalid(void **state)
{
    static const uint8_t three[3] = { 1, 2, 3 };
    ig_stored st;
    ig_stored_init(&st);
    put_sz(&st, IG_P_STOP_TIMEOUT, "abc");
    assert_int_equal(st.value[IG_P_STOP_TIMEOUT].state, IG_STORED_INVALID);
    assert_string_equal(st.value[IG_P_STOP_TIMEOUT].why.reason,
                        "the stored value is a REG_SZ of 8 bytes, not a DWORD");
    put_dword(&st, IG_P_SERVICE_NAME, 1);
    assert_int_equal(st.value[IG_P_SERVICE_NAME].state, IG_STORED_INVALID);
    assert_string_equal(st.value[IG_P_SERVICE_NAME].why.reason, "the stored value is a REG_DWORD, not a string");
    assert_true(ig_stored_put(&st, IG_P_IMAGE_PATH, IG_REG_SZ, three, 3));
    assert_int_equal(st.value[IG_P_IMAGE_PATH].state, IG_STORED_INVALID);
    assert_true(ig_stored_put(&st, IG_P_SMTP_PROBE_PORT, IG_REG_DWORD, three, 3));
    assert_int_equal(st.value[IG_P_SMTP_PROBE_PORT].state, IG_STORED_INVALID);
    /* A string stored without its NUL is still that string (the registry allows it). */
    put_sz_ex(&st, IG_P_EXPECTED_DNS_DOMAIN, IG_REG_EXPAND_SZ, "contoso.com", true);
    assert_int_equal(st.value[IG_P_EXPECTED_DNS_DOMAIN].state, IG_STORED_VALID);
    assert_true(ig_u16_equal(st.settings.expected_dns_domain, U("contoso.com")));
    /* Putting a value again replaces it (and frees the old copy). */
    put_dword(&st, IG_P_STOP_TIMEOUT, 5000);
    assert_int_equal(st.value[IG_P_STOP_TIMEOUT].state, IG_STORED_VALID);
    assert_null(st.value[IG_P_STOP_TIMEOUT].raw);
    ig_stored_free(&st);
}

/* GET shows what is stored, the invalid value as stored, not the defaults. */
static void get_shows_what_is_stored(void **state)
{
    ig_stored st;
    size_t need, len;
    issue_database(&st);
    ig_control(IG_CTL_RESOURCE_GET_PRIVATE_PROPERTIES, &st, NULL, 0, out, sizeof(out), &res);
    assert_int_equal(res.status, IG_ERROR_SUCCESS);
    assert_entry_sz(find_entry(out, res.bytes, "ServiceName"), IG_SYNTAX_LIST_VALUE_SZ, "MyIMS");
    assert_entry_sz(find_entry(out, res.bytes, "FirstAffectedVersion"), IG_SYNTAX_LIST_VALUE_SZ, "5.5.2500.0");
    assert_entry_sz(find_entry(out, res.bytes, "FirstFixedVersion"), IG_SYNTAX_LIST_VALUE_SZ, "5.5.2600.0");
    assert_entry_dword(find_entry(out, res.bytes, "StopTimeout"), 5);
    assert_entry_dword(find_entry(out, res.bytes, "SmtpProbePort"), IMSGUARD_DEFAULT_SMTP_PROBE_PORT);

    /* The size protocol holds for raw values too. */
    need = res.bytes;
    for (len = 0; len < need; len += 7) {
        ig_control(IG_CTL_RESOURCE_GET_PRIVATE_PROPERTIES, &st, NULL, 0, out, len, &res);
        assert_int_equal(res.status, IG_ERROR_MORE_DATA);
        assert_int_equal(res.bytes, need);
    }
    ig_control(IG_CTL_RESOURCE_GET_PRIVATE_PROPERTIES, &st, NULL, 0, out, need - 1, &res);
    assert_int_equal(res.status, IG_ERROR_MORE_DATA);
    ig_stored_free(&st);
}

/* What GET shows reads back as stored: the invalid value invalid, with the
   reason the DLL gives for it (the admin page shows both). */
static void get_reads_back_as_stored(void **state)
{
    ig_stored st, back;
    ig_prop_problem why;
    issue_database(&st);
    ig_control(IG_CTL_RESOURCE_GET_PRIVATE_PROPERTIES, &st, NULL, 0, out, sizeof(out), &res);
    assert_int_equal(res.status, IG_ERROR_SUCCESS);
    ig_stored_init(&back);
    assert_int_equal(ig_stored_decode(out, res.bytes, &back, &why), IG_ERROR_SUCCESS);
    assert_int_equal(back.value[IG_P_STOP_TIMEOUT].state, IG_STORED_INVALID);
    assert_string_equal(back.value[IG_P_STOP_TIMEOUT].why.reason, st.value[IG_P_STOP_TIMEOUT].why.reason);
    assert_int_equal(back.value[IG_P_STOP_TIMEOUT].raw_len, 4);
    assert_int_equal(ig_unaligned_u32(back.value[IG_P_STOP_TIMEOUT].raw), 5);
    assert_int_equal(back.value[IG_P_SERVICE_NAME].state, IG_STORED_VALID);
    assert_true(ig_u16_equal(back.settings.service_name, U("MyIMS")));
    assert_int_equal(ig_stored_first_invalid(&back), ig_stored_first_invalid(&st));
    /* A malformed answer is refused. */
    ig_stored_free(&back);
    ig_stored_init(&back);
    assert_int_equal(ig_stored_decode(out, 3, &back, &why), IG_ERROR_INVALID_DATA);
    ig_stored_free(&back);
    ig_stored_free(&st);
}

static void get_shows_wrong_types_as_stored(void **state)
{
    static const uint8_t three[3] = { 1, 2, 3 };
    ig_stored st;
    entry e;
    ig_stored_init(&st);
    put_sz(&st, IG_P_STOP_TIMEOUT, "abc");
    put_dword(&st, IG_P_SERVICE_NAME, 7);
    assert_true(ig_stored_put(&st, IG_P_IMAGE_PATH, IG_REG_BINARY, three, 3));
    put_sz_ex(&st, IG_P_EXPECTED_DNS_DOMAIN, IG_REG_EXPAND_SZ, "-bad-", false);
    ig_control(IG_CTL_RESOURCE_GET_PRIVATE_PROPERTIES, &st, NULL, 0, out, sizeof(out), &res);
    assert_int_equal(res.status, IG_ERROR_SUCCESS);
    assert_entry_sz(find_entry(out, res.bytes, "StopTimeout"), IG_SYNTAX_LIST_VALUE_SZ, "abc");
    assert_entry_dword(find_entry(out, res.bytes, "ServiceName"), 7);
    e = find_entry(out, res.bytes, "ImagePath");
    assert_int_equal(e.syntax, IG_SYNTAX_LIST_VALUE_BINARY);
    assert_int_equal(e.len, 3);
    assert_memory_equal(e.data, three, 3);
    assert_entry_sz(find_entry(out, res.bytes, "ExpectedDnsDomain"), IG_SYNTAX_LIST_VALUE_EXPAND_SZ, "-bad-");
    ig_stored_free(&st);
}

/* Longer than the registry's own limit for a property: shown whole. */
static void get_shows_an_over_long_value_whole(void **state)
{
    char *text = malloc(17001);
    ig_stored st;
    assert_non_null(text);
    memset(text, 'x', 17000);
    text[17000] = 0;
    ig_stored_init(&st);
    put_sz(&st, IG_P_SERVICE_NAME, text);
    assert_int_equal(st.value[IG_P_SERVICE_NAME].state, IG_STORED_INVALID);
    assert_string_equal(st.value[IG_P_SERVICE_NAME].why.reason,
                        "the stored value is refused: it is longer than 256 characters");
    ig_control(IG_CTL_RESOURCE_GET_PRIVATE_PROPERTIES, &st, NULL, 0, out, sizeof(out), &res);
    assert_int_equal(res.status, IG_ERROR_SUCCESS);
    assert_entry_sz(find_entry(out, res.bytes, "ServiceName"), IG_SYNTAX_LIST_VALUE_SZ, text);
    ig_stored_free(&st);
    free(text);
}

/* SET and VALIDATE judge the stored values merged with the list. */
static void a_change_is_judged_with_what_is_stored(void **state)
{
    static const uint32_t codes[] = { IG_CTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES,
                                      IG_CTL_RESOURCE_SET_PRIVATE_PROPERTIES };
    uint8_t in[256];
    size_t len, i;
    ig_stored st;
    issue_database(&st);
    for (i = 0; i < 2; i++) {
        /* FirstFixedVersion below the stored FirstAffectedVersion: refused, naming both. */
        len = one_list(in, sizeof(in), "FirstFixedVersion", false, 0, "5.5.2400.0");
        ig_control(codes[i], &st, in, len, NULL, 0, &res);
        assert_int_equal(res.status, IG_ERROR_INVALID_PARAMETER);
        assert_false(res.store);
        assert_int_equal(res.why.prop, IG_P_FIRST_FIXED_VERSION);
        assert_string_equal(res.why.reason, "FirstAffectedVersion 5.5.2500.0 must be lower than FirstFixedVersion 5.5.2400.0");

        /* A change that leaves the invalid StopTimeout as it is: refused, naming it. */
        len = one_list(in, sizeof(in), "ServiceName", false, 0, "OtherIMS");
        ig_control(codes[i], &st, in, len, NULL, 0, &res);
        assert_int_equal(res.status, IG_ERROR_INVALID_PARAMETER);
        assert_false(res.store);
        assert_int_equal(res.why.prop, IG_P_STOP_TIMEOUT);
        assert_string_equal(res.why.reason, "the stored value 5 is outside the allowed range 100 to 600000; "
                                            "include a valid value in this change");

        /* Correcting it alone is accepted; the rest stays as stored. */
        len = one_list(in, sizeof(in), "StopTimeout", true, 5000, NULL);
        ig_control(codes[i], &st, in, len, NULL, 0, &res);
        assert_int_equal(res.status, IG_ERROR_SUCCESS);
        assert_int_equal(res.store, codes[i] == IG_CTL_RESOURCE_SET_PRIVATE_PROPERTIES);
        assert_int_equal(res.next.stop_timeout, 5000);
        assert_true(ig_u16_equal(res.next.service_name, U("MyIMS")));
        assert_true(ig_u16_equal(res.next.first_fixed_version, U("5.5.2600.0")));
    }
    ig_stored_free(&st);
}

/* The version pair names the version that broke it (issue 11, item 8). */
static void the_pair_blames_the_version_that_broke_it(void **state)
{
    uint8_t in[256];
    size_t len;
    ig_settings s;
    ig_prop_problem why;
    ig_stored st;

    ig_stored_init(&st);
    len = one_list(in, sizeof(in), "FirstAffectedVersion", false, 0, "65535.0.0.0");
    ig_control(IG_CTL_RESOURCE_SET_PRIVATE_PROPERTIES, &st, in, len, NULL, 0, &res);
    assert_int_equal(res.status, IG_ERROR_INVALID_PARAMETER);
    assert_int_equal(res.why.prop, IG_P_FIRST_AFFECTED_VERSION);

    /* Stored alone (FirstFixedVersion not set): that one is named. */
    put_sz(&st, IG_P_FIRST_AFFECTED_VERSION, "65535.0.0.0");
    assert_int_equal(ig_stored_settings(&st, &s, &why), IG_ERROR_INVALID_PARAMETER);
    assert_int_equal(why.prop, IG_P_FIRST_AFFECTED_VERSION);
    assert_string_equal(why.reason, "FirstAffectedVersion 65535.0.0.0 must be lower than FirstFixedVersion 5.5.2423.0");
    assert_true(ig_u16_equal(s.first_affected_version, U(IMSGUARD_DEFAULT_FIRST_AFFECTED)));
    ig_stored_free(&st);
}

static void online_refuses_an_invalid_stored_value_by_name(void **state)
{
    ig_settings s;
    ig_prop_problem why;
    ig_stored st;
    issue_database(&st);
    assert_int_equal(ig_stored_settings(&st, &s, &why), IG_ERROR_INVALID_PARAMETER);
    assert_int_equal(why.prop, IG_P_STOP_TIMEOUT);
    put_dword(&st, IG_P_STOP_TIMEOUT, 5000);
    assert_int_equal(ig_stored_settings(&st, &s, &why), IG_ERROR_SUCCESS);
    assert_true(ig_u16_equal(s.service_name, U("MyIMS")));
    assert_int_equal(s.stop_timeout, 5000);
    ig_stored_free(&st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(values_are_missing_valid_or_invalid),
        cmocka_unit_test(wrong_types_and_shapes_are_invalid),
        cmocka_unit_test(get_shows_what_is_stored),
        cmocka_unit_test(get_reads_back_as_stored),
        cmocka_unit_test(get_shows_wrong_types_as_stored),
        cmocka_unit_test(get_shows_an_over_long_value_whole),
        cmocka_unit_test(a_change_is_judged_with_what_is_stored),
        cmocka_unit_test(the_pair_blames_the_version_that_broke_it),
        cmocka_unit_test(online_refuses_an_invalid_stored_value_by_name),
    };
    return cmocka_run_group_tests_name("stored", tests, NULL, NULL);
}
