import { inArray } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { refreshPlannerStats, type Tx } from '../../db/client';
import { inScope, requirePermission } from '../../access';
import { runImport, type ImportMode } from '../../import-flow';
import { readSheet, writeSheet, type ColumnSpec, type RowIssue, type SheetRow } from '../../xlsx';
import { ID_CARD_PROBLEM_ZH, isValidMobile, parseIdCard } from '../../../shared/id-card';
import { PARTY_ORG_TYPES, type OrgType } from '../../../shared/org-types';
import { PARTY_STATUS_BY_ZH, PERSON_ROLE_BY_ZH, PERSON_ROLE_ZH, normalizeDate, type PartyStatus, type PersonRole } from '../../../shared/person-roles';
import { recordAudit } from '../audit';
import { findUnitsByCodes, orgUnitPath } from '../org';
import { persons } from './people.table';
import { insertPeople } from './people.service';

export const PEOPLE_COLUMNS: ColumnSpec[] = [
  { key: 'name', header: '姓名', width: 12 },
  { key: 'idNumber', header: '身份证号', width: 22 },
  { key: 'phone', header: '手机号', width: 14 },
  { key: 'unitCode', header: '所在单位编码', width: 18 },
  { key: 'roles', header: '人员类别', width: 16 },
  { key: 'joinDate', header: '入党日期', width: 12 },
  { key: 'partyStatus', header: '党员状态', width: 10 },
  { key: 'post', header: '职务', width: 14 },
  { key: 'rank', header: '职级', width: 10 },
  { key: 'note', header: '备注', width: 20 },
];
const REQUIRED = ['name', 'idNumber', 'unitCode'];
const header = (key: string) => PEOPLE_COLUMNS.find((c) => c.key === key)!.header;

export function peopleTemplate() {
  return writeSheet('人员导入模板', PEOPLE_COLUMNS, [], REQUIRED);
}

interface PlannedPerson {
  line: number;
  name: string;
  idNumber: string;
  phone: string | null;
  unitId: number;
  tenantId: string;
  roles: { role: PersonRole; startDate: string; status: PartyStatus | null; post: string | null; rank: string | null }[];
  note: string | null;
}

/**
 * Imports people from a sheet: preview lists every bad row by line and column; then either the
 * valid rows or nothing are written, in one transaction, exactly as previewed.
 */
export async function importPeople(
  ctx: AppContext,
  actor: Actor,
  file: Buffer,
  mode: ImportMode,
  previewToken?: string,
  onProgress?: (done: number, total: number) => void,
) {
  requirePermission(actor, 'import:people');
  const rows = await readSheet(file, PEOPLE_COLUMNS, REQUIRED);
  const report = await runImport<PlannedPerson>({
    db: ctx.db,
    file,
    mode,
    previewToken,
    validate: (tx) => validate(ctx, tx, actor, rows),
    apply: (tx, planned) => apply(ctx, tx, actor, planned, onProgress),
  });
  if (report.applied > 1000) await refreshPlannerStats(ctx.db);
  return report;
}

async function validate(ctx: AppContext, tx: Tx, actor: Actor, rows: SheetRow[]) {
  const issues: RowIssue[] = [];
  const issue = (line: number, key: string, message: string) => issues.push({ line, column: header(key), message });
  const units = new Map((await findUnitsByCodes(tx, [...new Set(rows.map((r) => r.values.unitCode).filter(Boolean))])).map((u) => [u.code, u]));

  // Duplicates against the registry, looked up by keyed hash in bulk.
  const hashes = new Map<string, string>();
  for (const r of rows) {
    const p = parseIdCard(r.values.idNumber);
    if (p.ok) hashes.set(r.values.idNumber, ctx.crypto.lookupHash(p.info.number));
  }
  const existing = new Set<string>();
  const all = [...new Set(hashes.values())];
  for (let i = 0; i < all.length; i += 1000) {
    const found = await tx.select({ h: persons.idHash }).from(persons).where(inArray(persons.idHash, all.slice(i, i + 1000)));
    found.forEach((f) => existing.add(f.h));
  }

  const seenIds = new Map<string, number>();
  const valid: PlannedPerson[] = [];
  // "Today" in China Standard Time, where the users are.
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  for (const { line, values: v } of rows) {
    const before = issues.length;
    for (const key of REQUIRED) if (!v[key]) issue(line, key, `「${header(key)}」不能为空`);
    if (v.name && v.name.length > 50) issue(line, 'name', '姓名不超过50个字符');

    let idNumber = '';
    let birthDate = '';
    if (v.idNumber) {
      const p = parseIdCard(v.idNumber);
      if (!p.ok) issue(line, 'idNumber', ID_CARD_PROBLEM_ZH[p.problem]);
      else {
        idNumber = p.info.number;
        birthDate = p.info.birthDate;
        const first = seenIds.get(idNumber);
        if (first) issue(line, 'idNumber', `身份证号与第 ${first} 行重复`);
        else seenIds.set(idNumber, line);
        if (existing.has(hashes.get(v.idNumber)!)) issue(line, 'idNumber', '该身份证号已在人员库中登记');
      }
    }
    if (v.phone && !isValidMobile(v.phone)) issue(line, 'phone', '手机号应为11位大陆手机号码');

    const unit = v.unitCode ? units.get(v.unitCode) : undefined;
    // One message for "no such code" and "not yours", so codes outside the subtree stay unknown.
    if (v.unitCode && (!unit || !inScope(actor, unit.path))) issue(line, 'unitCode', `单位编码 ${v.unitCode} 不存在或不在您的管辖范围内`);
    else if (unit?.archivedAt) issue(line, 'unitCode', `单位「${unit.name}」已归档`);

    const roleNames = v.roles ? v.roles.split(/[,，、;；\s]+/).filter(Boolean) : [];
    const roles: PlannedPerson['roles'] = [];
    for (const name of roleNames) {
      const role = PERSON_ROLE_BY_ZH[name];
      if (!role) {
        issue(line, 'roles', `未知的人员类别「${name}」，可选：${Object.values(PERSON_ROLE_ZH).join('、')}`);
        continue;
      }
      if (role === 'party_member') {
        const joinDate = v.joinDate ? normalizeDate(v.joinDate) : null;
        if (!v.joinDate) issue(line, 'joinDate', '党员须填写入党日期');
        else if (!joinDate) issue(line, 'joinDate', `入党日期「${v.joinDate}」格式不正确，应为 YYYY-MM-DD`);
        else if (joinDate > today) issue(line, 'joinDate', '入党日期不能晚于今天');
        else if (birthDate && joinDate < addYears(birthDate, 18)) issue(line, 'joinDate', '入党日期早于年满18周岁');
        const status = PARTY_STATUS_BY_ZH[v.partyStatus];
        if (!v.partyStatus) issue(line, 'partyStatus', '党员须填写党员状态（正式/预备）');
        else if (!status) issue(line, 'partyStatus', `党员状态「${v.partyStatus}」无效，应为“正式”或“预备”`);
        if (unit && !PARTY_ORG_TYPES.includes(unit.type as OrgType)) {
          issue(line, 'unitCode', `「${unit.name}」不是党组织，党员的所在单位应为党支部、党总支或党委`);
        }
        roles.push({ role, startDate: joinDate ?? today, status: status ?? null, post: null, rank: null });
      } else {
        roles.push({ role, startDate: today, status: null, post: role === 'cadre' ? v.post || null : null, rank: role === 'cadre' ? v.rank || null : null });
      }
    }
    if (issues.length === before && unit) {
      valid.push({ line, name: v.name, idNumber, phone: v.phone || null, unitId: unit.id, tenantId: unit.tenantId, roles, note: v.note || null });
    }
  }
  return { total: rows.length, valid, issues };
}

function addYears(isoDate: string, years: number) {
  return `${Number(isoDate.slice(0, 4)) + years}${isoDate.slice(4)}`;
}

async function apply(ctx: AppContext, tx: Tx, actor: Actor, planned: PlannedPerson[], onProgress?: (done: number, total: number) => void) {
  await insertPeople(
    ctx,
    tx,
    planned.map((p) => ({
      tenantId: p.tenantId,
      name: p.name,
      idNumber: p.idNumber,
      phone: p.phone,
      orgUnitId: p.unitId,
      source: 'import',
      note: p.note,
      roles: p.roles.map((r) => ({ ...r, orgUnitId: r.role === 'party_member' ? p.unitId : null })),
    })),
    onProgress,
  );
  await recordAudit(tx, actor, {
    action: 'people.import',
    entityType: 'person',
    orgUnitId: actor.orgUnitId,
    orgPath: await orgUnitPath(tx, actor.orgUnitId),
    summary: `导入人员 ${planned.length} 人`,
    after: { lines: planned.map((p) => p.line) },
  });
  return planned.length;
}

