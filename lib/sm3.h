/*
 * sm3.h - SM3 (GB/T 32905-2016) in plain C: the state behind sm.h's
 * sm3_* functions. It cannot fail and allocates nothing.
 */
#ifndef HDX_SM3_H
#define HDX_SM3_H

#include <stddef.h>
#include <stdint.h>

#define SM3_BLOCKLEN	64
#define SM3_DIGESTLEN	32

struct sm3_state {
	uint32_t	 v[8];		/* the chaining value */
	uint64_t	 total;		/* bytes given so far */
	size_t		 used;		/* bytes waiting in block */
	unsigned char	 block[SM3_BLOCKLEN];
};

void	 sm3_state_init(struct sm3_state *);
void	 sm3_state_update(struct sm3_state *, const void *, size_t);
/* Writes the digest; the state must be initialised again before reuse. */
void	 sm3_state_final(struct sm3_state *, unsigned char out[SM3_DIGESTLEN]);

#endif
