#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct atomic_file {
    char *path, *tmp;
    FILE *f;
    int direct;                /* a device or a FIFO: written in place */
};

/* When this process started: leftovers older than that are a killed run's. */
static time_t run_start;
__attribute__((constructor)) static void note_run_start(void)
{
    run_start = time(NULL);
}

/* Remove DIR/BASE.tmp.XXXXXX files (exactly six characters of mkstemp's
 * alphabet after ".tmp.") left by a killed run: regular files, ours, last
 * changed before this run started.  Anything else is left alone. */
static void clean_leftovers(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) + 1 : 1, slash ? path : ".");
    DIR *d = opendir(dir);
    if (!d)
        return;
    size_t bl = strlen(base);
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *n = e->d_name;
        if (strncmp(n, base, bl) != 0 || strncmp(n + bl, ".tmp.", 5) != 0 || strlen(n + bl + 5) != 6 ||
            strspn(n + bl + 5, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") != 6)
            continue;
        char full[PATH_MAX];
        struct stat st;
        if ((size_t)snprintf(full, sizeof full, "%s%s%s", dir, slash ? "" : "/", n) >= sizeof full ||
            lstat(full, &st) != 0)
            continue;
        if (S_ISREG(st.st_mode) && st.st_uid == geteuid() && st.st_mtime < run_start)
            unlink(full);
    }
    closedir(d);
}

/* -o onto a device or a FIFO: write into it, never replace it. */
static atomic_file *open_direct(atomic_file *a, char *err, size_t errlen)
{
    int fd = open(a->path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || !(a->f = fdopen(fd, "w"))) {
        snprintf(err, errlen, "cannot open %s: %s", a->path, strerror(errno));
        if (fd >= 0)
            close(fd);
        free(a->path);
        free(a->tmp);
        free(a);
        return NULL;
    }
    a->direct = 1;
    return a;
}

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
    /* A symlink: replace its target (the link stays).  A device or a FIFO:
     * write into it.  An existing regular file: keep its owner and its mode
     * (no looser than output_mode). */
    struct stat st, lst;
    int exists = stat(path, &st) == 0;
    if (exists && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
        char *real = realpath(path, NULL);
        if (real) {
            free(a->path);
            a->path = real;
            len = strlen(real);
            char *grown = realloc(a->tmp, len + 16);
            if (!grown) {
                snprintf(err, errlen, "out of memory");
                atomic_free(a);
                return NULL;
            }
            a->tmp = grown;
        }
    }
    if (exists && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
        return open_direct(a, err, errlen);
    clean_leftovers(a->path);
    /* Same folder as the target, so that rename() replaces it atomically. */
    snprintf(a->tmp, len + 16, "%s.tmp.XXXXXX", a->path);
    int fd = mkstemp(a->tmp);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create a temporary file beside %s: %s", path, strerror(errno));
        atomic_free(a);
        return NULL;
    }
    const char *failed = NULL;
    if (exists && S_ISREG(st.st_mode)) {
        /* its mode, but never looser than output_mode (the policy's privacy) */
        mode = st.st_mode & 07777 & (mode | 07000);
        if (fchown(fd, st.st_uid, st.st_gid) != 0 && errno != EPERM) /* EPERM: not ours to give */
            failed = "cannot keep the owner";
    }
    if (failed)
        ;
    else if (fchmod(fd, mode) != 0)
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
    } else if (keep && (fflush(a->f) != 0 || (!a->direct && fsync(fileno(a->f)) != 0))) {
        failed = "cannot flush it";
        saved = errno;
    }
    if (fclose(a->f) != 0 && keep && !failed) {
        failed = "cannot close it";
        saved = errno;
    }
    if (keep && !failed && !a->direct && rename(a->tmp, a->path) != 0) {
        failed = "cannot rename it into place";
        saved = errno;
    }
    if ((failed || !keep) && !a->direct)
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

int format_text_or_json(const char *verb, const char *format)
{
    if (strcmp(format, "text") == 0 || strcmp(format, "json") == 0)
        return 0;
    fprintf(stderr, "ccscore: error: unknown --format '%s': %s writes text or json\n", format, verb);
    return -1;
}
