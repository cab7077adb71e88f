/*
 * standard.c - loads a standard directory into struct standard.
 *
 * The loader reads rules.csv, domains/, tables.csv, fields.csv and the
 * optional shared_tables.csv, then compiles every rule token. Files are
 * located by their header names, not column positions, so a province may
 * reorder or add columns. The first problem stops the load with
 * "FILE:LINE: problem"; std_lint() goes on and reports every problem.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "hmap.h"
#include "standard.h"
#include "util.h"
#include "value.h"

/* The rule vocabulary the engine implements (semantics are code). */
static const struct {
	const char	*name;
	enum rule_kind	 kind;
} rule_names[] = {
	{ "required", RULE_REQUIRED }, { "type", RULE_TYPE },
	{ "length", RULE_LENGTH }, { "domain", RULE_DOMAIN },
	{ "pattern", RULE_PATTERN }, { "idcard", RULE_IDCARD },
	{ "uscc", RULE_USCC }, { "range", RULE_RANGE }, { "when", RULE_WHEN },
	{ "ge", RULE_GE }, { "le", RULE_LE }, { "unique", RULE_UNIQUE },
	{ "ref", RULE_REF }, { "sum", RULE_SUM }, { "volume", RULE_VOLUME },
	{ "timeliness", RULE_TIMELINESS }, { "continuity", RULE_CONTINUITY },
};

struct loader {
	struct standard	*std;
	const char	*file;		/* current file, relative to the dir */
	unsigned long	 line;
	int		 lint;		/* collect every problem */
	std_lint_fn	*report;
	void		*arg;
	size_t		 nproblems;
	char		*err;
	size_t		 errlen;
};

static void
problem(struct loader *ld, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
problem(struct loader *ld, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ld->nproblems++ == 0 && ld->line)
		seterr(ld->err, ld->errlen, "%s/%s:%lu: %s", ld->std->dir,
		    ld->file, ld->line, msg);
	else if (ld->nproblems == 1)
		seterr(ld->err, ld->errlen, "%s/%s: %s", ld->std->dir,
		    ld->file, msg);
	if (ld->report)
		ld->report(ld->arg, ld->file, ld->line, msg);
}

/* Stop at the first problem unless linting. */
static int
stop(const struct loader *ld)
{
	return ld->nproblems > 0 && !ld->lint;
}

/* ---------------------------------------------------------- CSV files */

struct colmap {
	const char	*name;
	int		 required;
	int		 index;		/* column, -1 absent */
};

typedef void row_fn(struct loader *, char **v, struct csv_record *rec,
    void *arg);

static char *
col(struct colmap *cm, size_t i, struct csv_record *rec)
{
	int c = cm[i].index;

	if (c < 0 || (size_t)c >= rec->nfields)
		return "";
	return rec->field[c];
}

static int
map_header(struct loader *ld, struct colmap *cm, size_t ncm,
    struct csv_record *hdr)
{
	size_t i, j;

	for (i = 0; i < ncm; i++) {
		cm[i].index = -1;
		for (j = 0; j < hdr->nfields; j++)
			if (strcmp(hdr->field[j], cm[i].name) == 0)
				cm[i].index = (int)j;
		if (cm[i].index < 0 && cm[i].required) {
			problem(ld, "header has no column '%s'", cm[i].name);
			return -1;
		}
	}
	return 0;
}

/*
 * Reads file (relative to the standard's dir) and calls fn for every data
 * row with its values in the order of cm. Returns -1 when the file cannot
 * be read at all.
 */
static int
read_table_file(struct loader *ld, const char *file, struct colmap *cm,
    size_t ncm, row_fn *fn, void *arg)
{
	char *path = path_join(ld->std->dir, file);
	struct csv_reader *r;
	struct csv_record *rec;
	char **v = xcalloc(ncm, sizeof(*v));
	FILE *fp;
	int rc, first = 1, status = 0;
	size_t i;

	ld->file = file;
	ld->line = 0;
	if ((fp = fopen(path, "r")) == NULL) {
		problem(ld, "cannot open: %s", strerror(errno));
		free(path);
		free(v);
		return -1;
	}
	r = csvr_new(fp, file);
	while (!stop(ld) && (rc = csvr_next(r, &rec)) == 1) {
		ld->line = rec->line;
		if (first) {
			first = 0;
			if (map_header(ld, cm, ncm, rec) == -1) {
				status = -1;
				break;
			}
			continue;
		}
		for (i = 0; i < ncm; i++)
			v[i] = col(cm, i, rec);
		fn(ld, v, rec, arg);
	}
	if (!stop(ld) && rc == -1) {
		problem(ld, "%s", csvr_error(r));
		status = -1;
	}
	if (first && status == 0) {
		problem(ld, "empty file: no header");
		status = -1;
	}
	csvr_free(r);
	fclose(fp);
	free(path);
	free(v);
	return status;
}

/* --------------------------------------------------------- rules.csv */

static int
rule_kind_of(const char *name, enum rule_kind *kind)
{
	size_t i;

	for (i = 0; i < sizeof(rule_names) / sizeof(rule_names[0]); i++)
		if (strcmp(rule_names[i].name, name) == 0) {
			*kind = rule_names[i].kind;
			return 0;
		}
	return -1;
}

static char *
rule_id(const char *description)
{
	size_t n = strspn(description, "R0123456789");

	if (n >= 2 && description[0] == 'R')
		return xstrndup(description, n);
	return xstrdup("");
}

static void
rule_row(struct loader *ld, char **v, struct csv_record *rec, void *arg)
{
	struct standard *std = ld->std;
	struct std_rule *r;
	enum rule_kind kind;

	(void)rec;
	(void)arg;
	if (rule_kind_of(v[0], &kind) == -1) {
		problem(ld, "rule '%s' is not one this hdx implements", v[0]);
		return;
	}
	if (std->builtin[kind]) {
		problem(ld, "rule '%s' listed twice", v[0]);
		return;
	}
	std->rule = xreallocarray(std->rule, std->nrules + 1, sizeof(*r));
	r = &std->rule[std->nrules];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->indicator = -1;
	if (strcmp(v[1], "error") == 0)
		r->level = LEVEL_ERROR;
	else if (strcmp(v[1], "warning") == 0)
		r->level = LEVEL_WARNING;
	else {
		problem(ld, "rule '%s': level '%s' is not error or warning",
		    v[0], v[1]);
		return;
	}
	if (strcmp(v[2], "record") == 0)
		r->scope = SCOPE_RECORD;
	else if (strcmp(v[2], "cross-record") == 0)
		r->scope = SCOPE_CROSS;
	else if (strcmp(v[2], "table") == 0)
		r->scope = SCOPE_TABLE;
	else {
		problem(ld, "rule '%s': scope '%s' is not record, "
		    "cross-record or table", v[0], v[2]);
		return;
	}
	r->name = xstrdup(v[0]);
	r->description = xstrdup(v[3]);
	r->id = rule_id(v[3]);
	std->nrules++;
}

static void
load_rules(struct loader *ld)
{
	struct colmap cm[] = {
		{ "rule", 1, -1 }, { "level", 1, -1 }, { "scope", 1, -1 },
		{ "description", 0, -1 },
	};
	struct standard *std = ld->std;
	size_t i;

	read_table_file(ld, "rules.csv", cm, 4, rule_row, NULL);
	/* builtin[] points into rule[], fixed only once it stops growing */
	for (i = 0; i < std->nrules; i++)
		std->builtin[std->rule[i].kind] = &std->rule[i];
}

/* ---------------------------------------------------------- domains/ */

struct domain_arg {
	struct std_domain *d;
};

static void
domain_row(struct loader *ld, char **v, struct csv_record *rec, void *arg)
{
	struct std_domain *d = ((struct domain_arg *)arg)->d;
	int added;
	void **slot;

	/* codes are compared exactly: the code is taken with its bytes */
	slot = hmap_put(d->codes, rec->field[0], rec->len[0], &added);
	if (!added) {
		problem(ld, "code '%s' listed twice", v[0]);
		return;
	}
	if (rec->len[0] == 0) {
		problem(ld, "empty code");
		return;
	}
	*slot = xstrdup(v[1]);
	d->code = xreallocarray(d->code, d->ncodes + 1, sizeof(char *));
	d->code[d->ncodes++] = xstrdup(v[0]);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **
domain_files(struct loader *ld, size_t *n)
{
	char *path = path_join(ld->std->dir, "domains");
	char **names = NULL;
	struct dirent *de;
	DIR *dp;
	size_t len;

	*n = 0;
	if ((dp = opendir(path)) == NULL) {
		ld->file = "domains";
		ld->line = 0;
		problem(ld, "cannot open directory: %s", strerror(errno));
		free(path);
		return NULL;
	}
	while ((de = readdir(dp)) != NULL) {
		len = strlen(de->d_name);
		if (len <= 4 || strcmp(de->d_name + len - 4, ".csv") != 0)
			continue;
		names = xreallocarray(names, *n + 1, sizeof(char *));
		names[(*n)++] = xstrdup(de->d_name);
	}
	closedir(dp);
	free(path);
	if (*n)
		qsort(names, *n, sizeof(char *), cmp_str);
	return names;
}

static void
load_domains(struct loader *ld)
{
	struct standard *std = ld->std;
	struct colmap cm[] = {
		{ "code", 1, -1 }, { "name_zh", 0, -1 },
	};
	struct domain_arg da;
	char **names, *file;
	size_t i, n;

	names = domain_files(ld, &n);
	for (i = 0; i < n && !stop(ld); i++) {
		da.d = xcalloc(1, sizeof(*da.d));
		da.d->name = xstrndup(names[i], strlen(names[i]) - 4);
		da.d->codes = hmap_new();
		std->domain = xreallocarray(std->domain, std->ndomains + 1,
		    sizeof(*std->domain));
		std->domain[std->ndomains++] = da.d;
		*hmap_put(std->domains_by_name, da.d->name,
		    strlen(da.d->name), NULL) = da.d;
		file = xasprintf("domains/%s", names[i]);
		read_table_file(ld, file, cm, 2, domain_row, &da);
		free(file);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* -------------------------------------------------------- tables.csv */

/* Per table, the key and business-date names until fields are known. */
struct table_names {
	char		**key;
	char		 *business_date;
	unsigned long	  line;
};

struct tables_arg {
	struct table_names *names;
};

static int
valid_name(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_'))
			return 0;
	return 1;
}

static void
table_row(struct loader *ld, char **v, struct csv_record *rec, void *arg)
{
	struct tables_arg *ta = arg;
	struct standard *std = ld->std;
	struct std_table *t;
	int added;
	void **slot;

	(void)rec;
	if (!valid_name(v[0])) {
		problem(ld, "table name '%s' is not lower snake_case", v[0]);
		return;
	}
	slot = hmap_put(std->tables_by_name, v[0], strlen(v[0]), &added);
	if (!added) {
		problem(ld, "table '%s' listed twice", v[0]);
		return;
	}
	std->table = xreallocarray(std->table, std->ntables + 1, sizeof(*t));
	ta->names = xreallocarray(ta->names, std->ntables + 1,
	    sizeof(*ta->names));
	t = &std->table[std->ntables];
	memset(t, 0, sizeof(*t));
	t->name = xstrdup(v[0]);
	t->name_zh = xstrdup(v[1]);
	t->category = xstrdup(v[2]);
	t->master = strcmp(v[2], "master") == 0;
	t->daily = strcmp(v[5], "Y") == 0;
	if (!t->daily && strcmp(v[5], "N") != 0)
		problem(ld, "table '%s': daily '%s' is not Y or N", v[0], v[5]);
	t->description = xstrdup(v[6]);
	t->line = rec->line;
	t->by_name = hmap_new();
	t->business_date = -1;
	ta->names[std->ntables].key = strsplit(v[3], '+', NULL);
	ta->names[std->ntables].business_date = xstrdup(v[4]);
	ta->names[std->ntables].line = rec->line;
	/* slot values are indexes + 1: the table array still moves */
	*slot = (void *)(std->ntables + 1);
	std->ntables++;
}

/* -------------------------------------------------------- fields.csv */

struct field_row {		/* a field with its unresolved texts */
	char		*domain;
	char		*rule;
	unsigned long	 line;
	int		 bad;		/* type or length unusable */
};

struct fields_arg {
	struct field_row **rows;	/* per table, per field */
};

static int
parse_type(const char *s, enum std_type *t)
{
	static const char *names[] = { "S", "I", "N", "D", "DT" };
	size_t i;

	for (i = 0; i < 5; i++)
		if (strcmp(s, names[i]) == 0) {
			*t = (enum std_type)i;
			return 0;
		}
	return -1;
}

static int
parse_uint(const char *s, int *out)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end || errno || v > 1000000)
		return -1;
	*out = (int)v;
	return 0;
}

static int
parse_length(struct loader *ld, struct std_field *f, const char *s)
{
	const char *comma = strchr(s, ',');
	char *p;
	int ok;

	if (*s == '\0') {
		if (f->type == STD_S || f->type == STD_I || f->type == STD_N) {
			problem(ld, "field '%s': type %s needs a length",
			    f->name, std_type_name(f->type));
			return -1;
		}
		return 0;
	}
	if (f->type == STD_D || f->type == STD_DT) {
		problem(ld, "field '%s': type %s takes no length", f->name,
		    std_type_name(f->type));
		return -1;
	}
	if (f->type == STD_N) {
		p = comma ? xstrndup(s, (size_t)(comma - s)) : xstrdup(s);
		ok = comma && parse_uint(p, &f->length) == 0 &&
		    parse_uint(comma + 1, &f->scale) == 0 &&
		    f->scale <= f->length && f->length > 0;
		free(p);
	} else
		ok = parse_uint(s, &f->length) == 0 && f->length > 0;
	if (!ok) {
		problem(ld, "field '%s': length '%s' is not %s", f->name, s,
		    f->type == STD_N ? "PRECISION,SCALE" : "a positive integer");
		return -1;
	}
	return 0;
}

static void
field_row(struct loader *ld, char **v, struct csv_record *rec, void *arg)
{
	struct fields_arg *fa = arg;
	struct std_table *t;
	struct std_field *f;
	struct field_row *fr;
	void **slot;
	size_t ti;
	int added;

	slot = hmap_get(ld->std->tables_by_name, v[0], strlen(v[0]));
	if (slot == NULL) {
		problem(ld, "field '%s' of unknown table '%s'", v[2], v[0]);
		return;
	}
	ti = (size_t)*slot - 1;
	t = &ld->std->table[ti];
	if (!valid_name(v[2])) {
		problem(ld, "field name '%s' is not lower snake_case", v[2]);
		return;
	}
	slot = hmap_put(t->by_name, v[2], strlen(v[2]), &added);
	if (!added) {
		problem(ld, "field '%s.%s' listed twice", v[0], v[2]);
		return;
	}
	*slot = (void *)(t->nfields + 1);
	t->field = xreallocarray(t->field, t->nfields + 1, sizeof(*f));
	fa->rows[ti] = xreallocarray(fa->rows[ti], t->nfields + 1,
	    sizeof(*fr));
	f = &t->field[t->nfields];
	fr = &fa->rows[ti][t->nfields];
	memset(f, 0, sizeof(*f));
	t->nfields++;
	f->name = xstrdup(v[2]);
	f->name_zh = xstrdup(v[3]);
	f->data_element = xstrdup(v[4]);
	f->description = xstrdup(v[10]);
	f->sensitive = strstr(v[10], "(sensitive)") != NULL;
	fr->domain = xstrdup(v[8]);
	fr->rule = xstrdup(v[9]);
	fr->line = f->line = rec->line;
	fr->bad = 0;
	if (parse_uint(v[1], &f->seq) == -1 || f->seq != (int)t->nfields)
		problem(ld, "field '%s.%s': seq '%s' should be %zu", v[0],
		    v[2], v[1], t->nfields);
	if (parse_type(v[5], &f->type) == -1) {
		problem(ld, "field '%s.%s': type '%s' is not S, I, N, D or DT",
		    v[0], v[2], v[5]);
		fr->bad = 1;	/* its tokens would only repeat the problem */
		return;
	}
	if (parse_length(ld, f, v[6]) == -1) {
		fr->bad = 1;
		return;
	}
	if (strcmp(v[7], "Y") == 0)
		f->required = REQ_YES;
	else if (strcmp(v[7], "C") == 0)
		f->required = REQ_COND;
	else if (strcmp(v[7], "N") == 0)
		f->required = REQ_NO;
	else
		problem(ld, "field '%s.%s': required '%s' is not Y, N or C",
		    v[0], v[2], v[7]);
}

/* ------------------------------------------------------- rule tokens */

static int
field_of(struct loader *ld, const struct std_table *t, const char *name,
    const char *what)
{
	int i = std_field_index(t, name);

	/* tokens are quoted as written; column names are not */
	if (i < 0 && strchr(what, ':'))
		problem(ld, "'%s': no field '%s' in table '%s'", what, name,
		    t->name);
	else if (i < 0)
		problem(ld, "%s: no field '%s' in table '%s'", what, name,
		    t->name);
	return i;
}

static int
parse_bound(struct loader *ld, const struct std_field *f, const char *s,
    struct std_bound *b, const char *tok)
{
	char *end;

	memset(b, 0, sizeof(*b));
	if (*s == '\0')
		return 0;
	b->set = 1;
	if (f->type == STD_D || f->type == STD_DT) {
		if (strcmp(s, "today") == 0) {
			b->today = 1;
			return 0;
		}
		if (strlen(s) == 10 && s[4] == '-' && s[7] == '-') {
			memcpy(b->date, s, 10);
			return 0;
		}
	} else if (f->type == STD_I || f->type == STD_N) {
		errno = 0;
		b->num = strtod(s, &end);
		if (*end == '\0' && errno == 0 && dec_valid(s, strlen(s)) &&
		    strlen(s) < sizeof(b->text)) {
			memcpy(b->text, s, strlen(s) + 1);
			return 0;
		}
	} else {
		problem(ld, "'%s' on %s field '%s': range needs a D, DT, I or "
		    "N field", tok, std_type_name(f->type), f->name);
		return -1;
	}
	problem(ld, "'%s': bound '%s' is not %s", tok, s,
	    f->type == STD_D || f->type == STD_DT ? "YYYY-MM-DD or today" :
	    "a number");
	return -1;
}

static int
split_range(const char *arg, char **lo, char **hi)
{
	const char *dots = strstr(arg, "..");

	if (dots == NULL)
		return -1;
	*lo = xstrndup(arg, (size_t)(dots - arg));
	*hi = xstrdup(dots + 2);
	return 0;
}

static void
parse_range(struct loader *ld, const struct std_field *f, struct std_token *k,
    const char *arg)
{
	char *lo, *hi;

	if (split_range(arg, &lo, &hi) == -1) {
		problem(ld, "'%s': expected range:LO..HI", k->text);
		return;
	}
	if (parse_bound(ld, f, lo, &k->lo, k->text) == 0)
		parse_bound(ld, f, hi, &k->hi, k->text);
	free(lo);
	free(hi);
}

static void
parse_volume(struct loader *ld, struct std_token *k, const char *arg)
{
	char *lo, *hi, *e1, *e2;

	if (split_range(arg, &lo, &hi) == -1) {
		problem(ld, "'%s': expected volume:LO..HI", k->text);
		return;
	}
	k->lo.num = strtod(lo, &e1);
	k->hi.num = strtod(hi, &e2);
	k->lo.set = k->hi.set = 1;
	if (*lo == '\0' || *hi == '\0' || *e1 || *e2 || k->lo.num > k->hi.num)
		problem(ld, "'%s': bounds must be percentages LO <= HI", k->text);
	free(lo);
	free(hi);
}

static void
parse_when(struct loader *ld, const struct std_table *t, struct std_token *k,
    const char *arg)
{
	const char *op = strstr(arg, "!=");
	const char *eq = strchr(arg, '=');
	char *name;

	if (op != NULL && op < eq) {
		k->negate = 1;
		name = xstrndup(arg, (size_t)(op - arg));
		k->values = strsplit(op + 2, '|', &k->nvalues);
	} else if (eq != NULL) {
		name = xstrndup(arg, (size_t)(eq - arg));
		k->values = strsplit(eq + 1, '|', &k->nvalues);
	} else
		name = xstrdup(arg);
	k->field = field_of(ld, t, name, k->text);
	free(name);
}

/* TABLE.FIELD: resolves the other table and its field. */
static int
parse_table_field(struct loader *ld, const char *s, struct std_token *k)
{
	const char *dot = strchr(s, '.');
	char *tname;

	if (dot == NULL) {
		problem(ld, "'%s': expected TABLE.FIELD", k->text);
		return -1;
	}
	tname = xstrndup(s, (size_t)(dot - s));
	k->table = std_table(ld->std, tname);
	if (k->table == NULL)
		problem(ld, "'%s': no table '%s'", k->text, tname);
	free(tname);
	if (k->table == NULL)
		return -1;
	k->other_field = field_of(ld, k->table, dot + 1, k->text);
	return k->other_field < 0 ? -1 : 0;
}

static void
parse_sum(struct loader *ld, const struct std_table *t, struct std_token *k,
    const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *key;

	if (eq == NULL) {
		problem(ld, "'%s': expected sum:KEY=TABLE.FIELD", k->text);
		return;
	}
	key = xstrndup(arg, (size_t)(eq - arg));
	k->key = field_of(ld, t, key, k->text);
	if (k->key >= 0 && parse_table_field(ld, eq + 1, k) == 0)
		k->other_key = field_of(ld, k->table, key, k->text);
	free(key);
}

static void
parse_pattern(struct loader *ld, struct std_token *k, const char *arg)
{
	char *whole = xasprintf("^(%s)$", arg);
	char msg[256];
	int rc;

	/* the whole value must match, anchored or not as written */
	rc = regcomp(&k->re, whole, REG_EXTENDED | REG_NOSUB);
	free(whole);
	if (rc != 0) {
		regerror(rc, &k->re, msg, sizeof(msg));
		problem(ld, "'%s': invalid regular expression: %s", k->text, msg);
		return;
	}
	k->field = -2;		/* marks re as compiled, for std_free */
}

static int
takes_argument(enum rule_kind kind)
{
	switch (kind) {
	case RULE_USCC: case RULE_UNIQUE: case RULE_TIMELINESS:
	case RULE_CONTINUITY:
		return 0;
	case RULE_IDCARD:
		return -1;	/* optional */
	default:
		return 1;
	}
}

static void
parse_argument(struct loader *ld, const struct std_table *t,
    const struct std_field *f, struct std_token *k, const char *arg)
{
	switch (k->rule->kind) {
	case RULE_PATTERN:
		parse_pattern(ld, k, arg);
		break;
	case RULE_IDCARD:
		k->field = *arg ? field_of(ld, t, arg, k->text) :
		    std_field_index(t, "birth_date");
		break;
	case RULE_RANGE:
		parse_range(ld, f, k, arg);
		break;
	case RULE_WHEN:
		parse_when(ld, t, k, arg);
		break;
	case RULE_GE:
	case RULE_LE:
		k->field = field_of(ld, t, arg, k->text);
		break;
	case RULE_REF:
		parse_table_field(ld, arg, k);
		break;
	case RULE_SUM:
		parse_sum(ld, t, k, arg);
		break;
	case RULE_VOLUME:
		parse_volume(ld, k, arg);
		break;
	default:
		break;
	}
}

static void
compile_token(struct loader *ld, const struct std_table *t,
    const struct std_field *f, struct std_token *k, const char *text)
{
	const char *colon = strchr(text, ':');
	char *name = colon ? xstrndup(text, (size_t)(colon - text)) :
	    xstrdup(text);
	const char *arg = colon ? colon + 1 : "";
	enum rule_kind kind;
	int want;

	k->text = xstrdup(text);
	k->field = k->key = k->other_key = k->other_field = -1;
	if (rule_kind_of(name, &kind) == -1 || kind <= RULE_DOMAIN) {
		problem(ld, "field '%s': unknown rule token '%s'", f->name, name);
		goto out;
	}
	if ((k->rule = ld->std->builtin[kind]) == NULL) {
		problem(ld, "field '%s': rule '%s' is not in rules.csv", f->name,
		    name);
		goto out;
	}
	want = takes_argument(kind);
	if ((want == 1 && colon == NULL) || (want == 0 && colon != NULL)) {
		problem(ld, "field '%s': rule '%s' %s", f->name, name,
		    want ? "needs an argument" : "takes no argument");
		goto out;
	}
	parse_argument(ld, t, f, k, arg);
out:
	free(name);
}

static void
compile_tokens(struct loader *ld, const struct std_table *t,
    struct std_field *f, const char *rule)
{
	char **tok;
	size_t n, i;

	if (*rule == '\0')
		return;
	/* the standard's regexes never contain ';' (README 6.2) */
	tok = strsplit(rule, ';', &n);
	f->token = xcalloc(n, sizeof(*f->token));
	for (i = 0; i < n; i++) {
		f->ntokens++;
		if (*tok[i] == '\0') {
			problem(ld, "field '%s': empty rule token", f->name);
			f->token[i].field = -1;
			continue;
		}
		compile_token(ld, t, f, &f->token[i], tok[i]);
	}
	strvec_free(tok);
}

/* Resolves keys, business dates, domains and tokens once fields are in. */
static void
resolve_table(struct loader *ld, struct std_table *t,
    struct table_names *tn, struct field_row *rows)
{
	size_t i;
	int k;

	t->builtin = ld->std->builtin;
	ld->file = "tables.csv";
	ld->line = tn->line;
	for (i = 0; tn->key[i]; i++) {
		if ((k = field_of(ld, t, tn->key[i], "primary_key")) < 0)
			continue;
		t->key = xreallocarray(t->key, t->nkey + 1, sizeof(int));
		t->key[t->nkey++] = k;
		t->field[k].in_key = 1;
	}
	if (*tn->business_date)
		t->business_date = field_of(ld, t, tn->business_date,
		    "business_date");
	ld->file = "fields.csv";
	for (i = 0; i < t->nfields && !stop(ld); i++) {
		ld->line = rows[i].line;
		if (*rows[i].domain &&
		    (t->field[i].domain = std_domain(ld->std, rows[i].domain))
		    == NULL)
			problem(ld, "field '%s.%s': no domain '%s' (domains/%s.csv)",
			    t->name, t->field[i].name, rows[i].domain,
			    rows[i].domain);
		if (!rows[i].bad)
			compile_tokens(ld, t, &t->field[i], rows[i].rule);
	}
}

static void
load_tables_and_fields(struct loader *ld)
{
	struct colmap tcm[] = {
		{ "table", 1, -1 }, { "name_zh", 0, -1 }, { "category", 1, -1 },
		{ "primary_key", 1, -1 }, { "business_date", 1, -1 },
		{ "daily", 1, -1 }, { "description", 0, -1 },
	};
	struct colmap fcm[] = {
		{ "table", 1, -1 }, { "seq", 1, -1 }, { "field", 1, -1 },
		{ "name_zh", 0, -1 }, { "data_element", 0, -1 },
		{ "type", 1, -1 }, { "length", 1, -1 }, { "required", 1, -1 },
		{ "domain", 1, -1 }, { "rule", 1, -1 },
		{ "description", 0, -1 },
	};
	struct standard *std = ld->std;
	struct tables_arg ta = { NULL };
	struct fields_arg fa = { NULL };
	size_t i, j;

	read_table_file(ld, "tables.csv", tcm, 7, table_row, &ta);
	if (!stop(ld)) {
		fa.rows = xcalloc(std->ntables, sizeof(*fa.rows));
		read_table_file(ld, "fields.csv", fcm, 11, field_row, &fa);
	}
	for (i = 0; i < std->ntables && !stop(ld); i++)
		resolve_table(ld, &std->table[i], &ta.names[i], fa.rows[i]);
	for (i = 0; i < std->ntables; i++) {
		strvec_free(ta.names[i].key);
		free(ta.names[i].business_date);
		for (j = 0; fa.rows && j < std->table[i].nfields; j++) {
			free(fa.rows[i][j].domain);
			free(fa.rows[i][j].rule);
		}
		if (fa.rows)
			free(fa.rows[i]);
	}
	free(ta.names);
	free(fa.rows);
}

/* -------------------------------------------------- shared_tables.csv */

static int
optional_file(struct loader *ld, const char *name)
{
	char *path = path_join(ld->std->dir, name);
	FILE *fp = fopen(path, "r");

	free(path);
	if (fp)
		fclose(fp);
	return fp != NULL;
}


static void
shared_row(struct loader *ld, char **v, struct csv_record *rec, void *arg)
{
	void **slot = hmap_get(ld->std->tables_by_name, v[0], strlen(v[0]));

	(void)rec;
	(void)arg;
	if (slot == NULL)
		problem(ld, "shared table '%s' is not a table of tables.csv",
		    v[0]);
	else
		ld->std->table[(size_t)*slot - 1].shared = 1;
}

static void
load_shared(struct loader *ld)
{
	struct colmap cm[] = { { "table", 1, -1 } };

	if (!optional_file(ld, "shared_tables.csv"))
		return;		/* optional: no shared library */
	read_table_file(ld, "shared_tables.csv", cm, 1, shared_row, NULL);
}

/* ------------------------------------- indicators.csv, scoring.csv */

/* A decimal scaled by 10^4 ("0.2" -> 2000); -1 when it is not one. */
static long
scaled(const char *s)
{
	long v = 0, scale = 10000;
	int frac = 0;

	if (!dec_valid(s, strlen(s)) || *s == '-' || *s == '+')
		return -1;
	for (; *s; s++) {
		if (*s == '.') {
			frac = 1;
			continue;
		}
		if (frac) {
			if (scale == 1)
				continue;
			scale /= 10;
			v += (*s - '0') * scale;
		} else {
			if (v > 100000000000L)
				return -1;
			v = v * 10 + (*s - '0') * 10000;
		}
	}
	return v;
}

static void
indicator_row(struct loader *ld, char **v, struct csv_record *rec, void *arg)
{
	struct standard *std = ld->std;
	struct std_indicator *in;
	enum rule_kind kind;
	char **rules;
	long th = scaled(v[2]), w = scaled(v[3]);
	size_t i;

	(void)rec;
	(void)arg;
	if (th < 0 || w < 0) {
		problem(ld, "indicator '%s': threshold and weight must be numbers",
		    v[0]);
		return;
	}
	std->indicator = xreallocarray(std->indicator, std->nindicators + 1,
	    sizeof(*in));
	in = &std->indicator[std->nindicators];
	in->name = xstrdup(v[0]);
	in->name_zh = xstrdup(v[1]);
	in->threshold = th / 100;	/* percent -> hundredths of a percent */
	in->weight = w;
	rules = strsplit(v[4], ';', NULL);
	for (i = 0; rules[i]; i++) {
		if (*rules[i] == '\0')
			continue;
		if (rule_kind_of(rules[i], &kind) == -1 ||
		    std->builtin[kind] == NULL)
			problem(ld, "indicator '%s': rule '%s' is not in rules.csv",
			    v[0], rules[i]);
		else
			((struct std_rule *)std->builtin[kind])->indicator =
			    (int)std->nindicators;
	}
	strvec_free(rules);
	std->nindicators++;
}

static void
scoring_row(struct loader *ld, char **v, struct csv_record *rec, void *arg)
{
	struct std_scoring *sc = &ld->std->scoring;
	long x = scaled(v[1]);

	(void)rec;
	(void)arg;
	if (x < 0) {
		problem(ld, "'%s': value '%s' is not a number", v[0], v[1]);
		return;
	}
	if (strcmp(v[0], "due_hour") == 0)
		sc->due_hour = x;
	else if (strcmp(v[0], "volume_deduction") == 0)
		sc->volume_deduction = x;
	else if (strcmp(v[0], "volume_cap") == 0)
		sc->volume_cap = x;
	else if (strcmp(v[0], "grade_pass") == 0)
		sc->grade_pass = x;
	else if (strcmp(v[0], "grade_conditional") == 0)
		sc->grade_conditional = x;
	else
		problem(ld, "unknown key '%s'", v[0]);
}

/* Optional: without them hdx can check but not score (hdx-standard(5)). */
static void
load_scoring(struct loader *ld)
{
	struct colmap icm[] = {
		{ "indicator", 1, -1 }, { "name_zh", 0, -1 },
		{ "threshold", 1, -1 }, { "weight", 1, -1 }, { "rules", 1, -1 },
	};
	struct colmap scm[] = { { "key", 1, -1 }, { "value", 1, -1 } };

	if (optional_file(ld, "indicators.csv"))
		read_table_file(ld, "indicators.csv", icm, 5, indicator_row, NULL);
	if (!stop(ld) && optional_file(ld, "scoring.csv")) {
		read_table_file(ld, "scoring.csv", scm, 2, scoring_row, NULL);
		ld->std->scoring.present = 1;
	}
}

/* ---------------------------------------------------------- checks */

/* Consistency checks that need the whole standard (lint reports them). */
static void
check_tables(struct loader *ld)
{
	const struct std_table *t;
	size_t i;

	ld->file = "tables.csv";
	for (i = 0; i < ld->std->ntables; i++) {
		t = &ld->std->table[i];
		ld->line = t->line;
		if (t->nfields == 0)
			problem(ld, "table '%s' has no fields in fields.csv",
			    t->name);
		else if (t->nkey == 0)
			problem(ld, "table '%s' has no primary key", t->name);
	}
}

/* Problems a load can live with, which lint reports (a table at a time). */
static void
lint_token(struct loader *ld, const struct std_table *t, int fi,
    const struct std_token *k)
{
	const struct std_field *f = &t->field[fi];
	enum rule_kind kind = k->rule->kind;

	switch (kind) {
	case RULE_REF:
		if (k->table && k->other_field >= 0 &&
		    !k->table->field[k->other_field].in_key)
			problem(ld, "'%s' on %s.%s: %s.%s is not a primary-key "
			    "field", k->text, t->name, f->name, k->table->name,
			    k->table->field[k->other_field].name);
		break;
	case RULE_UNIQUE:
		if (t->nkey && t->key[t->nkey - 1] != fi)
			problem(ld, "'unique' on %s.%s: it belongs on the last "
			    "primary-key field", t->name, f->name);
		break;
	case RULE_WHEN:
		if (f->required != REQ_COND)
			problem(ld, "'%s' on %s.%s: when needs required=C",
			    k->text, t->name, f->name);
		break;
	case RULE_VOLUME:
	case RULE_CONTINUITY:
		if (!t->daily)
			problem(ld, "'%s' on %s.%s: table rule of a table that "
			    "is not daily", k->text, t->name, f->name);
		/* FALLTHROUGH */
	case RULE_TIMELINESS:
		if (fi != t->business_date)
			problem(ld, "'%s' on %s.%s: table rules belong on the "
			    "business-date field", k->text, t->name, f->name);
		break;
	default:
		break;
	}
}

static int
has_token(const struct std_field *f, enum rule_kind kind)
{
	size_t i;

	for (i = 0; i < f->ntokens; i++)
		if (f->token[i].rule && f->token[i].rule->kind == kind)
			return 1;
	return 0;
}

static void
lint_table(struct loader *ld, const struct std_table *t)
{
	const struct std_field *bd;
	size_t i, j;

	ld->file = "fields.csv";
	ld->line = 0;
	for (i = 0; i < t->nfields; i++) {
		const struct std_field *f = &t->field[i];

		ld->line = f->line;
		for (j = 0; j < f->ntokens; j++)
			if (f->token[j].rule)
				lint_token(ld, t, (int)i, &f->token[j]);
		if (f->required == REQ_COND && !has_token(f, RULE_WHEN))
			problem(ld, "%s.%s: required=C without a when token",
			    t->name, f->name);
		if (f->in_key && f->required != REQ_YES)
			problem(ld, "%s.%s: primary-key field is not required=Y",
			    t->name, f->name);
	}
	ld->file = "tables.csv";
	ld->line = t->line;
	if (t->nkey && !has_token(&t->field[t->key[t->nkey - 1]], RULE_UNIQUE))
		problem(ld, "%s: no 'unique' on the last primary-key field",
		    t->name);
	if (t->business_date < 0)
		return;
	bd = &t->field[t->business_date];
	ld->file = "fields.csv";
	ld->line = bd->line;
	if (bd->type != STD_D && bd->type != STD_DT)
		problem(ld, "%s: business-date field '%s' is not D or DT",
		    t->name, bd->name);
	if (!has_token(bd, RULE_TIMELINESS))
		problem(ld, "%s.%s: no 'timeliness' on the business-date field",
		    t->name, bd->name);
	if (t->daily && (!has_token(bd, RULE_CONTINUITY) ||
	    !has_token(bd, RULE_VOLUME)))
		problem(ld, "%s.%s: a daily table needs 'continuity' and "
		    "'volume' on its business-date field", t->name, bd->name);
}

static struct standard *
load(struct loader *ld, const char *dir)
{
	struct standard *std = xcalloc(1, sizeof(*std));

	ld->std = std;
	std->dir = xstrdup(dir);
	std->tables_by_name = hmap_new();
	std->domains_by_name = hmap_new();
	load_rules(ld);
	if (!stop(ld))
		load_domains(ld);
	if (!stop(ld))
		load_tables_and_fields(ld);
	if (!stop(ld))
		load_shared(ld);
	if (!stop(ld))
		load_scoring(ld);
	if (!stop(ld))
		check_tables(ld);
	return std;
}

struct standard *
std_load(const char *dir, char *err, size_t errlen)
{
	struct standard *std;
	struct loader ld;

	memset(&ld, 0, sizeof(ld));
	ld.err = err;
	ld.errlen = errlen;
	std = load(&ld, dir);
	if (ld.nproblems) {
		std_free(std);
		return NULL;
	}
	return std;
}

size_t
std_lint(const char *dir, std_lint_fn *report, void *arg)
{
	struct standard *std;
	struct loader ld;
	size_t i;

	memset(&ld, 0, sizeof(ld));
	ld.lint = 1;
	ld.report = report;
	ld.arg = arg;
	std = load(&ld, dir);
	for (i = 0; i < std->ntables; i++)
		lint_table(&ld, &std->table[i]);
	std_free(std);
	return ld.nproblems;
}

/* ---------------------------------------------------------- freeing */

static void
free_token(struct std_token *k)
{
	if (k->rule && k->rule->kind == RULE_PATTERN && k->field == -2)
		regfree(&k->re);
	free(k->text);
	strvec_free(k->values);
}

static void
free_table(struct std_table *t)
{
	size_t i, j;

	for (i = 0; i < t->nfields; i++) {
		struct std_field *f = &t->field[i];

		for (j = 0; j < f->ntokens; j++)
			free_token(&f->token[j]);
		free(f->token);
		free(f->name);
		free(f->name_zh);
		free(f->data_element);
		free(f->description);
	}
	free(t->field);
	free(t->key);
	free(t->name);
	free(t->name_zh);
	free(t->category);
	free(t->description);
	hmap_free(t->by_name);
}

static void
free_domain(struct std_domain *d)
{
	size_t pos = 0;
	void *v;

	while (hmap_next(d->codes, &pos, NULL, NULL, &v))
		free(v);
	hmap_free(d->codes);
	for (pos = 0; pos < d->ncodes; pos++)
		free(d->code[pos]);
	free(d->code);
	free(d->name);
	free(d);
}

void
std_free(struct standard *std)
{
	size_t i;

	if (std == NULL)
		return;
	for (i = 0; i < std->ntables; i++)
		free_table(&std->table[i]);
	free(std->table);
	for (i = 0; i < std->ndomains; i++)
		free_domain(std->domain[i]);
	free(std->domain);
	for (i = 0; i < std->nrules; i++) {
		free(std->rule[i].name);
		free(std->rule[i].id);
		free(std->rule[i].description);
	}
	free(std->rule);
	for (i = 0; i < std->nindicators; i++) {
		free(std->indicator[i].name);
		free(std->indicator[i].name_zh);
	}
	free(std->indicator);
	hmap_free(std->tables_by_name);
	hmap_free(std->domains_by_name);
	free(std->dir);
	free(std);
}

/* ---------------------------------------------------------- queries */

const char *
std_default_dir(void)
{
	const char *d = getenv("HDX_STANDARD");

	return d && *d ? d : HDX_DATADIR "/dict";
}

const struct std_table *
std_table(const struct standard *std, const char *name)
{
	void **slot = hmap_get(std->tables_by_name, name, strlen(name));

	return slot ? &std->table[(size_t)*slot - 1] : NULL;
}

int
std_field_index(const struct std_table *t, const char *name)
{
	void **slot = hmap_get(t->by_name, name, strlen(name));

	return slot ? (int)((size_t)*slot - 1) : -1;
}

const struct std_domain *
std_domain(const struct standard *std, const char *name)
{
	void **slot = hmap_get(std->domains_by_name, name, strlen(name));

	return slot ? *slot : NULL;
}

int
std_domain_has(const struct std_domain *d, const char *code, size_t len)
{
	return hmap_get(d->codes, code, len) != NULL;
}

const char *
std_type_name(enum std_type t)
{
	static const char *names[] = { "S", "I", "N", "D", "DT" };

	return names[t];
}

const char *
std_level_name(enum std_level l)
{
	return l == LEVEL_ERROR ? "error" : "warning";
}
