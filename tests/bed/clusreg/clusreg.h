/*
 * clusreg.h - what the parts of clusreg.exe share (clusreg.c says what the
 * program is):
 *
 *   clusreg.c          the command table and wmain
 *   clusreg_out.c      messages and usage
 *   clusreg_args.c     arguments
 *   clusreg_model.c    the registry as clusreg reads and writes it
 *   clusreg_text.c     the text form: dump, export, import
 *   clusreg_cmd_db.c   init, destroy, type, group, dump, export, import
 *   clusreg_cmd_res.c  res add, remove, set, unset, get, owners
 *   regtext.c          the pure text-form parser (fuzzed natively)
 */
#ifndef CLUSREG_CLUSREG_H
#define CLUSREG_CLUSREG_H

#include <windows.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "bedreg.h"
#include "regtext.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define EXIT_OK    0
#define EXIT_ERROR 1
#define EXIT_USAGE 2

#define MAX_KEY_NAME RT_MAX_KEY_NAME
#define ROOT         BED_DB_ROOT
#define ROOT_SHOWN   BED_DB_ROOT_SHOWN
#define GUID_CCH     BED_GUID_CCH

struct options {
    const WCHAR *const *names;          /* accepted --options, each takes a value */
    const WCHAR *values[8];             /* last value of each (single ones) */
    const WCHAR **lists[8];             /* every value of each (repeatable ones) */
    size_t list_len[8];
    const WCHAR *positional[8];
    size_t positional_count;
};

/* Optional --looksalive/--isalive/--pending values, already validated. */
struct poll_options {
    BOOL has[3];
    DWORD value[3];
};

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

/* Each command's usage line, in the order of usage_all (clusreg_out.c). */
extern const WCHAR *const usages[];

/* clusreg_out.c */
BOOL write_utf8(HANDLE handle, const WCHAR *s, size_t len);
void out(const WCHAR *s);
int fail(const WCHAR *first, ...);
int fail_win32(DWORD err, const WCHAR *what);
int usage_all(void);
int usage_error(const WCHAR *problem, const WCHAR *usage);

/* clusreg_args.c */
int parse_options(int argc, WCHAR **argv, struct options *o,
                  const WCHAR *usage);
BOOL parse_dword(const WCHAR *s, DWORD *out);
BOOL valid_key_name(const WCHAR *name);
BOOL normalize_guid(const WCHAR *in, WCHAR out[GUID_CCH + 1]);
int parse_poll_options(const struct options *o, size_t first,
                       struct poll_options *poll, const WCHAR *usage);
DWORD write_poll_options(HKEY key, const struct poll_options *poll);

/* clusreg_model.c */
DWORD open_root(BOOL create, HKEY *root);
int open_root_or_fail(BOOL create, HKEY *root);
void free_values(struct value *values, DWORD count);
DWORD read_values(HKEY key, struct value **out, DWORD *count);
void free_strings(WCHAR **strings, DWORD count);
DWORD read_subkeys(HKEY key, WCHAR ***out, DWORD *count);
void list_free(struct list *l);
DWORD list_add(struct list *l, const WCHAR *s);
BOOL list_has(const struct list *l, const WCHAR *s);
DWORD read_list(HKEY key, const WCHAR *name, struct list *l);
DWORD write_list(HKEY key, const WCHAR *name, const struct list *l);
DWORD find_named(HKEY root, const WCHAR *collection, const WCHAR *name,
                 BOOL by_id, WCHAR id[MAX_KEY_NAME + 1]);
int find_resource_or_fail(HKEY root, const WCHAR *name,
                          WCHAR id[MAX_KEY_NAME + 1]);
int open_resource_or_fail(const WCHAR *name, HKEY *root, WCHAR id[MAX_KEY_NAME + 1]);
DWORD open_entry(HKEY root, const WCHAR *collection, const WCHAR *id,
                 const WCHAR *sub, BOOL create, HKEY *key);
DWORD delete_entry(HKEY root, const WCHAR *collection, const WCHAR *id);

/* clusreg_text.c */
BOOL is_sz_data(const BYTE *data, DWORD size);
BOOL is_multi_sz_data(const BYTE *data, DWORD size);
void add_data(struct rt_text *t, DWORD type, const BYTE *data, DWORD size);
void add_value_line(struct rt_text *t, const struct value *v);
int dump_database(struct rt_text *t);
int read_text_file(const WCHAR *file, WCHAR **out);
int parse_text(const WCHAR *file, WCHAR *text, struct rt_parsed *p);
unsigned long writes_until_failure(void);
DWORD write_parsed(const struct rt_parsed *p, unsigned long fail_at);

/* clusreg_cmd_db.c */
int cmd_init(int argc, WCHAR **argv);
int cmd_destroy(int argc, WCHAR **argv);
int cmd_type_add(int argc, WCHAR **argv);
int cmd_type_remove(int argc, WCHAR **argv);
int cmd_group_add(int argc, WCHAR **argv);
int cmd_group_remove(int argc, WCHAR **argv);
int cmd_dump(int argc, WCHAR **argv);
int cmd_export(int argc, WCHAR **argv);
int cmd_import(int argc, WCHAR **argv);

/* clusreg_cmd_res.c */
int cmd_res_add(int argc, WCHAR **argv);
int cmd_res_remove(int argc, WCHAR **argv);
int cmd_res_set(int argc, WCHAR **argv);
int cmd_res_owners(int argc, WCHAR **argv);
int cmd_res_unset(int argc, WCHAR **argv);
int cmd_res_get(int argc, WCHAR **argv);
DWORD find_group_of(HKEY root, const WCHAR *id, const WCHAR *except,
                    WCHAR **group_name);

#endif /* CLUSREG_CLUSREG_H */
