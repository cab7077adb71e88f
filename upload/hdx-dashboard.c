/*
 * hdx-dashboard - the JSON that hdx-status reads or writes and a shell
 * script cannot: the site's status page, and the failing indicators of a
 * night's QC report (hdx-dashboard(1)).
 *
 *   hdx-dashboard html [-i STATUS.json] [-o PAGE.html]
 *   hdx-dashboard qc-alerts REPORT.json
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "exitcode.h"
#include "qchtml.h"
#include "statuspage.h"

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: hdx-dashboard html [-i STATUS.json] [-o PAGE.html]\n"
	    "       hdx-dashboard qc-alerts REPORT.json\n");
	exit(status);
}

static json_t *
load(const char *path)
{
	json_error_t je;
	json_t *o;

	if (path == NULL)
		o = json_loadf(stdin, JSON_REJECT_DUPLICATES, &je);
	else
		o = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (o == NULL)
		errx(HDX_EXIT_DATA, "%s:%d: %s", path ? path : "stdin",
		    je.line, je.text);
	return o;
}

static int
html(int argc, char *argv[])
{
	const char *in = NULL, *out = NULL;
	char ebuf[512];
	json_t *st;
	FILE *fp = stdout;
	int ch;

	while ((ch = getopt(argc, argv, "i:o:")) != -1)
		switch (ch) {
		case 'i':
			in = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			usage(HDX_EXIT_USAGE);
		}
	if (optind != argc)
		usage(HDX_EXIT_USAGE);
	st = load(in);
	if (out != NULL && (fp = fopen(out, "w")) == NULL)
		err(HDX_EXIT_IO, "%s", out);
	if (statuspage_html(fp, st, ebuf, sizeof(ebuf)) == -1) {
		if (out != NULL)
			remove(out);
		errx(strstr(ebuf, "write error") ? HDX_EXIT_IO : HDX_EXIT_DATA,
		    "%s: %s", in ? in : "stdin", ebuf);
	}
	if (out != NULL && fclose(fp) == EOF)
		err(HDX_EXIT_IO, "%s", out);
	json_decref(st);
	return HDX_EXIT_OK;
}

/* Exit 1 when an indicator fails, as hdx-check does on the report. */
static int
qc_alerts(int argc, char *argv[])
{
	char ebuf[512];
	json_t *rep;
	int n;

	if (argc != 2)
		usage(HDX_EXIT_USAGE);
	rep = load(argv[1]);
	if ((n = qcreport_failing(stdout, rep, ebuf, sizeof(ebuf))) == -1)
		errx(strstr(ebuf, "write error") ? HDX_EXIT_IO : HDX_EXIT_DATA,
		    "%s: %s", argv[1], ebuf);
	json_decref(rep);
	return n > 0 ? HDX_EXIT_FINDINGS : HDX_EXIT_OK;
}

int
main(int argc, char *argv[])
{
	if (argc < 2)
		usage(HDX_EXIT_USAGE);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		usage(HDX_EXIT_OK);
	if (strcmp(argv[1], "html") == 0)
		return html(argc - 1, argv + 1);
	if (strcmp(argv[1], "qc-alerts") == 0)
		return qc_alerts(argc - 1, argv + 1);
	usage(HDX_EXIT_USAGE);
}
