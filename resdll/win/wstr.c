#include "wstr.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

void ig_wfrom_utf8(WCHAR *dst, size_t cap, const char *src)
{
    int n;
    if (!cap)
        return;
    n = MultiByteToWideChar(CP_UTF8, 0, src, -1, dst, (int)cap);
    if (n <= 0) {
        /* Too long (or invalid): keep what fits, as Latin-1. */
        size_t i;
        for (i = 0; i + 1 < cap && src[i]; i++)
            dst[i] = (WCHAR)(unsigned char)src[i];
        dst[i] = 0;
    }
}

void ig_wto_utf8(char *dst, size_t cap, const WCHAR *src)
{
    if (!cap)
        return;
    if (WideCharToMultiByte(CP_UTF8, 0, src, -1, dst, (int)cap, NULL, NULL) <= 0)
        dst[0] = '\0';
    dst[cap - 1] = '\0';
}

void ig_wcopy(WCHAR *dst, size_t cap, const WCHAR *src)
{
    size_t i;
    if (!cap)
        return;
    for (i = 0; i + 1 < cap && src[i]; i++)
        dst[i] = src[i];
    dst[i] = 0;
}

void ig_werror_text(DWORD err, WCHAR *dst, size_t cap)
{
    WCHAR text[256];
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS |
                                 FORMAT_MESSAGE_MAX_WIDTH_MASK,
                             NULL, err, 0, text, ARRAYSIZE(text), NULL);
    while (n && (text[n - 1] == L' ' || text[n - 1] == L'\r' || text[n - 1] == L'\n'))
        text[--n] = 0;
    if (n)
        _snwprintf(dst, cap, L"error %lu: %ls", (unsigned long)err, text);
    else
        _snwprintf(dst, cap, L"error %lu", (unsigned long)err);
    dst[cap - 1] = 0;
}

WCHAR *ig_wformat(const WCHAR *fmt, ...)
{
    va_list ap;
    WCHAR *out;
    int n;

    va_start(ap, fmt);
    n = _vscwprintf(fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    out = malloc(((size_t)n + 1) * sizeof(WCHAR));
    if (!out)
        return NULL;
    va_start(ap, fmt);
    _vsnwprintf(out, (size_t)n + 1, fmt, ap);
    va_end(ap);
    out[n] = 0;
    return out;
}
