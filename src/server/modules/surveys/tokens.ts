import { createHash, randomBytes } from 'node:crypto';
import type { FieldCrypto } from '../../secrets';

/**
 * Codes a respondent reads off paper or a phone: target codes in public links (/s/<code>) and
 * one-time answer tokens (答题码). Both use 32 letters and digits that cannot be misread when
 * typed — no 0/O, no 1/I — so every character carries 5 bits.
 *
 * A token is a keyed hash of a random salt, like a check-in token (mobilization/tokens.ts), cut to
 * 12 characters (60 bits) so it can be typed from a printed slip: unguessable through the API,
 * where each guess costs a request. The database keeps the salt and SHA-256(token) only, so a copy
 * of the database alone answers nothing, and the server derives the same tokens again to re-print
 * a batch.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const PURPOSE = 'survey.answer:';
export const TOKEN_LENGTH = 12;
export const TARGET_CODE_LENGTH = 8;
export const TOKEN_PATTERN = /^[2-9A-HJ-NP-Z]{12}$/;
export const TARGET_CODE_PATTERN = /^[2-9A-HJ-NP-Z]{8}$/;

/** The first `length` base-32 digits of `bytes` (5 bits each, most significant first). */
export function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += CODE_ALPHABET[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === length) return out;
  }
  if (out.length < length) throw new Error('not enough bytes for the code length');
  return out;
}

export const newSalt = (): string => randomBytes(16).toString('base64url');

export const tokenFromSalt = (crypto: FieldCrypto, salt: string): string => base32(Buffer.from(crypto.lookupHash(PURPOSE + salt), 'base64url'), TOKEN_LENGTH);

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** What a respondent typed ("abcd-efgh jkmn") → the canonical token, or null if it cannot be one. */
export function normalizeToken(input: string): string | null {
  const t = input.toUpperCase().replace(/[\s\-_–—]/g, '');
  return TOKEN_PATTERN.test(t) ? t : null;
}

/** "ABCDEFGHJKMN" → "ABCD-EFGH-JKMN", as printed. */
export const formatToken = (token: string): string => token.match(/.{1,4}/g)!.join('-');

/** A fresh random target code (40 bits): public, printed on posters, not a credential. */
export const newTargetCode = (): string => base32(randomBytes(5), TARGET_CODE_LENGTH);

/** The respondent's page; with a token in the link when printed on a slip. */
export const publicPath = (code: string, token?: string): string => `/s/${code}${token ? `?t=${token}` : ''}`;
