#include "u16.h"

size_t ig_u16len(const uint16_t *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

size_t ig_u16nlen(const uint16_t *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

static uint16_t fold(uint16_t c)
{
    return (c >= 'A' && c <= 'Z') ? (uint16_t)(c - 'A' + 'a') : c;
}

bool ig_u16_equals_ascii_ci(const uint16_t *s, size_t n, const char *ascii)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (!ascii[i] || fold(s[i]) != fold((uint16_t)(unsigned char)ascii[i]))
            return false;
    }
    return ascii[n] == '\0';
}

bool ig_u16_copy(uint16_t *dst, size_t cap, const uint16_t *src, size_t n)
{
    size_t i;
    if (cap == 0)
        return false;
    if (n >= cap) {
        dst[0] = 0;
        return false;
    }
    for (i = 0; i < n; i++)
        dst[i] = src[i];
    dst[n] = 0;
    return true;
}

bool ig_u16_from_ascii(uint16_t *dst, size_t cap, const char *src)
{
    size_t i;
    for (i = 0; src[i]; i++) {
        if (i + 1 >= cap || (unsigned char)src[i] > 0x7f) {
            if (cap)
                dst[0] = 0;
            return false;
        }
        dst[i] = (uint16_t)(unsigned char)src[i];
    }
    if (cap == 0)
        return false;
    dst[i] = 0;
    return true;
}

bool ig_u16_to_ascii(char *dst, size_t cap, const uint16_t *src, size_t n)
{
    size_t i;
    if (cap == 0)
        return false;
    if (n >= cap) {
        dst[0] = '\0';
        return false;
    }
    for (i = 0; i < n; i++) {
        if (src[i] == 0 || src[i] > 0x7f) {
            dst[0] = '\0';
            return false;
        }
        dst[i] = (char)src[i];
    }
    dst[n] = '\0';
    return true;
}

bool ig_u16_equal(const uint16_t *a, const uint16_t *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}
