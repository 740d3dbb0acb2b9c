// Assessment (考评): scoring schemes over units of one type, league tables with item-by-item
// breakdowns, frozen published results with public pages, and incentive pools allocated over
// them. Other modules use only what is exported here.
export { assessmentRoutes } from './assessment.routes';
export { scoreCohort, type ScoredRow } from './score';
export { seedAssessmentDemo } from './demo';

import { createScheme } from './schemes.service';
import { publishResult, runScheme } from './results.service';
/** Service entry points for benchmarks and scripts (routes call the same functions). */
export const assessmentService = { createScheme, runScheme, publishResult };
export { publishedFigures, schemeCatalog, latestPublication, recentRankChanges, type PublishedFigures } from './figures.service';
