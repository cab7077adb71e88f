/*
 * jread.c - JSON members read with their kinds checked (jread.h).
 */
#include <stdarg.h>
#include <stdio.h>

#include "jread.h"
#include "util.h"

void
jpath(char *out, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out, len, fmt, ap);
	va_end(ap);
}

static const char *
kind_name(int k)
{
	if (k & K_OBJ)
		return "an object";
	if (k & K_ARR)
		return "an array";
	if (k & K_STR)
		return "a string";
	if (k & K_NUM)
		return "a number";
	return "true or false";
}

static int
kind_ok(const json_t *v, int k)
{
	if (json_is_null(v))
		return (k & K_NULL) != 0;
	return ((k & K_OBJ) && json_is_object(v)) ||
	    ((k & K_ARR) && json_is_array(v)) ||
	    ((k & K_STR) && json_is_string(v)) ||
	    ((k & K_NUM) && json_is_number(v)) ||
	    ((k & K_BOOL) && json_is_boolean(v));
}

const json_t *
jget(struct jc *c, const json_t *o, const char *path, const char *name,
    int k)
{
	const json_t *v;

	if (c->bad)
		return NULL;
	v = json_object_get(o, name);
	if (v == NULL) {
		if (!(k & K_OPT)) {
			c->bad = 1;
			seterr(c->err, c->errlen, "%s: %s%s%s: missing",
			    c->what, path, *path ? "." : "", name);
		}
		return NULL;
	}
	if (!kind_ok(v, k)) {
		c->bad = 1;
		seterr(c->err, c->errlen, "%s: %s%s%s: not %s%s", c->what,
		    path, *path ? "." : "", name, kind_name(k),
		    (k & K_NULL) ? " or null" : "");
		return NULL;
	}
	return json_is_null(v) ? NULL : v;
}

const char *
jstr(struct jc *c, const json_t *o, const char *path, const char *name,
    int k)
{
	const json_t *v = jget(c, o, path, name, K_STR | k);

	return v ? json_string_value(v) : NULL;
}

double
jnum(struct jc *c, const json_t *o, const char *path, const char *name)
{
	const json_t *v = jget(c, o, path, name, K_NUM);

	return v ? json_number_value(v) : 0;
}

void
jbad(struct jc *c, const char *path, const char *problem)
{
	if (c->bad)
		return;
	c->bad = 1;
	seterr(c->err, c->errlen, "%s: %s: %s", c->what, path, problem);
}
