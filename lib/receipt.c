/*
 * receipt.c - the batch receipt, parsed with jansson. Anything a receiver
 * might get wrong is an error with a message that names the member (never
 * its value beyond a type name): the receipt decides what the ledger and
 * the rejects file say, so a doubtful one is refused, not guessed at.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "receipt.h"
#include "util.h"

static const char *
type_name(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a real number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		return "null";
	}
	return "?";
}

static int
get_int(const json_t *o, const char *name, const char *where, long min,
    long *out, char *err, size_t errlen)
{
	const json_t *v = json_object_get(o, name);
	json_int_t n;

	if (v == NULL)
		return seterr(err, errlen, "receipt: %s%sno \"%s\"", where,
		    *where ? ": " : "", name);
	if (!json_is_integer(v))
		return seterr(err, errlen, "receipt: %s%s\"%s\" is %s, not an "
		    "integer", where, *where ? ": " : "", name, type_name(v));
	n = json_integer_value(v);
	if (n < min || n > 1000000000)
		return seterr(err, errlen, "receipt: %s%s\"%s\" %lld out of "
		    "range", where, *where ? ": " : "", name, (long long)n);
	*out = (long)n;
	return 0;
}

static int
get_str(const json_t *o, const char *name, const char *where, char **out,
    char *err, size_t errlen)
{
	const json_t *v = json_object_get(o, name);

	if (v == NULL)
		return seterr(err, errlen, "receipt: %s%sno \"%s\"", where,
		    *where ? ": " : "", name);
	if (!json_is_string(v))
		return seterr(err, errlen, "receipt: %s%s\"%s\" is %s, not a "
		    "string", where, *where ? ": " : "", name, type_name(v));
	*out = xstrndup(json_string_value(v), json_string_length(v));
	return 0;
}

static int
parse_obj(const json_t *root, struct receipt *r, char *err, size_t errlen)
{
	const json_t *rej, *e, *dup;
	char where[64];
	size_t i;

	if (!json_is_object(root))
		return seterr(err, errlen, "receipt: %s, not an object",
		    type_name(root));
	if (get_int(root, "code", "", 0, &r->code, err, errlen) == -1)
		return -1;
	if (r->code != 0)
		return seterr(err, errlen, "receipt: \"code\" is %ld, not 0",
		    r->code);
	if (get_str(root, "batch_id", "", &r->batch_id, err,
	    errlen) == -1 ||
	    get_int(root, "accepted", "", 0, &r->accepted, err,
	    errlen) == -1)
		return -1;
	if ((rej = json_object_get(root, "rejected")) == NULL)
		return seterr(err, errlen, "receipt: no \"rejected\"");
	if (!json_is_array(rej))
		return seterr(err, errlen, "receipt: \"rejected\" is %s, not "
		    "an array", type_name(rej));
	r->rejected = xcalloc(json_array_size(rej) ? json_array_size(rej) : 1,
	    sizeof(*r->rejected));
	for (i = 0; i < json_array_size(rej); i++) {
		e = json_array_get(rej, i);
		snprintf(where, sizeof(where), "rejected[%zu]", i);
		r->nrejected = i + 1;
		if (!json_is_object(e))
			return seterr(err, errlen, "receipt: %s is %s, not an "
			    "object", where, type_name(e));
		if (get_int(e, "index", where, 0, &r->rejected[i].index, err,
		    errlen) == -1 ||
		    get_str(e, "field", where, &r->rejected[i].field, err,
		    errlen) == -1 ||
		    get_str(e, "rule", where, &r->rejected[i].rule, err,
		    errlen) == -1 ||
		    get_str(e, "message", where, &r->rejected[i].message, err,
		    errlen) == -1)
			return -1;
	}
	if ((dup = json_object_get(root, "duplicate")) != NULL) {
		if (!json_is_boolean(dup))
			return seterr(err, errlen, "receipt: \"duplicate\" is "
			    "%s, not a boolean", type_name(dup));
		r->duplicate = json_is_true(dup);
	}
	return 0;
}

int
receipt_parse(const char *json, size_t len, struct receipt *r, char *err,
    size_t errlen)
{
	json_error_t je;
	json_t *root;
	int rc;

	memset(r, 0, sizeof(*r));
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return seterr(err, errlen, "receipt: malformed JSON at line "
		    "%d, column %d: %s", je.line, je.column, je.text);
	rc = parse_obj(root, r, err, errlen);
	json_decref(root);
	if (rc == -1)
		receipt_free(r);
	return rc;
}

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

size_t
receipt_rejected_records(const struct receipt *r)
{
	long *ix;
	size_t i, n = 0;

	if (r->nrejected == 0)
		return 0;
	ix = xreallocarray(NULL, r->nrejected, sizeof(*ix));
	for (i = 0; i < r->nrejected; i++)
		ix[i] = r->rejected[i].index;
	qsort(ix, r->nrejected, sizeof(*ix), cmp_long);
	for (i = 0; i < r->nrejected; i++)
		if (i == 0 || ix[i] != ix[i - 1])
			n++;
	free(ix);
	return n;
}

int
receipt_check(const struct receipt *r, const char *batch_id,
    size_t record_count, char *err, size_t errlen)
{
	size_t i, nrej;

	if (r->batch_id == NULL || strcmp(r->batch_id, batch_id) != 0)
		return seterr(err, errlen, "receipt: for another batch_id "
		    "than %s", batch_id);
	for (i = 0; i < r->nrejected; i++)
		if ((size_t)r->rejected[i].index >= record_count)
			return seterr(err, errlen, "receipt: rejected[%zu]: "
			    "index %ld beyond the %zu records", i,
			    r->rejected[i].index, record_count);
	nrej = receipt_rejected_records(r);
	if ((size_t)r->accepted + nrej != record_count)
		return seterr(err, errlen, "receipt: %ld accepted and %zu "
		    "rejected records, but %zu were sent", r->accepted, nrej,
		    record_count);
	return 0;
}

void
receipt_free(struct receipt *r)
{
	size_t i;

	if (r->rejected != NULL)
		for (i = 0; i < r->nrejected; i++) {
			free(r->rejected[i].field);
			free(r->rejected[i].rule);
			free(r->rejected[i].message);
		}
	free(r->rejected);
	free(r->batch_id);
	memset(r, 0, sizeof(*r));
}
