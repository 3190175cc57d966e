#include "envblock.h"

#include <string.h>

#include "u16.h"

static bool is_network_name_entry(const uint16_t *s, size_t n)
{
    static const char var[] = IG_NETWORK_NAME_VAR "=";
    size_t k = sizeof(var) - 1;
    return n >= k && ig_u16_equals_ascii_ci(s, k, var);
}

size_t ig_env_set_network_name(const uint16_t *in, size_t in_units, const uint16_t *name, uint16_t *out,
                               size_t out_cap, bool *changed)
{
    static const char var[] = IG_NETWORK_NAME_VAR "=";
    size_t i = 0, used = 0, n, k;
    bool found_same = false, dropped = false;

    *changed = false;
    while (i < in_units && in[i]) {
        for (n = 0; i + n < in_units && in[i + n]; n++)
            ;
        if (is_network_name_entry(in + i, n)) {
            size_t vlen = name ? ig_u16len(name) : 0;
            if (name && !found_same && n == sizeof(var) - 1 + vlen &&
                memcmp(in + i + sizeof(var) - 1, name, vlen * sizeof(uint16_t)) == 0 && !dropped)
                found_same = true;
            else
                dropped = true;
        } else {
            if (used + n + 1 > out_cap)
                return 0;
            memcpy(out + used, in + i, n * sizeof(uint16_t));
            used += n;
            out[used++] = 0;
        }
        i += n + 1;
    }
    if (name) {
        k = sizeof(var) - 1;
        n = ig_u16len(name);
        if (used + k + n + 1 > out_cap)
            return 0;
        for (i = 0; i < k; i++)
            out[used + i] = (uint16_t)(unsigned char)var[i];
        memcpy(out + used + k, name, n * sizeof(uint16_t));
        used += k + n;
        out[used++] = 0;
    }
    /* The entry moved to the end is no change when it was already the only one and last. */
    *changed = dropped || (name && !found_same);
    if (used + 1 > out_cap)
        return 0;
    out[used++] = 0;
    return used;
}
