import type { FieldIssue } from '../../errors';
import { ORG_TYPE_ZH, type OrgType } from '../../../shared/org-types';
import { EDUCATIONS, EDUCATION_ZH, PROGRAMME_FORM_FIELDS, TALENT_TIERS, type ApplicationFieldDef, type Education, type ProgrammeKind, type ProgrammeRules, type TalentTier } from '../../../shared/talent';

/**
 * An application's fields checked against its programme — no database here, so every rule and
 * message is tested directly (eligibility.test.ts). A draft is checked for format only; a
 * submission also for completeness, eligibility and the required documents.
 */
export interface ApplicationFacts {
  tier: TalentTier | null;
  education: Education | null;
  employerUnitId: number | null;
  /** The employer's org unit type, when one is named and found. */
  employerType: string | null;
  yearsInCounty: number | null;
  form: Record<string, string>;
  /** Document keys with at least one file. */
  documents: ReadonlySet<string>;
}

/** A tier's rank: A (顶尖) is 0, E is 4. */
const tierRank = (t: TalentTier) => TALENT_TIERS.indexOf(t);
const educationRank = (e: Education) => EDUCATIONS.indexOf(e);

/** "该政策仅限B类及以上人才申请" when the allowed tiers are A down to one tier, else the list. */
export function tierRuleText(tiers: readonly TalentTier[]): string {
  const sorted = [...new Set(tiers)].sort((a, b) => tierRank(a) - tierRank(b));
  const fromTop = sorted.every((t, i) => tierRank(t) === i);
  if (fromTop && sorted.length < TALENT_TIERS.length) return sorted.length === 1 ? `该政策仅限${sorted[0]}类人才申请` : `该政策仅限${sorted[sorted.length - 1]}类及以上人才申请`;
  return `该政策仅限${sorted.map((t) => `${t}类`).join('、')}人才申请`;
}

/** The programme's own fields: text within its length and pattern, dates and numbers well formed. */
function checkFormat(def: ApplicationFieldDef, raw: string | undefined, issues: FieldIssue[]) {
  const path = `form.${def.key}`;
  const value = raw?.trim() ?? '';
  if (!value) return;
  if (def.type === 'text') {
    if (def.max && value.length > def.max) issues.push({ path, message: `${def.label}不能超过 ${def.max} 个字` });
    else if (def.pattern && !new RegExp(def.pattern.source).test(value)) issues.push({ path, message: def.pattern.message });
  } else if (def.type === 'date') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)) || !new Date(value).toISOString().startsWith(value)) issues.push({ path, message: `${def.label}格式应为 2022-06-30` });
    else if (value > chinaToday()) issues.push({ path, message: `${def.label}不能晚于今天` });
  } else {
    const n = Number(value);
    if (!Number.isFinite(n)) issues.push({ path, message: `${def.label}应为数字` });
    else if (def.min != null && n < def.min) issues.push({ path, message: `${def.label}不能小于 ${def.min}` });
    else if (def.max != null && n > def.max) issues.push({ path, message: `${def.label}不能大于 ${def.max}` });
  }
}

/** Today in China Standard Time, as YYYY-MM-DD. */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Format problems of a draft: what is filled in must be well formed; nothing is required yet. */
export function draftIssues(kind: ProgrammeKind, facts: Pick<ApplicationFacts, 'form'>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const known = new Set(PROGRAMME_FORM_FIELDS[kind].map((d) => d.key));
  for (const key of Object.keys(facts.form)) if (!known.has(key)) issues.push({ path: `form.${key}`, message: `该政策没有“${key}”这一项` });
  for (const def of PROGRAMME_FORM_FIELDS[kind]) checkFormat(def, facts.form[def.key], issues);
  return issues;
}

/**
 * Everything that stands between a draft and its submission: missing fields, the programme's
 * eligibility rules (each with its own message) and the required documents.
 */
export function submissionIssues(kind: ProgrammeKind, rules: ProgrammeRules, facts: ApplicationFacts): FieldIssue[] {
  const issues = draftIssues(kind, facts);
  const add = (path: string, message: string) => issues.push({ path, message });

  if (!facts.tier) add('tier', '请选择人才层次');
  else if (rules.tiers.length && !rules.tiers.includes(facts.tier)) add('tier', tierRuleText(rules.tiers));
  else if (kind === 'housing_subsidy' && rules.amounts[facts.tier] == null) add('tier', `该政策未设定${facts.tier}类人才的补助标准`);

  if (!facts.education) add('education', '请选择最高学历');
  else if (rules.minEducation && educationRank(facts.education) < educationRank(rules.minEducation)) add('education', `该政策要求${EDUCATION_ZH[rules.minEducation]}及以上学历`);

  if (!facts.employerUnitId) {
    if (rules.employerRequired) add('employerUnitId', '该政策要求填写在本县的用人单位');
  } else if (rules.employerTypes.length && (!facts.employerType || !rules.employerTypes.includes(facts.employerType))) {
    add('employerUnitId', `用人单位须为${rules.employerTypes.map((t) => ORG_TYPE_ZH[t as OrgType] ?? t).join('或')}`);
  }

  if (facts.yearsInCounty == null) {
    if (rules.minYearsInCounty != null) add('yearsInCounty', '请填写在本县工作年限');
  } else if (rules.minYearsInCounty != null && facts.yearsInCounty < rules.minYearsInCounty) {
    add('yearsInCounty', `在本县工作年限须满${rules.minYearsInCounty}年`);
  }

  for (const def of PROGRAMME_FORM_FIELDS[kind]) if (def.required && !facts.form[def.key]?.trim()) add(`form.${def.key}`, `请填写${def.label}`);
  for (const doc of rules.documents) if (doc.required && !facts.documents.has(doc.key)) add(`documents.${doc.key}`, `请上传${doc.label}`);
  return issues;
}

/** The subsidy for a tier under the programme's rules, in 元, or null when none is set. */
export const amountFor = (rules: ProgrammeRules, tier: TalentTier | null): number | null => (tier ? (rules.amounts[tier] ?? null) : null);
