/*
 * scn_int.h - the scenario parser's parts, between its files:
 *   scn.c       names and values, words, the file and its statements
 *   scn_decl.c  cluster, node, group and resource declarations
 *   scn_step.c  steps and their expectations
 */
#ifndef FO_SCN_INT_H
#define FO_SCN_INT_H

#include <stddef.h>
#include <stdint.h>

#include "imsguard.h"
#include "preflight.h"
#include "props.h"
#include "scn.h"
#include "u16.h"

#define MAX_WORDS 48

struct parser {
    const char *file;
    int line;
    char *err;
    size_t err_size;
    struct fo_scenario *s;
    int seen_step;
    int seen_group, seen_resource, seen_cluster;
    int resource_line;
    long last_abs_ms;
    long earliest_end_ms;       /* the previous step's end, at the earliest */
    ig_settings props;          /* the initial properties, as the DLL would hold them */
    int prop_line[IG_P_COUNT];  /* where each was set; 0 = the default */
    int last_prop_line;
};

/* scn.c */
/* "file:line: message" into p->err; returns -1. */
int scn_fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Equal ignoring ASCII case. */
int scn_same(const char *a, const char *b);
int scn_parse_u32(const char *text, uint32_t *out);
int scn_node_name_ok(const char *name);
/* Copies src when it fits (1), else leaves dst alone (0). */
int scn_copy(char *dst, size_t size, const char *src);
/* "key=value": returns value and puts the key in key, or NULL. */
const char *scn_kv(const char *word, char *key, size_t key_size);
/* The declared nodes' names, for messages. */
void scn_node_list(const struct fo_scenario *s, char *list, size_t size);
/* want_*: the value, or an error naming what it is for (-1). */
int scn_want_node(struct parser *p, const char *name, const char *what, int *out);
int scn_want_duration(struct parser *p, const char *text, const char *what, long *out);
int scn_want_u32(struct parser *p, const char *text, const char *what, uint32_t *out);

/* scn_decl.c */
int scn_parse_prop(struct parser *p, const char *word, struct fo_prop *prop);
int scn_check_initial_prop(struct parser *p, const struct fo_prop *prop);
int scn_check_initial_props(struct parser *p);
int scn_parse_cluster(struct parser *p, char **w, int n);
int scn_apply_era(struct parser *p);
int scn_parse_node(struct parser *p, char **w, int n);
int scn_parse_group(struct parser *p, char **w, int n);
int scn_parse_resource(struct parser *p, char **w, int n);

/* scn_step.c */
int scn_parse_step(struct parser *p, char **w, int n, const char *raw);

#endif
