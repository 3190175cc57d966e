/*
 * console.c - clusreg's output: UTF-8 on stdout and stderr, one-line errors
 * built from pieces (data never becomes a format), usage lines.
 */
#include <stdarg.h>

#include "clusreg.h"

/* Writes UTF-16 text as UTF-8: the same bytes whether the handle is a
   console, a pipe or a file, under Wine or Windows. */
BOOL write_utf8(HANDLE handle, const WCHAR *s, size_t len)
{
    char *bytes;
    int size;
    DWORD done, written = 0;
    BOOL ok = TRUE;

    if (!len)
        return TRUE;
    size = WideCharToMultiByte(CP_UTF8, 0, s, (int)len, NULL, 0, NULL, NULL);
    bytes = HeapAlloc(GetProcessHeap(), 0, size ? size : 1);
    if (!bytes)
        return FALSE;
    WideCharToMultiByte(CP_UTF8, 0, s, (int)len, bytes, size, NULL, NULL);
    for (done = 0; ok && done < (DWORD)size; done += written)
        ok = WriteFile(handle, bytes + done, (DWORD)size - done, &written, NULL) &&
             written;
    HeapFree(GetProcessHeap(), 0, bytes);
    return ok;
}

void out(const WCHAR *s)
{
    write_utf8(GetStdHandle(STD_OUTPUT_HANDLE), s, wcslen(s));
}

/* One line on stderr, "clusreg: " and the pieces (a NULL-ended list of
   strings): data never becomes a format. */
static void say_v(const WCHAR *first, va_list pieces)
{
    struct rt_text line = { 0 };
    const WCHAR *piece;

    rt_text_add(&line, L"clusreg: ");
    for (piece = first; piece; piece = va_arg(pieces, const WCHAR *))
        rt_text_add(&line, piece);
    rt_text_add(&line, L"\n");
    if (!line.failed)
        write_utf8(GetStdHandle(STD_ERROR_HANDLE), line.data, line.len);
    rt_text_free(&line);
}

int fail(const WCHAR *first, ...)
{
    va_list pieces;

    va_start(pieces, first);
    say_v(first, pieces);
    va_end(pieces);
    return EXIT_ERROR;
}

/* "<what>: <system message>" */
int fail_win32(DWORD err, const WCHAR *what)
{
    WCHAR *message = NULL;
    WCHAR number[16];
    int i = ARRAY_SIZE(number);
    DWORD len;

    len = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS |
                         FORMAT_MESSAGE_ALLOCATE_BUFFER, NULL, err, 0,
                         (WCHAR *)&message, 0, NULL);
    while (len && (message[len - 1] == L'\n' || message[len - 1] == L'\r' ||
                   message[len - 1] == L' ' || message[len - 1] == L'.'))
        message[--len] = 0;
    number[--i] = 0;
    do {
        number[--i] = (WCHAR)(L'0' + err % 10);
        err /= 10;
    } while (err);
    fail(what, L": ", len ? message : L"error", L" (", number + i, L")", NULL);
    LocalFree(message);
    return EXIT_ERROR;
}
