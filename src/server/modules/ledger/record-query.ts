import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { registerDerivedSource } from '../indicators';
import { DATE_BASES, HONOUR_LEVEL_ZH, RECORD_KIND_ZH, SUM_FIELDS, type RecordQuery } from '../../../shared/ledger';
import { periodEndDate, periodStartDate } from '../../../shared/periods';
import { categoryIdsUnder, categoryViews } from './categories.service';
import { KINDS } from './records.service';

/**
 * Derived indicators over the ledger (宣讲场次 = count of activities in 宣讲; 共建项目总投资 =
 * sum of investment): one grouped query per request, each record counted for the unit it
 * belongs to (organizer, handler, owner, credited recipient), so figures add up the tree.
 */

/** The measured expression: count, a numeric core column, or a numeric attribute. */
function measureOf(q: RecordQuery): SQL {
  if (q.measure === 'count') return sql`count(*)`;
  if (q.field?.startsWith('attr:')) return sql`sum(case when jsonb_typeof(r.attributes -> ${q.field.slice(5)}) = 'number' then (r.attributes ->> ${q.field.slice(5)})::numeric end)`;
  if (!SUM_FIELDS[q.kind].some((f) => f.key === q.field)) throw new Error(`unknown sum field ${q.field}`);
  return sql`sum(${sql.raw(`r.${q.field}`)})`;
}

function dateColumnOf(q: RecordQuery): SQL {
  const col = (KINDS[q.kind].dates as Record<string, string>)[q.dateBasis];
  if (!col) throw new Error(`unknown date basis ${q.dateBasis}`);
  return sql.raw(`r.${col}`);
}

/**
 * The tenant of the unit at `path`. Paths are made of unit ids and a unit never changes tenant,
 * so within one database an answer holds for good (a moved unit's old path then selects no
 * units, as if unknown): remembered per database handle, up to 5,000 paths.
 */
const tenantsOfPaths = new WeakMap<object, Map<string, string>>();
async function tenantOfPath(db: DbOrTx, path: string): Promise<string | null> {
  let known = tenantsOfPaths.get(db);
  if (!known) tenantsOfPaths.set(db, (known = new Map()));
  const hit = known.get(path);
  if (hit) return hit;
  const [unit] = await queryRows<{ tenantId: string }>(db, sql`select tenant_id as "tenantId" from org_units where path = ${path}`);
  if (!unit) return null;
  if (known.size >= 5_000) known.clear();
  known.set(path, unit.tenantId);
  return unit.tenantId;
}

/**
 * The query's conditions. Category ids go in as values (a subquery is estimated at one row and
 * misleads the planner at province scale); they belong to the tenant of `underPath`, so no
 * tenant condition is needed.
 */
async function conditions(db: DbOrTx, underPath: string, fromDate: string, toDate: string, q: RecordQuery): Promise<SQL[] | null> {
  if (!/^[0-9.]+$/.test(underPath)) throw new Error(`unexpected org path ${underPath}`);
  const tenantId = await tenantOfPath(db, underPath);
  const ids = tenantId ? await categoryIdsUnder(db, tenantId, q.kind, q.categoryCode) : [];
  if (!ids.length) return null;
  const date = dateColumnOf(q);
  const where: SQL[] = [
    sql`r.archived_at is null`,
    sql`r.category_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`,
    sql`${date} between ${fromDate}::date and ${toDate}::date`,
  ];
  // Under a tenant's root every record of its categories counts: no subtree filter to evaluate.
  if (underPath.split('.').filter(Boolean).length > 1) where.push(sql`r.org_unit_id in (select id from org_units where path like ${sql.raw(`'${underPath}%'`)})`);
  if (q.statuses?.length) where.push(sql`r.status in (${sql.join(q.statuses.map((s) => sql`${s}`), sql`, `)})`);
  if (q.levels?.length && q.kind === 'honour') where.push(sql`r.level in (${sql.join(q.levels.map((s) => sql`${s}`), sql`, `)})`);
  if (q.attribute) where.push(sql`r.attributes ->> ${q.attribute.key} = ${q.attribute.value}`);
  return where;
}

/** The query in words with its category's name looked up (for texts stored with a result). */
export async function describeRecordQueryNamed(db: DbOrTx, tenantId: string, q: RecordQuery): Promise<string> {
  const name = (await categoryViews(db, tenantId, q.kind)).find((c) => c.code === q.categoryCode)?.name;
  return describeRecordQuery(q, name);
}

/** Per-unit figures under `underPath` for records dated in [fromDate, toDate]. */
export async function runRecordQuery(db: DbOrTx, underPath: string, fromDate: string, toDate: string, q: RecordQuery) {
  const where = await conditions(db, underPath, fromDate, toDate, q);
  if (!where) return [];
  return queryRows<{ path: string; value: number }>(
    db,
    sql`select o.path, x.value::float8 as value from (
          select r.org_unit_id, ${measureOf(q)} as value from ${sql.raw(KINDS[q.kind].table)} r
          where ${sql.join(where, sql` and `)} group by r.org_unit_id) x
        join org_units o on o.id = x.org_unit_id
        -- Every counted unit is under the path already; saying so lets the join read the subtree's
        -- units by index rather than a province's 80,000 (a literal: the planner sees the prefix).
        where x.value is not null and o.path like ${sql.raw(`'${underPath}%'`)}`,
  );
}

/**
 * The figure for `underPath` itself: one aggregate, no per-unit rows. Null when no record
 * counts, like the per-unit form rolled up.
 */
export async function recordQueryTotal(db: DbOrTx, underPath: string, fromDate: string, toDate: string, q: RecordQuery): Promise<number | null> {
  const where = await conditions(db, underPath, fromDate, toDate, q);
  if (!where) return null;
  const [r] = await queryRows<{ n: number; value: number | null }>(
    db,
    sql`select count(*)::int as n, ${measureOf(q)}::float8 as value from ${sql.raw(KINDS[q.kind].table)} r where ${sql.join(where, sql` and `)}`,
  );
  return r.n === 0 ? null : r.value;
}

/** recordQueryTotal for each year from `fromYear` to `toYear`, grouped in one query; years with no record are absent. */
export async function recordQueryYearTotals(db: DbOrTx, underPath: string, fromYear: number, toYear: number, q: RecordQuery): Promise<Map<number, number>> {
  const where = await conditions(db, underPath, `${fromYear}-01-01`, `${toYear}-12-31`, q);
  if (!where) return new Map();
  const rows = await queryRows<{ year: number; value: number | null }>(
    db,
    sql`select extract(year from ${dateColumnOf(q)})::int as year, ${measureOf(q)}::float8 as value
        from ${sql.raw(KINDS[q.kind].table)} r where ${sql.join(where, sql` and `)} group by 1`,
  );
  // A year whose records measure nothing (a sum over empty fields) has no figure, as in recordQueryTotal.
  return new Map(rows.filter((r) => r.value != null).map((r) => [r.year, r.value!]));
}

/**
 * The `n` records of a query with the largest `by` (a sum field, or `attr:<key>`; the latest
 * first when none), for a summary's "such as A, B and C". Ties go to the earlier record.
 */
export async function topRecords(db: DbOrTx, underPath: string, fromDate: string, toDate: string, q: RecordQuery, by: string | null, n: number): Promise<{ id: number; title: string; value: number | null }[]> {
  const where = await conditions(db, underPath, fromDate, toDate, q);
  if (!where) return [];
  let order: SQL;
  if (!by) order = sql`${dateColumnOf(q)} desc`;
  else if (by.startsWith('attr:')) order = sql`case when jsonb_typeof(r.attributes -> ${by.slice(5)}) = 'number' then (r.attributes ->> ${by.slice(5)})::numeric end desc nulls last`;
  else if (SUM_FIELDS[q.kind].some((f) => f.key === by)) order = sql`${sql.raw(`r.${by}`)} desc nulls last`;
  else throw new Error(`unknown sort field ${by}`);
  const value = by
    ? by.startsWith('attr:')
      ? sql`case when jsonb_typeof(r.attributes -> ${by.slice(5)}) = 'number' then (r.attributes ->> ${by.slice(5)})::float8 end`
      : sql.raw(`r.${by}::float8`)
    : sql`null::float8`;
  return queryRows(db, sql`select r.id, r.title, ${value} as value from ${sql.raw(KINDS[q.kind].table)} r where ${sql.join(where, sql` and `)} order by ${order}, r.id limit ${n}`);
}

/** What is wrong with a query for this tenant's categories, as a field and a message; null if fine. */
export async function checkRecordQuery(db: DbOrTx, tenantId: string, q: RecordQuery): Promise<{ path: string; message: string } | null> {
  const category = (await categoryViews(db, tenantId, q.kind)).find((c) => c.code === q.categoryCode);
  if (!category) return { path: 'categoryCode', message: `${RECORD_KIND_ZH[q.kind]}台账没有编码为“${q.categoryCode}”的类别` };
  if (!DATE_BASES[q.kind].some((d) => d.key === q.dateBasis)) return { path: 'dateBasis', message: `日期口径应为 ${DATE_BASES[q.kind].map((d) => d.label).join('、')} 之一` };
  const attrs = [...category.inheritedAttributes, ...category.attributes];
  if (q.measure === 'sum') {
    if (!q.field) return { path: 'field', message: '求和时请选择要求和的字段' };
    if (q.field.startsWith('attr:')) {
      const a = attrs.find((x) => x.key === q.field!.slice(5));
      if (!a || a.type !== 'number') return { path: 'field', message: `类别“${category.name}”没有名为“${q.field.slice(5)}”的数值属性` };
    } else if (!SUM_FIELDS[q.kind].some((f) => f.key === q.field)) return { path: 'field', message: `${RECORD_KIND_ZH[q.kind]}没有可求和的字段“${q.field}”` };
  } else if (q.field) return { path: 'field', message: '计数时不需要选择字段' };
  const statusOk: Record<string, readonly string[]> = { case: ['registered', 'assigned', 'in_progress', 'resolved', 'closed'], project: ['planned', 'in_progress', 'completed', 'suspended'] };
  if (q.statuses?.length && !q.statuses.every((s) => statusOk[q.kind]?.includes(s))) return { path: 'statuses', message: `${RECORD_KIND_ZH[q.kind]}没有所选的状态` };
  if (q.levels?.length && q.kind !== 'honour') return { path: 'levels', message: '只有荣誉可以按级别筛选' };
  if (q.attribute && !attrs.some((a) => a.key === q.attribute!.key)) return { path: 'attribute.key', message: `类别“${category.name}”没有属性“${q.attribute.key}”` };
  return null;
}

/** The query in words, shown as the indicator's rule: "台账：活动类别 XJ（含下级），按活动日期计数"; with the category's name when the caller has it. */
export function describeRecordQuery(q: RecordQuery, categoryName?: string): string {
  const basis = DATE_BASES[q.kind].find((d) => d.key === q.dateBasis)?.label ?? q.dateBasis;
  const field = q.measure === 'count' ? '计数' : `对${SUM_FIELDS[q.kind].find((f) => f.key === q.field)?.label ?? q.field?.replace(/^attr:/, '属性 ')}求和`;
  const filters = [
    q.statuses?.length ? `状态为${q.statuses.join('/')}` : '',
    q.levels?.length ? `级别为${q.levels.map((l) => HONOUR_LEVEL_ZH[l]).join('/')}` : '',
    q.attribute ? `${q.attribute.key}=${q.attribute.value}` : '',
  ].filter(Boolean);
  const category = categoryName ? `类别“${categoryName}”（${q.categoryCode}，含下级）` : `类别 ${q.categoryCode}（含下级）`;
  return `台账：${RECORD_KIND_ZH[q.kind]}${category}${filters.length ? `，${filters.join('，')}` : ''}，按${basis}${field}`;
}

registerDerivedSource({
  key: 'ledger.records',
  label: '台账记录（计数或求和）',
  async compute(db, underPath, period, query) {
    if (!query) return [];
    return runRecordQuery(db, underPath, periodStartDate(period), periodEndDate(period), query);
  },
  live: { computeRange: runRecordQuery, computeTotal: recordQueryTotal, computeYearTotals: recordQueryYearTotals, validate: checkRecordQuery, describe: describeRecordQuery },
});
