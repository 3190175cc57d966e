/*
 * proc.c - POSIX plumbing for the failover coordinator. See proc.h.
 */
#define _POSIX_C_SOURCE 200809L
#include "proc.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

void fo_sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

long long fo_mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long fo_wall_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void fo_format_utc(long long wall_ms, char *out, size_t size)
{
    time_t secs = (time_t)(wall_ms / 1000);
    struct tm tm;

    gmtime_r(&secs, &tm);
    snprintf(out, size, "%04d/%02d/%02d-%02d:%02d:%02d.%03d", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(wall_ms % 1000));
}

/* In the child: put each "NAME=value" into the environment. */
static void child_env(const char *const env[])
{
    for (int i = 0; env && env[i]; i++) {
        const char *eq = strchr(env[i], '=');
        char name[128];
        size_t n;
        if (!eq)
            continue;
        n = (size_t)(eq - env[i]);
        if (n >= sizeof(name))
            continue;
        memcpy(name, env[i], n);
        name[n] = 0;
        setenv(name, eq + 1, 1);
    }
}

/* In the child after fork: only async-signal-safe calls until exec, except
 * setenv (we are single-threaded, so it is safe enough here). */
static void child_exec(const char *const argv[], const char *const env[], const char *cwd,
                       int in_fd, int out_fd, int err_fd)
{
    setpgid(0, 0);
    signal(SIGPIPE, SIG_DFL);
    if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0)
        _exit(126);
    child_env(env);
    if (cwd && chdir(cwd) != 0)
        _exit(126);
    execvp(argv[0], (char *const *)argv);
    {
        static const char msg[] = "fo_spawn: exec failed\n";
        ssize_t w = write(2, msg, sizeof(msg) - 1);
        (void)w;
    }
    _exit(127);
}

static int open_err(const char *path)
{
    int fd = path ? open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644) : -1;

    if (fd < 0)
        fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    return fd;
}

int fo_spawn(const char *const argv[], const char *const env[], const char *cwd,
             const char *err_path, struct fo_child *c, char *err, size_t err_size)
{
    int to[2], from[2], err_fd;
    pid_t pid;

    c->pid = -1;
    c->in_fd = c->out_fd = -1;
    if (pipe(to) < 0) {
        snprintf(err, err_size, "pipe: %s", strerror(errno));
        return -1;
    }
    if (pipe(from) < 0) {
        snprintf(err, err_size, "pipe: %s", strerror(errno));
        close(to[0]);
        close(to[1]);
        return -1;
    }
    /* Our ends must not leak into other children (a Wine process holding a
     * monitor's pipe would keep it open after the monitor is gone). */
    for (int k = 0; k < 2; k++) {
        fcntl(to[k], F_SETFD, FD_CLOEXEC);
        fcntl(from[k], F_SETFD, FD_CLOEXEC);
    }
    err_fd = open_err(err_path);
    pid = fork();
    if (pid < 0) {
        snprintf(err, err_size, "fork: %s", strerror(errno));
        close(to[0]);
        close(to[1]);
        close(from[0]);
        close(from[1]);
        if (err_fd >= 0)
            close(err_fd);
        return -1;
    }
    if (pid == 0)
        child_exec(argv, env, cwd, to[0], from[1], err_fd);
    setpgid(pid, pid);      /* also here: no race with a kill right after */
    close(to[0]);
    close(from[1]);
    if (err_fd >= 0)
        close(err_fd);
    fcntl(from[0], F_SETFL, fcntl(from[0], F_GETFL) | O_NONBLOCK);
    c->pid = pid;
    c->in_fd = to[1];
    c->out_fd = from[0];
    return 0;
}

int fo_write_all(int fd, const char *text, size_t len)
{
    while (len) {
        ssize_t n = write(fd, text, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN) {
                struct pollfd p = { fd, POLLOUT, 0 };
                poll(&p, 1, 100);
                continue;
            }
            return -1;
        }
        text += n;
        len -= (size_t)n;
    }
    return 0;
}

int fo_reaped(pid_t pid, int *status)
{
    int st = 0;
    pid_t r = waitpid(pid, &st, WNOHANG);

    if (r == pid || (r < 0 && errno == ECHILD)) {
        if (status)
            *status = st;
        return 1;
    }
    return 0;
}

int fo_kill_wait(pid_t pid, int sig, long wait_ms)
{
    long long end = fo_mono_ms() + wait_ms;

    if (pid <= 0)
        return 1;
    kill(-pid, sig);
    kill(pid, sig);
    do {
        if (fo_reaped(pid, NULL))
            return 1;
        fo_sleep_ms(20);
    } while (fo_mono_ms() < end);
    return fo_reaped(pid, NULL);
}

int fo_run(const char *const argv[], const char *const env[], long timeout_ms, char *out,
           size_t out_size, const char *log_path)
{
    struct fo_child c;
    char err[200];
    size_t len = 0;
    long long end = fo_mono_ms() + timeout_ms;
    int status = 0, done = 0;

    if (out_size)
        out[0] = 0;
    if (fo_spawn(argv, env, NULL, log_path, &c, err, sizeof(err))) {
        int fd = open_err(log_path);
        if (fd >= 0) {
            dprintf(fd, "fo_run %s: %s\n", argv[0], err);
            close(fd);
        }
        return -1;
    }
    /* stdin: nothing (close our end: the child sees EOF at once). */
    close(c.in_fd);
    while (!done) {
        struct pollfd p = { c.out_fd, POLLIN, 0 };
        int wait_ms = 50;
        if (c.out_fd >= 0 && poll(&p, 1, wait_ms) > 0) {
            char chunk[4096];
            ssize_t n = read(c.out_fd, chunk, sizeof(chunk));
            if (n > 0) {
                size_t take = (size_t)n;
                if (out_size && len + take >= out_size)
                    take = out_size - 1 - len;
                memcpy(out + len, chunk, take);
                len += take;
                out[len] = 0;
            } else if (n == 0) {
                close(c.out_fd);
                c.out_fd = -1;
            }
        } else if (c.out_fd < 0) {
            fo_sleep_ms(20);
        }
        if (fo_reaped(c.pid, &status)) {
            done = 1;
        } else if (fo_mono_ms() > end) {
            fo_kill_wait(c.pid, SIGKILL, 2000);
            if (c.out_fd >= 0)
                close(c.out_fd);
            return -1;
        }
    }
    /* Whatever is already in the pipe; do not wait for EOF. */
    if (c.out_fd >= 0) {
        char chunk[4096];
        ssize_t n;
        while ((n = read(c.out_fd, chunk, sizeof(chunk))) > 0) {
            size_t take = (size_t)n;
            if (out_size && len + take >= out_size)
                take = out_size - 1 - len;
            memcpy(out + len, chunk, take);
            len += take;
            out[len] = 0;
        }
        close(c.out_fd);
    }
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return -1;
}

int fo_linebuf_fill(struct fo_linebuf *lb, int fd)
{
    int got = 0;

    for (;;) {
        ssize_t n;
        if (lb->len == sizeof(lb->buf)) {
            /* A line longer than the buffer: cut it. */
            lb->buf[lb->len - 1] = '\n';
            return 1;
        }
        n = read(fd, lb->buf + lb->len, sizeof(lb->buf) - lb->len);
        if (n > 0) {
            lb->len += (size_t)n;
            got = 1;
            continue;
        }
        if (n == 0)
            return got ? 1 : -1;
        if (errno == EINTR)
            continue;
        return got;     /* EAGAIN */
    }
}

int fo_linebuf_take(struct fo_linebuf *lb, char *out, size_t size)
{
    char *nl = memchr(lb->buf, '\n', lb->len);
    size_t n, copy;

    if (!nl)
        return 0;
    n = (size_t)(nl - lb->buf);
    copy = n;
    while (copy && lb->buf[copy - 1] == '\r')
        copy--;
    if (copy >= size)
        copy = size - 1;
    memcpy(out, lb->buf, copy);
    out[copy] = 0;
    memmove(lb->buf, nl + 1, lb->len - n - 1);
    lb->len -= n + 1;
    return 1;
}

int fo_procs_under(const char *root, const char *match, pid_t *pids, int max, char *list,
                   size_t list_size)
{
    DIR *d = opendir("/proc");
    struct dirent *e;
    size_t root_len = strlen(root);
    int count = 0;

    if (list_size)
        list[0] = 0;
    if (!d)
        return 0;
    while ((e = readdir(d))) {
        char path[64], env[32768], cmd[256];
        ssize_t n;
        int fd, found = 0;
        pid_t pid = (pid_t)atoi(e->d_name);
        if (pid <= 0 || pid == getpid())
            continue;
        snprintf(path, sizeof(path), "/proc/%d/environ", (int)pid);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        n = read(fd, env, sizeof(env) - 1);
        close(fd);
        if (n <= 0)
            continue;
        env[n] = 0;
        for (char *v = env; v < env + n; v += strlen(v) + 1) {
            if (!strncmp(v, "WINEPREFIX=", 11) && !strncmp(v + 11, root, root_len)
                && (v[11 + root_len] == '/' || v[11 + root_len] == 0)) {
                found = 1;
                break;
            }
        }
        if (!found)
            continue;
        cmd[0] = 0;
        snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            n = read(fd, cmd, sizeof(cmd) - 1);
            close(fd);
            if (n > 0) {
                cmd[n] = 0;
                for (ssize_t i = 0; i < n; i++)
                    if (!cmd[i])
                        cmd[i] = ' ';
            } else {
                cmd[0] = 0;
            }
        }
        if (match && !strstr(cmd, match))
            continue;
        if (count < max)
            pids[count] = pid;
        count++;
        if (list_size) {
            size_t len = strlen(list);
            snprintf(list + len, list_size - len, "%s%d %.80s", len ? "; " : "", (int)pid, cmd);
        }
    }
    closedir(d);
    return count;
}

int fo_port_free(int port)
{
    struct sockaddr_in a;
    int fd = socket(AF_INET, SOCK_STREAM, 0), ok;

    if (fd < 0)
        return 0;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok = bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
    close(fd);
    return ok;
}

int fo_mkdirs(const char *path)
{
    char tmp[4096];
    size_t n = strlen(path);

    if (n >= sizeof(tmp))
        return -1;
    memcpy(tmp, path, n + 1);
    for (char *p = tmp + 1; *p; p++) {
        if (*p == '/') {
            *p = 0;
            if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    }
    if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
        return -1;
    return 0;
}

int fo_dir_ours(const char *dir, int empty_it, const char *const keep[], char *why,
                size_t why_size)
{
    struct stat st;
    struct dirent *e;
    DIR *d;
    int entries = 0, marked = 0, clash = 0;
    char clash_name[64] = "";

    /* A directory to be removed must be itself, not a link to another; one
     * only written into may be reached through a link. */
    if ((empty_it ? lstat(dir, &st) : stat(dir, &st)) < 0) {
        if (errno == ENOENT)
            return 0;
        snprintf(why, why_size, "%s: %s", dir, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(why, why_size, "%s exists and is not a directory%s; nothing was changed: "
                 "move it away or choose another --out", dir,
                 empty_it ? " (a file or a link)" : "");
        return -1;
    }
    d = opendir(dir);
    if (!d) {
        snprintf(why, why_size, "%s: %s", dir, strerror(errno));
        return -1;
    }
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        entries++;
        if (!strcmp(e->d_name, FO_OUT_MARKER)) {
            char path[4096];
            struct stat m;
            snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
            marked = lstat(path, &m) == 0 && S_ISREG(m.st_mode);
        }
        for (int k = 0; keep && keep[k]; k++) {
            if (!strcmp(e->d_name, keep[k]) && !clash++)
                snprintf(clash_name, sizeof(clash_name), "%s", keep[k]);
        }
    }
    closedir(d);
    if (!entries || marked || (!empty_it && !clash))
        return 0;
    if (empty_it)
        snprintf(why, why_size, "%s holds files and was not made by failover (it has no %s): "
                 "a run removes its scenario's directory first, so nothing was changed; "
                 "move it away or choose another --out", dir, FO_OUT_MARKER);
    else
        snprintf(why, why_size, "%s holds a %s that failover did not write (it has no %s) "
                 "and would overwrite, so nothing was changed; move it away or choose "
                 "another --out", dir, clash_name, FO_OUT_MARKER);
    return -1;
}

int fo_mark_dir(const char *dir)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, FO_OUT_MARKER);
    f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("Written by build/native/failover (tests/failover): this directory is its "
          "output, and\nthe next run of the same scenario removes it with everything in "
          "it.\n", f);
    return fclose(f) == 0 ? 0 : -1;
}

char *fo_read_file(const char *path, size_t max, size_t *size, char *err, size_t err_size)
{
    /* O_NONBLOCK: opening a FIFO for reading must not wait for a writer. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    char *buf = NULL;
    size_t len = 0, cap;

    if (fd < 0) {
        snprintf(err, err_size, "cannot open it: %s", strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) < 0) {
        snprintf(err, err_size, "cannot read it: %s", strerror(errno));
        goto fail;
    }
    if (S_ISDIR(st.st_mode)) {
        snprintf(err, err_size, "it is a directory, not a file");
        goto fail;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, err_size, "it is not a regular file but a device, pipe or socket, which "
                 "may never end; only regular files are read");
        goto fail;
    }
    if ((unsigned long long)st.st_size > max) {
        snprintf(err, err_size, "it is %lld bytes, more than the limit of %zu bytes",
                 (long long)st.st_size, max);
        goto fail;
    }
    /* Read to the end but never past the limit: the file may grow meanwhile.
     * One byte more than the size, so the end shows; one for the NUL. */
    cap = (size_t)st.st_size + 2;
    buf = malloc(cap);
    if (!buf) {
        snprintf(err, err_size, "out of memory");
        goto fail;
    }
    for (;;) {
        ssize_t n;
        if (len + 1 >= cap) {
            size_t more = cap * 2 + 4096 > max + 2 ? max + 2 : cap * 2 + 4096;
            char *bigger;
            if (len > max) {
                snprintf(err, err_size, "it grew past the limit of %zu bytes while it was read",
                         max);
                goto fail;
            }
            bigger = realloc(buf, more);
            if (!bigger) {
                snprintf(err, err_size, "out of memory");
                goto fail;
            }
            buf = bigger;
            cap = more;
        }
        n = read(fd, buf + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(err, err_size, "cannot read it: %s", strerror(errno));
            goto fail;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    if (len > max) {
        snprintf(err, err_size, "it grew past the limit of %zu bytes while it was read", max);
        goto fail;
    }
    close(fd);
    buf[len] = 0;
    if (size)
        *size = len;
    return buf;
fail:
    free(buf);
    close(fd);
    return NULL;
}
