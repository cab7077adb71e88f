/*
 * test_batch.c - cutting records into batches: the record and byte
 * limits, one org_code per batch, the latest version of a repeated key,
 * and batch ids that depend on the content (and generation) alone.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "standard.h"
#include "unit.h"
#include "util.h"

static struct standard *std;
static const struct std_table *t;

static void
setup(void)
{
	char err[512], *dir = path_join(unit_srcdir(), "dict");

	std = std_load(dir, err, sizeof(err));
	free(dir);
	ck_assert_msg(std != NULL, "%s", err);
	t = std_table(std, "dept_info");
	ck_assert_ptr_nonnull(t);
}

static void
teardown(void)
{
	std_free(std);
}

/* A dept_info record of org, dept code, update_time. */
struct rec {
	char	 *v[14];
	size_t	  len[14];
	char	  store[14][64];
};

static void
rec_make(struct rec *r, const char *org, const char *dept, const char *ut)
{
	static const char *base[14] = { "", "", "呼吸内科", "1", "03.01", "",
	    "1", "1", "40", "0376-6201301", "S1001", "1998-03-01", "1", "" };
	size_t i;

	for (i = 0; i < 14; i++) {
		snprintf(r->store[i], sizeof(r->store[i]), "%s",
		    i == 0 ? org : i == 1 ? dept : i == 13 ? ut : base[i]);
		r->v[i] = r->store[i];
		r->len[i] = strlen(r->store[i]);
	}
}

static const char org1[] = "124115004170483179";
static const char org2[] = "12411500417051225K";

/* Feeds n records (codes D00000..) and collects the batches. */
static size_t
cut_order(struct batcher *bt, size_t n, const char *org_alt, int reverse,
    struct batch **out, size_t max_out)
{
	struct batch_dropped d;
	struct batch *b;
	struct rec r;
	char err[256], code[32];
	size_t i, nb = 0;
	int dropped, rc;

	for (i = 0; i < n; i++) {
		snprintf(code, sizeof(code), "D%05zu", reverse ? n - 1 - i : i);
		rec_make(&r, org_alt && i % 2 ? org_alt : org1, code,
		    "2026-10-01 08:30:00");
		rc = batcher_add(bt, r.v, r.len, i + 2, &b, &dropped, &d, err,
		    sizeof(err));
		ck_assert_int_ge(rc, 0);
		ck_assert_int_eq(dropped, 0);
		if (rc == 1) {
			ck_assert_uint_lt(nb, max_out);
			out[nb++] = b;
		}
	}
	while ((rc = batcher_flush(bt, &b, err, sizeof(err))) == 1) {
		ck_assert_uint_lt(nb, max_out);
		out[nb++] = b;
	}
	ck_assert_int_eq(rc, 0);
	return nb;
}

static size_t
cut(struct batcher *bt, size_t n, const char *org_alt, struct batch **out,
    size_t max_out)
{
	return cut_order(bt, n, org_alt, 0, out, max_out);
}

START_TEST(test_records_limit)
{
	struct batcher *bt = batcher_new(t, 0, 0, 0);
	struct batch *b[8];
	size_t nb, i;

	nb = cut(bt, 12001, NULL, b, 8);
	ck_assert_uint_eq(nb, 3);
	ck_assert_uint_eq(b[0]->n, 5000);
	ck_assert_uint_eq(b[1]->n, 5000);
	ck_assert_uint_eq(b[2]->n, 2001);
	ck_assert_str_ne(b[0]->id, b[1]->id);
	for (i = 0; i < nb; i++)
		batch_free(b[i]);
	batcher_free(bt);
}
END_TEST

START_TEST(test_bytes_limit)
{
	struct rec r;
	size_t one, nb, i;
	struct batcher *bt;
	struct batch *b[16];

	rec_make(&r, org1, "D00000", "2026-10-01 08:30:00");
	one = batch_json_record_bytes(t, r.v, r.len);
	/* room for the envelope and 10 records */
	bt = batcher_new(t, 5000, 256 + 10 * one + one / 2, 0);
	nb = cut(bt, 35, NULL, b, 16);
	ck_assert_uint_eq(nb, 4);
	ck_assert_uint_eq(b[0]->n, 10);
	ck_assert_uint_eq(b[3]->n, 5);
	for (i = 0; i < nb; i++) {
		ck_assert_uint_le(b[i]->json_bytes, 256 + 10 * one + one / 2);
		batch_free(b[i]);
	}
	batcher_free(bt);
	ck_assert_uint_eq(batch_json_limit(BATCH_MAX_BODY, 0),
	    BATCH_MAX_BODY - 256);
	/* base64 of the CBC ciphertext of the body still fits */
	i = batch_json_limit(BATCH_MAX_BODY, 1) + 256;
	ck_assert_uint_le(((i / 16 + 1) * 16 + 2) / 3 * 4 + 64, BATCH_MAX_BODY);
}
END_TEST

START_TEST(test_one_org)
{
	struct batcher *bt = batcher_new(t, 0, 0, 0);
	struct batch *b[4];
	size_t nb, i, j;

	nb = cut(bt, 9, org2, b, 4);
	ck_assert_uint_eq(nb, 2);
	ck_assert_str_eq(b[0]->org, org1);
	ck_assert_uint_eq(b[0]->n, 5);
	ck_assert_str_eq(b[1]->org, org2);
	ck_assert_uint_eq(b[1]->n, 4);
	for (i = 0; i < nb; i++) {
		for (j = 0; j < b[i]->n; j++)
			ck_assert_str_eq(b[i]->rec[j].v[0], b[i]->org);
		ck_assert_int_eq(strncmp(b[i]->id, b[i]->org, 18), 0);
		batch_free(b[i]);
	}
	batcher_free(bt);
}
END_TEST

START_TEST(test_latest_version)
{
	struct batcher *bt = batcher_new(t, 0, 0, 0);
	struct batch_dropped d;
	struct batch *b;
	struct rec r;
	char err[256];
	int dropped;

	rec_make(&r, org1, "D2", "2026-10-01 08:30:00");
	ck_assert_int_eq(batcher_add(bt, r.v, r.len, 2, &b, &dropped, &d, err,
	    sizeof(err)), 0);
	rec_make(&r, org1, "D1", "2026-10-01 08:30:00");
	ck_assert_int_eq(batcher_add(bt, r.v, r.len, 3, &b, &dropped, &d, err,
	    sizeof(err)), 0);
	/* a newer version replaces the first */
	rec_make(&r, org1, "D2", "2026-10-02 09:00:00");
	ck_assert_int_eq(batcher_add(bt, r.v, r.len, 4, &b, &dropped, &d, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(dropped, 1);
	ck_assert_uint_eq(d.line, 2);
	ck_assert_uint_eq(d.kept_line, 4);
	/* an older one is dropped itself */
	rec_make(&r, org1, "D2", "2026-09-30 09:00:00");
	ck_assert_int_eq(batcher_add(bt, r.v, r.len, 5, &b, &dropped, &d, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(dropped, 1);
	ck_assert_uint_eq(d.line, 5);
	ck_assert_uint_eq(d.kept_line, 4);
	ck_assert_int_eq(batcher_flush(bt, &b, err, sizeof(err)), 1);
	ck_assert_uint_eq(b->n, 2);
	/* in key order */
	ck_assert_str_eq(b->rec[0].v[1], "D1");
	ck_assert_str_eq(b->rec[1].v[1], "D2");
	ck_assert_str_eq(b->rec[1].v[13], "2026-10-02 09:00:00");
	ck_assert_uint_eq(b->rec[1].line, 4);
	/* the date part is the latest update_time: dept_info has no other */
	ck_assert_int_eq(strncmp(b->id, "124115004170483179-dept_info-20261002-",
	    38), 0);
	batch_free(b);
	ck_assert_int_eq(batcher_flush(bt, &b, err, sizeof(err)), 0);
	ck_assert_ptr_null(b);
	batcher_free(bt);
}
END_TEST

START_TEST(test_ids)
{
	struct batch *b1[2], *b2[2], *g[2];
	struct batcher *bt;
	regex_t re;
	size_t i;

	bt = batcher_new(t, 0, 0, 0);
	ck_assert_uint_eq(cut(bt, 3, NULL, b1, 2), 1);
	batcher_free(bt);
	/* the same records in another order: the same batch */
	bt = batcher_new(t, 0, 0, 0);
	ck_assert_uint_eq(cut_order(bt, 3, NULL, 1, b2, 2), 1);
	batcher_free(bt);
	bt = batcher_new(t, 0, 0, 1);
	ck_assert_uint_eq(cut(bt, 3, NULL, g, 2), 1);
	batcher_free(bt);
	ck_assert_str_eq(b1[0]->id, b2[0]->id);
	ck_assert_str_eq(b1[0]->payload_sm3, g[0]->payload_sm3);
	ck_assert_str_ne(b1[0]->id, g[0]->id);
	ck_assert_int_eq(regcomp(&re, "^124115004170483179-dept_info-20261001-"
	    "[0-9a-f]{12}$", REG_EXTENDED | REG_NOSUB), 0);
	ck_assert_int_eq(regexec(&re, b1[0]->id, 0, NULL, 0), 0);
	ck_assert_int_eq(regexec(&re, g[0]->id, 0, NULL, 0), 0);
	regfree(&re);
	ck_assert(batch_id_valid(b1[0]->id));
	ck_assert(!batch_id_valid(""));
	ck_assert(!batch_id_valid("a b"));
	ck_assert(batch_id_valid("A.b_c:d-9"));
	/* the id is SM3(org|table|generation|payload_sm3) */
	ck_assert_uint_eq(strlen(b1[0]->id), 18 + 1 + 9 + 1 + 8 + 1 + 12);
	for (i = 0; i < 1; i++) {
		batch_free(b1[i]);
		batch_free(b2[i]);
		batch_free(g[i]);
	}
}
END_TEST

START_TEST(test_make)
{
	struct batch_rec r[2];
	struct rec a, c;
	struct batch *b;
	char err[256];

	rec_make(&a, org1, "D9", "2026-10-01 08:30:00");
	rec_make(&c, org1, "D1", "2026-10-01 08:30:00");
	r[0].v = a.v;
	r[0].len = a.len;
	r[0].line = 2;
	r[1].v = c.v;
	r[1].len = c.len;
	r[1].line = 3;
	b = batch_make(t, org1, 0, r, 2, err, sizeof(err));
	ck_assert_ptr_nonnull(b);
	ck_assert_str_eq(b->rec[0].v[1], "D1");
	ck_assert_uint_eq(b->rec[0].line, 3);
	ck_assert_uint_eq(b->n, 2);
	batch_free(b);
}
END_TEST

static Suite *
batch_suite(void)
{
	Suite *s = suite_create("batch");
	TCase *tc = tcase_create("batch");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_records_limit);
	tcase_add_test(tc, test_bytes_limit);
	tcase_add_test(tc, test_one_org);
	tcase_add_test(tc, test_latest_version);
	tcase_add_test(tc, test_ids);
	tcase_add_test(tc, test_make);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(batch_suite)
