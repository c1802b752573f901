/* qa: calibration.  A contact scored by several evaluators (evaluations.csv
 * rows sharing a contact_id) shows how far evaluators disagree on the same
 * work.  Each such contact gets its ratings' mean, spread (max - min) and
 * sample standard deviation; all of them together the agreement
 *     ICC(1,1), one-way random effects, single rater (Shrout & Fleiss 1979):
 *     ICC = (MSB - MSW) / (MSB + (k0 - 1) MSW),
 *     MSB = sum n_i (m_i - M)^2 / (g - 1),  MSW = sum (x_ij - m_i)^2 / (N - g),
 *     k0 = (N - sum n_i^2 / N) / (g - 1)   (the mean ratings per contact,
 *     corrected for unequal numbers),
 * over g contacts with n_i >= 2 ratings each, N ratings in all, grand mean M.
 * It needs g >= 2 contacts. */
#include <math.h>
#include <stdlib.h>

#include "qa.h"

typedef struct rating {
    int32_t contact;
    double pct;
} rating;

static int by_contact(const void *a, const void *b)
{
    const rating *x = a, *y = b;
    return (x->contact > y->contact) - (x->contact < y->contact);
}

static void icc(qa_calibration *c, const rating *r, size_t nr)
{
    double N = 0, sum = 0, sumsq_n = 0;
    for (size_t i = 0; i < c->nrows; i++) {
        N += (double)c->rows[i].ratings;
        sum += c->rows[i].mean * (double)c->rows[i].ratings;
        sumsq_n += (double)c->rows[i].ratings * (double)c->rows[i].ratings;
    }
    double g = (double)c->nrows, M = sum / N, ssb = 0, ssw = 0;
    for (size_t i = 0; i < c->nrows; i++) {
        double d = c->rows[i].mean - M;
        ssb += (double)c->rows[i].ratings * d * d;
    }
    for (size_t i = 0, row = 0; i < nr; i++) {
        while (c->rows[row].contact != r[i].contact)
            row++;
        double d = r[i].pct - c->rows[row].mean;
        ssw += d * d;
    }
    double msb = ssb / (g - 1), msw = ssw / (N - g);
    c->k0 = (N - sumsq_n / N) / (g - 1);
    double den = msb + (c->k0 - 1) * msw;
    c->has_icc = den > 0;
    c->icc = c->has_icc ? (msb - msw) / den : 0;
}

/* The contacts with two ratings or more, from ratings sorted by contact;
 * the ratings of the others are dropped from r. */
static size_t group(qa_calibration *c, rating *r, size_t nr)
{
    size_t kept = 0;
    for (size_t i = 0; i < nr;) {
        size_t j = i;
        double sum = 0, lo = r[i].pct, hi = r[i].pct;
        for (; j < nr && r[j].contact == r[i].contact; j++) {
            sum += r[j].pct;
            lo = fmin(lo, r[j].pct);
            hi = fmax(hi, r[j].pct);
        }
        if (j - i >= 2) {
            qa_contact_row *row = &c->rows[c->nrows++];
            row->contact = r[i].contact;
            row->ratings = j - i;
            row->mean = sum / (double)(j - i);
            row->spread = hi - lo;
            double ss = 0;
            for (size_t k = i; k < j; k++) {
                ss += (r[k].pct - row->mean) * (r[k].pct - row->mean);
                r[kept++] = r[k];
            }
            row->sd = sqrt(ss / (double)(j - i - 1));
            c->ratings += j - i;
        }
        i = j;
    }
    return kept;
}

int qa_calibrate(const qa_inst *q, qa_result *out)
{
    size_t nr = 0;
    rating *r = malloc((q->nev ? q->nev : 1) * sizeof *r);
    qa_calibration *c = &out->calib;
    c->rows = malloc((q->nev ? q->nev : 1) * sizeof *c->rows);
    if (!r || !c->rows) {
        free(r);
        return CCS_ERR;
    }
    for (size_t i = 0; i < q->nev; i++)
        if (q->ev[i].contact >= 0 && qa_in_period(out, q->ev[i].day))
            r[nr++] = (rating){ q->ev[i].contact, q->ev[i].pct };
    qsort(r, nr, sizeof *r, by_contact);
    nr = group(c, r, nr);
    if (c->nrows >= 2)
        icc(c, r, nr);
    free(r);
    return CCS_OK;
}
