/*
 * presign.c - pre-signed upload requests for measuring a receiver's own
 * ceiling (bench/run-bench): the records of a CSV of TABLE cut into
 * batches of N, each body built as hdx-upload builds it (lib/http.c),
 * written to DIR/body.I, and a curl config DIR/curl.conf that POSTs them
 * all, in order, over one kept-alive connection, each signed (api.md 3.2)
 * at the time of this run: replay within 300 s.
 *
 *   presign -o ORG -b BASE -n N -d DIR [--standard STD] TABLE FILE
 *
 * The secret is read from the environment (PRESIGN_SECRET), never argv.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http.h"
#include "sm.h"
#include "standard.h"
#include "tabin.h"
#include "util.h"

struct job {
	const char	*org, *base, *dir, *secret, *table;
	FILE		*conf;
	long		 n;
	int		 batches;
};

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: presign -o ORG -b BASE -n N -d DIR "
	    "[--standard STD] TABLE FILE\n");
	exit(2);
}

static void
emit(struct job *j, struct http_batch *b)
{
	char id[64], ts[32], nonce[33], sig[65], msg[512], *path;
	FILE *fp;

	snprintf(id, sizeof(id), "presign-%ld-%d", (long)time(NULL),
	    j->batches);
	http_batch_finish(b, id);
	snprintf(ts, sizeof(ts), "%lld", (long long)time(NULL));
	path = xasprintf("/api/v1/upload/%s", j->table);
	if (sm_random_hex(nonce, 16, msg, sizeof(msg)) == -1 ||
	    http_sign(j->secret, strlen(j->secret), "POST", path, ts, nonce,
	    b->body.data, b->body.len, sig, msg, sizeof(msg)) == -1)
		errx(1, "%s", msg);
	free(path);
	path = xasprintf("%s/body.%d", j->dir, j->batches);
	if ((fp = fopen(path, "w")) == NULL ||
	    fwrite(b->body.data, 1, b->body.len, fp) != b->body.len ||
	    fclose(fp) == EOF)
		err(1, "%s", path);
	fprintf(j->conf, "%surl = \"%s/api/v1/upload/%s\"\n"
	    "header = \"X-Org-Code: %s\"\nheader = \"X-Timestamp: %s\"\n"
	    "header = \"X-Nonce: %s\"\nheader = \"X-Signature: %s\"\n"
	    "header = \"Content-Type: application/json\"\nheader = \"Expect:\"\n"
	    "data-binary = \"@%s\"\noutput = \"/dev/null\"\n"
	    "write-out = \"%%{http_code}\\n\"\n",
	    j->batches ? "next\n" : "", j->base, j->table, j->org, ts, nonce,
	    sig, path);
	free(path);
	j->batches++;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "standard", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 }
	};
	const char *stddir = NULL;
	struct job j;
	struct standard *std;
	const struct std_table *t;
	struct tabin *ti;
	struct tabin_record *rec;
	struct http_batch b;
	char msg[512], *path;
	FILE *fp;
	int ch, rc;

	memset(&j, 0, sizeof(j));
	while ((ch = getopt_long(argc, argv, "b:d:n:o:", longopts, NULL)) != -1)
		switch (ch) {
		case 'b': j.base = optarg; break;
		case 'd': j.dir = optarg; break;
		case 'n': j.n = strtol(optarg, NULL, 10); break;
		case 'o': j.org = optarg; break;
		case 'S': stddir = optarg; break;
		default: usage();
		}
	argc -= optind;
	argv += optind;
	if (argc != 2 || !j.org || !j.base || !j.dir || j.n < 1 || j.n > 5000)
		usage();
	if ((j.secret = getenv("PRESIGN_SECRET")) == NULL)
		errx(2, "PRESIGN_SECRET is not set");
	j.table = argv[0];
	if ((std = std_load(stddir ? stddir : std_default_dir(), msg,
	    sizeof(msg))) == NULL)
		errx(1, "%s", msg);
	if ((t = std_table(std, j.table)) == NULL)
		errx(2, "%s: no such table", j.table);
	if ((fp = fopen(argv[1], "r")) == NULL)
		err(1, "%s", argv[1]);
	if ((ti = tabin_open(fp, argv[1], t, msg, sizeof(msg))) == NULL)
		errx(1, "%s", msg);
	path = xasprintf("%s/curl.conf", j.dir);
	if ((j.conf = fopen(path, "w")) == NULL)
		err(1, "%s", path);
	http_batch_begin(&b, j.org, t, 0, 0);
	while ((rc = tabin_next(ti, &rec)) == 1) {
		if ((long)b.nrecords == j.n) {
			emit(&j, &b);
			http_batch_free(&b);
			http_batch_begin(&b, j.org, t, 0, 0);
		}
		if ((rc = http_batch_add(&b, rec->v, rec->len, msg,
		    sizeof(msg))) == 1) {
			emit(&j, &b);
			http_batch_free(&b);
			http_batch_begin(&b, j.org, t, 0, 0);
			rc = http_batch_add(&b, rec->v, rec->len, msg,
			    sizeof(msg));
		}
		if (rc != 0)
			errx(1, "%s", msg);
	}
	if (rc == -1)
		errx(1, "%s", tabin_error(ti));
	if (b.nrecords > 0)
		emit(&j, &b);
	http_batch_free(&b);
	if (fclose(j.conf) == EOF)
		err(1, "%s", path);
	printf("%d\n", j.batches);
	free(path);
	tabin_free(ti);
	fclose(fp);
	std_free(std);
	return 0;
}
