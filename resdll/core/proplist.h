/*
 * proplist.h - CLUSPROP property lists, encoded and decoded by hand
 * (the DLL imports nothing from resutils.dll).
 *
 * Layout (all little-endian DWORDs, every entry padded to 4 bytes):
 *   DWORD count
 *   count times:
 *     { CLUSPROP_SYNTAX_NAME, cbLength, WCHAR name[] incl. NUL, pad }
 *     { value syntax, cbLength, data, pad }
 *     { CLUSPROP_SYNTAX_ENDMARK }
 */
#ifndef IG_PROPLIST_H
#define IG_PROPLIST_H

#include <stddef.h>
#include <stdint.h>

#include "props.h"

/* Syntax values, from the CLUSPROP_SYNTAX enumeration (checked against the
   SDK in resdll/win/check_consts.c). */
#define IG_SYNTAX_ENDMARK            0x00000000u
#define IG_SYNTAX_NAME               0x00040003u
#define IG_SYNTAX_RESCLASS           0x00020002u
#define IG_SYNTAX_LIST_VALUE_BINARY  0x00010001u
#define IG_SYNTAX_LIST_VALUE_DWORD   0x00010002u
#define IG_SYNTAX_LIST_VALUE_SZ      0x00010003u
#define IG_SYNTAX_LIST_VALUE_EXPAND_SZ 0x00010004u

/* ---- decoding ---- */

typedef struct ig_prop_value {
    const uint16_t *name;     /* not aligned: read it with ig_unaligned_u16 */
    size_t name_len;          /* code units, without the NUL                */
    int id;                   /* the property it names                      */
    uint32_t syntax;          /* of its value                               */
    const uint8_t *data;
    uint32_t data_len;        /* cbLength                                   */
    size_t offset;            /* of the name entry, for error messages      */
} ig_prop_value;

/* Walking a list: its count (checked against its length), then for each
   property from *pos its name and value (a name in `seen`, bits 1 << id, is
   refused as appearing twice), then its end mark. An unknown name is
   refused (ERROR_INVALID_PARAMETER), a malformed entry is
   ERROR_INVALID_DATA; *why says which, as ig_proplist_apply does. */
uint32_t ig_proplist_begin(const uint8_t *buf, size_t len, uint32_t *count, size_t *pos,
                           ig_prop_problem *why);
uint32_t ig_proplist_next(const uint8_t *buf, size_t len, size_t *pos, uint32_t seen, ig_prop_value *v,
                          ig_prop_problem *why);
uint32_t ig_proplist_end(const uint8_t *buf, size_t len, size_t *pos, ig_prop_problem *why);

/*
 * Applies every property of the list to *s (which should start as the
 * current settings); stops at the first problem, which *why describes.
 * *present gets a bit (1 << id) for each property the list names.
 * Returns ERROR_INVALID_DATA for a malformed list, ERROR_INVALID_PARAMETER
 * for an unknown name, a wrong syntax or a refused value, ERROR_SUCCESS
 * otherwise. Cross-property rules are checked too. On failure *s may be
 * partly changed: callers work on a copy.
 */
uint32_t ig_proplist_apply(const uint8_t *buf, size_t len, ig_settings *s, uint32_t *present,
                           ig_prop_problem *why);

/* The same without the cross-property rules: each value is checked on its
   own (for a caller that judges the merged result itself: stored.h). */
uint32_t ig_proplist_apply_values(const uint8_t *buf, size_t len, ig_settings *s, uint32_t *present,
                                  ig_prop_problem *why);

/* ---- encoding ---- */

/* Writes as much as fits; `needed` always grows by the full size, so a
   short buffer yields ERROR_MORE_DATA with the size required. */
typedef struct ig_writer {
    uint8_t *buf;
    size_t cap;
    size_t needed;
} ig_writer;

void ig_writer_init(ig_writer *w, void *buf, size_t cap);
void ig_writer_dword(ig_writer *w, uint32_t v);
void ig_writer_bytes(ig_writer *w, const void *p, size_t n);
void ig_writer_pad(ig_writer *w);
/* A { syntax, cbLength, UTF-16 string + NUL } entry from a UTF-16 string. */
void ig_writer_sz_entry(ig_writer *w, uint32_t syntax, const uint16_t *s, size_t n);
/* The same from an ASCII string. */
void ig_writer_sz_entry_ascii(ig_writer *w, uint32_t syntax, const char *s);
/* ERROR_SUCCESS, or ERROR_MORE_DATA when it did not fit. */
uint32_t ig_writer_status(const ig_writer *w);

/* The property list of all settings (GET_PRIVATE_PROPERTIES). */
void ig_proplist_encode(ig_writer *w, const ig_settings *s);
/* One property's { name, value, end mark } of that list. */
void ig_proplist_encode_one(ig_writer *w, const ig_settings *s, ig_prop_id id);

/* A whole list of the properties whose bit (1 << id) is set in which (a
   SET of what changed). */
void ig_proplist_encode_some(ig_writer *w, const ig_settings *s, uint32_t which);

/* The MULTI_SZ of the property names (ENUM_PRIVATE_PROPERTIES). */
void ig_proplist_enum_names(ig_writer *w);

/* A list with a count of zero (read-only private properties: none). */
void ig_proplist_empty(ig_writer *w);

uint16_t ig_unaligned_u16(const void *p);
uint32_t ig_unaligned_u32(const void *p);

#endif
