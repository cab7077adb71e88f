/*
 * standard.h - the platform's standard, loaded from a directory of data
 * files (hdx-standard(5)): tables.csv, fields.csv, rules.csv, domains/ and,
 * hdx's own, shared_tables.csv (the shared library of api.md 8.2).
 *
 * std_load() returns one struct standard that owns everything reachable
 * from it; std_free() releases it all. Every rule token of fields.csv is
 * parsed and resolved once at load (regexes compiled, field and table
 * names turned into pointers and indexes), so checking a record never
 * parses text again. Nothing about a particular table, field or code list
 * is known to the C code: a province's standard is onboarded by files.
 */
#ifndef HDX_STANDARD_H
#define HDX_STANDARD_H

#include <regex.h>
#include <stddef.h>

struct hmap;

enum std_type { STD_S, STD_I, STD_N, STD_D, STD_DT };
enum std_required { REQ_NO, REQ_YES, REQ_COND };
enum std_level { LEVEL_ERROR, LEVEL_WARNING };
enum std_scope { SCOPE_RECORD, SCOPE_CROSS, SCOPE_TABLE };

/* The rule kinds the engine implements; rules.csv gives their level. */
enum rule_kind {
	RULE_REQUIRED, RULE_TYPE, RULE_LENGTH, RULE_DOMAIN,	/* from columns */
	RULE_PATTERN, RULE_IDCARD, RULE_USCC, RULE_RANGE, RULE_WHEN,
	RULE_GE, RULE_LE, RULE_UNIQUE, RULE_REF, RULE_SUM,
	RULE_VOLUME, RULE_TIMELINESS, RULE_CONTINUITY,
	RULE_NKINDS
};

struct std_rule {		/* one row of rules.csv */
	int		 indicator;	/* index in indicator[], -1 none */
	char		*name;
	enum rule_kind	 kind;
	enum std_level	 level;
	enum std_scope	 scope;
	char		*id;		/* "R01".. from the description */
	char		*description;
};

struct std_domain {
	char		*name;
	struct hmap	*codes;		/* code -> name_zh (owned strings) */
	char		**code;		/* in file order */
	size_t		 ncodes;
};

struct std_table;

/* A bound of range:LO..HI. */
struct std_bound {
	int		 set;		/* 0: open */
	int		 today;		/* the word today */
	char		 date[11];	/* D/DT fields: YYYY-MM-DD */
	double		 num;		/* I/N fields, and volume percentages */
	char		 text[40];	/* I/N fields: the decimal as written */
};

struct std_token {		/* one compiled token of the rule column */
	const struct std_rule *rule;
	char		*text;		/* as written, for messages */
	regex_t		 re;		/* pattern */
	struct std_bound lo, hi;	/* range; volume uses lo.num, hi.num */
	int		 field;		/* ge, le, idcard:FIELD, when: index; -1 none */
	int		 negate;	/* when: FIELD!=... */
	char		**values;	/* when: V1|V2..., NULL for a bare FIELD */
	size_t		 nvalues;
	const struct std_table *table;	/* ref, sum: the other table */
	int		 other_field;	/* ref: its key field; sum: summed field */
	int		 key;		/* sum: KEY here */
	int		 other_key;	/* sum: KEY there */
};

struct std_field {
	char		*name;
	char		*name_zh;
	char		*data_element;
	char		*description;
	int		 seq;
	enum std_type	 type;
	int		 length;	/* S: chars, I: digits, N: precision; 0 none */
	int		 scale;		/* N */
	enum std_required required;
	const struct std_domain *domain;
	struct std_token *token;
	size_t		 ntokens;
	int		 sensitive;	/* "(sensitive)" in the description */
	int		 in_key;
	unsigned long	 line;		/* of fields.csv, for messages */
};

struct std_table {
	char		*name;
	char		*name_zh;
	char		*category;
	char		*description;
	int		 daily;
	int		 master;	/* category master: kept by the purge */
	int		 shared;	/* in shared_tables.csv */
	struct std_field *field;
	size_t		 nfields;
	int		*key;		/* primary_key as field indexes */
	size_t		 nkey;
	int		 business_date;	/* field index */
	struct hmap	*by_name;	/* field name -> index + 1 */
	const struct std_rule *const *builtin;	/* the standard's, per kind */
	unsigned long	 line;		/* of tables.csv, for messages */
};

/* One QC indicator of indicators.csv (hdx's own file: README 6.1, 7.3). */
struct std_indicator {
	char		*name;
	char		*name_zh;
	long		 threshold;	/* in hundredths of a percent */
	long		 weight;	/* points of the monthly score */
};

/* The scoring constants of scoring.csv (README 7.1, 7.4), scaled by 10^4. */
struct std_scoring {
	int		 present;
	long		 due_hour;
	long		 volume_deduction;
	long		 volume_cap;
	long		 grade_pass;
	long		 grade_conditional;
};

struct standard {
	char		*dir;
	struct std_indicator *indicator;
	size_t		 nindicators;
	struct std_scoring scoring;
	struct std_table *table;	/* tables.csv order */
	size_t		 ntables;
	struct std_rule	*rule;
	size_t		 nrules;
	struct std_domain **domain;
	size_t		 ndomains;
	const struct std_rule *builtin[RULE_NKINDS];	/* rule per kind */
	struct hmap	*tables_by_name;
	struct hmap	*domains_by_name;
};

/* Returns NULL with "DIR/FILE:LINE: problem" in err on any malformed file. */
struct standard *std_load(const char *dir, char *err, size_t errlen);

/*
 * Lint: loads dir reporting every problem to fn (file relative to dir,
 * line 0 for the file as a whole), including the consistency checks a
 * load does not need (dangling references, misplaced tokens). Returns the
 * number of problems.
 */
typedef void std_lint_fn(void *arg, const char *file, unsigned long line,
    const char *msg);
size_t	 std_lint(const char *dir, std_lint_fn *, void *arg);
void	 std_free(struct standard *);

/* The directory of --standard, else $HDX_STANDARD, else the installed dict. */
const char *std_default_dir(void);

const struct std_table *std_table(const struct standard *, const char *name);
int	 std_field_index(const struct std_table *, const char *name);
const struct std_domain *std_domain(const struct standard *, const char *name);
int	 std_domain_has(const struct std_domain *, const char *code, size_t len);
const char *std_type_name(enum std_type);
const char *std_level_name(enum std_level);

#endif
