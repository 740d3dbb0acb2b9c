import { eq } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import type { Tx } from '../../db/client';
import { inScope, requirePermission } from '../../access';
import { runImport, type ImportMode } from '../../import-flow';
import { readSheet, writeSheet, type ColumnSpec, type RowIssue } from '../../xlsx';
import { ID_CARD_PROBLEM_ZH, parseIdCard } from '../../../shared/id-card';
import { AVAILABILITY_ZH, type Availability } from '../../../shared/mobilization';
import { recordAudit } from '../audit';
import { personsByIdNumbers } from '../people';
import { rosterMembers } from './mobilization.table';
import { unitInScope } from './units.service';

export const ROSTER_COLUMNS: ColumnSpec[] = [
  { key: 'name', header: '姓名', width: 12 },
  { key: 'idNumber', header: '身份证号', width: 22 },
  { key: 'skills', header: '技能', width: 24 },
  { key: 'availability', header: '可调状态', width: 14 },
  { key: 'availabilityNote', header: '可调说明', width: 24 },
];
const REQUIRED = ['name', 'idNumber'];
const header = (key: string) => ROSTER_COLUMNS.find((c) => c.key === key)!.header;
const AVAILABILITY_BY_ZH = Object.fromEntries(Object.entries(AVAILABILITY_ZH).map(([k, v]) => [v, k as Availability])) as Record<string, Availability>;

export function rosterTemplate() {
  return writeSheet('应急单元成员导入模板', ROSTER_COLUMNS, [], REQUIRED);
}

interface PlannedMember {
  line: number;
  personId: number;
  name: string;
  skills: string[];
  availability: Availability;
  availabilityNote: string | null;
}

/**
 * Imports members into one unit's roster (skills separated by 、 or commas; availability by its
 * Chinese name, empty meaning 随时可调) from a sheet. People are matched to the registry by ID
 * number (through the keyed hash) and must be inside the importer's subtree; the name must agree
 * with the registry's. Preview, then valid-only or all-or-nothing, as every import
 * (docs/decisions/004).
 */
export async function importRoster(ctx: AppContext, actor: Actor, unitId: number, file: Buffer, mode: ImportMode, previewToken?: string) {
  requirePermission(actor, 'manage:mobilization');
  const unit = await unitInScope(ctx.db, actor, unitId);
  const rows = await readSheet(file, ROSTER_COLUMNS, REQUIRED);
  return runImport<PlannedMember>({
    db: ctx.db,
    file,
    mode,
    previewToken,
    describe: (m) => `${m.personId}:${m.availability}:${m.skills.join('|')}`,
    validate: async (tx) => {
      const issues: RowIssue[] = [];
      const issue = (line: number, key: string, message: string) => issues.push({ line, column: header(key), message });
      const found = await personsByIdNumbers(ctx, tx, rows.map((r) => r.values.idNumber).filter(Boolean));
      const onRoster = new Set((await tx.select({ p: rosterMembers.personId }).from(rosterMembers).where(eq(rosterMembers.unitId, unitId))).map((r) => r.p));
      const seen = new Map<number, number>();
      const valid: PlannedMember[] = [];
      for (const { line, values: v } of rows) {
        const before = issues.length;
        for (const key of REQUIRED) if (!v[key]) issue(line, key, `「${header(key)}」不能为空`);
        const parsed = v.idNumber ? parseIdCard(v.idNumber) : null;
        if (parsed && !parsed.ok) issue(line, 'idNumber', ID_CARD_PROBLEM_ZH[parsed.problem]);
        const person = parsed?.ok ? found.get(v.idNumber) : undefined;
        // One message for "not registered" and "not yours", so people outside the subtree stay unknown.
        if (parsed?.ok && (!person || !inScope(actor, person.path))) issue(line, 'idNumber', '人员库中没有该身份证号，或不在您的管辖范围内；请先在人员库登记');
        else if (person?.archived) issue(line, 'idNumber', `「${person.name}」已在人员库中停用`);
        else if (person && v.name && person.name !== v.name) issue(line, 'name', `姓名与人员库不一致（人员库为「${person.name}」）`);
        if (person && onRoster.has(person.id)) issue(line, 'idNumber', '已在本单元名单中');
        if (person && seen.has(person.id)) issue(line, 'idNumber', `与第 ${seen.get(person.id)} 行是同一人`);
        if (person) seen.set(person.id, line);
        const skills = v.skills ? v.skills.split(/[,，、;；\s]+/).filter(Boolean) : [];
        if (skills.length > 20) issue(line, 'skills', '技能最多 20 项');
        if (skills.some((s) => s.length > 20)) issue(line, 'skills', '每项技能不超过 20 个字');
        const availability = v.availability ? AVAILABILITY_BY_ZH[v.availability] : 'available';
        if (!availability) issue(line, 'availability', `可调状态应为：${Object.values(AVAILABILITY_ZH).join('、')}`);
        if (v.availabilityNote.length > 200) issue(line, 'availabilityNote', '可调说明不超过 200 个字');
        if (issues.length === before && person) valid.push({ line, personId: person.id, name: person.name, skills, availability, availabilityNote: v.availabilityNote || null });
      }
      return { total: rows.length, valid, issues };
    },
    apply: async (tx: Tx, planned) => {
      for (let i = 0; i < planned.length; i += 1000) {
        await tx.insert(rosterMembers).values(
          planned.slice(i, i + 1000).map((m) => ({ tenantId: actor.tenantId, unitId, personId: m.personId, skills: m.skills, availability: m.availability, availabilityNote: m.availabilityNote })),
        );
      }
      await recordAudit(tx, actor, {
        action: 'mobilization.roster_import',
        entityType: 'response_unit',
        entityId: unitId,
        orgUnitId: unit.orgUnitId,
        orgPath: unit.path,
        summary: `导入应急响应单元「${unit.name}」成员 ${planned.length} 人`,
        after: { lines: planned.map((m) => m.line) },
      });
      return planned.length;
    },
  });
}
