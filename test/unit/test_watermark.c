/*
 * test_watermark.c - the per-table watermark file: absent, written
 * (mode 0600, state_dir created), replaced, refused when malformed.
 */
#include <sys/stat.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "util.h"
#include "watermark.h"

static char dir[PATH_MAX];
static char *state;

static void
setup(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/test_wm.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	state = path_join(dir, "state");
}

static void
teardown(void)
{
	char *p = wm_path(state, "patient_info");

	unlink(p);
	free(p);
	rmdir(state);
	rmdir(dir);
	free(state);
}

START_TEST(test_roundtrip)
{
	char ts[20], err[256], *p;
	struct stat st;

	ck_assert_int_eq(wm_read(state, "patient_info", ts, err, sizeof(err)), 0);
	ck_assert_int_eq(wm_write(state, "patient_info", "2026-10-27 12:10:00",
	    err, sizeof(err)), 0);
	ck_assert_int_eq(wm_read(state, "patient_info", ts, err, sizeof(err)), 1);
	ck_assert_str_eq(ts, "2026-10-27 12:10:00");
	p = wm_path(state, "patient_info");
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(stat(state, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);
	ck_assert_int_eq(wm_write(state, "patient_info", "2026-10-28 00:00:00",
	    err, sizeof(err)), 0);
	ck_assert_int_eq(wm_read(state, "patient_info", ts, err, sizeof(err)), 1);
	ck_assert_str_eq(ts, "2026-10-28 00:00:00");
	free(p);
}
END_TEST

START_TEST(test_errors)
{
	char ts[20], err[256], *p, *want;
	FILE *f;

	ck_assert_int_eq(wm_write(state, "patient_info", "2026-10-27", err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "watermark 2026-10-27: expected YYYY-MM-DD HH:MM:SS");
	ck_assert_int_eq(wm_write(state, "patient_info", "2026-02-30 00:00:00",
	    err, sizeof(err)), -1);
	ck_assert_int_eq(mkdir(state, 0700), 0);
	p = wm_path(state, "patient_info");
	f = fopen(p, "w");
	fputs("yesterday\n", f);
	fclose(f);
	ck_assert_int_eq(wm_read(state, "patient_info", ts, err, sizeof(err)), -1);
	want = xasprintf("%s:1: not a watermark (expected YYYY-MM-DD HH:MM:SS)", p);
	ck_assert_str_eq(err, want);
	free(want);
	free(p);
}
END_TEST

static Suite *
watermark_suite(void)
{
	Suite *s = suite_create("watermark");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_errors);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(watermark_suite)
