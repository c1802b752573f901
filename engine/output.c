#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct atomic_file {
    char *path, *tmp;
    FILE *f;
};

static void atomic_free(atomic_file *a)
{
    free(a->path);
    free(a->tmp);
    free(a);
}

atomic_file *atomic_open(const char *path, mode_t mode, char *err, size_t errlen)
{
    size_t len = strlen(path);
    atomic_file *a = calloc(1, sizeof *a);
    if (!a || !(a->path = strdup(path)) || !(a->tmp = malloc(len + 16))) {
        snprintf(err, errlen, "out of memory");
        if (a)
            atomic_free(a);
        return NULL;
    }
    /* Same folder as the target, so that rename() replaces it atomically. */
    snprintf(a->tmp, len + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(a->tmp);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create a temporary file beside %s: %s", path, strerror(errno));
        atomic_free(a);
        return NULL;
    }
    const char *failed = NULL;
    if (fchmod(fd, mode) != 0)
        failed = "cannot set its mode";
    else if (!(a->f = fdopen(fd, "w")))
        failed = "cannot open it";
    if (failed) {
        snprintf(err, errlen, "%s: %s: %s", path, failed, strerror(errno));
        close(fd);
        unlink(a->tmp);
        atomic_free(a);
        return NULL;
    }
    return a;
}

FILE *atomic_stream(atomic_file *a)
{
    return a->f;
}

int atomic_close(atomic_file *a, int keep, char *err, size_t errlen)
{
    const char *failed = NULL;
    int saved = 0;
    if (keep && ferror(a->f)) {
        failed = "the file could not be written";
        saved = errno;
    } else if (keep && (fflush(a->f) != 0 || fsync(fileno(a->f)) != 0)) {
        failed = "cannot flush it";
        saved = errno;
    }
    if (fclose(a->f) != 0 && keep && !failed) {
        failed = "cannot close it";
        saved = errno;
    }
    if (keep && !failed && rename(a->tmp, a->path) != 0) {
        failed = "cannot rename it into place";
        saved = errno;
    }
    if (failed || !keep)
        unlink(a->tmp);
    if (failed) {
        if (saved)
            snprintf(err, errlen, "%s: %s: %s", a->path, failed, strerror(saved));
        else
            snprintf(err, errlen, "%s: %s", a->path, failed);
    }
    atomic_free(a);
    return failed ? -1 : 0;
}

int write_atomic(const char *path, mode_t mode, write_fn fn, void *arg, char *err, size_t errlen)
{
    atomic_file *a = atomic_open(path, mode, err, errlen);
    if (!a)
        return -1;
    if (fn(arg, a->f) != 0) {
        snprintf(err, errlen, "%s: the report could not be written%s%s", path, ferror(a->f) && errno ? ": " : "",
                 ferror(a->f) && errno ? strerror(errno) : "");
        atomic_close(a, 0, NULL, 0);
        return -1;
    }
    return atomic_close(a, 1, err, errlen);
}
