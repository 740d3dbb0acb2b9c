/**
 * A cadre's career record (干部履历) kept here: posts, ranks, training with hours, annual
 * evaluations. The organization department edits it (optimistic locking on `version`); the cadre
 * reads it and asks for corrections. Every write is audited with the entry before and after.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { badRequest, notFound, versionConflict, type FieldIssue } from '../../errors';
import { recordAudit } from '../audit';
import { findUnitsByIds, unitNameOf } from '../org';
import { CAREER_KIND_ZH, type CareerEntry, type CareerKind, type EvaluationGrade, type TrainingYear } from '../../../shared/cadres';
import { cadreCareerEntries, type CareerEntryRow } from './cadres.table';
import type { CareerEntryCreate, CareerEntryUpdate } from './cadres.schema';
import { cadreInScope, todayCst } from './scope';
import type { ProfileRow } from '../people';

const selectEntries = sql`select e.id, e.person_id as "personId", e.kind, e.title, e.org_unit_id as "orgUnitId", ${unitNameOf('"e"."org_unit_id"')} as "orgUnitName",
  e.start_date::text as "startDate", e.end_date::text as "endDate", e.hours, e.grade, e.note, e.version, e.updated_at as "updatedAt"
  from cadre_career_entries e`;

type EntryRow = Omit<CareerEntry, 'kindName'>;
const shape = (r: EntryRow): CareerEntry => ({ ...r, hours: r.hours == null ? null : Number(r.hours), kindName: CAREER_KIND_ZH[r.kind], updatedAt: new Date(r.updatedAt).toISOString() });

/** A person's entries, newest first within each kind's natural order (by start date). */
export async function entriesOf(db: DbOrTx, personId: number): Promise<CareerEntry[]> {
  const rows = await queryRows<EntryRow>(db, sql`${selectEntries} where e.person_id = ${personId} order by e.start_date desc, e.id desc`);
  return rows.map(shape);
}

export async function entriesByIds(db: DbOrTx, ids: number[]): Promise<Map<number, CareerEntry>> {
  if (!ids.length) return new Map();
  const rows = await queryRows<EntryRow>(db, sql`${selectEntries} where e.id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
  return new Map(rows.map((r) => [r.id, shape(r)]));
}

export async function entryById(db: DbOrTx, id: number): Promise<CareerEntry | null> {
  const [row] = await queryRows<EntryRow>(db, sql`${selectEntries} where e.id = ${id}`);
  return row ? shape(row) : null;
}

/** Training hours per year (by the course's start date), newest year first. */
export function trainingByYear(entries: readonly CareerEntry[]): TrainingYear[] {
  const byYear = new Map<number, TrainingYear>();
  for (const e of entries) {
    if (e.kind !== 'training') continue;
    const year = Number(e.startDate.slice(0, 4));
    const y = byYear.get(year) ?? { year, courses: 0, hours: 0 };
    y.courses++;
    y.hours = Math.round((y.hours + (e.hours ?? 0)) * 10) / 10;
    byYear.set(year, y);
  }
  return [...byYear.values()].sort((a, b) => b.year - a.year);
}

export const entryLabel = (e: Pick<CareerEntry, 'kind' | 'title' | 'startDate'>) => `${CAREER_KIND_ZH[e.kind]}：${e.title}（${e.startDate}）`;

interface EntryValues {
  kind: CareerKind;
  title: string;
  orgUnitId: number | null;
  startDate: string;
  endDate: string | null;
  hours: number | null;
  grade: EvaluationGrade | null;
  note: string | null;
}

/**
 * Rules across fields, each reported beside its field with its own code: hours belong to training
 * (and training needs them), a grade to an evaluation, the end after the start, nothing in the
 * future but a planned end, and a unit that exists.
 */
async function checkEntry(db: DbOrTx, tenantId: string, v: EntryValues) {
  const issues: (FieldIssue & { code: string })[] = [];
  const add = (code: string, path: string, message: string) => issues.push({ code, path, message });
  if (v.kind === 'training' && v.hours == null) add('cadres.hours_required', 'hours', '培训须填写学时');
  if (v.kind !== 'training' && v.hours != null) add('cadres.hours_only_training', 'hours', '只有培训条目填写学时');
  if (v.kind === 'evaluation' && !v.grade) add('cadres.grade_required', 'grade', '年度考核须填写考核等次');
  if (v.kind !== 'evaluation' && v.grade) add('cadres.grade_only_evaluation', 'grade', '只有年度考核条目填写考核等次');
  if (v.endDate && v.endDate < v.startDate) add('cadres.end_before_start', 'endDate', '结束日期不能早于开始日期');
  if (v.startDate > todayCst()) add('cadres.start_in_future', 'startDate', '开始日期不能晚于今天');
  if (v.orgUnitId != null) {
    const [u] = await findUnitsByIds(db, [v.orgUnitId]);
    if (!u || u.tenantId !== tenantId) add('cadres.unit_not_found', 'orgUnitId', '所选单位不存在');
  }
  if (issues.length) throw badRequest(issues[0].code, issues[0].message, issues.map(({ path, message }) => ({ path, message })));
}

const valuesOf = (row: Pick<CareerEntryRow, keyof EntryValues>): EntryValues => ({
  kind: row.kind as CareerKind,
  title: row.title,
  orgUnitId: row.orgUnitId,
  startDate: row.startDate,
  endDate: row.endDate,
  hours: row.hours == null ? null : Number(row.hours),
  grade: row.grade as EvaluationGrade | null,
  note: row.note,
});

export async function createEntry(ctx: AppContext, actor: Actor, personId: number, input: CareerEntryCreate) {
  return ctx.db.transaction(async (tx) => {
    const person = await cadreInScope(tx, actor, personId);
    const v: EntryValues = { kind: input.kind, title: input.title, orgUnitId: input.orgUnitId ?? null, startDate: input.startDate, endDate: input.endDate ?? null, hours: input.hours ?? null, grade: input.grade ?? null, note: input.note ?? null };
    await checkEntry(tx, actor.tenantId, v);
    const [row] = await tx.insert(cadreCareerEntries).values({ tenantId: actor.tenantId, personId, ...v, createdBy: actor.displayName }).returning({ id: cadreCareerEntries.id });
    await recordAudit(tx, actor, { action: 'cadres.career_create', entityType: 'cadre_career_entry', entityId: row.id, orgUnitId: person.orgUnitId, orgPath: person.path, summary: `为「${person.name}」添加履历：${entryLabel(v)}`, after: v });
    return (await entryById(tx, row.id))!;
  });
}

/** The entry and its cadre, if the cadre is in the actor's scope; 404 otherwise. */
async function entryInScope(db: DbOrTx, actor: Actor, id: number): Promise<{ row: CareerEntryRow; person: ProfileRow }> {
  const [row] = await db.select().from(cadreCareerEntries).where(and(eq(cadreCareerEntries.id, id), eq(cadreCareerEntries.tenantId, actor.tenantId)));
  if (!row) throw notFound('cadres.entry_not_found', '履历条目不存在或不在您的管辖范围内');
  const person = await cadreInScope(db, actor, row.personId).catch(() => {
    throw notFound('cadres.entry_not_found', '履历条目不存在或不在您的管辖范围内');
  });
  return { row, person };
}

/**
 * Changes an entry inside the caller's transaction (also used when accepting a correction): the
 * version is checked in the statement, so two editors saving at once cannot both succeed.
 */
export async function updateEntryIn(tx: DbOrTx, actor: Actor, id: number, input: CareerEntryUpdate, via?: string) {
  const { row, person } = await entryInScope(tx, actor, id);
  const current = async () => (await entryById(tx, id))!;
  if (row.version !== input.version) throw versionConflict('cadres.entry_version_conflict', await current());
  const before = valuesOf(row);
  const pick = <K extends keyof EntryValues>(k: K): EntryValues[K] => (input[k] === undefined ? before[k] : ((input[k] ?? null) as EntryValues[K]));
  const after: EntryValues = { kind: pick('kind'), title: pick('title'), orgUnitId: pick('orgUnitId'), startDate: pick('startDate'), endDate: pick('endDate'), hours: pick('hours'), grade: pick('grade'), note: pick('note') };
  await checkEntry(tx, actor.tenantId, after);
  const written = await tx
    .update(cadreCareerEntries)
    .set({ ...after, version: row.version + 1, updatedAt: new Date() })
    .where(and(eq(cadreCareerEntries.id, id), eq(cadreCareerEntries.version, input.version)))
    .returning({ id: cadreCareerEntries.id });
  if (!written.length) throw versionConflict('cadres.entry_version_conflict', await current());
  await recordAudit(tx, actor, { action: 'cadres.career_update', entityType: 'cadre_career_entry', entityId: id, orgUnitId: person.orgUnitId, orgPath: person.path, summary: `修改「${person.name}」的履历：${entryLabel(after)}${via ? `（${via}）` : ''}`, before, after });
  return current();
}

export async function updateEntry(ctx: AppContext, actor: Actor, id: number, input: CareerEntryUpdate) {
  return ctx.db.transaction((tx) => updateEntryIn(tx, actor, id, input));
}

export async function deleteEntry(ctx: AppContext, actor: Actor, id: number, version: number) {
  return ctx.db.transaction(async (tx) => {
    const { row, person } = await entryInScope(tx, actor, id);
    if (row.version !== version) throw versionConflict('cadres.entry_version_conflict', await entryById(tx, id));
    const gone = await tx.delete(cadreCareerEntries).where(and(eq(cadreCareerEntries.id, id), eq(cadreCareerEntries.version, version))).returning({ id: cadreCareerEntries.id });
    if (!gone.length) throw versionConflict('cadres.entry_version_conflict', await entryById(tx, id));
    const before = valuesOf(row);
    await recordAudit(tx, actor, { action: 'cadres.career_delete', entityType: 'cadre_career_entry', entityId: id, orgUnitId: person.orgUnitId, orgPath: person.path, summary: `删除「${person.name}」的履历：${entryLabel(before)}`, before });
    return { id, deleted: true };
  });
}
