import { createHash, randomBytes } from 'node:crypto';
import type { FieldCrypto } from '../../secrets';

/**
 * Personal check-in tokens. A token is a keyed hash of a random salt: 256 bits no one can guess
 * without the server key. The database keeps the salt and SHA-256(token) only, so a copy of the
 * database alone checks no one in; the server derives the same token again to re-send a link
 * (re-notify, inbox) instead of issuing a new one that would orphan the first message.
 */
const PURPOSE = 'mobilization.checkin:';

/** 43 base64url characters, as `lookupHash` produces. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const newSalt = (): string => randomBytes(16).toString('base64url');

export const tokenFromSalt = (crypto: FieldCrypto, salt: string): string => crypto.lookupHash(PURPOSE + salt);

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The member's page: the web app serves it, the API behind it is /api/checkin/:token. */
export const checkinPath = (token: string): string => `/c/${token}`;
