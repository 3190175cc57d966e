/*
 * tokenize.h - resmon's quoted-word tokenizer: a command line split into
 * words, in place. Blanks (space, tab) separate words; "double quotes"
 * group a word with blanks; inside quotes \" and \\ escape. Plain C, no
 * <windows.h>.
 */
#ifndef RESMON_TOKENIZE_H
#define RESMON_TOKENIZE_H

/* Splits line in place into at most max words; returns how many. Words
 * past max are left unsplit in the line. */
int tokenize(char *line, char **argv, int max);

#endif /* RESMON_TOKENIZE_H */
