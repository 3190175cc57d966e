/*
 * tok.h - the test bed's quoted-word tokenizer: one line of a scenario
 * (tests/failover) or of a monitor script (tests/bed/resmon) split into
 * words, in place. Pure C11, no platform calls: built natively for the
 * unit tests and the failover coordinator, and by mingw for the bed tools.
 *
 * Blanks (space, tab) separate words. "Double quotes" group blanks into a
 * word and may stand anywhere in it (a"b c"d is one word, ab cd); inside
 * them \" and \\ stand for " and \, any other backslash is itself.
 */
#ifndef TOK_H
#define TOK_H

/* flags */
#define TOK_HASH_COMMENTS 0x1u  /* a word starting with # ends the line */

enum tok_status {
    TOK_OK = 0,
    TOK_UNCLOSED_QUOTE,     /* the last word's quote runs to the end of the line */
    TOK_TOO_MANY_WORDS      /* more than max words: the first max are kept */
};

/*
 * Splits line in place into at most max words (pointers into line, each
 * NUL-terminated). Returns the number of words kept; *status (may be NULL)
 * says whether the line was whole: a caller that refuses bad lines checks
 * it, one that takes what it can ignores it.
 */
int tok_split(char *line, char **words, int max, unsigned flags, enum tok_status *status);

#endif
