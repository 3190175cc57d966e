/*
 * storedlist.c - the values stored under a resource key's Parameters, as
 * the property list a cluster hands to VALIDATE_PRIVATE_PROPERTIES when an
 * administrator sets them. Encoded with the DLL core's own writer
 * (resdll/core/proplist.h): the layout has one home.
 */
#include "resmon.h"
#include "proplist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IG_SYNTAX_LIST_VALUE_MULTI_SZ 0x00010005u

/* One value's { syntax, cbLength, data, pad } entry. */
static void value_entry(ig_writer *w, DWORD type, const BYTE *data, DWORD size)
{
    switch (type) {
    case REG_DWORD:
        ig_writer_dword(w, IG_SYNTAX_LIST_VALUE_DWORD);
        break;
    case REG_SZ:
        ig_writer_dword(w, IG_SYNTAX_LIST_VALUE_SZ);
        break;
    case REG_EXPAND_SZ:
        ig_writer_dword(w, IG_SYNTAX_LIST_VALUE_EXPAND_SZ);
        break;
    case REG_MULTI_SZ:
        ig_writer_dword(w, IG_SYNTAX_LIST_VALUE_MULTI_SZ);
        break;
    default:
        ig_writer_dword(w, IG_SYNTAX_LIST_VALUE_BINARY);
        break;
    }
    ig_writer_dword(w, size);
    ig_writer_bytes(w, data, size);
    ig_writer_pad(w);
}

/* Writes the list into w (a sizing pass when w has no buffer); params
 * may be NULL when count is 0. */
static DWORD encode(HKEY params, ig_writer *w, DWORD count)
{
    WCHAR name[16384];
    BYTE data[8192];
    DWORD i, name_len, type, size, err;

    ig_writer_dword(w, count);
    for (i = 0; i < count; i++) {
        name_len = ARRAYSIZE(name);
        size = sizeof(data);
        err = RegEnumValueW(params, i, name, &name_len, NULL, &type, data, &size);
        if (err)
            return err;
        ig_writer_sz_entry(w, IG_SYNTAX_NAME, (const uint16_t *)name, name_len);
        value_entry(w, type, data, size);
        ig_writer_dword(w, IG_SYNTAX_ENDMARK);
    }
    return ERROR_SUCCESS;
}

DWORD stored_proplist(HKEY key, BYTE **list, DWORD *size, reason_t reason)
{
    HKEY params = NULL;
    DWORD err, count = 0;
    ig_writer w;
    char err8[256];

    *list = NULL;
    *size = 0;
    err = RegOpenKeyExW(key, L"Parameters", 0, KEY_READ, &params);
    if (err == ERROR_FILE_NOT_FOUND) {
        err = ERROR_SUCCESS;        /* nothing stored: every default */
    } else if (!err) {
        err = RegQueryInfoKeyW(params, NULL, NULL, NULL, NULL, NULL, NULL, &count, NULL, NULL,
                               NULL, NULL);
    }
    if (!err) {
        ig_writer_init(&w, NULL, 0);
        if (!(err = encode(params, &w, count))) {
            *list = xmalloc(w.needed);
            *size = (DWORD)w.needed;
            ig_writer_init(&w, *list, *size);
            err = encode(params, &w, count);
        }
    }
    if (err) {
        snprintf(reason, sizeof(reason_t), "cannot read the resource's Parameters: %s",
                 errtext(err, err8, sizeof(err8)));
        free(*list);
        *list = NULL;
    }
    if (params)
        RegCloseKey(params);
    return err;
}
