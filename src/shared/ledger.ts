/**
 * Work ledger (台账) vocabulary shared by server and web: record kinds, case workflow states,
 * project states, honour levels, category attribute definitions and record queries that
 * derived indicators are defined by.
 */

export const RECORD_KINDS = ['activity', 'case', 'project', 'honour'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
export const RECORD_KIND_ZH: Record<RecordKind, string> = { activity: '活动', case: '事项', project: '项目', honour: '荣誉' };
/** URL segment of each kind's API and pages. */
export const KIND_SEGMENT: Record<RecordKind, string> = { activity: 'activities', case: 'cases', project: 'projects', honour: 'honours' };

export const CASE_STATUSES = ['registered', 'assigned', 'in_progress', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_ZH: Record<CaseStatus, string> = { registered: '已登记', assigned: '已交办', in_progress: '办理中', resolved: '已办结', closed: '已销号' };
/** States in which a case still runs against its deadline. */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ['registered', 'assigned', 'in_progress'];
/** Days before the deadline from which an open case is flagged as about to expire. */
export const DUE_SOON_DAYS = 3;

export const PROJECT_STATUSES = ['planned', 'in_progress', 'completed', 'suspended'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const PROJECT_STATUS_ZH: Record<ProjectStatus, string> = { planned: '谋划中', in_progress: '实施中', completed: '已完工', suspended: '暂停' };

export const HONOUR_LEVELS = ['national', 'provincial', 'city', 'county'] as const;
export type HonourLevel = (typeof HONOUR_LEVELS)[number];
export const HONOUR_LEVEL_ZH: Record<HonourLevel, string> = { national: '国家级', provincial: '省级', city: '金华市级', county: '县市级' };

export const ATTRIBUTE_TYPES = ['text', 'number', 'date', 'choice', 'person', 'unit'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];
export const ATTRIBUTE_TYPE_ZH: Record<AttributeType, string> = { text: '文本', number: '数值', date: '日期', choice: '选项', person: '人员', unit: '单位' };

/** An extra attribute a category's records carry (e.g. 稿件发布 → 媒体级别: 央媒/省级/…). */
export interface AttributeDef {
  key: string;
  label: string;
  type: AttributeType;
  required?: boolean;
  /** For 'choice'. */
  options?: string[];
  /** For 'number'. */
  min?: number | null;
  max?: number | null;
}

/** Which date of a record places it in a period. */
export const DATE_BASES: Record<RecordKind, { key: string; label: string }[]> = {
  activity: [{ key: 'held', label: '活动日期' }],
  case: [
    { key: 'registered', label: '登记日期' },
    { key: 'resolved', label: '办结日期' },
    { key: 'closed', label: '销号日期' },
  ],
  project: [
    { key: 'started', label: '开工日期' },
    { key: 'completed', label: '完工日期' },
  ],
  honour: [{ key: 'awarded', label: '授予日期' }],
};

/** Numeric core fields a derived indicator may sum; numeric category attributes may be summed too. */
export const SUM_FIELDS: Record<RecordKind, { key: string; label: string }[]> = {
  activity: [
    { key: 'participants', label: '参与人数' },
    { key: 'audience', label: '受众人数' },
  ],
  case: [],
  project: [
    { key: 'planned_investment', label: '计划投资（元）' },
    { key: 'actual_investment', label: '实际投资（元）' },
  ],
  honour: [],
};

/**
 * A record query: what a derived indicator counts or sums (宣讲场次 = count of activities in
 * category 宣讲 by 活动日期). Filters are ANDed; the category includes its descendants.
 */
export interface RecordQuery {
  kind: RecordKind;
  measure: 'count' | 'sum';
  /** For 'sum': a SUM_FIELDS key, or `attr:<key>` for a numeric attribute. */
  field?: string | null;
  categoryCode: string;
  dateBasis: string;
  statuses?: string[] | null;
  /** Honours only: levels to include (e.g. 金华市级及以上). */
  levels?: HonourLevel[] | null;
  attribute?: { key: string; value: string } | null;
}
