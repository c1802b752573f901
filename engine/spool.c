/* Standard input and gzip files into a temporary file (see spool.h). */
#include "spool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

int spool_needed(const char *name)
{
    size_t n = strlen(name);
    if (strcmp(name, "-") == 0 || (n > 3 && strcmp(name + n - 3, ".gz") == 0))
        return 1;
    /* A FIFO, a shell's <(...) or a device can be read only once: the
     * header probe would eat what the source then reads (issue 20). */
    struct stat st;
    return stat(name, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

/* zlib's message without the "<fd:3>: " it puts before it. */
static const char *zmessage(gzFile gz, int *zerr)
{
    const char *why = gzerror(gz, zerr);
    if (strncmp(why, "<fd:", 4) == 0 && strstr(why, ": "))
        why = strstr(why, ": ") + 2;
    return why;
}

/* Everything gz yields into fd (zlib passes data that is not gzip through
 * as it is, so standard input may be either).  0, or -1 with err set. */
static int copy_out(gzFile gz, int fd, char *err, size_t errlen)
{
    static char buf[1 << 16];
    for (;;) {
        int n = gzread(gz, buf, sizeof buf);
        if (n < 0) {
            int zerr;
            const char *why = zmessage(gz, &zerr);
            snprintf(err, errlen, "cannot decompress: %s", zerr == Z_ERRNO ? strerror(errno) : why);
            return -1;
        }
        if (n == 0) {
            /* A truncated gzip stream ends without an error from gzread. */
            int zerr;
            const char *why = zmessage(gz, &zerr);
            if (zerr != Z_OK && zerr != Z_STREAM_END) {
                snprintf(err, errlen, "cannot decompress: %s", why);
                return -1;
            }
            return 0;
        }
        for (int done = 0; done < n;) {
            ssize_t w = write(fd, buf + done, (size_t)(n - done));
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                snprintf(err, errlen, "cannot write a temporary copy: %s", strerror(errno));
                return -1;
            }
            done += (int)w;
        }
    }
}

char *spool_input(const char *name, char *err, size_t errlen)
{
    int in = strcmp(name, "-") == 0 ? dup(STDIN_FILENO) : open(name, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        snprintf(err, errlen, "cannot read data file: %s", strerror(errno));
        return NULL;
    }
    gzFile gz = gzdopen(in, "rb");
    if (!gz) {
        close(in);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    /* TMPDIR/ccscore-input-XXXXXX/NAME (folder 0700, file 0600: the copy
     * holds the export's personal data), so that a plugin's own messages
     * about the copy still name the file given. */
    const char *tmp = getenv("TMPDIR"), *base = strrchr(name, '/');
    base = strcmp(name, "-") == 0 ? "stdin" : base ? base + 1 : name;
    size_t blen = strlen(base);
    if (blen > 3 && strcmp(base + blen - 3, ".gz") == 0)
        blen -= 3;
    char *path = NULL;
    if (asprintf(&path, "%s/ccscore-input-XXXXXX", tmp && *tmp ? tmp : "/tmp") < 0) {
        gzclose(gz);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    char *file = NULL;
    int fd = -1;
    if (mkdtemp(path) && asprintf(&file, "%s/%.*s", path, (int)(blen ? blen : 1), blen ? base : "-") >= 0)
        fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(err, errlen, "cannot make a temporary copy in %s: %s", tmp && *tmp ? tmp : "/tmp",
                 strerror(errno));
        if (file)
            rmdir(path);
        gzclose(gz);
        free(file);
        free(path);
        return NULL;
    }
    free(path);
    path = file;
    int rc = copy_out(gz, fd, err, errlen);
    gzclose(gz);
    if (close(fd) != 0 && rc == 0) {
        snprintf(err, errlen, "cannot write a temporary copy: %s", strerror(errno));
        rc = -1;
    }
    if (rc != 0) {
        spool_remove(path);
        return NULL;
    }
    return path;
}

void spool_remove(char *copy)
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
