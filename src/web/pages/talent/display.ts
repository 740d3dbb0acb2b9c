import { ORG_TYPE_ZH } from '../../../shared/org-types';
import { EDUCATION_ZH, TALENT_TIERS, type ProgrammeRules } from '../../../shared/talent';

/** "B类及以上 · 硕士及以上 · 企业/学校 · 满2年" */
export function rulesSummary(r: ProgrammeRules): string {
  const parts: string[] = [];
  if (r.tiers.length && r.tiers.length < TALENT_TIERS.length) {
    const sorted = [...r.tiers].sort();
    // A, B → "B类及以上", as policies say it.
    parts.push(sorted.every((t, i) => t === TALENT_TIERS[i]) && sorted.length > 1 ? `${sorted[sorted.length - 1]}类及以上` : `${sorted.join('、')}类`);
  }
  if (r.minEducation) parts.push(`${EDUCATION_ZH[r.minEducation]}及以上`);
  if (r.employerRequired) parts.push(r.employerTypes.length ? `用人单位：${r.employerTypes.map((t) => ORG_TYPE_ZH[t as keyof typeof ORG_TYPE_ZH] ?? t).join('/')}` : '须有用人单位');
  if (r.minYearsInCounty != null) parts.push(`在本县工作满${r.minYearsInCounty}年`);
  return parts.join(' · ') || '不限';
}

