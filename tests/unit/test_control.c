#include "unit.h"

#include "control.h"
#include "igerr.h"
#include "imsguard.h"
#include "proplist.h"

static ig_control_result res;

/* Settings as a database that stores every one of them, valid. */
static const ig_stored *ST(const ig_settings *s)
{
    static ig_stored st;
    ig_stored_from_settings(&st, s);
    return &st;
}

static void one_dword_list(uint8_t *buf, size_t *len, const char *name, uint32_t value)
{
    ig_writer w;
    ig_writer_init(&w, buf, 256);
    ig_writer_dword(&w, 1);
    ig_writer_sz_entry_ascii(&w, IG_SYNTAX_NAME, name);
    ig_writer_dword(&w, IG_SYNTAX_LIST_VALUE_DWORD);
    ig_writer_dword(&w, 4);
    ig_writer_dword(&w, value);
    ig_writer_dword(&w, IG_SYNTAX_ENDMARK);
    *len = w.needed;
}

static void unknown_is_success_with_no_data(void **state)
{
    ig_settings s;
    ig_settings_default(&s);
    ig_control(IG_CTL_RESOURCE_UNKNOWN, ST(&s), NULL, 0, NULL, 0, &res);
    assert_int_equal(res.status, IG_ERROR_SUCCESS);
    assert_int_equal(res.bytes, 0);
    ig_control(IG_CTL_TYPE_UNKNOWN, NULL, NULL, 0, NULL, 0, &res);
    assert_int_equal(res.status, IG_ERROR_SUCCESS);
}

static void unhandled_codes_are_invalid_function(void **state)
{
    static const uint32_t codes[] = {
        0x01000059u,   /* GET_COMMON_PROPERTIES: the monitor's job */
        0x01000191u,   /* STORAGE_GET_DISK_INFO */
        0x01000002u, 0x0140000au, 0xffffffffu, 0,
    };
    ig_settings s;
    uint8_t out[64];
    size_t i;
    ig_settings_default(&s);
    for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        ig_control(codes[i], ST(&s), NULL, 0, out, sizeof(out), &res);
        assert_int_equal(res.status, IG_ERROR_INVALID_FUNCTION);
        assert_false(res.store);
    }
    /* A resource code sent to the type, and the reverse. */
    ig_control(IG_CTL_RESOURCE_GET_CHARACTERISTICS, NULL, NULL, 0, out, sizeof(out), &res);
    assert_int_equal(res.status, IG_ERROR_INVALID_FUNCTION);
    ig_control(IG_CTL_TYPE_GET_CHARACTERISTICS, ST(&s), NULL, 0, out, sizeof(out), &res);
    assert_int_equal(res.status, IG_ERROR_INVALID_FUNCTION);
}

/* Every output-producing code: exact bytes, and MORE_DATA with the size at
   every shorter length (including NULL and short by one byte). */
static void outputs_and_size_protocol(void **state)
{
    static const uint32_t codes[] = {
        IG_CTL_RESOURCE_GET_CHARACTERISTICS, IG_CTL_RESOURCE_GET_CLASS_INFO,
        IG_CTL_RESOURCE_GET_REQUIRED_DEPENDENCIES, IG_CTL_RESOURCE_ENUM_PRIVATE_PROPERTIES,
        IG_CTL_RESOURCE_GET_RO_PRIVATE_PROPERTIES, IG_CTL_RESOURCE_GET_PRIVATE_PROPERTIES,
    };
    ig_settings s;
    uint8_t full[2048], part[2048];
    size_t i, len;
    ig_settings_default(&s);
    for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        size_t need;
        ig_control(codes[i], ST(&s), NULL, 0, full, sizeof(full), &res);
        assert_int_equal(res.status, IG_ERROR_SUCCESS);
        need = res.bytes;
        assert_true(need > 0);
        ig_control(codes[i], ST(&s), NULL, 0, NULL, 0, &res);
        assert_int_equal(res.status, IG_ERROR_MORE_DATA);
        assert_int_equal(res.bytes, need);
        for (len = 0; len < need; len++) {
            ig_control(codes[i], ST(&s), NULL, 0, part, len, &res);
            assert_int_equal(res.status, IG_ERROR_MORE_DATA);
            assert_int_equal(res.bytes, need);
        }
        memset(part, 0xcc, sizeof(part));
        ig_control(codes[i], ST(&s), NULL, 0, part, need, &res);
        assert_int_equal(res.status, IG_ERROR_SUCCESS);
        assert_memory_equal(part, full, need);
        assert_int_equal(part[need], 0xcc);   /* nothing written past the size */
        /* The type answers the same codes. */
        ig_control((codes[i] & 0x00ffffffu) | 0x02000000u, NULL, NULL, 0, part, sizeof(part), &res);
        assert_int_equal(res.status, IG_ERROR_SUCCESS);
        assert_int_equal(res.bytes, need);
    }
}

static void characteristics_class_and_dependencies(void **state)
{
    uint8_t out[128];
    ig_settings s;
    const char *dep = IMSGUARD_REQUIRED_DEPENDENCY;
    size_t i;
    ig_settings_default(&s);

    ig_control(IG_CTL_RESOURCE_GET_CHARACTERISTICS, ST(&s), NULL, 0, out, sizeof(out), &res);
    assert_int_equal(res.bytes, 4);
    assert_int_equal(ig_unaligned_u32(out), IG_CLUS_CHAR_UNKNOWN);

    ig_control(IG_CTL_RESOURCE_GET_CLASS_INFO, ST(&s), NULL, 0, out, sizeof(out), &res);
    assert_int_equal(res.bytes, 8);
    assert_int_equal(ig_unaligned_u32(out), IG_CLUS_RESCLASS_UNKNOWN);

    ig_control(IG_CTL_RESOURCE_GET_REQUIRED_DEPENDENCIES, ST(&s), NULL, 0, out, sizeof(out), &res);
    assert_int_equal(ig_unaligned_u32(out), IG_SYNTAX_NAME);
    assert_int_equal(ig_unaligned_u32(out + 4), (strlen(dep) + 1) * 2);
    for (i = 0; dep[i]; i++)
        assert_int_equal(ig_unaligned_u16(out + 8 + 2 * i), (uint16_t)dep[i]);
    assert_int_equal(ig_unaligned_u32(out + 8 + ((((strlen(dep) + 1) * 2) + 3) & ~3u)), IG_SYNTAX_ENDMARK);
}

static void get_reports_current_values_type_reports_defaults(void **state)
{
    uint8_t out[2048];
    ig_settings s, back;
    uint32_t present;
    ig_prop_problem why;

    ig_settings_default(&s);
    s.smtp_probe_port = 2525;
    ig_control(IG_CTL_RESOURCE_GET_PRIVATE_PROPERTIES, ST(&s), NULL, 0, out, sizeof(out), &res);
    ig_settings_default(&back);
    assert_int_equal(ig_proplist_apply(out, res.bytes, &back, &present, &why), IG_ERROR_SUCCESS);
    assert_int_equal(back.smtp_probe_port, 2525);

    ig_control(IG_CTL_TYPE_GET_PRIVATE_PROPERTIES, NULL, NULL, 0, out, sizeof(out), &res);
    assert_int_equal(ig_proplist_apply(out, res.bytes, &back, &present, &why), IG_ERROR_SUCCESS);
    assert_int_equal(back.smtp_probe_port, IMSGUARD_DEFAULT_SMTP_PROBE_PORT);
}

static void validate_never_stores(void **state)
{
    uint8_t in[256];
    size_t len;
    ig_settings s;
    ig_settings_default(&s);
    one_dword_list(in, &len, "StopTimeout", 5000);
    ig_control(IG_CTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES, ST(&s), in, len, NULL, 0, &res);
    assert_int_equal(res.status, IG_ERROR_SUCCESS);
    assert_false(res.store);
    ig_control(IG_CTL_TYPE_VALIDATE_PRIVATE_PROPERTIES, NULL, in, len, NULL, 0, &res);
    assert_int_equal(res.status, IG_ERROR_SUCCESS);
    assert_false(res.store);
}

static void set_stores_only_what_passed(void **state)
{
    uint8_t in[256];
    size_t len;
    ig_settings s;
    ig_settings_default(&s);

    one_dword_list(in, &len, "StopTimeout", 5000);
    ig_control(IG_CTL_RESOURCE_SET_PRIVATE_PROPERTIES, ST(&s), in, len, NULL, 0, &res);
    assert_int_equal(res.status, IG_ERROR_SUCCESS);
    assert_true(res.store);
    assert_int_equal(res.present, 1u << IG_P_STOP_TIMEOUT);
    assert_int_equal(res.next.stop_timeout, 5000);

    one_dword_list(in, &len, "StopTimeout", 5);
    ig_control(IG_CTL_RESOURCE_SET_PRIVATE_PROPERTIES, ST(&s), in, len, NULL, 0, &res);
    assert_int_equal(res.status, IG_ERROR_INVALID_PARAMETER);
    assert_false(res.store);
    assert_int_equal(res.present, 0);
    assert_int_equal(res.next.stop_timeout, s.stop_timeout);
    assert_int_equal(res.why.prop, IG_P_STOP_TIMEOUT);

    /* Short by one byte: the list is malformed, nothing is stored. */
    one_dword_list(in, &len, "StopTimeout", 5000);
    ig_control(IG_CTL_RESOURCE_SET_PRIVATE_PROPERTIES, ST(&s), in, len - 1, NULL, 0, &res);
    assert_int_equal(res.status, IG_ERROR_INVALID_DATA);
    assert_false(res.store);

    ig_control(IG_CTL_RESOURCE_SET_PRIVATE_PROPERTIES, ST(&s), NULL, 64, NULL, 0, &res);
    assert_int_equal(res.status, IG_ERROR_INVALID_DATA);
    assert_false(res.store);

    /* The type keeps no values of its own: valid lists go to the cluster. */
    one_dword_list(in, &len, "StopTimeout", 5000);
    ig_control(IG_CTL_TYPE_SET_PRIVATE_PROPERTIES, NULL, in, len, NULL, 0, &res);
    assert_int_equal(res.status, IG_ERROR_INVALID_FUNCTION);
    assert_false(res.store);
    one_dword_list(in, &len, "StopTimeout", 5);
    ig_control(IG_CTL_TYPE_SET_PRIVATE_PROPERTIES, NULL, in, len, NULL, 0, &res);
    assert_int_equal(res.status, IG_ERROR_INVALID_PARAMETER);
}

static void names_for_logs(void **state)
{
    assert_string_equal(ig_control_name(IG_CTL_RESOURCE_SET_PRIVATE_PROPERTIES), "SET_PRIVATE_PROPERTIES");
    assert_string_equal(ig_control_name(IG_CTL_TYPE_GET_CLASS_INFO), "GET_CLASS_INFO");
    assert_string_equal(ig_control_name(0x01000191u), "unhandled");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unknown_is_success_with_no_data),
        cmocka_unit_test(unhandled_codes_are_invalid_function),
        cmocka_unit_test(outputs_and_size_protocol),
        cmocka_unit_test(characteristics_class_and_dependencies),
        cmocka_unit_test(get_reports_current_values_type_reports_defaults),
        cmocka_unit_test(validate_never_stores),
        cmocka_unit_test(set_stores_only_what_passed),
        cmocka_unit_test(names_for_logs),
    };
    return cmocka_run_group_tests_name("control", tests, NULL, NULL);
}
