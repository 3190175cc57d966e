/*
 * cluster.h - the test bed's cluster.exe: shared internals.
 *
 * cluster.c   the command line: the cluster, restype, resource and the
 *             admin extension commands
 * cluprops.c  property lists: `name=value[,value...][:FORMAT]` arguments,
 *             the listings of /prop and /priv, storing them, and the common
 *             properties of types and resources
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

enum clu_object_kind { CLU_RESOURCE_TYPE, CLU_RESOURCE };

/* /prop or /priv on an object's key (private: its Parameters subkey):
   lists them, or with name=value arguments stores them; the exit status. */
int clu_props_command(HKEY key, enum clu_object_kind kind, BOOL priv, const WCHAR *object,
                      int argc, WCHAR **argv);

/* Case-insensitive whole-string comparison. */
BOOL clu_same(const WCHAR *a, const WCHAR *b);

#endif
