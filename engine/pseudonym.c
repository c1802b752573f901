#include "pseudonym.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int pseudonym_load_key(const char *path, unsigned char **key, size_t *len, char *why, size_t whylen)
{
    *key = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        snprintf(why, whylen, "cannot open the pseudonym key file %s: %s%s", path, strerror(errno),
                 errno == ELOOP ? " (a symbolic link is not accepted)" : "");
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(why, whylen, "the pseudonym key file %s is not a regular file", path);
        close(fd);
        return -1;
    }
    if (st.st_mode & 077) {
        snprintf(why, whylen,
                 "the pseudonym key file %s is open to group or others (mode %04o): anyone who can "
                 "read it can undo the pseudonyms; fix it with 'chmod 600 %s'",
                 path, (unsigned)(st.st_mode & 07777), path);
        close(fd);
        return -1;
    }
    unsigned char *buf = malloc(PSEUDONYM_MAX_KEY);
    size_t got = 0;
    ssize_t n = 0;
    while (buf && got < PSEUDONYM_MAX_KEY && (n = read(fd, buf + got, PSEUDONYM_MAX_KEY - got)) > 0)
        got += (size_t)n;
    close(fd);
    if (!buf || n < 0) {
        snprintf(why, whylen, "cannot read the pseudonym key file %s: %s", path,
                 buf ? strerror(errno) : "out of memory");
        pseudonym_free_key(buf, PSEUDONYM_MAX_KEY);
        return -1;
    }
    if (got < PSEUDONYM_MIN_KEY) {
        snprintf(why, whylen,
                 "the pseudonym key file %s holds %zu bytes; it needs at least %d random bytes "
                 "(e.g. head -c 32 /dev/urandom > %s && chmod 600 %s)",
                 path, got, PSEUDONYM_MIN_KEY, path, path);
        pseudonym_free_key(buf, PSEUDONYM_MAX_KEY);
        return -1;
    }
    *key = buf;
    *len = got;
    return 0;
}

void pseudonym_of(const unsigned char *key, size_t keylen, const char *id, size_t idlen, char *out)
{
    struct hmac_sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    hmac_sha256_set_key(&ctx, keylen, key);
    hmac_sha256_update(&ctx, idlen, (const uint8_t *)id);
    hmac_sha256_digest(&ctx, sizeof digest, digest);
    static const char hex[] = "0123456789abcdef";
    out[0] = 'a';
    out[1] = '-';
    for (int i = 0; i < (PSEUDONYM_LEN - 2) / 2; i++) {
        out[2 + 2 * i] = hex[digest[i] >> 4];
        out[3 + 2 * i] = hex[digest[i] & 15];
    }
    out[PSEUDONYM_LEN] = '\0';
    explicit_bzero(&ctx, sizeof ctx);
}

void pseudonym_free_key(unsigned char *key, size_t len)
{
    if (key)
        explicit_bzero(key, len);
    free(key);
}
