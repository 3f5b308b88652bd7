/**
 * Identifier shapes of the Einstein API: model and deletion ids are 26 characters of the RFC 4648 base32 alphabet
 * (a 128-bit value, unpadded); access and refresh tokens are long opaque uppercase strings.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Rng } from '../simulator/rng';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const MODEL_ID_PATTERN = /^[A-Z2-7]{26}$/;

export function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** A fresh model/deletion id from the emulator's seeded id stream. */
export function randomModelId(rng: Rng): string {
  return base32(rng.bytes(16));
}

/** A fixed id derived from a name: fixture ids must not depend on the seed (tests hard-wire them via FIXTURE). */
export function stableModelId(name: string): string {
  return base32(createHash('sha256').update(`einstein-retrain fixture:${name}`).digest().subarray(0, 16));
}

/** Access and refresh tokens: unguessable, so they come from the OS, never from the seeded stream. */
export function opaqueToken(): string {
  return base32(randomBytes(64));
}
