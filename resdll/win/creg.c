#include "creg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wstr.h"

static void name_of(ig_prop_id id, WCHAR name[64])
{
    ig_wfrom_utf8(name, 64, ig_props[id].name);
}

/* One value as stored, whatever its type and size. Online reads every
   property each time: one call each in the usual case (a DWORD or a short
   string fits the first buffer), a second one with the size it asked for
   otherwise. */
static DWORD read_one(HKEY params, ig_prop_id id, ig_stored *st)
{
    WCHAR name[64];
    BYTE first[256];
    DWORD type = 0, size = sizeof(first), err;
    BYTE *data = NULL, *got = first;
    int tries;

    name_of(id, name);
    err = ClusterRegQueryValue(params, name, &type, first, &size);
    /* It may grow between two calls (another tool writing): ask again. */
    for (tries = 0; err == ERROR_MORE_DATA && tries < 4; tries++) {
        BYTE *bigger = realloc(data, size ? size : 1);
        if (!bigger) {
            err = ERROR_NOT_ENOUGH_MEMORY;
            break;
        }
        data = got = bigger;
        err = ClusterRegQueryValue(params, name, &type, data, &size);
    }
    if (err == ERROR_FILE_NOT_FOUND)
        err = ERROR_SUCCESS;                /* not set: the default */
    else if (!err && !ig_stored_put(st, id, type, got, size))
        err = ERROR_NOT_ENOUGH_MEMORY;
    free(data);
    return err;
}

DWORD ig_creg_read_stored(HKEY params, ig_stored *st, ig_prop_problem *why)
{
    DWORD err;
    int id;

    ig_stored_init(st);
    why->prop = -1;
    why->reason[0] = '\0';
    if (!params)
        return ERROR_SUCCESS;
    for (id = 0; id < IG_P_COUNT; id++) {
        err = read_one(params, (ig_prop_id)id, st);
        if (err) {
            why->prop = id;
            why->error = err;
            snprintf(why->reason, sizeof(why->reason), "it could not be read (error %lu)", (unsigned long)err);
            return err;
        }
    }
    return ERROR_SUCCESS;
}

DWORD ig_creg_read(HKEY params, ig_settings *s, ig_prop_problem *why)
{
    ig_stored *st = malloc(sizeof(*st));
    DWORD err;

    ig_settings_default(s);
    if (!st) {
        why->prop = -1;
        why->error = ERROR_NOT_ENOUGH_MEMORY;
        snprintf(why->reason, sizeof(why->reason), "there was not enough memory to read them");
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    err = ig_creg_read_stored(params, st, why);
    if (!err)
        err = ig_stored_settings(st, s, why);
    ig_stored_free(st);
    free(st);
    return err;
}

WCHAR *ig_prop_problem_text(const WCHAR *resource, const ig_prop_problem *why)
{
    WCHAR reason[ARRAYSIZE(why->reason)];

    ig_wfrom_utf8(reason, ARRAYSIZE(reason), why->reason);
    if (why->prop >= 0) {
        WCHAR prop[64];
        ig_wfrom_utf8(prop, ARRAYSIZE(prop), ig_props[why->prop].name);
        return ig_wformat(L"The private property %ls is not valid: %ls. Correct it with Cluster Administrator "
                          L"or 'cluster resource \"%ls\" /priv'.",
                          prop, reason, resource);
    }
    return ig_wformat(L"The property list was refused: %ls.", reason);
}

static DWORD write_one(HKEY params, ig_prop_id id, const ig_settings *s, DWORD sz_type)
{
    WCHAR name[64];

    name_of(id, name);
    if (ig_props[id].kind == IG_KIND_DWORD) {
        DWORD v = ig_prop_dword_c(s, id);
        return ClusterRegSetValue(params, name, REG_DWORD, (const BYTE *)&v, sizeof(v));
    } else {
        const WCHAR *v = ig_w(ig_prop_sz_c(s, id));
        return ClusterRegSetValue(params, name, sz_type, (const BYTE *)v,
                                  (DWORD)((lstrlenW(v) + 1) * sizeof(WCHAR)));
    }
}

/* Puts one value back as it was stored before a failed write. */
static void restore_one(HKEY params, ig_prop_id id, const ig_stored *old)
{
    const ig_stored_value *v = &old->value[id];
    WCHAR name[64];

    name_of(id, name);
    switch (v->state) {
    case IG_STORED_MISSING:
        ClusterRegDeleteValue(params, name);
        break;
    case IG_STORED_INVALID:
        ClusterRegSetValue(params, name, v->type, v->raw, (DWORD)v->raw_len);
        break;
    case IG_STORED_VALID:
        write_one(params, id, &old->settings, v->type == REG_EXPAND_SZ ? REG_EXPAND_SZ : REG_SZ);
        break;
    }
}

DWORD ig_creg_write(HKEY res_key, HKEY *params, const ig_settings *next, const ig_stored *old,
                    uint32_t present)
{
    DWORD err = ERROR_SUCCESS, disposition;
    int id, undo;

    if (!*params) {
        err = ClusterRegCreateKey(res_key, L"Parameters", 0, KEY_ALL_ACCESS, NULL, params, &disposition);
        if (err) {
            *params = NULL;
            return err;
        }
    }
    for (id = 0; id < IG_P_COUNT; id++) {
        if (!(present & (1u << id)))
            continue;
        err = write_one(*params, (ig_prop_id)id, next, REG_SZ);
        if (err) {
            for (undo = 0; undo < id; undo++) {
                if (present & (1u << undo))
                    restore_one(*params, (ig_prop_id)undo, old);
            }
            return err;
        }
    }
    return ERROR_SUCCESS;
}
