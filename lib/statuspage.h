/*
 * statuspage.h - the status of a site (the JSON object of hdx-status
 * --json, hdx-status(1)) as one self-contained HTML5 page in the look of
 * the QC report: the alerts, the day's calls with their shares, the top
 * tables by latency, volume and failures as SVG bars, the daily trend as
 * an SVG line, and the tables' figures. No script, no external resource.
 *
 * The object is borrowed. The page is built in memory and written only
 * when every member read had its kind, so a malformed status writes
 * nothing. Returns 0, or -1 with "status: MEMBER: problem" or "status:
 * write error: ..." in err.
 */
#ifndef HDX_STATUSPAGE_H
#define HDX_STATUSPAGE_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

int	 statuspage_html(FILE *, const json_t *status, char *err,
	    size_t errlen);

#endif
