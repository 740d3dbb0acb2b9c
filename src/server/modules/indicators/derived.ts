import type { DbOrTx } from '../../db/client';
import { unitsOfTypesUnder } from '../org';
import { countRoleHoldersPerUnit } from '../people';
import { periodEndDate, type Period } from '../../../shared/periods';
import type { RecordQuery } from '../../../shared/ledger';

/**
 * Derived sources: figures computed from records instead of typed (enter once). A source
 * returns raw per-unit counts under a subtree; `assignToReporters` credits each count to the
 * nearest reporting unit above it, so a village's figure covers its branches and nothing is
 * counted twice when both a town and its villages report. The ledger module registers its own
 * sources (activities, cases, projects, honours) through `registerDerivedSource`.
 */
export interface DerivedSource {
  key: string;
  label: string;
  compute(db: DbOrTx, underPath: string, period: Period, query?: RecordQuery | null): Promise<{ path: string; value: number }[]>;
  /**
   * Sources over dated records (the ledger) are computed live over any date range, so the
   * explorer and aggregates show them as records change, not only once a task collects them.
   * They are defined by a record query, checked by `validate` (a message per bad field).
   */
  live?: {
    computeRange(db: DbOrTx, underPath: string, fromDate: string, toDate: string, query: RecordQuery): Promise<{ path: string; value: number }[]>;
    /** The figure for the unit at `underPath` alone (its whole subtree summed), in one query. */
    computeTotal(db: DbOrTx, underPath: string, fromDate: string, toDate: string, query: RecordQuery): Promise<number | null>;
    /** computeTotal for each calendar year from `fromYear` to `toYear` in one query (a trend); a year with no record is absent. */
    computeYearTotals?(db: DbOrTx, underPath: string, fromYear: number, toYear: number, query: RecordQuery): Promise<Map<number, number>>;
    validate(db: DbOrTx, tenantId: string, query: RecordQuery): Promise<{ path: string; message: string } | null>;
    describe(query: RecordQuery): string;
  };
  /**
   * Sources over another module's dated records that need no query (talent subsidy payments):
   * computed live over any date range like `live`, per unit under `underPath`.
   */
  liveRange?(db: DbOrTx, underPath: string, fromDate: string, toDate: string): Promise<{ path: string; value: number }[]>;
}

const sources = new Map<string, DerivedSource>();

export function registerDerivedSource(source: DerivedSource): void {
  sources.set(source.key, source);
}

export const derivedSource = (key: string): DerivedSource | undefined => sources.get(key);
export const derivedSources = (): DerivedSource[] => [...sources.values()];

/** Sums per-unit figures into the deepest reporting unit on each figure's path. */
export function assignToReporters(rows: readonly { path: string; value: number }[], reporters: ReadonlySet<number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const id of reporters) out.set(id, 0);
  for (const row of rows) {
    const segments = row.path.split('.').filter(Boolean);
    for (let i = segments.length - 1; i >= 0; i--) {
      const id = Number(segments[i]);
      if (reporters.has(id)) {
        out.set(id, out.get(id)! + row.value);
        break;
      }
    }
  }
  return out;
}

const roleCount = (key: string, label: string, role: 'party_member' | 'talent' | 'worthy' | 'lecturer' | 'volunteer'): DerivedSource => ({
  key,
  label,
  async compute(db, underPath, period) {
    const rows = await countRoleHoldersPerUnit(db, role, underPath, periodEndDate(period));
    return rows.map((r) => ({ path: r.path, value: r.n }));
  },
});

registerDerivedSource(roleCount('people.party_members', '人员库：期末党员人数', 'party_member'));
registerDerivedSource(roleCount('people.talents', '人员库：期末人才人数', 'talent'));
registerDerivedSource(roleCount('people.worthies', '人员库：期末乡贤人数', 'worthy'));
registerDerivedSource(roleCount('people.lecturers', '人员库：期末宣讲员人数', 'lecturer'));

// 行政村数: each administrative village counts once, credited to itself when it reports.
registerDerivedSource({
  key: 'org.villages',
  label: '组织架构：行政村数',
  async compute(db, underPath) {
    return (await unitsOfTypesUnder(db, underPath, ['village'])).map((u) => ({ path: u.path, value: 1 }));
  },
});

/** A derived figure for each reporting unit, as a collection form would pre-fill it. */
export async function computeDerived(db: DbOrTx, key: string, underPath: string, period: Period, reporters: ReadonlySet<number>, query?: RecordQuery | null): Promise<Map<number, number>> {
  const src = sources.get(key);
  if (!src) throw new Error(`unknown derived source ${key}`);
  return assignToReporters(await src.compute(db, underPath, period, query), reporters);
}
