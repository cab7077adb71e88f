/*
 * http_driver.c - a test driver for lib/http.c and lib/receipt.c, built by
 * test/e2e/http.sh against the library (it is no tool of hdx). The
 * receiver comes from the environment: HDX_TEST_BASE, HDX_TEST_ORG,
 * HDX_TEST_SECRET and, for -s, HDX_TEST_SM4 (32 hex digits).
 *
 *   http_driver [options] upload TABLE FILE.csv
 *   http_driver [options] receipt BATCH_ID
 *   http_driver [options] stats TABLE [DATE]
 *
 * Prints "class=C status=S attempts=N" and, for an upload answered 200,
 * "accepted=N rejected=N duplicate=0|1"; for a GET answered 200 the body.
 * Each retry goes to stderr as "retry attempt=N status=S wait=W", and at
 * the end "connections=N", the connections opened. Exits 0
 * when every request was delivered, 1 otherwise (the error on stderr).
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "receipt.h"
#include "sm.h"
#include "standard.h"
#include "tabin.h"
#include "util.h"

static void
on_retry(void *arg, int attempt, long status, const char *why, double wait)
{
	(void)arg;
	(void)why;
	fprintf(stderr, "retry attempt=%d status=%ld wait=%.0f\n", attempt,
	    status, wait);
}

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	if (v == NULL || *v == '\0')
		errx(2, "%s not set", name);
	return v;
}

static int nconnects;

static int
report(const struct http_result *res)
{
	printf("class=%s status=%ld attempts=%d\n",
	    http_class_name(res->class), res->status, res->attempts);
	nconnects += res->connects;
	if (res->class != HTTP_DELIVERED) {
		fprintf(stderr, "%s\n", res->error);
		return 1;
	}
	return 0;
}

static int
upload(struct http_client *c, int sm4, const char *org, const char *table,
    const char *file, const char *batch_id, int repeat)
{
	struct standard *std;
	const struct std_table *t;
	struct tabin *ti;
	struct tabin_record *rec;
	struct http_batch b;
	struct http_result res;
	struct receipt r;
	char msg[512], hex[65], *id;
	FILE *fp;
	int i, rc, status = 0;

	if ((std = std_load(std_default_dir(), msg, sizeof(msg))) == NULL)
		errx(3, "%s", msg);
	if ((t = std_table(std, table)) == NULL)
		errx(2, "%s: no such table", table);
	if ((fp = fopen(file, "r")) == NULL)
		err(3, "%s", file);
	if ((ti = tabin_open(fp, file, t, msg, sizeof(msg))) == NULL)
		errx(3, "%s", msg);
	http_batch_begin(&b, org, t, sm4, 0);
	while ((rc = tabin_next(ti, &rec)) == 1)
		if (http_batch_add(&b, rec->v, rec->len, msg, sizeof(msg)) != 0)
			errx(3, "%s", msg);
	if (rc == -1)
		errx(3, "%s", tabin_error(ti));
	tabin_free(ti);
	fclose(fp);
	http_result_init(&res);
	for (i = 0; i < repeat; i++) {
		struct http_batch one = b;

		/* The same records under batch_id, or batch_id-N. */
		if (batch_id != NULL)
			id = repeat > 1 ? xasprintf("%s-%d", batch_id, i) :
			    xstrdup(batch_id);
		else {
			if (http_batch_digest(&b, hex, msg, sizeof(msg)) == -1)
				errx(3, "%s", msg);
			id = xasprintf("%s-%s-%.16s-%d", org, table, hex, i);
		}
		buf_init(&one.body);
		buf_add(&one.body, b.body.data, b.body.len);
		one.finished = 0;
		http_batch_finish(&one, id);
		http_upload(c, table, one.body.data, one.body.len, &res);
		if (report(&res) != 0)
			status = 1;
		else if (receipt_parse(res.body, res.bodylen, &r, msg,
		    sizeof(msg)) == -1 ||
		    receipt_check(&r, id, b.nrecords, msg, sizeof(msg)) == -1) {
			fprintf(stderr, "%s\n", msg);
			status = 1;
		} else {
			printf("accepted=%ld rejected=%zu duplicate=%d\n",
			    r.accepted, receipt_rejected_records(&r),
			    r.duplicate);
			receipt_free(&r);
		}
		buf_free(&one.body);
		free(id);
	}
	http_result_free(&res);
	http_batch_free(&b);
	std_free(std);
	return status;
}

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "backoff", required_argument, NULL, 'b' },
		{ "batch-id", required_argument, NULL, 'i' },
		{ "body-org", required_argument, NULL, 'o' },
		{ "cacert", required_argument, NULL, 'C' },
		{ "connect-timeout", required_argument, NULL, 'c' },
		{ "insecure", no_argument, NULL, 'k' },
		{ "max-attempts", required_argument, NULL, 'm' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "sm4", no_argument, NULL, 's' },
		{ "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct http_config cfg;
	struct http_client *c;
	struct http_result res;
	unsigned char key[16];
	const char *body_org = NULL, *batch_id = NULL;
	char err[512];
	int ch, sm4 = 0, repeat = 1, rc;

	memset(&cfg, 0, sizeof(cfg));
	cfg.backoff_base = 0.05;
	cfg.backoff_cap = 0.2;
	while ((ch = getopt_long(argc, argv, "b:C:c:i:km:o:r:st:", opts,
	    NULL)) != -1)
		switch (ch) {
		case 'b': cfg.backoff_base = atof(optarg); break;
		case 'C': cfg.cacert = optarg; break;
		case 'c': cfg.connect_timeout = atol(optarg); break;
		case 'i': batch_id = optarg; break;
		case 'k': cfg.insecure = 1; break;
		case 'm': cfg.max_attempts = atoi(optarg); break;
		case 'o': body_org = optarg; break;
		case 'r': repeat = atoi(optarg); break;
		case 's': sm4 = 1; break;
		case 't': cfg.total_timeout = atol(optarg); break;
		default: return 2;
		}
	argc -= optind;
	argv += optind;
	if (argc < 2)
		errx(2, "usage: http_driver [options] upload|receipt|stats ...");
	cfg.base_url = env("HDX_TEST_BASE");
	cfg.org_code = env("HDX_TEST_ORG");
	cfg.secret = env("HDX_TEST_SECRET");
	cfg.secretlen = strlen(cfg.secret);
	cfg.on_retry = on_retry;
	if (sm4) {
		if (hex_decode(key, sizeof(key), env("HDX_TEST_SM4")) == -1)
			errx(2, "HDX_TEST_SM4: not 32 hex digits");
		cfg.sm4_key = key;
	}
	if ((c = http_new(&cfg, err, sizeof(err))) == NULL)
		errx(2, "%s", err);
	http_result_init(&res);
	if (strcmp(argv[0], "upload") == 0 && argc == 3)
		rc = upload(c, sm4, body_org ? body_org : cfg.org_code, argv[1],
		    argv[2], batch_id, repeat);
	else if (strcmp(argv[0], "receipt") == 0 && argc == 2) {
		http_get_receipt(c, argv[1], &res);
		if ((rc = report(&res)) == 0)
			printf("%s\n", res.body);
	} else if (strcmp(argv[0], "stats") == 0 && (argc == 2 || argc == 3)) {
		http_get_stats(c, argv[1], argc == 3 ? argv[2] : NULL, &res);
		if ((rc = report(&res)) == 0)
			printf("%s\n", res.body);
	} else
		errx(2, "usage: http_driver [options] upload|receipt|stats ...");
	http_result_free(&res);
	http_free(c);
	fprintf(stderr, "connections=%d\n", nconnects);
	return rc;
}
