/*
 * assess.h - the platform's assessment of a submission (README 7): the
 * population of a period, the five indicators per table and institution,
 * the table-level findings (continuity, volume) and the monthly score, as
 * the platform's QC report computes them.
 *
 * One pass: assess_record() is told each record and its findings, in any
 * order; assess_end() fixes the period. Memory holds counts per
 * institution, table and day, never records. The report is a jansson
 * object the caller owns (json_decref).
 */
#ifndef HDX_ASSESS_H
#define HDX_ASSESS_H

#include <stddef.h>

#include <jansson.h>

#include "rules.h"

struct standard;
struct std_table;
struct assess;

/* from and to (YYYY-MM-DD) may be NULL: the span of business dates. */
struct assess *assess_new(const struct standard *, const char *today,
	    const char *from, const char *to);
void	 assess_free(struct assess *);
/*
 * 1 when the record is in the population (its findings then count), 0
 * when not, ASSESS_PENDING when it is dated after today and no record so
 * far is dated up to today: it is in the default period only if none of
 * the run is (assess_pending_in() after assess_end() tells).
 */
#define ASSESS_PENDING 2
/* received (NULL: not delivered, or before upload) is when the platform
 * received the version (YYYY-MM-DD HH:MM:SS, Beijing time): it counts for
 * timeliness, and *late says it came after 08:00 (due_hour) of the day
 * after the record's day; that is a timeliness finding (R16). */
int	 assess_record(struct assess *, const struct std_table *, char *const *v,
	    const size_t *len, const struct rule_finding *, size_t n,
	    const char *received, int *late);
/* After the last record: fixes the period. */
void	 assess_end(struct assess *);
int	 assess_pending_in(const struct assess *);

/* The table-level findings of the period, with ORG+YYYY-MM-DD keys. */
typedef void assess_finding_fn(void *arg, const struct std_table *,
    const char *key, const struct std_rule *, int field);
void	 assess_table_findings(struct assess *, assess_finding_fn *, void *);

/* NULL with a reason when the standard has no indicators.csv/scoring.csv. */
json_t	*assess_report(struct assess *, int top, char *err, size_t errlen);

/* The calendar date a record is placed on (README 7.1), 0 when undated. */
int	 assess_record_day(const struct std_table *, char *const *v,
	    const size_t *len, char out[11]);

#endif
