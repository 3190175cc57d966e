/*
 * resline.c - report line parser. See resline.h.
 */
#include "resline.h"

#include <stdlib.h>
#include <string.h>

int fo_resline_parse(const char *line, struct fo_resline *out)
{
    size_t len = strlen(line);
    char *p, *end;
    size_t k;

    memset(out, 0, sizeof(*out) - sizeof(out->buf));
    out->buf[0] = 0;
    if (len >= sizeof(out->buf))
        return -1;
    memcpy(out->buf, line, len + 1);
    p = out->buf;
    for (k = 0; p[k] >= 'A' && p[k] <= 'Z'; k++)
        ;
    if (k == 0 || k >= sizeof(out->kind) || (p[k] != ' ' && p[k] != 0))
        return -1;
    memcpy(out->kind, p, k);
    out->kind[k] = 0;
    p += k;
    if (*p == ' ')
        p++;
    if (!strcmp(out->kind, "OK") || !strcmp(out->kind, "FAIL")) {
        out->rest = p;
        return 0;
    }
    end = out->buf + len;
    while (p < end && out->n < FO_RL_MAX_KV) {
        char *key = p, *eq, *dst;
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        key = p;
        eq = strchr(p, '=');
        if (!eq)
            break;
        *eq = 0;
        p = eq + 1;
        out->key[out->n] = key;
        out->val[out->n] = dst = p;
        if (*p == '"') {
            p++;
            while (*p && *p != '"') {
                if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
                    p++;
                *dst++ = *p++;
            }
            if (*p == '"')
                p++;
        } else {
            while (*p && *p != ' ')
                *dst++ = *p++;
        }
        if (*p)
            p++;
        *dst = 0;
        out->n++;
    }
    return 0;
}

const char *fo_resline_get(const struct fo_resline *l, const char *key)
{
    for (int i = 0; i < l->n; i++)
        if (!strcmp(l->key[i], key))
            return l->val[i];
    return NULL;
}

long long fo_resline_num(const struct fo_resline *l, const char *key, long long dflt)
{
    const char *v = fo_resline_get(l, key);
    char *end;
    long long n;

    if (!v || !*v)
        return dflt;
    n = strtoll(v, &end, 0);
    return *end ? dflt : n;
}

void fo_resline_fail_reason(const char *line, char *out, size_t size)
{
    const char *r = strstr(line, " reason=\""), *p;
    size_t n = 0;

    if (size)
        out[0] = 0;
    if (!r || !size)
        return;
    /* The last one: a command line could contain the text itself. */
    for (p = r; (p = strstr(p + 1, " reason=\"")); )
        r = p;
    for (p = r + 9; *p && *p != '"' && n + 1 < size; p++) {
        if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
            p++;
        out[n++] = *p;
    }
    out[n] = 0;
}
