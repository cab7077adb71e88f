/*
 * hdx-seal - a staging file's text for the scripts of the chain, which
 * cannot read a sealed one themselves (hdx-seal(1)).
 *
 *   hdx-seal [-q] -c SITE -d FILE	FILE's text on standard output
 *   hdx-seal [-q] -c SITE -o FILE	standard input to FILE
 *
 * Both go as the stages go (sealfile.h): sealed when the site seals its
 * staging files ([staging] encrypt = sm4), the seal checked on reading;
 * plain when it does not. FILE is renamed into place when whole.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "log.h"
#include "outfile.h"
#include "sealfile.h"
#include "site.h"

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: hdx-seal [-q] -c SITE -d FILE\n"
	    "       hdx-seal [-q] -c SITE -o FILE\n");
	exit(status);
}

/* Copies in to out; 0, or -1 with errno when in failed, -2 when out. */
static int
copy(FILE *in, FILE *out)
{
	char buf[1 << 16];
	size_t n;

	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			return -2;
	return ferror(in) ? -1 : 0;
}

/* The tools stop with errx(3); here every failure comes back to main(),
 * which frees the site and the key (as the sanitizers ask) and exits. */
static int
decrypt(const char *path, const struct sealkey *key)
{
	char msg[1024];
	FILE *in;
	int rc, bad;

	if ((in = seal_open(path, key, msg, sizeof(msg))) == NULL) {
		warnx("%s", msg);
		return errno == EINVAL ? HDX_EXIT_DATA : HDX_EXIT_IO;
	}
	rc = copy(in, stdout);
	bad = rc == -1 && errno == EBADMSG;
	if (bad)
		warnx("%s: the seal does not hold: the file changed while it "
		    "was read", path);
	else if (rc == -1)
		warn("%s", path);
	else if (rc == -2 || fflush(stdout) == EOF)
		warn("stdout");
	if (in != stdin)
		fclose(in);
	if (bad)
		return HDX_EXIT_DATA;
	return rc ? HDX_EXIT_IO : HDX_EXIT_OK;
}

static int
encrypt(const char *path, const struct sealkey *key)
{
	struct outfile *of;
	char msg[1024];

	if ((of = outfile_open_sealed(path, key, msg, sizeof(msg))) == NULL) {
		warnx("%s", msg);
		return HDX_EXIT_IO;
	}
	if (copy(stdin, outfile_fp(of)) == -1) {
		warn("stdin");
		outfile_discard(of);
		return HDX_EXIT_IO;
	}
	if (outfile_commit(of, msg, sizeof(msg)) == -1) {
		warnx("%s", msg);
		return HDX_EXIT_IO;
	}
	return HDX_EXIT_OK;
}

int
main(int argc, char **argv)
{
	const char *site_path = NULL, *in = NULL, *out = NULL;
	struct sealkey *key;
	struct site *site;
	char msg[1024];
	int ch, verbosity = 1, status;

	while ((ch = getopt(argc, argv, "c:d:ho:q")) != -1)
		switch (ch) {
		case 'c': site_path = optarg; break;
		case 'd': in = optarg; break;
		case 'h': usage(HDX_EXIT_OK);
		case 'o': out = optarg; break;
		case 'q': verbosity = 0; break;
		default: usage(HDX_EXIT_USAGE);
		}
	if (optind != argc || site_path == NULL || (in == NULL) == (out == NULL))
		usage(HDX_EXIT_USAGE);
	log_init("hdx-seal", verbosity);
	if ((site = site_load(site_path, msg, sizeof(msg))) == NULL)
		errx(HDX_EXIT_DATA, "%s", msg);
	status = sealkey_site(site, &key, msg, sizeof(msg));
	site_free(site);
	if (status == -1)
		errx(HDX_EXIT_DATA, "%s", msg);
	status = in ? decrypt(in, key) : encrypt(out, key);
	sealkey_free(key);
	return status;
}
