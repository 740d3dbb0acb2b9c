import { asc, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor, AppContext } from '../../context';
import { requirePermission } from '../../access';
import { badRequest, notFound } from '../../errors';
import { recordAudit } from '../audit';
import { writeWorkbook } from '../../xlsx';
import { POOL_METHOD_ZH } from '../../../shared/assessment';
import { incentivePools, schemeResultRows, schemeResults } from './assessment.table';
import type { PoolSchema } from './assessment.schema';
import { allocateByTiers, allocateProportional, type Ranked } from './allocate';
import { schemeToManage, schemeFor } from './schemes.service';

type PoolBody = z.infer<typeof PoolSchema>;

/**
 * Incentive pools over a published result. Preview computes without writing; saving freezes the
 * allocation (the result it reads is frozen too), and the export is what the finance office gets.
 */
async function resultToManage(ctx: AppContext, actor: Actor, resultId: number) {
  requirePermission(actor, 'manage:assessment');
  const [res] = await ctx.db.select().from(schemeResults).where(eq(schemeResults.id, resultId));
  if (!res || res.tenantId !== actor.tenantId) throw notFound('scheme_result.not_found', '考评结果不存在');
  const s = await schemeToManage(ctx.db, actor, res.schemeId);
  return { res, ...s };
}

async function compute(ctx: AppContext, resultId: number, body: PoolBody) {
  const rows = await ctx.db.select().from(schemeResultRows).where(eq(schemeResultRows.resultId, resultId)).orderBy(asc(schemeResultRows.rank), asc(schemeResultRows.id));
  const ranked: Ranked[] = rows.map((r) => ({ orgUnitId: r.orgUnitId, code: r.breakdown.code, rank: r.rank, total: r.total, vetoed: r.vetoed }));
  let notes: string[] = [];
  let allocations;
  if (body.method === 'tiers') {
    const tiers = body.tiers!;
    if (!ranked.some((r) => !r.vetoed && tiers.some((t) => r.rank >= t.fromRank && r.rank <= t.toRank))) throw badRequest('pool.no_unit_in_tiers', '没有单位的名次落在所设档次内', [{ path: 'tiers', message: '没有单位的名次落在所设档次内' }]);
    const t = allocateByTiers(body.amount, ranked, tiers);
    allocations = t.allocations;
    if (t.scaled) notes = [`各档金额合计 ${t.intended.toLocaleString('zh-CN')} 元，与奖金池 ${body.amount.toLocaleString('zh-CN')} 元不一致，已按同一比例调整并取整到元，合计等于奖金池。`];
  } else {
    if (!ranked.some((r) => !r.vetoed && r.total > body.floor!)) throw badRequest('pool.none_above_floor', '没有单位的总分超过保底分', [{ path: 'floor', message: '没有单位的总分超过保底分' }]);
    allocations = allocateProportional(body.amount, ranked, body.floor!);
  }
  const byId = new Map(rows.map((r) => [r.orgUnitId, r]));
  const out = allocations.map((a) => {
    const r = byId.get(a.orgUnitId)!;
    return { orgUnitId: a.orgUnitId, unitName: r.unitName, parentName: r.parentName, rank: r.rank, total: r.total, amount: a.amount, basis: a.basis };
  });
  return { allocations: out, sum: out.reduce((s, a) => s + a.amount, 0), notes };
}

export async function previewPool(ctx: AppContext, actor: Actor, resultId: number, body: PoolBody) {
  await resultToManage(ctx, actor, resultId);
  return { ...(await compute(ctx, resultId, body)), amount: body.amount, method: body.method };
}

export async function createPool(ctx: AppContext, actor: Actor, resultId: number, body: PoolBody) {
  const { res, scopePath, scheme } = await resultToManage(ctx, actor, resultId);
  const c = await compute(ctx, resultId, body);
  const [row] = await ctx.db
    .insert(incentivePools)
    .values({ tenantId: actor.tenantId, resultId, name: body.name, amount: body.amount, method: body.method, params: body.method === 'tiers' ? { tiers: body.tiers, notes: c.notes } : { floor: body.floor, notes: c.notes }, allocations: c.allocations, createdBy: actor.userId })
    .returning();
  await recordAudit(ctx.db, actor, {
    action: 'pool.create',
    entityType: 'incentive_pool',
    entityId: row.id,
    orgUnitId: scheme.scopeUnitId,
    orgPath: scopePath,
    summary: `按“${res.title}”分配${body.name} ${body.amount.toLocaleString('zh-CN')} 元（${POOL_METHOD_ZH[body.method]}）`,
  });
  return { id: row.id, ...c };
}

export async function listPools(ctx: AppContext, actor: Actor, resultId: number) {
  const [res] = await ctx.db.select().from(schemeResults).where(eq(schemeResults.id, resultId));
  if (!res || res.tenantId !== actor.tenantId) throw notFound('scheme_result.not_found', '考评结果不存在');
  const { access } = await schemeFor(ctx.db, actor, res.schemeId, { includeArchived: true });
  const rows = await ctx.db.select().from(incentivePools).where(eq(incentivePools.resultId, resultId)).orderBy(desc(incentivePools.id));
  const units = await ctx.db.select({ id: schemeResultRows.orgUnitId, path: schemeResultRows.unitPath }).from(schemeResultRows).where(eq(schemeResultRows.resultId, resultId));
  const own = new Set(units.filter((u) => u.path.startsWith(actor.scopePath)).map((u) => u.id));
  return {
    items: rows.map((p) => ({
      id: p.id,
      name: p.name,
      amount: p.amount,
      method: p.method,
      params: p.params,
      createdAt: p.createdAt,
      // Competitors see the amounts of units in their own subtree only.
      allocations: access === 'owner' ? p.allocations : p.allocations.filter((a) => own.has(a.orgUnitId)),
    })),
  };
}

export async function exportPool(ctx: AppContext, actor: Actor, poolId: number) {
  requirePermission(actor, 'manage:assessment');
  const [p] = await ctx.db.select().from(incentivePools).where(eq(incentivePools.id, poolId));
  if (!p || p.tenantId !== actor.tenantId) throw notFound('pool.not_found', '奖金分配不存在');
  const { res, scopePath, scheme } = await resultToManage(ctx, actor, p.resultId);
  const allocs = p.allocations;
  const sum = allocs.reduce((s, a) => s + a.amount, 0);
  const file = await writeWorkbook([
    {
      name: '奖金分配',
      columns: [
        { key: 'rank', header: '名次', width: 8 },
        { key: 'unitName', header: '单位', width: 20 },
        { key: 'parentName', header: '所属', width: 16 },
        { key: 'total', header: '总分', width: 10 },
        { key: 'amount', header: '金额（元）', width: 14 },
        { key: 'basis', header: '依据', width: 28 },
      ],
      rows: [...allocs.map((a) => ({ ...a, parentName: a.parentName ?? '' })), { rank: '', unitName: '合计', parentName: '', total: '', amount: sum, basis: `奖金池 ${Number(p.amount)} 元` }],
    },
    {
      name: '说明',
      columns: [
        { key: 'k', header: '项目', width: 16 },
        { key: 'v', header: '内容', width: 60 },
      ],
      rows: [
        { k: '奖金名称', v: p.name },
        { k: '考评结果', v: res.title },
        { k: '奖金池（元）', v: Number(p.amount) },
        { k: '分配方式', v: POOL_METHOD_ZH[p.method as 'tiers'] ?? p.method },
        { k: '取整规则', v: '各单位先取应得金额的整数元部分，剩余的元按小数部分从大到小逐一补足（小数相同按名次、单位编码），合计恰好等于奖金池。' },
        ...(((p.params as { notes?: string[] }).notes ?? []).map((n) => ({ k: '提示', v: n })) as { k: string; v: string }[]),
      ],
    },
  ]);
  await recordAudit(ctx.db, actor, { action: 'pool.export', entityType: 'incentive_pool', entityId: p.id, orgUnitId: scheme.scopeUnitId, orgPath: scopePath, summary: `导出奖金分配“${p.name}”` });
  return { fileName: `${p.name}.xlsx`, file };
}
