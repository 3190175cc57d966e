/*
 * clusreg.h - clusreg's private interface, grouped by file: the console
 * (console.c), the arguments (clusreg.c), plain registry access (regio.c),
 * the cluster database's layout (model.c), its text form (textout.c,
 * textin.c; the pure parser is regtext.h) and the commands by object
 * (cmd_cluster.c, cmd_res.c, cmd_group.c).
 *
 * Every function returning int returns an exit status (EXIT_OK, EXIT_ERROR
 * after one line on stderr, EXIT_USAGE); every one returning DWORD returns
 * a Win32 error and prints nothing.
 */
#ifndef CLUSREG_CLUSREG_H
#define CLUSREG_CLUSREG_H

#include <windows.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "regtext.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define EXIT_OK    0
#define EXIT_ERROR 1
#define EXIT_USAGE 2

#define MAX_KEY_NAME RT_MAX_KEY_NAME
#define ROOT         L"Cluster"
#define ROOT_SHOWN   L"HKLM\\Cluster"
#define GUID_CCH     38                 /* {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx} */

/* ---- console.c ---- */

/* UTF-16 text as UTF-8: the same bytes to a console, a pipe or a file. */
BOOL write_utf8(HANDLE handle, const WCHAR *s, size_t len);
void out(const WCHAR *s);
/* "clusreg: " and the pieces, a NULL-ended list of strings; EXIT_ERROR. */
int fail(const WCHAR *first, ...);
/* "clusreg: <what>: <system message> (<err>)"; EXIT_ERROR. */
int fail_win32(DWORD err, const WCHAR *what);

/* ---- clusreg.c: arguments ---- */

struct options {
    const WCHAR *const *names;          /* accepted --options, each takes a value */
    const WCHAR *values[8];             /* last value of each (single ones) */
    const WCHAR **lists[8];             /* every value of each (repeatable ones) */
    size_t list_len[8];
    const WCHAR *positional[8];
    size_t positional_count;
};

/* Splits args into positional ones and "--name value" options. */
int parse_options(int argc, WCHAR **argv, struct options *o, const WCHAR *usage);
/* One line, the problem and the command's usage; EXIT_USAGE. */
int usage_error(const WCHAR *problem, const WCHAR *usage);

/* ---- regio.c ---- */

struct value {
    WCHAR *name;
    DWORD type;
    BYTE *data;
    DWORD size;
};

/* A REG_MULTI_SZ as a list of strings. Missing is an empty list. */
struct list {
    WCHAR **items;
    DWORD count;
};

DWORD read_values(HKEY key, struct value **out, DWORD *count);  /* sorted by name */
void free_values(struct value *values, DWORD count);
DWORD read_subkeys(HKEY key, WCHAR ***out, DWORD *count);       /* sorted */
void free_strings(WCHAR **strings, DWORD count);
/* ERROR_FILE_NOT_FOUND when missing, ERROR_DATATYPE_MISMATCH when not a
   REG_SZ or REG_EXPAND_SZ. */
DWORD read_sz(HKEY key, const WCHAR *name, WCHAR **out);
DWORD write_sz(HKEY key, const WCHAR *name, const WCHAR *text);
DWORD write_dword(HKEY key, const WCHAR *name, DWORD value);
DWORD read_list(HKEY key, const WCHAR *name, struct list *l);
DWORD write_list(HKEY key, const WCHAR *name, const struct list *l);
DWORD list_add(struct list *l, const WCHAR *s);
BOOL list_has(const struct list *l, const WCHAR *s);
void list_free(struct list *l);

/* ---- model.c ---- */

BOOL parse_dword(const WCHAR *s, DWORD *out);
BOOL valid_key_name(const WCHAR *name);
BOOL normalize_guid(const WCHAR *in, WCHAR out[GUID_CCH + 1]);
DWORD new_guid(WCHAR out[GUID_CCH + 1]);
int compare_names(const WCHAR *a, const WCHAR *b);     /* the registry's order */
BOOL same_name(const WCHAR *a, const WCHAR *b);        /* ignoring case */

DWORD open_root(BOOL create, HKEY *root);
int open_root_or_fail(BOOL create, HKEY *root);
DWORD delete_root(void);
DWORD find_named(HKEY root, const WCHAR *collection, const WCHAR *name, BOOL by_id,
                 WCHAR id[MAX_KEY_NAME + 1]);
int find_resource_or_fail(HKEY root, const WCHAR *name, WCHAR id[MAX_KEY_NAME + 1]);
/* HKLM\Cluster and the named resource's id; on a failure *root is NULL. */
int open_resource_or_fail(const WCHAR *name, HKEY *root, WCHAR id[MAX_KEY_NAME + 1]);
DWORD open_entry(HKEY root, const WCHAR *collection, const WCHAR *id, const WCHAR *sub,
                 BOOL create, HKEY *key);
DWORD delete_entry(HKEY root, const WCHAR *collection, const WCHAR *id);
DWORD find_resource_of_type(HKEY root, const WCHAR *type, WCHAR **name);
DWORD find_group_of(HKEY root, const WCHAR *id, const WCHAR *except, WCHAR **group_name);
DWORD ungroup(HKEY root, const WCHAR *id);

/* ---- textout.c ---- */

BOOL is_sz_data(const BYTE *data, DWORD size);
BOOL is_multi_sz_data(const BYTE *data, DWORD size);
void add_data(struct rt_text *t, DWORD type, const BYTE *data, DWORD size);
void add_value_line(struct rt_text *t, const struct value *v);
int dump_database(struct rt_text *t);

/* ---- cmd_cluster.c: poll options, shared by types and resources ---- */

/* Optional --looksalive/--isalive/--pending values, already validated. */
struct poll_options {
    BOOL has[3];
    DWORD value[3];
};

/* parse_options, with o->names[0..2] --looksalive, --isalive, --pending:
   those as numbers of milliseconds into poll. */
int parse_options_with_poll(int argc, WCHAR **argv, struct options *o,
                            struct poll_options *poll, const WCHAR *usage);
DWORD write_poll_options(HKEY key, const struct poll_options *poll);

/* ---- the commands: argv after the command's words, and its usage line ---- */

int cmd_init(int argc, WCHAR **argv, const WCHAR *usage);
int cmd_destroy(int argc, WCHAR **argv, const WCHAR *usage);
int cmd_type_add(int argc, WCHAR **argv, const WCHAR *usage);
int cmd_type_remove(int argc, WCHAR **argv, const WCHAR *usage);
int cmd_res_add(int argc, WCHAR **argv, const WCHAR *usage);
int cmd_res_remove(int argc, WCHAR **argv, const WCHAR *usage);
int cmd_res_set(int argc, WCHAR **argv, const WCHAR *usage);
int cmd_res_unset(int argc, WCHAR **argv, const WCHAR *usage);
int cmd_res_get(int argc, WCHAR **argv, const WCHAR *usage);
int cmd_res_owners(int argc, WCHAR **argv, const WCHAR *usage);
int cmd_group_add(int argc, WCHAR **argv, const WCHAR *usage);
int cmd_group_remove(int argc, WCHAR **argv, const WCHAR *usage);
int cmd_dump(int argc, WCHAR **argv, const WCHAR *usage);
int cmd_export(int argc, WCHAR **argv, const WCHAR *usage);
int cmd_import(int argc, WCHAR **argv, const WCHAR *usage);

#endif
