/*
 * bedtest.c - the counting and printing behind bedtest.h.
 *
 * One process, one test run: the counters are this process's. Checks may
 * come from several threads (bench's monitor callbacks), hence the
 * interlocked counters; a line is printed with one call so that lines of two
 * threads do not interleave.
 */
#include "bedtest.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static volatile LONG passed, failed, todo, skipped;
static int verbose;
static int todo_depth_active;   /* inside todo_if(TRUE) */
static int todo_pending;        /* the todo loop's body has yet to run */

static const char *base_name(const char *file)
{
    const char *slash = strrchr(file, '/'), *back = strrchr(file, '\\');
    if (back > slash)
        slash = back;
    return slash ? slash + 1 : file;
}

/* "<file>:<line>: <kind><message>\n" with one printf. */
static void print_line(const char *file, int line, const char *kind, const char *format, va_list args)
{
    char message[2048];
    size_t len;

    vsnprintf(message, sizeof(message), format, args);
    len = strlen(message);
    printf("%s:%d: %s%s%s", base_name(file), line, kind, message, len && message[len - 1] == '\n' ? "" : "\n");
}

void bt_ok(const char *file, int line, int condition, const char *expr, const char *format, ...)
{
    DWORD last_error = GetLastError();
    const char *kind;
    va_list args;
    int counts_as_failure;

    if (todo_depth_active) {
        counts_as_failure = condition;
        kind = condition ? "Test succeeded inside todo block: " : "Test marked todo: ";
        InterlockedIncrement(condition ? &failed : &todo);
    } else {
        counts_as_failure = !condition;
        kind = condition ? "Test succeeded: " : "Test failed: ";
        InterlockedIncrement(condition ? &passed : &failed);
    }
    if (counts_as_failure || verbose || todo_depth_active) {
        va_start(args, format);
        print_line(file, line, kind, format, args);
        va_end(args);
    }
    if (!condition && !todo_depth_active)
        printf("    wanted: %.300s\n    last error after it: %lu\n", expr, last_error);
    fflush(stdout);
    SetLastError(last_error);
}

void bt_trace(const char *file, int line, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    print_line(file, line, "", format, args);
    va_end(args);
    fflush(stdout);
}

void bt_skip(const char *file, int line, const char *format, ...)
{
    va_list args;

    InterlockedIncrement(&skipped);
    va_start(args, format);
    print_line(file, line, "Tests skipped: ", format, args);
    va_end(args);
    fflush(stdout);
}

void bt_todo_begin(int is_todo)
{
    todo_depth_active = is_todo;
    todo_pending = 1;
}

int bt_todo_once(void)
{
    int run = todo_pending;
    todo_pending = 0;
    return run;
}

void bt_todo_end(void)
{
    todo_depth_active = 0;
}

BOOL bt_on_wine(void)
{
    static int known = -1;

    if (known < 0) {
        HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
        known = ntdll && GetProcAddress(ntdll, "wine_get_version") != NULL;
    }
    return known;
}

void bt_set_verbose(int on)
{
    verbose = on;
}

const char *bt_wn(const WCHAR *text)
{
    static char buffers[4][512];
    static LONG next;
    char *buffer = buffers[(unsigned long)InterlockedIncrement(&next) % ARRAYSIZE(buffers)];

    if (!text)
        return "(null)";
    if (!WideCharToMultiByte(CP_UTF8, 0, text, -1, buffer, sizeof(buffers[0]), NULL, NULL))
        strcpy(buffer, "(unprintable)");
    return buffer;
}

unsigned int bt_passed(void)
{
    return (unsigned int)passed;
}

unsigned int bt_failed(void)
{
    return (unsigned int)failed;
}

int bt_summary(const char *name, const char *closing_prefix)
{
    printf("%s: %lu tests executed (%lu marked as todo, %lu failures), %lu skipped.\n", name,
           (unsigned long)(passed + failed + todo), (unsigned long)todo, (unsigned long)failed,
           (unsigned long)skipped);
    printf("%s%s%lu passed, %lu failed\n", closing_prefix ? closing_prefix : "", closing_prefix ? ": " : "",
           (unsigned long)passed, (unsigned long)failed);
    fflush(stdout);
    return failed ? 1 : 0;
}
