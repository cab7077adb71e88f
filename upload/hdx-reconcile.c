/*
 * hdx-reconcile - per table, the keys the ledger says were delivered for
 * a business date against the keys the platform holds (hdx-reconcile(1)).
 *
 *   hdx-reconcile [-qv] -c SITE --date YYYY-MM-DD [-t TABLE ...]
 *
 * The platform's count comes from the table's channel: the front-end
 * database's rows, or GET /api/v1/stats (api.md 4.9).
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "exitcode.h"
#include "ledger.h"
#include "log.h"
#include "site.h"
#include "standard.h"
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

/* 0 when the counts agree, 1 when they differ. */
static int
reconcile(struct ledger *l, const struct site *site,
    const struct std_table *t, const char *date)
{
	const struct channel_ops *ops;
	struct channel *ch;
	char ebuf[1024];
	long ours, theirs;

	if ((ops = channel_for(site, t->name, ebuf, sizeof(ebuf))) == NULL)
		errx(HDX_EXIT_DATA, "%s", ebuf);
	if (ledger_key_count(l, t->name, site_org(site), date, &ours, ebuf,
	    sizeof(ebuf)) == -1)
		errx(HDX_EXIT_IO, "%s", ebuf);
	if ((ch = channel_open(ops, site, ebuf, sizeof(ebuf))) == NULL)
		errx(HDX_EXIT_IO, "%s", ebuf);
	if (ch->ops->count(ch, t, site_org(site), date, &theirs, ebuf,
	    sizeof(ebuf)) == -1)
		errx(HDX_EXIT_IO, "%s", ebuf);
	channel_close(ch);
	if (ours == theirs) {
		printf("%s %s: %ld delivered, %ld on the platform\n", t->name,
		    date, ours, theirs);
		return 0;
	}
	printf("%s %s: %ld delivered, %ld on the platform: %ld %s\n", t->name,
	    date, ours, theirs, ours > theirs ? ours - theirs : theirs - ours,
	    ours > theirs ? "missing on the platform" :
	    "on the platform not in the ledger");
	return 1;
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
