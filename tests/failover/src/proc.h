/*
 * proc.h - the coordinator's POSIX plumbing: child processes with pipes,
 * helper commands with a time limit, line buffers, clocks, and the check
 * that a scenario left no Wine process behind.
 */
#ifndef FO_PROC_H
#define FO_PROC_H

#include <stddef.h>
#include <sys/types.h>

/* nanosleep, restarted after signals. */
void fo_sleep_ms(long ms);
/* Milliseconds on the monotonic clock. */
long long fo_mono_ms(void);
/* Milliseconds since the Unix epoch (for cluster.log's UTC stamps). */
long long fo_wall_ms(void);
/* "2024/05/01-10:00:00.123" (UTC), the cluster log's stamp. */
void fo_format_utc(long long wall_ms, char *out, size_t size);

/* A child with its stdin and stdout on pipes (non-blocking, close-on-exec on
 * our side) and stderr appended to err_path. env: extra "NAME=value" strings,
 * NULL-terminated (may be NULL). The child leads its own process group.
 * Returns 0, or -1 with errno-style text in err. */
struct fo_child {
    pid_t pid;
    int in_fd;      /* write commands here; -1 when closed */
    int out_fd;     /* read report lines here; -1 at EOF */
};
int fo_spawn(const char *const argv[], const char *const env[], const char *cwd,
             const char *err_path, struct fo_child *c, char *err, size_t err_size);

/* Writes all of text to fd (blocking briefly if the pipe is full).
 * Returns 0, or -1 when the reader is gone. */
int fo_write_all(int fd, const char *text, size_t len);

/* Runs argv to completion with a time limit: stdin /dev/null, stdout into
 * out (NUL-terminated, truncated), stderr appended to log_path. Output is
 * read until the process exits, not until EOF (a Wine service it started
 * may hold the pipe). Returns the exit status, 128+signal, or -1 on a
 * timeout (the process group is killed) or a spawn failure. */
int fo_run(const char *const argv[], const char *const env[], long timeout_ms, char *out,
           size_t out_size, const char *log_path);

/* A line splitter for a non-blocking fd. */
struct fo_linebuf {
    char buf[65536];
    size_t len;
};
/* Reads what is there. Returns 1 when data came, 0 when none, -1 at EOF. */
int fo_linebuf_fill(struct fo_linebuf *lb, int fd);
/* Takes the next complete line (without CR/LF) into out. 1 when one came. */
int fo_linebuf_take(struct fo_linebuf *lb, char *out, size_t size);

/* Kills the process group (and the process) with sig; reaps when it can.
 * Returns 1 if the process had ended (or ends within wait_ms). */
int fo_kill_wait(pid_t pid, int sig, long wait_ms);

/* Non-blocking reap: 1 if pid has ended (status in *status), else 0. */
int fo_reaped(pid_t pid, int *status);

/* Processes whose environment has WINEPREFIX under root (and, when match is
 * not NULL, whose command line contains it). Fills pids and a printable
 * "pid command" list. Returns how many. */
int fo_procs_under(const char *root, const char *match, pid_t *pids, int max, char *list,
                   size_t list_size);

/* 1 when nothing listens on 127.0.0.1:port (and it can be bound). */
int fo_port_free(int port);

/* mkdir -p. 0 or -1. */
int fo_mkdirs(const char *path);

/* Reads a whole regular file of at most max bytes (NUL-terminated,
 * malloc'd; *size, when asked, counts any NUL inside). NULL on failure with
 * the reason in err: it cannot be opened, it is a directory, a device, pipe
 * or socket (never opened for long: a FIFO or /dev/zero would not end), or
 * it is or grows larger than max. */
char *fo_read_file(const char *path, size_t max, size_t *size, char *err, size_t err_size);

/* The file that marks a directory as the coordinator's own output. */
#define FO_OUT_MARKER ".failover-output"

/* May the coordinator write into dir, and remove it when empty_it is set?
 * Yes (0) when dir does not exist, is empty, or holds FO_OUT_MARKER; when
 * empty_it is 0, also when it holds none of the names in keep (a
 * NULL-terminated list of the files it would overwrite). Otherwise -1,
 * with why; nothing is touched either way. */
int fo_dir_ours(const char *dir, int empty_it, const char *const keep[], char *why,
                size_t why_size);

/* Writes FO_OUT_MARKER into dir. 0 or -1. */
int fo_mark_dir(const char *dir);

#endif
