/*
 * outfile.h - an output file that appears under its name only whole.
 *
 * The data goes to a temporary file beside the final one (PATH.tmpXXXXXX,
 * mode 0600: it may hold patient data), which is flushed, synced and
 * renamed onto PATH by outfile_commit(). A run that fails, is killed or
 * fills the disk thus never leaves a half-written file where the next
 * stage would take it as complete; at worst a temporary is left.
 * "-" (or NULL) is standard output, written directly.
 */
#ifndef HDX_OUTFILE_H
#define HDX_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

struct outfile;

/* NULL with "PATH: reason" in err. */
struct outfile *outfile_open(const char *path, char *err, size_t errlen);
FILE	*outfile_fp(const struct outfile *);
/*
 * Flushes, syncs, closes and renames into place, and frees; 0, or -1
 * with "PATH: reason" in err and the temporary removed.
 */
int	 outfile_commit(struct outfile *, char *err, size_t errlen);
/* Closes, removes the temporary and frees; errno is kept. */
void	 outfile_discard(struct outfile *);

#endif
