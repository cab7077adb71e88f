/*
 * sm.h - the Chinese national algorithms the upload protocol needs
 * (api.md 3.2, 3.4): SM3 digests (sm3.c's own, checked against OpenSSL's),
 * HMAC-SM3 and SM4-CBC with PKCS#7 padding over OpenSSL 3 EVP, and the
 * encodings around them (lowercase hex, standard base64), plus random
 * bytes from the CSPRNG.
 *
 * Every function returns 0, or -1 with "sm: problem" in err (OpenSSL's
 * reason included) and nothing written to the output. Output buffers are
 * the caller's; a struct buf is appended to, never reset.
 */
#ifndef HDX_SM_H
#define HDX_SM_H

#include <stddef.h>
#include <stdint.h>

struct buf;

#define SM3_LEN		32
#define SM3_HEXLEN	64	/* out[] is SM3_HEXLEN + 1 with the NUL */
#define SM4_KEYLEN	16
#define SM4_BLOCK	16

/* A digest's first 64 bits, as a number: digests in their order are
 * these in theirs, and random ones nearly always differ in them. */
static inline uint64_t
sm3_head64(const unsigned char *d)
{
	uint64_t h = 0;
	int i;

	for (i = 0; i < 8; i++)
		h = h << 8 | d[i];
	return h;
}

/* SM3 of len bytes as 64 lowercase hex digits. */
int	 sm3_hex(const void *data, size_t len, char out[SM3_HEXLEN + 1],
	    char *err, size_t errlen);

/* Incremental SM3, for digests over data given in pieces. */
struct sm3_ctx;
struct sm3_ctx *sm3_new(char *err, size_t errlen);
int	 sm3_update(struct sm3_ctx *, const void *, size_t, char *, size_t);
/* Finishes into out (32 bytes, or 64 hex digits); the context may then be
 * reset or freed. */
int	 sm3_final(struct sm3_ctx *, unsigned char out[SM3_LEN], char *,
	    size_t);
int	 sm3_final_hex(struct sm3_ctx *, char out[SM3_HEXLEN + 1], char *,
	    size_t);
/* Starts a new digest on the context. */
int	 sm3_reset(struct sm3_ctx *, char *err, size_t errlen);
void	 sm3_free(struct sm3_ctx *);
/* SM3 of len bytes in binary, starting c afresh: one context digests
 * message after message without allocating. */
int	 sm3_digest(struct sm3_ctx *, const void *data, size_t len,
	    unsigned char out[SM3_LEN], char *err, size_t errlen);

/* HMAC (RFC 2104) with SM3 under key, in binary. */
int	 hmac_sm3(const void *key, size_t keylen, const void *data,
	    size_t len, unsigned char out[SM3_LEN], char *err, size_t errlen);
/* HMAC (RFC 2104) with SM3 under key, as 64 lowercase hex digits. */
int	 hmac_sm3_hex(const void *key, size_t keylen, const void *data,
	    size_t len, char out[SM3_HEXLEN + 1], char *err, size_t errlen);

/* Appends SM4-CBC(key, iv, PKCS#7(in)) to out: ((len / 16) + 1) * 16 bytes. */
int	 sm4_cbc_encrypt(const unsigned char key[SM4_KEYLEN],
	    const unsigned char iv[SM4_BLOCK], const void *in, size_t len,
	    struct buf *out, char *err, size_t errlen);
/* One block in ECB mode without padding: the implementation self-check. */
int	 sm4_ecb_block(const unsigned char key[SM4_KEYLEN],
	    const unsigned char in[SM4_BLOCK], unsigned char out[SM4_BLOCK],
	    char *err, size_t errlen);

/* Appends standard base64 (RFC 4648, '=' padding, no line breaks). */
void	 base64_encode(struct buf *out, const void *in, size_t len);
/* Writes 2 * len lowercase hex digits and a NUL to out. */
void	 hex_encode(char *out, const void *in, size_t len);
/* Decodes exactly 2 * outlen hex digits (either case); -1 otherwise. */
int	 hex_decode(unsigned char *out, size_t outlen, const char *hex);

/* len bytes from the CSPRNG (RAND_bytes). */
int	 sm_random(void *out, size_t len, char *err, size_t errlen);
/* nbytes random bytes as 2 * nbytes lowercase hex digits and a NUL. */
int	 sm_random_hex(char *out, size_t nbytes, char *err, size_t errlen);

#endif
