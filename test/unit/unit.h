/*
 * unit.h - the shared main() of the Check unit tests: each test file
 * defines its suite and ends with UNIT_MAIN(suite_function).
 * HDX_SRCDIR (default ".") is the source tree, for fixtures such as dict/.
 */
#ifndef HDX_UNIT_H
#define HDX_UNIT_H

#include <check.h>
#include <stdlib.h>

static inline const char *
unit_srcdir(void)
{
	const char *d = getenv("HDX_SRCDIR");

	return d ? d : ".";
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
