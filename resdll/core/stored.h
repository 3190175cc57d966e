/*
 * stored.h - the private properties as the cluster database holds them,
 * before defaults fill the gaps: each value missing, valid, or invalid (as
 * another tool may have written it). GET shows this truthfully, VALIDATE
 * and SET judge a change merged with it, Online refuses it when invalid.
 */
#ifndef IG_STORED_H
#define IG_STORED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "props.h"
#include "proplist.h"

/* Registry value types (checked against the SDK in resdll/win/check_consts.c). */
#define IG_REG_SZ        1u
#define IG_REG_EXPAND_SZ 2u
#define IG_REG_BINARY    3u
#define IG_REG_DWORD     4u
#define IG_REG_MULTI_SZ  7u

typedef enum ig_stored_state {
    IG_STORED_MISSING = 0,   /* not in the database: the default applies */
    IG_STORED_VALID,         /* in `settings`                            */
    IG_STORED_INVALID        /* kept as stored in raw/raw_len; why says  */
} ig_stored_state;

typedef struct ig_stored_value {
    ig_stored_state state;
    uint32_t type;           /* registry type as stored (VALID, INVALID)  */
    uint8_t *raw;            /* INVALID: the bytes as stored (owned)      */
    size_t raw_len;
    ig_prop_problem why;     /* INVALID: what is wrong with it            */
} ig_stored_value;

typedef struct ig_stored {
    ig_settings settings;    /* defaults, with every VALID value applied  */
    ig_stored_value value[IG_P_COUNT];
} ig_stored;

/* Every property missing: the defaults. */
void ig_stored_init(ig_stored *st);
/* Every property VALID with the value in s (as if a SET had stored it). */
void ig_stored_from_settings(ig_stored *st, const ig_settings *s);
void ig_stored_free(ig_stored *st);

/*
 * Records one value as read from the database (type and bytes, as the
 * registry returns them). A string is what precedes its first NUL.
 * Returns false only when memory for an invalid value's copy ran out.
 */
bool ig_stored_put(ig_stored *st, ig_prop_id id, uint32_t type, const void *data, size_t len);

/*
 * A GET_PRIVATE_PROPERTIES answer (ig_stored_encode's) back into *st
 * (initialised by the caller): each value judged as ig_stored_put judges
 * it, so an invalid one is INVALID with the DLL's own reason. Fails only
 * for a malformed list or an unknown name (*why says which).
 */
uint32_t ig_stored_decode(const uint8_t *buf, size_t len, ig_stored *st, ig_prop_problem *why);

/* The first INVALID property, or -1. */
int ig_stored_first_invalid(const ig_stored *st);

/*
 * The settings Online would use: every single value valid, then the rules
 * that join two values. On failure *why names the property (for the
 * version pair: the one stored, when only one is) and *s holds the defaults.
 */
uint32_t ig_stored_settings(const ig_stored *st, ig_settings *s, ig_prop_problem *why);

/*
 * Judges a change (merged: the stored settings with a list applied; present:
 * the properties the list named) against what is stored: the version pair
 * first (naming both), then any invalid stored value the change leaves as
 * it is (naming it: it must be corrected in the same change).
 */
uint32_t ig_stored_judge(const ig_stored *st, const ig_settings *merged, uint32_t present,
                         ig_prop_problem *why);

/*
 * GET_PRIVATE_PROPERTIES: every property, valid and missing ones as
 * ig_proplist_encode does, an invalid one as stored (REG_DWORD of 4 bytes as
 * a DWORD, REG_SZ / REG_EXPAND_SZ as that string, anything else as BINARY).
 */
void ig_stored_encode(ig_writer *w, const ig_stored *st);

#endif
