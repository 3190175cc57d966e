/*
 * multisz.h - editing a REG_MULTI_SZ list of strings (the AdminExtensions
 * value: CLSIDs of Cluster Administrator extensions). Pure C over UTF-16
 * code units, so it is tested natively (tests/admin/test_multisz.c).
 */
#ifndef IG_MULTISZ_H
#define IG_MULTISZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Copies the list in (in_units code units, as read from the registry: it may
 * lack its final terminators, or be empty) to out, without the strings equal
 * to item (ASCII case ignored, as CLSIDs are compared), and with item
 * appended once at the end when add is true - or left where it was when it
 * was already there. Empty strings are dropped (an empty string ends a
 * MULTI_SZ). The result always ends with two NULs, except an empty list,
 * which is a single NUL.
 *
 * Returns the code units written, terminators included, or 0 when out_cap
 * is too small. *changed tells whether the list differs from the input's
 * strings (item added, item removed, duplicates of item dropped).
 */
size_t ig_multisz_edit(const uint16_t *in, size_t in_units, const uint16_t *item, bool add,
                       uint16_t *out, size_t out_cap, bool *changed);

/* Number of (non-empty) strings in a list of in_units code units. */
size_t ig_multisz_count(const uint16_t *in, size_t in_units);

/* Whether item is in the list (ASCII case ignored). */
bool ig_multisz_contains(const uint16_t *in, size_t in_units, const uint16_t *item);

#endif
