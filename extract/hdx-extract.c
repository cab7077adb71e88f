/*
 * hdx-extract - run a site's query for one table of the standard over a
 * window of update_time and write the rows as the standard's CSV.
 *
 *   hdx-extract -c SITE -t TABLE [--since TS --until TS | --date D | --full]
 *               [-o FILE] [--count]
 *   hdx-extract -c SITE -t TABLE --commit-watermark TS
 */
#include <sys/stat.h>
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
#include "ledger.h"
#include "log.h"
#include "normalize.h"
#include "payload.h"
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
	unsigned long	 dropped;	/* re-read rows delivered unchanged */
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: hdx-extract [-qv] -c SITE -t TABLE [--since TS --until TS |"
	    " --date YYYY-MM-DD | --full]\n"
	    "                   [-o FILE] [--count]\n"
	    "       hdx-extract [-qv] -c SITE -t TABLE --commit-watermark TS\n");
	exit(status);
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	enum { O_SINCE = 256, O_UNTIL, O_DATE, O_FULL, O_COMMIT, O_COUNT,
	    O_HELP };
	static const struct option longopts[] = {
		{ "commit-watermark", required_argument, NULL, O_COMMIT },
		{ "count", no_argument, NULL, O_COUNT },
		{ "date", required_argument, NULL, O_DATE },
		{ "full", no_argument, NULL, O_FULL },
		{ "help", no_argument, NULL, O_HELP },
		{ "output", required_argument, NULL, 'o' },
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
	    (x->ledger = ledger_open(dir, err, sizeof(err))) == NULL)
		errx(HDX_EXIT_IO, "%s", err);
	free(path);
	free(dir);
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
	char hex[65], err[128], *org, *upd;
	int known;

	if (x->ledger == NULL || ut < 0 || len[ut] != 19 ||
	    strncmp(row[ut], x->wm, 19) > 0)
		return 0;
	if ((of = std_field_index(t, "org_code")) < 0 ||
	    payload_key_digest(t, row, len, hex, err, sizeof(err)) == -1)
		return 0;
	org = xstrndup(row[of], len[of]);
	upd = xstrndup(row[ut], len[ut]);
	known = ledger_key_known(x->ledger, t->name, org, hex, upd);
	free(org);
	free(upd);
	if (known == LEDGER_KEY_SAME) {
		x->dropped++;
		return 1;
	}
	return 0;
}

/* The output: a temporary file beside FILE (0600), or stdout. */
static FILE *
open_output(const char *path, char **tmp)
{
	int fd;
	FILE *f;

	*tmp = NULL;
	if (path == NULL || strcmp(path, "-") == 0)
		return stdout;
	*tmp = xasprintf("%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(*tmp)) == -1)
		err(HDX_EXIT_IO, "%s", *tmp);
	if ((f = fdopen(fd, "w")) == NULL)
		err(HDX_EXIT_IO, "%s", *tmp);
	return f;
}

static void __attribute__((noreturn))
fail_output(char *tmp, int status, const char *msg)
{
	if (tmp != NULL)
		unlink(tmp);
	errx(status, "%s", msg);
}

static unsigned long
stream_rows(struct extract *x, FILE *out, char *tmp)
{
	const struct std_table *t = x->table;
	struct csv_writer *w = csvw_new(out);
	char **row, err[1024];
	size_t *len, i;
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
		if (already_uploaded(x, row, len))
			continue;
		csvw_record(w, row, len, t->nfields);
		if (++rows % 10000 == 0 && log_progress_wanted()) {
			clock_gettime(CLOCK_MONOTONIC, &t1);
			secs = (t1.tv_sec - t0.tv_sec) +
			    (t1.tv_nsec - t0.tv_nsec) / 1e9;
			log_progress("%s: %lu rows, %.0f rows/s", t->name, rows,
			    secs > 0 ? rows / secs : 0.0);
		}
	}
	log_progress_end();
	if (rc == -1)
		fail_output(tmp, HDX_EXIT_IO, err);
	if (csvw_free(w) == -1 || fflush(out) == EOF || ferror(out) ||
	    (tmp != NULL && fsync(fileno(out)) == -1))
		fail_output(tmp, HDX_EXIT_IO, tmp ? tmp : "stdout");
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
	char e[2048], *tmp;
	unsigned long rows;
	FILE *out;
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
	out = open_output(o->output, &tmp);
	rows = stream_rows(x, out, tmp);
	source_close(src);
	if (tmp != NULL) {
		if (fclose(out) == EOF)
			fail_output(tmp, HDX_EXIT_IO, tmp);
		if (rename(tmp, o->output) == -1)
			err(HDX_EXIT_IO, "%s", o->output);
		free(tmp);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	log_info("%s: %lu rows from %s .. %s in %.1f s", x->table->name, rows,
	    x->since, x->until, (t1.tv_sec - t0.tv_sec) +
	    (t1.tv_nsec - t0.tv_nsec) / 1e9);
	if (x->dropped)
		log_info("%s: %lu rows of the look-back already delivered "
		    "unchanged: not sent again", x->table->name, x->dropped);
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
	std_free(x.std);
	site_free(x.site);
	return status;
}
