/*
 * hdx-extract - run a site's query for one table of the standard over a
 * window of update_time and write the rows as the standard's CSV.
 *
 *   hdx-extract -c SITE -t TABLE [--since TS --until TS | --date D
 *               [--previous FILE] | --full] [-o FILE] [--count]
 *   hdx-extract -c SITE -t TABLE --commit-watermark TS
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "csvio.h"
#include "exitcode.h"
#include "hmap.h"
#include "knownkeys.h"
#include "ledger.h"
#include "log.h"
#include "normalize.h"
#include "outfile.h"
#include "payload.h"
#include "sealfile.h"
#include "site.h"
#include "source.h"
#include "standard.h"
#include "tablesrc.h"
#include "util.h"
#include "value.h"
#include "watermark.h"

#define FULL_SINCE	TABLESRC_FULL_SINCE
#define FULL_UNTIL	TABLESRC_FULL_UNTIL

struct options {
	const char	*site;
	const char	*table;
	const char	*since;
	const char	*until;
	const char	*date;
	const char	*previous;
	const char	*output;
	const char	*commit;
	int		 full;
	int		 count;
	int		 verbosity;
};

struct extract {
	struct site	*site;
	struct standard	*std;
	const struct std_table *table;
	struct tablesrc	*query;		/* the site's query and its source */
	char		 since[20], until[20];
	char		 wm[20];	/* incremental: the watermark, else "" */
	struct ledger	*ledger;	/* what was delivered, or NULL */
	struct sealkey	*seal;		/* the staging files', or NULL */
	struct knownkeys *known;	/* its keys, asked per re-read row */
	unsigned long	 dropped;	/* re-read rows delivered unchanged */
	unsigned long	 unconverted;	/* values with bytes not of cs */
	/* --date with --previous: the look-back before the day */
	char		 day[20];	/* D 00:00:00, else "" */
	struct hmap	*before;	/* key digest + update_time of the day
					   before's extract, or NULL */
	unsigned long	 taken, late;	/* look-back rows: in it, not */
};

#define UNCONVERTED_SHOWN	100	/* messages, then only the count */
#define UNCONVERTED_SHOWN_S	"100"

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: hdx-extract [-qv] -c SITE -t TABLE [--since TS --until TS |"
	    "\n                   --date YYYY-MM-DD [--previous FILE] | --full]"
	    " [-o FILE] [--count]\n"
	    "       hdx-extract [-qv] -c SITE -t TABLE --commit-watermark TS\n");
	exit(status);
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	enum { O_SINCE = 256, O_UNTIL, O_DATE, O_FULL, O_COMMIT, O_COUNT,
	    O_HELP, O_PREVIOUS };
	static const struct option longopts[] = {
		{ "commit-watermark", required_argument, NULL, O_COMMIT },
		{ "count", no_argument, NULL, O_COUNT },
		{ "date", required_argument, NULL, O_DATE },
		{ "full", no_argument, NULL, O_FULL },
		{ "help", no_argument, NULL, O_HELP },
		{ "output", required_argument, NULL, 'o' },
		{ "previous", required_argument, NULL, O_PREVIOUS },
		{ "quiet", no_argument, NULL, 'q' },
		{ "since", required_argument, NULL, O_SINCE },
		{ "site", required_argument, NULL, 'c' },
		{ "table", required_argument, NULL, 't' },
		{ "until", required_argument, NULL, O_UNTIL },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	int ch, windows;

	o->verbosity = 1;
	while ((ch = getopt_long(argc, argv, "c:o:qt:v", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': o->site = optarg; break;
		case 'o': o->output = optarg; break;
		case 'q': o->verbosity = 0; break;
		case 't': o->table = optarg; break;
		case 'v': o->verbosity++; break;
		case O_COMMIT: o->commit = optarg; break;
		case O_COUNT: o->count = 1; break;
		case O_DATE: o->date = optarg; break;
		case O_FULL: o->full = 1; break;
		case O_PREVIOUS: o->previous = optarg; break;
		case O_SINCE: o->since = optarg; break;
		case O_UNTIL: o->until = optarg; break;
		case O_HELP: usage(0);
		default: usage(HDX_EXIT_USAGE);
		}
	}
	if (optind != argc || o->site == NULL || o->table == NULL)
		usage(HDX_EXIT_USAGE);
	windows = (o->since || o->until) + (o->date != NULL) + o->full;
	if (windows > 1 || (o->since == NULL) != (o->until == NULL))
		errx(HDX_EXIT_USAGE, "give one window: --since and --until "
		    "together, --date or --full");
	if (o->commit && (windows || o->output || o->count))
		errx(HDX_EXIT_USAGE, "--commit-watermark takes no window, "
		    "-o or --count");
	if (o->previous && (o->date == NULL || o->count))
		errx(HDX_EXIT_USAGE, "--previous goes with --date, not with "
		    "--count");
}

/* A datetime argument in any form normalize.h knows, into out[20]. */
static void
arg_datetime(const char *opt, const char *s, char out[20])
{
	struct buf b;

	buf_init(&b);
	if (!norm_value(STD_DT, 0, s, strlen(s), &b) || b.len != 19)
		errx(HDX_EXIT_USAGE, "%s %s: expected YYYY-MM-DD HH:MM:SS",
		    opt, s);
	memcpy(out, b.data, 20);
	buf_free(&b);
}

static void
beijing_now(char out[20])
{
	time_t t = time(NULL) + 8 * 3600;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

static char *
state_dir(const struct extract *x)
{
	char *d;

	if ((d = site_path(x->site, "site", "state_dir")) == NULL)
		errx(HDX_EXIT_DATA, "%s: [site] has no state_dir",
		    site_file(x->site));
	return d;
}

/* The uploader's ledger, when something was delivered already. */
static void
open_ledger(struct extract *x)
{
	char *dir = state_dir(x), *path = path_join(dir, "ledger.db");
	char err[512];

	if (access(path, F_OK) == 0 &&
	    ((x->ledger = ledger_open(dir, err, sizeof(err))) == NULL ||
	    ledger_reading(x->ledger, err, sizeof(err)) == -1))
		errx(HDX_EXIT_IO, "%s", err);
	/* a question per re-read row: the keys are taken into memory in one
	 * walk when there are enough of them (knownkeys.h) */
	if (x->ledger != NULL)
		x->known = knownkeys_new(x->ledger);
	free(path);
	free(dir);
}

/* The key digest of a row and its update_time (19 bytes), into k. */
static int
row_version(const struct std_table *t, char *const *v, const size_t *len,
    char k[64 + 19 + 1])
{
	int ut = std_field_index(t, "update_time");
	char err[128];

	if (ut < 0 || len[ut] != 19 ||
	    payload_key_digest(t, v, len, k, err, sizeof(err)) == -1)
		return -1;
	memcpy(k + 64, v[ut], 19);
	k[64 + 19] = '\0';
	return 0;
}

/*
 * --date D --previous FILE: the window starts the look-back before D,
 * so that a row committed after the run of the day before, with an
 * update_time of that day's last minutes, still goes (with D: the run
 * that finds it). The rows of the look-back that FILE, the day before's
 * extract, holds with their key and update_time went with that day and
 * are left out; without FILE the day before has not run, and its own
 * run takes them all. What goes depends on the source and FILE alone,
 * so a run of D again gives the same file.
 */
static void
open_previous(const struct options *o, struct extract *x)
{
	const struct std_table *t = x->table;
	struct csv_reader *r;
	struct csv_record *rec;
	char k[64 + 19 + 1], msg[1024];
	size_t i;
	FILE *f;
	int rc;

	memcpy(x->day, x->since, sizeof(x->day));
	datetime_add(x->day, -site_seconds(x->site, "site", "lookback", 600),
	    x->since);
	if ((f = seal_open(o->previous, x->seal, msg, sizeof(msg))) == NULL) {
		if (errno != ENOENT)
			errx(errno == EINVAL ? HDX_EXIT_DATA : HDX_EXIT_IO, "%s",
			    msg);
		log_verbose("%s: %s: none: the look-back is the day before's",
		    t->name, o->previous);
		return;
	}
	x->before = hmap_new();
	r = csvr_new(f, o->previous);
	if ((rc = csvr_next(r, &rec)) == 1) {
		for (i = 0; i < t->nfields && i < rec->nfields; i++)
			if (strcmp(rec->field[i], t->field[i].name) != 0)
				break;
		if (i != t->nfields || rec->nfields != t->nfields)
			errx(HDX_EXIT_DATA, "%s:1: not an extract of %s",
			    o->previous, t->name);
	}
	while (rc == 1 && (rc = csvr_next(r, &rec)) == 1)
		if (rec->nfields == t->nfields &&
		    row_version(t, rec->field, rec->len, k) == 0 &&
		    strcmp(k + 64, x->since) >= 0)
			hmap_put(x->before, k, strlen(k), NULL);
	if (rc == -1)
		errx(HDX_EXIT_DATA, "%s", csvr_error(r));
	csvr_free(r);
	fclose(f);
}

/*
 * A row of the look-back before --date's day: it goes only when the day
 * before's extract is there and does not hold it (a late commit).
 */
static int
before_the_day(struct extract *x, char *const *row, const size_t *len)
{
	int ut = std_field_index(x->table, "update_time");
	char k[64 + 19 + 1];

	if (x->day[0] == '\0' || ut < 0 || len[ut] != 19 ||
	    strncmp(row[ut], x->day, 19) >= 0)
		return 0;
	if (x->before != NULL && row_version(x->table, row, len, k) == 0 &&
	    hmap_get(x->before, k, strlen(k)) == NULL) {
		x->late++;
		return 0;
	}
	x->taken++;
	return 1;
}

static void
window(const struct options *o, struct extract *x)
{
	char err[1024], wm[20], *dir;
	long back;
	int rc;

	if (o->full) {
		strcpy(x->since, FULL_SINCE);
		strcpy(x->until, FULL_UNTIL);
	} else if (o->date) {
		if (strlen(o->date) != 10 || !date_valid(o->date, 10))
			errx(HDX_EXIT_USAGE, "--date %s: expected YYYY-MM-DD",
			    o->date);
		snprintf(x->since, sizeof(x->since), "%s 00:00:00", o->date);
		datetime_add(x->since, 86400, x->until);
		if (o->previous)
			open_previous(o, x);
	} else if (o->since) {
		arg_datetime("--since", o->since, x->since);
		arg_datetime("--until", o->until, x->until);
	} else {
		dir = state_dir(x);
		rc = wm_read(dir, x->table->name, wm, err, sizeof(err));
		free(dir);
		if (rc == -1)
			errx(HDX_EXIT_IO, "%s", err);
		if (rc == 0)
			errx(HDX_EXIT_USAGE, "%s: no watermark yet: give "
			    "--date, --since and --until, or --full",
			    x->table->name);
		back = site_seconds(x->site, "site", "lookback", 600);
		datetime_add(wm, -back, x->since);
		beijing_now(x->until);
		memcpy(x->wm, wm, sizeof(x->wm));
		open_ledger(x);
	}
	if (strcmp(x->since, x->until) >= 0)
		errx(HDX_EXIT_USAGE, "the window %s .. %s is empty", x->since,
		    x->until);
}

/*
 * A value with bytes that are not of the source's charset: where it is
 * (the data row of the output, as hdx-check's findings count them, the
 * key's fields and the column), never the value or the key's value.
 */
static void
report_unconverted(struct extract *x, unsigned long row, size_t field,
    size_t first)
{
	const struct std_table *t = x->table;
	struct buf key;
	size_t i;

	if (x->unconverted++ >= UNCONVERTED_SHOWN)
		return;
	buf_init(&key);
	for (i = 0; i < t->nkey; i++)
		buf_printf(&key, "%s%s", i ? "+" : "", t->field[t->key[i]].name);
	log_warn("%s: row %lu (key %s): %s: not %s from byte %zu: written "
	    "as U+001A for hdx-check to reject", t->name, row,
	    key.data ? key.data : "", t->field[field].name,
	    tablesrc_charset(x->query), first);
	buf_free(&key);
}

/* The site, the standard, the table, its query and its source. */
static void
setup(const struct options *o, struct extract *x)
{
	char err[1024], *dir;
	int status;

	memset(x, 0, sizeof(*x));
	if ((x->site = site_load(o->site, err, sizeof(err))) == NULL)
		errx(HDX_EXIT_DATA, "%s", err);
	dir = site_path(x->site, "site", "standard");
	x->std = std_load(dir ? dir : std_default_dir(), err, sizeof(err));
	free(dir);
	if (x->std == NULL)
		errx(HDX_EXIT_DATA, "%s", err);
	if ((x->table = std_table(x->std, o->table)) == NULL)
		errx(HDX_EXIT_USAGE, "-t %s: no such table in the standard",
		    o->table);
	if (o->commit)
		return;
	if (sealkey_site(x->site, &x->seal, err, sizeof(err)) == -1)
		errx(HDX_EXIT_DATA, "%s", err);
	if ((x->query = tablesrc_new(x->site, x->table, &status, err,
	    sizeof(err))) == NULL)
		errx(status, "%s", err);
}

static void
commit_watermark(const struct options *o, struct extract *x)
{
	char ts[20], err[1024], *dir;

	arg_datetime("--commit-watermark", o->commit, ts);
	dir = state_dir(x);
	if (wm_write(dir, x->table->name, ts, err, sizeof(err)) == -1)
		errx(HDX_EXIT_IO, "%s", err);
	log_verbose("%s: watermark %s", x->table->name, ts);
	free(dir);
}

/*
 * The look-back re-reads rows before the watermark so that a transaction
 * committed late is not missed; a re-read row whose key was delivered
 * with this very update_time is dropped, because sending it again would
 * reset its received_at and count it late (README 7.1). Rows after the
 * watermark, and rows the ledger does not know as they are, always go.
 */
static int
already_uploaded(struct extract *x, char *const *row, const size_t *len)
{
	const struct std_table *t = x->table;
	int ut = std_field_index(t, "update_time"), of;

	if (x->known == NULL || ut < 0 || len[ut] != 19 ||
	    strncmp(row[ut], x->wm, 19) > 0 ||
	    (of = std_field_index(t, "org_code")) < 0)
		return 0;
	if (knownkeys_same(x->known, t, row, len, of, row[ut], len[ut])) {
		x->dropped++;
		return 1;
	}
	return 0;
}

static unsigned long
stream_rows(struct extract *x, struct outfile *out)
{
	const struct std_table *t = x->table;
	struct csv_writer *w = csvw_new(outfile_fp(out));
	char **row, err[1024];
	size_t *len, i, nbad;
	const size_t *bad;
	unsigned long rows = 0;
	struct timespec t0, t1;
	double secs;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < t->nfields; i++)
		csvw_field(w, t->field[i].name, strlen(t->field[i].name));
	csvw_end(w);
	while ((rc = tablesrc_fetch(x->query, &row, &len, err,
	    sizeof(err))) == 1) {
		bad = tablesrc_unconverted(x->query, &nbad);
		if (already_uploaded(x, row, len) || before_the_day(x, row, len))
			continue;
		csvw_record(w, row, len, t->nfields);
		++rows;
		for (i = 0; nbad > 0 && i < t->nfields; i++)
			if (bad[i])
				report_unconverted(x, rows, i, bad[i]);
		if (rows % 10000 == 0 && log_progress_wanted()) {
			clock_gettime(CLOCK_MONOTONIC, &t1);
			secs = (t1.tv_sec - t0.tv_sec) +
			    (t1.tv_nsec - t0.tv_nsec) / 1e9;
			log_progress("%s: %lu rows, %.0f rows/s", t->name, rows,
			    secs > 0 ? rows / secs : 0.0);
		}
	}
	log_progress_end();
	if (rc == -1)
		errx(HDX_EXIT_IO, "%s", err);	/* the temporary goes at exit */
	errno = 0;
	if (csvw_free(w) == -1)
		errx(HDX_EXIT_IO, "%s: %s", outfile_name(out),
		    strerror(errno ? errno : EIO));
	return rows;
}

/* --count: SELECT count(*) over the query. */
static int
count_rows(struct extract *x, struct source *src)
{
	struct source_param params[2] = { { "since", x->since },
	    { "until", x->until } };
	const char *file = tablesrc_sqlfile(x->query);
	char e[2048], *q;
	char *const *val;
	const size_t *vlen;

	q = xasprintf("SELECT count(*) FROM (\n%s\n) hdx_count",
	    tablesrc_sql(x->query));
	if (source_query(src, q, params, 2, e, sizeof(e)) == -1 ||
	    source_fetch(src, &val, &vlen, e, sizeof(e)) != 1)
		errx(HDX_EXIT_IO, "%s: %s", file, e);
	printf("%.*s\n", (int)vlen[0], val[0] ? val[0] : "0");
	free(q);
	source_close(src);
	return HDX_EXIT_OK;
}

static int
run(const struct options *o, struct extract *x)
{
	struct source *src;
	struct timespec t0, t1;
	struct outfile *out;
	char e[2048];
	unsigned long rows;
	int status;

	window(o, x);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((src = source_open(x->site, tablesrc_source(x->query), e,
	    sizeof(e))) == NULL)
		errx(HDX_EXIT_IO, "%s", e);
	if (o->count)
		return count_rows(x, src);
	if ((status = tablesrc_run(x->query, src, x->since, x->until, e,
	    sizeof(e))) != 0)
		errx(status, "%s", e);
	if ((out = outfile_open_sealed(o->output, x->seal, e, sizeof(e))) ==
	    NULL)
		errx(HDX_EXIT_IO, "%s", e);
	rows = stream_rows(x, out);
	source_close(src);
	if (outfile_commit(out, e, sizeof(e)) == -1)
		errx(HDX_EXIT_IO, "%s", e);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	log_info("%s: %lu rows from %s .. %s in %.1f s", x->table->name, rows,
	    x->since, x->until, (t1.tv_sec - t0.tv_sec) +
	    (t1.tv_nsec - t0.tv_nsec) / 1e9);
	if (x->dropped)
		log_info("%s: %lu rows of the look-back already delivered "
		    "unchanged: not sent again", x->table->name, x->dropped);
	if (x->day[0])
		log_info("%s: the look-back from %s: %lu late row%s of the day "
		    "before, %lu left to it", x->table->name, x->since, x->late,
		    x->late == 1 ? "" : "s", x->taken);
	if (x->unconverted)
		log_warn("%s: %lu value%s not %s, written with U+001A%s",
		    x->table->name, x->unconverted,
		    x->unconverted == 1 ? "" : "s", tablesrc_charset(x->query),
		    x->unconverted > UNCONVERTED_SHOWN ? " (the first "
		    UNCONVERTED_SHOWN_S " shown)" : "");
	knownkeys_free(x->known);
	x->known = NULL;
	ledger_close(x->ledger);
	x->ledger = NULL;
	return HDX_EXIT_OK;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct extract x;
	int status = HDX_EXIT_OK;

	source_init();
	memset(&o, 0, sizeof(o));
	parse_options(argc, argv, &o);
	log_init("hdx-extract", o.verbosity);
	setup(&o, &x);
	if (o.commit)
		commit_watermark(&o, &x);
	else
		status = run(&o, &x);
	if (fclose(stdout) == EOF)
		err(HDX_EXIT_IO, "stdout");
	tablesrc_free(x.query);
	hmap_free(x.before);
	sealkey_free(x.seal);
	std_free(x.std);
	site_free(x.site);
	return status;
}
