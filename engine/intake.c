#include "intake.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "pseudonym.h"
#include "vec.h"

void intake_init(intake *in, const unsigned char *key, size_t keylen)
{
    memset(in, 0, sizeof *in);
    in->key = key;
    in->keylen = keylen;
    strtab_init(&in->raw);
}

void intake_free(intake *in)
{
    for (uint32_t i = 0; i < in->raw.n; i++)
        free(in->pseud[i]);
    free(in->pseud);
    strtab_free(&in->raw);
    free(in->rec);
    free(in->fields);
    memset(in, 0, sizeof *in);
}

/* The pseudonym of a raw id (or name), from the cache or computed once. */
static int pseudonym_for(intake *in, ccs_str *s)
{
    if (!s->len)
        return 0;
    uint32_t before = in->raw.n;
    int32_t i = strtab_intern(&in->raw, s->ptr, s->len);
    if (i < 0)
        return -1;
    if (in->raw.n != before) { /* new: compute it */
        if (vec_reserve((void **)&in->pseud, &in->cappseud, (size_t)i + 1, sizeof *in->pseud) != 0)
            return -1;
        in->pseud[i] = malloc(PSEUDONYM_LEN + 1);
        if (!in->pseud[i])
            return -1;
        pseudonym_of(in->key, in->keylen, s->ptr, s->len, in->pseud[i]);
    }
    s->ptr = in->pseud[i];
    s->len = PSEUDONYM_LEN;
    return 0;
}

/* Columns equal to a raw value replaced: the copy of the fields. */
static int replace_fields(intake *in, ccs_record *r, const ccs_str *raw, const ccs_str *pseud, size_t n)
{
    if (!r->fields || !r->nfields)
        return 0;
    if (vec_reserve((void **)&in->fields, &in->capfields, r->nfields, sizeof *in->fields) != 0)
        return -1;
    for (uint32_t f = 0; f < r->nfields; f++) {
        ccs_str v = r->fields[f];
        for (size_t k = 0; k < n; k++)
            if (raw[k].len && v.len == raw[k].len && memcmp(v.ptr, raw[k].ptr, v.len) == 0) {
                v = pseud[k];
                break;
            }
        in->fields[f] = v;
    }
    r->fields = in->fields;
    return 0;
}

/* Where a record kind keeps its agent id, and the one other column naming a
 * person: the roster's name (which becomes the agent's pseudonym) or an
 * evaluation's evaluator (a member of staff too: pseudonymised on their own). */
static void agent_fields(uint32_t kind, size_t *id, size_t *name)
{
    *id = *name = 0;
    switch (kind) {
    case CCS_REC_CONTACT: *id = offsetof(ccs_contact, agent_id); break;
    case CCS_REC_EVALUATION:
        *id = offsetof(ccs_evaluation, agent_id);
        *name = offsetof(ccs_evaluation, evaluator);
        break;
    case CCS_REC_ACTIVITY: *id = offsetof(ccs_activity, agent_id); break;
    case CCS_REC_OBJECTIVE: *id = offsetof(ccs_objective, agent_id); break;
    case CCS_REC_COMMENT: *id = offsetof(ccs_comment, agent_id); break;
    case CCS_REC_AGENT:
        *id = offsetof(ccs_agent, agent_id);
        *name = offsetof(ccs_agent, name);
        break;
    default: break;
    }
}

/* A copy of rec in in->rec (unless it is there already). */
static ccs_record *own_copy(intake *in, const ccs_record *rec)
{
    if (rec == in->rec)
        return in->rec;
    if (rec->size > in->caprec) {
        void *grown = realloc(in->rec, rec->size);
        if (!grown)
            return NULL;
        in->rec = grown;
        in->caprec = rec->size;
    }
    memcpy(in->rec, rec, rec->size);
    return in->rec;
}

const ccs_record *intake_named(intake *in, const ccs_record *rec, const char *file)
{
    ccs_record *r = rec->size >= sizeof *rec ? own_copy(in, rec) : NULL;
    if (r)
        r->file = file;
    return r;
}

const ccs_record *intake_record(intake *in, const ccs_record *rec)
{
    size_t off[2];
    agent_fields(rec->kind, &off[0], &off[1]);
    if (!in->key || !off[0] || rec->size < sizeof *rec)
        return rec;
    ccs_record *r = own_copy(in, rec);
    if (!r)
        return NULL;
    ccs_str raw[2] = { { "", 0 }, { "", 0 } }, pseud[2] = { { "", 0 }, { "", 0 } };
    ccs_str *id = (ccs_str *)((char *)r + off[0]);
    if (r->size < off[0] + sizeof *id) { /* no id: nor any raw column */
        r->fields = NULL;
        r->nfields = 0;
        return r;
    }
    raw[0] = *id;
    if (pseudonym_for(in, id) != 0)
        return NULL;
    pseud[0] = *id;
    if (off[1] && r->size >= off[1] + sizeof *id) {
        ccs_str *name = (ccs_str *)((char *)r + off[1]);
        raw[1] = *name;
        if (r->kind == CCS_REC_EVALUATION) {
            if (pseudonym_for(in, name) != 0)
                return NULL;
        } else if (name->len) { /* a roster name becomes the id's pseudonym */
            *name = *id;
        }
        pseud[1] = *name;
    }
    if (replace_fields(in, r, raw, pseud, 2) != 0)
        return NULL;
    return r;
}
