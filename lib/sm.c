/*
 * sm.c - SM3 (sm3.c's), HMAC-SM3 and SM4-CBC through OpenSSL 3's EVP
 * interfaces (algorithms fetched by name from the default provider), hex
 * and base64.
 * Every OpenSSL call is checked; a failure takes OpenSSL's reason into
 * the caller's message and clears OpenSSL's error queue.
 */
#include <limits.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "sm.h"
#include "sm3.h"
#include "util.h"

struct sm3_ctx {
	struct sm3_state s;
};

/* Sets err to "sm: what: OpenSSL's reason"; returns -1. */
static int
sslerr(char *err, size_t errlen, const char *what)
{
	char reason[256];
	unsigned long e;

	e = ERR_get_error();
	if (e != 0)
		ERR_error_string_n(e, reason, sizeof(reason));
	else
		strcpy(reason, "unknown error");
	ERR_clear_error();
	return seterr(err, errlen, "sm: %s: %s", what, reason);
}

void
hex_encode(char *out, const void *in, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *p = in;
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0x0f];
	}
	out[2 * len] = '\0';
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
hex_decode(unsigned char *out, size_t outlen, const char *hex)
{
	size_t i;
	int hi, lo;

	if (strlen(hex) != 2 * outlen)
		return -1;
	for (i = 0; i < outlen; i++) {
		if ((hi = hexval((unsigned char)hex[2 * i])) == -1 ||
		    (lo = hexval((unsigned char)hex[2 * i + 1])) == -1)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

void
base64_encode(struct buf *out, const void *in, size_t len)
{
	static const char al[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = in;
	char q[4];
	size_t i;
	unsigned long v;

	buf_reserve(out, (len + 2) / 3 * 4);
	for (i = 0; i + 3 <= len; i += 3) {
		v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8 |
		    p[i + 2];
		q[0] = al[v >> 18 & 63];
		q[1] = al[v >> 12 & 63];
		q[2] = al[v >> 6 & 63];
		q[3] = al[v & 63];
		buf_add(out, q, 4);
	}
	if (len - i == 1) {
		v = (unsigned long)p[i] << 16;
		q[0] = al[v >> 18 & 63];
		q[1] = al[v >> 12 & 63];
		q[2] = q[3] = '=';
		buf_add(out, q, 4);
	} else if (len - i == 2) {
		v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8;
		q[0] = al[v >> 18 & 63];
		q[1] = al[v >> 12 & 63];
		q[2] = al[v >> 6 & 63];
		q[3] = '=';
		buf_add(out, q, 4);
	}
}

/* SM3 itself is sm3.c's (why: see there); the context is its state. */
struct sm3_ctx *
sm3_new(char *err, size_t errlen)
{
	struct sm3_ctx *c = xcalloc(1, sizeof(*c));

	(void)err;
	(void)errlen;
	sm3_state_init(&c->s);
	return c;
}

int
sm3_update(struct sm3_ctx *c, const void *data, size_t len, char *err,
    size_t errlen)
{
	(void)err;
	(void)errlen;
	sm3_state_update(&c->s, data, len);
	return 0;
}

int
sm3_final(struct sm3_ctx *c, unsigned char out[SM3_LEN], char *err,
    size_t errlen)
{
	(void)err;
	(void)errlen;
	sm3_state_final(&c->s, out);
	return 0;
}

int
sm3_final_hex(struct sm3_ctx *c, char out[SM3_HEXLEN + 1], char *err,
    size_t errlen)
{
	unsigned char md[SM3_LEN];

	if (sm3_final(c, md, err, errlen) == -1)
		return -1;
	hex_encode(out, md, SM3_LEN);
	return 0;
}

int
sm3_reset(struct sm3_ctx *c, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	sm3_state_init(&c->s);
	return 0;
}

int
sm3_digest(struct sm3_ctx *c, const void *data, size_t len,
    unsigned char out[SM3_LEN], char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	sm3_state_init(&c->s);
	sm3_state_update(&c->s, data, len);
	sm3_state_final(&c->s, out);
	return 0;
}

void
sm3_free(struct sm3_ctx *c)
{
	free(c);
}

int
sm3_hex(const void *data, size_t len, char out[SM3_HEXLEN + 1], char *err,
    size_t errlen)
{
	struct sm3_state s;
	unsigned char md[SM3_LEN];

	(void)err;
	(void)errlen;
	sm3_state_init(&s);
	sm3_state_update(&s, data, len);
	sm3_state_final(&s, md);
	hex_encode(out, md, SM3_LEN);
	return 0;
}

int
hmac_sm3(const void *key, size_t keylen, const void *data, size_t len,
    unsigned char out[SM3_LEN], char *err, size_t errlen)
{
	OSSL_PARAM params[2];
	unsigned char md[EVP_MAX_MD_SIZE];
	EVP_MAC *mac;
	EVP_MAC_CTX *ctx = NULL;
	size_t mdlen = 0;
	int rc = -1;

	if ((mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL)
		return sslerr(err, errlen, "HMAC not available");
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    (char *)"SM3", 0);
	params[1] = OSSL_PARAM_construct_end();
	if ((ctx = EVP_MAC_CTX_new(mac)) == NULL)
		sslerr(err, errlen, "EVP_MAC_CTX_new");
	/* An empty key is a valid HMAC key; OpenSSL wants a pointer. */
	else if (EVP_MAC_init(ctx, keylen ? key : (const void *)"", keylen,
	    params) != 1)
		sslerr(err, errlen, "HMAC-SM3 init");
	else if (len > 0 && EVP_MAC_update(ctx, data, len) != 1)
		sslerr(err, errlen, "HMAC-SM3 update");
	else if (EVP_MAC_final(ctx, md, &mdlen, sizeof(md)) != 1)
		sslerr(err, errlen, "HMAC-SM3 final");
	else if (mdlen != SM3_LEN)
		seterr(err, errlen, "sm: HMAC-SM3 gave %zu bytes", mdlen);
	else {
		memcpy(out, md, SM3_LEN);
		rc = 0;
	}
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return rc;
}

int
hmac_sm3_hex(const void *key, size_t keylen, const void *data, size_t len,
    char out[SM3_HEXLEN + 1], char *err, size_t errlen)
{
	unsigned char md[SM3_LEN];

	if (hmac_sm3(key, keylen, data, len, md, err, errlen) == -1)
		return -1;
	hex_encode(out, md, SM3_LEN);
	return 0;
}

/* Runs an SM4 cipher (mode "SM4-CBC" or "SM4-ECB") over in, appending to out. */
static int
sm4_run(const char *mode, int pad, const unsigned char *key,
    const unsigned char *iv, const void *in, size_t len, struct buf *out,
    char *err, size_t errlen)
{
	EVP_CIPHER *cipher;
	EVP_CIPHER_CTX *ctx = NULL;
	const unsigned char *p = in;
	unsigned char *o;
	size_t start = out->len, chunk;
	int n, rc = -1;

	if ((cipher = EVP_CIPHER_fetch(NULL, mode, NULL)) == NULL)
		return sslerr(err, errlen, "SM4 not available");
	buf_reserve(out, len + SM4_BLOCK);
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL) {
		sslerr(err, errlen, "EVP_CIPHER_CTX_new");
		goto done;
	}
	if (EVP_EncryptInit_ex2(ctx, cipher, key, iv, NULL) != 1) {
		sslerr(err, errlen, "SM4 init");
		goto done;
	}
	if (EVP_CIPHER_CTX_set_padding(ctx, pad) != 1) {
		sslerr(err, errlen, "SM4 padding");
		goto done;
	}
	/* EVP_EncryptUpdate takes an int length: feed large inputs in pieces. */
	while (len > 0) {
		chunk = len > INT_MAX / 2 ? INT_MAX / 2 : len;
		o = (unsigned char *)out->data + out->len;
		if (EVP_EncryptUpdate(ctx, o, &n, p, (int)chunk) != 1) {
			sslerr(err, errlen, "SM4 encrypt");
			goto done;
		}
		out->len += (size_t)n;
		p += chunk;
		len -= chunk;
	}
	o = (unsigned char *)out->data + out->len;
	if (EVP_EncryptFinal_ex(ctx, o, &n) != 1) {
		sslerr(err, errlen, "SM4 final");
		goto done;
	}
	out->len += (size_t)n;
	out->data[out->len] = '\0';
	rc = 0;
done:
	if (rc == -1) {
		out->len = start;
		out->data[start] = '\0';
	}
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(cipher);
	return rc;
}

int
sm4_cbc_encrypt(const unsigned char key[SM4_KEYLEN],
    const unsigned char iv[SM4_BLOCK], const void *in, size_t len,
    struct buf *out, char *err, size_t errlen)
{
	return sm4_run("SM4-CBC", 1, key, iv, in, len, out, err, errlen);
}

int
sm4_ecb_block(const unsigned char key[SM4_KEYLEN],
    const unsigned char in[SM4_BLOCK], unsigned char out[SM4_BLOCK],
    char *err, size_t errlen)
{
	struct buf b;
	int rc;

	buf_init(&b);
	rc = sm4_run("SM4-ECB", 0, key, NULL, in, SM4_BLOCK, &b, err, errlen);
	if (rc == 0 && b.len != SM4_BLOCK)
		rc = seterr(err, errlen, "sm: SM4-ECB gave %zu bytes", b.len);
	if (rc == 0)
		memcpy(out, b.data, SM4_BLOCK);
	buf_free(&b);
	return rc;
}

int
sm_random(void *out, size_t len, char *err, size_t errlen)
{
	if (len > INT_MAX)
		return seterr(err, errlen, "sm: %zu random bytes asked", len);
	if (RAND_bytes(out, (int)len) != 1)
		return sslerr(err, errlen, "RAND_bytes");
	return 0;
}

int
sm_random_hex(char *out, size_t nbytes, char *err, size_t errlen)
{
	unsigned char tmp[64];

	if (nbytes > sizeof(tmp))
		return seterr(err, errlen, "sm: %zu random bytes asked", nbytes);
	if (sm_random(tmp, nbytes, err, errlen) == -1)
		return -1;
	hex_encode(out, tmp, nbytes);
	return 0;
}
