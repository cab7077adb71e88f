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

#include "ddl.h"
#include "frontdb.h"
#include "purge.h"
#include "source.h"
#include "standard.h"
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

/*
 * The SQL of api.md 8.6 for one appointment of one institution: the
 * CTEs of the view shared_completion, each restricted to the records of
 * that appointment, so that only its own records are read.
 */
static const char completion_sql[] =
"WITH op_settle AS ("
"  SELECT org_code, visit_id, max(settle_time) AS last_settle"
"  FROM outpatient_settlement WHERE valid_flag = '1' AND org_code = :org"
"  GROUP BY org_code, visit_id"
"), ip_settle AS ("
"  SELECT org_code, inpatient_id, max(settle_time) AS last_settle"
"  FROM inpatient_settlement WHERE valid_flag = '1' AND org_code = :org"
"  GROUP BY org_code, inpatient_id"
"), adm AS ("
"  SELECT a.org_code, a.outpatient_no, a.admit_time,"
"         CASE WHEN a.discharge_time IS NULL THEN NULL"
"              WHEN s.last_settle > a.discharge_time THEN s.last_settle"
"              ELSE a.discharge_time END AS done_at"
"  FROM admission a"
"  LEFT JOIN ip_settle s ON s.org_code = a.org_code"
"       AND s.inpatient_id = a.inpatient_id"
"  WHERE a.valid_flag = '1' AND a.org_code = :org"
"), vis AS ("
"  SELECT v.org_code, v.reg_id,"
"         CASE WHEN count(adm.admit_time) = 0"
"                   THEN coalesce(max(s.last_settle), max(v.end_time),"
"                                 max(v.visit_time))"
"              WHEN count(adm.admit_time) = count(adm.done_at)"
"                   THEN max(adm.done_at)"
"         END AS done_at"
"  FROM outpatient_visit v"
"  LEFT JOIN op_settle s ON s.org_code = v.org_code"
"       AND s.visit_id = v.visit_id"
"  LEFT JOIN adm ON adm.org_code = v.org_code"
"       AND adm.outpatient_no = v.outpatient_no"
"       AND adm.admit_time >= v.visit_time"
"       AND adm.admit_time <= %s"
"  WHERE v.valid_flag = '1' AND v.org_code = :org AND v.reg_id IN"
"        (SELECT reg_id FROM outpatient_registration"
"         WHERE org_code = :org AND appointment_id = :appt)"
"  GROUP BY v.org_code, v.visit_id, v.reg_id"
"), reg AS ("
"  SELECT r.org_code, r.appointment_id,"
"         CASE WHEN count(vis.reg_id) = 0"
"                   THEN coalesce(max(r.return_time), max(r.reg_time))"
"              WHEN count(vis.reg_id) = count(vis.done_at)"
"                   THEN max(vis.done_at)"
"         END AS done_at"
"  FROM outpatient_registration r"
"  LEFT JOIN vis ON vis.org_code = r.org_code AND vis.reg_id = r.reg_id"
"  WHERE r.valid_flag = '1' AND r.org_code = :org"
"        AND r.appointment_id = :appt"
"  GROUP BY r.org_code, r.reg_id, r.appointment_id"
"), appt AS ("
"  SELECT a.org_code, a.appointment_id,"
"         CASE WHEN max(a.status) IN ('3', '5')"
"                   THEN date(coalesce(max(a.cancel_time),"
"                                      max(a.update_time)))"
"              WHEN count(reg.appointment_id) = 0 THEN max(a.appoint_date)"
"              WHEN count(reg.appointment_id) = count(reg.done_at)"
"                   THEN date(max(reg.done_at))"
"         END AS completion_date"
"  FROM appointment a"
"  LEFT JOIN reg ON reg.org_code = a.org_code"
"       AND reg.appointment_id = a.appointment_id"
"  WHERE a.valid_flag = '1' AND a.org_code = :org"
"        AND a.appointment_id = :appt"
"  GROUP BY a.org_code, a.appointment_id"
") SELECT %s FROM appt";

int
purge_completion(struct source *hosp, int postgres, const char *org,
    const char *appointment_id, char c[11], char *err, size_t errlen)
{
	struct source_param prm[2] = { { "org", org },
	    { "appt", appointment_id } };
	char *sql, *const *v;
	const size_t *l;
	int rc, found = 0;

	sql = xasprintf(completion_sql, postgres ?
	    "v.visit_time + interval '24 hours'" :
	    "datetime(v.visit_time, '+24 hours')", postgres ?
	    "to_char(completion_date, 'YYYY-MM-DD')" : "completion_date");
	rc = source_query(hosp, sql, prm, 2, err, errlen);
	free(sql);
	if (rc == -1)
		return -1;
	c[0] = '\0';
	while ((rc = source_fetch(hosp, &v, &l, err, errlen)) == 1) {
		found = 1;
		if (v[0] && l[0] >= 10) {
			memcpy(c, v[0], 10);
			c[10] = '\0';
		}
	}
	if (rc == -1)
		return -1;
	if (found && c[0] && !date_valid(c, 10))
		return seterr(err, errlen, "%s: the completion date of an "
		    "appointment is not a date", hosp->name);
	return found;
}

struct due {
	char		*auth_id;
};

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

/* The authorisations due on today, read from the front-end database. */
static int
find_due(struct frontdb *db, struct source *hosp, int hosp_pg,
    const char *cutoff, struct due **out, size_t *nout,
    struct purge_shared_stats *st, char *err, size_t errlen)
{
	struct due *d = NULL;
	char **a = NULL, c[11];
	char *const *v;
	const size_t *l;
	size_t n = 0, na = 0, i;
	int rc;

	if (frontdb_query(db, frontdb_dialect(db) == DDL_POSTGRES ?
	    "SELECT auth_id, org_code, appointment_id, "
	    "to_char(authorized_at, 'YYYY-MM-DD'), revoked_at IS NOT NULL "
	    "FROM shared_authorization ORDER BY auth_id" :
	    "SELECT auth_id, org_code, appointment_id, date(authorized_at), "
	    "revoked_at IS NOT NULL FROM shared_authorization ORDER BY auth_id",
	    NULL, 0, err, errlen) == -1)
		return -1;
	while ((rc = frontdb_fetch(db, &v, &l, err, errlen)) == 1) {
		a = xreallocarray(a, na + 1, 5 * sizeof(char *));
		for (i = 0; i < 5; i++)
			a[na * 5 + i] = v[i] ? xstrdup(v[i]) : NULL;
		na++;
	}
	for (i = 0; rc == 0 && i < na; i++) {
		char **r = &a[i * 5];
		int due = 0;

		st->nauth++;
		if (r[4] && (strcmp(r[4], "1") == 0 || strcmp(r[4], "t") == 0)) {
			st->revoked++;
			due = 1;
		} else if ((rc = purge_completion(hosp, hosp_pg, r[1] ? r[1] : "",
		    r[2] ? r[2] : "", c, err, errlen)) == -1)
			break;
		else {
			if (rc == 0)	/* step 1: no appointment */
				snprintf(c, sizeof(c), "%s", r[3] ? r[3] : "");
			rc = 0;
			if (c[0] == '\0')
				st->incomplete++;
			else if (strcmp(c, cutoff) < 0) {
				st->completed++;
				due = 1;
			} else
				st->kept++;
		}
		if (due) {
			d = xreallocarray(d, n + 1, sizeof(*d));
			d[n++].auth_id = xstrdup(r[0]);
		}
	}
	for (i = 0; i < na * 5; i++)
		free(a[i]);
	free(a);
	if (rc == -1) {
		for (i = 0; i < n; i++)
			free(d[i].auth_id);
		free(d);
		return -1;
	}
	*out = d;
	*nout = n;
	return 0;
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

int
purge_shared(struct frontdb *db, const struct standard *std,
    struct source *hosp, int hosp_pg, const char *today, int dry,
    purge_count_fn *fn, void *arg, struct purge_shared_stats *st,
    char *err, size_t errlen)
{
	struct due *d = NULL;
	char cutoff[11], **tables, e[512];
	size_t n = 0, nt, i;
	long *total;
	int rc = 0;

	memset(st, 0, sizeof(*st));
	if (purge_cutoff(today, SHARED_DAYS, cutoff) == -1)
		return seterr(err, errlen, "%s: not a date", today);
	if (find_due(db, hosp, hosp_pg, cutoff, &d, &n, st, err, errlen) == -1)
		return -1;
	tables = shared_tables(std, &nt);
	total = xcalloc(nt, sizeof(long));
	for (i = 0; i < n; i++)
		if (delete_rows(db, tables, nt, d[i].auth_id, dry, total, e,
		    sizeof(e)) == -1) {
			st->failed++;
			seterr(err, errlen, "%s", e);
			rc = -1;
		}
	if (delete_rows(db, tables, nt, NULL, dry, total, e, sizeof(e)) == -1) {
		st->failed++;
		seterr(err, errlen, "%s", e);
		rc = -1;
	}
	for (i = 0; i < nt; i++) {
		fn(arg, "shared", tables[i], total[i]);
		free(tables[i]);
	}
	for (i = 0; i < n; i++)
		free(d[i].auth_id);
	free(d);
	free(tables);
	free(total);
	return rc;
}
