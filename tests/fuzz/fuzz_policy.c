/* Fuzz harness: the policy loader (syntax, sections, includes) and the typed
 * values of [organisation].
 *
 * The input is split at lines "===" into up to three files, policy.ini, b.ini
 * and c.ini, in a private temporary folder, so that includes between them
 * (and loops, self-includes, missing files) are exercised.  policy.ini is
 * loaded; every [organisation] entry is then parsed against its declared key
 * as the engine does.  Built with libFuzzer (make fuzz) or with replay.c (the
 * regression corpus in make check). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "policy.h"
#include "policy_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void cleanup(void)
{
    static const char *names[3] = { "policy.ini", "b.ini", "c.ini" };
    char path[128];
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

static void put(const char *name, const uint8_t *p, size_t n)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (n && fwrite(p, 1, n, f) != n)
        abort();
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "%s/ccscore-fuzz-policy.XXXXXX", "/tmp");
        if (!mkdtemp(dir))
            abort();
        atexit(cleanup);
    }
    static const char *names[3] = { "policy.ini", "b.ini", "c.ini" };
    size_t start = 0, file = 0;
    for (size_t i = 0; file < 3; i++) {
        int cut = i + 4 <= size && (i == 0 || data[i - 1] == '\n') && memcmp(data + i, "===\n", 4) == 0;
        if (i >= size || (cut && file < 2)) {
            put(names[file++], data + start, (i < size ? i : size) - start);
            if (i >= size)
                break;
            start = i + 4;
            i += 3;
        }
    }
    for (; file < 3; file++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", dir, names[file]);
        unlink(path);
    }

    char path[128];
    snprintf(path, sizeof path, "%s/policy.ini", dir);
    pol_file pf;
    diag_list d;
    diag_init(&d);
    policy_file_load(path, &pf, &d);
    const pol_section *org = pol_find_section(&pf, "organisation", NULL);
    for (size_t j = 0; org && j < org->n; j++) {
        for (const ccs_key *k = organisation_keys; k->name; k++) {
            if (strcmp(k->name, org->entries[j].key) != 0)
                continue;
            cfg_value v;
            char err[512];
            memset(&v, 0, sizeof v);
            parse_key_value(k, org->entries[j].value, &v, err, sizeof err);
            unsigned mode;
            if (strcmp(k->name, "output_mode") == 0)
                parse_file_mode(org->entries[j].value, &mode, err, sizeof err);
        }
    }
    for (size_t i = 0; i < d.n; i++) {
        char buf[1024];
        diag_format(&d.items[i], buf, sizeof buf);
    }
    policy_file_free(&pf);
    diag_free(&d);
    return 0;
}
