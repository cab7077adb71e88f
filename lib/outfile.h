/*
 * outfile.h - an output file that appears under its name only whole.
 *
 * The data goes to a temporary file beside the final one (PATH.tmpXXXXXX,
 * mode 0600: it may hold patient data), which is flushed, synced and
 * renamed onto PATH by outfile_commit(). A run that fails, is killed or
 * fills the disk thus never leaves a half-written file where the next
 * stage would take it as complete; at worst a temporary is left, and
 * not even that when the process exits (err(3), exit(3)) before the
 * commit: the temporaries still open then are removed.
 * "-" (or NULL) is standard output, written directly; so is a device or
 * FIFO (path_is_special()), which cannot be replaced by a rename. Such a
 * stream given up (outfile_discard(), or an exit before the commit) ends
 * in OUTFILE_CUT, so that the next stage of a pipe refuses it as cut
 * short instead of taking the records before as the whole.
 */
#ifndef HDX_OUTFILE_H
#define HDX_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

/* An open quote and no line end: no CSV reader takes it as a record. */
#define OUTFILE_CUT "\"the writer of this stream failed: it is cut short"

struct outfile;

/* NULL with "PATH: reason" in err. */
struct outfile *outfile_open(const char *path, char *err, size_t errlen);
/* As outfile_open(), a regular file sealed under key when it is not NULL
 * (sealfile.h): a staging file of a site that seals them. */
struct sealkey;
struct outfile *outfile_open_sealed(const char *path, const struct sealkey *,
	    char *err, size_t errlen);
/* The stream to write, whichever the file. */
FILE	*outfile_fp(const struct outfile *);
/* PATH, or "stdout". */
const char *outfile_name(const struct outfile *);
/*
 * Flushes, syncs, closes and renames into place, and frees; 0, or -1
 * with "PATH: reason" in err and the temporary removed.
 */
int	 outfile_commit(struct outfile *, char *err, size_t errlen);
/*
 * The n files of one run, which stand or fall together: every one is
 * flushed, synced and closed before the first is renamed, so that a
 * failed write leaves none of them in place. 0, or -1 with the first
 * failure in err and every temporary removed; all are freed.
 */
int	 outfile_commit_all(struct outfile **, size_t n, char *err,
	    size_t errlen);
/* Closes, removes the temporary and frees; errno is kept. */
void	 outfile_discard(struct outfile *);

#endif
