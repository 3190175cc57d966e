/*
 * rlog.h - what the DLL tells the administrator: the cluster log through
 * the Resource Monitor's LogEvent, and the Application event log through
 * ReportEvent with the DLL's message table. Message texts live only in
 * imsguard_msg.mc; data always travels as inserts, never as a format.
 */
#ifndef IG_RLOG_H
#define IG_RLOG_H

#include "cluswin.h"

/* The two LogEvent formats every line goes out with (caller, text): data
   is never a format. A text longer than a cluster log line is cut at a
   space, and the later pieces go out with the second format. */
#define IG_LOG_FORMAT           L"%1!s!: %2!s!\n"
#define IG_LOG_FORMAT_CONTINUED L"%1!s! (continued): %2!s!\n"

/* module holds the message table; event_log: also write warnings and
   errors to the Application event log (the DLL does, imscheck does not). */
void ig_log_init(HMODULE module, PLOG_EVENT_ROUTINE log_event, BOOL event_log);

/* Formats message msgid with args (as %1..%n) and writes it to the cluster
   log as "<caller>: <text>", and, for warnings and errors, to the event log. */
void ig_log_msg(RESOURCE_HANDLE h, LOG_LEVEL level, const WCHAR *caller, DWORD msgid,
                int nargs, const WCHAR *const *args);

/* A line of the DLL's own (no message table entry): "<caller>: <text>". */
void ig_log_text(RESOURCE_HANDLE h, LOG_LEVEL level, const WCHAR *caller, const WCHAR *text);

/* The message text alone, for tools that print it (imscheck). */
DWORD ig_format_msg(DWORD msgid, int nargs, const WCHAR *const *args, WCHAR *out, size_t cap);

#endif
