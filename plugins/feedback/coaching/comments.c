/* coaching: what other feedback routes add (comments.csv, issue 16), read
 * from the card's figures, never from a comment itself (no comment text
 * reaches the engine): a compliment is cited ("a customer wrote to thank
 * you"), complaints never are; a team hears how many compliments it had;
 * an agent whose self-assessment is 5 points or more from the measured QA
 * score gets that gap as something to talk through. */
#include <math.h>

#include "coaching.h"

/* Self-assessment this far (points) from the QA score is worth a talk. */
#define SELF_GAP_POINTS 5.0

static int figure(const ccs_scorecard *card, const char *name, double *v)
{
    const ccs_metric_score *m = co_metric_of(card, name);
    if (!m || !m->defined)
        return 0;
    *v = m->value;
    return 1;
}

void co_put_comments(mst_value *v, const ccs_scorecard *card, int agent)
{
    double k, self, qa;
    if (figure(card, "compliments", &k) && k >= 1) {
        mst_put_bool(v, "compliment", 1);
        mst_put_num(v, "compliments", k);
        mst_put_bool(v, "several_compliments", k >= 2);
    }
    if (!agent || !figure(card, "self_assessment", &self) || !figure(card, "qa", &qa) ||
        fabs(self - qa) < SELF_GAP_POINTS)
        return;
    mst_value *e = mst_map();
    mst_put_strf(e, "self", "%.0f", self);
    mst_put_strf(e, "qa", "%.0f", qa);
    mst_put_strf(e, "gap", "%.0f", fabs(self - qa));
    mst_put_bool(e, "higher", self > qa);
    mst_put(v, "self_check", e);
}
