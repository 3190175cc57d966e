/* tok.c - the quoted-word tokenizer (tok.h). */
#include "tok.h"

static int blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Copies one word from *src to dst (dst <= *src), dropping its quotes and
 * escapes; leaves *src past the blank after it (first, since the NUL may
 * fall on that blank). Returns 0 when a quote was not closed, else 1. */
static int take_word(char **src, char *dst)
{
    char *s = *src;
    int closed = 1;

    while (*s && !blank(*s)) {
        if (*s != '"') {
            *dst++ = *s++;
            continue;
        }
        s++;
        while (*s && *s != '"') {
            if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
                s++;
            *dst++ = *s++;
        }
        if (*s != '"') {
            closed = 0;
            break;
        }
        s++;
    }
    if (*s)
        s++;
    *src = s;
    *dst = 0;
    return closed;
}

int tok_split(char *line, char **words, int max, unsigned flags, enum tok_status *status)
{
    char *src = line;
    int n = 0;
    enum tok_status st = TOK_OK;

    for (;;) {
        while (blank(*src))
            src++;
        if (!*src || (*src == '#' && (flags & TOK_HASH_COMMENTS)))
            break;
        if (n == max) {
            st = TOK_TOO_MANY_WORDS;
            break;
        }
        words[n] = src;
        if (!take_word(&src, words[n++])) {
            st = TOK_UNCLOSED_QUOTE;
            break;
        }
    }
    if (status)
        *status = st;
    return n;
}
