#include "rlog.h"

#include <string.h>
#include <wchar.h>

#include "imsguard.h"
#include "logline.h"
#include "wstr.h"

/* The two LogEvent formats every line goes out with (caller, text): data
   is never a format. A text longer than a cluster log line is cut at a
   space (core/logline.h), and the later pieces go out with the second. */
#define LOG_FORMAT           L"%1!s!: %2!s!\n"
#define LOG_FORMAT_CONTINUED L"%1!s! (continued): %2!s!\n"

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
    return ig_wformat_message(msg_module, msgid, nargs, args);
}

void ig_free_msg(WCHAR *text)
{
    if (text)
        LocalFree(text);
}

void ig_log_text(RESOURCE_HANDLE h, LOG_LEVEL level, const WCHAR *caller, const WCHAR *text)
{
    WCHAR line[IG_LOGLINE_TEXT_MAX + 1];
    size_t len = wcslen(text), at = 0, next, n;
    BOOL first = TRUE;

    if (!log_event_fn)
        return;
    do {
        n = ig_logline_piece(ig_u(text), len, at, IG_LOGLINE_TEXT_MAX, &next);
        memcpy(line, text + at, n * sizeof(WCHAR));
        line[n] = 0;
        log_event_fn(h, level, first ? LOG_FORMAT : LOG_FORMAT_CONTINUED, caller, line);
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
