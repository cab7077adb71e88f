/*
 * unit.h - the shared main() of the Check unit tests: each test file
 * defines its suite and ends with UNIT_MAIN(suite_function).
 * HDX_SRCDIR (default ".") is the source tree, for fixtures such as dict/.
 */
#ifndef HDX_UNIT_H
#define HDX_UNIT_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline const char *
unit_srcdir(void)
{
	const char *d = getenv("HDX_SRCDIR");

	return d ? d : ".";
}

/*
 * A test's scratch directory: dir is a mkdtemp(3) template, made by
 * unit_dir_make() and removed, with its files, by unit_dir_remove(),
 * which restores the template for the next test.
 */
static inline void
unit_dir_make(char *dir)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static inline void
unit_dir_remove(char *dir)
{
	char cmd[256];

	ck_assert_int_lt(snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir),
	    (int)sizeof(cmd));
	ck_assert_int_eq(system(cmd), 0);
	memcpy(dir + strlen(dir) - 6, "XXXXXX", 6);
}

/* The scratch directory of a test file: dir, and the checked fixture's
 * setup and teardown that make and remove it around each test. */
#define UNIT_SCRATCH(tmpl)						\
static char dir[] = tmpl;						\
static void setup(void) { unit_dir_make(dir); }				\
static void teardown(void) { unit_dir_remove(dir); }

/* What ls -A lists in d, a name a line (owned). */
static inline char *
unit_listing(const char *d)
{
	char cmd[256], *got = calloc(1, 4096);
	size_t n;
	FILE *fp;

	ck_assert_ptr_nonnull(got);
	ck_assert_int_lt(snprintf(cmd, sizeof(cmd), "ls -A '%s'", d),
	    (int)sizeof(cmd));
	ck_assert_ptr_nonnull(fp = popen(cmd, "r"));
	n = fread(got, 1, 4095, fp);
	got[n] = '\0';
	ck_assert_int_eq(pclose(fp), 0);
	return got;
}

#define UNIT_MAIN(suite_fn)						\
int									\
main(void)								\
{									\
	SRunner *sr = srunner_create(suite_fn());			\
	int failed;							\
									\
	srunner_run_all(sr, CK_NORMAL);					\
	failed = srunner_ntests_failed(sr);				\
	srunner_free(sr);						\
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;			\
}

#endif
