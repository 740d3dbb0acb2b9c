import type { FormInstance } from 'antd';
import { ApiError } from '../api';

/** "roles.0.status" → ['roles', 0, 'status'], the name path antd's Form.List uses. */
export function toNamePath(path: string): (string | number)[] {
  return path.split('.').map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg));
}

/**
 * Puts the server's Chinese messages next to the fields at fault. Returns true when at least
 * one field took a message; otherwise the caller shows the error as a message or alert.
 *
 * @param fieldNames top-level form fields that exist, so a path naming something the form does
 *   not show (e.g. "parentId") is not swallowed silently.
 */
export function applyServerErrors(form: FormInstance, err: unknown, fieldNames: readonly string[]): boolean {
  if (!(err instanceof ApiError)) return false;
  const known = err.fieldIssues.filter((i) => fieldNames.includes(i.path.split('.')[0]));
  if (!known.length) return false;
  // Several issues may name the same field; show them together.
  const byPath = new Map<string, string[]>();
  for (const i of known) byPath.set(i.path, [...(byPath.get(i.path) ?? []), i.message]);
  form.setFields([...byPath].map(([path, errors]) => ({ name: toNamePath(path), errors })));
  form.scrollToField(toNamePath(known[0].path), { block: 'center' });
  return true;
}

/** Chinese text for any thrown value, for message.error and alerts. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return '操作失败，请稍后重试';
}
