// Talent apartments' and the recruitment pipeline's rows of the authorization matrix (see src/server/testing/matrix.ts).
import ExcelJS from 'exceljs';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import type { TestApp } from '../../testing/harness';
import { moduleMatrix } from '../../testing/matrix';
import { XLSX_MIME } from '../../xlsx';
import { allocationTokenFor } from './apartments.allocation';

interface HousingFixtures {
  /** A free flat, a rented flat's live contract, an apartment programme with one approved application and a free flat of its own estate, a published run, a candidate at 申报. */
  flat: number;
  contract: number;
  programme: number;
  estate: string;
  token: string;
  allocation: number;
  candidate: number;
  sheet: Buffer;
}

const one = async (t: TestApp, query: SQL) => (await queryRows<{ id: number }>(t.ctx.db, query))[0].id;

export const housingMatrix = moduleMatrix<HousingFixtures>({
  name: 'housing',
  fixtures: async (t, p) => {
    const flat = (estate: string, unitNo: string, status = 'free') =>
      one(t, sql`insert into apartments (tenant_id, org_unit_id, estate, building, unit_no, area, status) values ('330784', ${p.town}, ${estate}, '1幢', ${unitNo}, 75, ${status}) returning id`);
    const estate = `矩阵公寓${p.tag}`;
    const free = await flat(`矩阵小区${p.tag}`, '101');
    const rented = await flat(`矩阵小区${p.tag}`, '102', 'rented');
    const contract = await one(
      t,
      sql`insert into apartment_contracts (tenant_id, apartment_id, person_id, kind, signed_on, start_date, end_date, created_by) values ('330784', ${rented}, ${p.person}, 'free_rent', '2025-06-01', '2025-06-01', '2030-05-31', '矩阵') returning id`,
    );
    await flat(estate, '201');
    const rules = { tiers: [], minEducation: null, employerRequired: false, employerTypes: [], minYearsInCounty: null, amounts: {}, scores: { A: 100, B: 90, C: 80, D: 70, E: 60 }, documents: [] };
    const programme = await one(
      t,
      sql`insert into talent_programmes (tenant_id, code, name, kind, owner_unit_id, rules, opens_on, updated_by) values ('330784', ${`MXA-${p.tag}`.slice(0, 60)}, '矩阵人才公寓', 'apartment', ${p.town}, ${JSON.stringify(rules)}::jsonb, '2026-01-01', '矩阵') returning id`,
    );
    await t.ctx.db.execute(
      sql`insert into talent_applications (tenant_id, programme_id, person_id, employer_unit_id, tier, form, status, submitted_at, decided_at) values ('330784', ${programme}, ${p.person}, ${p.enterprise}, 'C', '{}'::jsonb, 'approved', '2026-02-01T09:00:00+08:00', '2026-03-01T09:00:00+08:00')`,
    );
    const allocation = await one(t, sql`insert into apartment_allocations (tenant_id, programme_id, rule_text, results, ran_by) values ('330784', ${programme}, '矩阵规则', '[]'::jsonb, '矩阵') returning id`);
    const candidate = await one(
      t,
      sql`insert into recruitment_candidates (tenant_id, year, name, field, employer_unit_id, level, created_by) values ('330784', 2026, '矩阵候选人', '智能制造', ${p.enterprise}, 'national', '矩阵') returning id`,
    );
    await t.ctx.db.execute(sql`insert into recruitment_stage_events (candidate_id, to_stage, moved_on, moved_by) values (${candidate}, 'applied', '2026-03-01', '矩阵')`);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('房源');
    ws.addRow(['所在镇街编码', '小区（项目）', '楼栋', '房号', '面积（平方米）']);
    ws.addRow([p.townCode, `矩阵导入${p.tag}`, '2幢', '301', '88']);
    const sheet = Buffer.from(await wb.xlsx.writeBuffer());
    return { flat: free, contract, programme, estate, token: await allocationTokenFor(t.ctx.db, programme, estate), allocation, candidate, sheet };
  },
  cases: [
    { method: 'GET', route: '/api/apartments', need: 'manage:talent', scoped: true, url: (_x, p) => `/api/apartments?orgUnitId=${p.town}` },
    { method: 'GET', route: '/api/apartments/estates', need: 'manage:talent', scoped: false, url: () => '/api/apartments/estates' },
    { method: 'POST', route: '/api/apartments', need: 'manage:talent', scoped: true, url: () => '/api/apartments', body: (_x, p, n) => ({ orgUnitId: p.town, estate: `矩阵新增${p.tag}`, building: '3幢', unitNo: `${n}`, area: 60 }) },
    { method: 'POST', route: '/api/apartments/export', need: 'manage:talent', scoped: true, url: (_x, p) => `/api/apartments/export?orgUnitId=${p.town}` },
    { method: 'GET', route: '/api/apartments/template', need: 'manage:talent', scoped: false, url: () => '/api/apartments/template' },
    { method: 'POST', route: '/api/apartments/import', need: 'manage:talent', scoped: false, url: () => '/api/apartments/import?mode=preview', body: (x) => x.sheet, contentType: XLSX_MIME },
    { method: 'GET', route: '/api/apartments/:id', need: 'manage:talent', scoped: true, url: (x) => `/api/apartments/${x.flat}` },
    { method: 'PATCH', route: '/api/apartments/:id', need: 'manage:talent', scoped: true, url: (x) => `/api/apartments/${x.flat}`, body: () => ({ version: 1, area: 66 }) },
    {
      method: 'POST',
      route: '/api/apartments/:id/contracts',
      need: 'manage:talent',
      scoped: true,
      url: (x) => `/api/apartments/${x.flat}/contracts`,
      body: (_x, p) => ({ version: 1, kind: 'free_rent', personId: p.person, signedOn: '2026-01-05', startDate: '2026-01-05', endDate: '2027-01-04' }),
    },
    { method: 'GET', route: '/api/apartment-contracts', need: 'manage:talent', scoped: true, url: (_x, p) => `/api/apartment-contracts?orgUnitId=${p.town}` },
    { method: 'POST', route: '/api/apartment-contracts/export', need: 'manage:talent', scoped: true, url: (_x, p) => `/api/apartment-contracts/export?orgUnitId=${p.town}` },
    { method: 'POST', route: '/api/apartment-contracts/:id/terminate', need: 'manage:talent', scoped: true, url: (x) => `/api/apartment-contracts/${x.contract}/terminate`, body: () => ({ terminatedOn: '2026-02-01', reason: '矩阵退房' }) },
    { method: 'GET', route: '/api/apartment-allocations/programmes', need: 'manage:talent', scoped: false, url: () => '/api/apartment-allocations/programmes' },
    { method: 'POST', route: '/api/apartment-allocations/preview', need: 'manage:talent', scoped: true, url: () => '/api/apartment-allocations/preview', body: (x) => ({ programmeId: x.programme, estate: x.estate }) },
    { method: 'POST', route: '/api/apartment-allocations', need: 'manage:talent', scoped: true, url: () => '/api/apartment-allocations', body: (x) => ({ programmeId: x.programme, estate: x.estate, previewToken: x.token }) },
    { method: 'GET', route: '/api/apartment-allocations', need: 'manage:talent', scoped: false, url: () => '/api/apartment-allocations' },
    { method: 'GET', route: '/api/apartment-allocations/:id', need: 'manage:talent', scoped: true, url: (x) => `/api/apartment-allocations/${x.allocation}` },
    { method: 'GET', route: '/api/apartment-allocations/:id/export', need: 'manage:talent', scoped: true, url: (x) => `/api/apartment-allocations/${x.allocation}/export` },
    { method: 'GET', route: '/api/recruitment/candidates', need: 'manage:talent', scoped: true, url: (_x, p) => `/api/recruitment/candidates?employerUnitId=${p.town}` },
    {
      method: 'POST',
      route: '/api/recruitment/candidates',
      need: 'manage:talent',
      scoped: true,
      url: () => '/api/recruitment/candidates',
      body: (_x, p) => ({ year: 2026, name: '矩阵申报人', field: '新材料', employerUnitId: p.enterprise, level: 'provincial', appliedOn: '2026-03-02' }),
    },
    { method: 'POST', route: '/api/recruitment/candidates/export', need: 'manage:talent', scoped: true, url: (_x, p) => `/api/recruitment/candidates/export?employerUnitId=${p.town}` },
    { method: 'GET', route: '/api/recruitment/candidates/:id', need: 'manage:talent', scoped: true, url: (x) => `/api/recruitment/candidates/${x.candidate}` },
    { method: 'PATCH', route: '/api/recruitment/candidates/:id', need: 'manage:talent', scoped: true, url: (x) => `/api/recruitment/candidates/${x.candidate}`, body: () => ({ version: 1, field: '矩阵领域' }) },
    {
      method: 'POST',
      route: '/api/recruitment/candidates/:id/moves',
      need: 'manage:talent',
      scoped: true,
      url: (x) => `/api/recruitment/candidates/${x.candidate}/moves`,
      body: () => ({ version: 1, toStage: 'screened', movedOn: '2026-05-01', note: '矩阵' }),
    },
    { method: 'GET', route: '/api/recruitment/board', need: 'manage:talent', scoped: false, url: () => '/api/recruitment/board?year=2026' },
    { method: 'GET', route: '/api/recruitment/rates', need: 'manage:talent', scoped: false, url: () => '/api/recruitment/rates' },
  ],
});
