/*
 * tokenize.c - resmon's quoted-word tokenizer (tokenize.h).
 */
#include "tokenize.h"

#include <stddef.h>

/* Splits in place; quotes group, \" and \\ escape inside them. */
int tokenize(char *line, char **argv, int max)
{
    char *src = line, *dst;
    int argc = 0;

    for (;;) {
        while (*src == ' ' || *src == '\t')
            src++;
        if (!*src || argc == max)
            return argc;
        argv[argc++] = dst = src;
        while (*src && *src != ' ' && *src != '\t') {
            if (*src != '"') {
                *dst++ = *src++;
                continue;
            }
            src++;
            while (*src && *src != '"') {
                if (*src == '\\' && (src[1] == '"' || src[1] == '\\'))
                    src++;
                *dst++ = *src++;
            }
            if (*src == '"')
                src++;
        }
        if (*src)
            src++;
        *dst = 0;
    }
}
