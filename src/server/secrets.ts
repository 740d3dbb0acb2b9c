import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Field-level protection for personal data (PIPL): AES-256-GCM for the value, HMAC-SHA256 for a
 * lookup hash. One 32-byte key; encryption and hashing use keys derived from it by HMAC so the
 * two uses never share a key.
 */
export class FieldCrypto {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(master: Buffer) {
    if (master.length !== 32) throw new Error('secret key must be 32 bytes');
    this.encKey = createHmac('sha256', master).update('lizhou:field-encryption').digest();
    this.macKey = createHmac('sha256', master).update('lizhou:field-lookup').digest();
  }

  /** iv.tag.ciphertext, base64url. */
  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
  }

  open(sealed: string): string {
    const [iv, tag, body] = sealed.split('.').map((s) => Buffer.from(s, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed hash, for equality lookups and uniqueness. */
  lookupHash(plain: string): string {
    return createHmac('sha256', this.macKey).update(plain).digest('base64url');
  }
}

/**
 * The master key comes from LIZHOU_SECRET_KEY, or from `secret.key` in the data folder, created
 * on first start. Losing it makes stored ID numbers and phones unreadable: back it up.
 */
export function loadFieldCrypto(dataDir: string, keyHex?: string): FieldCrypto {
  if (keyHex) return new FieldCrypto(Buffer.from(keyHex, 'hex'));
  const file = join(dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
  }
  return new FieldCrypto(Buffer.from(readFileSync(file, 'utf8').trim(), 'hex'));
}
