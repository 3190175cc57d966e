/*
 * fuzz.h - shared by the libFuzzer targets of the pure core.
 *
 * A target's own invariant failing is a finding just like an ASan report:
 * FUZZ_CHECK prints what broke and aborts, which libFuzzer records as a
 * crash with the input saved under the artifact prefix.
 */
#ifndef IG_FUZZ_H
#define IG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "props.h"
#include "u16.h"

#define FUZZ_CHECK(cond, what)                                                         \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "%s:%d: invariant broken: %s (%s)\n", __FILE__, __LINE__, \
                    (what), #cond);                                                    \
            abort();                                                                   \
        }                                                                              \
    } while (0)

/* A heap copy exactly n bytes long, so ASan sees a read one byte past the
   input (libFuzzer's own buffer is exact too, but the targets cut it up). */
static inline uint8_t *fuzz_dup(const uint8_t *p, size_t n)
{
    uint8_t *c = malloc(n ? n : 1);
    if (!c)
        abort();
    if (n)
        memcpy(c, p, n);
    return c;
}

static inline uint32_t fuzz_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* The same values, property by property. Not memcmp: the arrays past a
   string's NUL may differ (ig_u16_copy leaves them alone), and so may the
   padding a structure copy need not copy. */
static inline int fuzz_same_settings(const ig_settings *a, const ig_settings *b)
{
    int id;
    for (id = 0; id < IG_P_COUNT; id++) {
        if (ig_props[id].kind == IG_KIND_SZ) {
            if (!ig_u16_equal(ig_prop_sz_c(a, (ig_prop_id)id), ig_prop_sz_c(b, (ig_prop_id)id)))
                return 0;
        } else if (ig_prop_dword_c(a, (ig_prop_id)id) != ig_prop_dword_c(b, (ig_prop_id)id)) {
            return 0;
        }
    }
    return 1;
}

#endif
