/*
 * test_sm.c - SM3, HMAC-SM3, SM4 and the request signature, byte for byte
 * against the worked examples of api.md 7 (7.1 signed upload, 7.2 SM4
 * envelope, 7.3 signed GET), plus the encodings (RFC 4648's base64
 * vectors, hex) and SM3's own test vectors. sm3.c's SM3 is checked
 * against OpenSSL's (EVP) on every length of one to four blocks, given
 * whole and in pieces.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "http.h"
#include "sm.h"
#include "unit.h"
#include "util.h"

#define SECRET	"demo-secret-0123456789"
#define TS	"1793057400"
#define NONCE	"5f0c2a9e7b3d41c8a6e2f9b4d7c1e3a0"

/* api.md 7.1: 468 bytes, one line, no trailing newline. */
static const char body71[] =
    "{\"org_code\":\"124115004170483179\",\"batch_id\":\"124115004170483179"
    "-dept_info-20261027-0001\",\"table\":\"dept_info\",\"record_count\":1,"
    "\"records\":[{\"org_code\":\"124115004170483179\",\"dept_code\":"
    "\"D0301\",\"dept_name\":\"呼吸内科\",\"dept_type\":\"1\","
    "\"dept_category\":\"03.01\",\"parent_dept_code\":\"\","
    "\"outpatient_flag\":\"1\",\"inpatient_flag\":\"1\",\"beds\":\"40\","
    "\"phone\":\"0376-6201301\",\"director_code\":\"S1001\","
    "\"established_date\":\"1998-03-01\",\"valid_flag\":\"1\","
    "\"update_time\":\"2026-10-01 08:30:00\"}]}";

/* api.md 7.2: the envelope of body71 under the fixed IV, 696 bytes. */
static const char env72[] =
    "{\"encrypted\":\"cJIHUhtuls56FLbIOBevRWIZChLWeUfRhhZOMCgtjGaPACLMYzRFf"
    "l4Ui6dHInaPa3AioD4C0/eJfVPJ4Hv3K+/2oEtJPBBCfYAmDLizIJ1yQQNOHJf7V0wpQq"
    "pg5A5iRslAKQjw4hrENGMkJJsuyaDXbHJH64twra/q1z0HIIFuibs8T9jySyvHcVP7iJ4"
    "kx2fp5Yti5YuEf+QaFSj12jitswMcz9vipK/ihiZOj1uPToHw9Xrz4m2jMFyl6XkF9G7I"
    "wn3jwHLTl9fpuK6CLJxXtMssAJ7wKiVKU38Rnufi6rpLN5W1qxoVOwcl5H/KhKj4gcIRM"
    "Rt5loHeZGTh6TC0+UBq8k/fnjN31RJo3SSUKLJtO/VVRTwgvX9aXgc+8XPKBBndT9vaD7"
    "Tmsi0gO0VObXI9v33oQXJwCfrKGnlLAHfdzkUdQVTCBwBeGPwJ0sNSHbnbvbU/Q2/Rks6"
    "pZk2Ar5qXqWJGOTSQGOjorE3LtxnIvGjl/XZRE3PQf8u65NozTHU8JSFZRnqhKe22AEgA"
    "miF/9mRG8oE3jfbz/AmkJe4crgZ6rzkKjqNJdAPjwqnWy9eGYKGkw+bl2SCTJ4bAti9Ng"
    "Hg5tgsfV6YD/JiiY/Z1p/AbsXHrEBzfjyQQ\",\"iv\":\"000102030405060708090a0"
    "b0c0d0e0f\"}";

static void
unhex(unsigned char *out, size_t n, const char *hex)
{
	ck_assert_int_eq(hex_decode(out, n, hex), 0);
}

START_TEST(sm3_vectors)
{
	char hex[65], err[256];

	/* GB/T 32905-2016 example 1. */
	ck_assert_int_eq(sm3_hex("abc", 3, hex, err, sizeof(err)), 0);
	ck_assert_str_eq(hex, "66c7f0f462eeedd9d1f2d46bdc10e4e2"
	    "4167c4875cf2f7a2297da02b8f4ba8e0");
	ck_assert_int_eq(sm3_hex("", 0, hex, err, sizeof(err)), 0);
	ck_assert_str_eq(hex, "1ab21d8355cfa17f8e61194831e81a8f"
	    "22bec8c728fefb747ed035eb5082aa2b");
}
END_TEST

START_TEST(sm3_incremental)
{
	struct sm3_ctx *c;
	char hex[65], whole[65], err[256];
	size_t i;

	ck_assert_int_eq(sm3_hex(body71, sizeof(body71) - 1, whole, err,
	    sizeof(err)), 0);
	c = sm3_new(err, sizeof(err));
	ck_assert_ptr_nonnull(c);
	for (i = 0; i < sizeof(body71) - 1; i += 7)
		ck_assert_int_eq(sm3_update(c, body71 + i,
		    sizeof(body71) - 1 - i < 7 ? sizeof(body71) - 1 - i : 7,
		    err, sizeof(err)), 0);
	ck_assert_int_eq(sm3_final_hex(c, hex, err, sizeof(err)), 0);
	sm3_free(c);
	sm3_free(NULL);
	ck_assert_str_eq(hex, whole);
}
END_TEST

/* OpenSSL's SM3 of len bytes: the reference for sm3.c's. */
static void
evp_sm3(const unsigned char *p, size_t len, unsigned char out[SM3_LEN])
{
	unsigned int n = 0;

	ck_assert_int_eq(EVP_Digest(p, len, out, &n, EVP_sm3(), NULL), 1);
	ck_assert_uint_eq(n, SM3_LEN);
}

/* Every length from 0 to 256 bytes (the padding's one-block and
 * two-block cases, 55, 56, 63, 64 included), whole through sm3_digest and
 * in pieces of 1 to 70 bytes through sm3_update, equals EVP's. */
START_TEST(sm3_against_openssl)
{
	unsigned char msg[256], want[SM3_LEN], got[SM3_LEN];
	char err[256];
	struct sm3_ctx *c;
	size_t len, off, step;

	for (len = 0; len < sizeof(msg); len++)
		msg[len] = (unsigned char)(len * 131 + 7);
	c = sm3_new(err, sizeof(err));
	ck_assert_ptr_nonnull(c);
	for (len = 0; len <= sizeof(msg); len++) {
		evp_sm3(msg, len, want);
		ck_assert_int_eq(sm3_digest(c, msg, len, got, err, sizeof(err)),
		    0);
		ck_assert_mem_eq(got, want, SM3_LEN);
		step = 1 + len % 70;
		ck_assert_int_eq(sm3_reset(c, err, sizeof(err)), 0);
		for (off = 0; off < len; off += step)
			ck_assert_int_eq(sm3_update(c, msg + off,
			    len - off < step ? len - off : step, err,
			    sizeof(err)), 0);
		ck_assert_int_eq(sm3_final(c, got, err, sizeof(err)), 0);
		ck_assert_mem_eq(got, want, SM3_LEN);
	}
	sm3_free(c);
}
END_TEST

/* GB/T 32905-2016 appendix A.2: "abcd" 16 times, 512 bits. */
START_TEST(sm3_standard_example_2)
{
	char msg[65], hex[SM3_HEXLEN + 1], err[256];
	int i;

	for (i = 0; i < 16; i++)
		memcpy(msg + 4 * i, "abcd", 4);
	ck_assert_int_eq(sm3_hex(msg, 64, hex, err, sizeof(err)), 0);
	ck_assert_str_eq(hex, "debe9ff92275b8a138604889c18e5a4d"
	    "6fdb70e5387e5765293dcba39c0c5732");
}
END_TEST

/* One context reset for digest after digest gives what sm3_hex gives,
 * at every length around the block boundaries. */
START_TEST(sm3_reused)
{
	struct sm3_ctx *c;
	unsigned char md[SM3_LEN];
	char hex[65], got[65], err[256];
	size_t len;

	c = sm3_new(err, sizeof(err));
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(sm3_digest(c, "abc", 3, md, err, sizeof(err)), 0);
	hex_encode(got, md, SM3_LEN);
	ck_assert_str_eq(got, "66c7f0f462eeedd9d1f2d46bdc10e4e2"
	    "4167c4875cf2f7a2297da02b8f4ba8e0");
	for (len = 0; len <= 200; len++) {
		ck_assert_int_eq(sm3_hex(body71, len, hex, err, sizeof(err)),
		    0);
		ck_assert_int_eq(sm3_digest(c, body71, len, md, err,
		    sizeof(err)), 0);
		hex_encode(got, md, SM3_LEN);
		ck_assert_msg(strcmp(got, hex) == 0, "length %zu", len);
	}
	/* a digest left half done is dropped by the next reset */
	ck_assert_int_eq(sm3_update(c, "xyz", 3, err, sizeof(err)), 0);
	ck_assert_int_eq(sm3_digest(c, "", 0, md, err, sizeof(err)), 0);
	hex_encode(got, md, SM3_LEN);
	ck_assert_str_eq(got, "1ab21d8355cfa17f8e61194831e81a8f"
	    "22bec8c728fefb747ed035eb5082aa2b");
	sm3_free(c);
}
END_TEST

START_TEST(example_7_1)
{
	char hex[65], sig[65], err[256];
	const char *sts = "POST\n/api/v1/upload/dept_info\n" TS "\n" NONCE
	    "\n4438f2883222e41f4f5afcfb650be3a78d187479b598fc62267c8f491d86e9da";

	ck_assert_uint_eq(sizeof(body71) - 1, 468);
	ck_assert_int_eq(sm3_hex(body71, 468, hex, err, sizeof(err)), 0);
	ck_assert_str_eq(hex, "4438f2883222e41f4f5afcfb650be3a7"
	    "8d187479b598fc62267c8f491d86e9da");
	/* HMAC-SM3 over the string to sign of api.md 7.1 ... */
	ck_assert_int_eq(hmac_sm3_hex(SECRET, strlen(SECRET), sts,
	    strlen(sts), sig, err, sizeof(err)), 0);
	ck_assert_str_eq(sig, "c8918666a0de774e9f374936d58c414a"
	    "0fed28620d4211fcc20799b136abd9b9");
	/* ... and the same through the signer that builds it ... */
	ck_assert_int_eq(http_sign(SECRET, strlen(SECRET), "POST",
	    "/api/v1/upload/dept_info", TS, NONCE, body71, 468, sig, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(sig, "c8918666a0de774e9f374936d58c414a"
	    "0fed28620d4211fcc20799b136abd9b9");
	/* ... and given the body's digest (hdx-upload's prepared batch). */
	memset(sig, 0, sizeof(sig));
	ck_assert_int_eq(http_sign_digest(SECRET, strlen(SECRET), "POST",
	    "/api/v1/upload/dept_info", TS, NONCE, hex, sig, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(sig, "c8918666a0de774e9f374936d58c414a"
	    "0fed28620d4211fcc20799b136abd9b9");
}
END_TEST

START_TEST(example_7_2_ecb)
{
	unsigned char key[16], in[16], out[16], want[16];
	char err[256];

	unhex(key, 16, "0123456789abcdeffedcba9876543210");
	unhex(in, 16, "0123456789abcdeffedcba9876543210");
	unhex(want, 16, "681edf34d206965e86b3e94f536e4246");
	ck_assert_int_eq(sm4_ecb_block(key, in, out, err, sizeof(err)), 0);
	ck_assert_mem_eq(out, want, 16);
}
END_TEST

START_TEST(example_7_2_envelope)
{
	unsigned char key[16], iv[16];
	struct buf ct, env;
	char hex[65], sig[65], err[256];

	unhex(key, 16, "0123456789abcdeffedcba9876543210");
	unhex(iv, 16, "000102030405060708090a0b0c0d0e0f");
	buf_init(&ct);
	ck_assert_int_eq(sm4_cbc_encrypt(key, iv, body71, 468, &ct, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(ct.len, 480);	/* 12 bytes of 0x0c padding */
	buf_free(&ct);

	buf_init(&env);
	ck_assert_int_eq(http_envelope(key, iv, body71, 468, &env, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(env.len, 696);
	ck_assert_uint_eq(http_envelope_size(468), 696);
	ck_assert_str_eq(env.data, env72);
	ck_assert_int_eq(sm3_hex(env.data, env.len, hex, err, sizeof(err)), 0);
	ck_assert_str_eq(hex, "ecf48d030c709c695d17375c0ebee9cf"
	    "70fb8f345a9a67f70b91ecce4c025788");
	ck_assert_int_eq(http_sign(SECRET, strlen(SECRET), "POST",
	    "/api/v1/upload/dept_info", TS, NONCE, env.data, env.len, sig,
	    err, sizeof(err)), 0);
	ck_assert_str_eq(sig, "38355347cceb13d406fa170f3a0a891e"
	    "64d85151d660858ff5b375d71ce1af07");
	buf_free(&env);
}
END_TEST

START_TEST(example_7_3)
{
	char sig[65], err[256];

	ck_assert_int_eq(http_sign(SECRET, strlen(SECRET), "GET",
	    "/api/v1/stats?table=outpatient_visit&date=2026-10-26", TS,
	    "a3d9c0e4b7f2168e5c9a0b3d6f1e4c72", "", 0, sig, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(sig, "165927e3ab27ee2a5e42604304b0bf6d"
	    "81e6b2cd35f0a674803d4063ded32a4a");
}
END_TEST

START_TEST(sm4_padding_lengths)
{
	unsigned char key[16] = { 0 }, iv[16] = { 0 };
	char in[64], err[256];
	struct buf ct;
	size_t n;

	memset(in, 'x', sizeof(in));
	for (n = 0; n <= 33; n++) {
		buf_init(&ct);
		ck_assert_int_eq(sm4_cbc_encrypt(key, iv, in, n, &ct, err,
		    sizeof(err)), 0);
		ck_assert_uint_eq(ct.len, (n / 16 + 1) * 16);
		buf_free(&ct);
		ck_assert_uint_eq(http_envelope_size(n),
		    56 + ((n / 16 + 1) * 16 + 2) / 3 * 4);
	}
}
END_TEST

static const struct {
	const char *in, *out;
} b64[] = {	/* RFC 4648 section 10 */
	{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
	{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" },
	{ "foobar", "Zm9vYmFy" },
};

START_TEST(base64_vectors)
{
	struct buf b;
	char *want = xasprintf("<%s>", b64[_i].out);

	buf_init(&b);
	buf_adds(&b, "<");
	base64_encode(&b, b64[_i].in, strlen(b64[_i].in));
	buf_adds(&b, ">");
	ck_assert_str_eq(b.data, want);
	buf_free(&b);
	free(want);
}
END_TEST

START_TEST(base64_all_bytes)
{
	unsigned char in[3] = { 0xff, 0xfe, 0x00 };
	struct buf b;

	buf_init(&b);
	base64_encode(&b, in, 3);
	base64_encode(&b, in, 1);
	ck_assert_str_eq(b.data, "//4A/w==");
	buf_free(&b);
}
END_TEST

START_TEST(hex_codec)
{
	unsigned char out[4];
	char hex[9];

	ck_assert_int_eq(hex_decode(out, 2, "aBf0"), 0);
	ck_assert_uint_eq(out[0], 0xab);
	ck_assert_uint_eq(out[1], 0xf0);
	hex_encode(hex, out, 2);
	ck_assert_str_eq(hex, "abf0");
	ck_assert_int_eq(hex_decode(out, 2, "abf"), -1);
	ck_assert_int_eq(hex_decode(out, 2, "abf00"), -1);
	ck_assert_int_eq(hex_decode(out, 2, "abg0"), -1);
	ck_assert_int_eq(hex_decode(out, 2, " abf"), -1);
}
END_TEST

START_TEST(random_hex)
{
	char a[33], b[33], err[256];
	size_t i;

	ck_assert_int_eq(sm_random_hex(a, 16, err, sizeof(err)), 0);
	ck_assert_int_eq(sm_random_hex(b, 16, err, sizeof(err)), 0);
	ck_assert_uint_eq(strlen(a), 32);
	for (i = 0; i < 32; i++)
		ck_assert(strchr("0123456789abcdef", a[i]) != NULL);
	ck_assert_str_ne(a, b);
	ck_assert_int_eq(sm_random_hex(a, 65, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "sm: 65 random bytes asked");
}
END_TEST

static Suite *
sm_suite(void)
{
	Suite *s = suite_create("sm");
	TCase *tc = tcase_create("api.md 7");

	tcase_add_test(tc, example_7_1);
	tcase_add_test(tc, example_7_2_ecb);
	tcase_add_test(tc, example_7_2_envelope);
	tcase_add_test(tc, example_7_3);
	suite_add_tcase(s, tc);
	tc = tcase_create("primitives");
	tcase_add_test(tc, sm3_vectors);
	tcase_add_test(tc, sm3_incremental);
	tcase_add_test(tc, sm3_reused);
	tcase_add_test(tc, sm3_against_openssl);
	tcase_add_test(tc, sm3_standard_example_2);
	tcase_add_test(tc, sm4_padding_lengths);
	tcase_add_loop_test(tc, base64_vectors, 0, sizeof(b64) / sizeof(b64[0]));
	tcase_add_test(tc, base64_all_bytes);
	tcase_add_test(tc, hex_codec);
	tcase_add_test(tc, random_hex);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(sm_suite)
