import type { Actor, AppContext } from '../../context';
import type { Tx } from '../../db/client';
import { requirePermission } from '../../access';
import { AppError } from '../../errors';
import { runImport, type ImportMode } from '../../import-flow';
import { readSheet, writeSheet, writeWorkbook, type ColumnSpec, type RowIssue } from '../../xlsx';
import { recordAudit } from '../audit';
import { findUnitsByCodes, findUnitsByIds } from '../org';
import { personsByIdNumbers } from '../people';
import { CASE_STATUS_ZH, HONOUR_LEVEL_ZH, PROJECT_STATUS_ZH, RECORD_KIND_ZH, type AttributeDef, type HonourLevel, type ProjectStatus, type RecordKind } from '../../../shared/ledger';
import { categoryViews, type CategoryView } from './categories.service';
import { ActivityInputSchema, CaseInputSchema, HonourInputSchema, ProjectInputSchema, type ListQuery } from './ledger.schema';
import { listRecords, type RecordListItem } from './records.service';
import { checkRecord, insertRecord, type RecordInput } from './write.service';

/**
 * Ledger sheets: one per kind, the same columns for export and import, so an export edited in
 * Excel imports back as new records. Category attributes get a column each, headed by their
 * label; a row fills those of its own category. Imports preview first and apply valid-only or
 * all-or-nothing like every import (docs/decisions/004).
 */
const CORE: Record<RecordKind, ColumnSpec[]> = {
  activity: [
    { key: 'categoryCode', header: '类别编码', width: 12 },
    { key: 'title', header: '标题', width: 36 },
    { key: 'heldOn', header: '活动日期', width: 12 },
    { key: 'endedOn', header: '结束日期', width: 12 },
    { key: 'unitCode', header: '组织单位编码', width: 16 },
    { key: 'place', header: '地点', width: 18 },
    { key: 'participants', header: '参与人数', width: 10 },
    { key: 'audience', header: '受众人数', width: 10 },
    { key: 'team', header: '宣讲团/队伍', width: 16 },
    { key: 'outcomes', header: '成效', width: 30 },
    { key: 'notes', header: '备注', width: 30 },
  ],
  case: [
    { key: 'categoryCode', header: '类别编码', width: 12 },
    { key: 'title', header: '标题', width: 36 },
    { key: 'registeredOn', header: '登记日期', width: 12 },
    { key: 'dueOn', header: '办理期限', width: 12 },
    { key: 'unitCode', header: '登记单位编码', width: 16 },
    { key: 'requester', header: '提出方', width: 18 },
    { key: 'notes', header: '备注', width: 30 },
  ],
  project: [
    { key: 'categoryCode', header: '类别编码', width: 12 },
    { key: 'title', header: '项目名称', width: 36 },
    { key: 'startedOn', header: '开工日期', width: 12 },
    { key: 'plannedEndOn', header: '计划完工日期', width: 12 },
    { key: 'completedOn', header: '完工日期', width: 12 },
    { key: 'status', header: '状态', width: 10 },
    { key: 'progress', header: '进度（%）', width: 10 },
    { key: 'unitCode', header: '牵头单位编码', width: 16 },
    { key: 'fundSource', header: '资金来源', width: 14 },
    { key: 'planned', header: '计划投资（元）', width: 16 },
    { key: 'actual', header: '实际投资（元）', width: 16 },
    { key: 'notes', header: '备注', width: 30 },
  ],
  honour: [
    { key: 'categoryCode', header: '类别编码', width: 12 },
    { key: 'title', header: '荣誉名称', width: 36 },
    { key: 'level', header: '级别', width: 10 },
    { key: 'issuer', header: '授予单位', width: 20 },
    { key: 'awardedOn', header: '授予日期', width: 12 },
    { key: 'recipientType', header: '获得者类型', width: 10 },
    { key: 'idNumber', header: '获得者身份证号', width: 22 },
    { key: 'unitCode', header: '获得单位编码', width: 16 },
    { key: 'notes', header: '备注', width: 30 },
  ],
};
const REQUIRED: Record<RecordKind, string[]> = {
  activity: ['categoryCode', 'title', 'heldOn'],
  case: ['categoryCode', 'title', 'registeredOn'],
  project: ['categoryCode', 'title', 'startedOn'],
  honour: ['categoryCode', 'title', 'level', 'awardedOn', 'recipientType'],
};
/** Export-only columns, after the importable ones. */
const EXPORT_ONLY: Record<RecordKind, ColumnSpec[]> = {
  activity: [{ key: 'orgUnitName', header: '组织单位', width: 18 }, { key: 'categoryName', header: '类别', width: 14 }],
  case: [
    { key: 'orgUnitName', header: '承办单位', width: 18 },
    { key: 'statusZh', header: '办理状态', width: 10 },
    { key: 'resolution', header: '办理结果', width: 30 },
    { key: 'resolvedOn', header: '办结日期', width: 12 },
    { key: 'closedOn', header: '销号日期', width: 12 },
    { key: 'flag', header: '时限', width: 10 },
  ],
  project: [{ key: 'orgUnitName', header: '牵头单位', width: 18 }, { key: 'categoryName', header: '类别', width: 14 }],
  honour: [{ key: 'orgUnitName', header: '计入单位', width: 18 }, { key: 'recipientPersonName', header: '获得者', width: 12 }],
};

/** Every attribute of the kind's categories, one column per distinct label. */
function attributeColumns(categories: CategoryView[]): ColumnSpec[] {
  const labels = new Map<string, ColumnSpec>();
  for (const c of categories) for (const a of c.attributes) if (!labels.has(a.label)) labels.set(a.label, { key: `attr:${a.label}`, header: a.label, width: 14 });
  return [...labels.values()];
}

async function columnsFor(ctx: AppContext, actor: Actor, kind: RecordKind) {
  const categories = (await categoryViews(ctx.db, actor.tenantId, kind)).filter((c) => !c.archived);
  return { categories, columns: [...CORE[kind], ...attributeColumns(categories)] };
}

export async function ledgerTemplate(ctx: AppContext, actor: Actor, kind: RecordKind) {
  requirePermission(actor, 'read:ledger');
  const { categories, columns } = await columnsFor(ctx, actor, kind);
  const guide = categories.map((c) => ({ code: c.code, name: c.fullName, attrs: [...c.inheritedAttributes, ...c.attributes].map(attrHint).join('；') }));
  return {
    fileName: `${RECORD_KIND_ZH[kind]}导入模板.xlsx`,
    file: await writeWorkbook([
      { name: `${RECORD_KIND_ZH[kind]}导入模板`, columns, rows: [] },
      { name: '类别说明', columns: [{ key: 'code', header: '类别编码', width: 14 }, { key: 'name', header: '类别', width: 28 }, { key: 'attrs', header: '该类别的属性列', width: 60 }], rows: guide },
    ]),
  };
}

const attrHint = (a: AttributeDef) => `${a.label}${a.required ? '（必填）' : ''}${a.type === 'choice' ? `：${(a.options ?? []).join('/')}` : a.type === 'person' ? '：填身份证号' : a.type === 'unit' ? '：填单位编码' : ''}`;

const byZh = <T extends string>(m: Record<T, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [v, k])) as Record<string, T>;
const LEVEL_BY_ZH = byZh(HONOUR_LEVEL_ZH as Record<HonourLevel, string>);
const PROJECT_STATUS_BY_ZH = byZh(PROJECT_STATUS_ZH as Record<ProjectStatus, string>);
const num = (s: string) => (s === '' ? null : Number(s.replace(/,/g, '')));

/** Builds the API input of one sheet row; what cannot be built is reported against the column. */
async function inputOf(kind: RecordKind, v: Record<string, string>, category: CategoryView | undefined, units: Map<string, number>, people: Map<string, number>, issue: (key: string, message: string) => void): Promise<Record<string, unknown>> {
  const attrs: Record<string, unknown> = {};
  for (const a of category ? [...category.inheritedAttributes, ...category.attributes] : []) {
    const raw = v[`attr:${a.label}`] ?? '';
    if (raw === '') continue;
    if (a.type === 'number') attrs[a.key] = num(raw);
    else if (a.type === 'person') attrs[a.key] = people.get(raw) ?? -1;
    else if (a.type === 'unit') attrs[a.key] = units.get(raw) ?? -1;
    else attrs[a.key] = raw;
  }
  const unitId = v.unitCode ? units.get(v.unitCode) : undefined;
  if (v.unitCode && !unitId) issue('unitCode', `没有编码为“${v.unitCode}”的单位`);
  const base = { categoryId: category?.id ?? 0, title: v.title, notes: v.notes || null, orgUnitId: unitId, attributes: attrs };
  switch (kind) {
    case 'activity':
      return { ...base, heldOn: v.heldOn, endedOn: v.endedOn || null, place: v.place || null, participants: num(v.participants), audience: num(v.audience), team: v.team || null, outcomes: v.outcomes || null };
    case 'case':
      return { ...base, registeredOn: v.registeredOn, dueOn: v.dueOn || null, requester: v.requester || null };
    case 'project': {
      const status = v.status ? PROJECT_STATUS_BY_ZH[v.status] : 'planned';
      if (!status) issue('status', `状态应为：${Object.values(PROJECT_STATUS_ZH).join('、')}`);
      const funds = v.planned || v.actual ? [{ source: v.fundSource || '综合', planned: num(v.planned) ?? 0, actual: num(v.actual) ?? 0 }] : [];
      return { ...base, startedOn: v.startedOn, plannedEndOn: v.plannedEndOn || null, completedOn: v.completedOn || null, status: status ?? 'planned', progress: num(v.progress) ?? 0, funds };
    }
    case 'honour': {
      const level = LEVEL_BY_ZH[v.level];
      if (v.level && !level) issue('level', `级别应为：${Object.values(HONOUR_LEVEL_ZH).join('、')}`);
      const type = v.recipientType === '个人' ? 'person' : v.recipientType === '集体' || v.recipientType === '单位' ? 'unit' : null;
      if (v.recipientType && !type) issue('recipientType', '获得者类型应为“个人”或“集体”');
      const personId = v.idNumber ? people.get(v.idNumber) : undefined;
      if (type === 'person' && !v.idNumber) issue('idNumber', '个人荣誉请填写获得者身份证号');
      else if (v.idNumber && !personId) issue('idNumber', '人员库中没有该身份证号，或不在您的管辖范围内');
      return { ...base, level: level ?? 'county', issuer: v.issuer || null, awardedOn: v.awardedOn, recipientType: type ?? 'unit', recipientPersonId: personId ?? null };
    }
  }
}

const SCHEMAS = { activity: ActivityInputSchema, case: CaseInputSchema, project: ProjectInputSchema, honour: HonourInputSchema } as const;

export async function importLedger(ctx: AppContext, actor: Actor, kind: RecordKind, file: Buffer, mode: ImportMode, previewToken?: string) {
  requirePermission(actor, 'write:ledger');
  const { categories, columns } = await columnsFor(ctx, actor, kind);
  const header = (key: string) => columns.find((c) => c.key === key)?.header ?? key;
  const rows = await readSheet(file, columns, REQUIRED[kind]);
  const unitCodes = [...new Set(rows.flatMap((r) => [r.values.unitCode, ...Object.entries(r.values).filter(([k]) => k.startsWith('attr:')).map(([, x]) => x)]).filter(Boolean))];
  const units = new Map((await findUnitsByCodes(ctx.db, unitCodes)).filter((u) => u.path.startsWith(actor.scopePath)).map((u) => [u.code, u.id]));
  const idNumbers = [...new Set(rows.flatMap((r) => Object.entries(r.values).filter(([k]) => k === 'idNumber' || k.startsWith('attr:')).map(([, x]) => x)).filter((x) => /^\d{17}[\dXx]$/.test(x)))];
  return runImport<{ line: number; input: RecordInput }>({
    db: ctx.db,
    file,
    mode,
    previewToken,
    describe: (r) => `${r.line}`,
    validate: async (tx) => {
      const found = idNumbers.length ? await personsByIdNumbers(ctx, tx, idNumbers) : new Map();
      const people = new Map([...found].filter(([, p]) => p.path.startsWith(actor.scopePath)).map(([k, p]) => [k, p.id]));
      const issues: RowIssue[] = [];
      const valid: { line: number; input: RecordInput }[] = [];
      for (const { line, values: v } of rows) {
        const before = issues.length;
        const issue = (key: string, message: string) => issues.push({ line, column: header(key), message });
        for (const key of REQUIRED[kind]) if (!v[key]) issue(key, `「${header(key)}」不能为空`);
        const category = categories.find((c) => c.code === v.categoryCode);
        if (v.categoryCode && !category) issue('categoryCode', `没有编码为“${v.categoryCode}”的${RECORD_KIND_ZH[kind]}类别（见模板“类别说明”页）`);
        if (issues.length > before) continue;
        const raw = await inputOf(kind, v, category, units, people, issue);
        const parsed = SCHEMAS[kind].safeParse(raw);
        if (!parsed.success) {
          for (const i of parsed.error.issues) issue(columnOfPath(kind, i.path.map(String), category), i.message);
          continue;
        }
        if (issues.length > before) continue;
        try {
          await checkRecord(tx, actor, kind, parsed.data as RecordInput);
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          const details = Array.isArray(e.details) ? (e.details as { path: string; message: string }[]) : [{ path: '', message: e.message }];
          for (const d of details) issue(columnOfPath(kind, d.path.split('.'), category), d.message);
          continue;
        }
        valid.push({ line, input: parsed.data as RecordInput });
      }
      return { total: rows.length, valid, issues };
    },
    apply: async (tx: Tx, planned) => {
      for (const p of planned) await insertRecord(tx, actor, kind, p.input, { audit: false });
      await recordAudit(tx, actor, { action: `ledger.${kind}_import`, entityType: kind, orgUnitId: actor.orgUnitId, orgPath: actor.scopePath, summary: `导入${RECORD_KIND_ZH[kind]} ${planned.length} 条`, after: { lines: planned.map((p) => p.line) } });
      return planned.length;
    },
  });
}

/** The sheet column an input field came from ("attributes.outlet" → the attribute's label). */
function columnOfPath(kind: RecordKind, path: string[], category?: CategoryView): string {
  const [head, sub] = path;
  if (head === 'attributes' && sub && category) {
    const a = [...category.inheritedAttributes, ...category.attributes].find((x) => x.key === sub);
    if (a) return `attr:${a.label}`;
  }
  const map: Record<string, string> = { categoryId: 'categoryCode', orgUnitId: 'unitCode', recipientPersonId: 'idNumber', funds: kind === 'project' ? 'planned' : 'notes' };
  return map[head] ?? head;
}

const cst = (d: unknown) => (d == null ? '' : String(d).slice(0, 10));

export async function exportLedger(ctx: AppContext, actor: Actor, kind: RecordKind, q: ListQuery) {
  requirePermission(actor, 'read:ledger');
  const { columns } = await columnsFor(ctx, actor, kind);
  const all = await categoryViews(ctx.db, actor.tenantId, kind);
  const items: RecordListItem[] = [];
  // Pages of the list itself, so the export holds exactly what the filters show (up to 100,000).
  for (let page = 1; page <= 500; page++) {
    const res = await listRecords(ctx, actor, kind, { ...q, page, pageSize: 200 });
    items.push(...res.items);
    if (res.items.length < 200) break;
  }
  const rows = items.map((r) => {
    const c = all.find((x) => x.id === r.categoryId);
    const attrs: Record<string, unknown> = {};
    for (const a of c ? [...c.inheritedAttributes, ...c.attributes] : []) if (r.attributes[a.key] != null) attrs[`attr:${a.label}`] = r.attributes[a.key];
    return {
      ...r,
      ...attrs,
      categoryCode: c?.code ?? '',
      unitCode: '',
      heldOn: cst(r.heldOn),
      endedOn: cst(r.endedOn),
      registeredOn: cst(r.registeredOn),
      dueOn: cst(r.dueOn),
      resolvedOn: cst(r.resolvedOn),
      closedOn: cst(r.closedOn),
      startedOn: cst(r.startedOn),
      plannedEndOn: cst(r.plannedEndOn),
      completedOn: cst(r.completedOn),
      awardedOn: cst(r.awardedOn),
      status: kind === 'project' ? PROJECT_STATUS_ZH[r.status as ProjectStatus] : r.status,
      statusZh: kind === 'case' ? CASE_STATUS_ZH[r.status as keyof typeof CASE_STATUS_ZH] : '',
      flag: r.overdue ? '已超期' : r.dueSoon ? '即将到期' : '',
      level: kind === 'honour' ? HONOUR_LEVEL_ZH[r.level as HonourLevel] : '',
      recipientType: r.recipientType === 'person' ? '个人' : r.recipientType === 'unit' ? '集体' : '',
      planned: r.plannedInvestment,
      actual: r.actualInvestment,
      fundSource: kind === 'project' ? '综合' : '',
    };
  });
  // Unit codes for the importable column.
  const codes = new Map((await findUnitsByIds(ctx.db, [...new Set(items.map((i) => (kind === 'case' ? (i.registrarUnitId as number) : i.orgUnitId)))])).map((u) => [u.id, u.code]));
  rows.forEach((row, i) => (row.unitCode = codes.get(kind === 'case' ? (items[i].registrarUnitId as number) : items[i].orgUnitId) ?? ''));
  return { fileName: `${RECORD_KIND_ZH[kind]}台账.xlsx`, file: await writeSheet(`${RECORD_KIND_ZH[kind]}台账`, [...columns, ...EXPORT_ONLY[kind]], rows) };
}
