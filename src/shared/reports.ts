/**
 * Year-end summaries (年度综述): the template a department writes its summary from, the summary
 * generated from it (every figure a segment that knows its source), drafts with their revision
 * history, and old summaries read back into indicator figures. Shared by server and pages.
 *
 * A template is sections of paragraphs; a paragraph is text with slots `{{kind ARG key=value …}}`
 * (grammar and kinds in {@link SLOT_KINDS}; parsed by server/modules/reports/slots.ts).
 */
import { z } from 'zod';
// Type-only: the fact-check report's shape is the server's own (as the 数据核验 page uses it).
import type { FactCheckReport } from '../server/modules/reports/factcheck';
import type { RecordQuery } from './ledger';

export const REPORT_DEPTS = ['org', 'propaganda', 'united-front'] as const;
export type ReportDept = (typeof REPORT_DEPTS)[number];
export const REPORT_DEPT_ZH: Record<ReportDept, string> = { org: '组织工作', propaganda: '宣传思想工作', 'united-front': '统战工作' };
/** The department unit (code suffix under the county) that owns each summary. */
export const REPORT_DEPT_UNIT: Record<ReportDept, string> = { org: 'ZZB', propaganda: 'XCB', 'united-front': 'TZB' };

/**
 * Slot kinds, as written in a template:
 * - `{{value CODE style=approx unit=场次}}` an indicator's value at the unit for the year;
 *   style exact|approx|over|near|about (money: rounded|exact|approx); unit overrides the measure word.
 * - `{{change CODE basis=同比 decimals=2}}` year-on-year change ("同比下降47.06%"; a rate: 个百分点).
 * - `{{rank CODE style=arabic|chinese}}` the peer standing ("第1" / "第一").
 * - `{{count KIND category=XJ basis=held levels=city,provincial statuses=closed attr=key:value}}`
 *   ledger records of the year; `{{sum KIND field=actual_investment category=GJQJ}}` their sum.
 * - `{{top KIND category=GJQJ by=actual_investment n=3}}` the titles of the top records, 、-joined.
 * - `{{grade SCHEME 示范型}}` units given a grade in the scheme's publication for the year.
 * - `{{pool SCHEME}}` the scheme's incentive pool for the year.
 */
export const SLOT_KINDS = ['value', 'change', 'rank', 'count', 'sum', 'top', 'grade', 'pool'] as const;
export type SlotKind = (typeof SLOT_KINDS)[number];
export const SLOT_KIND_ZH: Record<SlotKind, string> = {
  value: '指标数值',
  change: '同比变化',
  rank: '兄弟县市排名',
  count: '台账记录数',
  sum: '台账合计',
  top: '台账前几项',
  grade: '考评等次单位数',
  pool: '激励奖金池',
};

const section = z.object({
  /** What the editor calls the section (筑牢忠诚根基). */
  name: z.string({ error: '请填写小节名称' }).trim().min(1, '请填写小节名称').max(40, '小节名称最多40字'),
  /** Printed above the section's paragraphs when not empty (一、…). */
  heading: z.string().trim().max(60, '小节标题最多60字').default(''),
  paragraphs: z
    .array(
      z
        .string({ error: '请填写段落' })
        .trim()
        .min(1, '段落不能为空，不需要的段落请删除')
        .max(4000, '每段最多4000字')
        .refine((p) => !/[\r\n]/.test(p), '一个段落中不能换行，请分成两段'),
    )
    .min(1, '每个小节至少一段')
    .max(40, '每个小节最多40段'),
});

/** A template's slots are resolved on every preview: a bound keeps one request's work bounded. */
export const MAX_SLOTS = 300;
const NO_SLOT = (what: string) => [(s: string) => !s.includes('{{'), `${what}中不能使用数据槽，数据请写在段落里`] as const;

export const TemplateDefinitionSchema = z
  .object({
    /** `{year}` is replaced by the year. */
    title: z
      .string({ error: '请填写标题' })
      .trim()
      .min(1, '请填写标题')
      .max(60, '标题最多60字')
      .refine(...NO_SLOT('标题')),
    /** Printed as "——…"; the dash is added when missing. */
    subtitle: z
      .string()
      .trim()
      .max(60, '副标题最多60字')
      .refine(...NO_SLOT('副标题'))
      .default(''),
    sections: z.array(section.extend({ heading: section.shape.heading.refine(...NO_SLOT('小节标题')) })).min(1, '至少一个小节').max(30, '最多30个小节'),
  })
  .superRefine((d, ctx) => {
    const n = d.sections.reduce((a, sec) => a + sec.paragraphs.reduce((b, p) => b + (p.match(/\{\{/g) ?? []).length, 0), 0);
    if (n > MAX_SLOTS) ctx.addIssue({ code: 'custom', path: ['sections'], message: `模板最多${MAX_SLOTS}个数据槽，现有${n}个` });
  });
export type TemplateDefinition = z.infer<typeof TemplateDefinitionSchema>;

export interface ReportTemplateSummary {
  id: number;
  dept: ReportDept;
  name: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}
export interface ReportTemplate extends ReportTemplateSummary {
  definition: TemplateDefinition;
}

/** Where a generated figure came from; the page turns it into a link. */
export interface FigureSource {
  kind: 'indicator' | 'records' | 'assessment' | 'pool';
  /** "宣讲场次 · 永康市 · 2022年" */
  label: string;
  unitId: number;
  period: string;
  indicatorId?: number;
  indicatorCode?: string;
  /** Records behind the figure: a ledger-derived indicator's query, or a count/sum/top slot's. */
  recordQuery?: RecordQuery;
  schemeId?: number;
  resultId?: number;
}

export interface Figure {
  /** The slot as written: "{{value XJ_CC style=approx}}". */
  slot: string;
  /** The figure in its base unit (元 for money, % points for changes, rank for rankings). */
  value: number;
  unit: string;
  source: FigureSource;
}

export interface SlotProblem {
  section: number;
  paragraph: number;
  slot: string;
  /** Machine-readable: slot.syntax, slot.unknown_indicator, slot.no_value… */
  code: string;
  /** In Chinese: which slot and why. */
  message: string;
}

/** A paragraph is a run of segments; a figure segment's text is what was written for it. */
export type Segment = { text: string; figure?: Figure; problem?: string };

export interface GeneratedSummary {
  dept: ReportDept;
  year: number;
  unit: { id: number; name: string };
  title: string;
  subtitle: string;
  sections: { name: string; heading: string; paragraphs: Segment[][] }[];
  problems: SlotProblem[];
  figureCount: number;
}

/** A summary as plain text: title, subtitle, then per section an optional heading and paragraphs. */
export interface SummaryDocument {
  title: string;
  subtitle: string;
  sections: { heading: string; paragraphs: string[] }[];
}

export const REVISION_KINDS = ['generated', 'edited'] as const;
export type RevisionKind = (typeof REVISION_KINDS)[number];

export interface DraftSummary {
  id: number;
  dept: ReportDept;
  year: number;
  unit: { id: number; name: string };
  title: string;
  templateId: number | null;
  version: number;
  revisionCount: number;
  updatedAt: string;
  updatedBy: string;
}

export interface DraftRevisionInfo {
  no: number;
  kind: RevisionKind;
  note: string;
  createdBy: string;
  createdAt: string;
}

export interface DraftDetail extends DraftSummary {
  revisions: DraftRevisionInfo[];
  /** The revision shown (the latest unless ?revision=). */
  revision: DraftRevisionInfo & {
    /** The editable text: title line, subtitle line, blank line, then sections (headings as lines). */
    text: string;
    /** Generated revisions: every figure with its source. */
    generated?: GeneratedSummary;
    /** Edited revisions: every figure of the text checked against the ledger. */
    check?: FactCheckReport;
  };
}

export const DraftEditSchema = z.object({
  text: z
    .string({ error: '请填写综述内容' })
    .trim()
    .min(1, '综述内容不能为空')
    .max(60_000, '综述最多60000字')
    .refine((t) => (t.split(/\r?\n/)[0] ?? '').trim().length <= 60, '第一行是标题，最多60字'),
  version: z.number({ error: '缺少版本号，请刷新后重试' }).int('版本号应为整数').positive('版本号应为正整数'),
  note: z.string({ error: '修改说明应为文字' }).trim().max(200, '修改说明最多200字').default(''),
});

export const EXPORT_FORMATS = ['docx', 'pdf', 'html', 'txt'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** An old summary's figure proposed as an indicator value for its year (导入往年综述). */
export interface ImportProposal {
  /** The claim as the extractor found it. */
  text: string;
  phrase: string;
  start: number;
  end: number;
  /** The indicator it would be written to, or none (then `reason`). */
  indicator?: { id: number; code: string; name: string; unit: string };
  /** In the indicator's unit (万元 for a money indicator kept in 万元). */
  value?: number;
  /** The unit's signed-off figure for the year today, if any. */
  existing?: number | null;
  status: 'new' | 'same' | 'differs' | 'blocked' | 'unmatched';
  reason?: string;
}
