export const SESSION_COOKIE = 'lz_session';
export const CSRF_HEADER = 'x-csrf-token';
