/*
 * htmlpage.c - what the static HTML pages of hdx share (htmlpage.h).
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "htmlpage.h"

/* s as HTML text or attribute value; C0 controls become U+FFFD. */
void
html_esc(struct buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		switch (*s) {
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		case '"':
			buf_adds(b, "&quot;");
			break;
		case '\'':
			buf_adds(b, "&#39;");
			break;
		default:
			if ((unsigned char)*s < 0x20 || *s == 0x7f)
				buf_adds(b, "\xef\xbf\xbd");
			else
				buf_addc(b, *s);
		}
}

const char htmlpage_css[] =
	"body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\","
	"\"PingFang SC\",\"Microsoft YaHei\",sans-serif;margin:24px auto;"
	"max-width:1100px;padding:0 16px;color:#222;background:#f6f7f9}\n"
	"h1{font-size:24px;margin:0 0 4px}h2{font-size:20px;margin:0}"
	"h3{font-size:16px;margin:20px 0 6px}"
	"h4{font-size:14px;margin:12px 0 4px}\n"
	".meta{color:#555;margin:2px 0}\n"
	"section.institution,section.card{background:#fff;border:1px solid #d8dbe0;"
	"border-radius:6px;padding:16px 20px;margin:20px 0}\n"
	".scorecard{display:flex;align-items:center;gap:18px;margin:10px 0}\n"
	".score{font-size:44px;font-weight:bold}\n"
	".grade,.status{display:inline-block;padding:4px 12px;"
	"border-radius:4px;color:#fff;font-weight:bold}\n"
	".g-pass,.s-pass{background:#2e7d32}.g-cond{background:#ef6c00}"
	".g-fail,.s-fail{background:#c62828}.s-na{background:#757575}\n"
	"table{border-collapse:collapse;margin:6px 0;font-size:13px}\n"
	"th,td{border:1px solid #d8dbe0;padding:3px 8px;text-align:right}\n"
	"th{background:#eef0f3}th.l,td.l{text-align:left}\n"
	"td.fail{color:#b71c1c;font-weight:bold;background:#fdecea}"
	"td.pass{color:#1b5e20}td.na{color:#999}\n"
	"tr.empty td{color:#aaa}\n"
	"svg{display:block;max-width:100%;height:auto}"
	"svg text{font-size:12px;fill:#333}\n"
	"rect.track{fill:#eceff1}rect.bar.pass{fill:#43a047}"
	"rect.bar.fail{fill:#e53935}\n"
	"line.threshold{stroke:#212121;stroke-width:2;stroke-dasharray:4 2}\n"
	"line.axis{stroke:#90a4ae}line.grid{stroke:#eceff1}\n"
	"polygon.band{fill:#90caf9;fill-opacity:.45;stroke:none}\n"
	"polyline.volume{fill:none;stroke:#1565c0;stroke-width:2}\n"
	"circle.warn{fill:#e53935;stroke:#fff;stroke-width:1}\n"
	".legend{color:#555;font-size:12px;margin:2px 0 10px}\n"
	"footer{color:#888;font-size:12px;margin:24px 0}\n";

/* The top of an axis: 1, 2 or 5 times a power of ten, at least v. */
double
axis_ceil(double v)
{
	double p;

	if (!(v > 0))
		return 1;
	p = pow(10, floor(log10(v)));
	if (p >= v)
		return p;
	if (2 * p >= v)
		return 2 * p;
	if (5 * p >= v)
		return 5 * p;
	return 10 * p;
}

int
html_flush(FILE *fp, struct buf *b, const char *what, char *err,
    size_t errlen)
{
	int rc = 0;

	if (b->len > 0 && fwrite(b->data, 1, b->len, fp) != b->len)
		rc = seterr(err, errlen, "%s: write error: %s", what,
		    strerror(errno));
	else if (fflush(fp) == EOF || ferror(fp))
		rc = seterr(err, errlen, "%s: write error: %s", what,
		    strerror(errno));
	buf_free(b);
	return rc;
}
