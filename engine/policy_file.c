/* Policy files: syntax, sections and includes (see policy_file.h).
 *
 * How inih is used, and why.  Debian's libinih 55 is built with a 200-byte
 * line buffer (fgets-style: a line of 199 bytes or more reaches its parser in
 * two pieces, the second one parsed as a line of its own), a handler with no
 * line number, a parse that goes on after an error but returns only the
 * first error's line, section names truncated to 49 bytes, no handler call
 * for a section header, and multi-line values (an indented line continues the
 * previous key).  Its defaults, checked on this build: ';' and '#' start a
 * comment at line start; an inline comment is a ';' preceded by whitespace
 * ("a = x ; note" gives "x", "a = x;y" gives "x;y", '#' is never inline); a
 * UTF-8 BOM is skipped on the first line; "name: value" is accepted like
 * "name = value"; values and names are trimmed.
 *
 * So the reader given to ini_parse_stream() does the line work itself: it
 * reads the whole file, cuts physical lines (LF or CRLF, BOM on line 1),
 * counts them, refuses overlong lines and lines with a NUL byte, checks
 * section headers and key names, and reports each problem once with its line
 * number.  Only a valid "key = value" line is handed to inih, rewritten as
 * "key=value" (inline comment removed, no leading blank, so inih's
 * multi-line rule and ':' separator can never apply); every other line is
 * handed over as an empty line.  inih then splits the pair and calls the
 * handler, always for the line the reader returned last, so the handler takes
 * the line number and the current section from the reader's state.  The one
 * case that cannot go through inih's buffer is a valid line whose rewritten
 * form is 199 or 200 bytes (no blank anywhere, e.g. "k=" and 198 bytes): the
 * reader then hands inih a placeholder pair and the handler takes the key and
 * value the reader kept.  Nothing handed to inih is an error for it and the
 * handler never fails, so inih's return value carries no information and its
 * runtime switches (ini_stop_on_first_error and the like) do not matter.
 *
 * Choices beyond the brief:
 *  - A section header repeated in the same file is an error ("duplicate
 *    section"), its keys still merging into the first one: in a policy each
 *    [metric x] or [check y] is one unit, so a second header with the same
 *    name is nearly always a copied block someone forgot to rename, and
 *    merging it silently would build one unit out of two.  The same section
 *    in an included file and in the including file is the override
 *    mechanism and is not an error.
 *  - After any bad header (unknown kind, bad name, no ']', text after ']')
 *    the following keys belong to no section and are skipped silently,
 *    rather than reported one by one or merged into the previous section.
 *    Lines that are not "key = value" at all are still reported.
 *  - "include" is special only before the first section; inside a section
 *    it is an ordinary key, left to the validation of declared keys.
 *  - The same file included twice without a loop (a diamond) is loaded
 *    twice; the second load overrides the first with the same values.
 *  - Loops are found by device and inode, so "sub/../a.ini" and "a.ini" are
 *    the same file; the loop is shown from the first file of the loop, with
 *    the paths as they were opened.
 *  - The overlong-line rule applies to every line, comments included, since
 *    any other inih-based reader of the file would split them; the BOM is
 *    not counted in a line's length.
 *  - Files over 16 MiB are refused instead of being read whole. */
#include "policy_file.h"
#include "policy_text.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static const char *const section_kinds[] = { "source", "metric", "check", "feedback", "sink" };

typedef struct frame {
    dev_t dev;
    ino_t ino;
    const char *path;
} frame;

/* One policy_file_load() call. */
typedef struct load_ctx {
    pol_file *out;
    diag_list *d;
    frame stack[POL_MAX_INCLUDE_DEPTH + 1]; /* files being read, top file first */
    size_t depth;                            /* frames in use */
    unsigned loads;                          /* file loads so far */
} load_ctx;

enum sec_state { SEC_NONE, SEC_VALID, SEC_INVALID };

/* One file being read: the reader's and the handler's shared state. */
typedef struct file_state {
    load_ctx *ctx;
    const char *path; /* interned in out->files */
    unsigned load;    /* this load's number, for duplicate detection */
    char *buf;
    size_t len, pos;
    unsigned lineno;  /* line the reader returned last */
    enum sec_state sec;
    size_t sec_index; /* when sec == SEC_VALID */
    /* The current key line, kept for a line too long for inih's buffer. */
    bool oversize;
    const char *key, *value;
    char scratch[POL_MAX_LINE + 1];
} file_state;

static void load_file(load_ctx *ctx, const char *path, const char *from_file,
                      unsigned from_line, const char *as_written);

static void oom(load_ctx *ctx, const char *file, unsigned line)
{
    diag_add(ctx->d, file, line, "out of memory");
}

static const char *intern_file(load_ctx *ctx, const char *path)
{
    pol_file *p = ctx->out;
    for (size_t i = 0; i < p->nfiles; i++)
        if (strcmp(p->files[i], path) == 0)
            return p->files[i];
    char *copy = strdup(path);
    char **files = copy ? realloc(p->files, (p->nfiles + 1) * sizeof *files) : NULL;
    if (!files) {
        free(copy);
        return NULL;
    }
    p->files = files;
    p->files[p->nfiles++] = copy;
    return copy;
}

static pol_section *find_section_mut(pol_file *p, const char *kind, const char *name)
{
    for (size_t i = 0; i < p->n; i++) {
        pol_section *s = &p->sections[i];
        if (strcmp(s->kind, kind) != 0)
            continue;
        if (name ? (s->name && strcmp(s->name, name) == 0) : !s->name)
            return s;
    }
    return NULL;
}

static pol_entry *find_entry_mut(pol_section *s, const char *key)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->entries[i].key, key) == 0)
            return &s->entries[i];
    return NULL;
}

/* A valid header [kind name] (name NULL for [organisation]) on the current
 * line: select its section, creating it or taking it over from an included
 * file. */
static void open_section(file_state *st, const char *kind, const char *name)
{
    load_ctx *ctx = st->ctx;
    pol_file *p = ctx->out;
    pol_section *s = find_section_mut(p, kind, name);
    if (s) {
        if (s->load == st->load)
            diag_add(ctx->d, st->path, st->lineno, "duplicate section [%s%s%s] (first at %s:%u)",
                     kind, name ? " " : "", name ? name : "", s->file, s->line);
        else {
            s->file = st->path;
            s->line = st->lineno;
            s->load = st->load;
        }
        st->sec = SEC_VALID;
        st->sec_index = (size_t)(s - p->sections);
        return;
    }
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 8;
        pol_section *v = realloc(p->sections, cap * sizeof *v);
        if (!v)
            goto nomem;
        p->sections = v;
        p->cap = cap;
    }
    s = &p->sections[p->n];
    memset(s, 0, sizeof *s);
    s->kind = strdup(kind);
    s->name = name ? strdup(name) : NULL;
    if (!s->kind || (name && !s->name)) {
        free(s->kind);
        free(s->name);
        goto nomem;
    }
    s->file = st->path;
    s->line = st->lineno;
    s->load = st->load;
    st->sec = SEC_VALID;
    st->sec_index = p->n++;
    return;
nomem:
    oom(ctx, st->path, st->lineno);
    st->sec = SEC_INVALID;
}

/* A "[...]" line, s trimmed and without its inline comment. */
static void section_line(file_state *st, char *s)
{
    diag_list *d = st->ctx->d;
    st->sec = SEC_INVALID; /* unless proven valid below */
    char *close = strchr(s + 1, ']');
    if (!close) {
        diag_add(d, st->path, st->lineno, "expected 'key = value' or a [section] header");
        return;
    }
    *close = '\0';
    char *inner = pol_trim(s + 1);
    char *rest = pol_ltrim(close + 1);
    if (*rest) {
        diag_add(d, st->path, st->lineno, "unexpected text '%s' after section header [%s]", rest, inner);
        return;
    }
    size_t klen = 0;
    while (inner[klen] && !isspace((unsigned char)inner[klen]))
        klen++;
    char *name = pol_ltrim(inner + klen); /* pol_trim() already removed trailing blanks */

    /* Host sections without a name: [organisation], [history] (issue 12), [retention] (issue 14). */
    static const char *const host_kinds[] = { "organisation", "history", "retention" };
    for (size_t i = 0; i < sizeof host_kinds / sizeof *host_kinds; i++) {
        if (klen != strlen(host_kinds[i]) || strncmp(inner, host_kinds[i], klen) != 0)
            continue;
        if (*name) {
            diag_add(d, st->path, st->lineno,
                     "unexpected name '%s' in [%s]; [%s] takes no name", name, inner, host_kinds[i]);
            return;
        }
        open_section(st, host_kinds[i], NULL);
        return;
    }
    /* [team NAME] (issue 11): a team's own targets; NAME is the team id as
     * the data writes it, so any text. */
    if (klen == 4 && strncmp(inner, "team", 4) == 0) {
        if (!*name)
            diag_add(d, st->path, st->lineno, "section [team] needs the team's id: [team NAME]");
        else
            open_section(st, "team", name);
        return;
    }
    for (size_t i = 0; i < sizeof section_kinds / sizeof *section_kinds; i++) {
        if (klen != strlen(section_kinds[i]) || strncmp(inner, section_kinds[i], klen) != 0)
            continue;
        if (!*name) {
            diag_add(d, st->path, st->lineno, "section [%s] needs a name: [%s NAME]",
                     section_kinds[i], section_kinds[i]);
            return;
        }
        if (!pol_valid_ident(name, strlen(name))) {
            diag_add(d, st->path, st->lineno,
                     "invalid section name '%s' in [%s]; names use only a-z, 0-9 and _", name, inner);
            return;
        }
        open_section(st, section_kinds[i], name);
        return;
    }
    diag_add(d, st->path, st->lineno,
             "unknown section [%s]; expected [organisation] or [source|metric|check|feedback|sink NAME]",
             inner);
}

/* Check the physical line in st->scratch; write what inih should parse to
 * str (an empty line unless it is a valid key line). */
static void classify_line(file_state *st, char *str, int num)
{
    diag_list *d = st->ctx->d;
    char *s = pol_ltrim(st->scratch);
    if (*s == '\0' || *s == ';' || *s == '#')
        return; /* blank line or comment */
    pol_strip_inline_comment(s);
    s = pol_trim(s);
    if (*s == '[') {
        section_line(st, s);
        return;
    }
    char *eq = strchr(s, '=');
    if (!eq || eq == s) {
        diag_add(d, st->path, st->lineno, "expected 'key = value' or a [section] header");
        return;
    }
    *eq = '\0';
    char *key = pol_trim(s);
    char *value = pol_trim(eq + 1);
    if (st->sec == SEC_INVALID)
        return; /* keys of a bad section: its header was reported */
    /* [team NAME] keys are METRIC.KEY (issue 11): two names and a dot */
    const char *dot = st->sec == SEC_VALID && strcmp(st->ctx->out->sections[st->sec_index].kind, "team") == 0
                          ? strchr(key, '.') : NULL;
    if (dot ? !pol_valid_ident(key, (size_t)(dot - key)) || !pol_valid_ident(dot + 1, strlen(dot + 1))
            : !pol_valid_ident(key, strlen(key))) {
        diag_add(d, st->path, st->lineno,
                 "invalid key name '%s'; key names use only a-z, 0-9 and _%s", key,
                 dot ? " (in a [team] section: METRIC.KEY)" : "");
        return;
    }
    st->key = key;
    st->value = value;
    size_t need = strlen(key) + 1 + strlen(value); /* + NUL must fit in num */
    if (num > 0 && need < (size_t)num) {
        memcpy(str, key, strlen(key));
        str[strlen(key)] = '=';
        memcpy(str + strlen(key) + 1, value, strlen(value) + 1);
    } else {
        st->oversize = true;
        snprintf(str, num > 0 ? (size_t)num : 0, "k=");
    }
}

/* ini_reader: hand inih the next line, checked and rewritten. */
static char *read_line(char *str, int num, void *stream)
{
    file_state *st = stream;
    if (st->pos >= st->len || num < 1)
        return NULL;
    const char *ln = st->buf + st->pos;
    const char *nl = memchr(ln, '\n', st->len - st->pos);
    size_t n = nl ? (size_t)(nl - ln) : st->len - st->pos;
    st->pos += n + (nl ? 1 : 0);
    st->lineno++;
    if (n && ln[n - 1] == '\r')
        n--;
    if (st->lineno == 1 && n >= 3 && memcmp(ln, "\xEF\xBB\xBF", 3) == 0) {
        ln += 3;
        n -= 3;
    }
    str[0] = '\0';
    st->oversize = false;
    st->key = st->value = NULL;
    if (n > POL_MAX_LINE) {
        diag_add(st->ctx->d, st->path, st->lineno,
                 "line is longer than %d bytes (%zu); shorten it or split the value", POL_MAX_LINE, n);
        return str;
    }
    if (memchr(ln, '\0', n)) {
        diag_add(st->ctx->d, st->path, st->lineno, "line contains a NUL byte");
        return str;
    }
    memcpy(st->scratch, ln, n);
    st->scratch[n] = '\0';
    classify_line(st, str, num);
    return str;
}

static void set_entry(file_state *st, const char *key, const char *value)
{
    load_ctx *ctx = st->ctx;
    pol_section *s = &ctx->out->sections[st->sec_index];
    pol_entry *e = find_entry_mut(s, key);
    if (e) {
        if (e->load == st->load) {
            diag_add(ctx->d, st->path, st->lineno, "duplicate key '%s' (first set at %s:%u)",
                     key, e->file, e->line);
            return;
        }
        char *v = strdup(value);
        if (!v) {
            oom(ctx, st->path, st->lineno);
            return;
        }
        free(e->value);
        e->value = v;
        e->file = st->path;
        e->line = st->lineno;
        e->load = st->load;
        return;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        pol_entry *v = realloc(s->entries, cap * sizeof *v);
        if (!v) {
            oom(ctx, st->path, st->lineno);
            return;
        }
        s->entries = v;
        s->cap = cap;
    }
    e = &s->entries[s->n];
    e->key = strdup(key);
    e->value = strdup(value);
    if (!e->key || !e->value) {
        free(e->key);
        free(e->value);
        oom(ctx, st->path, st->lineno);
        return;
    }
    e->file = st->path;
    e->line = st->lineno;
    e->load = st->load;
    s->n++;
}

static void include_file(file_state *st, const char *value)
{
    if (!*value) {
        diag_add(st->ctx->d, st->path, st->lineno, "include needs a file name");
        return;
    }
    const char *slash = strrchr(st->path, '/');
    size_t dlen = (value[0] != '/' && slash) ? (size_t)(slash - st->path) + 1 : 0;
    char *path = malloc(dlen + strlen(value) + 1);
    if (!path) {
        oom(st->ctx, st->path, st->lineno);
        return;
    }
    memcpy(path, st->path, dlen);
    strcpy(path + dlen, value);
    load_file(st->ctx, path, st->path, st->lineno, value);
    free(path);
}

/* ini_handler: one valid key line, the line the reader returned last.  The
 * section name from inih is not used (see the top of this file). */
static int on_pair(void *user, const char *section, const char *name, const char *value)
{
    (void)section;
    file_state *st = user;
    if (st->oversize) {
        name = st->key;
        value = st->value;
    }
    switch (st->sec) {
    case SEC_NONE:
        if (strcmp(name, "include") == 0)
            include_file(st, value);
        else
            diag_add(st->ctx->d, st->path, st->lineno, "key '%s' outside any section", name);
        break;
    case SEC_VALID:
        set_entry(st, name, value);
        break;
    case SEC_INVALID: /* never handed to inih */
        break;
    }
    return 1;
}

static void report_open_error(load_ctx *ctx, const char *path, const char *from_file,
                              unsigned from_line, const char *as_written, const char *why)
{
    if (from_file)
        diag_add(ctx->d, from_file, from_line, "cannot read included file '%s': %s", as_written, why);
    else
        diag_add(ctx->d, path, 0, "cannot read policy file: %s", why);
}

static void report_loop(load_ctx *ctx, size_t first, const char *path, const char *from_file,
                        unsigned from_line)
{
    size_t len = strlen(path) + 1;
    for (size_t i = first; i < ctx->depth; i++)
        len += strlen(ctx->stack[i].path) + 4;
    char *chain = malloc(len);
    if (!chain) {
        oom(ctx, from_file, from_line);
        return;
    }
    chain[0] = '\0';
    for (size_t i = first; i < ctx->depth; i++) {
        strcat(chain, ctx->stack[i].path);
        strcat(chain, " -> ");
    }
    strcat(chain, path);
    diag_add(ctx->d, from_file, from_line, "include loop: %s", chain);
    free(chain);
}

/* Load one file (the top one when from_file is NULL) into ctx->out. */
static void load_file(load_ctx *ctx, const char *path, const char *from_file,
                      unsigned from_line, const char *as_written)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    int errnum = 0;
    if (fd < 0)
        errnum = errno;
    else if (fstat(fd, &sb) != 0)
        errnum = errno;
    else if (S_ISDIR(sb.st_mode))
        errnum = EISDIR;
    if (errnum) {
        report_open_error(ctx, path, from_file, from_line, as_written, strerror(errnum));
        if (fd >= 0)
            close(fd);
        return;
    }
    for (size_t i = 0; i < ctx->depth; i++) {
        if (ctx->stack[i].dev == sb.st_dev && ctx->stack[i].ino == sb.st_ino) {
            report_loop(ctx, i, path, from_file, from_line);
            close(fd);
            return;
        }
    }
    if (ctx->depth > POL_MAX_INCLUDE_DEPTH) {
        diag_add(ctx->d, from_file, from_line, "includes are nested more than %d deep at '%s'",
                 POL_MAX_INCLUDE_DEPTH, as_written);
        close(fd);
        return;
    }
    const char *err = NULL;
    size_t len = 0;
    char *buf = pol_slurp(fd, &len, &err, &errnum);
    close(fd);
    if (!buf) {
        report_open_error(ctx, path, from_file, from_line, as_written, err ? err : strerror(errnum));
        return;
    }
    const char *name = intern_file(ctx, path);
    if (!name) {
        free(buf);
        oom(ctx, from_file ? from_file : path, from_line);
        return;
    }

    file_state *st = calloc(1, sizeof *st);
    if (!st) {
        free(buf);
        oom(ctx, from_file ? from_file : path, from_line);
        return;
    }
    st->ctx = ctx;
    st->path = name;
    st->load = ++ctx->loads;
    st->buf = buf;
    st->len = len;
    st->sec = SEC_NONE;
    ctx->stack[ctx->depth++] = (frame){ sb.st_dev, sb.st_ino, name };
    if (ini_parse_stream(read_line, st, on_pair, st) == -2)
        oom(ctx, name, 0);
    ctx->depth--;
    free(st);
    free(buf);
}

int policy_file_load(const char *path, pol_file *out, diag_list *d)
{
    memset(out, 0, sizeof *out);
    size_t before = d->n;
    load_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.out = out;
    ctx.d = d;
    load_file(&ctx, path, NULL, 0, path);
    return d->n == before ? 0 : -1;
}

void policy_file_free(pol_file *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        pol_section *s = &p->sections[i];
        for (size_t j = 0; j < s->n; j++) {
            free(s->entries[j].key);
            free(s->entries[j].value);
        }
        free(s->entries);
        free(s->kind);
        free(s->name);
    }
    free(p->sections);
    for (size_t i = 0; i < p->nfiles; i++)
        free(p->files[i]);
    free(p->files);
    memset(p, 0, sizeof *p);
}

const pol_section *pol_find_section(const pol_file *p, const char *kind, const char *name)
{
    if (!p || !kind)
        return NULL;
    return find_section_mut((pol_file *)p, kind, name);
}

const pol_entry *pol_find_entry(const pol_section *s, const char *key)
{
    if (!s || !key)
        return NULL;
    return find_entry_mut((pol_section *)s, key);
}
