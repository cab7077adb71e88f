/*
 * purge.c - the retention purge of api.md 6 and the shared library's
 * deletion of api.md 8.6 (see purge.h).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "completion.h"
#include "ddl.h"
#include "exitcode.h"
#include "frontdb.h"
#include "mapping.h"
#include "purge.h"
#include "source.h"
#include "standard.h"
#include "tablesrc.h"
#include "util.h"
#include "value.h"

#define SHARED_DAYS	15	/* api.md 8.6 */

int
purge_cutoff(const char *day, long days, char out[11])
{
	struct tm tm;
	time_t t;

	if (day == NULL || !date_valid(day, strlen(day)))
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = atoi(day) - 1900;
	tm.tm_mon = atoi(day + 5) - 1;
	tm.tm_mday = atoi(day + 8);
	tm.tm_hour = 12;
	t = timegm(&tm) - days * 86400;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
	return 0;
}

/* SELECT count(*) or DELETE of table WHERE pred. */
static int
count_or_delete(struct frontdb *db, const char *table, const char *pred,
    const struct source_param *prm, size_t nprm, int dry, long *n,
    char *err, size_t errlen)
{
	struct buf sql;
	int rc;

	buf_init(&sql);
	buf_printf(&sql, "%s FROM ", dry ? "SELECT count(*)" : "DELETE");
	ddl_ident(&sql, table);
	buf_printf(&sql, " WHERE %s", pred);
	rc = dry ? frontdb_count(db, sql.data, prm, nprm, n, err, errlen) :
	    frontdb_exec(db, sql.data, prm, nprm, n, err, errlen);
	buf_free(&sql);
	return rc;
}

int
purge_frontdb(struct frontdb *db, const struct standard *std,
    const char *cutoff, int dry, purge_count_fn *fn, void *arg, char *err,
    size_t errlen)
{
	struct source_param prm[1] = { { "cutoff", cutoff } };
	struct buf pred;
	long *n = xcalloc(std->ntables, sizeof(long));
	size_t i;
	int rc = 0;

	buf_init(&pred);
	if (frontdb_begin(db, err, errlen) == -1) {
		free(n);
		return -1;
	}
	for (i = 0; i < std->ntables && rc == 0; i++) {
		const struct std_table *t = &std->table[i];

		if (t->master || t->business_date < 0)
			continue;
		buf_reset(&pred);
		ddl_ident(&pred, t->field[t->business_date].name);
		buf_adds(&pred, " < :cutoff");
		rc = count_or_delete(db, t->name, pred.data, prm, 1, dry, &n[i],
		    err, errlen);
	}
	if (rc == 0 && !dry)
		rc = frontdb_commit(db, err, errlen);
	else
		frontdb_rollback(db);
	for (i = 0; i < std->ntables && rc == 0; i++)
		if (!std->table[i].master && std->table[i].business_date >= 0)
			fn(arg, "frontdb", std->table[i].name, n[i]);
	buf_free(&pred);
	free(n);
	return rc;
}

/* nftw(3) passes no argument to its callback: the count of one walk */
static long nfiles;

static int
count_entry(const char *path, const struct stat *st, int type,
    struct FTW *ftw)
{
	(void)path;
	(void)st;
	(void)ftw;
	if (type == FTW_F || type == FTW_SL)
		nfiles++;
	return 0;
}

static int
remove_entry(const char *path, const struct stat *st, int type,
    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		return rmdir(path) == -1 ? -1 : 0;
	return unlink(path) == -1 ? -1 : 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
purge_staging(const char *dir, const char *cutoff, int dry,
    purge_count_fn *fn, void *arg, char *err, size_t errlen)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL, *path;
	size_t n = 0, i;
	int rc = 0;

	if ((d = opendir(dir)) == NULL) {
		if (errno == ENOENT)
			return 0;
		return seterr(err, errlen, "%s: %s", dir, strerror(errno));
	}
	while ((e = readdir(d)) != NULL) {
		if (strlen(e->d_name) != 10 || !date_valid(e->d_name, 10) ||
		    strcmp(e->d_name, cutoff) >= 0)
			continue;
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		path = path_join(dir, names[i]);
		nfiles = 0;
		if (nftw(path, count_entry, 16, FTW_PHYS) == -1 ||
		    (!dry && nftw(path, remove_entry, 16,
		    FTW_DEPTH | FTW_PHYS) == -1))
			rc = seterr(err, errlen, "%s: %s", path,
			    strerror(errno));
		else
			fn(arg, "staging", names[i], nfiles);
		free(path);
		free(names[i]);
		if (rc == -1) {
			while (++i < n)
				free(names[i]);
			break;
		}
	}
	free(names);
	return rc;
}

/* One authorisation as the front-end database holds it. */
struct auth {
	char		*auth_id;
	char		*org;
	char		*appointment_id;
	char		 authorized[11];	/* the date of authorized_at */
	int		 revoked;
};

static void
auths_free(struct auth *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(a[i].auth_id);
		free(a[i].org);
		free(a[i].appointment_id);
	}
	free(a);
}

static char *
dup_or_empty(const char *s)
{
	return xstrdup(s ? s : "");
}

static int
read_auths(struct frontdb *db, struct auth **out, size_t *nout, char *err,
    size_t errlen)
{
	struct auth *a = NULL;
	char *const *v;
	const size_t *l;
	size_t n = 0;
	int rc;

	*out = NULL;
	*nout = 0;
	if (frontdb_query(db, frontdb_dialect(db) == DDL_POSTGRES ?
	    "SELECT auth_id, org_code, appointment_id, "
	    "to_char(authorized_at, 'YYYY-MM-DD'), revoked_at IS NOT NULL "
	    "FROM shared_authorization ORDER BY auth_id" :
	    "SELECT auth_id, org_code, appointment_id, date(authorized_at), "
	    "revoked_at IS NOT NULL FROM shared_authorization ORDER BY auth_id",
	    NULL, 0, err, errlen) == -1)
		return -1;
	while ((rc = frontdb_fetch(db, &v, &l, err, errlen)) == 1) {
		a = xreallocarray(a, n + 1, sizeof(*a));
		a[n].auth_id = dup_or_empty(v[0]);
		a[n].org = dup_or_empty(v[1]);
		a[n].appointment_id = dup_or_empty(v[2]);
		snprintf(a[n].authorized, sizeof(a[n].authorized), "%s",
		    v[3] ? v[3] : "");
		a[n].revoked = v[4] && (strcmp(v[4], "1") == 0 ||
		    strcmp(v[4], "t") == 0);
		n++;
	}
	if (rc == -1) {
		auths_free(a, n);
		return -1;
	}
	*out = a;
	*nout = n;
	return 0;
}

/*
 * The window of update_time the hospital's records are extracted over:
 * from lookback days before the earliest authorisation in force (a
 * record of its visit is written at or after the booking, and the
 * look-back covers a consent recorded after it), or everything.
 */
static void
hospital_window(const struct purge_shared_opts *o, const struct auth *a,
    size_t n, char since[20])
{
	char first[11] = "", day[11];
	size_t i;

	for (i = 0; i < n; i++)
		if (!a[i].revoked && date_valid(a[i].authorized, 10) &&
		    (first[0] == '\0' || strcmp(a[i].authorized, first) < 0))
			memcpy(first, a[i].authorized, 11);
	if (o->lookback_days < 0 || first[0] == '\0' ||
	    purge_cutoff(first, o->lookback_days, day) == -1)
		snprintf(since, 20, "%s", TABLESRC_FULL_SINCE);
	else
		snprintf(since, 20, "%s 00:00:00", day);
}

/* Streams one kind of the hospital's records into the completion:
 * the site's query, normalised as hdx-extract writes it, mapped as
 * hdx-map maps it. 0, or an exit status with err set. */
static int
read_kind(const struct site *site, const struct std_table *t,
    struct completion *c, enum compl_kind k, const char *since,
    struct purge_shared_stats *st, char *err, size_t errlen)
{
	struct tablesrc *ts;
	struct source *src = NULL;
	struct mapper *m = NULL;
	char **v, e[1024];
	size_t *len;
	int status = 0, rc;

	if ((ts = tablesrc_new(site, t, &status, err, errlen)) == NULL)
		return status;
	if ((rc = mapper_open(&m, site, t, e, sizeof(e))) != MAP_OK) {
		status = rc == MAP_EIO ? HDX_EXIT_IO : HDX_EXIT_DATA;
		seterr(err, errlen, "%s", e);
	} else if ((src = source_open(site, tablesrc_source(ts), err,
	    errlen)) == NULL)
		status = HDX_EXIT_IO;
	else
		status = tablesrc_run(ts, src, since, TABLESRC_FULL_UNTIL, err,
		    errlen);
	while (status == 0 && (rc = tablesrc_fetch(ts, &v, &len, err,
	    errlen)) != 0) {
		if (rc == -1) {
			status = HDX_EXIT_IO;
			break;
		}
		st->read[k]++;
		mapper_record(m, v, len);
		st->kept_rows[k] += compl_add(c, k, v, len);
	}
	source_close(src);
	mapper_free(m);
	tablesrc_free(ts);
	return status;
}

/* The hospital's own records of the authorisations in force. */
static int
read_hospital(const struct site *site, const struct compl_spec *spec,
    struct completion *c, const char *since, struct purge_shared_stats *st,
    char *err, size_t errlen)
{
	int k, status = 0;

	for (k = 0; k < COMPL_NKINDS && status == 0; k++)
		status = read_kind(site, compl_spec_table(spec, k), c, k, since,
		    st, err, errlen);
	return status;
}

/* Which authorisations are due on the day of cutoff + 15 (api.md 8.6). */
static void
judge(const struct completion *c, struct auth *a, size_t n,
    const char *cutoff, struct purge_shared_stats *st, int *due)
{
	char day[11];
	size_t i;

	for (i = 0; i < n; i++) {
		st->nauth++;
		due[i] = 0;
		if (a[i].revoked) {
			st->revoked++;
			due[i] = 1;
		} else if (!compl_date(c, a[i].org, a[i].appointment_id,
		    a[i].authorized, day))
			st->incomplete++;
		else if (strcmp(day, cutoff) < 0) {
			st->completed++;
			due[i] = 1;
		} else
			st->kept++;
	}
}

/* Tables of the shared library in the order of their deletion. */
static char **
shared_tables(const struct standard *std, size_t *n)
{
	char **t = NULL;
	size_t i, k = 0;

	t = xreallocarray(t, k + 1, sizeof(*t));
	t[k++] = xstrdup("shared_verify");
	for (i = 0; i < std->ntables; i++)
		if (std->table[i].shared) {
			t = xreallocarray(t, k + 1, sizeof(*t));
			t[k++] = xasprintf("shared_%s", std->table[i].name);
		}
	t = xreallocarray(t, k + 2, sizeof(*t));
	t[k++] = xstrdup("shared_push");
	t[k++] = xstrdup("shared_authorization");
	*n = k;
	return t;
}

/* The rows of one authorisation, or (auth NULL) of none. */
static int
delete_rows(struct frontdb *db, char **tables, size_t nt, const char *auth,
    int dry, long *total, char *err, size_t errlen)
{
	struct source_param prm[1] = { { "auth", auth } };
	const char *pred;
	long n;
	size_t i;

	if (frontdb_begin(db, err, errlen) == -1)
		return -1;
	for (i = 0; i < nt; i++) {
		if (strcmp(tables[i], "shared_verify") == 0)
			pred = auth ? "push_id IN (SELECT push_id FROM "
			    "shared_push WHERE auth_id = :auth)" :
			    "push_id NOT IN (SELECT push_id FROM shared_push) "
			    "OR push_id IN (SELECT push_id FROM shared_push "
			    "WHERE auth_id NOT IN (SELECT auth_id FROM "
			    "shared_authorization))";
		else if (strcmp(tables[i], "shared_authorization") == 0) {
			if (auth == NULL)
				continue;
			pred = "auth_id = :auth";
		} else
			pred = auth ? "auth_id = :auth" : "auth_id NOT IN "
			    "(SELECT auth_id FROM shared_authorization)";
		if (count_or_delete(db, tables[i], pred, prm, auth ? 1 : 0,
		    dry, &n, err, errlen) == -1) {
			frontdb_rollback(db);
			return -1;
		}
		total[i] += n;
	}
	if (dry) {
		frontdb_rollback(db);
		return 0;
	}
	return frontdb_commit(db, err, errlen);
}

/* The completion of every authorisation in force: due[] per auth. */
static int
find_due(struct frontdb *db, const struct standard *std,
    const struct site *site, const struct purge_shared_opts *o,
    const char *cutoff, struct auth **a, size_t *n, int **due,
    struct purge_shared_stats *st, char *err, size_t errlen)
{
	struct compl_spec *spec;
	struct completion *c;
	size_t i, inforce = 0;
	int status = 0;

	if (read_auths(db, a, n, err, errlen) == -1)
		return HDX_EXIT_IO;
	*due = xcalloc(*n ? *n : 1, sizeof(**due));
	if ((spec = compl_spec_load(std, err, errlen)) == NULL)
		return HDX_EXIT_DATA;
	c = compl_new(spec);
	for (i = 0; i < *n; i++)
		if (!(*a)[i].revoked) {
			compl_want(c, (*a)[i].org, (*a)[i].appointment_id);
			inforce++;
		}
	hospital_window(o, *a, *n, st->since);
	if (inforce)	/* nothing to read when every one is revoked */
		status = read_hospital(site, spec, c, st->since, st, err,
		    errlen);
	if (status == 0)
		judge(c, *a, *n, cutoff, st, *due);
	compl_free(c);
	compl_spec_free(spec);
	return status;
}

int
purge_shared(struct frontdb *db, const struct standard *std,
    const struct site *site, const struct purge_shared_opts *o,
    purge_count_fn *fn, void *arg, struct purge_shared_stats *st,
    char *err, size_t errlen)
{
	struct auth *a = NULL;
	char cutoff[11], **tables, e[512];
	size_t n = 0, nt, i;
	int *due = NULL, status;
	long *total;

	memset(st, 0, sizeof(*st));
	if (purge_cutoff(o->today, SHARED_DAYS, cutoff) == -1) {
		seterr(err, errlen, "%s: not a date", o->today);
		return HDX_EXIT_USAGE;
	}
	if ((status = find_due(db, std, site, o, cutoff, &a, &n, &due, st,
	    err, errlen)) != 0) {
		auths_free(a, n);
		free(due);
		return status;
	}
	tables = shared_tables(std, &nt);
	total = xcalloc(nt, sizeof(long));
	for (i = 0; i < n; i++)
		if (due[i] && delete_rows(db, tables, nt, a[i].auth_id, o->dry,
		    total, e, sizeof(e)) == -1) {
			st->failed++;
			seterr(err, errlen, "%s", e);
			status = HDX_EXIT_IO;
		}
	if (delete_rows(db, tables, nt, NULL, o->dry, total, e,
	    sizeof(e)) == -1) {
		st->failed++;
		seterr(err, errlen, "%s", e);
		status = HDX_EXIT_IO;
	}
	for (i = 0; i < nt; i++) {
		fn(arg, "shared", tables[i], total[i]);
		free(tables[i]);
	}
	auths_free(a, n);
	free(due);
	free(tables);
	free(total);
	return status;
}
