/*
 * bedtest.h - the test bed's Wine-style test header, for the C programs
 * that check something and count it (dlltest, clustest, bench).
 *
 * As in Wine's include/wine/test.h:
 *   ok(cond, fmt, ...)   counts a check; a failure prints
 *                        "<file>:<line>: Test failed: <message>"
 *   trace(fmt, ...)      "<file>:<line>: <message>"
 *   skip(fmt, ...)       "<file>:<line>: Tests skipped: <message>", counted
 *   todo_wine ok(...)    a check known to fail under Wine: its failure is
 *                        counted as todo, its success as a failure ("Test
 *                        succeeded inside todo block"), so a fixed Wine shows
 *   todo_wine_if(c)      the same, only when c holds
 *   broken(cond)         an answer accepted from Windows only: under Wine it
 *                        is FALSE, so the check must pass without it
 * A failure also prints the condition that did not hold and the thread's
 * last error right after it was evaluated (the last error is put back, so
 * a check does not disturb the next one).
 *
 * The closing lines (bt_summary): Wine's
 *   "<name>: N tests executed (T marked as todo, F failures), S skipped."
 * and the project's "N passed, M failed" that tests/suite.sh reads.
 * A message without a final newline gets one.
 */
#ifndef BED_BEDTEST_H
#define BED_BEDTEST_H

#include <stdio.h>   /* __MINGW_PRINTF_FORMAT */
#include <windows.h>

/*
 * The mark of a line a test program prints when it ran a CreateProcess once
 * more after Wine's launch failure (ERROR_INTERNAL_ERROR: the new process
 * ended before it had started; tests/lib/launch.sh). The suite counts such
 * lines (ig_launch_retries_in, through build/gen/consts.sh).
 */
#define BED_LAUNCH_RETRY_MARK "(a counted retry)"

void bt_ok(const char *file, int line, int condition, const char *expr, const char *format, ...)
    __attribute__((format(__MINGW_PRINTF_FORMAT, 5, 6)));
void bt_trace(const char *file, int line, const char *format, ...)
    __attribute__((format(__MINGW_PRINTF_FORMAT, 3, 4)));
void bt_skip(const char *file, int line, const char *format, ...)
    __attribute__((format(__MINGW_PRINTF_FORMAT, 3, 4)));

#define ok(condition, ...) bt_ok(__FILE__, __LINE__, (condition), #condition, __VA_ARGS__)
/* ok() for a helper that checks on its caller's behalf: the caller's line. */
#define ok_at(line, condition, ...) bt_ok(__FILE__, (line), (condition), #condition, __VA_ARGS__)
#define trace(...) bt_trace(__FILE__, __LINE__, __VA_ARGS__)
#define skip(...)  bt_skip(__FILE__, __LINE__, __VA_ARGS__)

/* The todo block: the loop body runs exactly once. */
void bt_todo_begin(int is_todo);
int bt_todo_once(void);
void bt_todo_end(void);
#define todo_if(is_todo) for (bt_todo_begin(is_todo); bt_todo_once(); bt_todo_end())
#define todo_wine_if(c)  todo_if(bt_on_wine() && (c))
#define todo_wine        todo_if(bt_on_wine())

/* TRUE under Wine (ntdll exports wine_get_version), FALSE on Windows. */
BOOL bt_on_wine(void);
#define broken(condition) (!bt_on_wine() && (condition))

/* Passing checks print "<file>:<line>: Test succeeded: <message>" too. */
void bt_set_verbose(int verbose);

/* A printable (UTF-8) copy of a wide string, "(null)" for NULL; a few
   rotating buffers, so that one message may show several. */
const char *bt_wn(const WCHAR *text);

unsigned int bt_passed(void);
unsigned int bt_failed(void);

/* The closing lines; closing_prefix (or NULL) goes before "N passed, M
   failed". Returns the exit status: 1 on any failure, else 0. */
int bt_summary(const char *name, const char *closing_prefix);

#endif /* BED_BEDTEST_H */
