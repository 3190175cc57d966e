/* unit.h - shared by the native cmocka tests of the pure core. */
#ifndef IG_UNIT_H
#define IG_UNIT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "u16.h"

/* A UTF-16 copy of an ASCII literal, in a static rotating buffer. */
static inline const uint16_t *U(const char *s)
{
    static uint16_t bufs[8][1200];
    static unsigned next;
    uint16_t *b = bufs[next++ % 8];
    size_t i;
    for (i = 0; s[i] && i < 1199; i++)
        b[i] = (uint16_t)(unsigned char)s[i];
    b[i] = 0;
    return b;
}

#endif
