/*
 * purge.h - the deletions the standard requires of the institution:
 *
 *   - api.md 6: patient-level records (every table whose category is
 *     not master, tables.csv) whose business date is earlier than
 *     D - N days, from the front-end database and from the staging
 *     area (directories STAGING/YYYY-MM-DD);
 *   - api.md 8.6: the shared library's authorisations whose completion
 *     date C is earlier than D - 15 days, or that are revoked, with all
 *     their rows; and the rows of no authorisation.
 *
 * C is computed from the hospital's own records as its business systems
 * hold them, extracted through the site's queries at purge time (the
 * tables and fields of shared_completion.csv), never from the front-end
 * tables nor from staging copies, which the purge of api.md 6 empties.
 *
 * Every function counts before it deletes; with dry set it deletes
 * nothing. Counts go to a callback (where, what, n); nothing here holds
 * or reports a record's value.
 */
#ifndef HDX_PURGE_H
#define HDX_PURGE_H

#include <stddef.h>

#include "completion.h"

struct frontdb;
struct site;
struct standard;

typedef void purge_count_fn(void *arg, const char *where, const char *what,
    long n);

/* out = day - days (YYYY-MM-DD); 0, or -1 when day is not a date. */
int	 purge_cutoff(const char *day, long days, char out[11]);

/* api.md 6 on the front-end tables, one transaction. */
int	 purge_frontdb(struct frontdb *, const struct standard *,
	    const char *cutoff, int dry, purge_count_fn *, void *arg,
	    char *err, size_t errlen);
/* The staging directories named YYYY-MM-DD before cutoff, removed. */
int	 purge_staging(const char *dir, const char *cutoff, int dry,
	    purge_count_fn *, void *arg, char *err, size_t errlen);

/* How the shared purge runs. */
struct purge_shared_opts {
	const char	*today;		/* the day D, YYYY-MM-DD */
	long		 lookback_days;	/* before the earliest authorisation
					   in force; -1: every record */
	int		 dry;
};

/* What the shared purge read and decided, for the summary. */
struct purge_shared_stats {
	size_t		 nauth;		/* authorisations read */
	size_t		 revoked;	/* due: revoked */
	size_t		 completed;	/* due: C before the cutoff */
	size_t		 incomplete;	/* kept: C undefined */
	size_t		 kept;		/* kept: C on or after the cutoff */
	size_t		 failed;	/* transactions that failed */
	char		 since[20];	/* the hospital's records changed since */
	unsigned long	 read[COMPL_NKINDS];	/* rows read, per kind */
	unsigned long	 kept_rows[COMPL_NKINDS]; /* of them kept */
};

/*
 * api.md 8.6 on day o->today: C of every authorisation in force from
 * the hospital's own records (completion.h), read through the site's
 * query of each table (tablesrc.h) over the window of update_time from
 * o->lookback_days before the earliest authorisation in force; then one
 * transaction per authorisation due, and one for the rows of no
 * authorisation; counts per table. 0, or an exit status of hdx(7) with
 * err set (HDX_EXIT_DATA: the site's queries or shared_completion.csv;
 * HDX_EXIT_IO: a database).
 */
int	 purge_shared(struct frontdb *, const struct standard *,
	    const struct site *, const struct purge_shared_opts *,
	    purge_count_fn *, void *arg, struct purge_shared_stats *,
	    char *err, size_t errlen);

#endif
