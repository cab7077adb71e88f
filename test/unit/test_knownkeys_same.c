/*
 * test_knownkeys_same.c - knownkeys_same(), hdx-extract's question for a
 * re-read row (was this very version delivered?), answers as the
 * ledger's ledger_key_known() does, LEDGER_KEY_SAME: from a set taken
 * into memory (a few keys) and from the ledger key by key (more keys
 * than the questions are worth taking), for the version delivered, an
 * older and a newer one and a key never delivered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "knownkeys.h"
#include "ledger.h"
#include "payload.h"
#include "standard.h"
#include "unit.h"
#include "util.h"

static char dir[] = "/tmp/test_knownkeys_same.XXXXXX";
static struct standard *std;
static const struct std_table *t;
static struct ledger *l;
static char err[512];

#define NF	14	/* dept_info's fields */
#define ORG_FEW	"124115004170483179"
#define ORG_MANY "12411500417051225K"
#define MANY	20000	/* past knownkeys.c's SMALL_SET: asked key by key */

struct rec {
	char	*v[NF];
	size_t	 len[NF];
	char	 store[NF][64];
};

static void
rec_make(struct rec *r, const char *org, unsigned dept, const char *ut)
{
	size_t i;

	for (i = 0; i < NF; i++) {
		snprintf(r->store[i], sizeof(r->store[i]), "%s", i == 0 ? org :
		    i == 13 ? ut : "1");
		if (i == 1)
			snprintf(r->store[i], sizeof(r->store[i]), "D%05u", dept);
		r->v[i] = r->store[i];
		r->len[i] = strlen(r->store[i]);
	}
}

static void
deliver(const char *org, unsigned dept, const char *ut)
{
	struct rec r;
	char hex[65];

	rec_make(&r, org, dept, ut);
	ck_assert_int_eq(payload_key_digest(t, r.v, r.len, hex, err,
	    sizeof(err)), 0);
	ck_assert_msg(ledger_key_put(l, "dept_info", org, hex, "2026-10-27",
	    ut, err, sizeof(err)) == 0, "%s", err);
}

static void
setup(void)
{
	char *d = path_join(unit_srcdir(), "dict");
	unsigned i;

	std = std_load(d, err, sizeof(err));
	free(d);
	ck_assert_msg(std != NULL, "%s", err);
	t = std_table(std, "dept_info");
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(std_field_index(t, "update_time"), 13);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	l = ledger_open(dir, err, sizeof(err));
	ck_assert_msg(l != NULL, "%s", err);
	ck_assert_int_eq(ledger_begin(l, err, sizeof(err)), 0);
	for (i = 0; i < 10; i++)
		deliver(ORG_FEW, i, "2026-10-27 08:00:00");
	for (i = 0; i < MANY; i++)
		deliver(ORG_MANY, i, i % 2 ? "2026-10-27 09:00:00" :
		    "2026-10-27 10:00:00");
	ck_assert_int_eq(ledger_commit(l, err, sizeof(err)), 0);
	ck_assert_msg(ledger_keys_merge(l, err, sizeof(err)) == 0, "%s", err);
}

static void
teardown(void)
{
	char *cmd;

	ledger_close(l);
	std_free(std);
	cmd = xasprintf("rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	strcpy(dir, "/tmp/test_knownkeys_same.XXXXXX");
}

/* knownkeys_same() for (org, dept, ut), checked against the ledger. */
static int
same(struct knownkeys *kk, const char *org, unsigned dept, const char *ut)
{
	struct rec r;
	char hex[65];
	int want, got;

	rec_make(&r, org, dept, ut);
	ck_assert_int_eq(payload_key_digest(t, r.v, r.len, hex, err,
	    sizeof(err)), 0);
	want = ledger_key_known(l, "dept_info", org, hex, ut) ==
	    LEDGER_KEY_SAME;
	got = knownkeys_same(kk, t, r.v, r.len, 0, r.v[13], r.len[13]);
	ck_assert_int_eq(got, want);
	return got;
}

START_TEST(test_few_in_memory)
{
	struct knownkeys *kk = knownkeys_new(l);

	ck_assert_int_eq(same(kk, ORG_FEW, 3, "2026-10-27 08:00:00"), 1);
	ck_assert_int_eq(same(kk, ORG_FEW, 3, "2026-10-27 07:59:59"), 0);
	ck_assert_int_eq(same(kk, ORG_FEW, 3, "2026-10-27 08:00:01"), 0);
	ck_assert_int_eq(same(kk, ORG_FEW, 10, "2026-10-27 08:00:00"), 0);
	ck_assert_int_eq(same(kk, ORG_FEW, 9, "2026-10-27 08:00:00"), 1);
	/* later than every key of the set: no digest needed, still 0 */
	ck_assert_int_eq(same(kk, ORG_FEW, 0, "2026-10-28 00:00:00"), 0);
	/* not as DT writes it: asked of the ledger */
	ck_assert_int_eq(same(kk, ORG_FEW, 0, "2026-10-27T08:00:00"), 0);
	knownkeys_free(kk);
}
END_TEST

START_TEST(test_many_asked)
{
	struct knownkeys *kk = knownkeys_new(l);
	unsigned i;

	/* a few questions about 20000 keys: key by key, in either order */
	for (i = 0; i < 6; i++) {
		ck_assert_int_eq(same(kk, ORG_MANY, 1000 + i, i % 2 ?
		    "2026-10-27 09:00:00" : "2026-10-27 10:00:00"), 1);
		ck_assert_int_eq(same(kk, ORG_MANY, 1000 + i, i % 2 ?
		    "2026-10-27 10:00:00" : "2026-10-27 09:00:00"), 0);
	}
	ck_assert_int_eq(same(kk, ORG_MANY, MANY, "2026-10-27 10:00:00"), 0);
	/* the other org's set as well, beside it */
	ck_assert_int_eq(same(kk, ORG_FEW, 5, "2026-10-27 08:00:00"), 1);
	ck_assert_int_eq(same(kk, ORG_MANY, 7, "2026-10-27 09:00:00"), 1);
	/* enough questions to come: the set taken, the same answers */
	knownkeys_expect(kk, MANY);
	for (i = 0; i < 40; i++)
		ck_assert_int_eq(same(kk, ORG_MANY, 500 * i, "2026-10-27 "
		    "10:00:00"), 1);
	ck_assert_int_eq(same(kk, ORG_MANY, 501, "2026-10-27 10:00:00"), 0);
	ck_assert_int_eq(same(kk, ORG_MANY, 501, "2026-10-27 09:00:00"), 1);
	knownkeys_free(kk);
}
END_TEST

static Suite *
knownkeys_suite(void)
{
	Suite *s = suite_create("knownkeys_same");
	TCase *tc = tcase_create("knownkeys");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_few_in_memory);
	tcase_add_test(tc, test_many_asked);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(knownkeys_suite)
