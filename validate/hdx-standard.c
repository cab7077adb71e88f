/*
 * hdx-standard - inspect, lint and turn into SQL a standard directory.
 *
 *   hdx-standard [--standard DIR] list
 *   hdx-standard [--standard DIR] show TABLE
 *   hdx-standard lint [DIR]
 *   hdx-standard [--standard DIR] ddl [--dialect postgres|sqlite] [--shared] [--drop]
 *   hdx-standard [--standard DIR] order
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "completion.h"
#include "csvio.h"
#include "ddl.h"
#include "deps.h"
#include "exitcode.h"
#include "log.h"
#include "standard.h"
#include "util.h"

struct options {
	const char	*standard;
	const char	*dialect;
	int		 shared;
	int		 drop;
	int		 verbosity;
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: hdx-standard [-qv] [--standard DIR] list\n"
	    "       hdx-standard [-qv] [--standard DIR] show TABLE\n"
	    "       hdx-standard [-qv] lint [DIR]\n"
	    "       hdx-standard [-qv] [--standard DIR] ddl "
	    "[--dialect postgres|sqlite] [--shared] [--drop]\n"
	    "       hdx-standard [-qv] [--standard DIR] order\n");
	exit(status);
}

static struct standard *
load_standard(const struct options *o)
{
	char err[1024];
	struct standard *std;

	if ((std = std_load(o->standard, err, sizeof(err))) == NULL)
		errx(HDX_EXIT_DATA, "%s", err);
	return std;
}

static void
finish_stdout(struct csv_writer *w)
{
	if (csvw_free(w) == -1 || fflush(stdout) == EOF || ferror(stdout))
		err(HDX_EXIT_IO, "stdout");
}

static char *
key_text(const struct std_table *t)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < t->nkey; i++)
		buf_printf(&b, "%s%s", i ? "+" : "", t->field[t->key[i]].name);
	return buf_steal(&b);
}

static int
cmd_list(const struct options *o)
{
	struct standard *std = load_standard(o);
	struct csv_writer *w = csvw_new(stdout);
	static char *const hdr[] = { "table", "name_zh", "category",
	    "primary_key", "business_date", "daily", "fields", "shared" };
	char nf[32], *key;
	size_t i;

	csvw_record(w, hdr, NULL, 8);
	for (i = 0; i < std->ntables; i++) {
		const struct std_table *t = &std->table[i];
		char *row[8];

		key = key_text(t);
		snprintf(nf, sizeof(nf), "%zu", t->nfields);
		row[0] = t->name;
		row[1] = t->name_zh;
		row[2] = t->category;
		row[3] = key;
		row[4] = t->business_date >= 0 ?
		    t->field[t->business_date].name : "";
		row[5] = t->daily ? "Y" : "N";
		row[6] = nf;
		row[7] = t->shared ? "Y" : "N";
		csvw_record(w, row, NULL, 8);
		free(key);
	}
	finish_stdout(w);
	std_free(std);
	return HDX_EXIT_OK;
}

static char *
rule_text(const struct std_field *f)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < f->ntokens; i++)
		buf_printf(&b, "%s%s", i ? ";" : "", f->token[i].text);
	return buf_steal(&b);
}

static void
show_field(struct csv_writer *w, const struct std_field *f)
{
	static const char *req[] = { "N", "Y", "C" };
	char seq[16], len[32], *rules = rule_text(f);
	char *row[10];

	snprintf(seq, sizeof(seq), "%d", f->seq);
	if (f->type == STD_N)
		snprintf(len, sizeof(len), "%d,%d", f->length, f->scale);
	else if (f->length)
		snprintf(len, sizeof(len), "%d", f->length);
	else
		len[0] = '\0';
	row[0] = seq;
	row[1] = f->name;
	row[2] = (char *)std_type_name(f->type);
	row[3] = len;
	row[4] = (char *)req[f->required];
	row[5] = f->domain ? f->domain->name : "";
	row[6] = rules;
	row[7] = f->in_key ? "Y" : "N";
	row[8] = f->sensitive ? "Y" : "N";
	row[9] = f->name_zh;
	csvw_record(w, row, NULL, 10);
	free(rules);
}

static int
cmd_show(const struct options *o, const char *name)
{
	static char *const hdr[] = { "seq", "field", "type", "length",
	    "required", "domain", "rule", "key", "sensitive", "name_zh" };
	struct standard *std = load_standard(o);
	const struct std_table *t = std_table(std, name);
	struct csv_writer *w;
	size_t i;

	if (t == NULL) {
		warnx("%s: no table '%s' in %s/tables.csv", name, name, std->dir);
		std_free(std);
		return HDX_EXIT_USAGE;
	}
	w = csvw_new(stdout);
	csvw_record(w, hdr, NULL, 10);
	for (i = 0; i < t->nfields; i++)
		show_field(w, &t->field[i]);
	finish_stdout(w);
	std_free(std);
	return HDX_EXIT_OK;
}

static void
lint_report(void *arg, const char *file, unsigned long line, const char *msg)
{
	const char *dir = arg;

	if (line)
		fprintf(stderr, "hdx-standard: %s/%s:%lu: %s\n", dir, file, line,
		    msg);
	else
		fprintf(stderr, "hdx-standard: %s/%s: %s\n", dir, file, msg);
}

/* shared_completion.csv, once the standard itself is sound. */
static size_t
lint_completion(const char *dir)
{
	char *path = path_join(dir, COMPL_FILE), err[1024];
	struct compl_spec *spec;
	struct standard *std;
	size_t n = 0;

	if (access(path, F_OK) == 0 &&
	    (std = std_load(dir, err, sizeof(err))) != NULL) {
		if ((spec = compl_spec_load(std, err, sizeof(err))) == NULL) {
			fprintf(stderr, "hdx-standard: %s\n", err);
			n = 1;
		}
		compl_spec_free(spec);
		std_free(std);
	}
	free(path);
	return n;
}

static int
cmd_lint(const struct options *o, const char *dir)
{
	size_t n = std_lint(dir ? dir : o->standard, lint_report,
	    (void *)(dir ? dir : o->standard));

	if (n == 0)
		n = lint_completion(dir ? dir : o->standard);
	if (n) {
		log_info("%zu problem%s in %s", n, n == 1 ? "" : "s",
		    dir ? dir : o->standard);
		return HDX_EXIT_FINDINGS;
	}
	log_verbose("%s: no problems", dir ? dir : o->standard);
	return HDX_EXIT_OK;
}

/* The tables in dependency order: "level,group,table" (hdx-standard(1)). */
static int
cmd_order(const struct options *o)
{
	struct standard *std = load_standard(o);
	int *level = xcalloc(std->ntables + 1, sizeof(int));
	int *group = xcalloc(std->ntables + 1, sizeof(int));
	int lv, maxlv = 0;
	size_t i;

	deps_levels(std, level, group);
	for (i = 0; i < std->ntables; i++)
		if (level[i] > maxlv)
			maxlv = level[i];
	printf("level,group,table\n");
	for (lv = 0; lv <= maxlv; lv++)
		for (i = 0; i < std->ntables; i++)
			if (level[i] == lv)
				printf("%d,%d,%s\n", lv, group[i], std->table[i].name);
	if (fflush(stdout) == EOF || ferror(stdout))
		err(HDX_EXIT_IO, "stdout");
	free(level);
	free(group);
	std_free(std);
	return HDX_EXIT_OK;
}

static int
cmd_ddl(const struct options *o)
{
	struct standard *std;
	enum ddl_dialect d;
	struct buf b;

	if (ddl_dialect_parse(o->dialect, &d) == -1)
		errx(HDX_EXIT_USAGE, "--dialect %s: expected postgres or sqlite",
		    o->dialect);
	std = load_standard(o);
	buf_init(&b);
	if (o->shared) {
		size_t i, n = 0;

		for (i = 0; i < std->ntables; i++)
			n += std->table[i].shared;
		if (n == 0)
			errx(HDX_EXIT_DATA, "%s/shared_tables.csv: no shared "
			    "tables: the shared library needs this file",
			    std->dir);
		ddl_shared(&b, std, d, o->drop);
	} else
		ddl_frontdb(&b, std, d, o->drop);
	if (fwrite(b.data, 1, b.len, stdout) != b.len || fflush(stdout) == EOF)
		err(HDX_EXIT_IO, "stdout");
	buf_free(&b);
	std_free(std);
	return HDX_EXIT_OK;
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "dialect", required_argument, NULL, 'd' },
		{ "drop", no_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "shared", no_argument, NULL, 'S' },
		{ "standard", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	o->standard = std_default_dir();
	o->dialect = "postgres";
	o->verbosity = 1;
	while ((ch = getopt_long(argc, argv, "hqv", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd': o->dialect = optarg; break;
		case 'D': o->drop = 1; break;
		case 'h': usage(HDX_EXIT_OK);
		case 'q': o->verbosity = 0; break;
		case 'S': o->shared = 1; break;
		case 's': o->standard = optarg; break;
		case 'v': o->verbosity++; break;
		default: usage(HDX_EXIT_USAGE);
		}
	}
}

int
main(int argc, char **argv)
{
	struct options o;
	const char *cmd;

	memset(&o, 0, sizeof(o));
	parse_options(argc, argv, &o);
	log_init("hdx-standard", o.verbosity);
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage(HDX_EXIT_USAGE);
	cmd = argv[0];
	if (strcmp(cmd, "list") == 0 && argc == 1)
		return cmd_list(&o);
	if (strcmp(cmd, "show") == 0 && argc == 2)
		return cmd_show(&o, argv[1]);
	if (strcmp(cmd, "lint") == 0 && argc <= 2)
		return cmd_lint(&o, argc == 2 ? argv[1] : NULL);
	if (strcmp(cmd, "ddl") == 0 && argc == 1)
		return cmd_ddl(&o);
	if (strcmp(cmd, "order") == 0 && argc == 1)
		return cmd_order(&o);
	usage(HDX_EXIT_USAGE);
}
