/*
 * hdx-verify - verify the pushes of the platform into the shared library
 * (核验, api.md 8.5) and write their shared_verify rows; write the
 * hospital's authorisations (api.md 8.3).
 *
 *   hdx-verify [-qv] -c SITE [--push ID]... [--since TS] [--today D]
 *   hdx-verify [-qv] authorize -c SITE [-i FILE]
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "csvio.h"
#include "exitcode.h"
#include "frontdb.h"
#include "log.h"
#include "site.h"
#include "source.h"
#include "standard.h"
#include "util.h"
#include "value.h"
#include "verify.h"

struct options {
	const char	*site;
	const char	*standard;
	const char	*since;
	const char	*today;
	const char	*in;
	char		**push;
	size_t		 npush;
	int		 authorize;
	int		 summary;
	int		 verbosity;
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: hdx-verify [-qv] -c SITE [--standard DIR] [--push ID]... "
	    "[--since TS] [--today D]\n"
	    "       hdx-verify [-qv] authorize -c SITE [-i FILE]\n"
	    "       hdx-verify [-qv] summary -c SITE [--today D]\n");
	exit(status);
}

/* Beijing time now, with the date replaced by today when given. */
static void
verified_at(const char *today, char out[20])
{
	time_t now = time(NULL) + 8 * 3600;
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
	if (today)
		memcpy(out, today, 10);
}

static int
verify_all(const struct options *o, struct frontdb *db,
    const struct standard *std)
{
	struct verify_push *p;
	struct verify_result r;
	enum verify_written w;
	char ebuf[1024], at[20], day[11];
	size_t n, i, nok = 0, nqc = 0, nmis = 0, nalready = 0, nfail = 0;

	if (verify_pending(db, o->since, o->push, o->npush, &p, &n, ebuf,
	    sizeof(ebuf)) == -1)
		errx(HDX_EXIT_IO, "%s", ebuf);
	for (i = 0; i < n; i++) {
		verified_at(o->today, at);
		memcpy(day, at, 10);
		day[10] = '\0';
		if (frontdb_begin(db, ebuf, sizeof(ebuf)) == -1 ||
		    verify_one(db, std, &p[i], day, &r, ebuf, sizeof(ebuf)) == -1) {
			frontdb_rollback(db);
			log_msg(LOG_ERR, "%s: %s", p[i].push_id, ebuf);
			nfail++;
			continue;
		}
		if (verify_write(db, &p[i], &r, at, &w, ebuf, sizeof(ebuf)) == -1 ||
		    frontdb_commit(db, ebuf, sizeof(ebuf)) == -1) {
			frontdb_rollback(db);
			log_msg(LOG_ERR, "%s: %s", p[i].push_id, ebuf);
			verify_result_free(&r);
			nfail++;
			continue;
		}
		if (w == VERIFY_ALREADY) {
			log_verbose("%s: verified by another run", p[i].push_id);
			nalready++;
		} else {
			log_verbose("%s %s: %s%s%s, %ld rows, %zu findings",
			    p[i].push_id, p[i].table, r.status,
			    r.mismatch ? " " : "", r.mismatch ? r.mismatch : "",
			    r.n, r.nfindings);
			if (strcmp(r.status, "ok") == 0)
				nok++;
			else if (strcmp(r.status, "qc_failed") == 0)
				nqc++;
			else
				nmis++;
		}
		verify_result_free(&r);
	}
	log_info("%zu pushes verified: %zu ok, %zu qc_failed, %zu mismatch; "
	    "%zu failed, %zu verified by another run", nok + nqc + nmis, nok,
	    nqc, nmis, nfail, nalready);
	verify_push_free(p, n);
	if (nfail)
		return HDX_EXIT_IO;
	return nqc || nmis ? HDX_EXIT_FINDINGS : HDX_EXIT_OK;
}

static const char *const auth_cols[] = { "auth_id", "org_code",
    "appointment_id", "patient_id", "id_type", "id_no", "authorized_at",
    "revoked_at" };
#define NAUTH	(sizeof(auth_cols) / sizeof(auth_cols[0]))

static int
auth_id_ok(const char *s, size_t len)
{
	size_t i;

	if (len < 1 || len > 64)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' &&
		    s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		    strchr("._:-", s[i]) != NULL) || s[i] == '\0')
			return 0;
	return 1;
}

/* A line's problem (naming columns, never values), or NULL. */
static const char *
auth_problem(const struct site *site, char *const *v, const size_t *l)
{
	static char why[64];
	size_t i;

	if (!auth_id_ok(v[0], l[0]))
		return "auth_id: expected 1 to 64 of A-Z a-z 0-9 . _ : -";
	if (strcmp(v[1], site_org(site)) != 0)
		return "org_code: not the site's org_code";
	for (i = 2; i < 6; i++)
		if (l[i] == 0) {
			snprintf(why, sizeof(why), "%s: empty", auth_cols[i]);
			return why;
		}
	if (!datetime_valid(v[6], l[6]))
		return "authorized_at: expected YYYY-MM-DD HH:MM:SS";
	if (l[7] && !datetime_valid(v[7], l[7]))
		return "revoked_at: expected YYYY-MM-DD HH:MM:SS or empty";
	return NULL;
}

static void
authorize_row(struct frontdb *db, const char *file, unsigned long line,
    char *const *v, const size_t *l, size_t counts[3])
{
	struct source_param prm[NAUTH];
	char *const *row;
	const size_t *rl;
	char ebuf[1024];
	int rc, revoked = -1;
	size_t i;

	for (i = 0; i < NAUTH; i++) {
		prm[i].name = auth_cols[i];
		prm[i].value = l[i] ? v[i] : NULL;
	}
	if (frontdb_query(db, "SELECT revoked_at FROM shared_authorization "
	    "WHERE auth_id = :auth_id", prm, 1, ebuf, sizeof(ebuf)) == -1)
		errx(HDX_EXIT_IO, "%s", ebuf);
	while ((rc = frontdb_fetch(db, &row, &rl, ebuf, sizeof(ebuf))) == 1)
		revoked = row[0] != NULL;
	if (rc == -1)
		errx(HDX_EXIT_IO, "%s", ebuf);
	if (revoked == -1) {
		if (frontdb_exec(db, "INSERT INTO shared_authorization (auth_id, "
		    "org_code, appointment_id, patient_id, id_type, id_no, "
		    "authorized_at, revoked_at) VALUES (:auth_id, :org_code, "
		    ":appointment_id, :patient_id, :id_type, :id_no, "
		    ":authorized_at, :revoked_at)", prm, NAUTH, NULL, ebuf,
		    sizeof(ebuf)) == -1)
			errx(HDX_EXIT_IO, "%s:%lu: %s", file, line, ebuf);
		counts[0]++;
	} else if (revoked == 0 && l[7]) {
		/* api.md 8.3: revoked_at is the only column that changes */
		if (frontdb_exec(db, "UPDATE shared_authorization SET revoked_at "
		    "= :revoked_at WHERE auth_id = :auth_id AND revoked_at IS "
		    "NULL", prm, NAUTH, NULL, ebuf, sizeof(ebuf)) == -1)
			errx(HDX_EXIT_IO, "%s:%lu: %s", file, line, ebuf);
		counts[1]++;
	} else
		counts[2]++;
}

static int
authorize(const struct site *site, struct frontdb *db, const char *in)
{
	const char *file = in && strcmp(in, "-") != 0 ? in : "-";
	FILE *fp = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	struct csv_reader *r;
	struct csv_record *rec;
	size_t col[NAUTH], i, j, counts[3] = { 0, 0, 0 };
	char *v[NAUTH], ebuf[1024];
	size_t l[NAUTH];
	const char *why;
	int rc;

	if (fp == NULL)
		err(HDX_EXIT_IO, "%s", file);
	r = csvr_new(fp, file);
	if ((rc = csvr_next(r, &rec)) != 1)
		errx(HDX_EXIT_DATA, "%s: %s", file, rc == 0 ? "no header" :
		    csvr_error(r));
	for (i = 0; i < NAUTH; i++) {
		for (j = 0; j < rec->nfields; j++)
			if (strcmp(rec->field[j], auth_cols[i]) == 0)
				break;
		if (j == rec->nfields)
			errx(HDX_EXIT_DATA, "%s:%lu: no column %s", file,
			    rec->line, auth_cols[i]);
		col[i] = j;
	}
	if (frontdb_begin(db, ebuf, sizeof(ebuf)) == -1)
		errx(HDX_EXIT_IO, "%s", ebuf);
	while ((rc = csvr_next(r, &rec)) == 1) {
		for (i = 0; i < NAUTH; i++) {
			if (col[i] >= rec->nfields)
				errx(HDX_EXIT_DATA, "%s:%lu: %s: missing", file,
				    rec->line, auth_cols[i]);
			v[i] = rec->field[col[i]];
			l[i] = rec->len[col[i]];
		}
		if ((why = auth_problem(site, v, l)) != NULL)
			errx(HDX_EXIT_DATA, "%s:%lu: %s", file, rec->line, why);
		authorize_row(db, file, rec->line, v, l, counts);
	}
	if (rc == -1)
		errx(HDX_EXIT_DATA, "%s", csvr_error(r));
	if (frontdb_commit(db, ebuf, sizeof(ebuf)) == -1)
		errx(HDX_EXIT_IO, "%s", ebuf);
	csvr_free(r);
	if (fp != stdin)
		fclose(fp);
	log_info("%zu authorisations: %zu new, %zu revoked, %zu unchanged",
	    counts[0] + counts[1] + counts[2], counts[0], counts[1], counts[2]);
	return HDX_EXIT_OK;
}

/* One line "WAITING OK MISMATCH QC_FAILED" for hdx-status; nothing
 * when the front-end database has no shared library. */
static int
summary(const struct options *o, struct frontdb *db)
{
	char ebuf[1024], day[11];
	long n[4];
	int rc;

	if (o->today)
		snprintf(day, sizeof(day), "%s", o->today);
	else
		beijing_today(day);
	if ((rc = verify_summary(db, day, n, ebuf, sizeof(ebuf))) == -1)
		errx(HDX_EXIT_IO, "%s", ebuf);
	if (rc == 1)
		printf("%ld %ld %ld %ld\n", n[0], n[1], n[2], n[3]);
	return HDX_EXIT_OK;
}

static int
run(const struct options *o)
{
	struct site *site;
	struct standard *std = NULL;
	struct frontdb *db;
	const char *stddir = o->standard;
	char ebuf[1024];
	int status;

	if ((site = site_load(o->site, ebuf, sizeof(ebuf))) == NULL)
		errx(HDX_EXIT_DATA, "%s", ebuf);
	if (!o->authorize && !o->summary) {
		if (stddir == NULL)
			stddir = site_get(site, "site", "standard");
		if (stddir == NULL)
			stddir = std_default_dir();
		if ((std = std_load(stddir, ebuf, sizeof(ebuf))) == NULL)
			errx(HDX_EXIT_DATA, "%s", ebuf);
	}
	if ((db = frontdb_open(site, ebuf, sizeof(ebuf))) == NULL)
		errx(HDX_EXIT_IO, "%s", ebuf);
	if (o->authorize)
		status = authorize(site, db, o->in);
	else if (o->summary)
		status = summary(o, db);
	else
		status = verify_all(o, db, std);
	frontdb_close(db);
	std_free(std);
	site_free(site);
	return status;
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "push", required_argument, NULL, 'P' },
		{ "since", required_argument, NULL, 's' },
		{ "standard", required_argument, NULL, 'S' },
		{ "today", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	memset(o, 0, sizeof(*o));
	o->verbosity = 1;
	while ((ch = getopt_long(argc, argv, "c:hi:qv", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->site = optarg;
			break;
		case 'h':
			usage(HDX_EXIT_OK);
		case 'i':
			o->in = optarg;
			break;
		case 'P':
			o->push = xreallocarray(o->push, o->npush + 1,
			    sizeof(char *));
			o->push[o->npush++] = optarg;
			break;
		case 'q':
			o->verbosity = 0;
			break;
		case 'S':
			o->standard = optarg;
			break;
		case 's':
			if (!datetime_valid(optarg, strlen(optarg)) &&
			    !date_valid(optarg, strlen(optarg)))
				errx(HDX_EXIT_USAGE, "--since %s: expected "
				    "YYYY-MM-DD[ HH:MM:SS]", optarg);
			o->since = optarg;
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
		default:
			usage(HDX_EXIT_USAGE);
		}
	}
	/* getopt_long permutes: the command is the one operand left */
	if (optind + 1 == argc && strcmp(argv[optind], "authorize") == 0) {
		o->authorize = 1;
		optind++;
	} else if (optind + 1 == argc && strcmp(argv[optind], "summary") == 0) {
		o->summary = 1;
		optind++;
	}
	if (optind != argc || o->site == NULL)
		usage(HDX_EXIT_USAGE);
	if (o->authorize ? (o->push || o->since || o->today || o->standard) :
	    o->summary ? (o->push || o->since || o->standard || o->in) :
	    o->in != NULL)
		usage(HDX_EXIT_USAGE);
}

int
main(int argc, char **argv)
{
	struct options o;
	int status;

	parse_options(argc, argv, &o);
	log_init("hdx-verify", o.verbosity);
	status = run(&o);
	free(o.push);
	if (fclose(stdout) == EOF)
		err(HDX_EXIT_IO, "stdout");
	return status;
}
