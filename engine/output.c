#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int write_atomic(const char *path, mode_t mode, write_fn fn, void *arg, char *err, size_t errlen)
{
    size_t len = strlen(path);
    char *tmp = malloc(len + 16);
    if (!tmp) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    /* Same folder as the target, so that rename() replaces it atomically. */
    snprintf(tmp, len + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create a temporary file beside %s: %s", path, strerror(errno));
        free(tmp);
        return -1;
    }
    FILE *f = NULL;
    const char *failed = NULL;
    int saved = 0;
    if (fchmod(fd, mode) != 0) {
        failed = "cannot set its mode";
        saved = errno;
    } else if (!(f = fdopen(fd, "w"))) {
        failed = "cannot open it";
        saved = errno;
    } else if (fn(arg, f) != 0) {
        failed = "the report could not be written";
        saved = ferror(f) ? errno : 0;
    } else if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
        failed = "cannot flush it";
        saved = errno;
    }
    if (f) {
        if (fclose(f) != 0 && !failed) {
            failed = "cannot close it";
            saved = errno;
        }
    } else {
        close(fd);
    }
    if (!failed && rename(tmp, path) != 0) {
        failed = "cannot rename it into place";
        saved = errno;
    }
    if (failed) {
        if (saved)
            snprintf(err, errlen, "%s: %s: %s", path, failed, strerror(saved));
        else
            snprintf(err, errlen, "%s: %s", path, failed);
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}
