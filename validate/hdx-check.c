/*
 * hdx-check - the platform's quality control, run before the platform
 * runs it (hdx-check(1)).
 *
 *   hdx-check [-qv] [-c SITE] -t TABLE [-i IN] [-o VALID] [-r REJECTS] ...
 *   hdx-check [-qv] [-c SITE] --dir DIR [-o OUTDIR] [-r REJECTS] ...
 *
 * One pass over the input evaluates every rule and writes each record to
 * VALID or to REJECTS as it comes (lib/qc.c: only a table whose keys its
 * own records or an earlier input's refer to is read ahead once more).
 */
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qc.h"
#include "qchtml.h"
#include "exitcode.h"
#include "ledger.h"
#include "log.h"
#include "outfile.h"
#include "sealfile.h"
#include "site.h"
#include "standard.h"
#include "util.h"

struct options {
	const char	*site;
	const char	*table;
	const char	*dir;
	const char	*in;
	const char	*out;
	const char	*rejects;
	const char	*findings;
	const char	*per_record;
	const char	*report;
	const char	*standard;
	const char	*policy;
	const char	*today;
	const char	*from, *to, *month;
	int		 delivered;
	int		 verbosity;
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: hdx-check [-qv] [-c SITE] -t TABLE [-i IN] [-o VALID] "
	    "[-r REJECTS]\n"
	    "                 [--findings FILE] [--per-record FILE] "
	    "[--report FILE]\n"
	    "                 [--policy hold|send] [--today YYYY-MM-DD] "
	    "[--standard DIR] [--delivered]\n"
	    "                 [--from YYYY-MM-DD --to YYYY-MM-DD | "
	    "--month YYYY-MM]\n"
	    "       hdx-check [-qv] [-c SITE] --dir DIR [-o OUTDIR] "
	    "[-r REJECTS] [...]\n");
	exit(status);
}

/*
 * The output files of the run (outfile.h): written under a temporary
 * name beside the final one and renamed together only when the run
 * succeeded, so a killed or failed run never leaves a half-written file
 * where the chain expects a whole one.
 */
struct outputs {
	struct outfile	**of;
	size_t		  n;
	const struct sealkey *key;	/* staging files sealed, or NULL */
};

/* An output file, created 0600: it may hold patient data. */
static FILE *
open_out(struct outputs *outs, const char *path, const struct sealkey *key)
{
	struct outfile *of;
	char msg[1024];

	if ((of = outfile_open_sealed(path, key, msg, sizeof(msg))) == NULL)
		errx(HDX_EXIT_IO, "%s", msg);
	outs->of = xreallocarray(outs->of, outs->n + 1, sizeof(*outs->of));
	outs->of[outs->n++] = of;
	return outfile_fp(of);
}

/* An output that is written only when asked for. */
static FILE *
open_opt(struct outputs *outs, const char *path)
{
	return path ? open_out(outs, path, outs->key) : NULL;
}

static void
commit_outputs(struct outputs *outs)
{
	char msg[1024];

	if (outfile_commit_all(outs->of, outs->n, msg, sizeof(msg)) == -1)
		errx(HDX_EXIT_IO, "%s", msg);
	free(outs->of);
	outs->of = NULL;
	outs->n = 0;
}

static FILE *
open_in(const char *path, const struct sealkey *key)
{
	char msg[1024];
	FILE *fp;

	if ((fp = seal_open(path, key, msg, sizeof(msg))) == NULL)
		errx(errno == EINVAL ? HDX_EXIT_DATA : HDX_EXIT_IO, "%s", msg);
	return fp;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds every DIR/TABLE.csv whose TABLE is a table of the standard. */
static void
add_dir_inputs(struct qc *ck, const struct standard *std,
    const char *dir, const char *outdir, struct outputs *outs)
{
	struct dirent *de;
	char **names = NULL, *path, *out, *tname;
	size_t n = 0, i, len;
	DIR *dp;

	if ((dp = opendir(dir)) == NULL)
		err(HDX_EXIT_IO, "%s", dir);
	if (outdir && mkdir(outdir, 0700) == -1 && errno != EEXIST)
		err(HDX_EXIT_IO, "%s", outdir);
	while ((de = readdir(dp)) != NULL) {
		len = strlen(de->d_name);
		if (len > 4 && strcmp(de->d_name + len - 4, ".csv") == 0) {
			names = xreallocarray(names, n + 1, sizeof(char *));
			names[n++] = xstrdup(de->d_name);
		}
	}
	closedir(dp);
	if (n)
		qsort(names, n, sizeof(char *), cmp_str);
	for (i = 0; i < n; i++) {
		tname = xstrndup(names[i], strlen(names[i]) - 4);
		if (std_table(std, tname) == NULL) {
			log_verbose("%s/%s: not a table of the standard; skipped",
			    dir, names[i]);
		} else {
			path = path_join(dir, names[i]);
			out = outdir ? path_join(outdir, names[i]) : NULL;
			qc_add_input(ck, std_table(std, tname), path,
			    open_in(path, outs->key), out ? open_out(outs, out, outs->key) :
			    NULL, out);
			free(path);
			free(out);
		}
		free(tname);
		free(names[i]);
	}
	free(names);
}

static enum qc_policy
policy_of(const struct options *o, const struct site *site)
{
	const char *p = o->policy;

	if (p == NULL && site)
		p = site_get(site, "site", "policy");
	if (p == NULL || strcmp(p, "hold") == 0)
		return POLICY_HOLD;
	if (strcmp(p, "send") == 0)
		return POLICY_SEND;
	errx(HDX_EXIT_USAGE, "--policy %s: expected hold or send", p);
}

/* --from/--to, or --month YYYY-MM as its first and last day. */
static void
set_period(struct qc *ck, const struct options *o)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	char from[11], to[11];
	int y, m, last;

	if (o->month) {
		if (strlen(o->month) != 7 || sscanf(o->month, "%4d-%2d", &y, &m)
		    != 2 || m < 1 || m > 12)
			errx(HDX_EXIT_USAGE, "--month %s: expected YYYY-MM", o->month);
		last = mdays[m - 1];
		if (m == 2 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
			last = 28;
		snprintf(from, sizeof(from), "%04d-%02d-01", y, m);
		snprintf(to, sizeof(to), "%04d-%02d-%02d", y, m, last);
		qc_set_period(ck, from, to);
	} else if (o->from || o->to)
		qc_set_period(ck, o->from ? o->from : o->to, o->to ? o->to : o->from);
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The QC report: FILE.html a page, FILE.txt text, else JSON ("-" stdout). */
static void
write_report(struct qc *ck, const char *path, const char *source,
    struct outputs *outs)
{
	char msg[512];
	json_t *r;
	FILE *fp;
	int rc;

	if ((r = qc_report(ck, 10, msg, sizeof(msg))) == NULL)
		errx(HDX_EXIT_DATA, "%s", msg);
	json_object_set_new(r, "source", json_string(source));
	fp = open_out(outs, path, NULL);	/* counts and rules: plain */
	if (ends_with(path, ".html") || ends_with(path, ".htm"))
		rc = qcreport_html(fp, r, msg, sizeof(msg));
	else if (ends_with(path, ".txt"))
		rc = qcreport_text(fp, r, msg, sizeof(msg));
	else
		rc = json_dumpf(r, fp, JSON_INDENT(1) | JSON_PRESERVE_ORDER) ||
		    fputc('\n', fp) == EOF ? seterr(msg, sizeof(msg), "%s",
		    strerror(errno)) : 0;
	if (rc == -1)
		errx(HDX_EXIT_IO, "%s: %s", path, msg);
	json_decref(r);
}

/* The closing summary; the exit status says whether records were held. */
static int
summary(const struct qc *ck)
{
	struct qc_stats st;

	qc_totals(ck, &st);
	log_info("%lu record%s: %lu to send, %lu held; %lu error%s, "
	    "%lu warning%s", st.records, st.records == 1 ? "" : "s",
	    st.records - st.held, st.held, st.errors,
	    st.errors == 1 ? "" : "s", st.warnings,
	    st.warnings == 1 ? "" : "s");
	return st.held ? HDX_EXIT_FINDINGS : HDX_EXIT_OK;
}

/* The site's key store: what was delivered on earlier nights. */
static struct ledger *
open_keystore(const struct site *site)
{
	struct ledger *l;
	char msg[512], *dir;

	char *path;

	if (site == NULL || (dir = site_path(site, "site", "state_dir")) == NULL)
		return NULL;
	/* nothing delivered yet: no store, and none is created by a check */
	path = path_join(dir, "ledger.db");
	if (access(path, F_OK) == -1) {
		free(path);
		free(dir);
		return NULL;
	}
	free(path);
	l = ledger_open(dir, msg, sizeof(msg));
	free(dir);
	if (l == NULL || ledger_reading(l, msg, sizeof(msg)) == -1)
		errx(HDX_EXIT_IO, "%s", msg);
	return l;
}

static int
run(const struct options *o)
{
	struct standard *std;
	struct site *site = NULL;
	struct ledger *ledger;
	struct outputs outs = { NULL, 0, NULL };
	struct sealkey *key = NULL;
	struct qc *ck;
	char err[1024], today[11];
	const char *stddir = o->standard;
	int status;

	if (o->site && (site = site_load(o->site, err, sizeof(err))) == NULL)
		errx(HDX_EXIT_DATA, "%s", err);
	if (site && sealkey_site(site, &key, err, sizeof(err)) == -1)
		errx(HDX_EXIT_DATA, "%s", err);
	outs.key = key;
	if (stddir == NULL && site && site_get(site, "site", "standard"))
		stddir = site_get(site, "site", "standard");
	if (stddir == NULL)
		stddir = std_default_dir();
	if ((std = std_load(stddir, err, sizeof(err))) == NULL)
		errx(HDX_EXIT_DATA, "%s", err);
	if (o->today)
		snprintf(today, sizeof(today), "%s", o->today);
	else
		beijing_today(today);
	ck = qc_new(std, today, policy_of(o, site));
	set_period(ck, o);
	if ((ledger = open_keystore(site)) != NULL)
		qc_set_ledger(ck, ledger);
	if (o->delivered) {
		if (ledger == NULL)
			errx(HDX_EXIT_USAGE, "--delivered: %s", site ?
			    "nothing delivered yet: the site has no ledger.db" :
			    "needs -c SITE (its ledger)");
		qc_set_delivered(ck);
	}
	qc_set_outputs(ck, open_opt(&outs, o->rejects),
	    open_opt(&outs, o->findings), open_opt(&outs, o->per_record),
	    o->rejects, o->findings, o->per_record);
	if (o->dir)
		add_dir_inputs(ck, std, o->dir, o->out, &outs);
	else {
		const struct std_table *t = std_table(std, o->table);

		if (t == NULL)
			errx(HDX_EXIT_USAGE, "-t %s: no table '%s' in %s/tables.csv",
			    o->table, o->table, stddir);
		qc_add_input(ck, t, o->in ? o->in : "-", open_in(o->in,
		    outs.key), open_out(&outs, o->out, outs.key), o->out);
	}
	if ((status = qc_run(ck, err, sizeof(err))) < 0)
		errx(status == QC_EWRITE ? HDX_EXIT_IO : HDX_EXIT_DATA, "%s",
		    err);
	if (o->report) {
		char *source = xasprintf("csv:%s", o->dir ? o->dir :
		    o->in ? o->in : "-");

		write_report(ck, o->report, source, &outs);
		free(source);
	}
	commit_outputs(&outs);
	status = summary(ck);
	qc_free(ck);
	ledger_close(ledger);
	sealkey_free(key);
	std_free(std);
	site_free(site);
	return status;
}

static int
valid_date(const char *s)
{
	return strlen(s) == 10 && s[4] == '-' && s[7] == '-';
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "delivered", no_argument, NULL, 'd' },
		{ "dir", required_argument, NULL, 'D' },
		{ "findings", required_argument, NULL, 'F' },
		{ "from", required_argument, NULL, 'f' },
		{ "month", required_argument, NULL, 'M' },
		{ "to", required_argument, NULL, 'U' },
		{ "help", no_argument, NULL, 'h' },
		{ "per-record", required_argument, NULL, 'P' },
		{ "policy", required_argument, NULL, 'p' },
		{ "report", required_argument, NULL, 'R' },
		{ "standard", required_argument, NULL, 's' },
		{ "today", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	o->verbosity = 1;
	while ((ch = getopt_long(argc, argv, "c:hi:o:qr:t:v", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c': o->site = optarg; break;
		case 'd': o->delivered = 1; break;
		case 'D': o->dir = optarg; break;
		case 'F': o->findings = optarg; break;
		case 'f': o->from = optarg; break;
		case 'M': o->month = optarg; break;
		case 'U': o->to = optarg; break;
		case 'h': usage(HDX_EXIT_OK);
		case 'i': o->in = optarg; break;
		case 'o': o->out = optarg; break;
		case 'P': o->per_record = optarg; break;
		case 'p': o->policy = optarg; break;
		case 'q': o->verbosity = 0; break;
		case 'R': o->report = optarg; break;
		case 'r': o->rejects = optarg; break;
		case 's': o->standard = optarg; break;
		case 'T': o->today = optarg; break;
		case 't': o->table = optarg; break;
		case 'v': o->verbosity++; break;
		default: usage(HDX_EXIT_USAGE);
		}
	}
	if (optind != argc || (o->dir == NULL) == (o->table == NULL))
		usage(HDX_EXIT_USAGE);
	if (o->today && !valid_date(o->today))
		errx(HDX_EXIT_USAGE, "--today %s: expected YYYY-MM-DD", o->today);
	if ((o->from && !valid_date(o->from)) || (o->to && !valid_date(o->to)))
		errx(HDX_EXIT_USAGE, "--from/--to: expected YYYY-MM-DD");
}

int
main(int argc, char **argv)
{
	struct options o;

	memset(&o, 0, sizeof(o));
	parse_options(argc, argv, &o);
	log_init("hdx-check", o.verbosity);
	return run(&o);
}
