/*
 * hdx-purge - delete what the standard says must not be kept: the
 * patient-level records older than the retention period (api.md 6) from
 * the staging area, the outbox and the front-end database, and the shared library's
 * authorisations whose visit was completed more than 15 days ago or that
 * were revoked (api.md 8.6). A dry run unless --yes.
 *
 *   hdx-purge [-qv] -c SITE [--staging] [--frontdb] [--shared [--full]]
 *       [--standard DIR] [--today D] [--yes]
 */
#include <err.h>
#include <getopt.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "completion.h"
#include "exitcode.h"
#include "frontdb.h"
#include "ledger.h"
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

/*
 * The outbox of the ledger in the state directory is the retry queue of
 * api.md 6: its records are purged by their own business date (else
 * their update_time, else the day they were queued). A batch that keeps
 * some records is queued again under the id of what it keeps; the ledger
 * says what was purged, by counts.
 */
struct outbox_purge {
	const struct options *o;
	const struct standard *std;
	struct ledger	*l;
	const char	*cutoff;
	struct tally	 t;
	int		 failed;
	char		 err[1024];
};

static void
record_date(const struct std_table *t, const struct batch_rec *r,
    const char *queued_at, char out[11])
{
	int f[2] = { t->business_date, std_field_index(t, "update_time") };
	size_t j;

	for (j = 0; j < 2; j++)
		if (f[j] >= 0 && r->len[f[j]] >= 10 &&
		    date_valid(r->v[f[j]], 10)) {
			snprintf(out, 11, "%.10s", r->v[f[j]]);
			return;
		}
	snprintf(out, 11, "%.10s", queued_at);
}

/* Deletes one outbox entry, queues what it keeps; 0 or -1 with p->err. */
static int
outbox_expire(struct outbox_purge *p, const struct ledger_outbox *o,
    struct batch *b, const char *expired, size_t nexp)
{
	struct batch_rec *keep = xcalloc(b->n, sizeof(*keep));
	struct batch *kb = NULL;
	struct buf csv, why;
	size_t i, nkeep = 0;
	int rc = -1;

	buf_init(&csv);
	buf_init(&why);
	for (i = 0; i < b->n; i++)
		if (!expired[i])
			keep[nkeep++] = b->rec[i];
	buf_printf(&why, "%zu of %zu records past the retention period "
	    "(api.md 6) purged undelivered", nexp, b->n);
	if (nkeep > 0) {
		if ((kb = batch_make(b->t, o->org, o->generation, keep, nkeep,
		    p->err, sizeof(p->err))) == NULL ||
		    batch_to_csv(kb, &csv, p->err, sizeof(p->err)) == -1)
			goto done;
		buf_printf(&why, "; %zu queued again as %s", nkeep, kb->id);
	}
	if (ledger_begin(p->l, p->err, sizeof(p->err)) == -1)
		goto done;
	if (ledger_outbox_delete(p->l, o->id, p->err, sizeof(p->err)) == -1 ||
	    (kb && ledger_outbox_put(p->l, kb->id, kb->t->name, kb->org,
	    kb->generation, csv.data, csv.len, p->err, sizeof(p->err)) == -1) ||
	    ledger_batch_expire(p->l, o->id, why.data, p->err,
	    sizeof(p->err)) == -1 ||
	    ledger_commit(p->l, p->err, sizeof(p->err)) == -1)
		goto done;
	log_verbose("%s: %s", o->id, why.data);
	rc = 0;
done:
	batch_free(kb);
	buf_free(&csv);
	buf_free(&why);
	free(keep);
	return rc;
}

static int
outbox_one(void *arg, const struct ledger_outbox *o)
{
	struct outbox_purge *p = arg;
	const struct std_table *t = std_table(p->std, o->table);
	struct batch *b;
	char date[11], *expired;
	size_t i, nexp = 0;
	int rc = 0;

	if (t == NULL || t->master)
		return 0;
	if ((b = batch_from_csv(t, o->org, o->generation, o->csv, o->len,
	    o->id, p->err, sizeof(p->err))) == NULL) {
		p->failed = 1;
		return 1;
	}
	expired = xcalloc(b->n ? b->n : 1, 1);
	for (i = 0; i < b->n; i++) {
		record_date(t, &b->rec[i], o->queued_at, date);
		if (strcmp(date, p->cutoff) < 0) {
			expired[i] = 1;
			nexp++;
		}
	}
	if (nexp > 0 && !p->o->yes)
		print_count(&p->t, "outbox", o->id, (long)nexp);
	else if (nexp > 0) {
		if ((rc = outbox_expire(p, o, b, expired, nexp)) == 0)
			print_count(&p->t, "outbox", o->id, (long)nexp);
		else
			p->failed = 1;
	}
	free(expired);
	batch_free(b);
	return rc == 0 ? 0 : 1;
}

static int
do_outbox(const struct options *o, const struct site *site,
    const struct standard *std, const char *cutoff)
{
	struct outbox_purge p;
	char *dir = site_path(site, "site", "state_dir"), *path;
	int status = HDX_EXIT_OK;

	if (dir == NULL)
		return HDX_EXIT_OK;
	path = path_join(dir, "ledger.db");
	memset(&p, 0, sizeof(p));
	p.o = o;
	p.std = std;
	p.cutoff = cutoff;
	/* nothing was ever spooled: no ledger is created for nothing */
	if (access(path, F_OK) == -1)
		goto done;
	if ((p.l = ledger_open(dir, p.err, sizeof(p.err))) == NULL ||
	    ledger_outbox_each(p.l, NULL, outbox_one, &p, p.err,
	    sizeof(p.err)) != 0 || p.failed ||
	    (o->yes && p.t.n > 0 && ledger_scrub(p.l, p.err,
	    sizeof(p.err)) == -1)) {
		log_msg(LOG_ERR, "%s", p.err);
		status = HDX_EXIT_IO;
	} else
		log_info("outbox, business dates before %s: %ld records of "
		    "%zu batches %s", cutoff, p.t.rows, p.t.n, verb(o));
	ledger_close(p.l);
done:
	free(path);
	free(dir);
	return status;
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
	if (o->staging && (s = do_outbox(o, site, std, cutoff)) != HDX_EXIT_OK)
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
