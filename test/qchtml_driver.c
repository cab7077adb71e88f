/*
 * qchtml_driver.c - renders a QC report JSON file with lib/qchtml: the
 * e2e test's driver (test/e2e/qchtml.sh compiles it against libhdx.a).
 *
 *   qchtml_driver text|html REPORT.json
 *
 * Writes the rendering to stdout; exit 0, 2 on usage, 3 when the report
 * is not JSON or not a QC report, 4 on a write error.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "qchtml.h"

int
main(int argc, char *argv[])
{
	json_error_t je;
	json_t *rep;
	char errbuf[512];
	int rc;

	if (argc != 3 || (strcmp(argv[1], "text") != 0 &&
	    strcmp(argv[1], "html") != 0)) {
		fprintf(stderr, "usage: qchtml_driver text|html REPORT.json\n");
		return 2;
	}
	if ((rep = json_load_file(argv[2], JSON_REJECT_DUPLICATES, &je)) ==
	    NULL)
		errx(3, "%s:%d: %s", argv[2], je.line, je.text);
	if (strcmp(argv[1], "text") == 0)
		rc = qcreport_text(stdout, rep, errbuf, sizeof(errbuf));
	else
		rc = qcreport_html(stdout, rep, errbuf, sizeof(errbuf));
	json_decref(rep);
	if (rc == -1)
		errx(strstr(errbuf, "write error") ? 4 : 3, "%s: %s", argv[2],
		    errbuf);
	return 0;
}
