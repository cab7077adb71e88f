/*
 * verify.h - the verification of a push into the shared library (核验,
 * api.md 8.5): the checks in their order (table_name, record_count,
 * source_org_code, payload_sm3), then the record rules R01-R11 with
 * today = the date of verified_at and ref to shared tables within the
 * push's authorisation and source institution; the verdict and its
 * findings, a JSON array ordered by primary_key, field, rule.
 *
 * verify_rows() is the verdict on rows in memory (no database); the
 * verify_*() functions on a struct frontdb read the push, run it and
 * write its shared_verify row. Which tables are shared is the
 * standard's t->shared (dict/shared_tables.csv), never C. Findings name
 * keys, rules and fields; no message here holds a value.
 */
#ifndef HDX_VERIFY_H
#define HDX_VERIFY_H

#include <stddef.h>

struct buf;
struct frontdb;
struct standard;
struct std_table;

struct verify_push {		/* a shared_push row */
	char		*push_id;
	char		*auth_id;
	char		*table;
	char		*source_org;
	char		*payload_sm3;
	long		 record_count;
};

/* The rows of a push: values in the table's field order, canonical
 * texts of api.md 2.3, "" for NULL. */
struct verify_row {
	char		**v;
	size_t		*len;
};

/* Answers whether a row of shared_<t> of the push's authorisation and
 * org_code holds the value (canonical text) in field fi of t. */
typedef int verify_ref_fn(void *arg, const struct std_table *t, int fi,
    const char *v, size_t len);

struct verify_result {
	char		 status[16];	/* ok, mismatch, qc_failed */
	const char	*mismatch;	/* NULL unless status is mismatch */
	long		 n;		/* rows found */
	size_t		 nfindings;
	size_t		 nerrors;
	char		*findings;	/* JSON array, owned */
};

enum verify_written { VERIFY_WRITTEN, VERIFY_ALREADY };

void	 verify_push_free(struct verify_push *, size_t n);
void	 verify_result_free(struct verify_result *);

/* Steps 3-6 of api.md 8.5 on the rows found (t a shared table). */
int	 verify_rows(const struct std_table *, const struct verify_push *,
	    struct verify_row *rows, size_t n, const char *today,
	    verify_ref_fn *, void *arg, struct verify_result *,
	    char *err, size_t errlen);

/* The pushes without a shared_verify row, oldest first; only those of
 * ids when nids > 0, only those pushed at or after since when set. */
int	 verify_pending(struct frontdb *, const char *since,
	    char *const *ids, size_t nids, struct verify_push **out,
	    size_t *nout, char *err, size_t errlen);
/* The verdict on one push read from the database (api.md 8.5 1-6). */
int	 verify_one(struct frontdb *, const struct standard *,
	    const struct verify_push *, const char *today,
	    struct verify_result *, char *err, size_t errlen);
/* Step 7: inserts the shared_verify row unless one exists. */
int	 verify_write(struct frontdb *, const struct verify_push *,
	    const struct verify_result *, const char *verified_at,
	    enum verify_written *, char *err, size_t errlen);
/* The figures hdx-status shows of day D (YYYY-MM-DD): out[0] pushes
 * waiting for a verdict, out[1..3] the day's verdicts ok, mismatch and
 * qc_failed. 1 with them, 0 when the database has no shared library
 * (api.md 8), -1 on an error. */
int	 verify_summary(struct frontdb *, const char *day, long out[4],
	    char *err, size_t errlen);
/* The select list of a table's fields as canonical text in the
 * dialect (to_char for D and DT in PostgreSQL), appended to b; with a
 * field index >= 0 only that field. */
void	 verify_select_list(struct buf *, const struct std_table *, int fi,
	    int postgres);

#endif
