/*
 * u16.h - UTF-16 strings for the pure core.
 * Property names and values travel as UTF-16 (WCHAR on Windows). The core
 * cannot use wchar_t (4 bytes on Linux), so it uses uint16_t code units.
 */
#ifndef IG_U16_H
#define IG_U16_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Length in code units, not counting the terminator. */
size_t ig_u16len(const uint16_t *s);

/* Length of s, looking at most max units; returns max when no NUL is found. */
size_t ig_u16nlen(const uint16_t *s, size_t max);

/* Compares a UTF-16 string of n units with an ASCII string, ignoring ASCII case. */
bool ig_u16_equals_ascii_ci(const uint16_t *s, size_t n, const char *ascii);

/* Copies src (n units) into dst (cap units, including the terminator).
   Returns false, leaving dst empty, when it does not fit. */
bool ig_u16_copy(uint16_t *dst, size_t cap, const uint16_t *src, size_t n);

/* ASCII (7-bit) to UTF-16; false when it does not fit. */
bool ig_u16_from_ascii(uint16_t *dst, size_t cap, const char *src);

/* UTF-16 to ASCII; false when a unit is not 7-bit ASCII or it does not fit. */
bool ig_u16_to_ascii(char *dst, size_t cap, const uint16_t *src, size_t n);

/* Equality of two terminated UTF-16 strings. */
bool ig_u16_equal(const uint16_t *a, const uint16_t *b);

#endif
