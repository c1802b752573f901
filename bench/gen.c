/*
 * ccscore-gen: a seeded, reproducible generator of synthetic contact-centre data.
 *
 * It writes the four canonical inputs of ccscore (contacts.csv, evaluations.csv,
 * agents.csv, objectives.csv) for an invented organisation in Europe/London.
 * The same flags and seed always give byte-identical files on every platform:
 * the generator uses its own PRNG (xoshiro256** seeded through splitmix64), one
 * independent stream per file, so contacts.csv is the same whether or not the
 * other files are written (--only).
 *
 * Contacts are produced in time order and streamed through one large output
 * buffer; memory does not grow with --contacts, so the speed benchmark can ask
 * for ten million rows or more.
 *
 * Model, in short (see --help for the knobs):
 *   - contact hours 08:00-20:00 local, Monday to Saturday, in 15-minute slots
 *     weighted by a two-peak intraday profile, a weekday profile and noise;
 *     the number of contacts per slot is allocated by cumulative rounding so
 *     the total is exactly --contacts; inside a slot, seconds are drawn at
 *     random and emitted in order (counting sort), so the file is sorted by
 *     started_at;
 *   - each slot has a "pressure" (load against staffing, with a few bad
 *     intervals) that drives waits and abandons;
 *   - agents have skill factors (AHT, FCR, CSAT top-2-box, transfer rate, QA)
 *     around a general ability; a few are deliberately strong, a few weak, one
 *     fast but careless; new starters (hired in the last two weeks) ramp up
 *     slowly and so have few contacts; one or two agents leave mid-period;
 *   - notes come from a pool of phrases, some with commas, double quotes and
 *     embedded newlines (CSV-quoted); a small rate of notes carry a card
 *     number (Luhn-valid, real issuer prefixes) or a CVV for the PCI check.
 *
 * Offsets are Europe/London's: BST (+01:00) from the last Sunday of March
 * 01:00 UTC to the last Sunday of October 01:00 UTC, GMT (+00:00) otherwise.
 * Contact hours never touch the 01:00-02:00 change, so one offset per local day
 * is exact.
 */
#ifndef _GNU_SOURCE /* config.h (AC_USE_SYSTEM_EXTENSIONS) may define it already */
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "datefmt.h"

#define PROG "ccscore-gen"

/* ------------------------------------------------------------------ PRNG */

typedef struct {
	uint64_t s[4];
	int have_spare;
	double spare;
} rng_t;

static uint64_t splitmix64_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Stream numbers keep the files independent of each other. */
enum { STREAM_AGENTS = 1, STREAM_CONTACTS, STREAM_CALENDAR, STREAM_NOTES, STREAM_EVALS,
       STREAM_ACTIVITY, STREAM_ROLES, STREAM_DPFLAGS, STREAM_DPPLANT, STREAM_PATTERN,
       STREAM_FORMER, STREAM_SURVEY, STREAM_COMMENTS };

static void rng_seed(rng_t *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ULL);
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64_next(&x);
	r->have_spare = 0;
	r->spare = 0.0;
}

static inline uint64_t rotl64(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
static inline uint64_t rng_u64(rng_t *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl64(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl64(s[3], 45);
	return out;
}

/* uniform in [0, 1) with 53 random bits */
static inline double rng_unif(rng_t *r)
{
	return (double)(rng_u64(r) >> 11) * 0x1.0p-53;
}

/* uniform integer in [0, n) (multiply-shift; bias < n / 2^64) */
static inline uint64_t rng_below(rng_t *r, uint64_t n)
{
	return (uint64_t)(((unsigned __int128)rng_u64(r) * n) >> 64);
}

/* standard normal, Marsaglia's polar method */
static double rng_normal(rng_t *r)
{
	if (r->have_spare) {
		r->have_spare = 0;
		return r->spare;
	}
	double u, v, s;
	do {
		u = 2.0 * rng_unif(r) - 1.0;
		v = 2.0 * rng_unif(r) - 1.0;
		s = u * u + v * v;
	} while (s >= 1.0 || s == 0.0);
	double f = sqrt(-2.0 * log(s) / s);
	r->spare = v * f;
	r->have_spare = 1;
	return u * f;
}

static inline double rng_exp(rng_t *r, double mean)
{
	return -mean * log1p(-rng_unif(r));
}

/* lognormal with the given arithmetic mean and log-scale sigma */
static inline double rng_lognormal(rng_t *r, double mean, double sigma)
{
	double mu = log(mean) - 0.5 * sigma * sigma;
	return exp(mu + sigma * rng_normal(r));
}

static double clampd(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* ------------------------------------------------------------- calendar */

/* days since 1970-01-01 of a proleptic Gregorian date */
static int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;                               /* [0, 399] */
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;       /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 0 = Monday ... 6 = Sunday */
static int weekday(int64_t days)
{
	int64_t w = (days + 3) % 7; /* 1970-01-01 was a Thursday */
	return (int)(w < 0 ? w + 7 : w);
}

static int days_in_month(int y, int m)
{
	static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static int64_t last_sunday(int y, int m)
{
	int64_t last = days_from_civil(y, m, days_in_month(y, m));
	return last - (weekday(last) + 1) % 7;
}

/* Europe/London: is the UTC instant t (seconds since the epoch) in BST? */
static int london_is_bst(int64_t t)
{
	int64_t day = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	int64_t start = last_sunday(y, 3) * 86400 + 3600;
	int64_t end = last_sunday(y, 10) * 86400 + 3600;
	return t >= start && t < end;
}

/* UTC offset in hours (0 or 1) of a local wall-clock time in Europe/London.
 * Outside the changeover hour the answer is unambiguous. */
static int london_offset_local(int64_t local_day, int local_sec)
{
	int64_t guess_utc = local_day * 86400 + local_sec - 3600;
	return london_is_bst(guess_utc) ? 1 : 0;
}

static int parse_date(const char *s, int64_t *out)
{
	int y, m, d;
	char tail;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return -1;
	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*out = days_from_civil(y, m, d);
	return 0;
}

/* --start is 1900..9999 and the data spans a few years around it, so every
 * day is within fmt_day's years 0000..9999. */
static void format_date(int64_t days, char out[11])
{
	fmt_day(out, (int32_t)days);
}

/* ------------------------------------------------------------- output */

typedef struct {
	int fd;
	char *buf;
	size_t len, cap;
	char tmp[4096];
	char final[4096];
	uint64_t rows;
} out_t;

#define OUT_BUF (8u << 20)
#define ROW_MAX 2048

static void out_abort(void);

__attribute__((format(printf, 1, 2), noreturn))
static void die(const char *fmt, ...)
{
	va_list ap;
	out_abort();
	fprintf(stderr, PROG ": error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static out_t *g_open_out; /* for cleanup of the temporary file on error */

static void out_abort(void)
{
	if (g_open_out && g_open_out->fd >= 0) {
		close(g_open_out->fd);
		unlink(g_open_out->tmp);
		g_open_out->fd = -1;
	}
}

static void out_open(out_t *o, const char *dir, const char *name)
{
	memset(o, 0, sizeof *o);
	if (snprintf(o->final, sizeof o->final, "%s/%s", dir, name) >= (int)sizeof o->final ||
	    snprintf(o->tmp, sizeof o->tmp, "%s/.%s.XXXXXX", dir, name) >= (int)sizeof o->tmp)
		die("output path too long: %s", dir);
	o->fd = mkstemp(o->tmp);
	if (o->fd < 0) {
		fprintf(stderr, PROG ": error: cannot create a file in %s: %s\n", dir, strerror(errno));
		exit(2);
	}
	if (fchmod(o->fd, 0644) != 0) {
		/* not fatal: the file keeps mkstemp's 0600 */
	}
	o->cap = OUT_BUF;
	o->buf = malloc(o->cap);
	if (!o->buf)
		die("out of memory");
	g_open_out = o;
}

static void out_flush(out_t *o)
{
	size_t off = 0;
	while (off < o->len) {
		ssize_t n = write(o->fd, o->buf + off, o->len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			fprintf(stderr, PROG ": error: writing %s: %s\n", o->final, strerror(e));
			out_abort();
			exit(2);
		}
		off += (size_t)n;
	}
	o->len = 0;
}

/* Make room for one row; returns where to write. */
static inline char *out_reserve(out_t *o)
{
	if (o->cap - o->len < ROW_MAX)
		out_flush(o);
	return o->buf + o->len;
}

static inline void out_commit(out_t *o, char *end)
{
	o->len = (size_t)(end - o->buf);
	o->rows++;
}

static void out_str(out_t *o, const char *s)
{
	size_t n = strlen(s);
	if (o->cap - o->len < n + 1)
		out_flush(o);
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void out_close(out_t *o)
{
	out_flush(o);
	if (close(o->fd) != 0) {
		fprintf(stderr, PROG ": error: closing %s: %s\n", o->final, strerror(errno));
		unlink(o->tmp);
		exit(2);
	}
	o->fd = -1;
	if (rename(o->tmp, o->final) != 0) {
		fprintf(stderr, PROG ": error: renaming %s to %s: %s\n", o->tmp, o->final,
			strerror(errno));
		unlink(o->tmp);
		exit(2);
	}
	free(o->buf);
	o->buf = NULL;
	g_open_out = NULL;
}

static inline char *put_u(char *p, uint64_t v)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

/* zero-padded to at least width digits */
static inline char *put_u_pad(char *p, uint64_t v, int width)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n < width)
		tmp[n++] = '0';
	while (n)
		*p++ = tmp[--n];
	return p;
}

static inline char *put_2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

static inline char *put_mem(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

/* Append s as one CSV field, quoted when it must be. */
static char *put_csv_field(char *p, const char *s, size_t n)
{
	int need = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r') {
			need = 1;
			break;
		}
	if (!need)
		return put_mem(p, s, n);
	*p++ = '"';
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			*p++ = '"';
		*p++ = s[i];
	}
	*p++ = '"';
	return p;
}

/* ------------------------------------------------------------- model */

static const char *const TEAM_NAMES[] = { "north", "south", "east", "west",
					  "central", "coast", "metro", "valley" };
static const char *const QUEUE_NAMES[] = { "sales", "billing", "support", "retention",
					   "technical", "collections", "complaints", "renewals" };
static const double QUEUE_WEIGHT[] = { 0.30, 0.30, 0.28, 0.12, 0.15, 0.10, 0.06, 0.08 };
static const double QUEUE_AHT[] = { 1.00, 0.92, 1.08, 1.05, 1.12, 0.95, 1.15, 0.92 };

static const char *const FIRST[] = {
	"Aisha", "Ben", "Carys", "Dev", "Elin", "Femi", "Grace", "Hamza", "Isla", "Jonah",
	"Kiran", "Lowri", "Mateo", "Niamh", "Owen", "Priya", "Quinn", "Rhys", "Sana", "Tomas",
	"Una", "Vikram", "Wren", "Xander", "Yasmin", "Zac", "Amara", "Bilal", "Cerys", "Dylan",
	"Eshan", "Freya", "Gethin", "Hana", "Idris", "Jess", "Kwame", "Leah", "Marek", "Nia",
};
static const char *const LAST[] = {
	"Ashdown", "Brightwell", "Carrow", "Dunmore", "Elstree", "Fairclough", "Garside",
	"Hartwell", "Ingleby", "Jessop", "Kettering", "Lindqvist", "Marlow", "Nettleford",
	"Okafor", "Penhale", "Quarrie", "Rowntree", "Satterly", "Thorne", "Upton", "Vasquez",
	"Whitlock", "Yardley", "Zielinski", "Abara", "Bellamy", "Crossley", "Delacroix", "Emberton",
	"Fenwick", "Goldsby", "Hollins", "Iqbal", "Jardine", "Kowalczyk", "Lockhart", "Mensah",
};
/* evaluators: their names share no first or last name with the agents */
static const char *const QA_ANALYSTS[] = { "Morgan Keane", "Ruth Ashby", "Tegan Pryce" };
static const char *const TEAM_LEADERS[] = { "Bethan Moss", "Callum Reid", "Dina Farouk",
					    "Euan Salter", "Fiona Quayle", "Gareth Lyle",
					    "Helen Oduya", "Ivor Pennick" };

static const char *const LEAVE_REASONS[] = { "career change", "relocation", "pay",
					     "shift pattern", "returned to study" };

enum { K_REGULAR, K_STRONG, K_WEAK, K_MIXED, K_NEW, K_LEAVER, K_EARLY_LEAVER };

typedef struct {
	char id[16];
	size_t idlen;
	char name[64];
	int team;
	int primary_queue;
	int kind;
	int64_t hire_day; /* relative to the start date; may be negative */
	int64_t left_day; /* relative; INT64_MAX when still employed */
	const char *leave_reason;
	double g;        /* general ability */
	double cap;      /* share of work when fully ramped */
	double aht;      /* mean handle time, s */
	double fcr;      /* resolved at first contact */
	double t2b;      /* CSAT top-2-box */
	double tr;       /* transfer rate */
	double hold_p;   /* share of contacts with hold */
	double qa;       /* mean QA percentage */
	double autofail; /* auto-fail probability per evaluation */
	int young, night, opt_out; /* roster working-time flags */
	int role;        /* enum role: the schedule pattern */
} agent_t;

/* Schedule patterns; the planted ones carry a violation the checks must find. */
enum role { ROLE_DAY = 0, ROLE_YOUNG, ROLE_NIGHT, ROLE_NIGHT_LONG, ROLE_LONG_WEEKS, ROLE_LONG_WEEKS_OPTED };

typedef struct {
	uint64_t seed;
	uint64_t contacts;
	int agents, teams, queues, weeks;
	int64_t start;
	const char *out;
	unsigned only; /* bit mask of files */
	double card_rate;
} opts_t;

enum { F_CONTACTS = 1, F_EVALS = 2, F_AGENTS = 4, F_OBJECTIVES = 8, F_ACTIVITY = 16, F_SURVEY = 32, F_COMMENTS = 64 };

typedef struct {
	const opts_t *o;
	int ndays;
	agent_t *ag;
	int nstrong, nweak;
	int weak_ids[8];
	int mixed_id;
	char team_leader[64][64];
	int64_t start_monday; /* Monday of the week of --start */
	/* Retention (issue 14): staff who left in the year before --start, and
	 * one rehire's earlier spell, appended to agents.csv. */
	struct former {
		char id[16], name[64];
		int team, part_time;
		int64_t hire_day, left_day;
		const char *reason;
	} former[64];
	int nformer;
} world_t;

/* ------------------------------------------------------------- manifest */

/* Every violation planted on purpose, written to planted.csv so that a test
 * can check that each rule finds exactly these and nothing else. */
static char **g_manifest;
static size_t g_nmanifest, g_capmanifest;

__attribute__((format(printf, 1, 2)))
static void plant(const char *fmt, ...)
{
	if (g_nmanifest == g_capmanifest) {
		g_capmanifest = g_capmanifest ? 2 * g_capmanifest : 64;
		g_manifest = realloc(g_manifest, g_capmanifest * sizeof *g_manifest);
		if (!g_manifest)
			die("out of memory");
	}
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&g_manifest[g_nmanifest++], fmt, ap) < 0)
		die("out of memory");
	va_end(ap);
}

static double pick_ability(rng_t *r, int kind)
{
	switch (kind) {
	case K_STRONG: return 1.5 + 0.4 * rng_unif(r);
	case K_WEAK: return -(1.5 + 0.4 * rng_unif(r));
	case K_NEW: return clampd(-0.6 + 0.3 * rng_normal(r), -1.2, 0.0);
	case K_LEAVER:
	case K_EARLY_LEAVER: return clampd(-0.3 + 0.5 * rng_normal(r), -1.2, 0.8);
	default: return clampd(0.55 * rng_normal(r), -1.1, 1.1);
	}
}

static void build_agents(world_t *w)
{
	const opts_t *o = w->o;
	int A = o->agents, T = o->teams;
	rng_t r;
	rng_seed(&r, o->seed, STREAM_AGENTS);
	w->ag = calloc((size_t)A, sizeof *w->ag);
	if (!w->ag)
		die("out of memory");

	int nnew = A >= 20 ? 3 : A >= 8 ? 2 : A >= 4 ? 1 : 0;
	int nleave = A >= 16 ? 2 : A >= 6 ? 1 : 0;
	int regular_end = A - nnew; /* new starters take the highest ids */

	for (int i = 0; i < A; i++) {
		agent_t *a = &w->ag[i];
		a->idlen = (size_t)snprintf(a->id, sizeof a->id, "A%03d", i + 1);
		int nf = (int)(sizeof FIRST / sizeof *FIRST), nl = (int)(sizeof LAST / sizeof *LAST);
		/* distinct names for the first 40 agents (7 is prime to 40); beyond
		 * that a name may repeat, the id never does */
		snprintf(a->name, sizeof a->name, "%s %s", FIRST[(i * 7 + 3) % nf],
			 LAST[(i * 11 + (i / nf) * 5) % nl]);
		a->team = i % T;
		a->primary_queue = (i / T) % o->queues;
		a->kind = i >= regular_end ? K_NEW : K_REGULAR;
		a->left_day = INT64_MAX;
		a->hire_day = -(int64_t)(150 + rng_below(&r, 1700));
	}

	/* leavers: chosen at random among the regular agents */
	for (int k = 0; k < nleave; k++) {
		int i;
		do
			i = (int)rng_below(&r, (uint64_t)regular_end);
		while (w->ag[i].kind != K_REGULAR);
		agent_t *a = &w->ag[i];
		if (k == 0 && w->ndays >= 14) {
			/* early leaver: hired shortly before the start, gone within 90 days */
			a->kind = K_EARLY_LEAVER;
			a->hire_day = -40;
			a->left_day = (int64_t)(w->ndays * 0.35);
			a->leave_reason = "role not as expected";
		} else {
			a->kind = K_LEAVER;
			a->left_day = (int64_t)(w->ndays * (k == 0 ? 0.35 : 0.65));
			if (a->left_day < 1)
				a->left_day = 1;
			a->leave_reason = LEAVE_REASONS[rng_below(&r, 5)];
		}
	}

	/* strong and weak agents, spread across teams round-robin */
	int want_strong = A >= 12 ? 4 : A >= 6 ? 1 : 0;
	int want_weak = A >= 12 ? 4 : A >= 6 ? 1 : 0;
	int want_mixed = A >= 12 ? 1 : 0;
	int order[3] = { K_STRONG, K_WEAK, K_MIXED };
	int want[3] = { want_strong, want_weak, want_mixed };
	w->mixed_id = -1;
	int team_cursor = 0;
	for (int c = 0; c < 3; c++) {
		for (int k = 0; k < want[c]; k++) {
			int candidates[4096], nc = 0;
			for (int tries = 0; tries < T && nc == 0; tries++) {
				int t = (team_cursor + tries) % T;
				for (int i = 0; i < regular_end && nc < 4096; i++)
					if (w->ag[i].kind == K_REGULAR && w->ag[i].team == t)
						candidates[nc++] = i;
			}
			team_cursor = (team_cursor + 1) % T;
			if (nc == 0)
				break;
			int i = candidates[rng_below(&r, (uint64_t)nc)];
			w->ag[i].kind = order[c];
			if (order[c] == K_WEAK && w->nweak < 8)
				w->weak_ids[w->nweak++] = i;
			if (order[c] == K_STRONG)
				w->nstrong++;
			if (order[c] == K_MIXED)
				w->mixed_id = i;
		}
	}

	/* new starters: hired in the last two weeks, a few days apart */
	int newk = 0;
	for (int i = regular_end; i < A; i++, newk++) {
		int64_t h = (int64_t)w->ndays - 13 + 2 * newk;
		if (h < 0)
			h = 0;
		w->ag[i].hire_day = h;
	}

	for (int i = 0; i < A; i++) {
		agent_t *a = &w->ag[i];
		double g = pick_ability(&r, a->kind);
		a->g = g;
		a->cap = 0.85 + 0.3 * rng_unif(&r);
		a->aht = clampd(350 - 55 * g + 18 * rng_normal(&r), 245, 460);
		a->fcr = clampd(0.76 + 0.065 * g + 0.02 * rng_normal(&r), 0.60, 0.90);
		a->t2b = clampd(0.84 + 0.05 * g + 0.015 * rng_normal(&r), 0.70, 0.95);
		a->tr = clampd(0.095 - 0.022 * g + 0.01 * rng_normal(&r), 0.05, 0.15);
		a->hold_p = clampd(0.30 - 0.05 * g, 0.15, 0.50);
		a->qa = clampd(80 + 6 * g + 3 * rng_normal(&r), 55, 97);
		a->autofail = g < -1.0 ? 0.07 : 0.02;
		if (a->kind == K_MIXED) {
			/* fast but careless: short calls, poor resolution and satisfaction */
			a->aht = 250 + 15 * rng_unif(&r);
			a->fcr = 0.62 + 0.02 * rng_unif(&r);
			a->t2b = 0.72 + 0.02 * rng_unif(&r);
			a->tr = 0.13;
			a->qa = 70;
		}
	}

	/* one team leader per team */
	for (int t = 0; t < T && t < 64; t++) {
		if (t < 8)
			snprintf(w->team_leader[t], sizeof w->team_leader[t], "%s", TEAM_LEADERS[t]);
		else
			snprintf(w->team_leader[t], sizeof w->team_leader[t], "Team Leader %d", t + 1);
	}
}

static const char *team_name(int t, char buf[16])
{
	if (t < (int)(sizeof TEAM_NAMES / sizeof *TEAM_NAMES))
		return TEAM_NAMES[t];
	snprintf(buf, 16, "team%d", t + 1);
	return buf;
}

static const char *queue_name(int q, char buf[16])
{
	if (q < (int)(sizeof QUEUE_NAMES / sizeof *QUEUE_NAMES))
		return QUEUE_NAMES[q];
	snprintf(buf, 16, "queue%d", q + 1);
	return buf;
}

/* ------------------------------------------------------------- notes */

static const char *const PHRASES[] = {
	"customer asked about their bill",
	"explained the charges on the last invoice",
	"payment plan agreed, first payment on the 1st",
	"refund raised, 3-5 working days",
	"customer said \"this is the third time I've called\"",
	"escalated to team leader",
	"address updated",
	"direct debit set up",
	"password reset completed",
	"sent follow-up email",
	"callback booked for tomorrow morning",
	"customer unhappy with the wait time",
	"offered 10% retention discount, accepted",
	"cancellation requested\nretention offer declined",
	"ID&V passed",
	"ID&V failed, no account details disclosed",
	"router restarted, issue fixed",
	"engineer visit booked for Thursday",
	"complaint logged, ref CMP-20931",
	"upgraded to the premium plan",
	"wrong department, transferred to billing",
	"customer called back about an earlier \"dropped\" call",
	"order ref 1029 3847 5610 2938 quoted",
	"contact number 07700 900461 confirmed",
	"recording notice given",
	"vulnerable customer flag checked",
	"sale: broadband and TV bundle",
	"customer prefers email, not phone",
	"late payment fee waived as a goodwill gesture",
	"explained the cooling-off period",
	"speed test run: 48 Mbps, within range",
	"new SIM posted",
	"account note added:\n\"do not call before 10am\"",
	"issue not resolved, will need a second call",
	"customer happy with the outcome",
	"checked the outage map, no known fault",
	"meter reading 04512 recorded",
	"tariff comparison sent",
};

#define NOTE_POOL 2048

typedef struct {
	char *text; /* already CSV-encoded */
	size_t len;
} note_t;

static note_t *g_notes;

static void build_notes(uint64_t seed)
{
	rng_t r;
	rng_seed(&r, seed, STREAM_NOTES);
	g_notes = calloc(NOTE_POOL, sizeof *g_notes);
	if (!g_notes)
		die("out of memory");
	const size_t np = sizeof PHRASES / sizeof *PHRASES;
	for (int i = 0; i < NOTE_POOL; i++) {
		char raw[512];
		size_t n = 0;
		double u = rng_unif(&r);
		size_t target = u < 0.40 ? 1 : u < 0.80 ? 20 : 150; /* length class */
		int first = 1;
		while (n < target || first) {
			const char *ph = PHRASES[rng_below(&r, np)];
			const char *sep = first ? "" : (rng_unif(&r) < 0.5 ? ". " : "; ");
			size_t need = strlen(sep) + strlen(ph);
			if (n + need > 200) {
				if (first || n + strlen(sep) + 8 > 200)
					break;
				/* truncate the last phrase at the 200-character limit */
				need = 200 - n;
			}
			size_t sl = strlen(sep);
			if (sl > need)
				sl = need;
			memcpy(raw + n, sep, sl);
			memcpy(raw + n + sl, ph, need - sl);
			n += need;
			first = 0;
			if (target == 1 || (target == 20 && n >= 20 && rng_unif(&r) < 0.5))
				break;
		}
		/* no trailing blank after a truncation */
		while (n > 0 && (raw[n - 1] == ' ' || raw[n - 1] == '\n'))
			n--;
		char enc[1100];
		char *e = put_csv_field(enc, raw, n);
		g_notes[i].len = (size_t)(e - enc);
		g_notes[i].text = malloc(g_notes[i].len);
		if (!g_notes[i].text)
			die("out of memory");
		memcpy(g_notes[i].text, enc, g_notes[i].len);
	}
}

/* A note with a Luhn-valid card number (test data for the PCI check). */
static char *put_card_note(char *p, rng_t *r, int *cvv)
{
	static const char *const prefixes[] = { "4", "51", "53", "55", "2221", "34", "37", "6011" };
	const char *pre = prefixes[rng_below(r, 8)];
	int len = (pre[0] == '3') ? 15 : 16;
	int dig[19];
	int np = (int)strlen(pre);
	for (int i = 0; i < np; i++)
		dig[i] = pre[i] - '0';
	for (int i = np; i < len - 1; i++)
		dig[i] = (int)rng_below(r, 10);
	/* Luhn check digit: double every second digit counting from the check digit */
	int sum = 0;
	for (int i = len - 2, k = 1; i >= 0; i--, k++) {
		int v = dig[i];
		if (k % 2 == 1) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	dig[len - 1] = (10 - sum % 10) % 10;

	char raw[160];
	size_t n = 0;
	const char *lead = "customer read out card number ";
	n += (size_t)snprintf(raw, sizeof raw, "%s", lead);
	int style = (int)rng_below(r, 3); /* 0 spaces, 1 hyphens, 2 none */
	for (int i = 0; i < len; i++) {
		if (i > 0 && style < 2 &&
		    ((len == 16 && i % 4 == 0) || (len == 15 && (i == 4 || i == 10))))
			raw[n++] = style == 0 ? ' ' : '-';
		raw[n++] = (char)('0' + dig[i]);
	}
	*cvv = rng_unif(r) < 0.4;
	if (*cvv)
		n += (size_t)snprintf(raw + n, sizeof raw - n, " and cvv %03d",
				      (int)rng_below(r, 1000));
	n += (size_t)snprintf(raw + n, sizeof raw - n, ", stopped them and took payment by IVR");
	return put_csv_field(p, raw, n);
}

/* ------------------------------------------------------------- contacts */

#define SLOT_SEC 900
#define OPEN_SEC (8 * 3600)
#define CLOSE_SEC (20 * 3600)
#define SLOTS_PER_DAY ((CLOSE_SEC - OPEN_SEC) / SLOT_SEC)
#define MAX_DURATION 14400.0 /* no talk, hold or wrap-up beyond four hours */

static double intraday_profile(double h)
{
	return 0.30 + 1.00 * exp(-pow((h - 10.6) / 1.3, 2)) + 0.78 * exp(-pow((h - 14.4) / 1.5, 2)) +
	       0.35 * exp(-pow((h - 18.2) / 1.0, 2)) - 0.15 * exp(-pow((h - 12.8) / 0.5, 2));
}

/* channel mix (the rest is email) and handle-time multipliers */
#define SHARE_VOICE 0.80
#define SHARE_CHAT 0.14
#define CH_AHT_VOICE 1.00
#define CH_AHT_CHAT 1.30
#define CH_AHT_EMAIL 0.80

static const double WEEKDAY_VOLUME[7] = { 1.22, 1.08, 1.00, 0.98, 0.90, 0.48, 0.0 };

typedef struct {
	char date_prefix[11]; /* YYYY-MM-DD */
	char offset[6];       /* +01:00 */
	int open;             /* has contact hours */
} day_t;

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void gen_contacts(world_t *w, out_t *out)
{
	const opts_t *o = w->o;
	const int A = o->agents, Q = o->queues, ND = w->ndays;
	const size_t nslots = (size_t)ND * SLOTS_PER_DAY;

	/* calendar and load: O(days), independent of the number of contacts */
	rng_t rc;
	rng_seed(&rc, o->seed, STREAM_CALENDAR);
	day_t *days = calloc((size_t)ND, sizeof *days);
	double *wt = calloc(nslots, sizeof *wt);
	float *press = calloc(nslots, sizeof *press);
	if (!days || !wt || !press)
		die("out of memory");
	double pmax = 0;
	for (int s = 0; s < SLOTS_PER_DAY; s++) {
		double p = intraday_profile(8.0 + (s + 0.5) * SLOT_SEC / 3600.0);
		if (p > pmax)
			pmax = p;
	}
	double total = 0;
	for (int d = 0; d < ND; d++) {
		int64_t day = o->start + d;
		int wd = weekday(day);
		format_date(day, days[d].date_prefix);
		int off = london_offset_local(day, 12 * 3600);
		memcpy(days[d].offset, off ? "+01:00" : "+00:00", 6);
		days[d].open = wd != 6;
		double dayf = WEEKDAY_VOLUME[wd] * (0.92 + 0.16 * rng_unif(&rc));
		double staff = 0.90 + 0.25 * rng_unif(&rc); /* > 1: the day was short-staffed */
		for (int s = 0; s < SLOTS_PER_DAY; s++) {
			size_t k = (size_t)d * SLOTS_PER_DAY + (size_t)s;
			double prof = intraday_profile(8.0 + (s + 0.5) * SLOT_SEC / 3600.0);
			double noise = 0.88 + 0.24 * rng_unif(&rc);
			wt[k] = days[d].open ? dayf * prof * noise : 0.0;
			double pr = (0.80 + 0.35 * prof / pmax) * staff * (0.90 + 0.2 * rng_unif(&rc));
			if (rng_unif(&rc) < 0.04)
				pr *= 1.7; /* a bad interval: outage, sickness, system down */
			press[k] = (float)pr;
			total += wt[k];
		}
	}
	if (total <= 0)
		die("no contact hours in the date range");
	size_t last_slot = 0; /* the last slot with any weight takes the rounding rest */
	for (size_t k = 0; k < nslots; k++)
		if (wt[k] > 0)
			last_slot = k;

	/* queue choice */
	double qcum[64];
	double qt = 0;
	for (int q = 0; q < Q; q++) {
		qt += q < 8 ? QUEUE_WEIGHT[q] : 0.08;
		qcum[q] = qt;
	}
	for (int q = 0; q < Q; q++)
		qcum[q] /= qt;

	/* the mean queue and channel multiplier, so an agent's AHT is a->aht on average */
	double mix_norm = 0;
	for (int q = 0; q < Q; q++)
		mix_norm += (qcum[q] - (q ? qcum[q - 1] : 0.0)) * (q < 8 ? QUEUE_AHT[q] : 1.0);
	mix_norm *= SHARE_VOICE * CH_AHT_VOICE + SHARE_CHAT * CH_AHT_CHAT +
		    (1.0 - SHARE_VOICE - SHARE_CHAT) * CH_AHT_EMAIL;

	double *acum = calloc((size_t)Q * (size_t)A, sizeof *acum);
	double *dayw = calloc((size_t)A, sizeof *dayw);
	if (!acum || !dayw)
		die("out of memory");

	/* customers: a pool, plus a ring of recently unresolved ones who call again */
	uint64_t pool = 2 * o->contacts + 5000;
	if (pool > 9999999)
		pool = 9999999;
	enum { RING = 1024 };
	uint32_t ring[RING];
	unsigned ring_n = 0, ring_pos = 0;

	char tbuf[64][16], qbuf[64][16];
	const char *tname[64], *qname[64];
	size_t tlen[64], qlen[64];
	for (int t = 0; t < o->teams; t++) {
		tname[t] = team_name(t, tbuf[t]);
		tlen[t] = strlen(tname[t]);
	}
	for (int q = 0; q < Q; q++) {
		qname[q] = queue_name(q, qbuf[q]);
		qlen[q] = strlen(qname[q]);
	}

	out_str(out, "contact_id,agent_id,team,queue,channel,started_at,wait_s,talk_s,hold_s,"
		     "acw_s,outcome,transferred,resolved,csat,nps,customer_id,notes,"
		     "recorded,recording_notice,account_disclosed,idv_passed\n");

	/* Data-protection flags come from streams of their own, so the columns
	 * before them are those of a generator without them.  Records kept too
	 * long (missed by a deletion run) head the file: three contacts beyond
	 * the 730-day contacts period (recorded, so also beyond the 365-day
	 * recordings period) and two recordings beyond 365 days only. */
	rng_t rf, rp;
	rng_seed(&rf, o->seed, STREAM_DPFLAGS);
	rng_seed(&rp, o->seed, STREAM_DPPLANT);
	int old_ok = ND < 300; /* the regular rows then stay within every retention period */
	static const int old_age[] = { 800, 790, 780, 420, 410 };
	for (int k = 0; k < 5 && old_ok; k++) {
		const agent_t *a = &w->ag[k % A];
		int64_t day = o->start - old_age[k];
		char date[11];
		format_date(day, date);
		char *p = out_reserve(out);
		p += sprintf(p, "R%07d,%s,%s,%s,voice,%sT10:%02d:00%s,12,240,0,30,answered,0,1,,,C9%06d,,1,1,0,1\n",
			     k + 1, a->id, team_name(a->team, tbuf[0]), qname[0], date, 10 + k,
			     london_offset_local(day, 36000) ? "+01:00" : "+00:00", k + 1);
		out_commit(out, p);
	}
	if (old_ok) {
		char date[11];
		format_date(o->start - old_age[0], date);
		plant("dp.retention,,%s,contacts:3", date);
		plant("dp.retention,,%s,recordings:5", date);
	}
	/* a few contacts recorded without the notice, and a few that disclosed
	 * account data without a passed ID&V: rows drawn in advance */
	enum { NPLANT = 3 };
	uint64_t want_notice[NPLANT], want_idv[NPLANT];
	for (int k = 0; k < NPLANT; k++) {
		want_notice[k] = rng_below(&rp, o->contacts ? o->contacts : 1);
		want_idv[k] = rng_below(&rp, o->contacts ? o->contacts : 1);
	}
	qsort(want_notice, NPLANT, sizeof *want_notice, u64_cmp);
	qsort(want_idv, NPLANT, sizeof *want_idv, u64_cmp);
	int next_notice = 0, next_idv = 0;

	rng_t r;
	rng_seed(&r, o->seed, STREAM_CONTACTS);
	uint64_t next_id = 1, prev_target = 0;
	double cum = 0;
	static uint32_t persec[SLOT_SEC];

	for (int d = 0; d < ND; d++) {
		if (!days[d].open) {
			continue;
		}
		/* who works today: new starters ramp up, some agents are off, Saturday rota */
		int wd = weekday(o->start + d);
		double any = 0;
		for (int i = 0; i < A; i++) {
			const agent_t *a = &w->ag[i];
			double x = 0;
			if (d >= a->hire_day && d < a->left_day) {
				x = a->cap;
				int64_t tenure = d - a->hire_day;
				if (a->kind == K_NEW)
					x *= clampd(0.08 + 0.012 * (double)tenure, 0.08, 1.0);
				double u = rng_unif(&r);
				if (wd == 5 ? u < 0.50 : u < 0.07)
					x = 0; /* day off, leave or sickness */
			}
			dayw[i] = x;
			any += x;
		}
		if (any <= 0) {
			/* nobody in: everyone employed covers the day */
			for (int i = 0; i < A; i++)
				if (d >= w->ag[i].hire_day && d < w->ag[i].left_day)
					dayw[i] = w->ag[i].cap, any += dayw[i];
		}
		if (any <= 0) {
			/* nobody employed at all: the first agent covers it */
			dayw[0] = 1.0;
		}
		for (int q = 0; q < Q; q++) {
			double c = 0;
			for (int i = 0; i < A; i++) {
				c += dayw[i] * (w->ag[i].primary_queue == q ? 1.0 : 0.35);
				acum[(size_t)q * A + i] = c;
			}
		}
		const char *date = days[d].date_prefix;
		const char *offs = days[d].offset;

		for (int s = 0; s < SLOTS_PER_DAY; s++) {
			size_t k = (size_t)d * SLOTS_PER_DAY + (size_t)s;
			cum += wt[k];
			uint64_t target = (uint64_t)llround(cum / total * (double)o->contacts);
			if (target > o->contacts || k == last_slot)
				target = o->contacts;
			uint64_t cnt = target > prev_target ? target - prev_target : 0;
			prev_target += cnt;
			if (cnt == 0)
				continue;
			double pr = press[k];
			double p_quick = clampd(0.93 - 0.30 * (pr - 1.0), 0.45, 0.97);
			double p_aband = clampd(0.058 * pow(pr, 2.2), 0.01, 0.30);
			memset(persec, 0, sizeof persec);
			for (uint64_t c = 0; c < cnt; c++)
				persec[rng_below(&r, SLOT_SEC)]++;
			int slot_start = OPEN_SEC + s * SLOT_SEC;

			for (int sec = 0; sec < SLOT_SEC; sec++) {
				for (uint32_t c = persec[sec]; c > 0; c--) {
					char *p = out_reserve(out);
					*p++ = 'K';
					p = put_u_pad(p, next_id++, 8);
					*p++ = ',';

					double u = rng_unif(&r);
					int channel = u < SHARE_VOICE ? 0 : u < SHARE_VOICE + SHARE_CHAT ? 1 : 2;
					u = rng_unif(&r);
					int q = 0;
					while (q < Q - 1 && u >= qcum[q])
						q++;
					double pab = channel == 0 ? p_aband : channel == 1 ? p_aband * 0.6 : 0.0;
					int abandoned = rng_unif(&r) < pab;

					int ai = -1;
					if (!abandoned) {
						const double *cq = acum + (size_t)q * A;
						double x = rng_unif(&r) * cq[A - 1];
						int lo = 0, hi = A - 1;
						while (lo < hi) {
							int mid = (lo + hi) / 2;
							if (cq[mid] > x)
								hi = mid;
							else
								lo = mid + 1;
						}
						ai = lo;
						p = put_mem(p, w->ag[ai].id, w->ag[ai].idlen);
						*p++ = ',';
						p = put_mem(p, tname[w->ag[ai].team], tlen[w->ag[ai].team]);
					} else {
						*p++ = ',';
					}
					*p++ = ',';
					p = put_mem(p, qname[q], qlen[q]);
					*p++ = ',';
					if (channel == 0)
						p = put_mem(p, "voice,", 6);
					else if (channel == 1)
						p = put_mem(p, "chat,", 5);
					else
						p = put_mem(p, "email,", 6);

					/* started_at */
					int t = slot_start + sec;
					p = put_mem(p, date, 10);
					*p++ = 'T';
					p = put_2(p, t / 3600);
					*p++ = ':';
					p = put_2(p, t / 60 % 60);
					*p++ = ':';
					p = put_2(p, t % 60);
					p = put_mem(p, offs, 6);
					*p++ = ',';

					unsigned wait, talk = 0, hold = 0, acw = 0;
					int transferred = 0, resolved = 0, csat = -1, nps = -1;
					if (abandoned) {
						if (rng_unif(&r) < 0.22)
							wait = (unsigned)rng_below(&r, 5); /* short abandon */
						else
							wait = 5 + (unsigned)fmin(1800, rng_exp(&r, 45 * pr));
					} else {
						const agent_t *a = &w->ag[ai];
						if (rng_unif(&r) < p_quick) {
							double v = rng_unif(&r);
							wait = (unsigned)(21 * v * v);
						} else {
							wait = 21 + (unsigned)fmin(1500, rng_exp(&r, 30 * pr));
						}
						double chm = channel == 0   ? CH_AHT_VOICE
							     : channel == 1 ? CH_AHT_CHAT
									    : CH_AHT_EMAIL;
						double qm = q < 8 ? QUEUE_AHT[q] : 1.0;
						double m = a->aht * qm * chm / mix_norm;
						double hp = channel == 2 ? 0.0 : a->hold_p;
						double hold_mean = 0.07 * m / (a->hold_p > 0 ? a->hold_p : 1);
						double tl = rng_lognormal(&r, 0.75 * m, 0.55);
						talk = (unsigned)clampd(tl, 15, MAX_DURATION);
						if (rng_unif(&r) < hp)
							hold = 1 + (unsigned)clampd(rng_lognormal(&r, hold_mean, 0.7),
										  0, MAX_DURATION);
						double ac = rng_lognormal(&r, 0.18 * m, 0.45);
						acw = (unsigned)clampd(ac, 3, MAX_DURATION);
						transferred = rng_unif(&r) < a->tr;
						double pres = clampd(a->fcr / (1.0 - 0.5 * a->tr), 0, 0.99);
						if (transferred)
							pres *= 0.5;
						resolved = rng_unif(&r) < pres;
						if (rng_unif(&r) < 0.20) {
							if (rng_unif(&r) < a->t2b)
								csat = rng_unif(&r) < 0.58 ? 5 : 4;
							else {
								double v = rng_unif(&r);
								csat = v < 0.2 ? 1 : v < 0.5 ? 2 : 3;
							}
							if (rng_unif(&r) < 0.92) {
								double v = rng_unif(&r);
								if (csat == 5)
									nps = v < 0.80 ? 9 + (int)rng_below(&r, 2)
										       : 7 + (int)rng_below(&r, 2);
								else if (csat == 4)
									nps = v < 0.30 ? 9 + (int)rng_below(&r, 2)
									      : v < 0.85 ? 7 + (int)rng_below(&r, 2)
											 : 5 + (int)rng_below(&r, 2);
								else
									nps = v < 0.85 ? (int)rng_below(&r, 7)
										       : 7 + (int)rng_below(&r, 2);
							}
						}
					}
					p = put_u(p, wait);
					*p++ = ',';
					p = put_u(p, talk);
					*p++ = ',';
					p = put_u(p, hold);
					*p++ = ',';
					p = put_u(p, acw);
					*p++ = ',';
					if (abandoned)
						p = put_mem(p, "abandoned,", 10);
					else
						p = put_mem(p, "answered,", 9);
					*p++ = (char)('0' + transferred);
					*p++ = ',';
					*p++ = (char)('0' + resolved);
					*p++ = ',';
					if (csat >= 0)
						*p++ = (char)('0' + csat);
					*p++ = ',';
					if (nps >= 0)
						p = put_u(p, (unsigned)nps);
					*p++ = ',';

					/* customer: sometimes an unresolved customer calling again */
					uint32_t cust;
					if (ring_n > 0 && rng_unif(&r) < 0.10)
						cust = ring[rng_below(&r, ring_n)];
					else
						cust = 1 + (uint32_t)rng_below(&r, pool);
					if (!abandoned && !resolved) {
						ring[ring_pos] = cust;
						ring_pos = (ring_pos + 1) % RING;
						if (ring_n < RING)
							ring_n++;
					}
					*p++ = 'C';
					p = put_u_pad(p, cust, 7);
					*p++ = ',';

					/* notes */
					if (!abandoned) {
						double v = rng_unif(&r);
						if (v < o->card_rate) {
							int cvv;
							p = put_card_note(p, &r, &cvv);
							plant("dp.card_number,%s,%s,K%08llu", w->ag[ai].id, date,
							      (unsigned long long)(next_id - 1));
							if (cvv)
								plant("dp.cvv,%s,%s,K%08llu", w->ag[ai].id, date,
								      (unsigned long long)(next_id - 1));
						}
						else if (v >= 0.35) {
							const note_t *n = &g_notes[rng_below(&r, NOTE_POOL)];
							p = put_mem(p, n->text, n->len);
						}
					}
					/* recorded, recording_notice, account_disclosed, idv_passed */
					uint64_t row = next_id - 2;
					double f1 = rng_unif(&rf), f2 = rng_unif(&rf), f3 = rng_unif(&rf);
					int voice_ans = !abandoned && channel == 0;
					int recorded = voice_ans && f1 >= 0.03, notice = voice_ans;
					int disclosed = !abandoned && f2 < 0.30;
					int idv = disclosed || (!abandoned && f3 < 0.70);
					if (recorded && next_notice < NPLANT && row >= want_notice[next_notice]) {
						notice = 0;
						next_notice++;
						plant("dp.recording_notice,%s,%s,K%08llu", w->ag[ai].id, date,
						      (unsigned long long)(row + 1));
					}
					if (disclosed && next_idv < NPLANT && row >= want_idv[next_idv]) {
						idv = 0;
						next_idv++;
						plant("dp.idv,%s,%s,K%08llu", w->ag[ai].id, date,
						      (unsigned long long)(row + 1));
					}
					*p++ = ',';
					*p++ = (char)('0' + recorded);
					*p++ = ',';
					*p++ = (char)('0' + notice);
					*p++ = ',';
					*p++ = (char)('0' + disclosed);
					*p++ = ',';
					*p++ = (char)('0' + idv);
					*p++ = '\n';
					out_commit(out, p);
				}
			}
		}
	}
	free(acum);
	free(dayw);
	free(days);
	free(wt);
	free(press);
}

/* ------------------------------------------------------------- other files */

static void shuffle(rng_t *r, int *v, int n);

/* group_pattern for the equality audit: 3 in 8 agents part-time, chosen on
 * a stream of its own (independent of performance, so no disparity is
 * planted and every other file stays as it was). */
static char *part_time_flags(const opts_t *o)
{
	int n = o->agents, *ix = malloc((size_t)n * sizeof *ix);
	char *part = calloc((size_t)n, 1);
	if (!ix || !part)
		die("out of memory");
	for (int i = 0; i < n; i++)
		ix[i] = i;
	rng_t r;
	rng_seed(&r, o->seed, STREAM_PATTERN);
	shuffle(&r, ix, n);
	for (int i = 0; i < n * 3 / 8; i++)
		part[ix[i]] = 1;
	free(ix);
	return part;
}

static void put_former(world_t *w, out_t *out, const struct former *f)
{
	char hired[11], left[11], tb[16];
	format_date(w->o->start + f->hire_day, hired);
	format_date(w->o->start + f->left_day, left);
	char *p = out_reserve(out);
	p += sprintf(p, "%s,%s,%s,%s,%s,", f->id, f->name, team_name(f->team, tb), hired, left);
	p = put_csv_field(p, f->reason, strlen(f->reason));
	p += sprintf(p, ",0,0,0,%s\n", f->part_time ? "part_time" : "full_time");
	out_commit(out, p);
}

static void gen_agents(world_t *w, out_t *out)
{
	out_str(out, "agent_id,name,team,hired_on,left_on,leave_reason,young_worker,night_worker,"
		     "opt_out_48h,group_pattern\n");
	char *part = part_time_flags(w->o);
	for (int i = 0; i < w->o->agents; i++) {
		const agent_t *a = &w->ag[i];
		for (int k = 0; k < w->nformer; k++)
			if (!strcmp(w->former[k].id, a->id))
				put_former(w, out, &w->former[k]); /* a rehire's earlier spell first */
		char hired[11], left[11] = "", tb[16];
		format_date(w->o->start + a->hire_day, hired);
		if (a->left_day != INT64_MAX)
			format_date(w->o->start + a->left_day, left);
		char *p = out_reserve(out);
		p += sprintf(p, "%s,%s,%s,%s,%s,", a->id, a->name, team_name(a->team, tb), hired, left);
		if (a->leave_reason)
			p = put_csv_field(p, a->leave_reason, strlen(a->leave_reason));
		p += sprintf(p, ",%d,%d,%d,%s\n", a->young, a->night, a->opt_out,
			     part[i] ? "part_time" : "full_time");
		out_commit(out, p);
	}
	free(part);
	for (int k = 0; k < w->nformer; k++)
		if (w->former[k].id[0] == 'F')
			put_former(w, out, &w->former[k]);
}

/* Retention (issue 14): a quarter of the roster's size in staff who left in
 * the year before --start, about half of them within 90 days (most often
 * citing training), and an earlier spell of the regular agent hired last
 * (a rehire).  Its own stream: every other file stays as it was. */
static void build_former(world_t *w)
{
	const opts_t *o = w->o;
	if (o->agents < 16)
		return;
	rng_t r;
	rng_seed(&r, o->seed, STREAM_FORMER);
	int nf = (int)(sizeof FIRST / sizeof *FIRST), nl = (int)(sizeof LAST / sizeof *LAST);
	int n = o->agents / 4 > 63 ? 63 : o->agents / 4;
	for (int k = 0; k < n; k++) {
		struct former *f = &w->former[w->nformer++];
		snprintf(f->id, sizeof f->id, "F%03d", k + 1);
		snprintf(f->name, sizeof f->name, "%s %s", FIRST[(k * 5 + 1) % nf], LAST[(k * 13 + 8) % nl]);
		f->team = k % o->teams;
		f->part_time = rng_unif(&r) < 0.35;
		f->left_day = -(int64_t)(10 + rng_below(&r, 290));
		if (k % 2 == 0) {
			f->hire_day = f->left_day - (int64_t)(20 + rng_below(&r, 65));
			double u = rng_unif(&r);
			f->reason = u < 0.5 ? "training" : u < 0.8 ? "role not as expected" : "shift pattern";
		} else {
			f->hire_day = f->left_day - (int64_t)(200 + rng_below(&r, 1200));
			f->reason = LEAVE_REASONS[rng_below(&r, 5)];
		}
	}
	int latest = -1;
	for (int i = 0; i < o->agents; i++)
		if (w->ag[i].kind == K_REGULAR && (latest < 0 || w->ag[i].hire_day > w->ag[latest].hire_day))
			latest = i;
	if (latest >= 0) {
		struct former *f = &w->former[w->nformer++];
		const agent_t *a = &w->ag[latest];
		snprintf(f->id, sizeof f->id, "%s", a->id);
		snprintf(f->name, sizeof f->name, "%s", a->name);
		f->team = a->team;
		f->part_time = 0;
		f->left_day = a->hire_day - (int64_t)(30 + rng_below(&r, 200));
		f->hire_day = f->left_day - (int64_t)(300 + rng_below(&r, 400));
		f->reason = "returned to study";
	}
}

/* One 1-5 answer around mean, blank 1 time in 20. */
static char *put_item(char *p, rng_t *r, double mean)
{
	if (rng_unif(r) < 0.05)
		return p + sprintf(p, ",");
	double v = round(mean + 0.9 * rng_normal(r));
	return p + sprintf(p, ",%d", (int)(v < 1 ? 1 : v > 5 ? 5 : v));
}

/* staff_survey.csv: an anonymous quarterly pulse survey (eNPS and five 1-5
 * items) answered by about 80% of the staff employed on its day; the second
 * team is less happy, most with its schedules and recognition. */
static void gen_survey(world_t *w, out_t *out)
{
	static const double base[5] = { 3.4, 3.5, 3.3, 3.6, 3.9 };
	rng_t r;
	rng_seed(&r, w->o->seed, STREAM_SURVEY);
	out_str(out, "answered_on,team,enps,workload,recognition,development,schedule,manager\n");
	for (int q = 0; q < 4; q++) {
		int64_t day = -256 + 91 * q;
		for (int i = 0; i < w->o->agents + w->nformer; i++) {
			int former = i >= w->o->agents;
			int64_t h = former ? w->former[i - w->o->agents].hire_day : w->ag[i].hire_day;
			int64_t l = former ? w->former[i - w->o->agents].left_day : w->ag[i].left_day;
			int team = former ? w->former[i - w->o->agents].team : w->ag[i].team;
			if (h > day || l <= day + 9 || rng_unif(&r) >= 0.8)
				continue;
			double e = round((team == 1 ? 5.4 : 7.7) + 2.0 * rng_normal(&r));
			char d[11], tb[16];
			format_date(w->o->start + day + (int64_t)rng_below(&r, 10), d);
			char *p = out_reserve(out);
			p += sprintf(p, "%s,%s,%d", d, team_name(team, tb), (int)(e < 0 ? 0 : e > 10 ? 10 : e));
			for (int k = 0; k < 5; k++)
				p = put_item(p, &r, base[k] - (team == 1 && (k == 1 || k == 3) ? 1.1 : 0.0));
			*p++ = '\n';
			out_commit(out, p);
		}
	}
}

typedef struct {
	int64_t day;
	int sec;
	int agent;
	int evaluator; /* -1: team leader, else QA analyst index */
	int score, max, autofail;
} eval_t;

static int eval_cmp(const void *a, const void *b)
{
	const eval_t *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	return x->agent - y->agent;
}

static void gen_evaluations(world_t *w, out_t *out)
{
	const opts_t *o = w->o;
	rng_t r;
	rng_seed(&r, o->seed, STREAM_EVALS);
	size_t cap = 1024, n = 0;
	eval_t *ev = malloc(cap * sizeof *ev);
	if (!ev)
		die("out of memory");
	for (int wk = 0; wk * 7 < w->ndays; wk++) {
		for (int i = 0; i < o->agents; i++) {
			const agent_t *a = &w->ag[i];
			int act[7], na = 0;
			for (int d = wk * 7; d < wk * 7 + 7 && d < w->ndays; d++) {
				int wd = weekday(o->start + d);
				if (wd < 5 && d >= a->hire_day && d < a->left_day)
					act[na++] = d;
			}
			if (na == 0)
				continue;
			int k = na == 5 ? 3 + (int)rng_below(&r, 3) : (int)lround(4.0 * na / 5.0);
			if (k < 1)
				k = 1;
			for (int j = 0; j < k; j++) {
				if (n == cap) {
					cap *= 2;
					eval_t *ne = realloc(ev, cap * sizeof *ev);
					if (!ne)
						die("out of memory");
					ev = ne;
				}
				eval_t *e = &ev[n++];
				e->day = act[rng_below(&r, (uint64_t)na)];
				e->sec = 9 * 3600 + (int)rng_below(&r, 8 * 3600 + 1800);
				e->agent = i;
				e->evaluator = rng_unif(&r) < 0.65 ? -1 : (int)rng_below(&r, 3);
				e->max = rng_unif(&r) < 0.25 ? 50 : 100;
				double pct = clampd(a->qa + 7 * rng_normal(&r), 0, 100);
				e->score = (int)lround(pct * e->max / 100.0);
				e->autofail = rng_unif(&r) < a->autofail;
			}
		}
	}
	qsort(ev, n, sizeof *ev, eval_cmp);
	out_str(out, "agent_id,evaluated_at,evaluator,score,max_score,auto_fail\n");
	/* two evaluations kept beyond the 730-day evaluations period */
	if (w->ndays < 300) {
		for (int k = 0; k < 2; k++) {
			int64_t day = o->start - 800 + k;
			char date[11];
			format_date(day, date);
			char *p = out_reserve(out);
			p += sprintf(p, "%s,%sT11:00:00%s,%s,80,100,0\n", w->ag[k % o->agents].id, date,
				     london_offset_local(day, 39600) ? "+01:00" : "+00:00", QA_ANALYSTS[0]);
			out_commit(out, p);
		}
		char date[11];
		format_date(o->start - 800, date);
		plant("dp.retention,,%s,evaluations:2", date);
	}
	for (size_t j = 0; j < n; j++) {
		const eval_t *e = &ev[j];
		const agent_t *a = &w->ag[e->agent];
		char date[11];
		int64_t day = o->start + e->day;
		format_date(day, date);
		int off = london_offset_local(day, e->sec);
		const char *who = e->evaluator < 0 ? w->team_leader[a->team] : QA_ANALYSTS[e->evaluator];
		char *p = out_reserve(out);
		p += sprintf(p, "%s,%sT%02d:%02d:%02d%s,%s,%d,%d,%d\n", a->id, date, e->sec / 3600,
			     e->sec / 60 % 60, e->sec % 60, off ? "+01:00" : "+00:00", who, e->score,
			     e->max, e->autofail);
		out_commit(out, p);
	}
	free(ev);
}

static void gen_objectives(world_t *w, out_t *out)
{
	const opts_t *o = w->o;
	out_str(out, "agent_id,metric,target,from,to\n");
	int64_t to = o->start + w->ndays - 1;
	int64_t from = to - 27 < o->start ? o->start : to - 27;
	char fs[11], ts[11];
	format_date(from, fs);
	format_date(to, ts);
	/* development plans: the weak agents get a stretch target on their gap */
	static const char *const metric[] = { "aht", "fcr", "csat" };
	static const char *const target[] = { "420", "0.70", "0.80" };
	int rows = 0;
	for (int k = 0; k < w->nweak && rows < 3; k++, rows++) {
		char *p = out_reserve(out);
		p += sprintf(p, "%s,%s,%s,%s,%s\n", w->ag[w->weak_ids[k]].id, metric[rows],
			     target[rows], fs, ts);
		out_commit(out, p);
	}
	if (w->mixed_id >= 0) {
		/* the fast-but-careless agent: quality over speed */
		char *p = out_reserve(out);
		p += sprintf(p, "%s,fcr,0.75,%s,%s\n", w->ag[w->mixed_id].id, fs, ts);
		out_commit(out, p);
	}
}

/* ------------------------------------------------------------- comments */

/* comments.csv (ccscore issue 16), from its own stream STREAM_COMMENTS: on
 * each working weekday an agent may draw a complaint (likelier for weaker
 * agents), a compliment (likelier for stronger ones) or a peer note; each
 * fourth week a self-assessment about 8 points above their QA level; now and
 * then a mystery shopper scoring near it.  No free text is written. */
static void gen_comments(world_t *w, out_t *out)
{
	static const char *const bad[] = { "wait", "rude", "not_resolved", "billing_error" };
	static const char *const good[] = { "helpful", "friendly", "resolved_fast" };
	const opts_t *o = w->o;
	rng_t r;
	rng_seed(&r, o->seed, STREAM_COMMENTS);
	out_str(out, "agent_id,received_on,route,sentiment,topic,score\n");
	for (int d = 0; d < w->ndays; d++) {
		if (weekday(o->start + d) >= 5)
			continue;
		char date[11];
		format_date(o->start + d, date);
		for (int i = 0; i < o->agents; i++) {
			const agent_t *a = &w->ag[i];
			if (d < a->hire_day || d >= a->left_day)
				continue;
			double u = rng_unif(&r);
			double pc = clampd(0.03 - 0.012 * a->g, 0.005, 0.08), pk = clampd(0.05 + 0.02 * a->g, 0.01, 0.1);
			char *p = out_reserve(out);
			if (u < pc)
				p += sprintf(p, "%s,%s,complaint,-1,%s,\n", a->id, date, bad[rng_below(&r, 4)]);
			else if (u < pc + pk)
				p += sprintf(p, "%s,%s,compliment,1,%s,\n", a->id, date, good[rng_below(&r, 3)]);
			else if (u < pc + pk + 0.01)
				p += sprintf(p, "%s,%s,peer,1,teamwork,\n", a->id, date);
			else if (u < pc + pk + 0.025)
				p += sprintf(p, "%s,%s,mystery_shopper,0,,%.0f\n", a->id, date,
					     clampd(a->qa + 6 * rng_normal(&r), 0, 100));
			if (weekday(o->start + d) == 4 && (d / 7) % 4 == 3)
				p += sprintf(p, "%s,%s,self,0,,%.0f\n", a->id, date,
					     clampd(a->qa + 8 + 4 * rng_normal(&r), 0, 100));
			out_commit(out, p);
		}
	}
}

/* ------------------------------------------------------------- roster roles */

/* Agents employed for the whole data range: the only ones given a special
 * schedule or a planted violation. */
static int stable(const world_t *w, int i)
{
	const agent_t *a = &w->ag[i];
	return a->kind != K_NEW && a->kind != K_LEAVER && a->kind != K_EARLY_LEAVER && a->hire_day <= 0 &&
	       a->left_day >= w->ndays;
}

static void shuffle(rng_t *r, int *v, int n)
{
	for (int i = n - 1; i > 0; i--) {
		int j = (int)rng_below(r, (uint64_t)i + 1);
		int t = v[i];
		v[i] = v[j];
		v[j] = t;
	}
}

/* Stable day agents in random order, for the roles and the planted days. */
static int g_pool[9999], g_npool;

static void plan_roles(world_t *w)
{
	rng_t r;
	rng_seed(&r, w->o->seed, STREAM_ROLES);
	g_npool = 0;
	for (int i = 0; i < w->o->agents; i++)
		if (stable(w, i))
			g_pool[g_npool++] = i;
	shuffle(&r, g_pool, g_npool);
	static const int roles[] = { ROLE_YOUNG, ROLE_NIGHT, ROLE_NIGHT_LONG, ROLE_LONG_WEEKS,
				     ROLE_LONG_WEEKS_OPTED };
	int k = 0;
	for (size_t j = 0; j < sizeof roles / sizeof *roles && k < g_npool; j++, k++) {
		agent_t *a = &w->ag[g_pool[k]];
		a->role = roles[j];
		a->young = roles[j] == ROLE_YOUNG;
		a->night = roles[j] == ROLE_NIGHT || roles[j] == ROLE_NIGHT_LONG;
		a->opt_out = roles[j] == ROLE_NIGHT_LONG || roles[j] == ROLE_LONG_WEEKS_OPTED;
	}
	/* the rest of the pool: day agents, two of whom signed the opt-out anyway */
	memmove(g_pool, g_pool + k, (size_t)(g_npool - k) * sizeof *g_pool);
	g_npool -= k;
	for (int j = 0; j < 2 && j < g_npool; j++)
		w->ag[g_pool[g_npool - 1 - j]].opt_out = 1;
}

/* ------------------------------------------------------------- activity */

/* A day's schedule: a template of shift length and rests, from a start. */
enum tpl {
	T_OFF = 0, T_STD, T_LONG, T_NIGHT, T_NIGHT_LONG, T_YOUNG, T_YOUNG_WEEK, T_YOUNG_LONG,
	T_YOUNG_SHORTBREAK, T_YOUNG_LATE, T_SHORTBREAK, T_SIXH, T_NOSCREEN, T_SUNDAY
};

typedef struct {
	unsigned char tpl;
	short start; /* minutes after local midnight */
} dayplan_t;

typedef struct {
	int len;                 /* minutes */
	int nrest;
	struct { int at, len, lunch; } rest[3];
} tpl_t;

static const tpl_t TPL[] = {
	[T_STD] = { 510, 3, { { 120, 15, 0 }, { 240, 30, 1 }, { 390, 15, 0 } } },
	[T_SUNDAY] = { 510, 3, { { 120, 15, 0 }, { 240, 30, 1 }, { 390, 15, 0 } } },
	[T_NOSCREEN] = { 510, 3, { { 120, 15, 0 }, { 240, 30, 1 }, { 390, 15, 0 } } },
	[T_LONG] = { 570, 3, { { 120, 15, 0 }, { 270, 30, 1 }, { 420, 15, 0 } } },
	[T_NIGHT] = { 510, 3, { { 120, 15, 0 }, { 240, 30, 1 }, { 390, 15, 0 } } },
	[T_NIGHT_LONG] = { 660, 3, { { 150, 15, 0 }, { 330, 30, 1 }, { 510, 15, 0 } } },
	[T_YOUNG] = { 360, 1, { { 180, 30, 1 } } },
	[T_YOUNG_WEEK] = { 450, 1, { { 210, 30, 1 } } },
	[T_YOUNG_LONG] = { 540, 2, { { 120, 15, 0 }, { 270, 30, 1 } } },
	[T_YOUNG_SHORTBREAK] = { 360, 1, { { 180, 20, 0 } } },
	[T_YOUNG_LATE] = { 330, 1, { { 150, 30, 1 } } },
	[T_SHORTBREAK] = { 390, 1, { { 180, 19, 0 } } },
	[T_SIXH] = { 360, 0, { { 0, 0, 0 } } },
};

static void put_time(char *buf, int64_t day, int min)
{
	int64_t d = day + min / 1440;
	int m = min % 1440;
	char date[11];
	format_date(d, date);
	int off = london_offset_local(d, m * 60);
	sprintf(buf, "%sT%02d:%02d:00%s", date, m / 60, m % 60, off ? "+01:00" : "+00:00");
}

static void put_span(out_t *out, const agent_t *a, const char *what, int64_t day, int from, int to)
{
	char s[40], e[40];
	put_time(s, day, from);
	put_time(e, day, to);
	char *p = out_reserve(out);
	p += sprintf(p, "%s,%s,%s,%s\n", a->id, what, s, e);
	out_commit(out, p);
}

/* A short pause every 50 minutes of a work stretch longer than an hour. */
static void put_pauses(out_t *out, const agent_t *a, int64_t day, int from, int to)
{
	for (int t = from; to - t > 60;) {
		t += 50;
		put_span(out, a, "pause", day, t, t + 5);
		t += 5;
	}
}

static void put_day(out_t *out, const agent_t *a, int64_t day, dayplan_t dp)
{
	const tpl_t *t = &TPL[dp.tpl];
	int s = dp.start, e = dp.start + t->len;
	put_span(out, a, "shift", day, s, e);
	int cur = s;
	for (int k = 0; k <= t->nrest; k++) {
		int rs = k < t->nrest ? s + t->rest[k].at : e;
		if (!(dp.tpl == T_NOSCREEN && k == 0))
			put_pauses(out, a, day, cur, rs);
		if (k < t->nrest) {
			put_span(out, a, t->rest[k].lunch ? "lunch" : "break", day, rs, rs + t->rest[k].len);
			cur = rs + t->rest[k].len;
		}
	}
}

/* A random day of the data from first_wd to last_wd (0 = Monday) that is
 * not yet taken in this agent's plan; -1 when none. */
static int pick_day(rng_t *r, const world_t *w, const dayplan_t *plan, int agent, int first_wd, int last_wd,
		    int need_next)
{
	for (int tries = 0; tries < 200; tries++) {
		int d = (int)rng_below(r, (uint64_t)w->ndays);
		int wd = weekday(w->o->start + d);
		if (wd < first_wd || wd > last_wd || (need_next && d + 1 >= w->ndays))
			continue;
		return d;
	}
	(void)plan;
	(void)agent;
	return -1;
}

static void gen_activity(world_t *w, out_t *out)
{
	const opts_t *o = w->o;
	const int A = o->agents, ND = w->ndays;
	rng_t r;
	rng_seed(&r, o->seed, STREAM_ACTIVITY);
	dayplan_t *plan = calloc((size_t)A * (size_t)ND, sizeof *plan);
	if (!plan)
		die("out of memory");
#define PLAN(i, d) plan[(size_t)(i) * (size_t)ND + (size_t)(d)]
	int monday_start = weekday(o->start) == 0;
	for (int i = 0; i < A; i++) {
		const agent_t *a = &w->ag[i];
		for (int d = 0; d < ND; d++) {
			int wd = weekday(o->start + d);
			double u = rng_unif(&r);
			int startpick = (int)rng_below(&r, 5);
			if (d < a->hire_day || d >= a->left_day || wd == 6)
				continue;
			dayplan_t *p = &PLAN(i, d);
			switch (a->role) {
			case ROLE_YOUNG:
				if (wd < 5 && u >= 0.07)
					*p = (dayplan_t){ T_YOUNG, 9 * 60 };
				break;
			case ROLE_NIGHT:
				if (wd < 4)
					*p = (dayplan_t){ T_NIGHT, 22 * 60 };
				break;
			case ROLE_NIGHT_LONG:
				if (wd < 5)
					*p = (dayplan_t){ T_NIGHT_LONG, 20 * 60 };
				break;
			case ROLE_LONG_WEEKS:
			case ROLE_LONG_WEEKS_OPTED:
				*p = (dayplan_t){ T_LONG, 8 * 60 };
				break;
			default:
				if (wd == 5 ? u < 0.5 : u >= 0.07)
					*p = (dayplan_t){ T_STD, (short)(8 * 60 + 60 * startpick) };
			}
		}
	}
	char date[11];
	/* roles that are violations in themselves: every week of the data */
	for (int i = 0; i < A && monday_start; i++) {
		format_date(w->start_monday, date);
		if (w->ag[i].role == ROLE_LONG_WEEKS)
			plant("hs.weekly_hours,%s,%s,", w->ag[i].id, date);
		if (w->ag[i].role == ROLE_NIGHT_LONG)
			plant("hs.night_hours,%s,%s,", w->ag[i].id, date);
	}
	/* the young worker's planted weeks and days, each in a week of its own */
	int young = -1;
	for (int i = 0; i < A; i++)
		if (w->ag[i].role == ROLE_YOUNG)
			young = i;
	int nweeks = ND / 7;
	if (young >= 0 && monday_start && nweeks >= 4) {
		int wk[64];
		int nw = nweeks < 64 ? nweeks : 64;
		for (int k = 0; k < nw; k++)
			wk[k] = k;
		shuffle(&r, wk, nw);
		const char *id = w->ag[young].id;
		/* six days of 7 h: 42 h in a week */
		for (int d = wk[0] * 7; d < wk[0] * 7 + 6; d++)
			PLAN(young, d) = (dayplan_t){ T_YOUNG_WEEK, 9 * 60 };
		format_date(o->start + wk[0] * 7, date);
		plant("hs.young_weekly_hours,%s,%s,", id, date);
		int d = wk[1] * 7 + (int)rng_below(&r, 5);
		PLAN(young, d) = (dayplan_t){ T_YOUNG_LONG, 9 * 60 };
		format_date(o->start + d, date);
		plant("hs.young_daily_hours,%s,%s,", id, date);
		d = wk[2] * 7 + (int)rng_below(&r, 5);
		PLAN(young, d) = (dayplan_t){ T_YOUNG_SHORTBREAK, 9 * 60 };
		format_date(o->start + d, date);
		plant("hs.rest_break,%s,%s,", id, date);
		d = wk[3] * 7 + (int)rng_below(&r, 4);
		PLAN(young, d) = (dayplan_t){ T_YOUNG_LATE, 16 * 60 };
		PLAN(young, d + 1) = (dayplan_t){ T_YOUNG, 9 * 60 };
		format_date(o->start + d + 1, date);
		plant("hs.daily_rest,%s,%s,", id, date);
	}
	/* adult day agents: one planted case each, on distinct agents */
	enum { P_BREAK, P_BREAK2, P_REST, P_REST2, P_WEEK, P_WEEK2, P_SCREEN, P_SCREEN2, P_SCREEN3, P_SIXH, P_N };
	for (int k = 0; k < P_N && k < g_npool; k++) {
		int i = g_pool[k];
		const char *id = w->ag[i].id;
		int d;
		switch (k) {
		case P_BREAK:
		case P_BREAK2:
			/* 6 h 11 min of work with one 19-minute break */
			if ((d = pick_day(&r, w, plan, i, 0, 4, 0)) < 0)
				break;
			PLAN(i, d) = (dayplan_t){ T_SHORTBREAK, (short)(8 * 60 + 60 * (int)rng_below(&r, 5)) };
			format_date(o->start + d, date);
			plant("hs.rest_break,%s,%s,", id, date);
			break;
		case P_SIXH:
			/* exactly 6 h of work without a break: allowed, not planted */
			if ((d = pick_day(&r, w, plan, i, 0, 4, 0)) >= 0)
				PLAN(i, d) = (dayplan_t){ T_SIXH, 9 * 60 };
			break;
		case P_REST:
		case P_REST2:
			/* a late close (22:00) and an early start (08:00): 10 h of rest */
			if ((d = pick_day(&r, w, plan, i, 0, 3, 1)) < 0)
				break;
			PLAN(i, d) = (dayplan_t){ T_STD, 13 * 60 + 30 };
			PLAN(i, d + 1) = (dayplan_t){ T_STD, 8 * 60 };
			format_date(o->start + d + 1, date);
			plant("hs.daily_rest,%s,%s,", id, date);
			break;
		case P_WEEK:
		case P_WEEK2: {
			/* seven days in a row in one week: no 24 h rest */
			if (!monday_start || nweeks < 3)
				break;
			int wk = (int)rng_below(&r, (uint64_t)nweeks);
			for (d = wk * 7; d < wk * 7 + 6; d++)
				if (PLAN(i, d).tpl == T_OFF)
					PLAN(i, d) = (dayplan_t){ T_STD, (short)(8 * 60 + 60 * (int)rng_below(&r, 5)) };
			PLAN(i, wk * 7 + 6) = (dayplan_t){ T_SUNDAY, 10 * 60 };
			format_date(o->start + wk * 7, date);
			plant("hs.weekly_rest,%s,%s,", id, date);
			break;
		}
		default:
			/* two hours at the screen without a pause */
			if ((d = pick_day(&r, w, plan, i, 0, 4, 0)) < 0)
				break;
			if (PLAN(i, d).tpl == T_OFF)
				PLAN(i, d) = (dayplan_t){ T_STD, (short)(8 * 60 + 60 * (int)rng_below(&r, 5)) };
			PLAN(i, d).tpl = T_NOSCREEN;
			format_date(o->start + d, date);
			plant("hs.screen_break,%s,%s,", id, date);
		}
	}
	out_str(out, "agent_id,activity,start,end\n");
	for (int d = 0; d < ND; d++)
		for (int i = 0; i < A; i++)
			if (PLAN(i, d).tpl != T_OFF)
				put_day(out, &w->ag[i], o->start + d, PLAN(i, d));
#undef PLAN
	free(plan);
}

/* ------------------------------------------------------------- CLI */

static void usage(FILE *f)
{
	fputs(
"Usage: " PROG " [OPTION]...\n"
"Write reproducible synthetic contact-centre data for ccscore.\n"
"\n"
"Options (defaults in brackets):\n"
"  --seed N        PRNG seed; the same flags and seed give identical files [42]\n"
"  --contacts N    number of contacts (rows of contacts.csv) [20000]\n"
"  --agents A      number of agents, ids A001, A002, ... [32]\n"
"  --teams T       number of teams: north, south, east, west, central, coast,\n"
"                  metro, valley, then team9, ... (1-64) [3]\n"
"  --queues Q      number of queues: sales, billing, support, retention,\n"
"                  technical, collections, complaints, renewals, then queue9, ...\n"
"                  (1-64) [4]\n"
"  --weeks W       length of the data in weeks, from --start [8]\n"
"  --start DATE    first day, YYYY-MM-DD [2026-09-28, a Monday]\n"
"  --out DIR       directory to write into, created if missing [.]\n"
"  --only LIST     write only these files, a comma-separated list of\n"
"                  contacts, evaluations, agents, objectives, activity, survey,\n"
"                  comments [all seven]; contacts.csv does not depend on this choice\n"
"  --card-rate R   share of answered contacts whose note holds a card number\n"
"                  (Luhn-valid, test data for the PCI check) [0.0005]\n"
"  -h, --help      show this help and exit\n"
"\n"
"Files (each written to a temporary name, then renamed):\n"
"  contacts.csv     contact_id,agent_id,team,queue,channel,started_at,wait_s,talk_s,\n"
"                   hold_s,acw_s,outcome,transferred,resolved,csat,nps,customer_id,notes\n"
"                   sorted by started_at (ISO 8601 with the Europe/London offset);\n"
"                   contact hours 08:00-20:00 Monday-Saturday; abandoned contacts have\n"
"                   no agent or team; csat (1-5) and nps (0-10) on about 20% of\n"
"                   answered contacts; notes are CSV-quoted free text\n"
"  agents.csv       agent_id,name,team,hired_on,left_on,leave_reason,...,group_pattern\n"
"  evaluations.csv  agent_id,evaluated_at,evaluator,score,max_score,auto_fail\n"
"                   about 4 QA evaluations per agent per week, forms out of 100 or 50\n"
"  objectives.csv   agent_id,metric,target,from,to   (development plans, last 4 weeks)\n"
"  activity.csv     agent_id,activity,start,end: each agent's shifts, breaks, lunches and\n"
"                   short screen pauses (night workers work nights, the young worker\n"
"                   short days); agents.csv adds young_worker, night_worker, opt_out_48h\n"
"  staff_survey.csv answered_on,team,enps,workload,recognition,development,schedule,\n"
"                   manager: an anonymous quarterly pulse survey (0-10 and 1-5)\n"
"  comments.csv     agent_id,received_on,route,sentiment,topic,score: complaints,\n"
"                   compliments (more for stronger agents), peer notes, a monthly\n"
"                   self-assessment (people rate themselves higher) and mystery\n"
"                   shoppers; its own random stream, so other files do not change\n"
"  planted.csv      rule,agent_id,date,reference: every violation planted on purpose\n"
"                   for the regulation checks (card numbers and security codes in notes,\n"
"                   ID&V and recording-notice breaches in the new contacts columns\n"
"                   recorded,recording_notice,account_disclosed,idv_passed, records\n"
"                   beyond retention, and working-time breaches in the schedules);\n"
"                   the regular data breaks none of the default rules\n"
"\n"
"The roster has deliberately strong and weak agents, one fast but careless\n"
"agent, new starters hired in the last two weeks (few contacts: not enough\n"
"data) and one or two leavers; agents.csv ends with staff who left in the\n"
"year before --start (F001...) and a rehire's earlier spell. Contacts are\n"
"streamed with constant memory, so --contacts 10000000 --only contacts is\n"
"fine for benchmarks.\n"
"\n"
"Exit status: 0 ok, 2 usage or output error.\n", f);
}

static uint64_t parse_u64(const char *opt, const char *s, uint64_t lo, uint64_t hi)
{
	char *end;
	errno = 0;
	if (!*s || *s == '-' || *s == '+')
		goto bad;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		goto bad;
	return v;
bad:
	fprintf(stderr, PROG ": error: %s wants a whole number from %llu to %llu, not '%s'\n", opt,
		(unsigned long long)lo, (unsigned long long)hi, s);
	fprintf(stderr, "Try '" PROG " --help'.\n");
	exit(2);
}

static void make_dirs(const char *path)
{
	char buf[4096];
	if (!*path)
		die("--out wants a directory name");
	if (strlen(path) >= sizeof buf)
		die("output path too long: %s", path);
	strcpy(buf, path);
	for (char *p = buf + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
				fprintf(stderr, PROG ": error: cannot create directory %s: %s\n", buf,
					strerror(errno));
				exit(2);
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		die("%s is not a directory", path);
}

int main(int argc, char **argv)
{
	opts_t o = { .seed = 42, .contacts = 20000, .agents = 32, .teams = 3, .queues = 4,
		     .weeks = 8, .out = ".", .only = F_CONTACTS | F_EVALS | F_AGENTS | F_OBJECTIVES | F_ACTIVITY | F_SURVEY | F_COMMENTS,
		     .card_rate = 0.0005 };
	if (parse_date("2026-09-28", &o.start) != 0)
		return 2;

	static const struct option longopts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "contacts", required_argument, NULL, 'n' },
		{ "agents", required_argument, NULL, 'a' },
		{ "teams", required_argument, NULL, 't' },
		{ "queues", required_argument, NULL, 'q' },
		{ "weeks", required_argument, NULL, 'w' },
		{ "start", required_argument, NULL, 'S' },
		{ "out", required_argument, NULL, 'o' },
		{ "only", required_argument, NULL, 'O' },
		{ "card-rate", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 's': o.seed = parse_u64("--seed", optarg, 0, UINT64_MAX); break;
		case 'n': o.contacts = parse_u64("--contacts", optarg, 0, 1ULL << 40); break;
		case 'a': o.agents = (int)parse_u64("--agents", optarg, 1, 9999); break;
		case 't': o.teams = (int)parse_u64("--teams", optarg, 1, 64); break;
		case 'q': o.queues = (int)parse_u64("--queues", optarg, 1, 64); break;
		case 'w': o.weeks = (int)parse_u64("--weeks", optarg, 1, 520); break;
		case 'S':
			if (parse_date(optarg, &o.start) != 0) {
				fprintf(stderr, PROG ": error: --start wants a date YYYY-MM-DD, not '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'o': o.out = optarg; break;
		case 'O': {
			o.only = 0;
			char buf[256];
			snprintf(buf, sizeof buf, "%s", optarg);
			for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save)) {
				if (!strcmp(tok, "contacts"))
					o.only |= F_CONTACTS;
				else if (!strcmp(tok, "evaluations"))
					o.only |= F_EVALS;
				else if (!strcmp(tok, "agents"))
					o.only |= F_AGENTS;
				else if (!strcmp(tok, "objectives"))
					o.only |= F_OBJECTIVES;
				else if (!strcmp(tok, "activity"))
					o.only |= F_ACTIVITY;
				else if (!strcmp(tok, "survey"))
					o.only |= F_SURVEY;
				else if (!strcmp(tok, "comments"))
					o.only |= F_COMMENTS;
				else {
					fprintf(stderr,
						PROG ": error: --only: unknown file '%s' (use contacts, "
						"evaluations, agents, objectives, activity, survey, comments)\n", tok);
					return 2;
				}
			}
			if (!o.only) {
				fprintf(stderr, PROG ": error: --only needs at least one file name\n");
				return 2;
			}
			break;
		}
		case 'c': {
			char *end;
			errno = 0;
			o.card_rate = strtod(optarg, &end);
			if (errno || *end || end == optarg || !(o.card_rate >= 0 && o.card_rate <= 1)) {
				fprintf(stderr, PROG ": error: --card-rate wants a number from 0 to 1, "
						"not '%s'\n", optarg);
				return 2;
			}
			break;
		}
		case 'h': usage(stdout); return 0;
		default:
			fprintf(stderr, "Try '" PROG " --help'.\n");
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, PROG ": error: unexpected argument '%s'\nTry '" PROG " --help'.\n",
			argv[optind]);
		return 2;
	}
	if (o.teams > o.agents) {
		fprintf(stderr, PROG ": error: --teams (%d) cannot exceed --agents (%d)\n", o.teams,
			o.agents);
		return 2;
	}

	make_dirs(o.out);
	world_t w = { .o = &o, .ndays = o.weeks * 7 };
	w.start_monday = o.start - weekday(o.start);
	build_agents(&w);
	plan_roles(&w);
	build_former(&w);

	out_t out;
	if (o.only & F_CONTACTS) {
		build_notes(o.seed);
		out_open(&out, o.out, "contacts.csv");
		gen_contacts(&w, &out);
		out_close(&out);
	}
	if (o.only & F_EVALS) {
		out_open(&out, o.out, "evaluations.csv");
		gen_evaluations(&w, &out);
		out_close(&out);
	}
	if (o.only & F_AGENTS) {
		out_open(&out, o.out, "agents.csv");
		gen_agents(&w, &out);
		out_close(&out);
	}
	if (o.only & F_OBJECTIVES) {
		out_open(&out, o.out, "objectives.csv");
		gen_objectives(&w, &out);
		out_close(&out);
	}
	if (o.only & F_ACTIVITY) {
		out_open(&out, o.out, "activity.csv");
		gen_activity(&w, &out);
		out_close(&out);
	}
	if (o.only & F_SURVEY) {
		out_open(&out, o.out, "staff_survey.csv");
		gen_survey(&w, &out);
		out_close(&out);
	}
	if (o.only & F_COMMENTS) {
		out_open(&out, o.out, "comments.csv");
		gen_comments(&w, &out);
		out_close(&out);
	}
	/* the manifest of planted violations, in the order they were planted */
	out_open(&out, o.out, "planted.csv");
	out_str(&out, "rule,agent_id,date,reference\n");
	for (size_t i = 0; i < g_nmanifest; i++) {
		out_str(&out, g_manifest[i]);
		out_str(&out, "\n");
		free(g_manifest[i]);
	}
	free(g_manifest);
	out_close(&out);
	if (g_notes) {
		for (int i = 0; i < NOTE_POOL; i++)
			free(g_notes[i].text);
		free(g_notes);
	}
	free(w.ag);
	return 0;
}
