#include "rlog.h"

#include <string.h>
#include <wchar.h>

#include "imsguard.h"
#include "logline.h"
#include "wstr.h"

/* The cluster log keeps 500 characters a line; leave room for its prefix. */
#define LOG_TEXT_MAX 440

static HMODULE msg_module;
static PLOG_EVENT_ROUTINE log_event_fn;
static HANDLE event_source;

void ig_log_init(HMODULE module, PLOG_EVENT_ROUTINE log_event, BOOL event_log)
{
    msg_module = module;
    log_event_fn = log_event;
    if (event_log && !event_source)
        event_source = RegisterEventSourceW(NULL, L"" IMSGUARD_EVENT_SOURCE);
}

WCHAR *ig_format_msg(DWORD msgid, int nargs, const WCHAR *const *args)
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
                       msg_module, msgid, 0, (WCHAR *)&text, 0, (va_list *)inserts);
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

void ig_free_msg(WCHAR *text)
{
    if (text)
        LocalFree(text);
}

void ig_log_text(RESOURCE_HANDLE h, LOG_LEVEL level, const WCHAR *caller, const WCHAR *text)
{
    WCHAR line[LOG_TEXT_MAX + 1];
    size_t len = wcslen(text), at = 0, next, n;
    BOOL first = TRUE;

    if (!log_event_fn)
        return;
    do {
        n = ig_logline_piece(ig_u(text), len, at, LOG_TEXT_MAX, &next);
        memcpy(line, text + at, n * sizeof(WCHAR));
        line[n] = 0;
        log_event_fn(h, level, first ? L"%1!s!: %2!s!\n" : L"%1!s! (continued): %2!s!\n", caller, line);
        first = FALSE;
        at = next;
    } while (at < len);
}

void ig_log_msg(RESOURCE_HANDLE h, LOG_LEVEL level, const WCHAR *caller, DWORD msgid,
                int nargs, const WCHAR *const *args)
{
    WCHAR *text = ig_format_msg(msgid, nargs, args);
    WORD type;

    ig_log_text(h, level, caller, text ? text : L"(not enough memory to format a message)");
    ig_free_msg(text);

    if (!event_source)
        return;
    switch (level) {
    case LOG_ERROR:   type = EVENTLOG_ERROR_TYPE; break;
    case LOG_WARNING: type = EVENTLOG_WARNING_TYPE; break;
    default:          type = EVENTLOG_INFORMATION_TYPE; break;
    }
    ReportEventW(event_source, type, 0, msgid, NULL, (WORD)nargs, 0, (const WCHAR **)args, NULL);
}
