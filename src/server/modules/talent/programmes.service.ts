/**
 * Talent programmes (人才政策): who may apply (tier, education, employer, years in the county),
 * what they get (an amount or a score per tier), which documents they upload, and when they may
 * apply. Kept by the talent office (manage:talent) of the owning unit; optimistic locking; every
 * change audited. Reviewers and applicants read them.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../context';
import type { DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { AppError, badRequest, conflict, fieldError, notFound, versionConflict, type FieldIssue } from '../../errors';
import { recordAudit } from '../audit';
import { findUnitsByIds, getUnitInScope, unitIdsAboveOrUnder } from '../org';
import { PROGRAMME_FORM_FIELDS, PROGRAMME_KIND_ZH, TALENT_TIERS, type ProgrammeKind, type ProgrammeRules } from '../../../shared/talent';
import { talentProgrammes, type ProgrammeRow } from './talent.table';
import type { ProgrammeCreate, ProgrammeUpdate } from './talent.schema';
import { chinaToday } from './eligibility';

/** Whether applications are taken on `day` (YYYY-MM-DD). */
export const isOpen = (p: Pick<ProgrammeRow, 'opensOn' | 'closesOn'>, day = chinaToday()) => p.opensOn <= day && (!p.closesOn || p.closesOn >= day);

/** "2022年1月1日起" or "2022年1月1日至2022年12月31日", for messages about the open period. */
export function periodText(p: Pick<ProgrammeRow, 'opensOn' | 'closesOn'>): string {
  const d = (s: string) => `${Number(s.slice(0, 4))}年${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日`;
  return p.closesOn ? `${d(p.opensOn)}至${d(p.closesOn)}` : `${d(p.opensOn)}起`;
}

export interface ProgrammeDto {
  id: number;
  code: string;
  name: string;
  kind: ProgrammeKind;
  kindName: string;
  ownerUnitId: number;
  ownerName: string;
  rules: ProgrammeRules;
  opensOn: string;
  closesOn: string | null;
  open: boolean;
  periodText: string;
  /** The programme's own form fields, for the application form. */
  fields: (typeof PROGRAMME_FORM_FIELDS)[ProgrammeKind];
  version: number;
  updatedBy: string;
  updatedAt: string;
}

export async function programmeDtos(db: DbOrTx, rows: ProgrammeRow[]): Promise<ProgrammeDto[]> {
  const owners = new Map((await findUnitsByIds(db, [...new Set(rows.map((r) => r.ownerUnitId))])).map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind as ProgrammeKind,
    kindName: PROGRAMME_KIND_ZH[r.kind as ProgrammeKind] ?? r.kind,
    ownerUnitId: r.ownerUnitId,
    ownerName: owners.get(r.ownerUnitId) ?? '',
    rules: r.rules,
    opensOn: r.opensOn,
    closesOn: r.closesOn,
    open: isOpen(r),
    periodText: periodText(r),
    fields: PROGRAMME_FORM_FIELDS[r.kind as ProgrammeKind] ?? [],
    version: r.version,
    updatedBy: r.updatedBy,
    updatedAt: r.updatedAt.toISOString(),
  }));
}

/** Programmes a staff account sees: owned by its unit, a unit above (the county's) or below. */
const visible = (actor: Actor) => sql`${talentProgrammes.ownerUnitId} in ${unitIdsAboveOrUnder(actor.scopePath)}`;

export async function listProgrammes(db: DbOrTx, actor: Actor) {
  requirePermission(actor, 'review:talent');
  const rows = await db.select().from(talentProgrammes).where(and(eq(talentProgrammes.tenantId, actor.tenantId), visible(actor))).orderBy(asc(talentProgrammes.code));
  return programmeDtos(db, rows);
}

export async function programmeRow(db: DbOrTx, actor: Actor, id: number): Promise<ProgrammeRow> {
  const [row] = await db.select().from(talentProgrammes).where(and(eq(talentProgrammes.id, id), eq(talentProgrammes.tenantId, actor.tenantId), visible(actor)));
  if (!row) throw notFound('talent_programme.not_found', '政策不存在或不在您的管辖范围内');
  return row;
}

export async function getProgramme(db: DbOrTx, actor: Actor, id: number) {
  requirePermission(actor, 'review:talent');
  return (await programmeDtos(db, [await programmeRow(db, actor, id)]))[0];
}

/** Rules that make sense together; each problem names its field. */
function checkRules(kind: ProgrammeKind, rules: ProgrammeRules, opensOn: string, closesOn: string | null | undefined) {
  const issues: FieldIssue[] = [];
  if (closesOn && closesOn < opensOn) issues.push({ path: 'closesOn', message: '申请截止日期不能早于开始日期' });
  const keys = new Set<string>();
  rules.documents.forEach((d, i) => {
    if (keys.has(d.key)) issues.push({ path: `rules.documents.${i}.key`, message: `材料标识“${d.key}”重复` });
    keys.add(d.key);
  });
  if (new Set(rules.tiers).size !== rules.tiers.length) issues.push({ path: 'rules.tiers', message: '人才层次有重复' });
  if (new Set(rules.employerTypes).size !== rules.employerTypes.length) issues.push({ path: 'rules.employerTypes', message: '用人单位类型有重复' });
  if (rules.employerTypes.length && !rules.employerRequired) issues.push({ path: 'rules.employerRequired', message: '限定了用人单位类型时，须要求填写用人单位' });
  // A subsidy is paid per tier: every tier that may apply needs its amount.
  if (kind === 'housing_subsidy') {
    for (const t of rules.tiers.length ? rules.tiers : TALENT_TIERS) if (rules.amounts[t] == null || rules.amounts[t]! <= 0) issues.push({ path: `rules.amounts.${t}`, message: `请填写${t}类人才的补助金额` });
  }
  if (kind === 'apartment') {
    for (const t of rules.tiers.length ? rules.tiers : TALENT_TIERS) if (rules.scores[t] == null) issues.push({ path: `rules.scores.${t}`, message: `请填写${t}类人才的配租配售分值` });
  }
  if (issues.length) throw badRequest('talent_programme.invalid', issues[0].message, issues);
}

/** The owner must be a unit in the actor's subtree; by default the actor's department or unit. */
async function ownerFor(db: DbOrTx, actor: Actor, ownerUnitId: number | undefined) {
  return getUnitInScope(db, actor, ownerUnitId ?? actor.departmentId ?? actor.orgUnitId).catch(() => {
    throw fieldError('talent_programme.owner_out_of_scope', 'ownerUnitId', '主管单位不存在或不在您的管辖范围内');
  });
}

const isCodeTaken = (err: unknown) => {
  const e = err as { code?: string; constraint?: string; message?: string; cause?: { code?: string; constraint?: string; message?: string } };
  const c = e.cause ?? e;
  return (c.code ?? e.code) === '23505' && `${c.constraint ?? ''}${c.message ?? ''}`.includes('talent_programmes_code_key');
};

export async function createProgramme(db: DbOrTx, actor: Actor, input: ProgrammeCreate) {
  requirePermission(actor, 'manage:talent');
  const owner = await ownerFor(db, actor, input.ownerUnitId);
  checkRules(input.kind, input.rules, input.opensOn, input.closesOn);
  let id: number;
  try {
    id = await db.transaction(async (tx) => {
      const [taken] = await tx.select({ id: talentProgrammes.id }).from(talentProgrammes).where(and(eq(talentProgrammes.tenantId, actor.tenantId), eq(talentProgrammes.code, input.code)));
      if (taken) throw new AppError(409, 'talent_programme.code_taken', `政策编码 ${input.code} 已被使用`, [{ path: 'code', message: `政策编码 ${input.code} 已被使用` }]);
      const [row] = await tx
        .insert(talentProgrammes)
        .values({ tenantId: actor.tenantId, code: input.code, name: input.name, kind: input.kind, ownerUnitId: owner.id, rules: input.rules, opensOn: input.opensOn, closesOn: input.closesOn ?? null, updatedBy: actor.displayName })
        .returning();
      await recordAudit(tx, actor, { action: 'talent_programme.create', entityType: 'talent_programme', entityId: row.id, orgUnitId: owner.id, orgPath: owner.path, summary: `新建人才政策「${row.name}」（${row.code}）`, after: { code: row.code, name: row.name, kind: row.kind, rules: row.rules, opensOn: row.opensOn, closesOn: row.closesOn } });
      return row.id;
    });
  } catch (err) {
    // Two creations racing past the check: the unique index decides.
    if (isCodeTaken(err)) throw new AppError(409, 'talent_programme.code_taken', `政策编码 ${input.code} 已被使用`, [{ path: 'code', message: `政策编码 ${input.code} 已被使用` }]);
    throw err;
  }
  return getProgramme(db, actor, id);
}

export async function updateProgramme(db: DbOrTx, actor: Actor, id: number, input: ProgrammeUpdate) {
  requirePermission(actor, 'manage:talent');
  await db.transaction(async (tx) => {
    const row = await programmeRow(tx, actor, id);
    // Visible from below is not editable from below: the owner must be in the actor's subtree.
    const current = await getUnitInScope(tx, actor, row.ownerUnitId).catch(() => {
      throw notFound('talent_programme.not_found', '政策不存在或不在您的管辖范围内');
    });
    if (row.version !== input.version) throw versionConflict('talent_programme.version_conflict', (await programmeDtos(tx, [row]))[0]);
    const owner = input.ownerUnitId && input.ownerUnitId !== row.ownerUnitId ? await ownerFor(tx, actor, input.ownerUnitId) : current;
    const next = {
      name: input.name ?? row.name,
      rules: input.rules ?? row.rules,
      opensOn: input.opensOn ?? row.opensOn,
      closesOn: input.closesOn === undefined ? row.closesOn : input.closesOn,
      ownerUnitId: owner.id,
    };
    checkRules(row.kind as ProgrammeKind, next.rules, next.opensOn, next.closesOn);
    const [updated] = await tx
      .update(talentProgrammes)
      .set({ ...next, version: row.version + 1, updatedBy: actor.displayName, updatedAt: new Date() })
      .where(and(eq(talentProgrammes.id, id), eq(talentProgrammes.version, input.version)))
      .returning();
    if (!updated) throw conflict('talent_programme.version_conflict', '该记录已被他人修改，请查看最新内容后再保存');
    await recordAudit(tx, actor, {
      action: 'talent_programme.update',
      entityType: 'talent_programme',
      entityId: id,
      orgUnitId: owner.id,
      orgPath: owner.path,
      summary: `修改人才政策「${updated.name}」（${updated.code}）`,
      before: { name: row.name, rules: row.rules, opensOn: row.opensOn, closesOn: row.closesOn, ownerUnitId: row.ownerUnitId },
      after: next,
    });
  });
  return getProgramme(db, actor, id);
}

/** Programmes a personal account may read: the whole county's, open or not (its own applications name them). */
export async function programmeForApplicant(db: DbOrTx, tenantId: string, id: number): Promise<ProgrammeRow> {
  const [row] = await db.select().from(talentProgrammes).where(and(eq(talentProgrammes.id, id), eq(talentProgrammes.tenantId, tenantId)));
  if (!row) throw fieldError('talent_application.programme_not_found', 'programmeId', '该政策不存在');
  return row;
}

export async function programmesOfTenant(db: DbOrTx, tenantId: string): Promise<ProgrammeRow[]> {
  return db.select().from(talentProgrammes).where(eq(talentProgrammes.tenantId, tenantId)).orderBy(asc(talentProgrammes.code));
}
