#include "rlog.h"

#include <string.h>
#include <wchar.h>

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
        event_source = RegisterEventSourceW(NULL, L"IMS Guard");
}

DWORD ig_format_msg(DWORD msgid, int nargs, const WCHAR *const *args, WCHAR *out, size_t cap)
{
    DWORD_PTR inserts[16];
    DWORD n;
    int i;

    if (nargs > (int)ARRAYSIZE(inserts))
        nargs = ARRAYSIZE(inserts);
    for (i = 0; i < (int)ARRAYSIZE(inserts); i++)
        inserts[i] = (DWORD_PTR)(i < nargs ? args[i] : L"");
    n = FormatMessageW(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_ARGUMENT_ARRAY |
                           FORMAT_MESSAGE_MAX_WIDTH_MASK,
                       msg_module, msgid, 0, out, (DWORD)cap, (va_list *)inserts);
    if (!n) {
        DWORD err = GetLastError();
        _snwprintf(out, cap, L"(message 0x%08lx could not be formatted, error %lu)",
                   (unsigned long)msgid, (unsigned long)err);
        out[cap - 1] = 0;
        return err;
    }
    while (n && (out[n - 1] == L' ' || out[n - 1] == L'\r' || out[n - 1] == L'\n'))
        out[--n] = 0;
    return ERROR_SUCCESS;
}

/* A text longer than a cluster log line goes out in several lines, cut at
   a space, the later ones marked as continued: nothing is lost. */
void ig_log_text(RESOURCE_HANDLE h, LOG_LEVEL level, const WCHAR *caller, const WCHAR *text)
{
    WCHAR line[LOG_TEXT_MAX + 1];
    size_t len = wcslen(text), at = 0, n;
    BOOL first = TRUE;

    if (!log_event_fn)
        return;
    do {
        n = len - at;
        if (n > LOG_TEXT_MAX) {
            n = LOG_TEXT_MAX;
            while (n > LOG_TEXT_MAX / 2 && text[at + n] != L' ')
                n--;
            if (text[at + n] != L' ')
                n = LOG_TEXT_MAX;
        }
        memcpy(line, text + at, n * sizeof(WCHAR));
        line[n] = 0;
        log_event_fn(h, level, first ? IG_LOG_FORMAT : IG_LOG_FORMAT_CONTINUED, caller, line);
        first = FALSE;
        at += n;
        while (at < len && text[at] == L' ')
            at++;
    } while (at < len);
}

void ig_log_msg(RESOURCE_HANDLE h, LOG_LEVEL level, const WCHAR *caller, DWORD msgid,
                int nargs, const WCHAR *const *args)
{
    WCHAR text[1024];
    WORD type;

    ig_format_msg(msgid, nargs, args, text, ARRAYSIZE(text));
    ig_log_text(h, level, caller, text);

    if (!event_source)
        return;
    switch (level) {
    case LOG_ERROR:   type = EVENTLOG_ERROR_TYPE; break;
    case LOG_WARNING: type = EVENTLOG_WARNING_TYPE; break;
    default:          type = EVENTLOG_INFORMATION_TYPE; break;
    }
    ReportEventW(event_source, type, 0, msgid, NULL, (WORD)nargs, 0, (const WCHAR **)args, NULL);
}
