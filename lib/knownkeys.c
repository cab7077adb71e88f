/*
 * knownkeys.c - a set per (table, org_code) asked about: its questions
 * go to the ledger key by key until they are many for the keys the set
 * holds; then the set is taken into memory in one walk of the ledger's
 * index: an open-addressing table of the digests (their first bits are
 * the hash: digests are uniform, and the walk gives them in order, so
 * the table is written front to back), linear probing, at most 3/4
 * full, so that a question reads one place of memory, fetched while the
 * record's other rules run. The walk also finds the latest update_time.
 *
 * When to take a set: when it holds at most KEYS_PER_ASK keys per
 * question to come, or at most SMALL_SET keys (an empty set, a
 * catalogue). The questions to come are those expected
 * (knownkeys_expect(): an input's records), or else those asked so far,
 * looked at again each time they double. Taking a key costs about 0.3
 * microseconds, asking the ledger for one about 10: a set is taken when
 * the questions to come would likely cost more; a walk tells after a
 * few thousand keys how many the set holds (the digests' order), so
 * little is spent on a set too big; a small input asks its few
 * questions.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "knownkeys.h"
#include "ledger.h"
#include "payload.h"
#include "sm.h"
#include "standard.h"
#include "util.h"

#define SMALL_SET	16384L
#define KEYS_PER_ASK	16L
#define UPD_EMPTY	0		/* a free slot */
#define UPD_NONE	1		/* no update_time recorded */
#define UPD_ASK		UINT64_MAX	/* not as DT writes it: ask */

struct kentry {
	unsigned char	 d[SM3_LEN];
	uint64_t	 upd;		/* pack_upd() */
};

struct kset {
	const struct std_table *t;
	char		*org;
	size_t		 orglen;
	int		 loaded;
	uint64_t	 latest;	/* of its keys, packed, once loaded */
	unsigned long	 asked, next_try;	/* questions before loaded */
	struct kentry	*slot;
	size_t		 n, cap;	/* cap: a power of two, */
	unsigned	 shift;		/* ... 2^(64 - shift) */
	long		 limit;		/* of the walk that takes it */
};

/* knownkeys_start()'s question, for knownkeys_newer() */
struct question {
	int		 asked;		/* of the ledger: ask it */
	int		 skip;		/* answered "no" already */
	enum ledger_key	 want;		/* NEWER (a stale record) or SAME */
	size_t		 set;		/* its index (sets may move) */
	unsigned char	 d[SM3_LEN];
	uint64_t	 upd;
	const struct std_table *t;
	const char	*updv;
	size_t		 updlen;
};

struct knownkeys {
	struct ledger	*l;
	unsigned long	 expect;		/* knownkeys_expect() */
	struct kset	*set;
	size_t		 nset, last;
	long		 in_memory;	/* keys held, all sets */
	struct sm3_ctx	*sm3;		/* NULL: SM3 unavailable */
	struct buf	 text;
	char		**vals;		/* a ref's key as a record */
	size_t		*lens, nvals;
	struct question	 q;
};

struct knownkeys *
knownkeys_new(struct ledger *l)
{
	struct knownkeys *kk = xcalloc(1, sizeof(*kk));
	char err[256];

	kk->l = l;
	kk->sm3 = sm3_new(err, sizeof(err));	/* NULL: every key unknown */
	buf_init(&kk->text);
	return kk;
}

void
knownkeys_free(struct knownkeys *kk)
{
	size_t i;

	if (kk == NULL)
		return;
	for (i = 0; i < kk->nset; i++) {
		free(kk->set[i].org);
		free(kk->set[i].slot);
	}
	free(kk->set);
	sm3_free(kk->sm3);
	buf_free(&kk->text);
	free(kk->vals);
	free(kk->lens);
	free(kk);
}

/*
 * An update_time as a number whose order is strcmp's: the 14 digits of
 * "YYYY-MM-DD HH:MM:SS" plus 2 (every such text has its separators at
 * the same places), UPD_NONE for none (""), UPD_ASK for any other text.
 */
static uint64_t
pack_upd(const char *s, size_t n)
{
	static const char form[] = "dddd-dd-dd dd:dd:dd";
	uint64_t v = 0;
	size_t i;

	if (s == NULL || n == 0)
		return UPD_NONE;
	if (n != sizeof(form) - 1)
		return UPD_ASK;
	for (i = 0; i < n; i++) {
		if (form[i] != 'd') {
			if (s[i] != form[i])
				return UPD_ASK;
		} else if (s[i] < '0' || s[i] > '9')
			return UPD_ASK;
		else
			v = v * 10 + (uint64_t)(s[i] - '0');
	}
	return v + 2;
}

static struct kset *
set_of(struct knownkeys *kk, const struct std_table *t, const char *org,
    size_t orglen)
{
	struct kset *s;
	size_t i;

	for (i = 0; i < kk->nset; i++) {
		s = &kk->set[(kk->last + i) % kk->nset];
		if (s->t == t && s->orglen == orglen &&
		    memcmp(s->org, org, orglen) == 0) {
			kk->last = (kk->last + i) % kk->nset;
			return s;
		}
	}
	kk->set = xreallocarray(kk->set, kk->nset + 1, sizeof(*kk->set));
	s = &kk->set[kk->nset];
	memset(s, 0, sizeof(*s));
	s->t = t;
	s->org = xstrndup(org, orglen);
	s->orglen = orglen;
	kk->last = kk->nset++;
	return s;
}

/* A digest's first bits: the ledger gives the digests in their order,
 * so a set is written into its table front to back, not at random. */
static size_t
home(const struct kset *s, const unsigned char *d)
{
	return (size_t)(sm3_head64(d) >> s->shift);
}

/* Whether two digests are the same: their first 8 bytes decide almost
 * always, compared inline (a call of memcmp() a probe was 4% of a
 * check with the key store). */
static int
same_digest(const unsigned char *a, const unsigned char *b)
{
	uint64_t x, y;

	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	return x == y && memcmp(a + 8, b + 8, SM3_LEN - 8) == 0;
}

/* The slot of digest d: its entry, or the free slot it would take. */
static struct kentry *
slot_of(const struct kset *s, const unsigned char *d)
{
	size_t i = home(s, d);

	while (s->slot[i].upd != UPD_EMPTY && !same_digest(s->slot[i].d, d))
		i = (i + 1) & (s->cap - 1);
	return &s->slot[i];
}

static void
size_for(struct kset *s, size_t n)
{
	struct kentry *old = s->slot, *e;
	size_t oldcap = s->cap, i;

	s->cap = 1024;
	s->shift = 54;
	while (s->cap / 4 * 3 < n) {
		s->cap *= 2;
		s->shift--;
	}
	s->slot = xcalloc_table(s->cap, sizeof(*s->slot));
	for (i = 0; i < oldcap; i++)
		if (old[i].upd != UPD_EMPTY) {
			e = slot_of(s, old[i].d);
			*e = old[i];
		}
	free(old);
}

/*
 * The keys the walk will give in all, from those given so far: the walk
 * gives the digests in order and digests are uniform, so the first bits
 * of the last one are about the share of the set walked.
 */
static double
estimate(const struct kset *s, const unsigned char *d)
{
	uint64_t h = sm3_head64(d);

	return h ? (double)s->n * 18446744073709551616.0 / (double)h :
	    (double)KNOWNKEYS_MAX * 4;
}

/* When to look at the estimate: at 64, 128, ... keys (the first keys of
 * the walk have the first homes: they would pile up in a table sized
 * for fewer than the set), then every ESTIMATE_EVERY keys. */
#define ESTIMATE_FIRST	64	/* keys: the estimate within ~1/8 */
#define ESTIMATE_EVERY	4096

static int
take_key(void *arg, const struct ledger_keyver *k)
{
	struct kset *s = arg;
	const unsigned char *d = k->digest;
	struct kentry *e;
	double n;

	if ((long)s->n >= s->limit)
		return 1;	/* more than it is worth */
	if (s->n >= ESTIMATE_FIRST && ((s->n & (s->n - 1)) == 0 ||
	    s->n % ESTIMATE_EVERY == 0)) {
		n = estimate(s, d);
		/* far more than the limit: not walked to its end */
		if (n > 2.0 * (double)s->limit)
			return 1;
		if (n > (double)(s->cap / 4 * 3))
			size_for(s, (size_t)(n * 1.125));
	}
	if (s->n + 1 > s->cap / 4 * 3)
		size_for(s, 2 * s->n + 1);
	e = slot_of(s, d);
	if (e->upd == UPD_EMPTY)
		s->n++;
	memcpy(e->d, d, SM3_LEN);
	/* the ledger's number is pack_upd()'s digits */
	e->upd = k->upd >= 0 ? (uint64_t)k->upd + 2 : k->upd ==
	    LEDGER_UPD_NONE ? UPD_NONE : pack_upd(k->text, k->len);
	if (e->upd > s->latest)
		s->latest = e->upd;	/* UPD_ASK beats all: never "later" */
	return 0;
}

/* Takes s into memory in one walk of the ledger unless it holds more
 * than limit keys: 0 or -1. */
static int
load_set(struct knownkeys *kk, struct kset *s, long limit)
{
	char err[256];
	int rc;

	s->limit = limit;
	s->latest = UPD_EMPTY;
	size_for(s, ESTIMATE_FIRST);
	if ((rc = ledger_key_each(kk->l, s->t->name, s->org, take_key, s, err,
	    sizeof(err))) != 0) {
		free(s->slot);
		s->slot = NULL;
		s->n = s->cap = 0;
		if (rc == -1)
			s->next_try = (unsigned long)-1;	/* keep asking */
		return -1;
	}
	kk->in_memory += (long)s->n;
	s->loaded = 1;
	return 0;
}

/* The questions to come for s, as far as one can tell: a record of the
 * input asks about its own key, and about each value its refs name
 * (once a value: cross.c remembers the answers). */
static unsigned long
to_come(const struct knownkeys *kk, const struct kset *s)
{
	return kk->expect > s->asked ? kk->expect : s->asked;
}

/* Counts a question; takes the set into memory when it is time. */
static void
consider(struct knownkeys *kk, struct kset *s)
{
	long limit, budget = KNOWNKEYS_MAX - kk->in_memory;

	if (s->loaded || s->asked++ < s->next_try)
		return;
	limit = KEYS_PER_ASK * (long)to_come(kk, s);
	if (limit < SMALL_SET)
		limit = SMALL_SET;
	if (limit > budget)
		limit = budget;
	/* a walk of a set far bigger stops after a few thousand keys */
	if (limit > 0 && load_set(kk, s, limit) == 0)
		return;
	s->next_try = limit >= budget ? (unsigned long)-1 : 2 * s->asked;
}

void
knownkeys_expect(struct knownkeys *kk, unsigned long n)
{
	kk->expect = n;
}

static int
digest(struct knownkeys *kk, unsigned char d[SM3_LEN])
{
	char err[256];

	return kk->sm3 ? sm3_digest(kk->sm3, kk->text.data ? kk->text.data :
	    "", kk->text.len, d, err, sizeof(err)) : -1;
}

/* The question of knownkeys_start() or knownkeys_same(), started. */
static void
question(struct knownkeys *kk, const struct std_table *t, char *const *v,
    const size_t *len, int of, const char *upd, size_t updlen,
    enum ledger_key want)
{
	struct question *q = &kk->q;
	struct kset *s;

	memset(q, 0, sizeof(*q));
	q->t = t;
	q->want = want;
	q->updv = upd;
	q->updlen = updlen;
	q->upd = pack_upd(upd, updlen);
	s = set_of(kk, t, v[of], len[of]);
	q->set = (size_t)(s - kk->set);
	consider(kk, s);
	/* not older than the latest: no key is newer (strcmp's order);
	 * later than it: none has this update_time */
	if (s->loaded && q->upd != UPD_ASK && s->latest != UPD_ASK &&
	    (want == LEDGER_KEY_NEWER ? q->upd >= s->latest :
	    q->upd > s->latest)) {
		q->skip = 1;
		return;
	}
	buf_reset(&kk->text);
	payload_key_text(&kk->text, t, v, len);
	if (digest(kk, q->d) == -1) {
		q->skip = 1;
		return;
	}
	if (s->loaded) {	/* 40 bytes: may straddle two lines */
		__builtin_prefetch(&s->slot[home(s, q->d)]);
		__builtin_prefetch((char *)&s->slot[home(s, q->d) + 1] - 1);
	}
	else
		q->asked = 1;
}

void
knownkeys_start(struct knownkeys *kk, const struct std_table *t,
    char *const *v, const size_t *len, int of, const char *upd,
    size_t updlen)
{
	question(kk, t, v, len, of, upd, updlen, LEDGER_KEY_NEWER);
}

/* The answer to the question started: 1 when the key stands as asked. */
static int
answer(struct knownkeys *kk)
{
	struct question *q = &kk->q;
	const struct kentry *e;
	char *updz;
	struct kset *s;
	int rc;

	if (q->t == NULL || q->skip)
		return 0;
	s = &kk->set[q->set];
	if (!q->asked) {
		e = slot_of(s, q->d);
		if (e->upd == UPD_EMPTY)
			return 0;
		if (q->want == LEDGER_KEY_SAME && q->upd == UPD_NONE)
			return 1;	/* no update_time: whether known */
		if (e->upd != UPD_ASK && q->upd != UPD_ASK)
			return q->want == LEDGER_KEY_NEWER ? e->upd > q->upd :
			    e->upd == q->upd;
	}
	updz = xstrndup(q->updv, q->updlen);
	rc = ledger_key_known_digest(kk->l, q->t->name, s->org, q->d, updz) ==
	    (int)q->want;
	free(updz);
	return rc;
}

int
knownkeys_newer(struct knownkeys *kk)
{
	return answer(kk);
}

int
knownkeys_same(struct knownkeys *kk, const struct std_table *t,
    char *const *v, const size_t *len, int of, const char *upd,
    size_t updlen)
{
	question(kk, t, v, len, of, upd, updlen, LEDGER_KEY_SAME);
	return answer(kk);
}

/* The key text of (org, value) as t's key: org_code and field. */
static void
ref_text(struct knownkeys *kk, const struct std_table *t, int field,
    const char *org, size_t orglen, const char *v, size_t len)
{
	size_t i;

	if (kk->nvals < t->nfields) {
		kk->vals = xreallocarray(kk->vals, t->nfields, sizeof(*kk->vals));
		kk->lens = xreallocarray(kk->lens, t->nfields, sizeof(*kk->lens));
		kk->nvals = t->nfields;
	}
	for (i = 0; i < t->nkey; i++) {
		kk->vals[t->key[i]] = "";
		kk->lens[t->key[i]] = 0;
	}
	kk->vals[t->key[0]] = (char *)org;
	kk->lens[t->key[0]] = orglen;
	kk->vals[field] = (char *)v;
	kk->lens[field] = len;
	buf_reset(&kk->text);
	payload_key_text(&kk->text, t, kk->vals, kk->lens);
}

enum knownkeys_answer
knownkeys_ref(struct knownkeys *kk, const struct std_table *t, int field,
    const char *org, size_t orglen, const char *v, size_t len)
{
	unsigned char d[SM3_LEN];
	struct kset *s;

	s = set_of(kk, t, org, orglen);
	consider(kk, s);
	if (s->loaded && s->n == 0)
		return KNOWNKEYS_NONE;
	ref_text(kk, t, field, org, orglen, v, len);
	if (digest(kk, d) == -1)
		return KNOWNKEYS_NO;
	if (s->loaded)
		return slot_of(s, d)->upd != UPD_EMPTY ? KNOWNKEYS_YES :
		    KNOWNKEYS_NO;
	return ledger_key_known_digest(kk->l, t->name, s->org, d, NULL) > 0 ?
	    KNOWNKEYS_YES : KNOWNKEYS_NO;
}
