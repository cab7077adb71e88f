/*
 * normalize.h - an extracted value turned into the form of its field's
 * type in the standard (README 4.1), before any mapping or checking:
 *
 *   every type   spaces, tabs, CR and LF trimmed at both ends; NULL -> ""
 *   D            YYYYMMDD, YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, each
 *                optionally followed by a midnight time -> YYYY-MM-DD
 *   DT           YYYY-MM-DD HH:MM:SS with '-', '/' or nothing between
 *                the date's parts, ' ' or 'T' before the time, HH:MM
 *                or HHMMSS, fractions of a second (cut, not rounded, so
 *                that a row never moves to a later window), a bare date
 *                (midnight) -> YYYY-MM-DD HH:MM:SS
 *   N            a decimal padded or rounded (half away from zero) to
 *                the field's scale, leading '+' and zeros dropped
 *   I            leading '+' and zeros dropped, a zero fraction ("12.0")
 *   S            trimmed only
 *
 * A value that is none of these forms (after the trim) is passed through
 * as it is, for hdx-check to reject with its reason: never altered
 * otherwise, never dropped. No allocation beyond the caller's buffer,
 * no locale.
 */
#ifndef HDX_NORMALIZE_H
#define HDX_NORMALIZE_H

#include <stddef.h>

#include "standard.h"

struct buf;

/* Replaces out's contents with the normalised s (len bytes; NULL for SQL
 * NULL). Returns 1 when the value had the type's form (or was empty),
 * 0 when it was passed through. */
int	 norm_value(enum std_type type, int scale, const char *s, size_t len,
	    struct buf *out);
/*
 * The same without a copy where nothing changes (text, an empty value,
 * a value passed through): returns a pointer into s, else out's data,
 * with the length in *outlen (not NUL-terminated when into s) and in
 * *ok what norm_value() returns. The extraction's per-value path.
 */
const char *norm_value_ref(enum std_type type, int scale, const char *s,
	    size_t len, struct buf *out, size_t *outlen, int *ok);

#endif
