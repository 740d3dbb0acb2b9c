/**
 * The one fetch client of the web app. Every API error arrives as `{code, message, details}` and
 * is thrown as an ApiError; state-changing requests carry the session's CSRF token.
 */

/** A field-level problem reported by the server, e.g. `{path: "roles.0.status", message}`. */
export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }

  /** Field issues when the server named the fields at fault, else an empty list. */
  get fieldIssues(): FieldIssue[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is FieldIssue => typeof d === 'object' && d !== null && typeof d.path === 'string' && typeof d.message === 'string',
    );
  }

  /** Optimistic-lock conflicts end in `version_conflict` and carry the newer record. */
  get isVersionConflict(): boolean {
    return this.status === 409 && this.code.endsWith('version_conflict');
  }

  get current(): unknown {
    const d = this.details as { current?: unknown } | null;
    return d && typeof d === 'object' ? d.current : undefined;
  }
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let csrfToken = '';
/** Set from /api/auth/me or the login response; cleared on logout. */
export function setCsrfToken(token: string) {
  csrfToken = token;
}

type AuthListener = (err: ApiError) => void;
let authListener: AuthListener | null = null;
/**
 * The auth context listens for 401 (session gone) and 403 password_change_required so that any
 * page's request can send the user to the right place without each page handling it.
 */
export function onAuthProblem(listener: AuthListener | null) {
  authListener = listener;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

interface RequestOptions {
  query?: Query;
  json?: unknown;
  body?: BodyInit;
  contentType?: string;
  /** Login and /me handle 401 themselves: a wrong password is not an expired session. */
  skipAuthHandling?: boolean;
}

async function send(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body = opts.body;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.contentType) {
    headers['content-type'] = opts.contentType;
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试', null);
  }
  if (res.ok) return res;
  const err = await toApiError(res);
  if (!opts.skipAuthHandling && (err.status === 401 || err.code === 'auth.password_change_required')) {
    authListener?.(err);
  }
  throw err;
}

async function toApiError(res: Response): Promise<ApiError> {
  try {
    const data = (await res.json()) as { code?: string; message?: string; details?: unknown };
    return new ApiError(res.status, data.code ?? 'unknown', data.message ?? `请求失败（${res.status}）`, data.details ?? null);
  } catch {
    return new ApiError(res.status, 'unknown', `请求失败（${res.status}）`, null);
  }
}

async function json<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  get: async <T>(path: string, query?: Query, opts?: Omit<RequestOptions, 'query'>) =>
    json<T>(await send('GET', path, { ...opts, query })),
  post: async <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'json'>) =>
    json<T>(await send('POST', path, { ...opts, json: body ?? {} })),
  put: async <T>(path: string, body: unknown) => json<T>(await send('PUT', path, { json: body })),
  patch: async <T>(path: string, body: unknown) => json<T>(await send('PATCH', path, { json: body })),

  /**
   * Uploads a file as the raw request body, which is how the import endpoints (a spreadsheet)
   * and the ledger's attachment endpoints (a photo or PDF, sent with its own type) take it.
   */
  upload: async <T>(path: string, file: Blob, query?: Query, contentType = XLSX_MIME) =>
    json<T>(await send('POST', path, { body: file, contentType, query })),

  /** Downloads a file and saves it under the name the server gave in content-disposition. */
  download: async (path: string, query?: Query, fallbackName = '下载.xlsx', method: 'GET' | 'POST' = 'GET') => {
    const res = await send(method, path, { query });
    const blob = await res.blob();
    saveBlob(blob, filenameFrom(res.headers.get('content-disposition')) ?? fallbackName);
  },
};

/** Reads `filename*=UTF-8''…` (RFC 5987) first, then a plain `filename="…"`. */
export function filenameFrom(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      /* fall through to the plain form */
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : null;
}

function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser a moment to start the download before the URL is revoked.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
