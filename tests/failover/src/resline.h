/*
 * resline.h - parses the Resource Monitor emulator's report lines
 * (tests/bed/resmon/resmon.c, PROTOCOL): "KIND key=value key="quoted \" value" ...".
 * Pure C11.
 */
#ifndef FO_RESLINE_H
#define FO_RESLINE_H

#include <stddef.h>

#define FO_RL_MAX_KV 16

struct fo_resline {
    char kind[16];              /* READY, CALL, STATE, LOG, OK, FAIL, BYE, ... */
    int n;
    char *key[FO_RL_MAX_KV];
    char *val[FO_RL_MAX_KV];    /* unescaped */
    char *rest;                 /* OK/FAIL: the command line (and reason=) */
    char buf[4096];
};

/* Returns 0, or -1 for a line that is not a report line (too long, no kind). */
int fo_resline_parse(const char *line, struct fo_resline *out);

/* The value of key, or NULL. */
const char *fo_resline_get(const struct fo_resline *l, const char *key);

/* Numeric value of key (decimal or 0x), or dflt. */
long long fo_resline_num(const struct fo_resline *l, const char *key, long long dflt);

/* FAIL lines: the reason="..." at the end, unescaped, into out. */
void fo_resline_fail_reason(const char *line, char *out, size_t size);

#endif
