/*
 * cross.h - the cross-record rules of one submission (README 6.3):
 * unique (R12), ref (R13) and sum (R14), within each org_code.
 *
 * cross_add() registers what a record offers to others (the values of
 * fields that some ref names, its share of every sum that names its
 * table); cross_check() evaluates one record's unique, ref and sum
 * tokens. Every record of a table must have been added before a record
 * of a table it feeds (cross_feeds()) is checked: a table that feeds
 * itself or one checked before it is read twice, any other is added as
 * it is checked. Memory holds keys and sums, never whole records. Keys
 * accepted earlier (the key store) are offered with cross_offer_ref().
 */
#ifndef HDX_CROSS_H
#define HDX_CROSS_H

#include <stddef.h>

#include "rules.h"

struct standard;
struct std_table;
struct cross;

struct cross *cross_new(const struct standard *);
void	 cross_free(struct cross *);

void	 cross_add(struct cross *, const struct std_table *, char *const *v,
	    const size_t *len);
/* Declares a table of the run: once any is declared, cross_add() offers
 * only to the tables declared (a sum nobody checks is not summed). */
void	 cross_expect(struct cross *, const struct std_table *);
/* 1 when cross_add() of the table's records offers anything. */
int	 cross_offers(const struct cross *, const struct std_table *);
/* 1 when a ref or sum of table `to` reads what `from` offers. */
int	 cross_feeds(const struct cross *, const struct std_table *from,
	    const struct std_table *to);
/* A value known to satisfy ref:TABLE.FIELD for org (accepted earlier). */
void	 cross_offer_ref(struct cross *, const struct std_table *, int field,
	    const char *org, size_t orglen, const char *v, size_t len);
/* Asked when a ref value is not in the submission: 1 when the value of
 * (table, field) for org was accepted earlier (the key store), 0 when
 * not (both remembered for the value), -1 when the store holds nothing
 * of the table for org (not remembered: the next question is as cheap). */
typedef int cross_known_fn(void *arg, const struct std_table *, int field,
    const char *org, size_t orglen, const char *v, size_t len);
void	 cross_set_known(struct cross *, cross_known_fn *, void *arg);
/* Starts the second pass of a table (unique counts occurrences afresh). */
void	 cross_begin(struct cross *, const struct std_table *);
size_t	 cross_check(struct cross *, const struct std_table *, char *const *v,
	    const size_t *len, rule_finding_fn *, void *arg);
/* Optional, before the record rules of the record cross_check() is
 * then given: starts fetching what unique and ref will probe, so that
 * the wait for memory overlaps the record rules. */
void	 cross_prefetch(struct cross *, const struct std_table *,
	    char *const *v, const size_t *len);
/* Optional, after cross_prefetch() and some other work: the keys that
 * ref will compare are fetched too (the slots hold only where they are). */
void	 cross_prefetch_keys(struct cross *, const struct std_table *);
/* The field unique is written on, or -1 when the table has none. */
int	 cross_unique_field(const struct std_table *);

#endif
