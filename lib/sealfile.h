/*
 * sealfile.h - staging files sealed at rest (hdx-site(5), [staging]
 * encrypt = sm4): whole-file streaming SM4 encryption with a tag that
 * refuses a file altered or cut short.
 *
 *   "HDXSEAL" 0x01	magic and version (8 bytes)
 *   IV			16 random bytes
 *   SM4-CTR(Kenc, IV, data)	as long as the data
 *   HMAC-SM3(Kmac, all of the above)	32 bytes
 *
 * Kenc and Kmac are derived from the site's 128-bit secret, each by
 * HMAC-SM3 under it over a label of its own, so that neither key serves
 * both purposes. A reader checks the tag through the whole file before
 * it hands out the first byte, and once more as it decrypts (the file
 * may change between): a consumer never sees data that is not whole.
 * Memory is constant; every file has an IV of its own.
 *
 * Only regular files named by a path are sealed. Standard input and
 * output ("-"), devices and FIFOs are streams, not files at rest, and
 * stay plain. With a key, a plain regular file is refused; without one
 * (a site that does not seal), a sealed file is refused: either way the
 * message says which.
 */
#ifndef HDX_SEALFILE_H
#define HDX_SEALFILE_H

#include <stddef.h>
#include <stdio.h>

#define SEAL_MAGIC	"HDXSEAL\001"	/* 8 bytes with the version */
#define SEAL_MAGICLEN	8
#define SEAL_HEADLEN	24		/* magic, IV */
#define SEAL_TAGLEN	32

struct sealkey;
struct site;

/* The keys from a secret of 32 hex digits; NULL with err (never the
 * secret) when it is not one. */
struct sealkey *sealkey_new(const char *hex, char *err, size_t errlen);
/* The site's staging key: 0 and *key, NULL when the site does not seal
 * its staging files; -1 with err. */
int	 sealkey_site(const struct site *, struct sealkey **key, char *err,
	    size_t errlen);
void	 sealkey_free(struct sealkey *);

/* A stream that seals what is written to it onto under (the header is
 * written at once); fclose() writes the tag and leaves under open, to
 * be flushed, synced and closed by the caller. NULL with err. */
FILE	*seal_writer(FILE *under, const struct sealkey *, char *err,
	    size_t errlen);

/*
 * PATH for reading as a stage reads its input: "-" (or NULL) is standard
 * input; a device or FIFO is read as it is; a regular file is opened
 * sealed when key is given (its tag checked first, see above), plain
 * when not. NULL with "PATH: reason" in err, and errno ENOENT when there
 * is no such file.
 */
FILE	*seal_open(const char *path, const struct sealkey *, char *err,
	    size_t errlen);

#endif
