/*
 * jread.h - reading a JSON object member by member with its kind
 * checked, for the renderers of the QC report and the status page: the
 * first missing member or wrong type is kept as "WHAT: PATH: problem"
 * in the caller's buffer, and every later read returns nothing, so a
 * reader fills its model in one pass and looks at bad once at the end.
 */
#ifndef HDX_JREAD_H
#define HDX_JREAD_H

#include <stddef.h>

#include <jansson.h>

enum {
	K_OBJ = 1, K_ARR = 2, K_STR = 4, K_NUM = 8, K_BOOL = 16,
	K_NULL = 32,	/* null is allowed */
	K_OPT = 64,	/* may be absent */
};

struct jc {
	const char	*what;		/* "QC report", "status" */
	char		*err;
	size_t		 errlen;
	int		 bad;
};

/* A member's path for messages; paths are short, truncation is harmless. */
void	 jpath(char *, size_t, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
/* Member name of o (at path) of kind k; NULL when absent, null or bad. */
const json_t *jget(struct jc *, const json_t *o, const char *path,
	    const char *name, int k);
/* A string member (k adds K_NULL, K_OPT) or NULL; a number or 0. */
const char *jstr(struct jc *, const json_t *o, const char *path,
	    const char *name, int k);
double	 jnum(struct jc *, const json_t *o, const char *path,
	    const char *name);
/* Marks the object bad: "WHAT: path: problem", unless it already is. */
void	 jbad(struct jc *, const char *path, const char *problem);

#endif
