/*
 * hdx-extract - run a site's query for one table of the standard over a
 * window of update_time and write the rows as the standard's CSV.
 *
 *   hdx-extract -c SITE -t TABLE [--since TS --until TS | --date D
 *               [--previous FILE] | --full] [-o FILE] [--count]
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

#include "charset.h"
#include "csvio.h"
#include "exitcode.h"
#include "hmap.h"
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
	char		*sqlfile;
	char		*sql;
	char		*srcname;
	char		 since[20], until[20];
	int		*col;		/* per field of the table: result column */
	char		 wm[20];	/* incremental: the watermark, else "" */
	struct ledger	*ledger;	/* what was delivered, or NULL */
	unsigned long	 dropped;	/* re-read rows delivered unchanged */
	struct charset	*cs;		/* the source's text to UTF-8, or NULL */
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
	char k[64 + 19 + 1];
	size_t i;
	FILE *f;
	int rc;

	memcpy(x->day, x->since, sizeof(x->day));
	dt_add(x->day, -site_seconds(x->site, "site", "lookback", 600),
	    x->since);
	if ((f = fopen(o->previous, "r")) == NULL) {
		if (errno != ENOENT)
			err(HDX_EXIT_IO, "%s", o->previous);
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
		dt_add(x->since, 86400, x->until);
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

/* The conversion of the source's charset, one for the run. */
static void
open_charset(struct extract *x)
{
	char *section = xasprintf("source %s", x->srcname), err[512];
	int conv;

	x->cs = charset_new(site_get(x->site, section, "charset"), &conv, err,
	    sizeof(err));
	if (conv && x->cs == NULL)
		errx(HDX_EXIT_DATA, "%s: [%s] %s", site_file(x->site), section,
		    err);
	free(section);
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
	    charset_name(x->cs), first);
	buf_free(&key);
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
	open_charset(x);
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

/*
 * A value of the source in UTF-8: as it is, or converted into u. 0 when
 * some bytes were not of the charset (*bad: the first, 1-based).
 */
static int
to_utf8(struct extract *x, const char *s, size_t n, struct buf *u,
    char **out, size_t *outlen, size_t *bad)
{
	*bad = 0;
	*out = (char *)s;
	*outlen = n;
	if (x->cs == NULL || s == NULL)
		return 1;
	charset_to_utf8(x->cs, s, n, u, bad);
	*out = u->data;
	*outlen = u->len;
	return *bad == 0;
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
stream_rows(struct extract *x, struct source *src, FILE *out, char *tmp)
{
	const struct std_table *t = x->table;
	struct csv_writer *w = csvw_new(out);
	struct buf *v = xcalloc(t->nfields, sizeof(*v));
	struct buf *u = xcalloc(t->nfields, sizeof(*u));
	char **row = xcalloc(t->nfields, sizeof(*row));
	size_t *len = xcalloc(t->nfields, sizeof(*len)), i;
	size_t *bad = xcalloc(t->nfields, sizeof(*bad)), nbad;
	int ok;
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
		buf_init(&u[i]);
		row[i] = t->field[i].name;
	}
	csvw_record(w, row, NULL, t->nfields);
	while ((rc = source_fetch(src, &val, &vlen, err, sizeof(err))) == 1) {
		nbad = 0;
		for (i = 0; i < t->nfields; i++) {
			if (!to_utf8(x, val[x->col[i]], vlen[x->col[i]], &u[i],
			    &row[i], &len[i], &bad[i]))
				nbad++;
			row[i] = (char *)norm_value_ref(t->field[i].type,
			    t->field[i].scale, row[i], len[i], &v[i], &len[i],
			    &ok);
		}
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
		fail_output(tmp, HDX_EXIT_IO, err);
	if (csvw_free(w) == -1 || fflush(out) == EOF || ferror(out) ||
	    (tmp != NULL && fsync(fileno(out)) == -1))
		fail_output(tmp, HDX_EXIT_IO, tmp ? tmp : "stdout");
	for (i = 0; i < t->nfields; i++) {
		buf_free(&v[i]);
		buf_free(&u[i]);
	}
	free(v);
	free(u);
	free(row);
	free(len);
	free(bad);
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
	rows = stream_rows(x, src, out, tmp);
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
	if (x->day[0])
		log_info("%s: the look-back from %s: %lu late row%s of the day "
		    "before, %lu left to it", x->table->name, x->since, x->late,
		    x->late == 1 ? "" : "s", x->taken);
	if (x->unconverted)
		log_warn("%s: %lu value%s not %s, written with U+001A%s",
		    x->table->name, x->unconverted,
		    x->unconverted == 1 ? "" : "s", charset_name(x->cs),
		    x->unconverted > UNCONVERTED_SHOWN ? " (the first "
		    UNCONVERTED_SHOWN_S " shown)" : "");
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
	charset_free(x.cs);
	hmap_free(x.before);
	std_free(x.std);
	site_free(x.site);
	return status;
}
