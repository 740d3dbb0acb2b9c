export { resolveSession, purgeExpiredSessions, actorForUser } from './auth.service';
export { accountsOfUnits, createUserAsSystem } from './users.service';
export { hashPassword } from './password';
export { authRoutes } from './auth.routes';
export { SESSION_COOKIE, CSRF_HEADER } from './session-cookie';
export { users } from './auth.table';
