#include "proplist.h"

#include <stdio.h>
#include <string.h>

#include "igerr.h"
#include "u16.h"

uint16_t ig_unaligned_u16(const void *p)
{
    const uint8_t *b = p;
    return (uint16_t)(b[0] | (b[1] << 8));
}

uint32_t ig_unaligned_u32(const void *p)
{
    const uint8_t *b = p;
    return (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
}

static size_t pad4(size_t n)
{
    return (n + 3u) & ~(size_t)3u;
}

static uint32_t malformed(ig_prop_problem *why, size_t offset, const char *what)
{
    if (why) {
        why->prop = -1;
        why->error = IG_ERROR_INVALID_DATA;
        snprintf(why->reason, sizeof(why->reason), "malformed property list at byte %lu: %s",
                 (unsigned long)offset, what);
    }
    return IG_ERROR_INVALID_DATA;
}

static uint32_t bad_value(ig_prop_problem *why, int prop, const char *what)
{
    if (why) {
        why->prop = prop;
        why->error = IG_ERROR_INVALID_PARAMETER;
        snprintf(why->reason, sizeof(why->reason), "%s", what);
    }
    return IG_ERROR_INVALID_PARAMETER;
}

/* Reads the { syntax, cbLength, data } header at *pos; checks it fits. */
static uint32_t read_entry(const uint8_t *buf, size_t len, size_t *pos, uint32_t *syntax,
                           const uint8_t **data, uint32_t *data_len, ig_prop_problem *why)
{
    size_t at = *pos;
    if (len - at < 4)
        return malformed(why, at, "the list ends in the middle of an entry");
    *syntax = ig_unaligned_u32(buf + at);
    if (*syntax == IG_SYNTAX_ENDMARK) {
        *data = NULL;
        *data_len = 0;
        *pos = at + 4;
        return IG_ERROR_SUCCESS;
    }
    if (len - at < 8)
        return malformed(why, at, "the list ends in the middle of an entry");
    *data_len = ig_unaligned_u32(buf + at + 4);
    if (*data_len > len - at - 8 || pad4(*data_len) > len - at - 8)
        return malformed(why, at, "an entry's length runs past the end of the list");
    *data = buf + at + 8;
    *pos = at + 8 + pad4(*data_len);
    return IG_ERROR_SUCCESS;
}

/* A CLUSPROP string: even length, at least the NUL, NUL-terminated exactly
   at the end (no embedded NUL). Returns its length in units. */
static int string_units(const uint8_t *data, uint32_t data_len, size_t *units)
{
    size_t n, i;
    if (data_len < 2 || (data_len & 1u))
        return 0;
    n = data_len / 2 - 1;
    if (ig_unaligned_u16(data + n * 2) != 0)
        return 0;
    for (i = 0; i < n; i++) {
        if (ig_unaligned_u16(data + i * 2) == 0)
            return 0;
    }
    *units = n;
    return 1;
}

uint32_t ig_proplist_begin(const uint8_t *buf, size_t len, uint32_t *count, size_t *pos, ig_prop_problem *why)
{
    *count = 0;
    *pos = 4;
    if (!buf || len < 4)
        return malformed(why, 0, "it is shorter than its 4-byte property count");
    *count = ig_unaligned_u32(buf);
    if (*count > (len - 4) / 16)
        return malformed(why, 0, "the property count is larger than the list can hold");
    return IG_ERROR_SUCCESS;
}

uint32_t ig_proplist_next(const uint8_t *buf, size_t len, size_t *pos, uint32_t seen, ig_prop_value *v,
                          ig_prop_problem *why)
{
    uint16_t text[IG_IMAGE_PATH_CAP];
    uint32_t syntax, data_len, err;
    const uint8_t *data;
    size_t value_at, k;

    v->offset = *pos;
    err = read_entry(buf, len, pos, &syntax, &data, &data_len, why);
    if (err)
        return err;
    if (syntax != IG_SYNTAX_NAME)
        return malformed(why, v->offset, "expected a property name entry");
    if (!string_units(data, data_len, &v->name_len))
        return malformed(why, v->offset, "a property name is not a terminated string");
    if (v->name_len >= IG_IMAGE_PATH_CAP)
        return malformed(why, v->offset, "a property name is too long");
    v->name = (const uint16_t *)data;
    for (k = 0; k < v->name_len; k++)
        text[k] = ig_unaligned_u16(data + 2 * k);
    v->id = ig_prop_find(text, v->name_len);
    if (v->id < 0) {
        char name[64];
        char msg[128];
        if (!ig_u16_to_ascii(name, sizeof(name), text, v->name_len))
            snprintf(name, sizeof(name), "(non-ASCII name)");
        snprintf(msg, sizeof(msg), "'%s' is not a property of this resource type", name);
        return bad_value(why, -1, msg);
    }
    if (seen & (1u << v->id))
        return bad_value(why, v->id, "the property appears twice in the list");

    value_at = *pos;
    err = read_entry(buf, len, pos, &v->syntax, &v->data, &v->data_len, why);
    if (err)
        return err;
    if (v->syntax == IG_SYNTAX_ENDMARK)
        return malformed(why, value_at, "a property has no value");
    return IG_ERROR_SUCCESS;
}

uint32_t ig_proplist_end(const uint8_t *buf, size_t len, size_t *pos, ig_prop_problem *why)
{
    uint32_t syntax, data_len, err;
    const uint8_t *data;
    size_t end_at = *pos;

    err = read_entry(buf, len, pos, &syntax, &data, &data_len, why);
    if (err)
        return err;
    if (syntax != IG_SYNTAX_ENDMARK)
        return malformed(why, end_at, "a property has more than one value (no end mark)");
    return IG_ERROR_SUCCESS;
}

/* One value of the list into *s, by the property table's rules. */
static uint32_t apply_value(const ig_prop_value *v, ig_settings *s, ig_prop_problem *why)
{
    uint16_t text[IG_IMAGE_PATH_CAP];
    size_t value_units, k;

    if (ig_props[v->id].kind == IG_KIND_DWORD) {
        if (v->syntax != IG_SYNTAX_LIST_VALUE_DWORD)
            return bad_value(why, v->id, "the value must be a DWORD (CLUSPROP_SYNTAX_LIST_VALUE_DWORD)");
        if (v->data_len != 4)
            return malformed(why, v->offset, "a DWORD value is not 4 bytes long");
        return ig_prop_set_dword(s, (ig_prop_id)v->id, ig_unaligned_u32(v->data), why);
    }
    if (v->syntax != IG_SYNTAX_LIST_VALUE_SZ && v->syntax != IG_SYNTAX_LIST_VALUE_EXPAND_SZ)
        return bad_value(why, v->id, "the value must be a string (CLUSPROP_SYNTAX_LIST_VALUE_SZ)");
    if (!string_units(v->data, v->data_len, &value_units))
        return malformed(why, v->offset, "a string value is not a terminated string");
    if (value_units >= IG_IMAGE_PATH_CAP)
        return bad_value(why, v->id, "the value is too long");
    for (k = 0; k < value_units; k++)
        text[k] = ig_unaligned_u16(v->data + 2 * k);
    return ig_prop_set_sz(s, (ig_prop_id)v->id, text, value_units, why);
}

uint32_t ig_proplist_apply_values(const uint8_t *buf, size_t len, ig_settings *s, uint32_t *present,
                                  ig_prop_problem *why)
{
    uint32_t count, i, err;
    ig_prop_value v;
    size_t pos;

    *present = 0;
    err = ig_proplist_begin(buf, len, &count, &pos, why);
    for (i = 0; !err && i < count; i++) {
        err = ig_proplist_next(buf, len, &pos, *present, &v, why);
        if (!err)
            err = apply_value(&v, s, why);
        if (!err)
            err = ig_proplist_end(buf, len, &pos, why);
        if (!err)
            *present |= 1u << v.id;
    }
    /* Trailing bytes past the last property are tolerated, as the cluster's
       own parser does: callers often pass the whole buffer they allocated. */
    return err;
}

uint32_t ig_proplist_apply(const uint8_t *buf, size_t len, ig_settings *s, uint32_t *present,
                           ig_prop_problem *why)
{
    uint32_t err = ig_proplist_apply_values(buf, len, s, present, why);
    return err ? err : ig_settings_check(s, why);
}

void ig_writer_init(ig_writer *w, void *buf, size_t cap)
{
    w->buf = buf;
    w->cap = buf ? cap : 0;
    w->needed = 0;
}

void ig_writer_bytes(ig_writer *w, const void *p, size_t n)
{
    if (w->needed <= w->cap && n <= w->cap - w->needed && n)
        memcpy(w->buf + w->needed, p, n);
    w->needed += n;
}

void ig_writer_dword(ig_writer *w, uint32_t v)
{
    uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    ig_writer_bytes(w, b, 4);
}

void ig_writer_pad(ig_writer *w)
{
    static const uint8_t zeros[4];
    ig_writer_bytes(w, zeros, pad4(w->needed) - w->needed);
}

static void write_u16(ig_writer *w, uint16_t c)
{
    uint8_t b[2] = { (uint8_t)c, (uint8_t)(c >> 8) };
    ig_writer_bytes(w, b, 2);
}

void ig_writer_sz_entry(ig_writer *w, uint32_t syntax, const uint16_t *s, size_t n)
{
    size_t i;
    ig_writer_dword(w, syntax);
    ig_writer_dword(w, (uint32_t)((n + 1) * 2));
    for (i = 0; i < n; i++)
        write_u16(w, s[i]);
    write_u16(w, 0);
    ig_writer_pad(w);
}

void ig_writer_sz_entry_ascii(ig_writer *w, uint32_t syntax, const char *s)
{
    size_t i, n = strlen(s);
    ig_writer_dword(w, syntax);
    ig_writer_dword(w, (uint32_t)((n + 1) * 2));
    for (i = 0; i < n; i++)
        write_u16(w, (uint16_t)(unsigned char)s[i]);
    write_u16(w, 0);
    ig_writer_pad(w);
}

uint32_t ig_writer_status(const ig_writer *w)
{
    return w->needed <= w->cap ? IG_ERROR_SUCCESS : IG_ERROR_MORE_DATA;
}

void ig_proplist_encode_one(ig_writer *w, const ig_settings *s, ig_prop_id id)
{
    const ig_prop_def *d = &ig_props[id];
    ig_writer_sz_entry_ascii(w, IG_SYNTAX_NAME, d->name);
    if (d->kind == IG_KIND_SZ) {
        const uint16_t *v = ig_prop_sz_c(s, id);
        ig_writer_sz_entry(w, IG_SYNTAX_LIST_VALUE_SZ, v, ig_u16nlen(v, d->cap - 1));
    } else {
        ig_writer_dword(w, IG_SYNTAX_LIST_VALUE_DWORD);
        ig_writer_dword(w, 4);
        ig_writer_dword(w, ig_prop_dword_c(s, id));
    }
    ig_writer_dword(w, IG_SYNTAX_ENDMARK);
}

void ig_proplist_encode_some(ig_writer *w, const ig_settings *s, uint32_t which)
{
    uint32_t count = 0;
    int id;
    for (id = 0; id < IG_P_COUNT; id++)
        count += (which >> id) & 1u;
    ig_writer_dword(w, count);
    for (id = 0; id < IG_P_COUNT; id++) {
        if (which & (1u << id))
            ig_proplist_encode_one(w, s, (ig_prop_id)id);
    }
}

void ig_proplist_encode(ig_writer *w, const ig_settings *s)
{
    ig_proplist_encode_some(w, s, (1u << IG_P_COUNT) - 1);
}

void ig_proplist_enum_names(ig_writer *w)
{
    int id;
    for (id = 0; id < IG_P_COUNT; id++) {
        const char *p;
        for (p = ig_props[id].name; *p; p++)
            write_u16(w, (uint16_t)(unsigned char)*p);
        write_u16(w, 0);
    }
    write_u16(w, 0);
}

void ig_proplist_empty(ig_writer *w)
{
    ig_writer_dword(w, 0);
}
