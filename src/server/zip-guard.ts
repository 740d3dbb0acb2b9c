import type { Readable } from 'node:stream';
import JSZip from 'jszip';

/**
 * Zip containers from users (.xlsx, .docx) are untrusted: a few kB of deflated zeros can expand to
 * gigabytes, and the sizes written in the zip's headers are the bomb-maker's to choose. So every
 * entry is inflated as a stream against a running total, and abandoned past the limit.
 */
export const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');

export class ZipTooLarge extends Error {}
export class ZipInvalid extends Error {}

/** Inflates one entry, giving up as soon as it (plus `already`) passes `limit` bytes. */
export function readCapped(entry: JSZip.JSZipObject, limit: number, already = 0): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stream = entry.nodeStream('nodebuffer') as Readable;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (already + size > limit) {
        stream.destroy();
        reject(new ZipTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    stream.on('error', () => reject(new ZipInvalid()));
    stream.on('end', () => resolve(Buffer.concat(chunks, size)));
  });
}

/** The size an entry's central directory claims (JSZip keeps it privately); undefined if unknown. */
export const declaredSize = (entry: JSZip.JSZipObject): number | undefined => {
  const v = (entry as unknown as { _data?: { uncompressedSize?: unknown } })._data?.uncompressedSize;
  return typeof v === 'number' ? v : undefined;
};

/**
 * Throws ZipInvalid unless `buf` is a readable zip, and ZipTooLarge if its entries together
 * inflate past `maxInflated` bytes — refused from the headers when they admit it, and by
 * counting while inflating when they lie.
 */
export async function checkZipInflation(buf: Buffer, maxInflated: number): Promise<void> {
  if (buf.length < 22 || !buf.subarray(0, 4).equals(ZIP_MAGIC)) throw new ZipInvalid();
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buf, { checkCRC32: false });
  } catch {
    throw new ZipInvalid();
  }
  const entries = Object.values(zip.files).filter((e) => !e.dir);
  if (entries.reduce((n, e) => n + (declaredSize(e) ?? 0), 0) > maxInflated) throw new ZipTooLarge();
  let total = 0;
  for (const e of entries) total += (await readCapped(e, maxInflated, total)).length;
}
