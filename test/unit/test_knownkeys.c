/*
 * test_knownkeys.c - the key store as hdx-check asks it: the answers of a
 * set taken into memory in one walk of the ledger (sized from the
 * digests seen) are the ledger's, and so are those of a set too big for
 * its questions, whose walk stops early and whose keys are asked one by
 * one. patient_info's keys (org_code + patient_id), every other value
 * of P0..P(2N-1) delivered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "knownkeys.h"
#include "ledger.h"
#include "payload.h"
#include "sm.h"
#include "standard.h"
#include "unit.h"
#include "util.h"

#define NKEYS	40000	/* more than twice the smallest limit (16384) */
#define ORG	"124115004170483179"

static char dir[] = "/tmp/test_knownkeys.XXXXXX";
static struct standard *std;
static const struct std_table *t;
static struct ledger *l;
static char err[512];

/* The value of patient_id number i. */
static size_t
value_of(unsigned i, char *v, size_t size)
{
	return (size_t)snprintf(v, size, "P%06u", i);
}

static void
setup(void)
{
	char *sdir = path_join(unit_srcdir(), "dict"), v[16];
	char *vals[2];
	size_t lens[2];
	unsigned char d[SM3_LEN];
	struct sm3_ctx *c;
	struct buf scratch;
	unsigned i;

	std = std_load(sdir, err, sizeof(err));
	free(sdir);
	ck_assert_msg(std != NULL, "%s", err);
	t = std_table(std, "patient_info");
	ck_assert_ptr_nonnull(t);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	l = ledger_open(dir, err, sizeof(err));
	ck_assert_msg(l != NULL, "%s", err);
	ck_assert_ptr_nonnull(c = sm3_new(err, sizeof(err)));
	buf_init(&scratch);
	vals[0] = ORG;
	lens[0] = strlen(ORG);
	ck_assert_int_eq(t->key[0], 0);
	ck_assert_int_eq(t->key[1], 1);
	ck_assert_msg(ledger_begin(l, err, sizeof(err)) == 0, "%s", err);
	for (i = 0; i < 2 * NKEYS; i += 2) {
		lens[1] = value_of(i, v, sizeof(v));
		vals[1] = v;
		ck_assert_int_eq(payload_key_sm3(c, &scratch, t, vals, lens, d,
		    err, sizeof(err)), 0);
		ck_assert_msg(ledger_key_add(l, t->name, ORG, d, "2026-10-28",
		    "2026-10-28 10:00:00", err, sizeof(err)) == 0, "%s", err);
	}
	ck_assert_msg(ledger_commit(l, err, sizeof(err)) == 0, "%s", err);
	ck_assert_msg(ledger_keys_merge(l, err, sizeof(err)) == 0, "%s", err);
	ck_assert_msg(ledger_reading(l, err, sizeof(err)) == 0, "%s", err);
	buf_free(&scratch);
	sm3_free(c);
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
	strcpy(dir, "/tmp/test_knownkeys.XXXXXX");
}

#define RANGE	(2 * NKEYS + 10)	/* the values asked about */

/* Asks about n values spread over the range (7919 is prime to RANGE:
 * n = RANGE asks about each once); checks each answer. */
static void
ask(struct knownkeys *kk, unsigned n)
{
	char v[16];
	unsigned i, j, yes = 0;
	size_t len;

	for (j = 0; j < n; j++) {
		i = (unsigned)(((unsigned long)j * 7919) % RANGE);
		len = value_of(i, v, sizeof(v));
		switch (knownkeys_ref(kk, t, 1, ORG, strlen(ORG), v, len)) {
		case KNOWNKEYS_YES:
			ck_assert_msg(i % 2 == 0 && i < 2 * NKEYS,
			    "P%06u: delivered?", i);
			yes++;
			break;
		case KNOWNKEYS_NO:
			ck_assert_msg(i % 2 == 1 || i >= 2 * NKEYS,
			    "P%06u: not delivered?", i);
			break;
		default:
			ck_abort_msg("P%06u: nothing delivered?", i);
		}
	}
	ck_assert_uint_gt(yes, n / 3);
}

/* Many questions: the set is taken; few: it is too big, asked key by
 * key (the walk stops at its first keys). */
START_TEST(test_taken_and_asked)
{
	struct knownkeys *kk = knownkeys_new(l);

	knownkeys_expect(kk, RANGE);
	ask(kk, RANGE);
	knownkeys_free(kk);
	kk = knownkeys_new(l);
	knownkeys_expect(kk, 10);
	ask(kk, 300);
	knownkeys_free(kk);
	/* no expectation: asked, then taken once the questions are many */
	kk = knownkeys_new(l);
	ask(kk, RANGE);
	knownkeys_free(kk);
}
END_TEST

/* A table of which nothing was delivered for the org. */
START_TEST(test_none)
{
	struct knownkeys *kk = knownkeys_new(l);
	const struct std_table *o = std_table(std, "dept_info");

	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(knownkeys_ref(kk, o, 1, ORG, strlen(ORG), "D1", 2),
	    KNOWNKEYS_NONE);
	knownkeys_free(kk);
}
END_TEST

static Suite *
knownkeys_suite(void)
{
	Suite *s = suite_create("knownkeys");
	TCase *tc = tcase_create("knownkeys");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_taken_and_asked);
	tcase_add_test(tc, test_none);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(knownkeys_suite)
