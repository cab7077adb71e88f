/*
 * rules.h - the record rules of the standard (README 6.3, R01-R11) on one
 * record at a time. The caller hands the values in the table's field
 * order; every finding is reported through a callback with the field, the
 * rule and a reason that names the expected form but never the value
 * (values may be patient data).
 *
 * A table's rules are compiled once into a plan (rules_plan_new()), and
 * nothing is allocated per record: a checker of millions of rows calls
 * rules_check() in a loop.
 */
#ifndef HDX_RULES_H
#define HDX_RULES_H

#include <stddef.h>

struct standard;
struct std_table;
struct std_field;
struct std_rule;
struct std_token;

struct rule_finding {
	int			 field;	/* index in the table */
	const struct std_rule	*rule;
	const char		*why;	/* valid during the callback only, */
	int			 lasting;	/* ... or for good (a constant) */
};

typedef void rule_finding_fn(void *arg, const struct rule_finding *);

/*
 * A table's rules compiled once: a record visits only the tokens its
 * values are checked against. The plan borrows the table.
 */
struct rules_plan;
struct rules_plan *rules_plan_new(const struct std_table *);
void	 rules_plan_free(struct rules_plan *);
/* The record's findings, in field order; the number of them. today is
 * YYYY-MM-DD, the assessment date of range and idcard. */
size_t	 rules_check(const struct rules_plan *, char *const *v,
	    const size_t *len, const char *today, rule_finding_fn *, void *arg);

/* The value is non-empty and has the form of its field's type. */
int	 rules_typed(const struct std_field *, const char *v, size_t len);
/* A typed value within its field's length (R03). */
int	 rules_length_ok(const struct std_field *, const char *v, size_t len);
/* The condition of a when token holds on the record. */
int	 rules_when_holds(const struct std_token *, char *const *v,
	    const size_t *len);
/* Number of values the record is expected to have (completeness), and in
 * *present (may be NULL) how many of them it has. */
size_t	 rules_expected(const struct std_table *, char *const *v,
	    const size_t *len, size_t *present);

/* GB 11643 and GB 32100 check characters, for tests and tools. */
int	 idcard_check_char(const char *first17);
int	 uscc_check_char(const char *first17);

#endif
