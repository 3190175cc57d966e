#include "creg.h"

#include <stdio.h>
#include <string.h>

#include "u16.h"
#include "wstr.h"

static DWORD read_one(HKEY params, ig_prop_id id, ig_settings *s, ig_prop_problem *why)
{
    const ig_prop_def *d = &ig_props[id];
    WCHAR name[64], value[IG_IMAGE_PATH_CAP + 1];
    DWORD type = 0, size = sizeof(value) - sizeof(WCHAR), err;

    ig_wfrom_utf8(name, ARRAYSIZE(name), d->name);
    ZeroMemory(value, sizeof(value));
    err = ClusterRegQueryValue(params, name, &type, (BYTE *)value, &size);
    if (err == ERROR_FILE_NOT_FOUND)
        return ERROR_SUCCESS;               /* not set: default */
    if (err == ERROR_MORE_DATA) {
        why->prop = id;
        why->error = ERROR_INVALID_PARAMETER;
        snprintf(why->reason, sizeof(why->reason), "the stored value is too long");
        return ERROR_INVALID_PARAMETER;
    }
    if (err)
        return err;

    if (d->kind == IG_KIND_DWORD) {
        if (type != REG_DWORD || size != sizeof(DWORD)) {
            why->prop = id;
            why->error = ERROR_INVALID_PARAMETER;
            snprintf(why->reason, sizeof(why->reason), "the stored value is not a DWORD");
            return ERROR_INVALID_PARAMETER;
        }
        DWORD number;
        memcpy(&number, value, sizeof(number));
        return ig_prop_set_dword(s, id, number, why);
    }
    if (type != REG_SZ && type != REG_EXPAND_SZ) {
        why->prop = id;
        why->error = ERROR_INVALID_PARAMETER;
        snprintf(why->reason, sizeof(why->reason), "the stored value is not a string");
        return ERROR_INVALID_PARAMETER;
    }
    return ig_prop_set_sz(s, id, ig_u(value), ig_u16nlen(ig_u(value), size / sizeof(WCHAR)), why);
}

DWORD ig_creg_read(HKEY params, ig_settings *s, ig_prop_problem *why)
{
    DWORD err = ERROR_SUCCESS;
    int id;

    why->prop = -1;
    why->reason[0] = '\0';
    ig_settings_default(s);
    if (!params)
        return ERROR_SUCCESS;
    for (id = 0; id < IG_P_COUNT; id++) {
        err = read_one(params, (ig_prop_id)id, s, why);
        if (err) {
            if (why->prop < 0) {
                why->prop = id;
                snprintf(why->reason, sizeof(why->reason), "it could not be read (error %lu)",
                         (unsigned long)err);
            }
            goto out;
        }
    }
    err = ig_settings_check(s, why);
out:
    if (err)
        ig_settings_default(s);
    return err;
}

static DWORD write_one(HKEY params, ig_prop_id id, const ig_settings *s)
{
    const ig_prop_def *d = &ig_props[id];
    WCHAR name[64];

    ig_wfrom_utf8(name, ARRAYSIZE(name), d->name);
    if (d->kind == IG_KIND_DWORD) {
        DWORD v = ig_prop_dword_c(s, id);
        return ClusterRegSetValue(params, name, REG_DWORD, (const BYTE *)&v, sizeof(v));
    } else {
        const WCHAR *v = ig_w(ig_prop_sz_c(s, id));
        return ClusterRegSetValue(params, name, REG_SZ, (const BYTE *)v,
                                  (DWORD)((lstrlenW(v) + 1) * sizeof(WCHAR)));
    }
}

DWORD ig_creg_write(HKEY res_key, HKEY *params, const ig_settings *next, const ig_settings *old,
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
        err = write_one(*params, (ig_prop_id)id, next);
        if (err) {
            for (undo = 0; undo < id; undo++) {
                if (present & (1u << undo))
                    write_one(*params, (ig_prop_id)undo, old);
            }
            return err;
        }
    }
    return ERROR_SUCCESS;
}
