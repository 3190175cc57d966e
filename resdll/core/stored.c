#include "stored.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "igerr.h"
#include "u16.h"

void ig_stored_init(ig_stored *st)
{
    memset(st, 0, sizeof(*st));
    ig_settings_default(&st->settings);
}

void ig_stored_from_settings(ig_stored *st, const ig_settings *s)
{
    int id;
    ig_stored_init(st);
    st->settings = *s;
    for (id = 0; id < IG_P_COUNT; id++) {
        st->value[id].state = IG_STORED_VALID;
        st->value[id].type = ig_props[id].kind == IG_KIND_DWORD ? IG_REG_DWORD : IG_REG_SZ;
    }
}

void ig_stored_free(ig_stored *st)
{
    int id;
    for (id = 0; id < IG_P_COUNT; id++) {
        free(st->value[id].raw);
        st->value[id].raw = NULL;
        st->value[id].raw_len = 0;
    }
}

static const char *type_name(uint32_t type)
{
    switch (type) {
    case IG_REG_SZ:        return "REG_SZ";
    case IG_REG_EXPAND_SZ: return "REG_EXPAND_SZ";
    case IG_REG_BINARY:    return "REG_BINARY";
    case IG_REG_DWORD:     return "REG_DWORD";
    case IG_REG_MULTI_SZ:  return "REG_MULTI_SZ";
    }
    return "value of another type";
}

/* dst = a followed by b, cut to fit (a reason is a phrase, not data). */
static void join(char *dst, size_t cap, const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > cap - 1)
        n = cap - 1;
    if (m > cap - 1 - n)
        m = cap - 1 - n;
    memcpy(dst, a, n);
    memcpy(dst + n, b, m);
    dst[n + m] = '\0';
}

static bool keep_invalid(ig_stored_value *v, ig_prop_id id, const void *data, size_t len)
{
    v->state = IG_STORED_INVALID;
    v->why.prop = id;
    v->why.error = IG_ERROR_INVALID_PARAMETER;
    v->raw = malloc(len ? len : 1);
    if (!v->raw)
        return false;
    if (len)
        memcpy(v->raw, data, len);
    v->raw_len = len;
    return true;
}

/* The units of a stored string before its first NUL, or NULL (odd length,
   or no memory: *odd tells which). */
static uint16_t *stored_units(const uint8_t *b, size_t len, size_t *n, bool *odd)
{
    uint16_t *u;
    size_t i;

    *odd = (len & 1u) != 0;
    if (*odd)
        return NULL;
    u = malloc(len ? len : 2);
    if (!u)
        return NULL;
    for (i = 0; i < len / 2; i++) {
        u[i] = ig_unaligned_u16(b + 2 * i);
        if (!u[i])
            break;
    }
    *n = i;
    return u;
}

bool ig_stored_put(ig_stored *st, ig_prop_id id, uint32_t type, const void *data, size_t len)
{
    ig_stored_value *v = &st->value[id];
    const ig_prop_def *d = &ig_props[id];
    ig_prop_problem why;

    free(v->raw);
    memset(v, 0, sizeof(*v));
    v->type = type;

    if (d->kind == IG_KIND_DWORD) {
        if (type != IG_REG_DWORD || len != 4) {
            if (!keep_invalid(v, id, data, len))
                return false;
            snprintf(v->why.reason, sizeof(v->why.reason), "the stored value is a %s of %lu bytes, not a DWORD",
                     type_name(type), (unsigned long)len);
            return true;
        }
        if (ig_prop_set_dword(&st->settings, id, ig_unaligned_u32(data), &why) != IG_ERROR_SUCCESS) {
            if (!keep_invalid(v, id, data, len))
                return false;
            join(v->why.reason, sizeof(v->why.reason), "the stored value ", why.reason);
            return true;
        }
    } else {
        uint16_t *units;
        size_t n = 0;
        bool odd;

        if (type != IG_REG_SZ && type != IG_REG_EXPAND_SZ) {
            if (!keep_invalid(v, id, data, len))
                return false;
            snprintf(v->why.reason, sizeof(v->why.reason), "the stored value is a %s, not a string",
                     type_name(type));
            return true;
        }
        units = stored_units(data, len, &n, &odd);
        if (!units) {
            if (!odd || !keep_invalid(v, id, data, len))
                return false;
            snprintf(v->why.reason, sizeof(v->why.reason),
                     "the stored value is %lu bytes long, not a whole UTF-16 string", (unsigned long)len);
            return true;
        }
        if (ig_prop_set_sz(&st->settings, id, units, n, &why) != IG_ERROR_SUCCESS) {
            free(units);
            if (!keep_invalid(v, id, data, len))
                return false;
            join(v->why.reason, sizeof(v->why.reason), "the stored value is refused: ", why.reason);
            return true;
        }
        free(units);
    }
    v->state = IG_STORED_VALID;
    return true;
}

int ig_stored_first_invalid(const ig_stored *st)
{
    int id;
    for (id = 0; id < IG_P_COUNT; id++) {
        if (st->value[id].state == IG_STORED_INVALID)
            return id;
    }
    return -1;
}

/* The version the pair rule blames: the one a change named, else the one
   stored (when only one is), else FirstFixedVersion. */
static ig_prop_id pair_blame(const ig_stored *st, uint32_t present)
{
    const uint32_t a_bit = 1u << IG_P_FIRST_AFFECTED_VERSION, f_bit = 1u << IG_P_FIRST_FIXED_VERSION;
    bool a_stored = st->value[IG_P_FIRST_AFFECTED_VERSION].state == IG_STORED_VALID;
    bool f_stored = st->value[IG_P_FIRST_FIXED_VERSION].state == IG_STORED_VALID;

    if ((present & a_bit) && !(present & f_bit))
        return IG_P_FIRST_AFFECTED_VERSION;
    if ((present & f_bit) && !(present & a_bit))
        return IG_P_FIRST_FIXED_VERSION;
    if (a_stored && !f_stored)
        return IG_P_FIRST_AFFECTED_VERSION;
    return IG_P_FIRST_FIXED_VERSION;
}

uint32_t ig_stored_settings(const ig_stored *st, ig_settings *s, ig_prop_problem *why)
{
    int bad = ig_stored_first_invalid(st);
    uint32_t err;

    if (bad >= 0) {
        *why = st->value[bad].why;
        ig_settings_default(s);
        return why->error;
    }
    err = ig_settings_check_pair(&st->settings, pair_blame(st, 0), why);
    if (err) {
        ig_settings_default(s);
        return err;
    }
    *s = st->settings;
    return IG_ERROR_SUCCESS;
}

uint32_t ig_stored_judge(const ig_stored *st, const ig_settings *merged, uint32_t present,
                         ig_prop_problem *why)
{
    int id;
    uint32_t err;

#define LEFT_INVALID(i) (st->value[i].state == IG_STORED_INVALID && !(present & (1u << (i))))
    if (!LEFT_INVALID(IG_P_FIRST_AFFECTED_VERSION) && !LEFT_INVALID(IG_P_FIRST_FIXED_VERSION)) {
        err = ig_settings_check_pair(merged, pair_blame(st, present), why);
        if (err)
            return err;
    }
    for (id = 0; id < IG_P_COUNT; id++) {
        if (LEFT_INVALID(id)) {
            why->prop = id;
            why->error = IG_ERROR_INVALID_PARAMETER;
            join(why->reason, sizeof(why->reason), st->value[id].why.reason,
                 "; include a valid value in this change");
            return why->error;
        }
    }
#undef LEFT_INVALID
    return IG_ERROR_SUCCESS;
}

static void encode_raw(ig_writer *w, const ig_stored_value *v)
{
    if (v->type == IG_REG_DWORD && v->raw_len == 4) {
        ig_writer_dword(w, IG_SYNTAX_LIST_VALUE_DWORD);
        ig_writer_dword(w, 4);
        ig_writer_bytes(w, v->raw, 4);
    } else if ((v->type == IG_REG_SZ || v->type == IG_REG_EXPAND_SZ) && !(v->raw_len & 1u)) {
        size_t n = 0;
        while (n < v->raw_len / 2 && ig_unaligned_u16(v->raw + 2 * n))
            n++;
        ig_writer_dword(w, v->type == IG_REG_SZ ? IG_SYNTAX_LIST_VALUE_SZ : IG_SYNTAX_LIST_VALUE_EXPAND_SZ);
        ig_writer_dword(w, (uint32_t)((n + 1) * 2));
        ig_writer_bytes(w, v->raw, n * 2);
        ig_writer_bytes(w, "\0", 2);
        ig_writer_pad(w);
    } else {
        ig_writer_dword(w, IG_SYNTAX_LIST_VALUE_BINARY);
        ig_writer_dword(w, (uint32_t)v->raw_len);
        ig_writer_bytes(w, v->raw, v->raw_len);
        ig_writer_pad(w);
    }
}

void ig_stored_encode(ig_writer *w, const ig_stored *st)
{
    int id;
    ig_writer_dword(w, IG_P_COUNT);
    for (id = 0; id < IG_P_COUNT; id++) {
        if (st->value[id].state != IG_STORED_INVALID) {
            ig_proplist_encode_one(w, &st->settings, (ig_prop_id)id);
            continue;
        }
        ig_writer_sz_entry_ascii(w, IG_SYNTAX_NAME, ig_props[id].name);
        encode_raw(w, &st->value[id]);
        ig_writer_dword(w, IG_SYNTAX_ENDMARK);
    }
}

/* The registry type a GET answer's value syntax stands for. */
static uint32_t reg_type_of(uint32_t syntax)
{
    switch (syntax) {
    case IG_SYNTAX_LIST_VALUE_DWORD:     return IG_REG_DWORD;
    case IG_SYNTAX_LIST_VALUE_SZ:        return IG_REG_SZ;
    case IG_SYNTAX_LIST_VALUE_EXPAND_SZ: return IG_REG_EXPAND_SZ;
    default:                             return IG_REG_BINARY;
    }
}

uint32_t ig_stored_decode(const uint8_t *buf, size_t len, ig_stored *st, ig_prop_problem *why)
{
    uint32_t count, i, seen = 0, err;
    ig_prop_value v;
    size_t pos;

    err = ig_proplist_begin(buf, len, &count, &pos, why);
    for (i = 0; !err && i < count; i++) {
        err = ig_proplist_next(buf, len, &pos, seen, &v, why);
        if (!err && !ig_stored_put(st, (ig_prop_id)v.id, reg_type_of(v.syntax), v.data, v.data_len))
            err = IG_ERROR_NOT_ENOUGH_MEMORY;
        if (!err)
            err = ig_proplist_end(buf, len, &pos, why);
        seen |= 1u << (v.id >= 0 ? v.id : 0);
    }
    return err;
}
