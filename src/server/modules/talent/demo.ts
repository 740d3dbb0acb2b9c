import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { rng, syntheticIdNumber, syntheticName, syntheticPhone, type Rng } from '../../db/demo/synthetic';
import { createUserAsSystem } from '../auth';
import { findUnitsByCodes, unitsOfTypesUnder } from '../org';
import { insertPeople, personsByIdNumbers, type NewPerson } from '../people';
import { diskFileStore } from '../ledger';
import type { Education, ProgrammeRules, ReviewStep, TalentTier } from '../../../shared/talent';
import { talentApplicationFiles, talentApplications, talentPayments, talentProgrammes, talentReviews } from './talent.table';

/**
 * The demo county's talent services, from the seed's "首位力度出台人才安居安心政策，半年发放人才
 * 购房补助1.2亿元": a housing-subsidy programme (A类100万元 … E类10万元) with the 2021 and 2022
 * applications it approved and paid — 6,800万元 in 2021, 12,000万元 in 2022, all of 2022's in
 * January–June — so 人才购房补助发放额 (RC_GFBZ) is counted from the payment ledger; and
 * applications at every review step, drafts, a return and rejections for the live demo.
 * Applicants are synthetic people with the registry role 'talent' (IDs from this module's own
 * random stream, checked against the registry). Accounts: `talent` (a personal account with no
 * application yet), `employer` (石柱镇's demo enterprise, village role) and one HR account per
 * other demo enterprise, which recorded the employer's step of the historical applications.
 * A smaller county (tests) gets one historical application per tier and year.
 */

/** 元 per tier under the demo's 人才购房补助. */
const AMOUNTS: Record<TalentTier, number> = { A: 1_000_000, B: 800_000, C: 500_000, D: 300_000, E: 100_000 };
/** Approved and paid applications per year and tier: 2021 sums to 6,800万元, 2022 to 12,000万元. */
const PAID: Record<'2021' | '2022', Record<TalentTier, number>> = {
  '2021': { A: 10, B: 20, C: 40, D: 40, E: 100 },
  '2022': { A: 20, B: 30, C: 60, D: 70, E: 250 },
};
const FULL_COUNTY_TOWNS = 14;

export const HOUSING_RULES: ProgrammeRules = {
  tiers: ['A', 'B', 'C', 'D', 'E'],
  minEducation: 'bachelor',
  employerRequired: true,
  employerTypes: ['enterprise', 'school'],
  minYearsInCounty: 1,
  amounts: AMOUNTS,
  scores: {},
  documents: [
    { key: 'degree', label: '学历学位证书', required: true },
    { key: 'tier_cert', label: '人才层次认定证明', required: true },
    { key: 'purchase', label: '购房合同及发票', required: true },
    { key: 'labour', label: '劳动合同或社保缴纳证明', required: true },
  ],
};

const ALLOWANCE_RULES: ProgrammeRules = {
  tiers: ['A', 'B'],
  minEducation: 'master',
  employerRequired: true,
  employerTypes: ['enterprise', 'school'],
  minYearsInCounty: 2,
  amounts: { A: 200_000, B: 100_000 },
  scores: {},
  documents: [
    { key: 'degree', label: '学历学位证书', required: true },
    { key: 'tier_cert', label: '人才层次认定证明', required: true },
  ],
};

const SCHOOLS = ['浙江大学', '浙江工业大学', '中国计量大学', '浙江师范大学', '哈尔滨工业大学', '上海交通大学', '华中科技大学', '东北大学', '合肥工业大学', '浙江科技大学'];
const MAJORS = ['机械工程', '材料科学与工程', '电气工程及其自动化', '工业设计', '金属材料工程', '控制科学与工程', '车辆工程', '软件工程'];
const POSTS = ['研发工程师', '技术总监', '工艺主管', '质量经理', '产品设计师', '研究院副院长'];
const ESTATES = ['金城花园', '丽州府', '华溪新苑', '五金城公寓', '方岩雅苑', '溪心园'];
const EDUCATION_BY_TIER: Record<TalentTier, Education[]> = { A: ['doctor'], B: ['doctor', 'master'], C: ['master', 'doctor'], D: ['master', 'bachelor'], E: ['bachelor', 'master'] };

/** A one-page PDF standing in for every uploaded certificate (stored once: files are content-addressed). */
const DEMO_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

const day = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** An instant on a China Standard Time working day, 09:00–17:59. */
const at = (d: string, r: Rng) => new Date(`${d}T${String(r.int(9, 17)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:00+08:00`);
const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);
const dateBetween = (r: Rng, from: string, to: string) => day(from, r.int(0, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000)));

interface Planned {
  tier: TalentTier;
  employer: { id: number; code: string };
  /** What happened to it: paid in a year, or where it stands now. */
  fate: 'paid2021' | 'paid2022' | 'employer' | 'office' | 'committee' | 'approved' | 'returned' | 'rejected_employer' | 'rejected_office' | 'draft' | 'withdrawn';
}

export async function seedTalentDemo(ctx: AppContext, db: DbOrTx, countyCode: string, opts: { password: string }) {
  const r = rng(20220630);
  const [county] = await findUnitsByCodes(db, [countyCode]);
  const [zzb] = await findUnitsByCodes(db, [`${countyCode}-ZZB`]);
  const owner = zzb ?? county;
  const towns = await unitsOfTypesUnder(db, county.path, ['town', 'street']);
  const enterprises = (await unitsOfTypesUnder(db, county.path, ['enterprise'])).filter((u) => /-QY1$/.test(u.code));
  const home = enterprises.find((u) => u.code === '330784105-QY1') ?? enterprises[0];
  if (!home) return { accounts: [], people: 0, applications: 0, payments: 0 };

  // Accounts: the employer of 石柱镇's enterprise, HR of the others, and a talent's personal account.
  const accounts: { username: string; displayName: string; role: 'village' | 'personal'; unitCode: string; unitName: string }[] = [];
  const hr = new Map<number, { id: number; name: string }>();
  for (const e of enterprises) {
    const username = e.id === home.id ? 'employer' : `employer_${e.code.replace(/-QY1$/, '')}`;
    const displayName = `${e.name.replace(/（演示）$/, '')}人事专员（演示）`;
    const u = await createUserAsSystem(ctx, { username, displayName, orgUnitCode: e.code, role: 'village', password: opts.password, via: '演示数据' }, db);
    hr.set(e.id, { id: u.id, name: displayName });
    if (e.id === home.id) accounts.push({ username, displayName, role: 'village', unitCode: e.code, unitName: e.name });
  }
  const staff = await queryRows<{ id: number; username: string; displayName: string }>(
    db,
    sql`select id, username, display_name as "displayName" from users where tenant_id = ${countyCode} and username in ('zzb', 'xcb', 'admin')`,
  );
  const office = staff.find((s) => s.username === 'zzb') ?? staff[0];
  const committee = staff.find((s) => s.username === 'xcb') ?? staff.find((s) => s.username === 'admin')!;

  // Programmes.
  const [housing] = await db
    .insert(talentProgrammes)
    .values({ tenantId: countyCode, code: 'RCGFBZ', name: '人才购房补助', kind: 'housing_subsidy', ownerUnitId: owner.id, rules: HOUSING_RULES, opensOn: '2021-01-01', closesOn: null, updatedBy: '演示数据' })
    .returning();
  await db
    .insert(talentProgrammes)
    .values({ tenantId: countyCode, code: 'RCSHJT', name: '高层次人才生活津贴（B类及以上）', kind: 'other', ownerUnitId: owner.id, rules: ALLOWANCE_RULES, opensOn: '2023-01-01', closesOn: null, updatedBy: '演示数据' });

  // What to generate: the historical applications (scaled down for a small county) and the live pipeline.
  const small = towns.length < FULL_COUNTY_TOWNS;
  const plan: Planned[] = [];
  const pick = () => enterprises[r.int(0, enterprises.length - 1)];
  for (const year of ['2021', '2022'] as const) {
    for (const tier of ['A', 'B', 'C', 'D', 'E'] as const) {
      const n = small ? 1 : PAID[year][tier];
      for (let i = 0; i < n; i++) plan.push({ tier, employer: pick(), fate: year === '2021' ? 'paid2021' : 'paid2022' });
    }
  }
  const live: [Planned['fate'], TalentTier, boolean][] = [
    ['employer', 'C', true],
    ['employer', 'E', true],
    ['employer', 'D', false],
    ['employer', 'B', false],
    ['office', 'C', true],
    ['office', 'E', false],
    ['office', 'D', false],
    ['committee', 'B', true],
    ['committee', 'E', false],
    ['committee', 'D', false],
    ['approved', 'C', true],
    ['approved', 'E', false],
    ['approved', 'D', false],
    ['returned', 'E', true],
    ['rejected_employer', 'D', false],
    ['rejected_office', 'C', false],
    ['draft', 'E', true],
    ['draft', 'D', false],
    ['draft', 'C', false],
    ['withdrawn', 'E', false],
  ];
  for (const [fate, tier, atHome] of live) plan.push({ tier, employer: atHome ? home : pick(), fate });

  // Applicants, plus the demo talent of the personal account.
  const people: NewPerson[] = [];
  const used = new Set<string>();
  const person = (employerId: number, startYear: number): NewPerson => {
    const birthYear = r.int(1975, 1997);
    const male = r.next() < 0.65;
    return { tenantId: countyCode, name: syntheticName(r), idNumber: syntheticIdNumber(r, birthYear, male, used).id, phone: syntheticPhone(8_000_000 + people.length), orgUnitId: employerId, source: 'demo', roles: [{ role: 'talent', startDate: `${startYear}-07-01` }] };
  };
  for (const p of plan) people.push(person(p.employer.id, p.fate === 'paid2021' ? r.int(2015, 2019) : r.int(2016, 2024)));
  people.push(person(home.id, 2023));
  // The registry's own synthetic people draw from the same ID space: replace any that exist already.
  for (let guard = 0; guard < 20; guard++) {
    const taken = await personsByIdNumbers(ctx, db, people.map((p) => p.idNumber));
    if (!taken.size) break;
    for (const p of people) if (taken.has(p.idNumber)) p.idNumber = syntheticIdNumber(r, Number(p.idNumber.slice(6, 10)), Number(p.idNumber[16]) % 2 === 1, used).id;
  }
  await insertPeople(ctx, db, people);
  const byId = await personsByIdNumbers(ctx, db, people.map((p) => p.idNumber));
  const personIds = people.map((p) => byId.get(p.idNumber)!.id);
  const talentPerson = personIds[personIds.length - 1];
  const talentName = people[people.length - 1].name;
  await createUserAsSystem(ctx, { username: 'talent', displayName: `${talentName}（演示人才）`, orgUnitCode: home.code, role: 'personal', personId: talentPerson, password: opts.password, via: '演示数据' }, db);
  accounts.push({ username: 'talent', displayName: `${talentName}（演示人才）`, role: 'personal', unitCode: home.code, unitName: home.name });

  // Applications with their reviews, documents and payments.
  const stored = await diskFileStore(ctx.config.dataDir).put(DEMO_PDF);
  const apps: (typeof talentApplications.$inferInsert)[] = [];
  const steps: { step: ReviewStep; decision: 'approve' | 'reject' | 'return'; reason: string | null; on: string }[][] = [];
  const pays: { amount: number; paidOn: string; reference: string; reverses?: number; note?: string }[][] = [];
  let voucher = 0;
  const ref = (d: string) => `CZ${d.slice(0, 4)}${String(++voucher).padStart(5, '0')}`;
  let reversalPlaced = false;
  plan.forEach((p, i) => {
    const education = r.pick(EDUCATION_BY_TIER[p.tier]);
    let submitted: string;
    if (p.fate === 'paid2021') submitted = dateBetween(r, '2021-01-05', '2021-10-31');
    else if (p.fate === 'paid2022') submitted = dateBetween(r, '2021-11-01', '2022-04-25');
    else submitted = dateBetween(r, '2026-09-20', '2026-10-28');
    const purchase = day(submitted, -r.int(20, 300));
    const form: Record<string, string> = {
      school: r.pick(SCHOOLS),
      major: r.pick(MAJORS),
      position: r.pick(POSTS),
      houseAddress: `永康市${r.pick(ESTATES)}${r.int(1, 18)}幢${r.int(1, 3)}单元${r.int(2, 26)}0${r.int(1, 4)}室`,
      contractNo: `YKSPF${purchase.slice(0, 4)}${String(r.int(1, 99999)).padStart(5, '0')}`,
      purchaseDate: purchase,
      floorArea: String(r.int(80, 180)),
    };
    const e = day(submitted, r.int(2, 5));
    const o = day(e, r.int(5, 10));
    const c = day(o, r.int(7, 14));
    const history: (typeof steps)[number] = [];
    const payments: (typeof pays)[number] = [];
    let status = 'approved';
    let pendingStep: ReviewStep | null = null;
    let decided: string | null = null;
    let granted: number | null = null;
    const approve = (step: ReviewStep, on: string) => history.push({ step, decision: 'approve', reason: null, on });
    switch (p.fate) {
      case 'paid2021':
      case 'paid2022': {
        approve('employer', e);
        approve('office', o);
        approve('committee', c);
        decided = c;
        granted = AMOUNTS[p.tier];
        const first = p.fate === 'paid2021' ? day(c, r.int(5, 20)) : later(day(c, r.int(5, 20)), '2022-01-05');
        if (p.fate === 'paid2022' && p.tier === 'A') {
          // A类 in two instalments, both in the first half of 2022.
          const second = earlier(day(first, r.int(20, 40)), '2022-06-28');
          payments.push({ amount: granted / 2, paidOn: first, reference: ref(first) }, { amount: granted / 2, paidOn: second, reference: ref(second) });
        } else if (p.fate === 'paid2022' && p.tier === 'E' && !reversalPlaced && first <= '2022-06-20') {
          // One payment sent to a wrong account: reversed, then paid again.
          reversalPlaced = true;
          payments.push({ amount: granted, paidOn: first, reference: ref(first) });
          payments.push({ amount: -granted, paidOn: day(first, 3), reference: ref(day(first, 3)), reverses: 0, note: '收款账户信息有误，资金退回，冲销后重新发放' });
          payments.push({ amount: granted, paidOn: day(first, 6), reference: ref(day(first, 6)) });
        } else payments.push({ amount: granted, paidOn: first, reference: ref(first) });
        break;
      }
      case 'employer':
        status = 'submitted';
        pendingStep = 'employer';
        break;
      case 'office':
        approve('employer', e);
        status = 'submitted';
        pendingStep = 'office';
        break;
      case 'committee':
        approve('employer', e);
        approve('office', o);
        status = 'submitted';
        pendingStep = 'committee';
        break;
      case 'approved':
        approve('employer', e);
        approve('office', o);
        approve('committee', c);
        decided = c;
        granted = AMOUNTS[p.tier];
        break;
      case 'returned':
        approve('employer', e);
        history.push({ step: 'office', decision: 'return', reason: '购房合同未见备案登记页，请补充上传经不动产登记机构备案的购房合同', on: o });
        status = 'returned';
        break;
      case 'rejected_employer':
        history.push({ step: 'employer', decision: 'reject', reason: '经核实，申请人未与本单位签订劳动合同，社保亦不在本单位缴纳', on: e });
        status = 'rejected';
        decided = e;
        break;
      case 'rejected_office':
        approve('employer', e);
        history.push({ step: 'office', decision: 'reject', reason: '人才层次认定证明与申报的C类层次不符，经复核应为D类，请按D类重新申请', on: o });
        status = 'rejected';
        decided = o;
        break;
      case 'draft':
      case 'withdrawn':
        status = p.fate;
        break;
    }
    const wasSubmitted = p.fate !== 'draft' && p.fate !== 'withdrawn';
    apps.push({
      tenantId: countyCode,
      programmeId: housing.id,
      personId: personIds[i],
      employerUnitId: p.employer.id,
      tier: p.tier,
      education,
      yearsInCounty: Math.max(1, Number(submitted.slice(0, 4)) - Number(people[i].roles[0].startDate.slice(0, 4))),
      // A draft is kept as far as it was typed.
      form: p.fate === 'draft' ? { school: form.school, major: form.major } : form,
      status,
      pendingStep,
      grantedAmount: granted,
      submittedAt: wasSubmitted ? at(submitted, r) : null,
      decidedAt: decided ? at(decided, r) : null,
      createdAt: at(day(submitted, -r.int(0, 3)), r),
      updatedAt: at(history.length ? history[history.length - 1].on : submitted, r),
    });
    steps.push(history);
    pays.push(payments);
  });

  const appIds: number[] = [];
  for (let i = 0; i < apps.length; i += 500) appIds.push(...(await db.insert(talentApplications).values(apps.slice(i, i + 500)).returning({ id: talentApplications.id })).map((x) => x.id));

  const reviewRows: (typeof talentReviews.$inferInsert)[] = [];
  const fileRows: (typeof talentApplicationFiles.$inferInsert)[] = [];
  plan.forEach((p, i) => {
    const reviewer = { employer: hr.get(p.employer.id)!, office: { id: office.id, name: office.displayName }, committee: { id: committee.id, name: committee.displayName } };
    for (const s of steps[i]) reviewRows.push({ applicationId: appIds[i], step: s.step, decision: s.decision, reason: s.reason, reviewerId: reviewer[s.step].id, reviewerName: reviewer[s.step].name, createdAt: at(s.on, r) });
    const docs = p.fate === 'draft' ? HOUSING_RULES.documents.slice(0, 1) : p.fate === 'returned' ? HOUSING_RULES.documents.filter((d) => d.key !== 'purchase') : HOUSING_RULES.documents;
    for (const d of docs) fileRows.push({ applicationId: appIds[i], docKey: d.key, fileName: `${d.label}.pdf`, mime: 'application/pdf', size: DEMO_PDF.length, sha256: stored.sha256, storageKey: stored.key, createdAt: apps[i].createdAt });
  });
  for (let i = 0; i < reviewRows.length; i += 1000) await db.insert(talentReviews).values(reviewRows.slice(i, i + 1000));
  for (let i = 0; i < fileRows.length; i += 1000) await db.insert(talentApplicationFiles).values(fileRows.slice(i, i + 1000));

  // Payments in date order, so the ledger's numbers follow the calendar; then the reversal,
  // which names the payment it cancels.
  const payRows = plan.flatMap((_, i) => pays[i].map((x, k) => ({ ...x, i, k }))).sort((a, b) => a.paidOn.localeCompare(b.paidOn) || a.i - b.i || a.k - b.k);
  const row = (x: (typeof payRows)[number], reversesId: number | null): typeof talentPayments.$inferInsert => ({
    tenantId: countyCode,
    programmeId: housing.id,
    applicationId: appIds[x.i],
    amount: x.amount,
    paidOn: x.paidOn,
    reference: x.reference,
    reversesId,
    note: x.note ?? null,
    createdBy: office.displayName,
    createdAt: at(x.paidOn, r),
  });
  const plain = payRows.filter((x) => x.reverses == null);
  const paidId = new Map<string, number>();
  for (let i = 0; i < plain.length; i += 500) {
    const chunk = plain.slice(i, i + 500);
    const ids = await db.insert(talentPayments).values(chunk.map((x) => row(x, null))).returning({ id: talentPayments.id });
    chunk.forEach((x, j) => paidId.set(`${x.i}:${x.k}`, ids[j].id));
  }
  for (const x of payRows.filter((y) => y.reverses != null)) await db.insert(talentPayments).values(row(x, paidId.get(`${x.i}:${x.k - 1}`)!));
  const count = payRows.length;
  return { accounts, people: people.length, applications: apps.length, payments: count };
}

