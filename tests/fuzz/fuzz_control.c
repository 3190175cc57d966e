/*
 * fuzz_control.c - libFuzzer target: ig_control, the pure half of
 * ResourceControl and ResourceTypeControl.
 *
 * Input layout (little-endian):
 *   bytes 0-3  the control code; with flag KNOWN_CODE, byte 0 picks one of
 *              the codes the DLL handles instead (reaches them sooner)
 *   byte  4    flags, below
 *   bytes 5-6  the output buffer size (0..65535)
 *   the rest   the input buffer (a property list for VALIDATE / SET)
 *
 * The output buffer is a heap block of exactly that size, so a write past
 * out_len is an ASan report. Checked besides: the size protocol (MORE_DATA
 * names a size that then suffices, and the answer is the same), that a
 * refused list changes nothing, and that a SET to store passes every rule.
 */
#include "fuzz.h"

#include "control.h"
#include "igerr.h"
#include "proplist.h"
#include "props.h"
#include "u16.h"

#define F_TYPE       0x01u   /* ResourceTypeControl: no settings            */
#define F_IN_NULL    0x02u   /* no input buffer, in_len still given         */
#define F_OUT_NULL   0x04u   /* no output buffer, out_len still given       */
#define F_BUSY       0x08u   /* the resource's settings are not the defaults */
#define F_KNOWN_CODE 0x10u
#define F_BAD_STORED 0x20u   /* the database holds invalid values as well   */

static const uint32_t known_codes[] = {
    IG_CTL_RESOURCE_UNKNOWN, IG_CTL_RESOURCE_GET_CHARACTERISTICS, IG_CTL_RESOURCE_GET_CLASS_INFO,
    IG_CTL_RESOURCE_GET_REQUIRED_DEPENDENCIES, IG_CTL_RESOURCE_ENUM_PRIVATE_PROPERTIES,
    IG_CTL_RESOURCE_GET_RO_PRIVATE_PROPERTIES, IG_CTL_RESOURCE_GET_PRIVATE_PROPERTIES,
    IG_CTL_RESOURCE_SET_PRIVATE_PROPERTIES, IG_CTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES,
    IG_CTL_TYPE_UNKNOWN, IG_CTL_TYPE_GET_CHARACTERISTICS, IG_CTL_TYPE_GET_CLASS_INFO,
    IG_CTL_TYPE_GET_REQUIRED_DEPENDENCIES, IG_CTL_TYPE_ENUM_PRIVATE_PROPERTIES,
    IG_CTL_TYPE_GET_RO_PRIVATE_PROPERTIES, IG_CTL_TYPE_GET_PRIVATE_PROPERTIES,
    IG_CTL_TYPE_SET_PRIVATE_PROPERTIES, IG_CTL_TYPE_VALIDATE_PRIVATE_PROPERTIES,
};

/* Settings with every string long and nothing at its default, so GET's
   answer is as large as it gets. */
static void busy_settings(ig_settings *s)
{
    static const char *const path_piece = "C:\\exchsrvr\\connect\\msexcimc\\bin\\";
    uint16_t *p;
    size_t i;

    ig_settings_default(s);
    ig_u16_from_ascii(s->service_name, IG_SERVICE_NAME_CAP, "MSExchangeIMC_Node2");
    p = s->image_path;
    for (i = 0; i + 1 < IG_IMAGE_PATH_CAP; i++)
        p[i] = (uint16_t)(unsigned char)path_piece[i % strlen(path_piece)];
    p[IG_IMAGE_PATH_CAP - 1] = 0;
    ig_u16_from_ascii(s->expected_dns_domain, IG_DOMAIN_CAP, "mail.exchange.contoso.example.com");
    ig_u16_from_ascii(s->first_affected_version, IG_VERSION_TEXT_CAP, "5.5.2232.0");
    ig_u16_from_ascii(s->first_fixed_version, IG_VERSION_TEXT_CAP, "5.5.2448.0");
    s->require_dns_domain = 0;
    s->allow_affected_build = 1;
    s->smtp_probe_port = 65535;
    s->stop_timeout = IG_STOP_TIMEOUT_MAX;
}

/* What another tool may have written: a valid pair of its own, a DWORD out
   of range, a string where a DWORD belongs. */
static void bad_stored(ig_stored *st)
{
    static const uint8_t five[4] = { 5, 0, 0, 0 };
    static const uint8_t text[] = { 'a', 0, 'b', 0, 'c', 0, 0, 0 };
    static const uint8_t affected[] = { '5', 0, '.', 0, '5', 0, '.', 0, '2', 0, '5', 0, '0', 0, '0', 0, 0, 0 };
    if (!ig_stored_put(st, IG_P_STOP_TIMEOUT, IG_REG_DWORD, five, sizeof(five)) ||
        !ig_stored_put(st, IG_P_SMTP_PROBE_PORT, IG_REG_SZ, text, sizeof(text)) ||
        !ig_stored_put(st, IG_P_FIRST_AFFECTED_VERSION, IG_REG_SZ, affected, sizeof(affected)))
        abort();
}

static int is_known_status(uint32_t st)
{
    return st == IG_ERROR_SUCCESS || st == IG_ERROR_MORE_DATA || st == IG_ERROR_INVALID_FUNCTION ||
           st == IG_ERROR_INVALID_DATA || st == IG_ERROR_INVALID_PARAMETER;
}

/* One call with an output buffer of exactly out_len bytes (or none). */
static void call(uint32_t code, const ig_stored *cur, const uint8_t *in, size_t in_len, int out_null,
                 size_t out_len, ig_control_result *r, uint8_t **out_copy)
{
    uint8_t *out = out_null ? NULL : malloc(out_len ? out_len : 1);
    if (!out_null && !out)
        abort();
    if (out)
        memset(out, 0xcc, out_len);
    ig_control(code, cur, in, in_len, out, out_len, r);
    if (out_copy)
        *out_copy = out;
    else
        free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ig_settings busy;
    ig_stored stored, *cur = NULL;
    ig_control_result *r, *r2;
    uint8_t *in = NULL, *out = NULL, *out2 = NULL;
    uint32_t code, flags;
    size_t in_len, out_len, cap;

    if (size < 7)
        return 0;
    flags = data[4];
    code = fuzz_le32(data);
    if (flags & F_KNOWN_CODE)
        code = known_codes[data[0] % (sizeof(known_codes) / sizeof(known_codes[0]))];
    out_len = (size_t)data[5] | ((size_t)data[6] << 8);
    in_len = size - 7;
    if (!(flags & F_IN_NULL))
        in = fuzz_dup(data + 7, in_len);
    if (!(flags & F_TYPE)) {
        if (flags & F_BUSY)
            busy_settings(&busy);
        else
            ig_settings_default(&busy);
        ig_stored_from_settings(&stored, &busy);
        if (flags & F_BAD_STORED)
            bad_stored(&stored);
        cur = &stored;
    }

    r = malloc(sizeof(*r));
    r2 = malloc(sizeof(*r2));
    if (!r || !r2)
        abort();

    call(code, cur, in, in_len, flags & F_OUT_NULL, out_len, r, &out);
    cap = (flags & F_OUT_NULL) ? 0 : out_len;
    FUZZ_CHECK(is_known_status(r->status), "the status is one ig_control documents");
    if (r->status == IG_ERROR_SUCCESS)
        FUZZ_CHECK(r->bytes <= cap, "SUCCESS wrote no more than the buffer holds");
    if (r->status == IG_ERROR_MORE_DATA)
        FUZZ_CHECK(r->bytes > cap, "MORE_DATA asks for more than was given");
    FUZZ_CHECK(!r->store || (cur && r->status == IG_ERROR_SUCCESS), "only a resource's accepted SET stores");
    if (r->store) {
        ig_prop_problem why;
        FUZZ_CHECK(ig_settings_check(&r->next, &why) == IG_ERROR_SUCCESS, "what SET stores passes every rule");
    }
    if (r->status == IG_ERROR_INVALID_DATA || r->status == IG_ERROR_INVALID_PARAMETER) {
        ig_settings start;
        if (cur)
            start = cur->settings;
        else
            ig_settings_default(&start);
        FUZZ_CHECK(!r->store && r->present == 0, "a refused list stores nothing");
        FUZZ_CHECK(fuzz_same_settings(&r->next, &start), "a refused list leaves the settings");
        FUZZ_CHECK(memchr(r->why.reason, '\0', sizeof(r->why.reason)) != NULL, "the reason is terminated");
    }

    /* The size protocol: the size MORE_DATA names suffices, with the same answer. */
    if (r->status == IG_ERROR_MORE_DATA && r->bytes <= 1u << 20) {
        call(code, cur, in, in_len, 0, r->bytes, r2, &out2);
        FUZZ_CHECK(r2->status == IG_ERROR_SUCCESS && r2->bytes == r->bytes,
                   "a buffer of the size MORE_DATA named suffices");
        free(out2);
        out2 = NULL;
    }
    /* One byte short of a successful answer is MORE_DATA with the same size,
       and the same call is deterministic. */
    if (r->status == IG_ERROR_SUCCESS && r->bytes > 0 && out) {
        call(code, cur, in, in_len, 0, r->bytes - 1, r2, NULL);
        FUZZ_CHECK(r2->status == IG_ERROR_MORE_DATA && r2->bytes == r->bytes,
                   "one byte short is MORE_DATA with the same size");
        call(code, cur, in, in_len, 0, r->bytes, r2, &out2);
        FUZZ_CHECK(r2->status == IG_ERROR_SUCCESS && r2->bytes == r->bytes &&
                       memcmp(out, out2, r->bytes) == 0,
                   "the same call gives the same answer");
        free(out2);
    }

    if (cur)
        ig_stored_free(cur);
    free(out);
    free(in);
    free(r);
    free(r2);
    return 0;
}
