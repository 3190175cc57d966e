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

WCHAR *ig_wformat_message(HMODULE module, DWORD msgid, int nargs, const WCHAR *const *args)
{
    DWORD_PTR inserts[16];
    WCHAR *text = NULL;
    DWORD n;
    int i;

    if (nargs > (int)ARRAYSIZE(inserts))
        nargs = ARRAYSIZE(inserts);
    for (i = 0; i < (int)ARRAYSIZE(inserts); i++)
        inserts[i] = (DWORD_PTR)(i < nargs ? args[i] : L"");
    /* FormatMessage sizes the text itself: no insert can make it too long. */
    n = FormatMessageW(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_ARGUMENT_ARRAY |
                           FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_MAX_WIDTH_MASK,
                       module, msgid, 0, (WCHAR *)&text, 0, (va_list *)inserts);
    if (!n) {
        /* Two numbers in a fixed sentence: 96 characters always hold it. */
        DWORD err = GetLastError();
        text = LocalAlloc(LMEM_FIXED, 96 * sizeof(WCHAR));
        if (text)
            _snwprintf(text, 96, L"(message 0x%08lx could not be formatted, error %lu)", (unsigned long)msgid,
                       (unsigned long)err);
        if (text)
            text[95] = 0;
        return text;
    }
    while (n && (text[n - 1] == L' ' || text[n - 1] == L'\r' || text[n - 1] == L'\n'))
        text[--n] = 0;
    return text;
}
