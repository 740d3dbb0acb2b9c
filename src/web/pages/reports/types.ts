/**
 * Shapes of the fact-check API (POST /api/reports/check) as the page uses them: the server's own
 * types, imported type-only so nothing from the server is bundled and a changed response shape
 * fails the type check here.
 */
import type { z } from 'zod';
import type { CheckedClaim, ClaimSource, FactCheckReport, Verdict } from '../../../server/modules/reports/factcheck';
import type { FactCheckBodySchema } from '../../../server/modules/reports/reports.routes';

export type { CheckedClaim, ClaimSource, FactCheckReport, Verdict };
export type FactCheckInput = z.input<typeof FactCheckBodySchema>;
