/**
 * Incentive pool (激励奖金) allocation in whole yuan that adds up to the pool exactly: shares
 * are computed exactly, each unit gets the whole yuan below its share, and the yuan left over go
 * one each to the largest remainders (largest-remainder method), ties to the better rank, then
 * the lower unit code. Pure, for the property tests.
 */

export interface Ranked {
  orgUnitId: number;
  code: string;
  rank: number;
  total: number;
  vetoed: boolean;
}

export interface Tier {
  fromRank: number;
  toRank: number;
  /** Intended amount per unit, yuan. */
  amountEach: number;
}

export interface Allocation {
  orgUnitId: number;
  amount: number;
  /** Which tier or why nothing: shown beside the amount. */
  basis: string;
}

/** Splits `pool` yuan over weights; units with weight 0 get 0. Throws when no weight is positive. */
export function splitByWeights(pool: number, entries: readonly { key: Ranked; weight: number }[]): Map<number, number> {
  const sum = entries.reduce((s, e) => s + e.weight, 0);
  if (!(sum > 0)) throw new Error('no positive weight');
  const shares = entries.map((e) => {
    const exact = (pool * e.weight) / sum;
    const whole = Math.floor(exact + 1e-9);
    return { e, whole, rest: exact - whole };
  });
  let left = pool - shares.reduce((s, x) => s + x.whole, 0);
  const order = [...shares].filter((x) => x.e.weight > 0).sort((a, b) => b.rest - a.rest || a.e.key.rank - b.e.key.rank || (a.e.key.code < b.e.key.code ? -1 : 1));
  for (let i = 0; left > 0; i = (i + 1) % order.length, left--) order[i].whole++;
  return new Map(shares.map((x) => [x.e.key.orgUnitId, x.whole]));
}

/**
 * By tiers: units whose rank falls in a tier get its amount (units tied at a tier's edge all
 * get it). When the tiers' amounts do not add up to the pool, every amount is scaled by the
 * same factor so they do; `scaled` says so, for the page to tell the user.
 */
export function allocateByTiers(pool: number, rows: readonly Ranked[], tiers: readonly Tier[]): { allocations: Allocation[]; intended: number; scaled: boolean } {
  const tierOf = (r: Ranked) => (r.vetoed ? -1 : tiers.findIndex((t) => r.rank >= t.fromRank && r.rank <= t.toRank));
  const entries = rows.map((r) => ({ key: r, weight: tierOf(r) >= 0 ? tiers[tierOf(r)].amountEach : 0 }));
  const intended = entries.reduce((s, e) => s + e.weight, 0);
  if (!(intended > 0)) throw new Error('no unit falls in any tier');
  const amounts = intended === pool ? new Map(entries.map((e) => [e.key.orgUnitId, e.weight])) : splitByWeights(pool, entries);
  return {
    intended,
    scaled: intended !== pool,
    allocations: rows.map((r) => {
      const t = tierOf(r);
      return { orgUnitId: r.orgUnitId, amount: amounts.get(r.orgUnitId) ?? 0, basis: r.vetoed ? '一票否决' : t >= 0 ? `第${t + 1}档（第${tiers[t].fromRank}–${tiers[t].toRank}名）` : '未进入奖励档次' };
    }),
  };
}

/** In proportion to each unit's score above the floor; vetoed units and those at or under it get 0. */
export function allocateProportional(pool: number, rows: readonly Ranked[], floor: number): Allocation[] {
  const entries = rows.map((r) => ({ key: r, weight: r.vetoed ? 0 : Math.max(0, r.total - floor) }));
  const amounts = splitByWeights(pool, entries);
  return rows.map((r) => ({
    orgUnitId: r.orgUnitId,
    amount: amounts.get(r.orgUnitId) ?? 0,
    basis: r.vetoed ? '一票否决' : r.total > floor ? `超出保底分 ${Math.round((r.total - floor) * 100) / 100} 分` : '未超过保底分',
  }));
}
