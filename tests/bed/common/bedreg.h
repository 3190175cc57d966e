/*
 * bedreg.h - the test bed's registry helpers and the layout of the test
 * cluster database (HKLM\Cluster), one home for each:
 *
 *   - reading a REG_SZ (terminated, type checked), into the heap or a buffer;
 *   - finding an entry of a collection (Resources, ResourceTypes, Groups) by
 *     its Name value, ignoring case as the registry does;
 *   - the one GUID scheme of the test bed: an entry's key name is the MD5
 *     of its Name's UTF-8, shown as {8-4-4-4-12} lowercase hex (the same
 *     GUID as `printf %s NAME | md5sum`, which tests/wine/lib.sh's ig_guid
 *     computes), so every tool that writes a resource writes it at the
 *     same key.
 *
 * Each helper works through a bed_reg_ops: bed_reg_win32 (advapi32, for
 * the tools that write the database directly and for clusapi.dll itself)
 * or bed_reg_cluster (bedclus.c: the ClusterReg* API, for the tools that
 * go through clusapi.dll as a real tool would).
 */
#ifndef BED_BEDREG_H
#define BED_BEDREG_H

#include <windows.h>

/* The registry caps a key name at 255 characters. */
#define BED_MAX_KEY_NAME 255
/* {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx} */
#define BED_GUID_CCH 38

/* The cluster database, relative to HKEY_LOCAL_MACHINE, and its parts. */
#define BED_DB_ROOT           L"Cluster"
#define BED_DB_ROOT_SHOWN     L"HKLM\\Cluster"
#define BED_DB_RESOURCES      L"Resources"
#define BED_DB_RESOURCE_TYPES L"ResourceTypes"
#define BED_DB_GROUPS         L"Groups"
#define BED_DB_PARAMETERS     L"Parameters"

typedef struct bed_reg_ops {
    LONG (*open)(HKEY parent, const WCHAR *sub, REGSAM sam, HKEY *key);
    /* ERROR_NO_MORE_ITEMS past the last; *cch in: the buffer, out: the length. */
    LONG (*enum_key)(HKEY key, DWORD index, WCHAR *name, DWORD *cch);
    LONG (*query)(HKEY key, const WCHAR *name, DWORD *type, BYTE *data, DWORD *size);
    LONG (*close)(HKEY key);
} bed_reg_ops;

extern const bed_reg_ops bed_reg_win32;

/* A REG_SZ or REG_EXPAND_SZ value into a terminated heap buffer (free it
   with bed_free), terminated even when the stored data is not.
   ERROR_FILE_NOT_FOUND when missing, ERROR_DATATYPE_MISMATCH when not a
   string. */
DWORD bed_read_sz(const bed_reg_ops *ops, HKEY key, const WCHAR *name, WCHAR **text);
/* The same into buf (cch characters, always terminated); a longer value is
   ERROR_MORE_DATA and leaves buf empty. */
DWORD bed_read_sz_into(const bed_reg_ops *ops, HKEY key, const WCHAR *name, WCHAR *buf, DWORD cch);
void bed_free(void *p);

/* Equal as the registry compares key names: ordinal, ignoring case. */
BOOL bed_same_name(const WCHAR *a, const WCHAR *b);

/* bed_find_by_name's flags. */
#define BED_FIND_BY_ID 1   /* failing a Name, an entry whose key name is name */

/* Under parent\collection, the key name of the entry whose Name value is
   name (ignoring case); with BED_FIND_BY_ID, failing that, of the entry
   named so. An entry whose Name cannot be read is skipped: one broken entry
   must not hide the others. ERROR_NOT_FOUND when there is none (also when
   the collection is missing), else the registry's error. */
DWORD bed_find_by_name(const bed_reg_ops *ops, HKEY parent, const WCHAR *collection, const WCHAR *name,
                       unsigned flags, WCHAR id[BED_MAX_KEY_NAME + 1]);

/* The key name the test bed gives the entry of that Name (see above). */
DWORD bed_guid_for_name(const WCHAR *name, WCHAR guid[BED_GUID_CCH + 1]);

DWORD bed_write_sz(HKEY key, const WCHAR *name, const WCHAR *text);
DWORD bed_write_dword(HKEY key, const WCHAR *name, DWORD value);

/* For the tools that host the DLL in their own process (dlltest, bench):
   a resource's key, relative to HKEY_LOCAL_MACHINE, as
   "Cluster\Resources\<the GUID of its name>". */
DWORD bed_db_resource_path(const WCHAR *name, WCHAR *path, DWORD cch);
/* Makes that key afresh (whatever was there is deleted) with Name and Type,
   and its Parameters subkey; both are returned open (params may be NULL).
   Needs no HKLM\Cluster beforehand. */
DWORD bed_db_make_resource(const WCHAR *name, const WCHAR *type, HKEY *key, HKEY *params);
/* Deletes parent\\path and everything below; a missing key is no error. */
DWORD bed_delete_tree(HKEY parent, const WCHAR *path);
/* Deletes it and everything below; a missing one is no error. */
DWORD bed_db_remove_resource(const WCHAR *name);

#endif /* BED_BEDREG_H */
