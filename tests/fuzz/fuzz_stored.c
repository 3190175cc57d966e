/*
 * fuzz_stored.c - libFuzzer target: the private properties as another tool
 * may have stored them (resdll/core/stored.c), and what GET, VALIDATE and
 * SET make of them.
 *
 * Input: records of { property (byte, modulo the count), registry type
 * (byte: 0-4 pick SZ, EXPAND_SZ, BINARY, DWORD, MULTI_SZ; others are taken
 * as the type number), length (byte), that many bytes }.
 * Checked besides memory safety: an invalid value keeps its bytes, a valid
 * one does not; the settings Online would use pass every rule; GET's size
 * protocol; with nothing invalid stored, GET's answer decodes back to the
 * same settings; an empty SET is accepted exactly when Online would accept
 * what is stored.
 */
#include "fuzz.h"

#include "control.h"
#include "igerr.h"
#include "proplist.h"
#include "stored.h"

static const uint32_t types[] = { IG_REG_SZ, IG_REG_EXPAND_SZ, IG_REG_BINARY, IG_REG_DWORD, IG_REG_MULTI_SZ };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t empty_list[4] = { 0 };
    ig_stored *st = malloc(sizeof(*st));
    ig_control_result *r = malloc(sizeof(*r));
    ig_settings s, back;
    ig_prop_problem why;
    uint32_t online, present;
    uint8_t *out;
    size_t pos = 0, need;
    int id;

    if (!st || !r)
        abort();
    ig_stored_init(st);
    while (size - pos >= 3) {
        ig_prop_id which = (ig_prop_id)(data[pos] % IG_P_COUNT);
        uint32_t type = data[pos + 1] < 5 ? types[data[pos + 1]] : data[pos + 1];
        size_t len = data[pos + 2];
        uint8_t *bytes;

        pos += 3;
        if (len > size - pos)
            len = size - pos;
        bytes = fuzz_dup(data + pos, len);   /* exact: ASan sees a read past it */
        if (!ig_stored_put(st, which, type, bytes, len))
            abort();
        free(bytes);
        pos += len;
    }
    for (id = 0; id < IG_P_COUNT; id++) {
        const ig_stored_value *v = &st->value[id];
        FUZZ_CHECK((v->state == IG_STORED_INVALID) == (v->raw != NULL), "only an invalid value keeps its bytes");
        if (v->state == IG_STORED_INVALID)
            FUZZ_CHECK(v->why.prop == id && memchr(v->why.reason, '\0', sizeof(v->why.reason)) && v->why.reason[0],
                       "an invalid value says which and why");
    }

    online = ig_stored_settings(st, &s, &why);
    if (online == IG_ERROR_SUCCESS) {
        FUZZ_CHECK(ig_settings_check(&s, &why) == IG_ERROR_SUCCESS, "what Online would use passes every rule");
        FUZZ_CHECK(ig_stored_first_invalid(st) < 0, "nothing invalid is used");
    }

    /* GET: the size protocol, then the answer. */
    ig_control(IG_CTL_RESOURCE_GET_PRIVATE_PROPERTIES, st, NULL, 0, NULL, 0, r);
    FUZZ_CHECK(r->status == IG_ERROR_MORE_DATA, "GET into nothing asks for room");
    need = r->bytes;
    out = malloc(need);
    if (!out)
        abort();
    ig_control(IG_CTL_RESOURCE_GET_PRIVATE_PROPERTIES, st, NULL, 0, out, need - 1, r);
    FUZZ_CHECK(r->status == IG_ERROR_MORE_DATA && r->bytes == need, "one byte short is MORE_DATA, same size");
    ig_control(IG_CTL_RESOURCE_GET_PRIVATE_PROPERTIES, st, NULL, 0, out, need, r);
    FUZZ_CHECK(r->status == IG_ERROR_SUCCESS && r->bytes == need, "the size GET named suffices");
    if (ig_stored_first_invalid(st) < 0) {
        ig_settings_default(&back);
        FUZZ_CHECK(ig_proplist_apply_values(out, need, &back, &present, &why) == IG_ERROR_SUCCESS,
                   "GET of valid values decodes");
        FUZZ_CHECK(fuzz_same_settings(&back, &st->settings), "GET shows what is stored");
    }
    free(out);

    ig_control(IG_CTL_RESOURCE_SET_PRIVATE_PROPERTIES, st, empty_list, sizeof(empty_list), NULL, 0, r);
    FUZZ_CHECK((r->status == IG_ERROR_SUCCESS) == (online == IG_ERROR_SUCCESS),
               "an empty SET is accepted exactly when Online would accept what is stored");

    ig_stored_free(st);
    free(st);
    free(r);
    return 0;
}
