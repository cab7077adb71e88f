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
#include <limits.h>
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
#include "payload.h"
#include "normalize.h"
#include "site.h"
#include "source.h"
#include "standard.h"
#include "util.h"
#include "value.h"
#include "watermark.h"

#define FULL_SINCE	"0001-01-01 00:00:00"
#define FULL_UNTIL	"9999-12-31 23:59:59"

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
	char		*sqlfile;
	char		*sql;
	char		*srcname;
	char		 since[20], until[20];
	int		*col;		/* per field of the table: result column */
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

/* ts (a valid datetime) moved by secs seconds, into out[20]. */
static void
dt_add(const char *ts, long secs, char out[20])
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	sscanf(ts, "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm) + secs;
	gmtime_r(&t, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
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
		dt_add(x->since, 86400, x->until);
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
		dt_add(wm, -back, x->since);
		beijing_now(x->until);
		memcpy(x->wm, wm, sizeof(x->wm));
		open_ledger(x);
	}
	if (strcmp(x->since, x->until) >= 0)
		errx(HDX_EXIT_USAGE, "the window %s .. %s is empty", x->since,
		    x->until);
}

static char *
read_sql(const char *path)
{
	struct buf b;
	char chunk[8192];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		err(HDX_EXIT_DATA, "%s", path);
	buf_init(&b);
	buf_adds(&b, "");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(f))
		err(HDX_EXIT_IO, "%s", path);
	fclose(f);
	/* a trailing ';' and blanks would break the count's sub-query */
	while (b.len > 0 && strchr(" \t\r\n;", b.data[b.len - 1]) != NULL)
		b.data[--b.len] = '\0';
	if (b.len == 0)
		errx(HDX_EXIT_DATA, "%s: empty query", path);
	return buf_steal(&b);
}

/* The site, the standard, the table, its query and its source. */
static void
setup(const struct options *o, struct extract *x)
{
	const char **names;
	char err[1024], *section, *dir, *file;

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
	section = xasprintf("table %s", x->table->name);
	if ((x->sqlfile = site_path(x->site, section, "sql")) == NULL) {
		if ((dir = site_path(x->site, "site", "sql_dir")) == NULL)
			errx(HDX_EXIT_DATA, "%s: no sql for %s: give [table %s] "
			    "sql or [site] sql_dir", site_file(x->site),
			    x->table->name, x->table->name);
		file = xasprintf("%s.sql", x->table->name);
		x->sqlfile = path_join(dir, file);
		free(file);
		free(dir);
	}
	if (site_get(x->site, section, "source") != NULL)
		x->srcname = xstrdup(site_get(x->site, section, "source"));
	else if (site_sections(x->site, "source", &names) == 1)
		x->srcname = xstrdup(names[0]);
	else
		errx(HDX_EXIT_DATA, "%s: [table %s] needs a source",
		    site_file(x->site), x->table->name);
	free(section);
	x->sql = read_sql(x->sqlfile);
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
 * Matches the query's columns to the table's fields by name (ASCII case
 * folded, as ODBC drivers may fold names); a missing, extra or repeated
 * column is an error that names them all.
 */
static int
match_columns(struct extract *x, struct source *src, char *err, size_t errlen)
{
	const struct std_table *t = x->table;
	struct buf missing, extra;
	size_t i, j, n = source_ncols(src);
	int rc = 0;

	x->col = xreallocarray(NULL, t->nfields, sizeof(*x->col));
	buf_init(&missing);
	buf_init(&extra);
	for (i = 0; i < t->nfields; i++) {
		x->col[i] = -1;
		for (j = 0; j < n; j++)
			if (strcasecmp(t->field[i].name,
			    source_colname(src, j)) == 0) {
				if (x->col[i] != -1)
					buf_printf(&extra, "%s%s (twice)",
					    extra.len ? ", " : "",
					    source_colname(src, j));
				else
					x->col[i] = j;
			}
		if (x->col[i] == -1)
			buf_printf(&missing, "%s%s", missing.len ? ", " : "",
			    t->field[i].name);
	}
	for (j = 0; j < n; j++)
		if (std_field_index(t, source_colname(src, j)) < 0) {
			for (i = 0; i < t->nfields; i++)
				if (strcasecmp(t->field[i].name,
				    source_colname(src, j)) == 0)
					break;
			if (i == t->nfields)
				buf_printf(&extra, "%s%s", extra.len ? ", " :
				    "", source_colname(src, j));
		}
	if (missing.len || extra.len) {
		seterr(err, errlen, "%s: the columns do not match %s:%s%s%s%s",
		    x->sqlfile, t->name, missing.len ? " missing " : "",
		    missing.len ? missing.data : "",
		    missing.len && extra.len ? ";" : "",
		    extra.len ? " extra " : "");
		if (extra.len)
			snprintf(err + strlen(err), errlen - strlen(err), "%s",
			    extra.data);
		rc = -1;
	}
	buf_free(&missing);
	buf_free(&extra);
	return rc;
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

/* A write to OUT (PATH, through TMP) failed: why, and the file it is. */
static void __attribute__((noreturn))
fail_write(char *tmp, const char *path)
{
	char msg[PATH_MAX + 128];

	snprintf(msg, sizeof(msg), "%s: %s", path ? path : "stdout",
	    strerror(errno ? errno : EIO));
	fail_output(tmp, HDX_EXIT_IO, msg);
}

static unsigned long
stream_rows(struct extract *x, struct source *src, FILE *out, char *tmp,
    const char *path)
{
	const struct std_table *t = x->table;
	struct csv_writer *w = csvw_new(out);
	struct buf *v = xcalloc(t->nfields, sizeof(*v));
	char **row = xcalloc(t->nfields, sizeof(*row));
	size_t *len = xcalloc(t->nfields, sizeof(*len)), i;
	char *const *val;
	const size_t *vlen;
	char err[1024];
	unsigned long rows = 0;
	struct timespec t0, t1;
	double secs;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < t->nfields; i++) {
		buf_init(&v[i]);
		row[i] = t->field[i].name;
	}
	csvw_record(w, row, NULL, t->nfields);
	while ((rc = source_fetch(src, &val, &vlen, err, sizeof(err))) == 1) {
		for (i = 0; i < t->nfields; i++) {
			norm_value(t->field[i].type, t->field[i].scale,
			    val[x->col[i]], vlen[x->col[i]], &v[i]);
			row[i] = v[i].data;
			len[i] = v[i].len;
		}
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
	errno = 0;
	if (csvw_free(w) == -1 || fflush(out) == EOF || ferror(out) ||
	    (tmp != NULL && fsync(fileno(out)) == -1))
		fail_write(tmp, path);
	for (i = 0; i < t->nfields; i++)
		buf_free(&v[i]);
	free(v);
	free(row);
	free(len);
	return rows;
}

static int
run(const struct options *o, struct extract *x)
{
	struct source_param params[2];
	struct source *src;
	struct timespec t0, t1;
	char e[2048], *tmp, *q;
	unsigned long rows;
	char *const *val;
	const size_t *vlen;
	FILE *out;

	window(o, x);
	params[0].name = "since";
	params[0].value = x->since;
	params[1].name = "until";
	params[1].value = x->until;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((src = source_open(x->site, x->srcname, e, sizeof(e))) == NULL)
		errx(HDX_EXIT_IO, "%s", e);
	if (o->count) {
		q = xasprintf("SELECT count(*) FROM (\n%s\n) hdx_count", x->sql);
		if (source_query(src, q, params, 2, e, sizeof(e)) == -1 ||
		    source_fetch(src, &val, &vlen, e, sizeof(e)) != 1)
			errx(HDX_EXIT_IO, "%s: %s", x->sqlfile, e);
		printf("%.*s\n", (int)vlen[0], val[0] ? val[0] : "0");
		free(q);
		source_close(src);
		return HDX_EXIT_OK;
	}
	if (source_query(src, x->sql, params, 2, e, sizeof(e)) == -1)
		errx(HDX_EXIT_IO, "%s: %s", x->sqlfile, e);
	if (match_columns(x, src, e, sizeof(e)) == -1)
		errx(HDX_EXIT_DATA, "%s", e);
	out = open_output(o->output, &tmp);
	rows = stream_rows(x, src, out, tmp, o->output);
	source_close(src);
	if (tmp != NULL) {
		if (fclose(out) == EOF)
			fail_write(tmp, o->output);
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
	free(x.col);
	free(x.sql);
	free(x.sqlfile);
	free(x.srcname);
	std_free(x.std);
	site_free(x.site);
	return status;
}
