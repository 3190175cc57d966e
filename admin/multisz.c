#include "multisz.h"

static uint16_t fold(uint16_t c)
{
    return (c >= 'a' && c <= 'z') ? (uint16_t)(c - 'a' + 'A') : c;
}

static size_t item_len(const uint16_t *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* s (n units, no terminator needed) against the terminated item. */
static bool same(const uint16_t *s, size_t n, const uint16_t *item, size_t item_n)
{
    size_t i;
    if (n != item_n)
        return false;
    for (i = 0; i < n; i++) {
        if (fold(s[i]) != fold(item[i]))
            return false;
    }
    return true;
}

/* The strings of in, one per call: *pos is advanced past the string found;
   false at the end of the list. */
static bool next_string(const uint16_t *in, size_t in_units, size_t *pos, size_t *start, size_t *len)
{
    size_t i = *pos;
    if (i >= in_units || in[i] == 0)
        return false;
    *start = i;
    while (i < in_units && in[i] != 0)
        i++;
    *len = i - *start;
    *pos = i < in_units ? i + 1 : i;
    return true;
}

size_t ig_multisz_edit(const uint16_t *in, size_t in_units, const uint16_t *item, bool add,
                       uint16_t *out, size_t out_cap, bool *changed)
{
    size_t item_n = item_len(item), pos = 0, start, len, used = 0, i;
    bool kept = false;

    *changed = false;
    if (!in)
        in_units = 0;
    while (next_string(in, in_units, &pos, &start, &len)) {
        if (same(in + start, len, item, item_n)) {
            if (add && !kept) {
                kept = true;          /* keep the first one where it is */
            } else {
                *changed = true;      /* removed, or a duplicate dropped */
                continue;
            }
        }
        if (used + len + 1 > out_cap)
            return 0;
        for (i = 0; i < len; i++)
            out[used++] = in[start + i];
        out[used++] = 0;
    }
    if (add && !kept) {
        if (used + item_n + 1 > out_cap)
            return 0;
        for (i = 0; i < item_n; i++)
            out[used++] = item[i];
        out[used++] = 0;
        *changed = true;
    }
    if (used + 1 > out_cap)
        return 0;
    out[used++] = 0;
    return used;
}

size_t ig_multisz_count(const uint16_t *in, size_t in_units)
{
    size_t pos = 0, start, len, n = 0;
    if (!in)
        return 0;
    while (next_string(in, in_units, &pos, &start, &len))
        n++;
    return n;
}

bool ig_multisz_contains(const uint16_t *in, size_t in_units, const uint16_t *item)
{
    size_t pos = 0, start, len, item_n = item_len(item);
    if (!in)
        return false;
    while (next_string(in, in_units, &pos, &start, &len)) {
        if (same(in + start, len, item, item_n))
            return true;
    }
    return false;
}
