import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Field-level protection for personal data (PIPL): AES-256-GCM for the value, HMAC-SHA256 for a
 * lookup hash. Keys are derived by HMAC from 32-byte masters so the two uses never share a key.
 *
 * Keys rotate (`lizhou keys rotate`): values are sealed with the current master and opened with
 * the current or any previous one (GCM's tag tells which fits). Lookup hashes and link tokens are
 * keyed by the lookup master — the first master, unless one is set — which does not rotate with
 * the encryption key: check-in and survey links already handed out derive from it, and a person's
 * ID-number hash must stay stable for duplicate checks.
 */
export class FieldCrypto {
  private readonly encKeys: Buffer[];
  private readonly macKey: Buffer;

  constructor(master: Buffer, opts: { previous?: Buffer[]; lookupMaster?: Buffer } = {}) {
    for (const k of [master, ...(opts.previous ?? []), ...(opts.lookupMaster ? [opts.lookupMaster] : [])]) {
      if (k.length !== 32) throw new Error('secret key must be 32 bytes');
    }
    this.encKeys = [master, ...(opts.previous ?? [])].map((k) => createHmac('sha256', k).update('lizhou:field-encryption').digest());
    this.macKey = createHmac('sha256', opts.lookupMaster ?? master).update('lizhou:field-lookup').digest();
  }

  /** iv.tag.ciphertext, base64url, under the current key. */
  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKeys[0], iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
  }

  open(sealed: string): string {
    const [iv, tag, body] = sealed.split('.').map((s) => Buffer.from(s, 'base64url'));
    for (const key of this.encKeys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        // Not this key: try the previous one.
      }
    }
    throw new Error('no configured key opens this value (a key is missing from the keyring)');
  }

  /** Whether a value is sealed under the current key (rotation skips those already done). */
  isCurrent(sealed: string): boolean {
    const [iv, tag, body] = sealed.split('.').map((s) => Buffer.from(s, 'base64url'));
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.encKeys[0], iv);
      decipher.setAuthTag(tag);
      decipher.update(body);
      decipher.final();
      return true;
    } catch {
      return false;
    }
  }

  /** Deterministic keyed hash, for equality lookups and uniqueness. */
  lookupHash(plain: string): string {
    return createHmac('sha256', this.macKey).update(plain).digest('base64url');
  }
}

/** The masters in hex: the current one, older ones still accepted for opening, and the lookup master. */
export interface Keyring {
  current: string;
  previous: string[];
  lookup?: string;
}

const HEX64 = /^[0-9a-fA-F]{64}$/;

export function cryptoFromKeyring(k: Keyring): FieldCrypto {
  return new FieldCrypto(Buffer.from(k.current, 'hex'), { previous: k.previous.map((p) => Buffer.from(p, 'hex')), lookupMaster: k.lookup ? Buffer.from(k.lookup, 'hex') : undefined });
}

/**
 * secret.key: the current master on the first line; after a rotation also `lookup=<hex>` and one
 * `previous=<hex>` line per retired master (a file with one line is a keyring with one key).
 */
export function parseKeyring(text: string): Keyring {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const ring: Keyring = { current: '', previous: [] };
  for (const line of lines) {
    const [name, value] = line.includes('=') ? (line.split('=', 2) as [string, string]) : ['current', line];
    if (!HEX64.test(value)) throw new Error(`secret.key: ${name} must be 64 hex characters`);
    if (name === 'current') ring.current = value;
    else if (name === 'previous') ring.previous.push(value);
    else if (name === 'lookup') ring.lookup = value;
    else throw new Error(`secret.key: unknown entry ${name}`);
  }
  if (!ring.current) throw new Error('secret.key: no current key');
  return ring;
}

export const formatKeyring = (k: Keyring): string =>
  ['# 丽州字段加密密钥：第一行为当前密钥；lookup 为查找哈希密钥；previous 为已轮换、仍可解密的旧密钥。请妥善备份。', k.current, ...(k.lookup ? [`lookup=${k.lookup}`] : []), ...k.previous.map((p) => `previous=${p}`)].join('\n') + '\n';

/**
 * The keyring comes from LIZHOU_SECRET_KEY (with LIZHOU_PREVIOUS_SECRET_KEYS and
 * LIZHOU_LOOKUP_KEY after a rotation), or from `secret.key` in the data folder, created on first
 * start. Losing it makes stored ID numbers and phones unreadable: back it up.
 */
export function loadKeyring(dataDir: string, env?: { current?: string; previous?: string[]; lookup?: string }): Keyring {
  if (env?.current) return { current: env.current, previous: env.previous ?? [], lookup: env.lookup };
  const file = join(dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
  }
  return parseKeyring(readFileSync(file, 'utf8'));
}

export function loadFieldCrypto(dataDir: string, keyHex?: string, env?: { previous?: string[]; lookup?: string }): FieldCrypto {
  return cryptoFromKeyring(loadKeyring(dataDir, keyHex ? { current: keyHex, ...env } : undefined));
}

/** Writes secret.key atomically (write, flush, rename), so a crash never leaves half a keyring. */
export function writeKeyringFile(dataDir: string, ring: Keyring): void {
  const file = join(dataDir, 'secret.key');
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, formatKeyring(ring));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
