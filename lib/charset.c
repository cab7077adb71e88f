/*
 * charset.c - a source's text to UTF-8 (charset.h).
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "charset.h"
#include "util.h"

struct charset {
	iconv_t		 cd;
	char		*name;
};

struct charset *
charset_new(const char *name, int *conv, char *err, size_t errlen)
{
	struct charset *c;
	iconv_t cd;

	*conv = 0;
	if (name == NULL || strcasecmp(name, "UTF-8") == 0 ||
	    strcasecmp(name, "UTF8") == 0)
		return NULL;
	*conv = 1;
	if ((cd = iconv_open("UTF-8", name)) == (iconv_t)-1) {
		seterr(err, errlen, "charset %s: %s", name, strerror(errno));
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
	c->cd = cd;
	c->name = xstrdup(name);
	return c;
}

void
charset_free(struct charset *c)
{
	if (c == NULL)
		return;
	iconv_close(c->cd);
	free(c->name);
	free(c);
}

const char *
charset_name(const struct charset *c)
{
	return c->name;
}

static int
ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

size_t
charset_to_utf8(struct charset *c, const char *s, size_t len, struct buf *out,
    size_t *first)
{
	char *in = (char *)s, *o;
	size_t inleft = len, oleft, bad = 0, r;

	*first = 0;
	buf_reset(out);
	if (ascii(s, len)) {
		buf_add(out, s, len);
		return 0;
	}
	iconv(c->cd, NULL, NULL, NULL, NULL);
	buf_reserve(out, 2 * len + 8);
	while (inleft > 0) {
		o = out->data + out->len;
		oleft = out->cap - out->len - 1;	/* room for the NUL */
		r = iconv(c->cd, &in, &inleft, &o, &oleft);
		out->len = o - out->data;
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			buf_reserve(out, inleft * 2 + 8);
			continue;
		}
		/* EILSEQ, or EINVAL for a character cut by the end */
		if (bad++ == 0)
			*first = in - s + 1;
		buf_addc(out, CHARSET_SUB);
		in++;
		inleft--;
	}
	out->data[out->len] = '\0';
	return bad;
}
