import fp from 'fastify-plugin';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { Actor } from '../context';
import type { Permission } from '../../shared/roles';
import { AppError, forbidden, unauthorized } from '../errors';
import { CSRF_HEADER, SESSION_COOKIE, resolveSession } from '../modules/auth';

type SessionActor = Actor & { csrfToken: string; mustChangePassword: boolean; sessionId: string };

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user; throws 401 on a public route without a session. */
    actor(): Actor;
    session(): SessionActor;
    sessionActor?: SessionActor | null;
  }
  interface FastifyInstance {
    sessionCookieOptions: CookieSerializeOptions;
  }
  interface FastifyContextConfig {
    /** No session needed (login, health). */
    public?: boolean;
    /** Reachable while a forced password change is pending. */
    allowBeforePasswordChange?: boolean;
    /** Checked before the body is even parsed; services check again (defence in depth). */
    permission?: Permission;
    /** An unsafe method that writes nothing (a preview): shares lookups like a GET (db/read-memo). */
    readOnly?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Loads the session for every /api request and enforces, in order: a session exists, the CSRF
 * token matches on state-changing requests, and a pending forced password change blocks
 * everything but the password form.
 */
export const authPlugin = fp(async (app) => {
  app.decorate('sessionCookieOptions', {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: app.ctx.config.secureCookies,
  } satisfies CookieSerializeOptions);
  app.decorateRequest('sessionActor', null);
  app.decorateRequest('actor', function (this: { sessionActor?: SessionActor | null }) {
    if (!this.sessionActor) throw unauthorized();
    return this.sessionActor;
  });
  app.decorateRequest('session', function (this: { sessionActor?: SessionActor | null }) {
    if (!this.sessionActor) throw unauthorized();
    return this.sessionActor;
  });

  // onRequest runs before body parsing and validation, so an unauthorized caller learns nothing
  // about what a valid request would look like.
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/') || req.url.startsWith('/api/docs')) return;
    const config = req.routeOptions.config ?? {};
    const unsafe = !SAFE_METHODS.has(req.method);
    // Cross-site form posts and fetches carry a foreign Origin; refuse them before anything else.
    const origin = req.headers.origin;
    if (unsafe && origin && originHost(origin) !== req.headers.host) {
      throw forbidden('auth.origin_mismatch', '请求来源不被允许');
    }
    const token = req.cookies[SESSION_COOKIE];
    const actor = token ? await resolveSession(app.ctx, token, req.ip) : null;
    req.sessionActor = actor;
    if (config.public) return;
    if (!actor) {
      throw token ? new AppError(401, 'auth.session_expired', '登录已超时，请重新登录') : unauthorized();
    }
    if (unsafe && req.headers[CSRF_HEADER] !== actor.csrfToken) {
      throw forbidden('auth.csrf_invalid', '页面已过期，请刷新后重试');
    }
    if (actor.mustChangePassword && !config.allowBeforePasswordChange) {
      throw forbidden('auth.password_change_required', '首次登录请先修改密码');
    }
    if (config.permission && !actor.permissions.includes(config.permission)) throw forbidden();
  });
});

/** Host of an Origin header; "null" (sandboxed frames) and garbage never match. */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
