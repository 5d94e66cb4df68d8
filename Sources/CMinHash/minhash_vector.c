// MinHash minimums on AVX-512: eight 64-bit lanes multiply at once (vpmullq, AVX-512 DQ), so a shingle
// goes through the 64 hash functions in eight multiplies where the portable loop in Fingerprint.swift
// does 64. Swift has no access to these instructions, hence this C file; the Swift loop stays the
// reference (a test checks the two agree) and the fallback on CPUs without AVX-512. (AVX2 has no 64-bit
// multiply: it would take three 32-bit ones per lane; not written.)
#include "CMinHash.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

int newsd_minhash_vector_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const int osxsave = (ecx >> 27) & 1;
    if (!osxsave) return 0;
    // The OS must save the AVX state and the AVX-512 state (opmask, upper halves of zmm0–15, zmm16–31):
    // XCR0 bits 1, 2, 5, 6 and 7.
    unsigned int xcr0_low, xcr0_high;
    __asm__("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 0xE6) != 0xE6) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    const int avx512f = (ebx >> 16) & 1, avx512dq = (ebx >> 17) & 1;
    return avx512f && avx512dq;
}

__attribute__((target("avx512f,avx512dq")))
void newsd_minhash_vector_minimums(const uint64_t *shingles, size_t count, const uint64_t multipliers[64],
                                   const uint64_t increments[64], uint32_t minimums[64]) {
    // Lane l of vector j is hash function 8j + l; its running minimum stays in a register all along.
    __m512i a[8], b[8], m[8];
    for (int j = 0; j < 8; j++) {
        a[j] = _mm512_loadu_si512((const void *)&multipliers[8 * j]);
        b[j] = _mm512_loadu_si512((const void *)&increments[8 * j]);
        m[j] = _mm512_set1_epi64(UINT32_MAX);
    }
    for (size_t i = 0; i < count; i++) {
        const __m512i x = _mm512_set1_epi64((long long)shingles[i]);
        for (int j = 0; j < 8; j++) {
            const __m512i h = _mm512_srli_epi64(_mm512_add_epi64(_mm512_mullo_epi64(a[j], x), b[j]), 32);
            m[j] = _mm512_min_epu64(m[j], h);
        }
    }
    for (int j = 0; j < 8; j++) {
        _mm256_storeu_si256((__m256i *)&minimums[8 * j], _mm512_cvtepi64_epi32(m[j]));
    }
}

#else

int newsd_minhash_vector_available(void) { return 0; }

void newsd_minhash_vector_minimums(const uint64_t *shingles, size_t count, const uint64_t multipliers[64],
                                   const uint64_t increments[64], uint32_t minimums[64]) {
    // Never called (nothing is available here); the same result the slow way all the same.
    for (int p = 0; p < 64; p++) {
        uint32_t least = UINT32_MAX;
        for (size_t i = 0; i < count; i++) {
            const uint32_t h = (uint32_t)((multipliers[p] * shingles[i] + increments[p]) >> 32);
            if (h < least) least = h;
        }
        minimums[p] = least;
    }
}

#endif
