import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { rng, syntheticIdNumber, syntheticName, syntheticPhone, type Rng } from '../../db/demo/synthetic';
import type { ProgrammeRules, RecruitmentLevel, RecruitmentStage } from '../../../shared/talent';
import { users } from '../auth';
import { findUnitsByCodes, unitsOfTypesUnder } from '../org';
import { insertPeople, personsByIdNumbers, personsUnder, type NewPerson } from '../people';
import { eq } from 'drizzle-orm';

/**
 * Demo records of talent housing and overseas recruitment, generated so the seed's figures come
 * out of them: 3,126 policy flats sold (金蓝领公寓) and 255 free rentals to talents in 2022, 180
 * in 2021; 19 provincial candidates at the defence and 2 national / 4 provincial selections in
 * 2022 (11 and 1 / 3 in 2021), and a national 复审通过率 of 40% (2021) and 50% (2022). An open
 * apartment programme has approved applications waiting for the allocation to be run. Its own
 * random stream, so no other module's demo figures move. `small` (the test county) keeps the
 * recruitment figures and shrinks the housing to a few dozen flats.
 */

const SALE_ESTATES = ['金蓝领公寓·城东苑（演示）', '金蓝领公寓·江南苑（演示）', '金蓝领公寓·西溪苑（演示）', '金蓝领公寓·花街苑（演示）'];
const RENT_ESTATES = ['人才公寓·科创苑（演示）', '人才公寓·五金城苑（演示）'];
const FIELDS = ['智能制造', '新材料', '新能源汽车零部件', '高端装备', '工业互联网', '五金工具设计', '精密加工', '生物医药', '数字经济', '储能技术'];

interface Plan {
  saleEstates: number;
  saleFlatsPerEstate: number;
  sold2022: number;
  rentFlats: number[];
  free2021: number;
  free2022: number;
  rent2024: number;
}

const FULL: Plan = { saleEstates: 4, saleFlatsPerEstate: 800, sold2022: 3126, rentFlats: [200, 160], free2021: 180, free2022: 255, rent2024: 24 };
const SMALL: Plan = { saleEstates: 1, saleFlatsPerEstate: 40, sold2022: 31, rentFlats: [20], free2021: 6, free2022: 9, rent2024: 2 };

const pad = (n: number) => String(n).padStart(2, '0');
const day = (year: number, dayOfYear: number) => new Date(Date.UTC(year, 0, dayOfYear)).toISOString().slice(0, 10);
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const addYears = (date: string, n: number) => addDays(`${Number(date.slice(0, 4)) + n}${date.slice(4)}`, -1);

/** `n` building × floor × flat numbers for an estate: 1幢 101, 102, 201… */
function flatsOf(estate: string, n: number, perFloor: number, floors: number, areas: number[], r: Rng) {
  const out: { estate: string; building: string; unitNo: string; area: number }[] = [];
  for (let b = 1; out.length < n; b++) {
    for (let f = 1; f <= floors && out.length < n; f++) {
      for (let k = 1; k <= perFloor && out.length < n; k++) out.push({ estate, building: `${b}幢`, unitNo: `${f}${pad(k)}`, area: areas[(k - 1) % areas.length] + r.int(0, 8) * 0.5 });
    }
  }
  return out;
}

export async function seedHousingDemo(ctx: AppContext, db: DbOrTx, countyCode: string, opts: { small?: boolean } = {}) {
  const r = rng(20230318);
  const plan = opts.small ? SMALL : FULL;
  const [county] = await findUnitsByCodes(db, [countyCode]);
  const towns = await unitsOfTypesUnder(db, county.path, ['town', 'street']);
  const enterprises = await unitsOfTypesUnder(db, county.path, ['enterprise']);
  const [zzb] = await findUnitsByCodes(db, [`${countyCode}-ZZB`]);

  // ---- talents: the registry's own first, then plainly synthetic ones for the rest.
  const waitingApplicants = 11;
  const needed = plan.sold2022 + plan.free2022 + (plan.free2021 - Math.floor(plan.free2021 * 0.55)) + plan.rent2024 + waitingApplicants;
  const existing = (await personsUnder(db, county.path, { role: 'talent' })).map((p) => p.id);
  const added = await addTalents(ctx, db, countyCode, Math.max(0, needed - existing.length), enterprises.map((e) => e.id), r);
  const talents = (await personsUnder(db, county.path, { role: 'talent' })).map((p) => p.id);
  let next = 0;
  const take = () => talents[next++];

  // ---- the inventory.
  const sale = SALE_ESTATES.slice(0, plan.saleEstates).flatMap((e) => flatsOf(e, plan.saleFlatsPerEstate, 2, 20, [60, 75, 90, 105, 120], r));
  const rent = RENT_ESTATES.slice(0, plan.rentFlats.length).flatMap((e, i) => flatsOf(e, plan.rentFlats[i], 4, 10, [45, 60, 75, 90], r));
  const placeOf = (estate: string) => towns[[...SALE_ESTATES, ...RENT_ESTATES].indexOf(estate) % towns.length].id;
  const insertFlats = async (list: typeof sale) => {
    const ids: number[] = [];
    for (let i = 0; i < list.length; i += 1000) {
      const rows = await queryRows<{ id: number }>(
        db,
        sql`insert into apartments (tenant_id, org_unit_id, estate, building, unit_no, area) values ${sql.join(
          list.slice(i, i + 1000).map((f) => sql`(${countyCode}, ${placeOf(f.estate)}, ${f.estate}, ${f.building}, ${f.unitNo}, ${f.area})`),
          sql`, `,
        )} returning id`,
      );
      ids.push(...rows.map((x) => x.id));
    }
    return ids;
  };
  const saleIds = await insertFlats(sale);
  const rentIds = await insertFlats(rent);

  // ---- contracts. Sales of 2022 (金蓝领公寓 went on sale in March), leaving flats free here and there.
  const contracts: { apartmentId: number; personId: number; kind: string; signedOn: string; startDate: string; endDate: string | null; terminatedOn: string | null }[] = [];
  const unsold = new Set<number>();
  while (unsold.size < saleIds.length - plan.sold2022) unsold.add(r.int(0, saleIds.length - 1));
  const buyers: number[] = [];
  saleIds.forEach((id, i) => {
    if (unsold.has(i)) return;
    const signedOn = day(2022, r.int(60, 350));
    const personId = take();
    buyers.push(personId);
    contracts.push({ apartmentId: id, personId, kind: 'sale', signedOn, startDate: addDays(signedOn, 30), endDate: null, terminatedOn: null });
  });
  // Free rentals of 2021: a year each, ended in the first half of 2022; about half of those
  // tenants bought a 金蓝领 flat afterwards.
  for (let i = 0; i < plan.free2021; i++) {
    const signedOn = day(2021, r.int(10, 170));
    const endDate = addYears(signedOn, 1);
    const personId = i < Math.floor(plan.free2021 * 0.55) ? buyers[i * 3] : take();
    contracts.push({ apartmentId: rentIds[i], personId, kind: 'free_rent', signedOn, startDate: signedOn, endDate, terminatedOn: endDate });
  }
  // Free rentals of 2022 (five years), on the flats freed in the spring and on new ones.
  for (let i = 0; i < plan.free2022; i++) {
    const signedOn = day(2022, r.int(185, 355));
    contracts.push({ apartmentId: rentIds[i], personId: take(), kind: 'free_rent', signedOn, startDate: signedOn, endDate: addYears(signedOn, 5), terminatedOn: null });
  }
  // A few ordinary rentals since.
  for (let i = 0; i < plan.rent2024; i++) {
    const signedOn = day(2024, r.int(60, 200));
    contracts.push({ apartmentId: rentIds[plan.free2022 + i], personId: take(), kind: 'rent', signedOn, startDate: signedOn, endDate: addYears(signedOn, 3), terminatedOn: null });
  }
  for (let i = 0; i < contracts.length; i += 1000) {
    await db.execute(
      sql`insert into apartment_contracts (tenant_id, apartment_id, person_id, kind, signed_on, start_date, end_date, terminated_on, created_by, created_at) values ${sql.join(
        contracts
          .slice(i, i + 1000)
          .map((c) => sql`(${countyCode}, ${c.apartmentId}, ${c.personId}, ${c.kind}, ${c.signedOn}, ${c.startDate}, ${c.endDate}, ${c.terminatedOn}, '演示数据', ${`${c.signedOn}T09:00:00+08:00`}::timestamptz)`),
        sql`, `,
      )}`,
    );
  }
  await db.execute(sql`update apartments a set status = case c.kind when 'sale' then 'sold' else 'rented' end
    from apartment_contracts c where c.apartment_id = a.id and c.terminated_on is null and a.tenant_id = ${countyCode}`);

  // ---- an open apartment programme with approved applications waiting for allocation.
  const rules: ProgrammeRules = {
    tiers: [],
    minEducation: 'bachelor',
    employerRequired: true,
    employerTypes: [],
    minYearsInCounty: null,
    amounts: {},
    scores: { A: 100, B: 90, C: 80, D: 70, E: 60 },
    documents: [
      { key: 'degree', label: '学历学位证书', required: true },
      { key: 'labour_contract', label: '劳动合同', required: true },
    ],
  };
  const [programme] = await queryRows<{ id: number }>(
    db,
    sql`insert into talent_programmes (tenant_id, code, name, kind, owner_unit_id, rules, opens_on, closes_on, updated_by, created_at, updated_at)
        values (${countyCode}, 'RCGY-2026', '2026年度人才公寓免费租住（演示）', 'apartment', ${zzb.id}, ${JSON.stringify(rules)}::jsonb, '2026-03-01', '2026-12-31', '组织部干部（演示）', '2026-02-20T02:00:00Z', '2026-02-20T02:00:00Z')
        returning id`,
  );
  const [reviewer] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'zzb'));
  // Two pairs tie on score, so the published order shows the tie broken by submission time.
  const apps: { tier: string; submitted: string; status: string; area?: string }[] = [
    { tier: 'C', submitted: '2026-03-12T10:20:00+08:00', status: 'approved', area: '60' },
    { tier: 'B', submitted: '2026-03-20T15:05:00+08:00', status: 'approved', area: '90' },
    { tier: 'D', submitted: '2026-03-05T09:12:00+08:00', status: 'approved' },
    { tier: 'C', submitted: '2026-03-03T08:40:00+08:00', status: 'approved' },
    { tier: 'E', submitted: '2026-03-02T11:00:00+08:00', status: 'approved', area: '45' },
    { tier: 'D', submitted: '2026-04-01T16:30:00+08:00', status: 'approved', area: '75' },
    { tier: 'A', submitted: '2026-04-08T10:00:00+08:00', status: 'approved' },
    { tier: 'D', submitted: '2026-03-28T14:45:00+08:00', status: 'approved' },
    { tier: 'C', submitted: '2026-05-06T09:30:00+08:00', status: 'submitted' },
    { tier: 'E', submitted: '2026-05-10T10:10:00+08:00', status: 'submitted' },
    { tier: 'D', submitted: '2026-04-15T15:00:00+08:00', status: 'rejected' },
  ];
  for (const a of apps) {
    const decided = a.status === 'submitted' ? null : '2026-06-18T10:00:00+08:00';
    const [row] = await queryRows<{ id: number }>(
      db,
      sql`insert into talent_applications (tenant_id, programme_id, person_id, employer_unit_id, tier, education, years_in_county, form, status, pending_step, score, submitted_at, decided_at, created_at, updated_at)
          values (${countyCode}, ${programme.id}, ${take()}, ${r.pick(enterprises).id}, ${a.tier}, ${r.pick(['bachelor', 'master', 'doctor'])}, ${r.int(1, 8)},
            ${JSON.stringify({ school: r.pick(['浙江工业大学', '浙江师范大学', '哈尔滨工业大学', '中国计量大学']), major: r.pick(['机械工程', '材料科学与工程', '电气工程', '工业设计']), familySize: String(r.int(1, 4)), ...(a.area ? { area: a.area } : {}) })}::jsonb,
            ${a.status}, ${a.status === 'submitted' ? 'office' : null}, ${a.status === 'approved' ? rules.scores[a.tier as 'A'] : null}, ${a.submitted}::timestamptz, ${decided}::timestamptz, ${a.submitted}::timestamptz, ${decided ?? a.submitted}::timestamptz)
          returning id`,
    );
    const steps = a.status === 'submitted' ? ['employer'] : ['employer', 'office', 'committee'];
    for (const [i, step] of steps.entries()) {
      const last = i === steps.length - 1 && a.status === 'rejected';
      await db.execute(
        sql`insert into talent_reviews (application_id, step, decision, reason, reviewer_id, reviewer_name, created_at)
            values (${row.id}, ${step}, ${last ? 'reject' : 'approve'}, ${last ? '在本县工作年限不足，不符合配租条件' : null}, ${reviewer.id}, ${step === 'employer' ? '用人单位审核员（演示）' : step === 'office' ? '人才办（演示）' : '评审委员会（演示）'},
              ${addDays(a.submitted.slice(0, 10), 7 * (i + 1))}::timestamptz)`,
      );
    }
  }

  // ---- the overseas recruitment pipeline: where each candidate of a round got to.
  const rounds: { year: number; level: RecruitmentLevel; stops: Partial<Record<RecruitmentStage, number>>; selected: number; open?: Partial<Record<RecruitmentStage, number>> }[] = [
    // 2021: national 5 screened, 2 at the defence (40%), 1 selected; provincial 11 at the defence, 3 selected.
    { year: 2021, level: 'national', stops: { applied: 4, screened: 3, defence: 1 }, selected: 1 },
    { year: 2021, level: 'provincial', stops: { applied: 5, screened: 4, defence: 8 }, selected: 3 },
    // 2022: national 8 screened, 4 at the defence (50%), 2 selected; provincial 19 at the defence, 4 selected.
    { year: 2022, level: 'national', stops: { applied: 6, screened: 4, defence: 2 }, selected: 2 },
    { year: 2022, level: 'provincial', stops: { applied: 6, screened: 5, defence: 15 }, selected: 4 },
    // This year's round, still under way.
    { year: 2026, level: 'national', stops: { applied: 2 }, selected: 0, open: { applied: 3, screened: 2, defence: 1 } },
    { year: 2026, level: 'provincial', stops: { applied: 3 }, selected: 0, open: { applied: 4, screened: 4, defence: 2 } },
  ];
  const PATH: RecruitmentStage[] = ['applied', 'screened', 'defence', 'selected'];
  let candidates = 0;
  for (const round of rounds) {
    const dates = (y: number): Record<RecruitmentStage, string> => ({ applied: `${y}-03-${pad(r.int(1, 28))}`, screened: `${y}-05-${pad(r.int(1, 28))}`, defence: `${y}-07-${pad(r.int(1, 28))}`, selected: `${y}-10-${pad(r.int(1, 28))}`, not_selected: '' });
    const people: { reached: RecruitmentStage; final: 'selected' | 'not_selected' | null }[] = [];
    for (const [stage, n] of Object.entries(round.stops)) for (let i = 0; i < n!; i++) people.push({ reached: stage as RecruitmentStage, final: 'not_selected' });
    for (let i = 0; i < round.selected; i++) people.push({ reached: 'selected', final: 'selected' });
    for (const [stage, n] of Object.entries(round.open ?? {})) for (let i = 0; i < n!; i++) people.push({ reached: stage as RecruitmentStage, final: null });
    for (const p of people) {
      const d = dates(round.year);
      const stage = p.final ?? p.reached;
      const [c] = await queryRows<{ id: number }>(
        db,
        sql`insert into recruitment_candidates (tenant_id, year, name, field, employer_unit_id, level, stage, stopped_at, created_by, created_at, updated_at)
            values (${countyCode}, ${round.year}, ${syntheticName(r)}, ${r.pick(FIELDS)}, ${r.pick(enterprises).id}, ${round.level}, ${stage}, ${p.final === 'not_selected' ? p.reached : null},
              '组织部干部（演示）', ${`${d.applied}T09:00:00+08:00`}::timestamptz, now()) returning id`,
      );
      candidates++;
      const upTo = PATH.indexOf(p.reached);
      const events: [RecruitmentStage | null, RecruitmentStage, string, string | null][] = [[null, 'applied', d.applied, '单位推荐申报']];
      for (let i = 1; i <= upTo; i++) events.push([PATH[i - 1], PATH[i], d[PATH[i]], i === 3 ? `入选${round.year}年度${round.level === 'national' ? '国家级' : '省级'}海外引才计划` : null]);
      if (p.final === 'not_selected') {
        const when = p.reached === 'applied' ? d.screened : p.reached === 'screened' ? d.defence : d.selected;
        events.push([p.reached, 'not_selected', when, p.reached === 'applied' ? '初审未通过' : p.reached === 'screened' ? '复审未入围答辩' : '答辩未入选']);
      }
      await db.execute(
        sql`insert into recruitment_stage_events (candidate_id, from_stage, to_stage, moved_on, note, moved_by, created_at) values ${sql.join(
          events.map(([from, to, on, note]) => sql`(${c.id}, ${from}, ${to}, ${on}, ${note}, '组织部干部（演示）', ${`${on}T10:00:00+08:00`}::timestamptz)`),
          sql`, `,
        )}`,
      );
    }
  }
  return { people: added, flats: saleIds.length + rentIds.length, contracts: contracts.length, candidates };
}

/** Synthetic talents working in the demo county's enterprises: generated names, checksum-valid IDs, 1990 phones. */
async function addTalents(ctx: AppContext, db: DbOrTx, tenantId: string, n: number, homes: number[], r: Rng) {
  if (n <= 0) return 0;
  const used = new Set<string>();
  const people: NewPerson[] = [];
  for (let i = 0; i < n; i++) {
    const birthYear = r.int(1975, 2000);
    const { id } = syntheticIdNumber(r, birthYear, r.next() < 0.62, used);
    // A serial block of its own in the 1990 test range, far above the registry's.
    people.push({ tenantId, name: syntheticName(r), idNumber: id, phone: syntheticPhone(6_000_000 + i), orgUnitId: r.pick(homes), source: 'demo', roles: [{ role: 'talent', startDate: `${r.int(2015, 2021)}-07-01` }] });
  }
  // A generated number may already belong to someone in the registry: draw again until none does.
  for (;;) {
    const taken = await personsByIdNumbers(ctx, db, people.map((p) => p.idNumber));
    if (!taken.size) break;
    for (const p of people) if (taken.has(p.idNumber)) p.idNumber = syntheticIdNumber(r, Number(p.idNumber.slice(6, 10)), Number(p.idNumber[16]) % 2 === 1, used).id;
  }
  await insertPeople(ctx, db, people);
  return people.length;
}
