/*
 * logline.h - cutting a message into cluster log lines. The cluster log
 * keeps about 500 characters a line; a longer message goes out in pieces,
 * each cut at a space where one is near, and nothing is lost.
 */
#ifndef IG_LOGLINE_H
#define IG_LOGLINE_H

#include <stddef.h>
#include <stdint.h>

/* The longest text of one cluster log line: the log keeps 500 characters a
   line, and its prefix (time, thread, "[RES] ...", the caller) needs room. */
#define IG_LOGLINE_TEXT_MAX 440

/* The piece of text[at..len) that starts the next line: returns its length
   (at most max units, max >= 2) and sets *next to where the line after it
   starts (the spaces at the cut are dropped). A cut is made at the last
   space in the second half of the window, else at max units, never between
   the two halves of a surrogate pair. Returns 0 with *next = len at the end. */
size_t ig_logline_piece(const uint16_t *text, size_t len, size_t at, size_t max, size_t *next);

#endif
