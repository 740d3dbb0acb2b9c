/**
 * Response and request shapes of the assessment API as the pages use them. Most are the
 * services' own return types (type-only imports: nothing from the server is bundled), so a
 * changed response shape fails the type check here instead of at run time. Dates arrive as
 * ISO strings over JSON even where the server types say Date.
 */
import type { z } from 'zod';
import type { listSchemes, getScheme } from '../../../server/modules/assessment/schemes.service';
import type { getResult, listResults, publicResult, publishResult, resultBreakdown, runScheme } from '../../../server/modules/assessment/results.service';
import type { createPool, listPools, previewPool } from '../../../server/modules/assessment/pools.service';
import type { AdjustmentScore, ItemScore, StoredBreakdown } from '../../../server/modules/assessment/score';
import type { PoolSchema, PublishSchema, SchemeCreateSchema, SchemeUpdateSchema } from '../../../server/modules/assessment/assessment.schema';

type Res<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

export type { AdjustmentScore, ItemScore, StoredBreakdown };
export type SchemeListItem = Res<typeof listSchemes>['items'][number];
export type SchemeDetail = Res<typeof getScheme>;
export type SchemeVersionInfo = SchemeDetail['versions'][number];
export type RunResult = Res<typeof runScheme>;
export type RunRow = RunResult['rows'][number];
/** The rules as used, in words: returned with every run and stored with every published result. */
export type ResultSummary = RunResult['summary'];
export type SummaryItem = ResultSummary['items'][number];
export type PublishedResult = Res<typeof getResult>;
export type PublishedRow = PublishedResult['rows'][number];
export type ResultListItem = Res<typeof listResults>['items'][number];
export type PublishAnswer = Res<typeof publishResult>;
export type BreakdownAnswer = Res<typeof resultBreakdown>;
export type PublicResult = Res<typeof publicResult>;
export type PublicRow = PublicResult['rows'][number];
export type PoolPreview = Res<typeof previewPool>;
export type PoolAllocation = PoolPreview['allocations'][number];
export type PoolSaved = Res<typeof createPool>;
export type PoolListItem = Res<typeof listPools>['items'][number];

export type SchemeCreateInput = z.input<typeof SchemeCreateSchema>;
export type SchemeUpdateInput = z.input<typeof SchemeUpdateSchema>;
export type PublishInput = z.input<typeof PublishSchema>;
export type PoolInput = z.input<typeof PoolSchema>;

/**
 * One row of a league table, whether from a live run or a published snapshot: the columns the
 * table shows. `detail` is there when the row's breakdown is already at hand (a live run).
 */
export interface LeagueRow {
  unitId: number;
  name: string;
  parentName: string | null;
  rank: number;
  total: number;
  base: number;
  bonus: number;
  penalty: number;
  grade: string | null;
  vetoed: boolean;
  rankChange: number | null;
  itemPoints: Record<string, number>;
  detail?: StoredBreakdown;
}

export const runRowToLeague = (r: RunRow): LeagueRow => ({
  unitId: r.unitId,
  name: r.name,
  parentName: r.parentName,
  rank: r.rank,
  total: r.total,
  base: r.base,
  bonus: r.bonus,
  penalty: r.penalty,
  grade: r.grade,
  vetoed: r.vetoed,
  rankChange: r.rankChange,
  itemPoints: Object.fromEntries(r.items.map((i) => [i.key, i.points])),
  detail: { code: r.code, base: r.base, bonus: r.bonus, penalty: r.penalty, vetoes: r.vetoes, items: r.items, adjustments: r.adjustments },
});

export const publishedRowToLeague = (r: PublishedRow): LeagueRow => ({ ...r });
