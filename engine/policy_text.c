/* The policy reader's text helpers: trimming, inline comments, identifiers,
 * and reading a whole file (see policy_file.c for the rules they follow). */
#include "policy_text.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *pol_ltrim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    return s;
}

char *pol_trim(char *s)
{
    s = pol_ltrim(s);
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* Cut s at its inline comment: a ';' preceded by whitespace (inih's rule). */
void pol_strip_inline_comment(char *s)
{
    bool was_space = false;
    for (char *p = s; *p; p++) {
        if (was_space && *p == ';') {
            *p = '\0';
            return;
        }
        was_space = isspace((unsigned char)*p) != 0;
    }
}

bool pol_valid_ident(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return true;
}

char *pol_slurp(int fd, size_t *len, const char **err, int *errnum)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        *err = "out of memory";
        return NULL;
    }
    for (;;) {
        if (n == cap) {
            if (cap >= POL_MAX_FILE_SIZE) {
                *err = "file is larger than 16 MiB";
                free(buf);
                return NULL;
            }
            char *b = realloc(buf, cap * 2);
            if (!b) {
                *err = "out of memory";
                free(buf);
                return NULL;
            }
            buf = b;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            *errnum = errno;
            free(buf);
            return NULL;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    *len = n;
    return buf;
}
