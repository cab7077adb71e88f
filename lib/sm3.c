/*
 * sm3.c - the SM3 hash of GB/T 32905-2016, computed here rather than
 * through OpenSSL's EVP interface.
 *
 * Why: hdx digests every primary key it checks or uploads (the key index
 * of api.md 6 holds SM3 digests), a message of 20 to 60 bytes, a million
 * times a night. Through EVP each such digest cost ~750 ns, of which the
 * compression of its one block is a fifth; the rest is EVP's dispatch
 * into the provider and its context bookkeeping. OpenSSL stays the
 * reference: test_sm checks this code against EVP's SM3 on every length
 * that matters (padding into one or two blocks, pieces of every size).
 */
#include <stdint.h>
#include <string.h>

#include "sm3.h"

static const uint32_t sm3_iv[8] = {
	0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600,
	0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e
};

/* n is 1 to 31 at every call: a rotate instruction. */
static inline uint32_t
rol(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

/* T_j <<< (j mod 32), GB/T 32905 5.3.3, for j = 0..63. */
static const uint32_t sm3_t[64] = {
	0x79cc4519, 0xf3988a32, 0xe7311465, 0xce6228cb,
	0x9cc45197, 0x3988a32f, 0x7311465e, 0xe6228cbc,
	0xcc451979, 0x988a32f3, 0x311465e7, 0x6228cbce,
	0xc451979c, 0x88a32f39, 0x11465e73, 0x228cbce6,
	0x9d8a7a87, 0x3b14f50f, 0x7629ea1e, 0xec53d43c,
	0xd8a7a879, 0xb14f50f3, 0x629ea1e7, 0xc53d43ce,
	0x8a7a879d, 0x14f50f3b, 0x29ea1e76, 0x53d43cec,
	0xa7a879d8, 0x4f50f3b1, 0x9ea1e762, 0x3d43cec5,
	0x7a879d8a, 0xf50f3b14, 0xea1e7629, 0xd43cec53,
	0xa879d8a7, 0x50f3b14f, 0xa1e7629e, 0x43cec53d,
	0x879d8a7a, 0x0f3b14f5, 0x1e7629ea, 0x3cec53d4,
	0x79d8a7a8, 0xf3b14f50, 0xe7629ea1, 0xcec53d43,
	0x9d8a7a87, 0x3b14f50f, 0x7629ea1e, 0xec53d43c,
	0xd8a7a879, 0xb14f50f3, 0x629ea1e7, 0xc53d43ce,
	0x8a7a879d, 0x14f50f3b, 0x29ea1e76, 0x53d43cec,
	0xa7a879d8, 0x4f50f3b1, 0x9ea1e762, 0x3d43cec5
};

static inline uint32_t
p0(uint32_t x)
{
	return x ^ rol(x, 9) ^ rol(x, 17);
}

static inline uint32_t
p1(uint32_t x)
{
	return x ^ rol(x, 15) ^ rol(x, 23);
}

static inline uint32_t
load_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static inline void
store_be32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/*
 * One round j of the compression function (GB/T 32905 5.3.3) on the
 * registers as named at that round. Instead of moving every register
 * down one place per round, the caller renames them: the new A is left
 * in d, the new E in h, B and F are rotated in place, and the next
 * round is called with (d, a, b, c, h, e, f, g). Four rounds bring the
 * names back to where they started.
 */
#define SM3_ROUND(a, b, c, d, e, f, g, h, j, ff, gg) do {		\
	uint32_t a12 = rol(a, 12);					\
	uint32_t ss1 = rol(a12 + (e) + sm3_t[j], 7);			\
	d += ff(a, b, c) + (ss1 ^ a12) + (w[j] ^ w[(j) + 4]);		\
	h += gg(e, f, g) + ss1 + w[j];					\
	b = rol(b, 9);							\
	f = rol(f, 19);							\
	h = p0(h);							\
} while (0)

/* W_i of the message expansion (5.3.2), computed the round before it
 * is first needed: a separate loop over w[] is vectorised by GCC into
 * loads of words just stored, which stall (a third of the time). */
#define SM3_EXPAND(i)							\
	(w[i] = p1(w[(i) - 16] ^ w[(i) - 9] ^ rol(w[(i) - 3], 15)) ^	\
	    rol(w[(i) - 13], 7) ^ w[(i) - 6])

/* Rounds j to j + 3; with expand, the words W_(j+4) to W_(j+7) first. */
#define SM3_ROUND4(j, ff, gg, expand) do {				\
	if (expand) SM3_EXPAND((j) + 4);				\
	SM3_ROUND(a, b, c, d, e, f, g, h, (j), ff, gg);			\
	if (expand) SM3_EXPAND((j) + 5);				\
	SM3_ROUND(d, a, b, c, h, e, f, g, (j) + 1, ff, gg);		\
	if (expand) SM3_EXPAND((j) + 6);				\
	SM3_ROUND(c, d, a, b, g, h, e, f, (j) + 2, ff, gg);		\
	if (expand) SM3_EXPAND((j) + 7);				\
	SM3_ROUND(b, c, d, a, f, g, h, e, (j) + 3, ff, gg);		\
} while (0)

#define FF0(x, y, z)	((x) ^ (y) ^ (z))
#define FF1(x, y, z)	(((x) & (y)) | ((x) & (z)) | ((y) & (z)))
#define GG1(x, y, z)	((((y) ^ (z)) & (x)) ^ (z))

static void
compress(uint32_t v[8], const unsigned char *block)
{
	uint32_t w[68];
	uint32_t a = v[0], b = v[1], c = v[2], d = v[3];
	uint32_t e = v[4], f = v[5], g = v[6], h = v[7];
	int j;

	for (j = 0; j < 16; j++)
		w[j] = load_be32(block + 4 * j);
	for (j = 0; j < 12; j += 4)
		SM3_ROUND4(j, FF0, FF0, 0);
	SM3_ROUND4(12, FF0, FF0, 1);
	for (j = 16; j < 64; j += 4)
		SM3_ROUND4(j, FF1, GG1, 1);
	v[0] ^= a; v[1] ^= b; v[2] ^= c; v[3] ^= d;
	v[4] ^= e; v[5] ^= f; v[6] ^= g; v[7] ^= h;
}

void
sm3_state_init(struct sm3_state *s)
{
	memcpy(s->v, sm3_iv, sizeof(s->v));
	s->total = 0;
	s->used = 0;
}

void
sm3_state_update(struct sm3_state *s, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t take;

	s->total += len;
	if (s->used > 0) {
		take = SM3_BLOCKLEN - s->used;
		if (take > len)
			take = len;
		memcpy(s->block + s->used, p, take);
		s->used += take;
		p += take;
		len -= take;
		if (s->used < SM3_BLOCKLEN)
			return;
		compress(s->v, s->block);
		s->used = 0;
	}
	for (; len >= SM3_BLOCKLEN; p += SM3_BLOCKLEN, len -= SM3_BLOCKLEN)
		compress(s->v, p);
	memcpy(s->block, p, len);
	s->used = len;
}

/* The padding of GB/T 32905 5.2: a 1 bit, zeros to 448 bits modulo 512,
 * the message's length in bits as 64 bits big-endian. */
void
sm3_state_final(struct sm3_state *s, unsigned char out[SM3_DIGESTLEN])
{
	uint64_t bits = s->total * 8;
	int i;

	s->block[s->used++] = 0x80;
	if (s->used > SM3_BLOCKLEN - 8) {
		memset(s->block + s->used, 0, SM3_BLOCKLEN - s->used);
		compress(s->v, s->block);
		s->used = 0;
	}
	memset(s->block + s->used, 0, SM3_BLOCKLEN - 8 - s->used);
	store_be32(s->block + SM3_BLOCKLEN - 8, (uint32_t)(bits >> 32));
	store_be32(s->block + SM3_BLOCKLEN - 4, (uint32_t)bits);
	compress(s->v, s->block);
	for (i = 0; i < 8; i++)
		store_be32(out + 4 * i, s->v[i]);
}
