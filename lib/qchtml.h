/*
 * qchtml.h - the QC report of hdx-check (hdx-check(5)) rendered from its
 * JSON object: as plain text (the layout of the platform's qc_report.py),
 * and as one self-contained HTML5 page with inline CSS and SVG charts
 * (no script, no external resource: it opens offline in any browser).
 *
 * The report is borrowed and nothing of it is kept. The whole object is
 * checked before a byte is written, so a malformed report writes nothing.
 * Both return 0, or -1 with "QC report: MEMBER: problem" (a missing
 * member or a wrong type) or "QC report: write error: ..." in err.
 */
#ifndef HDX_QCHTML_H
#define HDX_QCHTML_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

int	 qcreport_text(FILE *, const json_t *report, char *err, size_t errlen);
int	 qcreport_html(FILE *, const json_t *report, char *err, size_t errlen);
/*
 * The indicators that fail (pass false), of each institution and then of
 * its tables, one line each: ORG TAB TABLE TAB INDICATOR TAB VALUE TAB
 * THRESHOLD, with "-" for the institution's TABLE and an empty org_code,
 * the value "%.2f", the threshold "%g"; the count of lines, or -1.
 */
int	 qcreport_failing(FILE *, const json_t *report, char *err,
	    size_t errlen);

#endif
