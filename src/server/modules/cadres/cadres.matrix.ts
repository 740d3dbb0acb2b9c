// The cadres module's rows of the authorization matrix (see src/server/testing/matrix.ts).
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { moduleMatrix } from '../../testing/matrix';

interface CadreFixtures {
  /** The town's person, made a cadre for this cell. */
  cadre: number;
  entry: number;
  correction: number;
  /** A 容错澄清 case of the cadre, investigated and awaiting the decision. */
  ftCase: number;
  /** The personal account's own career entry and correction request. */
  ownEntry: number;
  ownCorrection: number;
}

export const cadresMatrix = moduleMatrix<CadreFixtures>({
  name: 'cadres',
  fixtures: async (t, p) => {
    const one = async (q: ReturnType<typeof sql>) => (await queryRows<{ id: number }>(t.ctx.db, q))[0].id;
    await t.ctx.db.execute(sql`insert into person_roles (tenant_id, person_id, role, org_unit_id, start_date, post) values ('330784', ${p.person}, 'cadre', ${p.town}, '2020-01-01', '矩阵职务')`);
    const entry = await one(sql`insert into cadre_career_entries (tenant_id, person_id, kind, title, start_date, created_by) values ('330784', ${p.person}, 'post', '矩阵任职', '2020-01-01', '矩阵') returning id`);
    const correction = await one(sql`insert into cadre_corrections (tenant_id, person_id, subject, subject_label, requested) values ('330784', ${p.person}, 'other', '其他', '矩阵更正') returning id`);
    const ftCase = await one(
      sql`insert into fault_tolerance_cases (tenant_id, person_id, org_unit_id, request_kind, matter, applied_on, applicant, status, investigation, investigated_by, investigated_on, created_by)
          values ('330784', ${p.person}, ${p.town}, 'tolerance', '矩阵事项', '2022-01-03', '本人', 'investigating', '矩阵调查', '矩阵', '2022-01-10', '矩阵') returning id`,
    );
    const ownEntry = await one(sql`insert into cadre_career_entries (tenant_id, person_id, kind, title, start_date, created_by) values ('330784', ${p.selfPerson}, 'post', '矩阵本人任职', '2020-01-01', '矩阵') returning id`);
    const ownCorrection = await one(sql`insert into cadre_corrections (tenant_id, person_id, subject, subject_label, requested) values ('330784', ${p.selfPerson}, 'other', '其他', '矩阵本人更正') returning id`);
    return { cadre: p.person, entry, correction, ftCase, ownEntry, ownCorrection };
  },
  cases: [
    // 干部之家: a personal account's own record (no subtree: the caller's person).
    { method: 'GET', route: '/api/me/cadre', need: 'self:service', scoped: false, url: () => '/api/me/cadre' },
    { method: 'GET', route: '/api/me/career/:id', need: 'self:service', scoped: false, url: (x) => `/api/me/career/${x.ownEntry}` },
    { method: 'GET', route: '/api/me/corrections', need: 'self:service', scoped: false, url: () => '/api/me/corrections' },
    { method: 'GET', route: '/api/me/corrections/:id', need: 'self:service', scoped: false, url: (x) => `/api/me/corrections/${x.ownCorrection}` },
    // Subject 'other': a fresh request every cell (only one pending request per entry).
    { method: 'POST', route: '/api/me/corrections', need: 'self:service', scoped: false, url: () => '/api/me/corrections', body: (_x, _p, i) => ({ subject: 'other', requested: `矩阵更正${i}` }) },
    // The organization department's side.
    { method: 'GET', route: '/api/cadres', need: 'manage:cadres', scoped: true, url: (_x, p) => `/api/cadres?orgUnitId=${p.town}` },
    { method: 'POST', route: '/api/cadres/export', need: 'manage:cadres', scoped: true, url: (_x, p) => `/api/cadres/export?orgUnitId=${p.town}` },
    { method: 'GET', route: '/api/cadres/:personId', need: 'manage:cadres', scoped: true, url: (x) => `/api/cadres/${x.cadre}` },
    { method: 'POST', route: '/api/cadres/:personId/career', need: 'manage:cadres', scoped: true, url: (x) => `/api/cadres/${x.cadre}/career`, body: () => ({ kind: 'training', title: '矩阵培训', startDate: '2022-03-01', hours: 8 }) },
    { method: 'PATCH', route: '/api/cadres/career/:id', need: 'manage:cadres', scoped: true, url: (x) => `/api/cadres/career/${x.entry}`, body: () => ({ version: 1, title: '矩阵改名' }) },
    { method: 'POST', route: '/api/cadres/career/:id/delete', need: 'manage:cadres', scoped: true, url: (x) => `/api/cadres/career/${x.entry}/delete`, body: () => ({ version: 1 }) },
    { method: 'GET', route: '/api/cadres/:personId/care', need: 'manage:cadres', scoped: true, url: (x) => `/api/cadres/${x.cadre}/care` },
    { method: 'POST', route: '/api/cadres/:personId/care', need: 'manage:cadres', scoped: true, url: (x) => `/api/cadres/${x.cadre}/care`, body: () => ({ kind: 'talk', occurredOn: '2022-03-01', byWhom: '矩阵', summary: '矩阵谈心' }) },
    { method: 'GET', route: '/api/cadres/corrections', need: 'manage:cadres', scoped: false, url: () => '/api/cadres/corrections' },
    { method: 'POST', route: '/api/cadres/corrections/:id/answer', need: 'manage:cadres', scoped: true, url: (x) => `/api/cadres/corrections/${x.correction}/answer`, body: () => ({ version: 1, decision: 'accept', response: '矩阵已处理' }) },
    // 容错澄清: strictly manage:cadres, every read logged.
    { method: 'GET', route: '/api/cadres/fault-tolerance', need: 'manage:cadres', scoped: false, url: () => '/api/cadres/fault-tolerance' },
    { method: 'POST', route: '/api/cadres/fault-tolerance', need: 'manage:cadres', scoped: true, url: () => '/api/cadres/fault-tolerance', body: (x) => ({ personId: x.cadre, requestKind: 'clarification', matter: '矩阵事项', applicant: '本人', appliedOn: '2022-02-01' }) },
    { method: 'GET', route: '/api/cadres/fault-tolerance/:id', need: 'manage:cadres', scoped: true, url: (x) => `/api/cadres/fault-tolerance/${x.ftCase}` },
    { method: 'POST', route: '/api/cadres/fault-tolerance/:id/investigation', need: 'manage:cadres', scoped: true, url: (x) => `/api/cadres/fault-tolerance/${x.ftCase}/investigation`, body: () => ({ version: 1, investigation: '矩阵调查', investigatedBy: '矩阵', investigatedOn: '2022-01-12' }) },
    { method: 'POST', route: '/api/cadres/fault-tolerance/:id/decisions', need: 'manage:cadres', scoped: true, url: (x) => `/api/cadres/fault-tolerance/${x.ftCase}/decisions`, body: () => ({ version: 1, outcome: 'tolerated', grounds: '矩阵依据', committee: '矩阵委员会', decidedOn: '2022-02-01' }) },
  ],
});
