import { and, asc, eq, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor, AppContext } from '../../context';
import type { DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { escapeLike } from '../../db/like';
import { fieldError, notFound, versionConflict } from '../../errors';
import { ROLE_ZH, type Role } from '../../../shared/roles';
import { recordAudit } from '../audit';
import { findUnitsByCodes, getUnitInScope, unitNameOf, unitPathOf } from '../org';
import { personSummaries } from '../people';
import { sessions, users, type UserRow } from './auth.table';
import type { UserCreateSchema, UserListQuerySchema, UserUpdateSchema } from './auth.schema';
import { hashPassword, temporaryPassword } from './password';

function toDto(u: UserRow, unitName?: string) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    orgUnitId: u.orgUnitId,
    orgUnitName: unitName ?? null,
    departmentId: u.departmentId,
    personId: u.personId,
    role: u.role as Role,
    roleName: ROLE_ZH[u.role as Role],
    disabled: u.disabledAt != null,
    locked: u.lockedUntil != null && u.lockedUntil > new Date(),
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt,
    version: u.version,
  };
}
const snapshot = (u: UserRow) => ({ username: u.username, displayName: u.displayName, orgUnitId: u.orgUnitId, departmentId: u.departmentId, role: u.role, disabled: u.disabledAt != null });

const unitPathSql = unitPathOf('"users"."org_unit_id"');
const unitNameSql = unitNameOf('"users"."org_unit_id"');

export async function listUsers(ctx: AppContext, actor: Actor, q: z.infer<typeof UserListQuerySchema>) {
  requirePermission(actor, 'manage:users');
  const where: SQL[] = [sql`${unitPathSql} like ${escapeLike(actor.scopePath) + '%'}`];
  if (q.role) where.push(eq(users.role, q.role));
  if (q.q) {
    const t = `%${escapeLike(q.q)}%`;
    where.push(or(like(users.username, t), like(users.displayName, t)) as SQL);
  }
  const cond = and(...where);
  const rows = await ctx.db
    .select({ u: users, unitName: unitNameSql })
    .from(users)
    .where(cond)
    .orderBy(asc(users.username))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [{ total }] = await ctx.db.select({ total: sql<number>`count(*)::int` }).from(users).where(cond);
  return { items: rows.map((r) => toDto(r.u, r.unitName)), total };
}

async function userInScope(ctx: AppContext, actor: Actor, id: number) {
  const [row] = await ctx.db.select({ u: users, path: unitPathSql }).from(users).where(eq(users.id, id));
  if (!row || !row.path.startsWith(actor.scopePath)) throw notFound('user.not_found', '账号不存在或不在您的管辖范围内');
  return row;
}

/** Creates an account; returns the temporary password once, to hand over in person. */
export async function createUser(ctx: AppContext, actor: Actor, input: z.infer<typeof UserCreateSchema>) {
  requirePermission(actor, 'manage:users');
  const person = await personalAccountPerson(ctx, actor, input.role, input.personId ?? null);
  const personId = person?.id ?? null;
  // A personal account works in its person's home unit, whatever unit the form names.
  const unit = await getUnitInScope(ctx.db, actor, person?.orgUnitId ?? input.orgUnitId).catch(() => {
    throw fieldError('user.unit_out_of_scope', 'orgUnitId', '所属单位不存在或不在您的管辖范围内');
  });
  if (input.departmentId) {
    await getUnitInScope(ctx.db, actor, input.departmentId).catch(() => {
      throw fieldError('user.department_out_of_scope', 'departmentId', '所在部门不存在或不在您的管辖范围内');
    });
  }
  const [taken] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.username, input.username));
  if (taken) throw fieldError('user.username_taken', 'username', `用户名 ${input.username} 已被使用`);
  const password = input.password ?? temporaryPassword();
  const passwordHash = await hashPassword(password);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({
        tenantId: unit.tenantId,
        username: input.username,
        displayName: input.displayName,
        orgUnitId: unit.id,
        departmentId: input.departmentId ?? null,
        role: input.role,
        personId,
        passwordHash,
        mustChangePassword: true,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: 'user.create',
      entityType: 'user',
      entityId: row.id,
      orgUnitId: unit.id,
      orgPath: unit.path,
      summary: `新建账号 ${row.username}（${row.displayName}，${ROLE_ZH[input.role]}，${unit.name}）`,
      after: snapshot(row),
    });
    return { user: toDto(row, unit.name), temporaryPassword: password };
  });
}

export async function updateUser(ctx: AppContext, actor: Actor, id: number, input: z.infer<typeof UserUpdateSchema>) {
  requirePermission(actor, 'manage:users');
  const { u: before } = await userInScope(ctx, actor, id);
  if (before.version !== input.version) throw versionConflict('user.version_conflict', toDto(before));
  if (input.role && input.role !== before.role && (input.role === 'personal' || before.role === 'personal')) {
    throw fieldError('user.personal_role_fixed', 'role', '个人账号与工作账号不能互相转换，请另建账号');
  }
  if (id === actor.userId && (input.disabled || (input.role && input.role !== before.role))) {
    throw fieldError('user.self_change', input.disabled ? 'disabled' : 'role', '不能停用自己的账号或修改自己的角色');
  }
  if (input.departmentId) {
    await getUnitInScope(ctx.db, actor, input.departmentId).catch(() => {
      throw fieldError('user.department_out_of_scope', 'departmentId', '所在部门不存在或不在您的管辖范围内');
    });
  }
  let unit: Awaited<ReturnType<typeof getUnitInScope>> | undefined;
  if (input.orgUnitId && input.orgUnitId !== before.orgUnitId) {
    unit = await getUnitInScope(ctx.db, actor, input.orgUnitId).catch(() => {
      throw fieldError('user.unit_out_of_scope', 'orgUnitId', '所属单位不存在或不在您的管辖范围内');
    });
  }
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({
        displayName: input.displayName ?? before.displayName,
        orgUnitId: unit?.id ?? before.orgUnitId,
        departmentId: input.departmentId === undefined ? before.departmentId : input.departmentId,
        role: input.role ?? before.role,
        disabledAt: input.disabled === undefined ? before.disabledAt : input.disabled ? new Date() : null,
        version: sql`${users.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(users.id, id), eq(users.version, input.version)))
      .returning();
    if (!row) throw versionConflict('user.version_conflict', toDto(before));
    // A changed role, unit or a disabled account must not keep old sessions' rights.
    if (row.role !== before.role || row.orgUnitId !== before.orgUnitId || row.disabledAt) {
      await tx.delete(sessions).where(eq(sessions.userId, id));
    }
    const unitRow = await getUnitInScope(tx, actor, row.orgUnitId);
    const path = unitRow.path;
    await recordAudit(tx, actor, {
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      orgUnitId: row.orgUnitId,
      orgPath: path,
      summary: `修改账号 ${row.username}`,
      before: snapshot(before),
      after: snapshot(row),
    });
    return toDto(row, unitRow.name);
  });
}

/**
 * A personal account (个人) belongs to one person of the registry in the creator's subtree, at
 * most one account per person; staff accounts belong to no person.
 */
async function personalAccountPerson(ctx: AppContext, actor: Actor, role: Role, personId: number | null) {
  if (role !== 'personal') {
    if (personId != null) throw fieldError('user.person_not_allowed', 'personId', '只有个人账号才能关联人员');
    return null;
  }
  if (personId == null) throw fieldError('user.person_required', 'personId', '个人账号须关联人员库中的一人');
  const [person] = await personSummaries(ctx.db, [personId]);
  if (!person || person.archived || !person.path.startsWith(actor.scopePath)) throw fieldError('user.person_out_of_scope', 'personId', '人员不存在或不在您的管辖范围内');
  const [taken] = await ctx.db.select({ username: users.username }).from(users).where(eq(users.personId, personId));
  if (taken) throw fieldError('user.person_has_account', 'personId', `${person.name} 已有个人账号 ${taken.username}`);
  return person;
}

/** Sets a new temporary password, unlocks, and forces a change at next login. */
export async function resetPassword(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'manage:users');
  const { u, path } = await userInScope(ctx, actor, id);
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, failedAttempts: 0, lockedUntil: null, version: sql`${users.version} + 1`, updatedAt: new Date() })
      .where(eq(users.id, id));
    await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordAudit(tx, actor, { action: 'user.reset_password', entityType: 'user', entityId: id, orgUnitId: u.orgUnitId, orgPath: path, summary: `重置账号 ${u.username} 的密码` });
  });
  return { temporaryPassword: password };
}

/** For the CLI's `user create`: no actor, the system creates the account. */
export async function createUserAsSystem(
  ctx: AppContext,
  input: { username: string; displayName: string; orgUnitCode: string; departmentCode?: string; role: Role; personId?: number; password: string; mustChangePassword?: boolean; via?: string },
  db: DbOrTx = ctx.db,
) {
  const [unit] = await findUnitsByCodes(db, [input.orgUnitCode]);
  if (!unit) throw new Error(`org unit ${input.orgUnitCode} not found`);
  const [department] = input.departmentCode ? await findUnitsByCodes(db, [input.departmentCode]) : [];
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.username, input.username));
  if (taken) throw new Error(`username ${input.username} is taken`);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({
        tenantId: unit.tenantId,
        username: input.username,
        displayName: input.displayName,
        orgUnitId: unit.id,
        departmentId: department?.id ?? null,
        role: input.role,
        personId: input.personId ?? null,
        passwordHash,
        mustChangePassword: input.mustChangePassword ?? true,
      })
      .returning();
    await recordAudit(tx, null, { action: 'user.create', entityType: 'user', entityId: row.id, orgUnitId: unit.id, orgPath: unit.path, summary: `${input.via ?? '命令行'}新建账号 ${row.username}` }, { tenantId: unit.tenantId, actorName: input.via ?? '命令行' });
    return row;
  });
}

/** Active accounts of the given units (display name and role only), e.g. whom to remind. */
export async function accountsOfUnits(db: DbOrTx, unitIds: number[]) {
  if (!unitIds.length) return [];
  return db
    .select({ orgUnitId: users.orgUnitId, displayName: users.displayName, username: users.username, role: users.role })
    .from(users)
    .where(and(inArray(users.orgUnitId, unitIds), isNull(users.disabledAt)))
    .orderBy(asc(users.username));
}
