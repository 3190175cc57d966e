/* wstr.h - WCHAR helpers for the Win32 layer. */
#ifndef IG_WSTR_H
#define IG_WSTR_H

#include "cluswin.h"
#include <stdint.h>

/* The pure core's UTF-16 strings are WCHAR strings on Windows. */
static inline const WCHAR *ig_w(const uint16_t *s) { return (const WCHAR *)s; }
static inline const uint16_t *ig_u(const WCHAR *s) { return (const uint16_t *)s; }

/* ASCII/UTF-8 to WCHAR; always terminates, truncating. */
void ig_wfrom_utf8(WCHAR *dst, size_t cap, const char *src);

/* WCHAR to UTF-8; always terminates, truncating. */
void ig_wto_utf8(char *dst, size_t cap, const WCHAR *src);

/* "error 2: The system cannot find the file specified." without CR/LF. */
void ig_werror_text(DWORD err, WCHAR *dst, size_t cap);

/* A _snwprintf-style format into a string sized to fit (malloc; free it);
   NULL when out of memory. For text that holds names and values. */
WCHAR *ig_wformat(const WCHAR *fmt, ...);

/* Message msgid of module's message table with args as %1..%n, sized to
   fit whatever the inserts hold (release with LocalFree), trailing blanks
   cut; if the table has no such message, a line saying so. NULL only when
   out of memory. */
WCHAR *ig_wformat_message(HMODULE module, DWORD msgid, int nargs, const WCHAR *const *args);

/* Copies with truncation; always terminates. */
void ig_wcopy(WCHAR *dst, size_t cap, const WCHAR *src);

#endif
