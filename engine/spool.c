/* Copies of data files that can be read only once (see spool.h). */
#include "spool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int copy_fd(int from, int to)
{
    char buf[65536];
    for (;;) {
        ssize_t n = read(from, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n == 0 ? 0 : -1;
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(to, buf + done, (size_t)(n - done));
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                return -1;
            done += w;
        }
    }
}

int spool_stream(const char *path, char **copy)
{
    *copy = NULL;
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
        return 0;
    const char *tmp = getenv("TMPDIR");
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (!*base)
        base = "input";
    size_t len = strlen(tmp && *tmp ? tmp : "/tmp") + strlen(base) + 32;
    char *out = malloc(len);
    if (!out)
        return -1;
    snprintf(out, len, "%s/ccscore-input.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(out)) {
        free(out);
        return -1;
    }
    size_t dirlen = strlen(out);
    snprintf(out + dirlen, len - dirlen, "/%s", base);
    int in = open(path, O_RDONLY | O_CLOEXEC);
    int fd = in < 0 ? -1 : open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    int rc = fd < 0 ? -1 : copy_fd(in, fd);
    int saved = errno;
    if (fd >= 0 && close(fd) != 0 && rc == 0)
        rc = -1, saved = errno;
    if (in >= 0)
        close(in);
    if (rc != 0) {
        spool_drop(out);
        errno = saved;
        return -1;
    }
    *copy = out;
    return 0;
}

void spool_drop(char *copy)
{
    if (!copy)
        return;
    unlink(copy);
    char *slash = strrchr(copy, '/');
    if (slash) {
        *slash = '\0';
        rmdir(copy);
    }
    free(copy);
}
