/*
 * charset.h - text of a source's character set ([source] charset of
 * hdx-site(5): GBK or GB18030) converted to UTF-8 with iconv(3), one
 * value at a time, through one conversion descriptor per run.
 *
 * A byte that does not start a character of the set (or a character cut
 * short by the end of the value) cannot be converted; it is written as
 * U+001A SUBSTITUTE, the control character that marks a character that
 * could not be represented. The rest of the value is converted as it
 * is, so the value keeps its place and length in characters, and the
 * standard's type rule (R02: text without control characters) makes
 * hdx-check reject it with its reason: the value is marked, never
 * silently altered, and the batch goes on.
 */
#ifndef HDX_CHARSET_H
#define HDX_CHARSET_H

#include <stddef.h>

struct buf;
struct charset;

#define CHARSET_SUB	'\x1a'	/* written for an unconvertible byte */

/* NULL for UTF-8 (nothing to convert) or with the reason in err;
 * *conv tells which. */
struct charset *charset_new(const char *name, int *conv, char *err,
	    size_t errlen);
void	 charset_free(struct charset *);
const char *charset_name(const struct charset *);

/*
 * Replaces out's contents with s (len bytes) in UTF-8, NUL-terminated.
 * Returns how many bytes could not be converted (each written as
 * CHARSET_SUB) and the 1-based offset in s of the first in *first.
 */
size_t	 charset_to_utf8(struct charset *, const char *s, size_t len,
	    struct buf *out, size_t *first);

#endif
