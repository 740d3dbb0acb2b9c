import { describe, expect, it } from 'vitest';
import type { ProgrammeRules } from '../../../shared/talent';
import { draftIssues, submissionIssues, tierRuleText, type ApplicationFacts } from './eligibility';

const RULES: ProgrammeRules = {
  tiers: ['A', 'B'],
  minEducation: 'master',
  employerRequired: true,
  employerTypes: ['enterprise', 'school'],
  minYearsInCounty: 2,
  amounts: { A: 200_000, B: 100_000 },
  scores: {},
  documents: [
    { key: 'degree', label: '学历学位证书', required: true },
    { key: 'photo', label: '近期照片', required: false },
  ],
};
const FORM = { school: '浙江大学', major: '材料科学与工程', summary: '申请生活津贴' };
const ELIGIBLE: ApplicationFacts = { tier: 'B', education: 'doctor', employerUnitId: 7, employerType: 'enterprise', yearsInCounty: 2, form: FORM, documents: new Set(['degree']) };
const messages = (facts: Partial<ApplicationFacts>, rules = RULES) => Object.fromEntries(submissionIssues('other', rules, { ...ELIGIBLE, ...facts }).map((i) => [i.path, i.message]));

describe('eligibility of a talent application', () => {
  it('accepts an application that meets every rule (optional documents may be missing)', () => {
    expect(submissionIssues('other', RULES, ELIGIBLE)).toEqual([]);
  });

  it('names the tiers a programme takes in the words of a policy', () => {
    expect(tierRuleText(['A', 'B'])).toBe('该政策仅限B类及以上人才申请');
    expect(tierRuleText(['B', 'A', 'C'])).toBe('该政策仅限C类及以上人才申请');
    expect(tierRuleText(['A'])).toBe('该政策仅限A类人才申请');
    expect(tierRuleText(['A', 'C'])).toBe('该政策仅限A类、C类人才申请');
    expect(messages({ tier: 'C' })).toEqual({ tier: '该政策仅限B类及以上人才申请' });
  });

  it('gives a message per rule the applicant does not meet', () => {
    expect(messages({ education: 'bachelor' })).toEqual({ education: '该政策要求硕士研究生及以上学历' });
    expect(messages({ yearsInCounty: 1 })).toEqual({ yearsInCounty: '在本县工作年限须满2年' });
    expect(messages({ employerUnitId: null, employerType: null })).toEqual({ employerUnitId: '该政策要求填写在本县的用人单位' });
    expect(messages({ employerType: 'village' })).toEqual({ employerUnitId: '用人单位须为企业或学校' });
    expect(messages({ documents: new Set() })).toEqual({ 'documents.degree': '请上传学历学位证书' });
    expect(messages({ tier: null, education: null, yearsInCounty: null })).toEqual({ tier: '请选择人才层次', education: '请选择最高学历', yearsInCounty: '请填写在本县工作年限' });
  });

  it('asks nothing a programme does not require', () => {
    const open: ProgrammeRules = { tiers: [], minEducation: null, employerRequired: false, employerTypes: [], minYearsInCounty: null, amounts: {}, scores: {}, documents: [] };
    expect(messages({ tier: 'E', education: 'college', employerUnitId: null, employerType: null, yearsInCounty: null, documents: new Set() }, open)).toEqual({});
  });

  it('needs a subsidy amount for the applicant’s tier in a housing subsidy', () => {
    const housing = { ...RULES, tiers: [], minEducation: null, employerRequired: false, employerTypes: [], minYearsInCounty: null, documents: [] };
    const form = { school: '浙大', major: '机械', houseAddress: '永康市某小区', contractNo: 'YK-2026-01', purchaseDate: '2026-01-02', floorArea: '90' };
    expect(submissionIssues('housing_subsidy', housing, { ...ELIGIBLE, tier: 'C', form }).map((i) => i.message)).toEqual(['该政策未设定C类人才的补助标准']);
  });

  it('checks the format of what a draft holds, and requires nothing yet', () => {
    expect(draftIssues('housing_subsidy', { form: {} })).toEqual([]);
    const issues = draftIssues('housing_subsidy', { form: { contractNo: '合同', purchaseDate: '2026-13-01', floorArea: '九十', unknown: 'x' } });
    expect(Object.fromEntries(issues.map((i) => [i.path, i.message]))).toEqual({
      'form.unknown': '该政策没有“unknown”这一项',
      'form.contractNo': '购房合同备案号应为6至40位字母、数字或短横线',
      'form.purchaseDate': '购房日期格式应为 2022-06-30',
      'form.floorArea': '建筑面积（平方米）应为数字',
    });
    expect(draftIssues('housing_subsidy', { form: { purchaseDate: '2999-01-01' } })).toEqual([{ path: 'form.purchaseDate', message: '购房日期不能晚于今天' }]);
  });
});
