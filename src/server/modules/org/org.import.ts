import type { Actor, AppContext } from '../../context';
import type { Tx } from '../../db/client';
import { inScope, requirePermission } from '../../access';
import { runImport, type ImportMode } from '../../import-flow';
import { readSheet, writeSheet, type ColumnSpec, type RowIssue } from '../../xlsx';
import { ALLOWED_CHILDREN, ORG_TYPE_BY_ZH, ORG_TYPE_ZH, ORG_TYPES, type OrgType } from '../../../shared/org-types';
import { recordAudit } from '../audit';
import { orgRepository as repo } from './org.repository';
import { assertTypeFits, insertUnit, lockTree } from './org.service';
import { AppError } from '../../errors';
import type { OrgUnitRow } from './org.table';
import { eq, sql } from 'drizzle-orm';
import { orgUnits } from './org.table';
import { pinyinKeys } from '../../pinyin';

export const ORG_COLUMNS: ColumnSpec[] = [
  { key: 'code', header: '编码', width: 18 },
  { key: 'name', header: '名称', width: 28 },
  { key: 'type', header: '类型', width: 14 },
  { key: 'parentCode', header: '上级编码', width: 18 },
];
const REQUIRED = ['code', 'name', 'type', 'parentCode'];
const header = (key: string) => ORG_COLUMNS.find((c) => c.key === key)!.header;

/** The actor's subtree as a sheet that imports back unchanged. */
export async function exportTree(ctx: AppContext, actor: Actor, rootId: number) {
  requirePermission(actor, 'read:org');
  const root = await repo.byId(ctx.db, rootId);
  if (!root || !inScope(actor, root.path)) return null;
  const rows = await repo.subtree(ctx.db, root.path, false);
  const codeById = new Map(rows.map((r) => [r.id, r.code]));
  const parent = root.parentId ? await repo.byId(ctx.db, root.parentId) : undefined;
  if (parent) codeById.set(parent.id, parent.code);
  return writeSheet(
    '组织架构',
    ORG_COLUMNS,
    rows.map((r) => ({
      code: r.code,
      name: r.name,
      type: ORG_TYPE_ZH[r.type as OrgType] ?? r.type,
      parentCode: r.parentId ? (codeById.get(r.parentId) ?? '') : '',
    })),
    REQUIRED,
  );
}

interface PlannedUnit {
  line: number;
  code: string;
  name: string;
  type: OrgType;
  parentCode: string;
  existing?: OrgUnitRow;
}

/**
 * Imports units: new codes are created under their parent (which may be earlier or later in the
 * same file); existing codes are renamed or retyped in place. Moving is refused here — it is a
 * deliberate act done in the tree, not a side effect of a spreadsheet.
 */
export async function importTree(
  ctx: AppContext,
  actor: Actor,
  file: Buffer,
  mode: ImportMode,
  previewToken?: string,
) {
  requirePermission(actor, 'write:org');
  const rows = await readSheet(file, ORG_COLUMNS, REQUIRED);
  return runImport<PlannedUnit>({
    db: ctx.db,
    file,
    mode,
    previewToken,
    validate: (tx) => validate(tx, actor, rows),
    describe: (p) => `${p.code}:${p.existing ? `update@${p.existing.version}` : 'create'}`,
    apply: (tx, planned) => apply(tx, actor, planned),
  });
}

async function validate(tx: Tx, actor: Actor, rows: Awaited<ReturnType<typeof readSheet>>) {
  // Preview and apply both see the tree as it stands while no one else reshapes it.
  await lockTree(tx, actor.tenantId);
  const issues: RowIssue[] = [];
  const issue = (line: number, key: string, message: string) => issues.push({ line, column: header(key), message });
  const codesInFile = new Map<string, number>();
  const candidates: PlannedUnit[] = [];
  const allCodes = rows.flatMap((r) => [r.values.code, r.values.parentCode]).filter(Boolean);
  const known = new Map((await repo.byCodes(tx, [...new Set(allCodes)])).map((u) => [u.code, u]));

  for (const { line, values: v } of rows) {
    let ok = true;
    const existing = known.get(v.code);
    for (const key of REQUIRED) {
      // A root unit (the county) has no parent code; an export of the whole tree includes it.
      if (key === 'parentCode' && existing && existing.parentId == null) continue;
      if (!v[key]) {
        issue(line, key, `「${header(key)}」不能为空`);
        ok = false;
      }
    }
    if (v.code && !/^[0-9A-Za-z_-]{1,40}$/.test(v.code)) {
      issue(line, 'code', '编码只能包含数字、字母、下划线和短横线，不超过40个字符');
      ok = false;
    }
    if (v.name && v.name.length > 100) {
      issue(line, 'name', '名称不超过100个字符');
      ok = false;
    }
    const type = (ORG_TYPE_BY_ZH[v.type] ?? (ORG_TYPES.includes(v.type as OrgType) ? v.type : undefined)) as OrgType | undefined;
    if (v.type && !type) {
      issue(line, 'type', `未知的单位类型「${v.type}」，可选：${Object.values(ORG_TYPE_ZH).join('、')}`);
      ok = false;
    }
    if (v.code) {
      const first = codesInFile.get(v.code);
      if (first) {
        issue(line, 'code', `编码 ${v.code} 与第 ${first} 行重复`);
        ok = false;
      } else codesInFile.set(v.code, line);
    }
    if (v.code && v.code === v.parentCode) {
      issue(line, 'parentCode', '上级编码不能是本单位自己');
      ok = false;
    }
    if (existing) {
      if (!inScope(actor, existing.path)) {
        issue(line, 'code', `编码 ${v.code} 已被管辖范围以外的单位使用`);
        ok = false;
      } else {
        if (type && type !== existing.type) {
          try {
            await assertTypeFits(tx, existing, type);
          } catch (e) {
            if (!(e instanceof AppError)) throw e;
            issue(line, 'type', e.message);
            ok = false;
          }
        }
        const parentCode = existing.parentId ? (await repo.byId(tx, existing.parentId))?.code : '';
        if (v.parentCode && parentCode !== v.parentCode) {
          issue(line, 'parentCode', `已有单位「${existing.name}」的上级是 ${parentCode}，导入不能移动单位，请在组织架构中使用“移动”`);
          ok = false;
        }
      }
    }
    if (ok && type) candidates.push({ line, code: v.code, name: v.name, type, parentCode: v.parentCode, existing });
  }

  // Resolve parents: an existing unit in scope, or another valid row of this file.
  const byCode = new Map(candidates.map((c) => [c.code, c]));
  const valid: PlannedUnit[] = [];
  const state = new Map<string, 'ok' | 'bad' | 'visiting'>();
  const check = (c: PlannedUnit): boolean => {
    const s = state.get(c.code);
    if (s === 'ok') return true;
    if (s === 'bad') return false;
    if (s === 'visiting') {
      issue(c.line, 'parentCode', '上级编码形成循环');
      state.set(c.code, 'bad');
      return false;
    }
    state.set(c.code, 'visiting');
    let ok = true;
    let parentType: OrgType | undefined;
    const parentRow = byCode.get(c.parentCode);
    const parentDb = known.get(c.parentCode);
    if (c.existing) {
      parentType = undefined; // staying under its parent; only rename/retype
    } else if (parentRow) {
      if (!check(parentRow)) {
        issue(c.line, 'parentCode', `上级单位（第 ${parentRow.line} 行）有错误，本行无法导入`);
        ok = false;
      }
      parentType = parentRow.type;
    } else if (parentDb) {
      if (!inScope(actor, parentDb.path)) {
        issue(c.line, 'parentCode', `上级编码 ${c.parentCode} 不存在或不在您的管辖范围内`);
        ok = false;
      } else if (parentDb.archivedAt) {
        issue(c.line, 'parentCode', `上级单位「${parentDb.name}」已归档`);
        ok = false;
      }
      parentType = parentDb.type as OrgType;
    } else {
      issue(c.line, 'parentCode', `上级编码 ${c.parentCode} 不存在或不在您的管辖范围内`);
      ok = false;
    }
    if (ok && parentType && !(ALLOWED_CHILDREN[parentType] ?? []).includes(c.type)) {
      issue(c.line, 'type', `「${ORG_TYPE_ZH[parentType]}」下不能设立「${ORG_TYPE_ZH[c.type]}」`);
      ok = false;
    }
    state.set(c.code, ok ? 'ok' : 'bad');
    if (ok) valid.push(c);
    return ok;
  };
  candidates.forEach(check);
  return { total: rows.length, valid, issues };
}

async function apply(tx: Tx, actor: Actor, planned: PlannedUnit[]): Promise<number> {
  // `valid` is in dependency order: parents were pushed before their children.
  const created = new Map<string, OrgUnitRow>();
  let count = 0;
  for (const p of planned) {
    if (p.existing) {
      if (p.existing.name === p.name && p.existing.type === p.type) continue;
      const py = pinyinKeys(p.name);
      await tx
        .update(orgUnits)
        .set({ name: p.name, type: p.type, pinyinInitials: py.initials, pinyinFull: py.full, version: sql`${orgUnits.version} + 1`, updatedAt: new Date() })
        .where(eq(orgUnits.id, p.existing.id));
      count++;
      continue;
    }
    const parent = created.get(p.parentCode) ?? (await repo.byCode(tx, p.parentCode))!;
    const row = await insertUnit(tx, { tenantId: parent.tenantId, parentId: parent.id, code: p.code, name: p.name, type: p.type });
    created.set(row.code, row);
    count++;
  }
  const scopeRoot = await repo.byId(tx, actor.orgUnitId);
  await recordAudit(tx, actor, {
    action: 'org.import',
    entityType: 'org_unit',
    orgUnitId: actor.orgUnitId,
    orgPath: scopeRoot?.path ?? actor.scopePath,
    summary: `导入组织架构：新建或修改 ${count} 个单位`,
    after: { codes: planned.map((p) => p.code) },
  });
  return count;
}
