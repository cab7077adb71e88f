/*
 * hdx-purge - delete what the standard says must not be kept: the
 * patient-level records older than the retention period (api.md 6) from
 * the staging area and the front-end database, and the shared library's
 * authorisations whose visit was completed more than 15 days ago or that
 * were revoked (api.md 8.6). A dry run unless --yes.
 *
 *   hdx-purge [-qv] -c SITE [--staging] [--frontdb] [--shared [--full]]
 *       [--standard DIR] [--today D] [--yes]
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "completion.h"
#include "exitcode.h"
#include "frontdb.h"
#include "log.h"
#include "purge.h"
#include "site.h"
#include "standard.h"
#include "util.h"
#include "value.h"

struct options {
	const char	*site;
	const char	*standard;
	const char	*today;
	int		 staging, frontdb, shared;
	int		 yes;
	int		 full;
	int		 verbosity;
};

struct tally {
	long		 rows;
	size_t		 n;
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: hdx-purge [-qv] -c SITE [--staging] [--frontdb] [--shared "
	    "[--full]]\n"
	    "                 [--standard DIR] [--today D] [--yes]\n");
	exit(status);
}

static void
print_count(void *arg, const char *where, const char *what, long n)
{
	struct tally *t = arg;

	printf("%s %s %ld\n", where, what, n);
	t->rows += n;
	t->n++;
}

static struct standard *
load_standard(const struct options *o, const struct site *site)
{
	const char *dir = o->standard;
	struct standard *std;
	char ebuf[1024];

	if (dir == NULL)
		dir = site_get(site, "site", "standard");
	if (dir == NULL)
		dir = std_default_dir();
	if ((std = std_load(dir, ebuf, sizeof(ebuf))) == NULL)
		errx(HDX_EXIT_DATA, "%s", ebuf);
	return std;
}

static long
retention(const struct site *site)
{
	const char *v = site_get(site, "site", "retention_days");

	return v ? strtol(v, NULL, 10) : 15;
}

static const char *
verb(const struct options *o)
{
	return o->yes ? "deleted" : "would be deleted (dry run; --yes deletes)";
}

static int
do_staging(const struct options *o, const struct site *site,
    const char *cutoff)
{
	char *dir = site_path(site, "site", "staging_dir"), ebuf[1024];
	struct tally t = { 0, 0 };

	if (dir == NULL) {
		log_warn("%s: [site] staging_dir is not set: no staging purge",
		    site_file(site));
		return HDX_EXIT_OK;
	}
	if (purge_staging(dir, cutoff, !o->yes, print_count, &t, ebuf,
	    sizeof(ebuf)) == -1) {
		log_msg(LOG_ERR, "%s", ebuf);
		free(dir);
		return HDX_EXIT_IO;
	}
	log_info("staging, before %s: %ld files of %zu days %s", cutoff,
	    t.rows, t.n, verb(o));
	free(dir);
	return HDX_EXIT_OK;
}

static int
do_frontdb(const struct options *o, struct frontdb *db,
    const struct standard *std, const char *cutoff)
{
	struct tally t = { 0, 0 };
	char ebuf[1024];

	if (purge_frontdb(db, std, cutoff, !o->yes, print_count, &t, ebuf,
	    sizeof(ebuf)) == -1) {
		log_msg(LOG_ERR, "%s", ebuf);
		return HDX_EXIT_IO;
	}
	log_info("front-end database, business dates before %s: %ld rows of "
	    "%zu tables %s", cutoff, t.rows, t.n, verb(o));
	return HDX_EXIT_OK;
}

/* How many days before the earliest authorisation in force the
 * hospital's records are read from; -1 with --full: all of them. */
static long
shared_lookback(const struct options *o, const struct site *site)
{
	const char *v = site_get(site, "site", "shared_lookback_days");

	if (o->full)
		return -1;
	return v ? strtol(v, NULL, 10) : 30;
}

static void
log_hospital(const struct purge_shared_stats *st)
{
	int k;

	for (k = 0; k < COMPL_NKINDS; k++)
		log_verbose("hospital's %s records changed since %s: %lu read, "
		    "%lu of the authorisations kept", compl_kind_name(k),
		    st->since, st->read[k], st->kept_rows[k]);
}

static int
do_shared(const struct options *o, const struct site *site,
    struct frontdb *db, const struct standard *std, const char *today)
{
	struct purge_shared_opts po = { today, shared_lookback(o, site),
	    !o->yes };
	struct purge_shared_stats st;
	struct tally t = { 0, 0 };
	char ebuf[1024];
	int rc;

	rc = purge_shared(db, std, site, &po, print_count, &t, &st, ebuf,
	    sizeof(ebuf));
	if (rc != HDX_EXIT_OK) {
		log_msg(LOG_ERR, "%s", ebuf);
		if (st.nauth == 0)	/* nothing decided, nothing deleted */
			return rc;
	}
	log_hospital(&st);
	log_info("shared library on %s: %zu authorisations: %zu due (%zu "
	    "revoked, %zu completed), %zu kept (%zu not complete); %ld rows %s",
	    today, st.nauth, st.revoked + st.completed, st.revoked,
	    st.completed, st.kept + st.incomplete, st.incomplete, t.rows,
	    verb(o));
	return rc;
}

static int
run(const struct options *o)
{
	struct site *site;
	struct standard *std;
	struct frontdb *db = NULL;
	char ebuf[1024], today[11], cutoff[11];
	int status = HDX_EXIT_OK, s, nofrontdb;

	if ((site = site_load(o->site, ebuf, sizeof(ebuf))) == NULL)
		errx(HDX_EXIT_DATA, "%s", ebuf);
	std = load_standard(o, site);
	if (o->today)
		snprintf(today, sizeof(today), "%s", o->today);
	else
		beijing_today(today);
	purge_cutoff(today, retention(site), cutoff);
	/* a site of channel (b) may have no front-end tables to purge; the
	 * shared library is in the front-end database whatever the channel */
	nofrontdb = site_get(site, "upload", "frontdb") == NULL;
	if (o->frontdb && nofrontdb && !o->shared)
		log_warn("%s: [upload] frontdb is not set: no front-end "
		    "database purge", site_file(site));
	else if ((o->frontdb || o->shared) &&
	    (db = frontdb_open(site, ebuf, sizeof(ebuf))) == NULL)
		errx(HDX_EXIT_IO, "%s", ebuf);
	if (o->staging && (s = do_staging(o, site, cutoff)) != HDX_EXIT_OK)
		status = s;
	if (o->frontdb && db && (s = do_frontdb(o, db, std, cutoff)) !=
	    HDX_EXIT_OK)
		status = s;
	if (o->shared && (s = do_shared(o, site, db, std, today)) !=
	    HDX_EXIT_OK)
		status = s;
	frontdb_close(db);
	std_free(std);
	site_free(site);
	return status;
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "frontdb", no_argument, NULL, 'F' },
		{ "full", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "shared", no_argument, NULL, 'H' },
		{ "staging", no_argument, NULL, 'G' },
		{ "standard", required_argument, NULL, 'S' },
		{ "today", required_argument, NULL, 'T' },
		{ "yes", no_argument, NULL, 'y' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	memset(o, 0, sizeof(*o));
	o->verbosity = 1;
	while ((ch = getopt_long(argc, argv, "c:hqv", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->site = optarg;
			break;
		case 'F':
			o->frontdb = 1;
			break;
		case 'f':
			o->full = 1;
			break;
		case 'G':
			o->staging = 1;
			break;
		case 'H':
			o->shared = 1;
			break;
		case 'h':
			usage(HDX_EXIT_OK);
		case 'q':
			o->verbosity = 0;
			break;
		case 'S':
			o->standard = optarg;
			break;
		case 'T':
			if (!date_valid(optarg, strlen(optarg)))
				errx(HDX_EXIT_USAGE, "--today %s: expected "
				    "YYYY-MM-DD", optarg);
			o->today = optarg;
			break;
		case 'v':
			o->verbosity++;
			break;
		case 'y':
			o->yes = 1;
			break;
		default:
			usage(HDX_EXIT_USAGE);
		}
	}
	if (optind != argc || o->site == NULL)
		usage(HDX_EXIT_USAGE);
	if (o->full && !o->shared)
		errx(HDX_EXIT_USAGE, "--full is an option of --shared");
	if (!o->staging && !o->frontdb && !o->shared)
		o->staging = 1;
}

int
main(int argc, char **argv)
{
	struct options o;
	int status;

	parse_options(argc, argv, &o);
	log_init("hdx-purge", o.verbosity);
	status = run(&o);
	if (fclose(stdout) == EOF)
		err(HDX_EXIT_IO, "stdout");
	return status;
}
