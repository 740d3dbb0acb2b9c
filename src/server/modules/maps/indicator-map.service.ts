import type { Actor } from '../../context';
import type { DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { notFound } from '../../errors';
import { getUnitInScope } from '../org';
import { aggregateAt, loadDefinitions, rangeFor } from '../indicators';
import { formatIndicatorValue } from '../../../shared/cn-figures';
import type { IndicatorMap } from '../../../shared/maps';
import { childFeatures } from './features.service';

/** An indicator over a unit's children (towns, or villages), for a choropleth or a point map. */
export async function indicatorMap(db: DbOrTx, actor: Actor, q: { indicatorId: number; unitId?: number; period: string }): Promise<IndicatorMap> {
  requirePermission(actor, 'read:indicators');
  const unit = await getUnitInScope(db, actor, q.unitId ?? actor.orgUnitId);
  const defs = await loadDefinitions(db, actor.tenantId);
  const def = [...defs.values()].find((d) => d.row.id === q.indicatorId);
  if (!def) throw notFound('indicator.not_found', '指标不存在');
  const { features, sources } = await childFeatures(db, unit.id);
  const values = features.length
    ? await aggregateAt(db, defs, def.row.code, rangeFor(def.row.periodType, q.period), { tenantId: actor.tenantId, underPath: unit.path, provisional: false }, new Set(features.map((f) => f.unitId)))
    : new Map<number, number | null>();
  const out = features.map((f) => {
    const v = values.get(f.unitId);
    const value = v == null || !Number.isFinite(v) ? null : v;
    return { ...f, value, text: value == null ? null : formatIndicatorValue(value, def.row.unit) };
  });
  const present = out.map((f) => f.value).filter((v): v is number => v != null);
  return {
    indicator: { id: def.row.id, code: def.row.code, name: def.row.name, unit: def.row.unit },
    unit: { id: unit.id, name: unit.name },
    period: q.period,
    features: out,
    sources,
    range: { min: present.length ? Math.min(...present) : null, max: present.length ? Math.max(...present) : null },
  };
}
