/*
 * keymerge.c - the merge of a night's keys into the ledger's key index,
 * alone: N keys put as hdx-upload puts them (a transaction per batch of
 * B keys), then ledger_keys_merge() timed (CPU, user + sys), into an
 * empty index (night 1) and again, later versions of the same keys, into
 * the index that holds them (night 2). Prints the CPU of each merge and
 * the size of ledger.db after each.
 *
 *   keymerge [-n N] [-b B] DIR      (DIR: an empty directory)
 *
 * Built like gen.c: cc -O2 -Ilib bench/keymerge.c build/libhdx.a ...
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ledger.h"
#include "sm.h"
#include "util.h"

static double
cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* A night: n keys, batches of b, at update_time ut; the merge's CPU. */
static double
night(struct ledger *l, long n, long b, const char *bd, const char *ut)
{
	unsigned char d[SM3_LEN];
	char s[32], hex[SM3_HEXLEN + 1], e[512];
	double t;
	long i;

	for (i = 0; i < n; i++) {
		if (i % b == 0 && ledger_begin(l, e, sizeof(e)) == -1)
			errx(1, "%s", e);
		snprintf(s, sizeof(s), "key %ld", i);
		if (sm3_hex(s, strlen(s), hex, e, sizeof(e)) == -1 ||
		    hex_decode(d, SM3_LEN, hex) == -1)
			errx(1, "sm3");
		if (ledger_key_add(l, "outpatient_fee_detail",
		    "124115004170483179", d, bd, ut, e, sizeof(e)) == -1)
			errx(1, "%s", e);
		if ((i + 1) % b == 0 || i + 1 == n)
			if (ledger_commit(l, e, sizeof(e)) == -1)
				errx(1, "%s", e);
	}
	t = cpu();
	if (ledger_keys_merge(l, e, sizeof(e)) == -1)
		errx(1, "%s", e);
	return cpu() - t;
}

static double
mib(const char *dir)
{
	struct stat sb;
	char *p = path_join(dir, "ledger.db");
	double m;

	if (stat(p, &sb) == -1)
		err(1, "%s", p);
	m = (double)sb.st_size / (1 << 20);
	free(p);
	return m;
}

int
main(int argc, char **argv)
{
	struct ledger *l;
	long n = 1000000, b = 10000;
	char e[512];
	double t1, t2;
	int c;

	while ((c = getopt(argc, argv, "n:b:")) != -1)
		switch (c) {
		case 'n':
			n = atol(optarg);
			break;
		case 'b':
			b = atol(optarg);
			break;
		default:
			errx(2, "usage: keymerge [-n N] [-b B] DIR");
		}
	if (optind + 1 != argc || n < 1 || b < 1)
		errx(2, "usage: keymerge [-n N] [-b B] DIR");
	if ((l = ledger_open(argv[optind], e, sizeof(e))) == NULL)
		errx(1, "%s", e);
	t1 = night(l, n, b, "2026-10-01", "2026-10-01 08:00:00");
	printf("night 1: %ld keys merged in %.2f s CPU; ledger.db %.1f MiB\n",
	    n, t1, mib(argv[optind]));
	t2 = night(l, n, b, "2026-10-02", "2026-10-02 08:00:00");
	printf("night 2: %ld keys merged in %.2f s CPU; ledger.db %.1f MiB\n",
	    n, t2, mib(argv[optind]));
	ledger_close(l);
	return 0;
}
