/**
 * Response shapes of the indicator API as the pages use them. Most are the services' own return
 * types (type-only imports: nothing from the server is bundled), so a changed response shape
 * fails the type check here instead of at run time.
 */
import type { z } from 'zod';
import type { aggregateIndicator, indicatorChildren, indicatorSeries, leagueTable } from '../../../server/modules/indicators/aggregate.service';
import type { getIndicator, IndicatorDto } from '../../../server/modules/indicators/definitions.service';
import type { listTargets } from '../../../server/modules/indicators/targets.service';
import type { BenchmarkCreateSchema, DefinitionSchema, IndicatorCreateSchema, IndicatorUpdateSchema } from '../../../server/modules/indicators/indicators.schema';
import type { Aggregation } from '../../../server/modules/indicators/aggregate';

type Res<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

export type { Aggregation };
export type Indicator = IndicatorDto;
export type IndicatorDetail = Res<typeof getIndicator>;
export type DefinitionVersion = IndicatorDetail['versions'][number];
export type Benchmark = IndicatorDetail['benchmarks'][number];
export type AggregateResult = Res<typeof aggregateIndicator>;
export type SeriesResult = Res<typeof indicatorSeries>;
export type ChildrenResult = Res<typeof indicatorChildren>;
export type ChildRow = ChildrenResult['rows'][number];
export type LeagueResult = Res<typeof leagueTable>;
export type LeagueRow = LeagueResult['rows'][number];
export type TargetsResult = Res<typeof listTargets>;
export type TargetRow = TargetsResult['rows'][number];

export type IndicatorCreateInput = z.input<typeof IndicatorCreateSchema>;
export type IndicatorUpdateInput = z.input<typeof IndicatorUpdateSchema>;
export type DefinitionInput = z.input<typeof DefinitionSchema>;
export type BenchmarkInput = z.input<typeof BenchmarkCreateSchema>;

export type PeriodType = Indicator['periodType'];
export type Direction = Indicator['direction'];

/** One figure behind an aggregate (GET /api/indicators/:id/sources; the service types it loosely). */
export interface SourceItem {
  id: number;
  indicatorCode: string;
  indicatorName: string;
  unitId: number;
  unitName: string;
  period: string;
  value: number | null;
  approvedValue: number | null;
  approvedBy: string | null;
  approvedAt: string | null;
  changesSinceSignoff: number;
  source: string;
  comment: string | null;
  taskTitle: string | null;
  taskId: number | null;
}

export interface SourcesResult {
  indicatorCodes: string[];
  provisional: boolean;
  truncated: boolean;
  items: SourceItem[];
}

/** The stored target row sent back with a 409 target.version_conflict (null when it was deleted). */
export interface TargetConflictRow {
  orgUnitId: number;
  target: number;
  version: number;
  updatedBy: string;
}
