#ifndef NEWSD_CMINHASH_H
#define NEWSD_CMINHASH_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU and the kernel let the AVX-512 minimums run (AVX-512 F and DQ, and the OS saving
/// the 512-bit registers). Always 0 off x86-64.
int newsd_minhash_vector_available(void);

/// For each of the 64 hash functions p, the least `(multipliers[p] · x + increments[p]) >> 32` over the
/// `count` shingle hashes x, into `minimums[p]` (UINT32_MAX when `count` is 0): what
/// `Fingerprint.minimum(of:multiplier:increment:)` computes one function at a time. Only call it when
/// newsd_minhash_vector_available() returned 1.
void newsd_minhash_vector_minimums(const uint64_t *shingles, size_t count, const uint64_t multipliers[64],
                                   const uint64_t increments[64], uint32_t minimums[64]);

#endif
