/*
 * report.c - the emulator's three outputs: report lines on stdout (for
 * scripts), diagnostics on stderr (for people) and the cluster log file.
 *
 * Everything goes out through WriteFile in whole lines: the C runtime's
 * text mode would turn "\n" into "\r\n" on a pipe, and its buffering would
 * let lines from different threads interleave.
 */
#include "resmon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static CRITICAL_SECTION out_lock;
static LARGE_INTEGER qpc_freq, qpc_start;
static HANDLE clog = INVALID_HANDLE_VALUE;
/* The report lines of one resident request (resident.c), or none. */
static struct { BOOL on; char *buf; size_t len, cap; BOOL oom; } capture;

void report_init(void)
{
    InitializeCriticalSection(&out_lock);
    QueryPerformanceFrequency(&qpc_freq);
    QueryPerformanceCounter(&qpc_start);
}

ULONGLONG now_ms(void)
{
    LARGE_INTEGER now;

    QueryPerformanceCounter(&now);
    return (ULONGLONG)(now.QuadPart - qpc_start.QuadPart) * 1000
           / (ULONGLONG)qpc_freq.QuadPart;
}

static void write_all(HANDLE h, const char *data, size_t size)
{
    DWORD written;

    while (size) {
        DWORD chunk = size > 0x10000 ? 0x10000 : (DWORD)size;
        if (!WriteFile(h, data, chunk, &written, NULL) || !written)
            return;
        data += written;
        size -= written;
    }
}

/* ------------------------------------------------------------ strings */

/* Out of memory in a test tool: say so and stop rather than limp on. */
void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);

    if (!p) {
        diag("out of memory (%zu bytes)", size);
        ExitProcess(2);
    }
    return p;
}

char *utf8_dup(const WCHAR *s)
{
    char *out;
    int n;

    n = s ? WideCharToMultiByte(CP_UTF8, 0, s, -1, NULL, 0, NULL, NULL) : 0;
    out = xmalloc(n > 0 ? n : 1);
    *out = 0;
    if (n > 0)
        WideCharToMultiByte(CP_UTF8, 0, s, -1, out, n, NULL, NULL);
    return out;
}

WCHAR *wide_dup(const char *s)
{
    WCHAR *out;
    int n;

    n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
    if (n <= 0)
        return NULL;
    out = xmalloc(n * sizeof(WCHAR));
    MultiByteToWideChar(CP_UTF8, 0, s, -1, out, n);
    return out;
}

const char *errtext(DWORD err, char *buf, size_t size)
{
    WCHAR *msg = NULL;
    char *msg8;
    size_t n;

    FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS
                   | FORMAT_MESSAGE_ALLOCATE_BUFFER, NULL, err, 0, (LPWSTR)&msg, 0, NULL);
    msg8 = utf8_dup(msg);
    LocalFree(msg);
    n = strlen(msg8);
    while (n && (msg8[n - 1] == '\n' || msg8[n - 1] == '\r' || msg8[n - 1] == ' '
                 || msg8[n - 1] == '.'))
        msg8[--n] = 0;
    /* Facility-coded and customer errors read better in hex. */
    if (err > 0xFFFF && n)
        snprintf(buf, size, "error %lu (0x%08lX: %s)", err, err, msg8);
    else if (err > 0xFFFF)
        snprintf(buf, size, "error %lu (0x%08lX)", err, err);
    else if (n)
        snprintf(buf, size, "error %lu (%s)", err, msg8);
    else
        snprintf(buf, size, "error %lu", err);
    free(msg8);
    return buf;
}

/* ------------------------------------------------------------ report lines */

static void line_reserve(struct line *l, size_t more)
{
    char *bigger;
    size_t cap;

    if (l->oom || l->len + more + 2 <= l->cap)
        return;
    cap = l->cap ? l->cap : 256;
    while (cap < l->len + more + 2)
        cap *= 2;
    if (!(bigger = realloc(l->buf, cap))) {
        l->oom = TRUE;
        return;
    }
    l->buf = bigger;
    l->cap = cap;
}

static void line_add(struct line *l, const char *s, size_t n)
{
    line_reserve(l, n);
    if (l->oom)
        return;
    memcpy(l->buf + l->len, s, n);
    l->len += n;
    l->buf[l->len] = 0;
}

void line_raw(struct line *l, const char *text)
{
    line_add(l, text, strlen(text));
}

void line_begin_untimed(struct line *l, const char *word)
{
    memset(l, 0, sizeof(*l));
    line_raw(l, word);
}

void line_begin(struct line *l, const char *word)
{
    line_begin_untimed(l, word);
    line_kv(l, "t", "%llu", now_ms());
}

void line_kv(struct line *l, const char *key, const char *fmt, ...)
{
    char value[128];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(value, sizeof(value), fmt, ap);
    va_end(ap);
    line_raw(l, " ");
    line_raw(l, key);
    line_raw(l, "=");
    line_raw(l, value);
}

void line_kv_str(struct line *l, const char *key, const char *value, enum quoting q)
{
    const char *p;
    BOOL quote = q == QUOTE_ALWAYS || !*value;

    for (p = value; *p && !quote; p++)
        quote = *p == ' ' || *p == '\t' || *p == '"' || *p == '\\';
    line_raw(l, " ");
    line_raw(l, key);
    line_raw(l, "=");
    if (!quote) {
        line_raw(l, value);
        return;
    }
    line_raw(l, "\"");
    for (p = value; *p; p++) {
        if (*p == '"' || *p == '\\')
            line_add(l, "\\", 1);
        if (*p == '\r' || *p == '\n')
            line_add(l, " ", 1);
        else
            line_add(l, p, 1);
    }
    line_raw(l, "\"");
}

void line_kv_wstr(struct line *l, const char *key, const WCHAR *value, enum quoting q)
{
    char *value8 = utf8_dup(value);

    line_kv_str(l, key, value8, q);
    free(value8);
}

void line_kv_hexbytes(struct line *l, const char *key, const BYTE *data, DWORD size)
{
    static const char digits[] = "0123456789abcdef";
    DWORD i;

    line_raw(l, " ");
    line_raw(l, key);
    line_raw(l, "=");
    line_reserve(l, (size_t)size * 2);
    for (i = 0; i < size && !l->oom; i++) {
        char pair[2] = { digits[data[i] >> 4], digits[data[i] & 15] };
        line_add(l, pair, 2);
    }
}

/* out_lock held. A line that does not fit is dropped, and the capture
 * says so by ending empty. */
static void capture_add(const char *text, size_t len)
{
    char *bigger;
    size_t cap;

    if (capture.oom)
        return;
    if (capture.len + len > capture.cap) {
        cap = capture.cap ? capture.cap * 2 : 4096;
        while (cap < capture.len + len)
            cap *= 2;
        if (!(bigger = realloc(capture.buf, cap))) {
            capture.oom = TRUE;
            return;
        }
        capture.buf = bigger;
        capture.cap = cap;
    }
    memcpy(capture.buf + capture.len, text, len);
    capture.len += len;
}

void line_emit(struct line *l)
{
    line_add(l, "\n", 1);
    EnterCriticalSection(&out_lock);
    if (l->oom)
        write_all(GetStdHandle(STD_OUTPUT_HANDLE), "OOM\n", 4);
    else
        write_all(GetStdHandle(STD_OUTPUT_HANDLE), l->buf, l->len);
    if (capture.on && !l->oom)
        capture_add(l->buf, l->len);
    LeaveCriticalSection(&out_lock);
    free(l->buf);
    memset(l, 0, sizeof(*l));
}

void capture_begin(void)
{
    EnterCriticalSection(&out_lock);
    capture.on = TRUE;
    capture.len = 0;
    capture.oom = FALSE;
    LeaveCriticalSection(&out_lock);
}

char *capture_end(size_t *len)
{
    char *text;

    EnterCriticalSection(&out_lock);
    capture.on = FALSE;
    text = capture.buf;
    *len = capture.oom ? 0 : capture.len;
    capture.buf = NULL;
    capture.len = capture.cap = 0;
    LeaveCriticalSection(&out_lock);
    return text;
}

void diag(const char *fmt, ...)
{
    char msg[2048];
    size_t n;
    va_list ap;

    memcpy(msg, "resmon: ", 8);
    va_start(ap, fmt);
    vsnprintf(msg + 8, sizeof(msg) - 9, fmt, ap);
    va_end(ap);
    n = strlen(msg);
    msg[n++] = '\n';
    EnterCriticalSection(&out_lock);
    write_all(GetStdHandle(STD_ERROR_HANDLE), msg, n);
    LeaveCriticalSection(&out_lock);
}

/* ------------------------------------------------------------ cluster log */

DWORD clog_open(const WCHAR *path)
{
    clog = CreateFileW(path, FILE_APPEND_DATA,
                       FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                       NULL, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    return clog == INVALID_HANDLE_VALUE ? GetLastError() : ERROR_SUCCESS;
}

void clog_close(void)
{
    if (clog != INVALID_HANDLE_VALUE)
        CloseHandle(clog);
    clog = INVALID_HANDLE_VALUE;
}

/*
 * The real log's line head: process.thread in hex, then UTC time. The
 * thread is the caller's, which for LogEvent is the DLL's own thread.
 */
static void clog_write(const char *tag, const char *level, const char *who,
                       const char *text8)
{
    char head[96];
    SYSTEMTIME st;
    struct line l;

    if (clog == INVALID_HANDLE_VALUE)
        return;
    GetSystemTime(&st);
    snprintf(head, sizeof(head), "%08lx.%08lx::%04u/%02u/%02u-%02u:%02u:%02u.%03u ",
             GetCurrentProcessId(), GetCurrentThreadId(), st.wYear, st.wMonth,
             st.wDay, st.wHour, st.wMinute, st.wSecond, st.wMilliseconds);
    line_begin_untimed(&l, head);
    line_raw(&l, tag);
    line_raw(&l, " ");
    line_raw(&l, level);
    line_raw(&l, " ");
    line_raw(&l, who);
    line_raw(&l, text8);
    line_raw(&l, "\r\n");
    if (!l.oom) {
        EnterCriticalSection(&out_lock);
        write_all(clog, l.buf, l.len);
        LeaveCriticalSection(&out_lock);
    }
    free(l.buf);
}

static const char *clog_level(LOG_LEVEL level)
{
    switch (level) {
    case LOG_INFORMATION: return "INFO";
    case LOG_WARNING:     return "WARN";
    default:              return "ERR ";
    }
}

void clog_res(LOG_LEVEL level, const char *type8, const char *name8, const char *text8)
{
    struct line who;

    line_begin_untimed(&who, type8);
    line_raw(&who, " <");
    line_raw(&who, name8);
    line_raw(&who, ">: ");
    if (!who.oom)
        clog_write("[RES]", clog_level(level), who.buf, text8);
    free(who.buf);
}

void clog_rm(const char *level, const char *text8)
{
    clog_write("[RM]", level, "", text8);
}
