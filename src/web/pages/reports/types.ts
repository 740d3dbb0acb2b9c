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

// 年度综述 (year-end summaries): the contract in src/shared/reports.ts, plus the few answer
// shapes of /api/report-templates/slots and /api/reports/import that it does not name.
export type {
  DraftDetail,
  DraftRevisionInfo,
  DraftSummary,
  ExportFormat,
  Figure,
  FigureSource,
  GeneratedSummary,
  ImportProposal,
  ReportDept,
  ReportTemplate,
  ReportTemplateSummary,
  RevisionKind,
  Segment,
  SlotKind,
  SlotProblem,
  TemplateDefinition,
} from '../../../shared/reports';

/** GET /api/report-templates/slots: what a template's slots can name. */
export interface SlotCatalog {
  indicators: { code: string; name: string; unit: string; derived: boolean }[];
  schemes: { code: string; name: string; grades: string[] }[];
  categories: { kind: 'activity' | 'case' | 'project' | 'honour'; code: string; name: string }[];
}

/** POST /api/reports/import/confirm. */
export interface ImportConfirmInput {
  year: number;
  indicatorId: number;
  value: number;
  documentTitle: string;
  claimText: string;
}
export interface ImportConfirmResult {
  indicatorId: number;
  period: string;
  value: number;
}
