import { and, asc, eq } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import type { DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { fieldError, notFound, versionConflict } from '../../errors';
import { recordAudit } from '../audit';
import type { AttributeDef, RecordKind } from '../../../shared/ledger';
import { ledgerCategories, type CategoryRow } from './ledger.table';
import type { CategoryCreate, CategoryUpdate } from './ledger.schema';
import { memoRead } from '../../db/read-memo';
import { generationCached } from '../../db/generation-cache';

/** A category as pages see it: its own attributes and those it inherits from its ancestors. */
export interface CategoryView {
  id: number;
  kind: RecordKind;
  parentId: number | null;
  /** Ids from the root down to this category: ".3.17.". */
  path: string;
  code: string;
  name: string;
  /** "宣讲 / 党的二十大精神宣讲". */
  fullName: string;
  attributes: AttributeDef[];
  inheritedAttributes: AttributeDef[];
  slaDays: number | null;
  sensitive: boolean;
  /** What the category itself sets (null / false: it inherits). */
  ownSlaDays: number | null;
  ownSensitive: boolean;
  sortOrder: number;
  archived: boolean;
  version: number;
}

/** The tenant's categories (of one kind), kept between requests until one changes (db/generation-cache): shared and frozen. */
export async function categoryRows(db: DbOrTx, tenantId: string, kind?: RecordKind): Promise<readonly CategoryRow[]> {
  return memoRead(db, `ledger_categories:${tenantId}:${kind ?? '*'}`, () =>
    generationCached(
      db,
      tenantId,
      'ledger_categories',
      () =>
        db
          .select()
          .from(ledgerCategories)
          .where(kind ? and(eq(ledgerCategories.tenantId, tenantId), eq(ledgerCategories.kind, kind)) : eq(ledgerCategories.tenantId, tenantId))
          .orderBy(asc(ledgerCategories.sortOrder), asc(ledgerCategories.id)),
      kind ?? '*',
    ),
  );
}

function views(rows: readonly CategoryRow[]): CategoryView[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const chain = (r: CategoryRow) => r.path.split('.').filter(Boolean).map((id) => byId.get(Number(id))!).filter(Boolean);
  return rows.map((r) => {
    const ancestors = chain(r).filter((a) => a.id !== r.id);
    return {
      id: r.id,
      kind: r.kind as RecordKind,
      parentId: r.parentId,
      path: r.path,
      code: r.code,
      name: r.name,
      fullName: [...ancestors, r].map((a) => a.name).join(' / '),
      attributes: r.attributes,
      inheritedAttributes: ancestors.flatMap((a) => a.attributes),
      // Deadline and sensitivity come from the nearest category that sets them.
      slaDays: [r, ...[...ancestors].reverse()].find((a) => a.slaDays != null)?.slaDays ?? null,
      sensitive: [r, ...ancestors].some((a) => a.sensitive),
      ownSlaDays: r.slaDays,
      ownSensitive: r.sensitive,
      sortOrder: r.sortOrder,
      archived: r.archivedAt != null,
      version: r.version,
    };
  });
}

export async function categoryViews(db: DbOrTx, tenantId: string, kind?: RecordKind): Promise<CategoryView[]> {
  return views(await categoryRows(db, tenantId, kind));
}

/** A category usable for a record of `kind`, with every attribute it carries. */
export async function categoryFor(db: DbOrTx, tenantId: string, kind: RecordKind, id: number, field = 'categoryId'): Promise<CategoryView> {
  const all = await categoryViews(db, tenantId, kind);
  const c = all.find((x) => x.id === id);
  if (!c) throw fieldError('ledger.category_not_found', field, '所选类别不存在');
  return c;
}

/** Ids of the category with `code` and all its descendants (empty when there is none). */
export async function categoryIdsUnder(db: DbOrTx, tenantId: string, kind: RecordKind, code: string): Promise<number[]> {
  const all = await categoryRows(db, tenantId, kind);
  const root = all.find((c) => c.code === code);
  return root ? all.filter((c) => c.path.startsWith(root.path)).map((c) => c.id) : [];
}

export async function listCategories(ctx: AppContext, actor: Actor, kind?: RecordKind) {
  requirePermission(actor, 'read:ledger');
  return categoryViews(ctx.db, actor.tenantId, kind);
}

function checkAttributeDefs(defs: AttributeDef[], inherited: AttributeDef[]) {
  const seen = new Set(inherited.map((d) => d.key));
  defs.forEach((d, i) => {
    if (seen.has(d.key)) throw fieldError('ledger.attribute_duplicate', `attributes.${i}.key`, `属性标识“${d.key}”重复（含上级类别的属性）`);
    seen.add(d.key);
    if (d.type === 'choice' && !(d.options ?? []).length) throw fieldError('ledger.attribute_options', `attributes.${i}.options`, `选项型属性“${d.label}”至少需要一个选项`);
    if (d.type === 'number' && d.min != null && d.max != null && d.min > d.max) throw fieldError('ledger.attribute_range', `attributes.${i}.max`, `属性“${d.label}”的上限不能小于下限`);
  });
}

export async function insertCategory(db: DbOrTx, tenantId: string, kind: RecordKind, input: Omit<CategoryCreate, 'kind'>): Promise<CategoryRow> {
  const all = await categoryViews(db, tenantId, kind);
  if (all.some((c) => c.code === input.code)) throw fieldError('ledger.category_code_taken', 'code', `编码“${input.code}”已被使用`);
  const parent = input.parentId ? all.find((c) => c.id === input.parentId) : null;
  if (input.parentId && !parent) throw fieldError('ledger.category_parent', 'parentId', '上级类别不存在或不是同一种台账');
  checkAttributeDefs(input.attributes ?? [], parent ? [...parent.inheritedAttributes, ...parent.attributes] : []);
  const [row] = await db
    .insert(ledgerCategories)
    .values({ tenantId, kind, parentId: parent?.id ?? null, code: input.code, name: input.name, attributes: input.attributes ?? [], slaDays: input.slaDays ?? null, sensitive: input.sensitive ?? false, sortOrder: input.sortOrder ?? 0 })
    .returning();
  const parentPath = parent ? (await db.select({ path: ledgerCategories.path }).from(ledgerCategories).where(eq(ledgerCategories.id, parent.id)))[0].path : '.';
  const [done] = await db.update(ledgerCategories).set({ path: `${parentPath}${row.id}.` }).where(eq(ledgerCategories.id, row.id)).returning();
  return done;
}

export async function createCategory(ctx: AppContext, actor: Actor, input: CategoryCreate) {
  requirePermission(actor, 'manage:ledger-categories');
  return ctx.db.transaction(async (tx) => {
    const row = await insertCategory(tx, actor.tenantId, input.kind, input);
    await recordAudit(tx, actor, { action: 'ledger.category_create', entityType: 'ledger_category', entityId: row.id, orgUnitId: actor.orgUnitId, orgPath: actor.scopePath, summary: `新建台账类别「${row.name}」`, after: input });
    return row;
  });
}

export async function updateCategory(ctx: AppContext, actor: Actor, id: number, input: CategoryUpdate) {
  requirePermission(actor, 'manage:ledger-categories');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(ledgerCategories).where(and(eq(ledgerCategories.id, id), eq(ledgerCategories.tenantId, actor.tenantId))).for('update');
    if (!row) throw notFound('ledger.category_not_found', '类别不存在');
    if (row.version !== input.version) throw versionConflict('ledger.category_version_conflict', row);
    const all = await categoryViews(tx, actor.tenantId, row.kind as RecordKind);
    const self = all.find((c) => c.id === id)!;
    if (input.attributes) {
      checkAttributeDefs(input.attributes, self.inheritedAttributes);
      // A descendant's own attribute may not take a key this category now defines.
      const below = all.filter((c) => c.id !== id && rowIsBelow(c, id, all));
      for (const c of below) for (const d of c.attributes) if (input.attributes.some((a) => a.key === d.key)) throw fieldError('ledger.attribute_duplicate', 'attributes', `下级类别“${c.name}”已有属性标识“${d.key}”`);
    }
    const [next] = await tx
      .update(ledgerCategories)
      .set({
        name: input.name ?? row.name,
        attributes: input.attributes ?? row.attributes,
        slaDays: input.slaDays === undefined ? row.slaDays : input.slaDays,
        sensitive: input.sensitive ?? row.sensitive,
        sortOrder: input.sortOrder ?? row.sortOrder,
        archivedAt: input.archived === undefined ? row.archivedAt : input.archived ? (row.archivedAt ?? new Date()) : null,
        version: row.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(ledgerCategories.id, id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'ledger.category_update',
      entityType: 'ledger_category',
      entityId: id,
      orgUnitId: actor.orgUnitId,
      orgPath: actor.scopePath,
      summary: `修改台账类别「${next.name}」`,
      before: { name: row.name, attributes: row.attributes, slaDays: row.slaDays, sensitive: row.sensitive, archived: row.archivedAt != null },
      after: input,
    });
    return next;
  });
}

function rowIsBelow(c: CategoryView, ancestorId: number, all: CategoryView[]): boolean {
  let p = c.parentId;
  while (p != null) {
    if (p === ancestorId) return true;
    p = all.find((x) => x.id === p)?.parentId ?? null;
  }
  return false;
}

type Seed = { code: string; name: string; attributes?: AttributeDef[]; slaDays?: number; sensitive?: boolean; children?: Seed[] };

/** The category trees the demo county starts with, from the mechanisms the seed names. */
export const DEFAULT_CATEGORIES: Record<RecordKind, Seed[]> = {
  activity: [
    {
      code: 'XJ',
      name: '宣讲',
      attributes: [
        { key: 'format', label: '宣讲形式', type: 'choice', options: ['集中宣讲', '微宣讲', '线上宣讲', '文艺宣讲'] },
        { key: 'videos', label: '产出微视频（条）', type: 'number', min: 0, max: 100 },
      ],
      children: [
        { code: 'XJ_ESD', name: '党的二十大精神宣讲' },
        { code: 'XJ_GTFY', name: '共同富裕宣讲' },
      ],
    },
    { code: 'PX', name: '培训', attributes: [{ key: 'hours', label: '学时', type: 'number', min: 0, max: 1000 }] },
    { code: 'BG', name: '现场集中办公', attributes: [{ key: 'enterprises', label: '走访企业数', type: 'number', min: 0 }] },
    { code: 'FW', name: '社会服务' },
    { code: 'ZT', name: '主题活动' },
    {
      code: 'ZXZ',
      name: '理论学习中心组学习',
      attributes: [
        { key: 'supervisor', label: '巡听旁听人员', type: 'person' },
        { key: 'rating', label: '巡听旁听评分', type: 'number', min: 0, max: 100 },
      ],
    },
    { code: 'GJ', name: '稿件发布', attributes: [{ key: 'outlet', label: '媒体级别', type: 'choice', options: ['央媒', '省级', '地市', '学习强国'], required: true }] },
    { code: 'XS', name: '新党员入党宣誓' },
  ],
  case: [
    { code: 'QYXQ', name: '企业需求', slaDays: 15, attributes: [{ key: 'need', label: '需求类型', type: 'choice', options: ['要素保障', '政策咨询', '用工招才', '融资', '审批服务', '其他'] }] },
    { code: 'WMCJ', name: '文明创建问题', slaDays: 7 },
    { code: 'YZZTC', name: '议政直通车建议', slaDays: 30 },
    { code: 'ZJFX', name: '宗教场所风险隐患', slaDays: 10 },
    { code: 'WJWF', name: '党员违纪违法', slaDays: 90, sensitive: true },
    { code: 'RCCQ', name: '容错澄清', slaDays: 60, sensitive: true },
  ],
  project: [
    { code: 'GJQJ', name: '百镇共建强基' },
    { code: 'XXGF', name: '乡贤共富' },
    { code: 'WHLT', name: '文化礼堂建设' },
    {
      code: 'AFSB',
      name: '安防设备加装',
      attributes: [
        { key: 'device', label: '设备类型', type: 'choice', options: ['视频监控', '智慧用电', '燃气报警'] },
        { key: 'systems', label: '加装套数', type: 'number', min: 0 },
      ],
    },
  ],
  // One root, so a derived indicator (a record query names one category) counts every honour.
  honour: [
    {
      code: 'RY',
      name: '荣誉表彰',
      children: [
        { code: 'XJJT', name: '先进集体' },
        { code: 'XJGR', name: '先进个人' },
        { code: 'SFD', name: '示范点' },
        { code: 'PS', name: '领导批示肯定' },
      ],
    },
  ],
};

/** Creates the default category trees for a tenant that has none yet. */
export async function seedCategories(db: DbOrTx, tenantId: string): Promise<void> {
  const existing = await db.select({ id: ledgerCategories.id }).from(ledgerCategories).where(eq(ledgerCategories.tenantId, tenantId)).limit(1);
  if (existing.length) return;
  for (const [kind, seeds] of Object.entries(DEFAULT_CATEGORIES) as [RecordKind, Seed[]][]) {
    let order = 0;
    const insert = async (s: Seed, parentId: number | null) => {
      const row = await insertCategory(db, tenantId, kind, { code: s.code, name: s.name, parentId, attributes: s.attributes ?? [], slaDays: s.slaDays ?? null, sensitive: s.sensitive ?? false, sortOrder: order++ });
      for (const c of s.children ?? []) await insert(c, row.id);
    };
    for (const s of seeds) await insert(s, null);
  }
}

/** Every category's kind, code and full name (a summary template's slot picker). */
export async function categoryCatalog(db: DbOrTx, tenantId: string) {
  return (await categoryViews(db, tenantId)).filter((c) => !('archivedAt' in c && c.archivedAt)).map((c) => ({ kind: c.kind, code: c.code, name: c.fullName }));
}

/**
 * Whether a record query reaches sensitive cases (党员违纪违法, 容错澄清): its category, one above it
 * or one below it is marked sensitive. Counting them is an aggregate; listing them is a read.
 */
export async function queryReachesSensitive(db: DbOrTx, tenantId: string, kind: RecordKind, categoryCode: string): Promise<boolean> {
  if (kind !== 'case') return false;
  const views = await categoryViews(db, tenantId, 'case');
  const root = views.find((c) => c.code === categoryCode);
  return !!root && views.some((c) => c.path.startsWith(root.path) && c.sensitive);
}
