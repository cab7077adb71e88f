/*
 * hdx-reconcile - per table and business date, what the hospital
 * extracted, rejected and uploaded against what the platform holds
 * (hdx-reconcile(1)): the staging files of every night kept, the ledger's
 * keys and the platform's count.
 *
 *   hdx-reconcile [-qv] -c SITE --date YYYY-MM-DD [-t TABLE ...]
 *
 * The platform's count comes from the table's channel: the front-end
 * database's rows, or GET /api/v1/stats (api.md 4.9).
 */
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "csvio.h"
#include "exitcode.h"
#include "hmap.h"
#include "ledger.h"
#include "log.h"
#include "payload.h"
#include "sealfile.h"
#include "site.h"
#include "standard.h"
#include "tabin.h"
#include "util.h"
#include "value.h"

struct options {
	const char	*site;
	const char	*date;
	const char	*standard;
	const char	**table;
	size_t		 ntables;
	int		 verbosity;
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: hdx-reconcile [-qv] -c SITE --date YYYY-MM-DD "
	    "[-t TABLE ...] [--standard DIR]\n");
	exit(status);
}

/*
 * What the staging files of every night still kept say of the business
 * date, per key (the '+'-joined key values, the form of the rejects): a
 * key may come on several nights, in several versions.
 */
#define K_EXTRACTED	1	/* in a TABLE.extract.csv */
#define K_VALID		2	/* in a TABLE.valid.csv */
#define K_DELIVERED	4	/* a valid version's key is in the ledger */
#define K_REJECTED	8	/* an error of stage upload in TABLE.rejects.csv */

struct tally {
	struct hmap	*keys;		/* key -> K_* bits */
	size_t		 files;
	struct buf	 key;
	char		 hex[65];
};

static void
key_of(struct buf *b, const struct std_table *t, char *const *v,
    const size_t *len)
{
	size_t i;

	buf_reset(b);
	for (i = 0; i < t->nkey; i++) {
		if (i)
			buf_addc(b, '+');
		buf_add(b, v[t->key[i]], len[t->key[i]]);
	}
}

/* A staging file for reading, sealed or not as the site has them;
 * NULL when there is none. */
static FILE *
open_staging(const char *path, const struct sealkey *key)
{
	char msg[1024];
	FILE *fp;

	if ((fp = seal_open(path, key, msg, sizeof(msg))) == NULL &&
	    errno != ENOENT)
		errx(errno == EINVAL ? HDX_EXIT_DATA : HDX_EXIT_IO, "%s", msg);
	return fp;
}

/* The records of business date date in path (when it exists) as bits. */
static void
read_records(struct tally *ty, struct ledger *l, const char *org,
    const struct std_table *t, const char *date, const char *path,
    const struct sealkey *key, uintptr_t bit)
{
	struct tabin_record *rec;
	struct tabin *ti;
	char ebuf[1024];
	const char *bd;
	void **slot;
	uintptr_t bits;
	FILE *fp;
	int rc, k;

	if ((fp = open_staging(path, key)) == NULL)
		return;
	ty->files++;
	if ((ti = tabin_open(fp, path, t, ebuf, sizeof(ebuf))) == NULL)
		errx(HDX_EXIT_DATA, "%s", ebuf);
	while ((rc = tabin_next(ti, &rec)) == 1) {
		bd = rec->v[t->business_date];
		if (rec->ragged || rec->len[t->business_date] < 10 ||
		    memcmp(bd, date, 10) != 0)
			continue;
		key_of(&ty->key, t, rec->v, rec->len);
		slot = hmap_put(ty->keys, ty->key.data ? ty->key.data : "",
		    ty->key.len, NULL);
		bits = (uintptr_t)*slot | bit;
		if (bit == K_VALID && l != NULL) {
			if (payload_key_digest(t, rec->v, rec->len, ty->hex, ebuf,
			    sizeof(ebuf)) == -1)
				errx(HDX_EXIT_DATA, "%s: %s", path, ebuf);
			if ((k = ledger_key_known(l, t->name, org, ty->hex,
			    NULL)) == -1)
				errx(HDX_EXIT_IO, "%s", ledger_error(l));
			if (k > 0)
				bits |= K_DELIVERED;
		}
		*slot = (void *)bits;
	}
	if (rc == -1)
		errx(HDX_EXIT_DATA, "%s", tabin_error(ti));
	tabin_free(ti);
	fclose(fp);
}

/* The keys of valid records that hdx-upload or the platform rejected. */
static void
read_rejects(struct tally *ty, const struct std_table *t, const char *path,
    const struct sealkey *key)
{
	static const char *const want[] = { "table", "primary_key", "level",
	    "stage" };
	struct csv_reader *r;
	struct csv_record *rec;
	size_t col[4], i, j;
	void **slot;
	FILE *fp;
	int rc;

	if ((fp = open_staging(path, key)) == NULL)
		return;
	r = csvr_new(fp, path);
	if ((rc = csvr_next(r, &rec)) == 1) {
		for (j = 0; j < 4; j++) {
			for (i = 0; i < rec->nfields; i++)
				if (strcmp(rec->field[i], want[j]) == 0)
					break;
			if (i == rec->nfields)
				errx(HDX_EXIT_DATA, "%s:1: no column %s", path,
				    want[j]);
			col[j] = i;
		}
	}
	while (rc == 1 && (rc = csvr_next(r, &rec)) == 1) {
		if (rec->nfields <= col[0] || rec->nfields <= col[1] ||
		    rec->nfields <= col[2] || rec->nfields <= col[3] ||
		    strcmp(rec->field[col[0]], t->name) != 0 ||
		    strcmp(rec->field[col[2]], "error") != 0 ||
		    strcmp(rec->field[col[3]], "upload") != 0)
			continue;
		slot = hmap_get(ty->keys, rec->field[col[1]], rec->len[col[1]]);
		if (slot != NULL && ((uintptr_t)*slot & K_VALID))
			*slot = (void *)((uintptr_t)*slot | K_REJECTED);
	}
	if (rc == -1)
		errx(HDX_EXIT_DATA, "%s", csvr_error(r));
	csvr_free(r);
	fclose(fp);
}

/* Every night's TABLE.{extract,valid,rejects}.csv under staging. */
static void
read_staging(struct tally *ty, struct ledger *l, const struct site *site,
    const struct std_table *t, const char *date)
{
	static const char *const kind[] = { "extract", "valid", "rejects" };
	char *staging = site_path(site, "site", "staging_dir"), *name, *path;
	char msg[1024];
	struct sealkey *key;
	struct dirent *e;
	size_t k;
	DIR *d;

	if (staging == NULL || t->business_date < 0 ||
	    (d = opendir(staging)) == NULL) {
		free(staging);
		return;
	}
	if (sealkey_site(site, &key, msg, sizeof(msg)) == -1)
		errx(HDX_EXIT_DATA, "%s", msg);
	/* the rejects after every valid file: they mark keys seen there */
	for (k = 0; k < 3; k++) {
		rewinddir(d);
		while ((e = readdir(d)) != NULL) {
			if (strlen(e->d_name) != 10 || !date_valid(e->d_name, 10))
				continue;
			name = xasprintf("%s/%s.%s.csv", e->d_name, t->name,
			    kind[k]);
			path = path_join(staging, name);
			if (k < 2)
				read_records(ty, l, site_org(site), t, date,
				    path, key, k == 0 ? K_EXTRACTED : K_VALID);
			else
				read_rejects(ty, t, path, key);
			free(path);
			free(name);
		}
	}
	closedir(d);
	sealkey_free(key);
	free(staging);
}

struct counts {
	long	 extracted, valid, held, in_valid_only;
	long	 uploaded, rejected, missing;
};

static void
count_keys(const struct tally *ty, struct counts *c)
{
	const char *key;
	size_t pos = 0, len;
	void *v;
	uintptr_t b;

	memset(c, 0, sizeof(*c));
	while (hmap_next(ty->keys, &pos, &key, &len, &v)) {
		b = (uintptr_t)v;
		c->extracted += (b & K_EXTRACTED) != 0;
		if (!(b & K_VALID)) {
			c->held += (b & K_EXTRACTED) != 0;
			continue;
		}
		c->valid++;
		c->in_valid_only += !(b & K_EXTRACTED);
		if (b & K_DELIVERED)
			c->uploaded++;
		else if (b & K_REJECTED)
			c->rejected++;
		else
			c->missing++;
	}
}

static const char *
plural(long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* Prints the table's line and one line per gap; the number of gaps. */
static int
report(const struct std_table *t, const char *date, const struct tally *ty,
    long ledger, long platform)
{
	struct counts c;
	int gaps = 0;

	count_keys(ty, &c);
	if (ty->files == 0)
		printf("%s %s: no staging files; %ld uploaded, %ld on the "
		    "platform\n", t->name, date, ledger, platform);
	else {
		printf("%s %s: %ld extracted = %ld valid + %ld rejected; "
		    "%ld valid = %ld uploaded + %ld rejected at upload", t->name,
		    date, c.extracted, c.valid - c.in_valid_only, c.held,
		    c.valid, c.uploaded, c.rejected);
		if (c.missing)
			printf(" + %ld missing", c.missing);
		printf("; %ld uploaded, %ld on the platform\n", ledger,
		    platform);
	}
#define GAP(...) do { printf("%s %s: gap: ", t->name, date);		\
	printf(__VA_ARGS__); putchar('\n'); gaps++; } while (0)
	if (ty->files && c.in_valid_only)
		GAP("%ld valid %s not in the extract", c.in_valid_only,
		    plural(c.in_valid_only, "record", "records"));
	if (ty->files && c.missing)
		GAP("%ld valid %s neither uploaded nor rejected (in the outbox "
		    "or lost)", c.missing, plural(c.missing, "record",
		    "records"));
	if (ty->files && ledger > c.uploaded)
		GAP("%ld uploaded %s not in the staging files",
		    ledger - c.uploaded, plural(ledger - c.uploaded, "record",
		    "records"));
	if (ledger > platform)
		GAP("%ld uploaded %s missing on the platform",
		    ledger - platform, plural(ledger - platform, "record",
		    "records"));
	if (platform > ledger)
		GAP("%ld %s on the platform not in the ledger",
		    platform - ledger, plural(platform - ledger, "record",
		    "records"));
#undef GAP
	return gaps;
}

/* 0 when everything agrees, 1 when there is a gap. */
static int
reconcile(struct ledger *l, const struct site *site,
    const struct std_table *t, const char *date)
{
	const struct channel_ops *ops;
	struct channel *ch;
	struct tally ty;
	char ebuf[1024];
	long ours, theirs;
	int gaps;

	if ((ops = channel_for(site, t->name, ebuf, sizeof(ebuf))) == NULL)
		errx(HDX_EXIT_DATA, "%s", ebuf);
	if (ledger_key_count(l, t->name, site_org(site), date, &ours, ebuf,
	    sizeof(ebuf)) == -1)
		errx(HDX_EXIT_IO, "%s", ebuf);
	memset(&ty, 0, sizeof(ty));
	ty.keys = hmap_new();
	buf_init(&ty.key);
	read_staging(&ty, l, site, t, date);
	if ((ch = channel_open(ops, site, ebuf, sizeof(ebuf))) == NULL)
		errx(HDX_EXIT_IO, "%s", ebuf);
	if (ch->ops->count(ch, t, site_org(site), date, &theirs, ebuf,
	    sizeof(ebuf)) == -1)
		errx(HDX_EXIT_IO, "%s", ebuf);
	channel_close(ch);
	gaps = report(t, date, &ty, ours, theirs);
	hmap_free(ty.keys);
	buf_free(&ty.key);
	return gaps > 0;
}

static int
run(const struct options *o)
{
	struct site *site;
	struct standard *std;
	struct ledger *l;
	const char *stddir = o->standard, **names;
	const struct std_table *t;
	char ebuf[1024], *dir;
	size_t i, n;
	int diff = 0;

	if ((site = site_load(o->site, ebuf, sizeof(ebuf))) == NULL)
		errx(HDX_EXIT_DATA, "%s", ebuf);
	if (stddir == NULL)
		stddir = site_get(site, "site", "standard");
	if (stddir == NULL)
		stddir = std_default_dir();
	if ((std = std_load(stddir, ebuf, sizeof(ebuf))) == NULL)
		errx(HDX_EXIT_DATA, "%s", ebuf);
	if ((dir = site_path(site, "site", "state_dir")) == NULL)
		errx(HDX_EXIT_DATA, "%s: [site] state_dir is not set",
		    site_file(site));
	if ((l = ledger_open(dir, ebuf, sizeof(ebuf))) == NULL)
		errx(HDX_EXIT_IO, "%s", ebuf);
	free(dir);
	names = o->table;
	n = o->ntables;
	if (n == 0)
		n = site_sections(site, "table", &names);
	if (n == 0)
		errx(HDX_EXIT_USAGE, "no -t TABLE and no [table] in %s",
		    site_file(site));
	for (i = 0; i < n; i++) {
		if ((t = std_table(std, names[i])) == NULL)
			errx(HDX_EXIT_USAGE, "%s: no table '%s' in "
			    "%s/tables.csv", names[i], names[i], stddir);
		diff |= reconcile(l, site, t, o->date);
	}
	ledger_close(l);
	std_free(std);
	site_free(site);
	return diff ? HDX_EXIT_FINDINGS : HDX_EXIT_OK;
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "standard", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	memset(o, 0, sizeof(*o));
	o->verbosity = 1;
	while ((ch = getopt_long(argc, argv, "c:hqt:v", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'c':
			o->site = optarg;
			break;
		case 'd':
			if (!date_valid(optarg, strlen(optarg)))
				errx(HDX_EXIT_USAGE, "--date %s: expected a "
				    "date YYYY-MM-DD", optarg);
			o->date = optarg;
			break;
		case 'h':
			usage(HDX_EXIT_OK);
		case 'q':
			o->verbosity = 0;
			break;
		case 'S':
			o->standard = optarg;
			break;
		case 't':
			o->table = xreallocarray(o->table, o->ntables + 1,
			    sizeof(char *));
			o->table[o->ntables++] = optarg;
			break;
		case 'v':
			o->verbosity++;
			break;
		default:
			usage(HDX_EXIT_USAGE);
		}
	}
	if (optind != argc || o->site == NULL || o->date == NULL)
		usage(HDX_EXIT_USAGE);
}

int
main(int argc, char **argv)
{
	struct options o;
	int status;

	parse_options(argc, argv, &o);
	log_init("hdx-reconcile", o.verbosity);
	status = run(&o);
	free(o.table);
	if (fclose(stdout) == EOF)
		err(HDX_EXIT_IO, "stdout");
	return status;
}
