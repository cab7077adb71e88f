/*
 * htmlpage.h - what the static HTML pages of hdx share: the QC report of
 * hdx-check (qchtml.h) and the status page of hdx-status (statuspage.h)
 * have one look, one way of escaping text and one way of writing.
 */
#ifndef HDX_HTMLPAGE_H
#define HDX_HTMLPAGE_H

#include <stddef.h>
#include <stdio.h>

#include "util.h"

/* The style sheet of the pages: colours, cards, tables, SVG charts. */
extern const char htmlpage_css[];

/* s as HTML text or attribute value; C0 controls become U+FFFD. */
void	 html_esc(struct buf *, const char *s);
/* The top of a chart's axis: 1, 2 or 5 times a power of ten, >= v. */
double	 axis_ceil(double v);
/* Writes and frees b; -1 with "WHAT: write error: ..." in err. */
int	 html_flush(FILE *, struct buf *b, const char *what, char *err,
	    size_t errlen);

#endif
