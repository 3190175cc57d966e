/*
 * cluster.h - the test bed's cluster.exe: shared internals.
 *
 * cluster.c   the command line: the cluster, restype, resource and the
 *             admin extension commands
 * cludb.c     the database through clusapi.dll: lookups by Name, listings,
 *             deleting a key tree, /prop and /priv
 * cluprops.c  property lists: `name=value[,value...][:FORMAT]` arguments,
 *             the listings of /prop and /priv, storing them
 */
#ifndef CLUSBED_CLUSTER_H
#define CLUSBED_CLUSTER_H

#include "cluswin.h"

/* One property with a fixed meaning (a common property); private
   properties have no table: any name, the type from the value. */
typedef struct clu_prop_rule {
    const WCHAR *name;
    DWORD type;              /* REG_DWORD, REG_SZ, REG_MULTI_SZ */
    BOOL read_only;
} clu_prop_rule;

typedef struct clu_props {
    const clu_prop_rule *rules;   /* NULL: private properties       */
    size_t count;
} clu_props;

/* Prints "System error N has occurred (0x...)." and the system's text, as
   Microsoft's cluster.exe does; returns err (the exit status). */
int clu_fail(DWORD err);

/* Lists the properties in key (common: those of the table that are set;
   private: every value) under cluster.exe's heading for object. */
DWORD clu_props_show(HKEY key, const clu_props *p, const WCHAR *column, const WCHAR *object);

/* Parses every name=value argument first (nothing is written when one is
   bad: ERROR_INVALID_PARAMETER and a line naming it), then stores them. */
DWORD clu_props_set(HKEY key, const clu_props *p, int argc, WCHAR **argv);

/* ------------------------------------------------ the database (cludb.c) */
/* HKLM\Cluster as GetClusterKey gave it. */
HKEY clu_root(void);
void clu_set_root(HKEY key);
BOOL nth_object(HKEY parent, DWORD i, WCHAR id[256], WCHAR name[256], WCHAR *type);
DWORD find_by_name(const WCHAR *folder, const WCHAR *name, BOOL key_name_too, WCHAR id[256]);
DWORD open_named(const WCHAR *folder, const WCHAR *name, BOOL key_name_too, DWORD not_found, HKEY *key,
                 WCHAR id[256]);
DWORD open_type(const WCHAR *type, HKEY *key);
DWORD open_resource(const WCHAR *name, HKEY *key, WCHAR id[256]);
void group_of(const WCHAR *id, WCHAR *out, DWORD cap);
int list_resources(const WCHAR *type_key, BOOL print);
DWORD delete_tree(HKEY parent, const WCHAR *name);
int props_command(HKEY key, BOOL priv, const clu_props *common, const WCHAR *column, const WCHAR *object,
                  int argc, WCHAR **argv);

/* Case-insensitive whole-string comparison. */
BOOL clu_same(const WCHAR *a, const WCHAR *b);

#endif
