import { sql } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows, type Tx } from '../../db/client';
import { requirePermission } from '../../access';
import { runImport, type ImportMode } from '../../import-flow';
import { readSheet, writeSheet, writeWorkbook, type ColumnSpec, type RowIssue } from '../../xlsx';
import { recordAudit } from '../audit';
import { findUnitsByCodes, findUnitsByIds, unitsOfTypesUnder } from '../org';
import { flatLabel, listApartments } from './apartments.service';
import type { ApartmentListQuery } from './housing.schema';

/**
 * The apartment inventory as a sheet: the same columns for the template, the import and the
 * export (which adds status and occupant), so an export edited in Excel shows what is there. An
 * import adds new flats only — each arrives 空置; occupancy comes from contracts. Like every
 * import it previews first and applies valid-only or all-or-nothing (docs/decisions/004).
 */
const COLUMNS: ColumnSpec[] = [
  { key: 'unitCode', header: '所在镇街编码', width: 16 },
  { key: 'estate', header: '小区（项目）', width: 28 },
  { key: 'building', header: '楼栋', width: 10 },
  { key: 'unitNo', header: '房号', width: 10 },
  { key: 'area', header: '面积（平方米）', width: 14 },
];
const REQUIRED = ['unitCode', 'estate', 'building', 'unitNo', 'area'];
const EXPORT_ONLY: ColumnSpec[] = [
  { key: 'orgUnitName', header: '所在镇街', width: 14 },
  { key: 'statusName', header: '状态', width: 10 },
  { key: 'occupant', header: '合同人 / 预留给', width: 14 },
  { key: 'contractKind', header: '合同类型', width: 10 },
  { key: 'contractDates', header: '合同期限', width: 24 },
];
const PLACE_TYPES = ['county', 'town', 'street', 'village', 'community'];

export async function apartmentTemplate(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'manage:talent');
  const places = await unitsOfTypesUnder(ctx.db, actor.scopePath, ['town', 'street']);
  return {
    fileName: '人才公寓房源导入模板.xlsx',
    file: await writeWorkbook([
      { name: '房源导入模板', columns: COLUMNS.map((c) => ({ ...c, header: `${c.header}*` })), rows: [] },
      { name: '镇街编码', columns: [{ key: 'code', header: '编码', width: 16 }, { key: 'name', header: '镇街', width: 20 }], rows: places.map((u) => ({ code: u.code, name: u.name })) },
    ]),
  };
}

interface PlannedFlat {
  line: number;
  orgUnitId: number;
  estate: string;
  building: string;
  unitNo: string;
  area: number;
}

export async function importApartments(ctx: AppContext, actor: Actor, file: Buffer, mode: ImportMode, previewToken?: string) {
  requirePermission(actor, 'manage:talent');
  const header = (key: string) => COLUMNS.find((c) => c.key === key)!.header;
  const rows = await readSheet(file, COLUMNS, REQUIRED);
  const codes = [...new Set(rows.map((r) => r.values.unitCode).filter(Boolean))];
  const units = new Map((await findUnitsByCodes(ctx.db, codes)).filter((u) => u.tenantId === actor.tenantId).map((u) => [u.code, u]));
  return runImport<PlannedFlat>({
    db: ctx.db,
    file,
    mode,
    previewToken,
    describe: (r) => `${r.line}:${r.orgUnitId}:${flatLabel(r)}:${r.area}`,
    validate: async (tx) => {
      const issues: RowIssue[] = [];
      const valid: PlannedFlat[] = [];
      const seen = new Map<string, number>();
      const keys = rows.map((r) => [r.values.estate, r.values.building, r.values.unitNo] as const).filter(([e, b, u]) => e && b && u);
      const existing = new Set(
        keys.length
          ? (
              await queryRows<{ k: string }>(
                tx,
                sql`select estate || '|' || building || '|' || unit_no as k from apartments where tenant_id = ${actor.tenantId}
                    and (estate, building, unit_no) in (${sql.join(keys.map(([e, b, u]) => sql`(${e}, ${b}, ${u})`), sql`, `)})`,
              )
            ).map((r) => r.k)
          : [],
      );
      for (const { line, values: v } of rows) {
        const before = issues.length;
        const issue = (key: string, message: string) => issues.push({ line, column: header(key), message });
        for (const key of REQUIRED) if (!v[key]) issue(key, `「${header(key)}」不能为空`);
        const unit = v.unitCode ? units.get(v.unitCode) : undefined;
        if (v.unitCode && (!unit || !unit.path.startsWith(actor.scopePath))) issue('unitCode', `没有编码为“${v.unitCode}”的单位，或不在您的管辖范围内（见模板“镇街编码”页）`);
        else if (unit && !PLACE_TYPES.includes(unit.type)) issue('unitCode', `“${unit.name}”不是镇（街道）或村（社区）`);
        for (const [key, max] of [['estate', 60], ['building', 20], ['unitNo', 20]] as const) if (v[key].length > max) issue(key, `「${header(key)}」不能超过 ${max} 个字`);
        const area = Number(v.area.replace(/,/g, '').replace(/(㎡|平方米|m2)$/i, ''));
        if (v.area && (!Number.isFinite(area) || area <= 0 || area > 9999)) issue('area', `面积应为大于 0、不超过 9999 的数字（平方米），而不是“${v.area}”`);
        else if (v.area && Math.round(area * 100) !== area * 100) issue('area', '面积最多保留两位小数');
        if (v.estate && v.building && v.unitNo) {
          const key = `${v.estate}|${v.building}|${v.unitNo}`;
          const label = flatLabel({ estate: v.estate, building: v.building, unitNo: v.unitNo });
          if (existing.has(key)) issue('unitNo', `「${label}」已在房源库中`);
          else if (seen.has(key)) issue('unitNo', `与第 ${seen.get(key)} 行重复：「${label}」`);
          else seen.set(key, line);
        }
        if (issues.length > before) continue;
        valid.push({ line, orgUnitId: unit!.id, estate: v.estate, building: v.building, unitNo: v.unitNo, area });
      }
      return { total: rows.length, valid, issues };
    },
    apply: async (tx: Tx, planned) => {
      for (let i = 0; i < planned.length; i += 1000) {
        const chunk = planned.slice(i, i + 1000);
        await tx.execute(
          sql`insert into apartments (tenant_id, org_unit_id, estate, building, unit_no, area) values ${sql.join(
            chunk.map((f) => sql`(${actor.tenantId}, ${f.orgUnitId}, ${f.estate}, ${f.building}, ${f.unitNo}, ${f.area})`),
            sql`, `,
          )}`,
        );
      }
      await recordAudit(tx, actor, {
        action: 'apartment.import',
        entityType: 'apartment',
        orgUnitId: actor.orgUnitId,
        orgPath: actor.scopePath,
        summary: `导入房源 ${planned.length} 套`,
        after: { lines: planned.map((p) => p.line), estates: [...new Set(planned.map((p) => p.estate))] },
      });
      return planned.length;
    },
  });
}

/** The inventory as the list shows it under the same filters (up to 100,000 flats). */
export async function exportApartments(ctx: AppContext, actor: Actor, q: Omit<ApartmentListQuery, 'page' | 'pageSize'>) {
  requirePermission(actor, 'manage:talent');
  const items = [];
  for (let page = 1; page <= 200; page++) {
    const res = await listApartments(ctx, actor, { ...q, page, pageSize: 500 });
    items.push(...res.items);
    if (res.items.length < 500) break;
  }
  const codes = new Map((await findUnitsByIds(ctx.db, [...new Set(items.map((i) => i.orgUnitId))])).map((u) => [u.id, u.code]));
  const rows = items.map((f) => ({
    unitCode: codes.get(f.orgUnitId) ?? '',
    estate: f.estate,
    building: f.building,
    unitNo: f.unitNo,
    area: f.area,
    orgUnitName: f.orgUnitName,
    statusName: f.statusName,
    occupant: f.contract?.personName ?? f.reservation?.personName ?? '',
    contractKind: f.contract?.kindName ?? (f.reservation ? '待签约' : ''),
    contractDates: f.contract ? `${f.contract.startDate} 至 ${f.contract.endDate ?? '长期'}` : '',
  }));
  return { fileName: '人才公寓房源.xlsx', file: await writeSheet('人才公寓房源', [...COLUMNS, ...EXPORT_ONLY], rows) };
}
