#ifndef NEWSD_CSHA256_H
#define NEWSD_CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU has the SHA extensions (and the SSSE3 and SSE4.1 they are used with here).
/// Always 0 off x86-64.
int newsd_sha256_hardware_available(void);

/// Runs the SHA-256 compression function over `blocks` 64-byte blocks at `data`, updating `state`
/// (the eight words FIPS 180-4 calls H0…H7) with the standard's 64 `round_constants` (K0…K63, passed
/// in so the table is written once, in SHA256.swift). Only call it when
/// newsd_sha256_hardware_available() returned 1.
void newsd_sha256_hardware_blocks(uint32_t state[8], const uint8_t *data, size_t blocks,
                                  const uint32_t round_constants[64]);

#endif
