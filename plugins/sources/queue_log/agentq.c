/* queue_log: agents' lines (logins, memberships, pauses, wrap-ups) kept as
 * read and handed to members.c in time order at the end of the file, so
 * that lines written out of order (an UNPAUSE before its PAUSE) still pair
 * up.  Lines of the same second keep their order in the file. */
#include <stdlib.h>
#include <string.h>

#include "queue_log.h"
#include "vec.h"

int ql_defer_agent_line(reader *r, const line_in *l, int ev)
{
    agent_line *a = VEC_PUSH(r->agents.v, r->agents.n, r->agents.cap);
    if (!a)
        return CCS_ERR;
    *a = (agent_line){ l->epoch, l->no, ev, l->last_unterminated, ql_dupn(l->text, l->len), l->len };
    if (!a->text) {
        r->agents.n--;
        return CCS_ERR;
    }
    return CCS_OK;
}

static int by_time(const void *a, const void *b)
{
    const agent_line *x = a, *y = b;
    if (x->epoch != y->epoch)
        return x->epoch < y->epoch ? -1 : 1;
    return x->no < y->no ? -1 : x->no > y->no;
}

int ql_replay_agent_lines(reader *r)
{
    if (r->agents.n > 1)
        qsort(r->agents.v, r->agents.n, sizeof *r->agents.v, by_time);
    r->replaying = 1;
    for (size_t i = 0; i < r->agents.n && !r->stop; i++) {
        const agent_line *a = &r->agents.v[i];
        line_in l;
        memset(&l, 0, sizeof l);
        l.no = a->no;
        l.epoch = a->epoch;
        l.last_unterminated = a->unterminated;
        ql_split(&l, a->text, a->len);
        if (ql_agent_event(r, &l, a->ev) != CCS_OK)
            return CCS_ERR;
    }
    return CCS_OK;
}

void ql_agent_lines_free(agent_queue *q)
{
    for (size_t i = 0; i < q->n; i++)
        free(q->v[i].text);
    free(q->v);
    memset(q, 0, sizeof *q);
}
