import { api } from '../../api';
import type { Attachment } from './types';

/** What the server accepts (checked against the bytes there too), ≤ 10 MB each. */
export const ATTACHMENT_ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf';
export const ATTACHMENT_MIMES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'];
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Phone photos above this are re-encoded smaller before upload: a village's mobile signal is weak. */
const SHRINK_ABOVE = 2 * 1024 * 1024;
const MAX_EDGE = 2048;

/**
 * A photo ready to upload: large or unusual images (a camera's 8 MB JPEG, a HEIC the browser can
 * decode) become a JPEG of at most 2048 px on the long edge. Anything the browser cannot decode
 * goes as it is, and the server says what is wrong with it.
 */
export async function preparePhoto(file: File): Promise<File> {
  const needs = file.type.startsWith('image/') && (file.size > SHRINK_ABOVE || !ATTACHMENT_MIMES.includes(file.type));
  if (!needs || typeof createImageBitmap !== 'function') return file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    if (!blob) return file;
    return new File([blob], file.name.replace(/\.[^.]+$/, '') + '.jpg', { type: 'image/jpeg' });
  } catch {
    return file;
  }
}

/** Uploads one file to a record (POST /api/<segment>/:id/attachments, the file as the body). */
export async function uploadAttachment(segment: string, recordId: number, file: File): Promise<Attachment> {
  const ready = await preparePhoto(file);
  return api.upload<Attachment>(`/api/${segment}/${recordId}/attachments`, ready, { name: ready.name || '附件' }, ready.type || 'application/octet-stream');
}

export const attachmentUrl = (id: number) => `/api/attachments/${id}`;
