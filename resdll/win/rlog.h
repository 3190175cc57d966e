/*
 * rlog.h - what the DLL tells the administrator: the cluster log through
 * the Resource Monitor's LogEvent, and the Application event log through
 * ReportEvent with the DLL's message table. Message texts live only in
 * imsguard_msg.mc; data always travels as inserts, never as a format.
 */
#ifndef IG_RLOG_H
#define IG_RLOG_H

#include "cluswin.h"

/* module holds the message table; event_log: also write each message to
   the Application event log, source IMSGUARD_EVENT_SOURCE. Information messages go there too: the Online event
   (1015) is the node's record of which IMS build went online with which
   domain, and there is one per Online, so it cannot flood the log. */
void ig_log_init(HMODULE module, PLOG_EVENT_ROUTINE log_event, BOOL event_log);

/* Formats message msgid with args (as %1..%n) and writes it to the cluster
   log as "<caller>: <text>" (in continued lines when long), and to the
   event log with the same inserts. Whole whatever the inserts' length. */
void ig_log_msg(RESOURCE_HANDLE h, LOG_LEVEL level, const WCHAR *caller, DWORD msgid,
                int nargs, const WCHAR *const *args);

/* A line of the DLL's own (no message table entry): "<caller>: <text>",
   any length: cut into cluster log lines by ig_logline_piece. */
void ig_log_text(RESOURCE_HANDLE h, LOG_LEVEL level, const WCHAR *caller, const WCHAR *text);

/* The message text alone, sized to fit (release with ig_free_msg); if the
   table has no such message, a line saying so. NULL only when out of memory. */
WCHAR *ig_format_msg(DWORD msgid, int nargs, const WCHAR *const *args);
void ig_free_msg(WCHAR *text);

#endif
