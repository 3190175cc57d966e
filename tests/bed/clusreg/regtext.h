/*
 * regtext.h - clusreg's text form of the cluster database, the pure part:
 * a growable UTF-16 text, the number parser, and the import parser with
 * every limit the registry enforces checked up front. Plain C11 with no
 * <windows.h>, so it is fuzzed natively (tests/fuzz/fuzz_regtext.c).
 * The form itself: tests/bed/clusreg/NOTES.md.
 */
#ifndef CLUSREG_REGTEXT_H
#define CLUSREG_REGTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A UTF-16 code unit: WCHAR on Windows (the same type under mingw). */
typedef uint16_t rt_char;

/* Registry value types the text form names. */
#define RT_REG_SZ        1u
#define RT_REG_EXPAND_SZ 2u
#define RT_REG_BINARY    3u
#define RT_REG_DWORD     4u
#define RT_REG_MULTI_SZ  7u
#define RT_REG_QWORD     11u

/*
 * The registry's limits, refused at parse time so that a write cannot fail
 * on them halfway (or, under Wine, silently truncate):
 * - a key name is 255 characters, a value name 16,383 (Microsoft's
 *   "Registry element size limits");
 * - a value of at most 1 MB (the limit of the standard registry format);
 * - a key path of at most 512 levels (Windows' limit) and 32,000
 *   characters below HKLM: the kernel's path of a key ("\REGISTRY\MACHINE\"
 *   and the rest) must fit a UNICODE_STRING (32,767 characters), and Wine
 *   cuts longer paths short without an error (about 131 levels of
 *   250-character names).
 */
#define RT_MAX_KEY_NAME    255u
#define RT_MAX_VALUE_NAME  16383u
#define RT_MAX_VALUE_SIZE  (1024u * 1024u)
#define RT_MAX_KEY_DEPTH   512u
#define RT_MAX_KEY_PATH    32000u

/* ---- text ---- */

struct rt_text {
    rt_char *data;          /* always terminated once anything was added */
    size_t len, cap;
    bool failed;            /* out of memory: every later add is ignored */
};

size_t rt_len(const rt_char *s);
void rt_text_add_n(struct rt_text *t, const rt_char *s, size_t n);
void rt_text_add(struct rt_text *t, const rt_char *s);
void rt_text_add_ascii(struct rt_text *t, const char *s);
void rt_text_add_char(struct rt_text *t, rt_char c);
void rt_text_add_u64(struct rt_text *t, uint64_t value);
void rt_text_add_hex_byte(struct rt_text *t, uint8_t b);
void rt_text_free(struct rt_text *t);

/* Decimal, or hex after 0x; nothing else, no sign, at most max. */
bool rt_parse_u64(const rt_char *s, uint64_t max, uint64_t *out);

/* ---- the import parser ---- */

struct rt_value {
    size_t key;             /* index into keys */
    rt_char *name;
    uint32_t type;
    uint8_t *data;
    uint32_t size;
};

struct rt_parsed {
    rt_char **keys;         /* paths relative to HKLM, starting "Cluster" */
    size_t key_count, key_cap;
    struct rt_value *values;
    size_t value_count, value_cap;
};

void rt_parsed_free(struct rt_parsed *p);

/*
 * Parses a whole file's text (terminated; changed in place) into p. Returns
 * NULL, or the problem (an English phrase) with *line its line number
 * (0: the file as a whole). Nothing in p is valid after a problem but what
 * rt_parsed_free releases.
 */
const char *rt_parse_text(rt_char *text, struct rt_parsed *p, unsigned *line);

#endif
