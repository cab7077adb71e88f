/*
 * sealfile.c - sealed staging files (sealfile.h): SM4-CTR and HMAC-SM3
 * through OpenSSL 3's EVP, behind a stdio stream (fopencookie(3)) so
 * that every reader and writer of a stage works on it unchanged.
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "sealfile.h"
#include "site.h"
#include "sm.h"
#include "util.h"

#define CHUNK	(1 << 16)

/* The labels of the two keys drawn from the secret (never changed: a
 * file sealed under them would no longer open). */
#define LABEL_ENC	"hdx staging file encryption key (SM4-CTR)"
#define LABEL_MAC	"hdx staging file authentication key (HMAC-SM3)"

struct sealkey {
	unsigned char	 enc[SM4_KEYLEN];
	unsigned char	 mac[SM3_LEN];
};

/* One sealed file open, for writing or for reading. */
struct sealed {
	FILE		*f;		/* the file underneath */
	struct sealkey	 k;		/* a copy: the stream may outlive it */
	EVP_CIPHER	*cipher;
	EVP_CIPHER_CTX	*c;
	EVP_MAC		*macalg;
	EVP_MAC_CTX	*m;
	unsigned char	 head[SEAL_HEADLEN];
	unsigned char	 tag[SEAL_TAGLEN];	/* reading: the file's */
	off_t		 len, pos;	/* reading: of the data */
	int		 checking;	/* reading: the tag checked as read */
	unsigned char	 buf[CHUNK];	/* writing: the ciphertext */
};

struct sealkey *
sealkey_new(const char *hex, char *err, size_t errlen)
{
	unsigned char secret[SM4_KEYLEN], md[SM3_LEN];
	struct sealkey *k;

	if (strlen(hex) != 2 * SM4_KEYLEN ||
	    hex_decode(secret, sizeof(secret), hex) == -1) {
		seterr(err, errlen, "not %d hex digits (a 128-bit key)",
		    2 * SM4_KEYLEN);
		return NULL;
	}
	k = xcalloc(1, sizeof(*k));
	if (hmac_sm3(secret, sizeof(secret), LABEL_ENC, strlen(LABEL_ENC), md,
	    err, errlen) == -1 || hmac_sm3(secret, sizeof(secret), LABEL_MAC,
	    strlen(LABEL_MAC), k->mac, err, errlen) == -1) {
		sealkey_free(k);
		k = NULL;
	} else
		memcpy(k->enc, md, sizeof(k->enc));
	explicit_bzero(secret, sizeof(secret));
	explicit_bzero(md, sizeof(md));
	return k;
}

int
sealkey_site(const struct site *site, struct sealkey **key, char *err,
    size_t errlen)
{
	const char *how = site_get(site, "staging", "encrypt");
	char *hex, why[256];

	*key = NULL;
	if (how == NULL || strcmp(how, "no") == 0)
		return 0;
	/* site_load() made sure there is a key */
	if (site_secret(site, "staging", "key", &hex, err, errlen) == -1)
		return -1;
	*key = sealkey_new(hex, why, sizeof(why));
	explicit_bzero(hex, strlen(hex));
	free(hex);
	if (*key == NULL)
		return seterr(err, errlen, "%s:%lu: [staging] key: the secret is "
		    "%s", site_file(site), site_line(site, "staging", "key"),
		    why);
	return 0;
}

void
sealkey_free(struct sealkey *k)
{
	if (k == NULL)
		return;
	explicit_bzero(k, sizeof(*k));
	free(k);
}

/* ---------------------------------------------------- the primitives */

static void
sealed_free(struct sealed *s)
{
	EVP_CIPHER_CTX_free(s->c);
	EVP_CIPHER_free(s->cipher);
	EVP_MAC_CTX_free(s->m);
	EVP_MAC_free(s->macalg);
	explicit_bzero(s, sizeof(*s));
	free(s);
}

/* The counter block of data byte at: the IV plus its block number, as
 * SM4-CTR counts (a 128-bit big-endian number). */
static void
counter_at(const unsigned char iv[SM4_BLOCK], off_t at,
    unsigned char out[SM4_BLOCK])
{
	uint64_t n = (uint64_t)at / SM4_BLOCK;
	unsigned int sum;
	int i;

	memcpy(out, iv, SM4_BLOCK);
	for (i = SM4_BLOCK - 1; i >= 0 && n > 0; i--) {
		sum = out[i] + (unsigned int)(n & 0xff);
		out[i] = (unsigned char)sum;
		n = (n >> 8) + (sum >> 8);
	}
}

/* The cipher at data byte at, the MAC over the header (when at is 0). */
static int
sealed_start(struct sealed *s, int enc, off_t at)
{
	OSSL_PARAM params[2];
	unsigned char ctr[SM4_BLOCK], skip[SM4_BLOCK];
	int n;

	counter_at(s->head + SEAL_MAGICLEN, at, ctr);
	if (EVP_CipherInit_ex2(s->c, s->cipher, s->k.enc, ctr, enc, NULL) != 1)
		return -1;
	if (at % SM4_BLOCK && EVP_CipherUpdate(s->c, skip, &n, skip,
	    (int)(at % SM4_BLOCK)) != 1)
		return -1;
	if (at != 0)
		return 0;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    (char *)"SM3", 0);
	params[1] = OSSL_PARAM_construct_end();
	if (EVP_MAC_init(s->m, s->k.mac, sizeof(s->k.mac), params) != 1 ||
	    EVP_MAC_update(s->m, s->head, sizeof(s->head)) != 1)
		return -1;
	return 0;
}

static struct sealed *
sealed_new(FILE *f, const struct sealkey *key, char *err, size_t errlen)
{
	struct sealed *s = xcalloc(1, sizeof(*s));

	s->f = f;
	s->k = *key;
	if ((s->cipher = EVP_CIPHER_fetch(NULL, "SM4-CTR", NULL)) == NULL ||
	    (s->c = EVP_CIPHER_CTX_new()) == NULL ||
	    (s->macalg = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL ||
	    (s->m = EVP_MAC_CTX_new(s->macalg)) == NULL) {
		seterr(err, errlen, "SM4-CTR or HMAC-SM3 not available: %s",
		    ERR_reason_error_string(ERR_get_error()));
		ERR_clear_error();
		sealed_free(s);
		return NULL;
	}
	return s;
}

static int
tag_final(struct sealed *s, unsigned char out[SEAL_TAGLEN])
{
	size_t n = 0;

	return EVP_MAC_final(s->m, out, &n, SEAL_TAGLEN) == 1 &&
	    n == SEAL_TAGLEN ? 0 : -1;
}

/* ------------------------------------------------------------ writing */

static ssize_t
seal_write(void *cookie, const char *buf, size_t size)
{
	struct sealed *s = cookie;
	size_t done, n;
	int outl;

	for (done = 0; done < size; done += n) {
		n = size - done < CHUNK ? size - done : CHUNK;
		if (EVP_EncryptUpdate(s->c, s->buf, &outl,
		    (const unsigned char *)buf + done, (int)n) != 1 ||
		    (size_t)outl != n ||
		    EVP_MAC_update(s->m, s->buf, n) != 1) {
			ERR_clear_error();
			errno = EIO;
			return 0;
		}
		if (fwrite(s->buf, 1, n, s->f) != n)
			return 0;
	}
	return (ssize_t)size;
}

static int
seal_close_write(void *cookie)
{
	struct sealed *s = cookie;
	int rc = 0;

	if (tag_final(s, s->tag) == -1) {
		ERR_clear_error();
		errno = EIO;
		rc = -1;
	} else if (fwrite(s->tag, 1, SEAL_TAGLEN, s->f) != SEAL_TAGLEN)
		rc = -1;
	sealed_free(s);
	return rc;
}

FILE *
seal_writer(FILE *under, const struct sealkey *key, char *err, size_t errlen)
{
	cookie_io_functions_t io = { .write = seal_write,
	    .close = seal_close_write };
	struct sealed *s;
	FILE *fp;

	if ((s = sealed_new(under, key, err, errlen)) == NULL)
		return NULL;
	memcpy(s->head, SEAL_MAGIC, SEAL_MAGICLEN);
	if (sm_random(s->head + SEAL_MAGICLEN, SM4_BLOCK, err, errlen) == -1) {
		sealed_free(s);
		return NULL;
	}
	if (sealed_start(s, 1, 0) == -1) {
		seterr(err, errlen, "SM4-CTR or HMAC-SM3: %s",
		    ERR_reason_error_string(ERR_get_error()));
		ERR_clear_error();
		sealed_free(s);
		return NULL;
	}
	if (fwrite(s->head, 1, sizeof(s->head), under) != sizeof(s->head) ||
	    (fp = fopencookie(s, "w", io)) == NULL) {
		seterr(err, errlen, "%s", strerror(errno));
		sealed_free(s);
		return NULL;
	}
	return fp;
}

/* ------------------------------------------------------------ reading */

static ssize_t
seal_read(void *cookie, char *buf, size_t size)
{
	struct sealed *s = cookie;
	unsigned char tag[SEAL_TAGLEN];
	size_t n = size, got;
	int outl;

	if ((off_t)n > s->len - s->pos)
		n = (size_t)(s->len - s->pos);
	if (n > CHUNK)
		n = CHUNK;
	if (n == 0)
		return 0;
	if ((got = fread(buf, 1, n, s->f)) != n) {
		/* cut short since it was opened */
		errno = ferror(s->f) ? errno : EBADMSG;
		return -1;
	}
	if ((s->checking && EVP_MAC_update(s->m, (unsigned char *)buf, n) !=
	    1) || EVP_DecryptUpdate(s->c, (unsigned char *)buf, &outl,
	    (unsigned char *)buf, (int)n) != 1 || (size_t)outl != n) {
		ERR_clear_error();
		errno = EIO;
		return -1;
	}
	s->pos += n;
	if (s->pos == s->len && s->checking) {
		/* changed since its tag was checked on opening */
		s->checking = 0;
		if (tag_final(s, tag) == -1 ||
		    CRYPTO_memcmp(tag, s->tag, SEAL_TAGLEN) != 0) {
			ERR_clear_error();
			errno = EBADMSG;
			return -1;
		}
	}
	return (ssize_t)n;
}

/* A rewind starts the check over; any other seek ends it (it was made
 * on opening, and stdio seeks only in rewinds and skips of its own). */
static int
seal_seek(void *cookie, off64_t *off, int whence)
{
	struct sealed *s = cookie;
	off_t to;

	switch (whence) {
	case SEEK_SET: to = *off; break;
	case SEEK_CUR: to = s->pos + *off; break;
	case SEEK_END: to = s->len + *off; break;
	default: errno = EINVAL; return -1;
	}
	if (to < 0 || to > s->len) {
		errno = EINVAL;
		return -1;
	}
	if (to != s->pos) {
		if (fseeko(s->f, SEAL_HEADLEN + to, SEEK_SET) == -1)
			return -1;
		if (sealed_start(s, 0, to) == -1) {
			ERR_clear_error();
			errno = EIO;
			return -1;
		}
		s->checking = to == 0;
		s->pos = to;
	}
	*off = to;
	return 0;
}

static int
seal_close_read(void *cookie)
{
	struct sealed *s = cookie;
	int rc = fclose(s->f);

	sealed_free(s);
	return rc == EOF ? -1 : 0;
}

/* The tag over the whole file checked, the stream at the first byte. */
static int
check_seal(struct sealed *s, const char *path, off_t size, char *err,
    size_t errlen)
{
	unsigned char tag[SEAL_TAGLEN];
	off_t left;
	size_t n;

	s->len = size - SEAL_HEADLEN - SEAL_TAGLEN;
	if (sealed_start(s, 0, 0) == -1)
		return seterr(err, errlen, "%s: SM4-CTR or HMAC-SM3: %s", path,
		    ERR_reason_error_string(ERR_get_error()));
	for (left = s->len; left > 0; left -= n) {
		n = left < CHUNK ? (size_t)left : CHUNK;
		if (fread(s->buf, 1, n, s->f) != n)
			break;
		if (EVP_MAC_update(s->m, s->buf, n) != 1)
			return seterr(err, errlen, "%s: HMAC-SM3 failed", path);
	}
	if (left > 0 || fread(s->tag, 1, SEAL_TAGLEN, s->f) != SEAL_TAGLEN)
		return seterr(err, errlen, "%s: %s", path, ferror(s->f) ?
		    strerror(errno) : "cut short while it was read");
	if (tag_final(s, tag) == -1 ||
	    CRYPTO_memcmp(tag, s->tag, SEAL_TAGLEN) != 0)
		return seterr(err, errlen, "%s: the seal does not hold: the "
		    "file was altered or cut short, or sealed under another "
		    "key ([staging] key)", path);
	if (fseeko(s->f, SEAL_HEADLEN, SEEK_SET) == -1)
		return seterr(err, errlen, "%s: %s", path, strerror(errno));
	if (sealed_start(s, 0, 0) == -1)
		return seterr(err, errlen, "%s: SM4-CTR or HMAC-SM3 failed",
		    path);
	s->checking = 1;
	return 0;
}

static FILE *
open_sealed(FILE *f, const char *path, off_t size,
    const struct sealkey *key, char *err, size_t errlen)
{
	cookie_io_functions_t io = { .read = seal_read, .seek = seal_seek,
	    .close = seal_close_read };
	struct sealed *s;
	size_t n;
	FILE *fp;

	if ((s = sealed_new(f, key, err, errlen)) == NULL)
		return NULL;
	/* read in chunks of our own, and read again from the file after
	 * the check, never from a buffer of the check's */
	setvbuf(f, NULL, _IONBF, 0);
	n = fread(s->head, 1, sizeof(s->head), f);
	if (n < SEAL_MAGICLEN || memcmp(s->head, SEAL_MAGIC, SEAL_MAGICLEN - 1))
		seterr(err, errlen, "%s: not a sealed file, and the site seals "
		    "its staging files ([staging] encrypt = sm4)", path);
	else if (s->head[SEAL_MAGICLEN - 1] != SEAL_MAGIC[SEAL_MAGICLEN - 1])
		seterr(err, errlen, "%s: sealed in a version (%d) this hdx "
		    "does not know", path, s->head[SEAL_MAGICLEN - 1]);
	else if (size < SEAL_HEADLEN + SEAL_TAGLEN)
		seterr(err, errlen, "%s: a sealed file cut short (%lld bytes)",
		    path, (long long)size);
	else if (check_seal(s, path, size, err, errlen) == 0) {
		if ((fp = fopencookie(s, "r", io)) != NULL)
			return fp;
		seterr(err, errlen, "%s: %s", path, strerror(errno));
	}
	sealed_free(s);
	errno = EINVAL;
	return NULL;
}

FILE *
seal_open(const char *path, const struct sealkey *key, char *err,
    size_t errlen)
{
	char magic[SEAL_MAGICLEN];
	struct stat st;
	FILE *f, *fp;
	int e;

	if (path == NULL || strcmp(path, "-") == 0)
		return stdin;
	if ((f = fopen(path, "r")) == NULL) {
		e = errno;
		seterr(err, errlen, "%s: %s", path, strerror(e));
		errno = e;
		return NULL;
	}
	if (fstat(fileno(f), &st) == -1 || !S_ISREG(st.st_mode))
		return f;	/* a stream: never sealed */
	if (key == NULL) {
		if (pread(fileno(f), magic, sizeof(magic), 0) != sizeof(magic) ||
		    memcmp(magic, SEAL_MAGIC, SEAL_MAGICLEN - 1) != 0)
			return f;
		fclose(f);
		seterr(err, errlen, "%s: a sealed staging file, and the site "
		    "does not seal them ([staging] encrypt is not sm4)", path);
		errno = EINVAL;
		return NULL;
	}
	if ((fp = open_sealed(f, path, st.st_size, key, err, errlen)) == NULL)
		fclose(f);
	return fp;
}
