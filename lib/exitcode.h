/*
 * exitcode.h - the exit statuses every hdx tool shares, so that the cron
 * scripts can branch on them (hdx(7), EXIT STATUS).
 */
#ifndef HDX_EXITCODE_H
#define HDX_EXITCODE_H

enum hdx_exit {
	HDX_EXIT_OK = 0,	/* done, nothing to report */
	HDX_EXIT_FINDINGS = 1,	/* done, but records were held or problems found */
	HDX_EXIT_USAGE = 2,	/* bad command line */
	HDX_EXIT_DATA = 3,	/* a standard, site file or input is malformed */
	HDX_EXIT_IO = 4,	/* I/O, database or network failure: retry later */
	HDX_EXIT_LOCKED = 5,	/* another run holds the site's lock */
};

#endif
