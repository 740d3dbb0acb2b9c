/**
 * Every API error is `{code, message, details}`: `code` is a stable English id for machines,
 * `message` is Chinese for people, `details` says which field is at fault when one is.
 */
export interface FieldIssue {
  /** Dotted field path, e.g. "idNumber" or "rows.3.name". */
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, details?: FieldIssue[] | unknown) =>
  new AppError(400, code, message, details);

export const fieldError = (code: string, path: string, message: string) =>
  new AppError(400, code, message, [{ path, message }] satisfies FieldIssue[]);

export const unauthorized = (code = 'auth.unauthenticated', message = '请先登录') => new AppError(401, code, message);

export const forbidden = (code = 'auth.forbidden', message = '您没有执行此操作的权限') =>
  new AppError(403, code, message);

/** Also used for records outside the caller's subtree, so their existence is not revealed. */
export const notFound = (code: string, message: string) => new AppError(404, code, message);

/** Optimistic-lock conflict: `details.current` carries the newer version for the UI to show. */
export const versionConflict = (code: string, current: unknown) =>
  new AppError(409, code, '该记录已被他人修改，请查看最新内容后再保存', { current });

export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError(409, code, message, details);
