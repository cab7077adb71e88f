/*
 * hdx-map - local codes to the standard's codes (hdx-map(1)).
 *
 *   hdx-map [-qv] -c SITE -t TABLE [-i IN] [-o OUT] [--report FILE] ...
 *   hdx-map suggest [-qv] -c SITE --domain DOMAIN --local DICT [-o OUT]
 *
 * One pass: every record is read (tabin), the values of the fields with
 * a domain are mapped in place (mapper) and the record is written in the
 * standard's field order. No record is ever dropped.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "exitcode.h"
#include "hmap.h"
#include "log.h"
#include "mapping.h"
#include "mapreport.h"
#include "outfile.h"
#include "sealfile.h"
#include "site.h"
#include "standard.h"
#include "tabin.h"
#include "util.h"

#define SUMMARY_TOP	5

struct options {
	int		 suggest;
	int		 lint;
	const char	*site;
	const char	*table;
	const char	*in;
	const char	*out;
	const char	*report;
	const char	*standard;
	const char	*domain;
	const char	*local;
	int		 verbosity;
};

struct counts {
	unsigned long	 records;
	unsigned long	 ragged;
	unsigned long	 left;		/* unmapped under reject */
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: hdx-map [-qv] -c SITE -t TABLE [-i IN] [-o OUT] "
	    "[--report FILE]\n"
	    "               [--standard DIR]\n"
	    "       hdx-map lint [-qv] -c SITE [--standard DIR]\n"
	    "       hdx-map suggest [-qv] -c SITE --domain DOMAIN "
	    "--local DICT [-o OUT]\n"
	    "               [--standard DIR]\n");
	exit(status);
}

/*
 * An output file, created 0600 (it may hold patient data) under a
 * temporary name and renamed when whole (outfile.h); sealed under key
 * when it is a staging file of a site that seals them (sealfile.h).
 */
static struct outfile *
open_out(const char *path, const struct sealkey *key)
{
	struct outfile *of;
	char emsg[1024];

	if ((of = outfile_open_sealed(path, key, emsg, sizeof(emsg))) == NULL)
		errx(HDX_EXIT_IO, "%s", emsg);
	return of;
}

static FILE *
open_in(const char *path, const struct sealkey *key)
{
	char emsg[1024];
	FILE *fp;

	if ((fp = seal_open(path, key, emsg, sizeof(emsg))) == NULL)
		errx(errno == EINVAL ? HDX_EXIT_DATA : HDX_EXIT_IO, "%s", emsg);
	return fp;
}

static void
close_out(struct outfile *of)
{
	char emsg[1024];

	if (outfile_commit(of, emsg, sizeof(emsg)) == -1)
		errx(HDX_EXIT_IO, "%s", emsg);
}

/* The site and the standard it names (or --standard). */
static struct standard *
load(const struct options *o, struct site **site)
{
	struct standard *std;
	const char *dir = o->standard;
	char emsg[1024];

	if ((*site = site_load(o->site, emsg, sizeof(emsg))) == NULL)
		errx(HDX_EXIT_DATA, "%s", emsg);
	if (dir == NULL)
		dir = site_get(*site, "site", "standard");
	if (dir == NULL)
		dir = std_default_dir();
	if ((std = std_load(dir, emsg, sizeof(emsg))) == NULL)
		errx(HDX_EXIT_DATA, "%s", emsg);
	return std;
}

/* A local code for stderr: at most 40 bytes, no control characters. */
static const char *
printable(char out[48], const char *s, size_t len)
{
	size_t i;

	if (len > 40)
		for (len = 40; len > 0 &&
		    ((unsigned char)s[len] & 0xc0) == 0x80; len--)
			;
	for (i = 0; i < len; i++)
		out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' :
		    s[i];
	out[len] = '\0';
	return out;
}

static void
summary(const struct mapper *mp, const struct counts *c)
{
	const struct map_domain *md;
	struct map_top top[SUMMARY_TOP];
	struct buf b;
	char code[48];
	size_t n, i, j, k;
	unsigned long left;

	buf_init(&b);
	n = mapper_domains(mp, &md);
	for (i = 0; i < n; i++, md++) {
		const struct map_stats *st = &md->st;
		const char *dn = md->domain->name;

		log_info("%s: %lu value%s: %lu mapped, %lu passed through, "
		    "%lu unmapped", dn, st->seen, st->seen == 1 ? "" : "s",
		    st->mapped, st->passed, st->unmapped);
		buf_reset(&b);
		k = mapstats_top(st, top, SUMMARY_TOP);
		for (j = 0; j < k; j++)
			buf_printf(&b, "%s'%s' (%lu)", j ? ", " : "",
			    printable(code, top[j].code, top[j].len),
			    top[j].count);
		if (k)
			log_info("%s: top unmapped: %s", dn, b.data);
		if (st->hidden)
			log_info("%s: %lu unmapped value%s of sensitive fields "
			    "not shown", dn, st->hidden,
			    st->hidden == 1 ? "" : "s");
		left = st->unmapped - st->defaulted;
		if (st->defaulted)
			log_warn("%s: %lu unmapped value%s set to the "
			    "default %s", dn, st->defaulted,
			    st->defaulted == 1 ? "" : "s", md->def);
		if (left)
			log_warn("%s: %lu unmapped value%s left for "
			    "hdx-check to reject", dn, left,
			    left == 1 ? "" : "s");
	}
	if (c->ragged)
		log_warn("%lu record%s with a wrong number of columns left "
		    "unmapped", c->ragged, c->ragged == 1 ? "" : "s");
	log_info("%lu record%s", c->records, c->records == 1 ? "" : "s");
	buf_free(&b);
}

/* A record whose column count differs from the header keeps it. */
static void
write_ragged(struct csv_writer *w, const struct tabin_record *r, size_t nf)
{
	size_t i;

	for (i = 0; i < r->ncols; i++)
		csvw_field(w, i < nf ? r->v[i] : "", i < nf ? r->len[i] : 0);
	csvw_end(w);
}

/*
 * A mapped record. The values the mapper left as they were read keep the
 * record's plainness, and need no look for bytes to quote.
 */
static void
write_mapped(struct csv_writer *w, const struct tabin_record *r,
    char *const *read, size_t nf)
{
	size_t i;

	for (i = 0; i < nf; i++) {
		if (r->plain && r->v[i] == read[i])
			csvw_plain(w, r->v[i], r->len[i]);
		else
			csvw_field(w, r->v[i], r->len[i]);
	}
	csvw_end(w);
}

static void
map_stream(const struct options *o, const struct std_table *t,
    struct mapper *mp, const struct sealkey *key, struct counts *c)
{
	struct tabin_record *r;
	struct csv_writer *w;
	struct tabin *ti;
	struct outfile *out;
	FILE *in = open_in(o->in, key);
	const char *name = o->in ? o->in : "-";
	char emsg[1024], **read;
	size_t i;
	int rc;

	if ((ti = tabin_open(in, name, t, emsg, sizeof(emsg))) == NULL)
		errx(ferror(in) ? HDX_EXIT_IO : HDX_EXIT_DATA, "%s", emsg);
	out = open_out(o->out, key);
	w = csvw_new(outfile_fp(out));
	for (i = 0; i < t->nfields; i++)
		csvw_field(w, t->field[i].name, strlen(t->field[i].name));
	csvw_end(w);
	read = xcalloc(t->nfields ? t->nfields : 1, sizeof(*read));
	while ((rc = tabin_next(ti, &r)) == 1) {
		c->records++;
		if (r->ragged) {
			c->ragged++;
			write_ragged(w, r, t->nfields);
			continue;
		}
		memcpy(read, r->v, t->nfields * sizeof(*read));
		c->left += mapper_record(mp, r->v, r->len);
		write_mapped(w, r, read, t->nfields);
	}
	free(read);
	if (rc == -1) {
		outfile_discard(out);
		errx(ferror(in) ? HDX_EXIT_IO : HDX_EXIT_DATA, "%s",
		    tabin_error(ti));
	}
	if (csvw_free(w) == -1) {
		outfile_discard(out);
		err(HDX_EXIT_IO, "%s", o->out ? o->out : "stdout");
	}
	close_out(out);
	tabin_free(ti);
	if (in != stdin)
		fclose(in);
}

static int
run_map(const struct options *o)
{
	struct standard *std;
	struct site *site;
	struct sealkey *key;
	struct mapper *mp;
	const struct map_domain *md;
	const struct std_table *t;
	struct counts c;
	char emsg[1024];
	size_t n;
	int rc;

	std = load(o, &site);
	if ((t = std_table(std, o->table)) == NULL)
		errx(HDX_EXIT_USAGE, "-t %s: no table '%s' in %s/tables.csv",
		    o->table, o->table, std->dir);
	if ((rc = mapper_open(&mp, site, t, emsg, sizeof(emsg))) != MAP_OK)
		errx(rc == MAP_EIO ? HDX_EXIT_IO : HDX_EXIT_DATA, "%s", emsg);
	if (sealkey_site(site, &key, emsg, sizeof(emsg)) == -1)
		errx(HDX_EXIT_DATA, "%s", emsg);
	memset(&c, 0, sizeof(c));
	map_stream(o, t, mp, key, &c);
	sealkey_free(key);
	summary(mp, &c);
	n = mapper_domains(mp, &md);
	if (o->report && mapreport_write(o->report, t->name, o->in ? o->in :
	    "-", c.records, c.ragged, md, n, emsg, sizeof(emsg)) == -1)
		errx(HDX_EXIT_IO, "%s", emsg);
	mapper_free(mp);
	std_free(std);
	site_free(site);
	return c.left ? HDX_EXIT_FINDINGS : HDX_EXIT_OK;
}

static int
run_suggest(const struct options *o)
{
	const struct std_domain *d;
	struct mapping *m = NULL;
	struct standard *std;
	struct site *site;
	char emsg[1024], *path, *sec;
	struct outfile *out;
	FILE *in;
	int status, fold;

	std = load(o, &site);
	if ((d = std_domain(std, o->domain)) == NULL)
		errx(HDX_EXIT_USAGE, "--domain %s: no domain '%s' in "
		    "%s/domains", o->domain, o->domain, std->dir);
	sec = xasprintf("map %s", d->name);
	fold = site_get(site, sec, "fold") == NULL ||
	    strcmp(site_get(site, sec, "fold"), "no") != 0;
	free(sec);
	if ((path = mapping_domain_file(site, d->name)) != NULL &&
	    (m = mapping_load(path, d, fold, &status, emsg,
	    sizeof(emsg))) == NULL)
		errx(status == MAP_EIO ? HDX_EXIT_IO : HDX_EXIT_DATA, "%s",
		    emsg);
	free(path);
	/* a dictionary and a mapping, not staging files */
	in = open_in(o->local, NULL);
	out = open_out(o->out, NULL);
	if (mapping_suggest(in, o->local, d, m, fold, outfile_fp(out), emsg,
	    sizeof(emsg)) == -1) {
		status = ferror(in) || ferror(outfile_fp(out)) ? HDX_EXIT_IO :
		    HDX_EXIT_DATA;
		outfile_discard(out);
		errx(status, "%s", emsg);
	}
	close_out(out);
	fclose(in);
	mapping_free(m);
	std_free(std);
	site_free(site);
	return HDX_EXIT_OK;
}

/* One line per problem, each said once (a file shared by tables). */
static void
lint_problem(struct hmap *seen, size_t *n, const char *msg)
{
	int added;

	hmap_put(seen, msg, strlen(msg), &added);
	if (!added)
		return;
	warnx("%s", msg);
	(*n)++;
}

/* The site's [table] and [map] sections name tables, fields, domains. */
static void
lint_sections(const struct site *site, const struct standard *std,
    struct hmap *seen, size_t *n)
{
	const char **names, **keys;
	const struct std_table *t;
	char *sec, *msg;
	size_t i, j;

	site_sections(site, "table", &names);
	for (i = 0; names[i]; i++) {
		if ((t = std_table(std, names[i])) == NULL) {
			msg = xasprintf("%s: [table %s]: not a table of the "
			    "standard", site_file(site), names[i]);
			lint_problem(seen, n, msg);
			free(msg);
			continue;
		}
		sec = xasprintf("table %s", names[i]);
		site_keys(site, sec, &keys);
		for (j = 0; keys[j]; j++) {
			int f;

			if (strncmp(keys[j], "map.", 4) != 0)
				continue;
			/* a field without a domain: the mapper says so */
			if ((f = std_field_index(t, keys[j] + 4)) >= 0)
				continue;
			msg = xasprintf("%s:%lu: %s: no field '%s' in %s",
			    site_file(site), site_line(site, sec, keys[j]),
			    keys[j], keys[j] + 4, t->name);
			lint_problem(seen, n, msg);
			free(msg);
		}
		free(keys);
		free(sec);
	}
	site_sections(site, "map", &names);
	for (i = 0; names[i]; i++)
		if (std_domain(std, names[i]) == NULL) {
			msg = xasprintf("%s: [map %s]: not a domain of the "
			    "standard", site_file(site), names[i]);
			lint_problem(seen, n, msg);
			free(msg);
		}
}

/*
 * lint: every mapping file the site would use, for every table and every
 * domain, loaded as the mapper loads it (unknown standard codes,
 * conflicting duplicates, empty files are errors of the loader), and
 * the site's mapping keys checked against the standard.
 */
static int
run_lint(const struct options *o)
{
	struct hmap *seen = hmap_new();
	struct standard *std;
	struct mapper *mp;
	struct mapping *m;
	struct site *site;
	char emsg[1024], *path;
	size_t i, n = 0;
	int status;

	std = load(o, &site);
	lint_sections(site, std, seen, &n);
	for (i = 0; i < std->ntables; i++) {
		if (mapper_open(&mp, site, &std->table[i], emsg,
		    sizeof(emsg)) != MAP_OK)
			lint_problem(seen, &n, emsg);
		mapper_free(mp);
	}
	for (i = 0; i < std->ndomains; i++) {
		if ((path = mapping_domain_file(site, std->domain[i]->name)) ==
		    NULL)
			continue;
		if ((m = mapping_load(path, std->domain[i], 1, &status, emsg,
		    sizeof(emsg))) == NULL)
			lint_problem(seen, &n, emsg);
		mapping_free(m);
		free(path);
	}
	if (n)
		log_info("%zu problem%s in the mapping files", n, n == 1 ? "" : "s");
	hmap_free(seen);
	std_free(std);
	site_free(site);
	return n ? HDX_EXIT_FINDINGS : HDX_EXIT_OK;
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "domain", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "local", required_argument, NULL, 'L' },
		{ "report", required_argument, NULL, 'R' },
		{ "standard", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	o->verbosity = 1;
	if (argc > 1 && strcmp(argv[1], "suggest") == 0) {
		o->suggest = 1;
		argc--;
		argv++;
	} else if (argc > 1 && strcmp(argv[1], "lint") == 0) {
		o->lint = 1;
		argc--;
		argv++;
	}
	while ((ch = getopt_long(argc, argv, "c:hi:o:qt:v", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c': o->site = optarg; break;
		case 'D': o->domain = optarg; break;
		case 'h': usage(HDX_EXIT_OK);
		case 'i': o->in = optarg; break;
		case 'L': o->local = optarg; break;
		case 'o': o->out = optarg; break;
		case 'q': o->verbosity = 0; break;
		case 'R': o->report = optarg; break;
		case 's': o->standard = optarg; break;
		case 't': o->table = optarg; break;
		case 'v': o->verbosity++; break;
		default: usage(HDX_EXIT_USAGE);
		}
	}
	if (optind != argc || o->site == NULL)
		usage(HDX_EXIT_USAGE);
	if (o->lint ? o->table || o->in || o->out || o->domain || o->local ||
	    o->report : o->suggest ? o->domain == NULL || o->local == NULL ||
	    o->table || o->in || o->report : o->table == NULL || o->domain ||
	    o->local)
		usage(HDX_EXIT_USAGE);
}

int
main(int argc, char **argv)
{
	struct options o;

	memset(&o, 0, sizeof(o));
	parse_options(argc, argv, &o);
	log_init("hdx-map", o.verbosity);
	if (o.lint)
		return run_lint(&o);
	return o.suggest ? run_suggest(&o) : run_map(&o);
}
