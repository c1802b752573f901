/* Replays a fuzz harness over corpus files without libFuzzer, built with
 * the project's compiler: every file in the folders named on the command
 * line (or in REPLAY_DIRS, ':'-separated) is one TAP test; a crash or a
 * sanitizer report fails the run.  Used by make check for the regression
 * corpus (tests/fuzz/regressions) and the seeds. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int n;

static void replay_dir(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        printf("not ok %d - cannot open %s\n", ++n, dir);
        return;
    }
    char **names = NULL;
    size_t count = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (de->d_name[0] == '.')
            continue;
        names = realloc(names, (count + 1) * sizeof *names);
        names[count++] = strdup(de->d_name);
    }
    closedir(dp);
    if (count)
        qsort(names, count, sizeof *names, cmp);
    for (size_t i = 0; i < count; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "rb");
        unsigned char *buf = NULL;
        size_t len = 0, cap = 0;
        if (f) {
            for (;;) {
                if (len == cap) {
                    cap = cap ? cap * 2 : 65536;
                    buf = realloc(buf, cap);
                }
                size_t got = fread(buf + len, 1, cap - len, f);
                if (!got)
                    break;
                len += got;
            }
            fclose(f);
        }
        fflush(stdout);
        if (!f) {
            printf("not ok %d - cannot read %s\n", ++n, path);
        } else {
            /* An exact-size copy, so that ASan sees reads past the end. */
            unsigned char *exact = malloc(len ? len : 1);
            if (len)
                memcpy(exact, buf, len);
            LLVMFuzzerTestOneInput(exact, len);
            free(exact);
            printf("ok %d - %s\n", ++n, path);
        }
        free(buf);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    char *dirs = NULL;
    if (argc < 2) {
        const char *env = getenv("REPLAY_DIRS");
#ifdef REPLAY_DIRS
        if (!env)
            env = REPLAY_DIRS;
#endif
        if (!env) {
            fprintf(stderr, "usage: %s DIR...\n", argv[0]);
            return 2;
        }
        dirs = strdup(env);
    }
    if (dirs) {
        char *save = NULL;
        for (char *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save))
            replay_dir(d);
    } else {
        for (int i = 1; i < argc; i++)
            replay_dir(argv[i]);
    }
    free(dirs);
    printf("1..%d\n", n);
    return 0;
}
