import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { AppError, fieldError, unauthorized } from '../../errors';
import { ROLE_PERMISSIONS, ROLE_ZH, type Role } from '../../../shared/roles';
import { recordAudit } from '../audit';
import { findUnitsByIds, orgUnitPath, orgUnits, rememberUnit, unitPathOf } from '../org';
import { sessions, users, type UserRow } from './auth.table';
import { hashPassword, verifyPassword } from './password';
import { cacheGenerations } from '../../db/cache-generations.table';
import { primeGenerations } from '../../db/generation-cache';
import { passwordProblem } from '../../../shared/password-policy';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
// Refreshing last_seen_at on every request would write on every read; once a minute is enough
// for a 30-minute idle timeout.
const TOUCH_INTERVAL_MS = 60_000;
// A real hash to verify against for unknown usernames, so timing does not reveal which exist.
const DUMMY_HASH = hashPassword('Dummy-password-1');

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface LoginResult {
  token: string;
  me: Awaited<ReturnType<typeof describeActor>>;
}

/** Checks the password, applies the lockout rule, and opens a session. */
export async function login(ctx: AppContext, username: string, password: string, ip: string | null): Promise<LoginResult> {
  const [user] = await ctx.db.select().from(users).where(eq(users.username, username));
  if (!user) {
    await verifyPassword(await DUMMY_HASH, password);
    await ctx.db.transaction((tx) =>
      recordAudit(tx, null, { action: 'auth.login_failed', entityType: 'user', summary: `登录失败：用户名「${username}」不存在` }, { tenantId: '', actorName: username, ip }),
    );
    throw badCredentials();
  }
  const actorLike = { userId: user.id, displayName: user.displayName, role: user.role as Role, tenantId: user.tenantId, ip };
  const path = await orgUnitPath(ctx.db, user.orgUnitId);
  const now = new Date();
  if (user.disabledAt) throw new AppError(403, 'auth.account_disabled', '账号已停用，请联系系统管理员');
  if (user.lockedUntil && user.lockedUntil > now) throw lockedError(user.lockedUntil, now);

  // Claim this attempt atomically before checking the password, so parallel guesses cannot all
  // read the same count: the 6th concurrent attempt is refused without being checked.
  const [slot] = await ctx.db
    .update(users)
    .set({ failedAttempts: sql`${users.failedAttempts} + 1` })
    .where(and(eq(users.id, user.id), or(isNull(users.lockedUntil), lte(users.lockedUntil, now))))
    .returning({ attempt: users.failedAttempts, lockedUntil: users.lockedUntil });
  const lockUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
  if (!slot) throw lockedError(lockUntil, now);
  if (slot.attempt > MAX_FAILED_LOGINS) {
    await ctx.db.update(users).set({ lockedUntil: lockUntil, failedAttempts: 0 }).where(eq(users.id, user.id));
    throw lockedError(lockUntil, now);
  }

  if (!(await verifyPassword(user.passwordHash, password))) {
    const failed = slot.attempt;
    const lock = failed >= MAX_FAILED_LOGINS;
    await ctx.db.transaction(async (tx) => {
      if (lock) await tx.update(users).set({ failedAttempts: 0, lockedUntil: lockUntil }).where(eq(users.id, user.id));
      await recordAudit(tx, actorLike, {
        action: lock ? 'auth.locked' : 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        orgUnitId: user.orgUnitId,
        orgPath: path,
        summary: lock ? `连续${MAX_FAILED_LOGINS}次密码错误，账号锁定${LOCKOUT_MINUTES}分钟` : `密码错误（第${failed}次）`,
      });
    });
    if (lock) throw lockedError(lockUntil, now);
    throw badCredentials(MAX_FAILED_LOGINS - failed);
  }

  const token = randomBytes(32).toString('base64url');
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ failedAttempts: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id));
    await tx.insert(sessions).values({ id: sha256(token), userId: user.id, csrfToken: randomBytes(24).toString('base64url'), ip });
    await recordAudit(tx, actorLike, { action: 'auth.login', entityType: 'user', entityId: user.id, orgUnitId: user.orgUnitId, orgPath: path, summary: '登录' });
  });
  const actor = (await resolveSession(ctx, token, ip))!;
  return { token, me: await describeActor(ctx, actor) };
}

function badCredentials(left?: number) {
  const hint = left !== undefined && left < MAX_FAILED_LOGINS - 1 ? `，再错 ${left} 次账号将锁定${LOCKOUT_MINUTES}分钟` : '';
  return new AppError(401, 'auth.bad_credentials', `用户名或密码错误${hint}`, [{ path: 'password', message: `用户名或密码错误${hint}` }]);
}

function lockedError(until: Date, now: Date) {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new AppError(423, 'auth.account_locked', `密码错误次数过多，账号已锁定，请 ${minutes} 分钟后再试`, { lockedUntil: until.toISOString() });
}

/**
 * Every request resolves its session: a named prepared statement, so neither drizzle nor
 * PostgreSQL builds and plans it again each time (measured: a third of a cookie-carrying health
 * check's cost). It reads the actor's unit too, which most requests need next, and the tenant's
 * cache generations (db/generation-cache). Prepared once per database handle.
 */
const sessionLookups = new WeakMap<object, ReturnType<typeof prepareSessionLookup>>();
const prepareSessionLookup = (db: AppContext['db']) =>
  db
    .select({
      s: { csrfToken: sessions.csrfToken, lastSeenAt: sessions.lastSeenAt },
      u: {
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        role: users.role,
        tenantId: users.tenantId,
        orgUnitId: users.orgUnitId,
        departmentId: users.departmentId,
        personId: users.personId,
        mustChangePassword: users.mustChangePassword,
        disabledAt: users.disabledAt,
      },
      unit: orgUnits,
      generations: sql<Record<string, string> | null>`(select json_object_agg(g.name, g.token) from ${cacheGenerations} g where g.tenant_id = ${users.tenantId})`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare('lizhou_session_lookup');
function sessionLookup(db: AppContext['db']) {
  let q = sessionLookups.get(db);
  if (!q) sessionLookups.set(db, (q = prepareSessionLookup(db)));
  return q;
}

/**
 * Turns a session cookie into an Actor, or null when the session is unknown, idle past the
 * limit, or its account is disabled. Expired sessions are deleted on sight.
 */
export async function resolveSession(ctx: AppContext, token: string, ip: string | null): Promise<(Actor & { csrfToken: string; mustChangePassword: boolean; sessionId: string }) | null> {
  const id = sha256(token);
  const [row] = await sessionLookup(ctx.db).execute({ id });
  if (!row) return null;
  const now = Date.now();
  const idleMs = ctx.config.sessionIdleMinutes * 60_000;
  if (row.u.disabledAt || now - row.s.lastSeenAt.getTime() > idleMs) {
    await ctx.db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  if (now - row.s.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await ctx.db.update(sessions).set({ lastSeenAt: new Date(now) }).where(eq(sessions.id, id));
  }
  // Most requests next read the actor's own unit: they find it here.
  rememberUnit(row.unit);
  primeGenerations(ctx.db, row.u.tenantId, row.generations);
  const role = row.u.role as Role;
  return {
    userId: row.u.id,
    username: row.u.username,
    displayName: row.u.displayName,
    role,
    tenantId: row.u.tenantId,
    orgUnitId: row.u.orgUnitId,
    departmentId: row.u.departmentId,
    scopePath: row.unit.path,
    personId: row.u.personId,
    permissions: ROLE_PERMISSIONS[role],
    ip,
    csrfToken: row.s.csrfToken,
    mustChangePassword: row.u.mustChangePassword,
    sessionId: id,
  };
}

/** What the web app needs to know about the signed-in user. */
export async function describeActor(ctx: AppContext, actor: Actor & { csrfToken: string; mustChangePassword: boolean }) {
  const [unit] = await findUnitsByIds(ctx.db, [actor.orgUnitId]);
  return {
    userId: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    role: actor.role,
    roleName: ROLE_ZH[actor.role],
    orgUnitId: actor.orgUnitId,
    orgUnitName: unit?.name ?? '',
    personId: actor.personId ?? null,
    permissions: actor.permissions,
    mustChangePassword: actor.mustChangePassword,
    csrfToken: actor.csrfToken,
    sessionIdleMinutes: ctx.config.sessionIdleMinutes,
  };
}

export async function logout(ctx: AppContext, actor: Actor & { sessionId: string }) {
  await ctx.db.delete(sessions).where(eq(sessions.id, actor.sessionId));
}

/** Changes the caller's own password; other sessions of the account are ended. */
export async function changePassword(ctx: AppContext, actor: Actor & { sessionId: string }, current: string, next: string) {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.userId));
  if (!(await verifyPassword(user.passwordHash, current))) {
    throw fieldError('auth.current_password_wrong', 'currentPassword', '当前密码不正确');
  }
  if (current === next) throw fieldError('auth.password_unchanged', 'newPassword', '新密码不能与当前密码相同');
  const problem = passwordProblem(next);
  if (problem) throw fieldError('auth.password_weak', 'newPassword', problem);
  const passwordHash = await hashPassword(next);
  const path = await orgUnitPath(ctx.db, user.orgUnitId);
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false, updatedAt: new Date() }).where(eq(users.id, user.id));
    await tx.delete(sessions).where(and(eq(sessions.userId, user.id), sql`${sessions.id} <> ${actor.sessionId}`));
    await recordAudit(tx, actor, { action: 'auth.password_change', entityType: 'user', entityId: user.id, orgUnitId: user.orgUnitId, orgPath: path, summary: '修改本人密码' });
  });
}

/** Removes sessions idle past the limit; run periodically. */
export async function purgeExpiredSessions(ctx: AppContext) {
  const cutoff = new Date(Date.now() - ctx.config.sessionIdleMinutes * 60_000);
  await ctx.db.delete(sessions).where(lt(sessions.lastSeenAt, cutoff));
}

export type { UserRow };

/**
 * The Actor of an account for work done on its behalf without a request (the weekly digest is
 * built with the recipient's own scope and role); null when the account is disabled or gone.
 */
export async function actorForUser(ctx: AppContext, userId: number): Promise<Actor | null> {
  const [row] = await ctx.db.select({ u: users, path: unitPathOf('"users"."org_unit_id"') }).from(users).where(eq(users.id, userId));
  if (!row || row.u.disabledAt) return null;
  const role = row.u.role as Role;
  return { userId: row.u.id, username: row.u.username, displayName: row.u.displayName, role, tenantId: row.u.tenantId, orgUnitId: row.u.orgUnitId, departmentId: row.u.departmentId, scopePath: row.path, personId: row.u.personId, permissions: ROLE_PERMISSIONS[role], ip: null };
}
