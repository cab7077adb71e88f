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
 * C is computed from the hospital's own records (appointment,
 * outpatient_registration, outpatient_visit, outpatient_settlement,
 * admission, inpatient_settlement with the standard's names and
 * columns) through a struct source, never from the front-end tables.
 *
 * Every function counts before it deletes; with dry set it deletes
 * nothing. Counts go to a callback (where, what, n); nothing here holds
 * or reports a record's value.
 */
#ifndef HDX_PURGE_H
#define HDX_PURGE_H

#include <stddef.h>

struct frontdb;
struct source;
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

/* What the shared purge decided, for the summary. */
struct purge_shared_stats {
	size_t		 nauth;		/* authorisations read */
	size_t		 revoked;	/* due: revoked */
	size_t		 completed;	/* due: C before the cutoff */
	size_t		 incomplete;	/* kept: C undefined */
	size_t		 kept;		/* kept: C on or after the cutoff */
	size_t		 failed;	/* transactions that failed */
};

/* The completion date of one authorisation's appointment (api.md 8.6):
 * 1 with *c set ("" when undefined: the visit is not complete), 0 when
 * the hospital holds no valid appointment record, -1 on error. */
int	 purge_completion(struct source *, int postgres, const char *org,
	    const char *appointment_id, char c[11], char *err, size_t errlen);

/* api.md 8.6 on day today: one transaction per authorisation due, then
 * one for the rows of no authorisation; counts per table. */
int	 purge_shared(struct frontdb *, const struct standard *,
	    struct source *hosp, int hosp_postgres, const char *today, int dry,
	    purge_count_fn *, void *arg, struct purge_shared_stats *,
	    char *err, size_t errlen);

#endif
