// The talent module's rows of the authorization matrix (see src/server/testing/matrix.ts).
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { diskFileStore } from '../ledger';
import { moduleMatrix } from '../../testing/matrix';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const RULES = JSON.stringify({ tiers: [], minEducation: null, employerRequired: false, employerTypes: [], minYearsInCounty: null, amounts: {}, scores: {}, documents: [{ key: 'degree', label: '学历证书', required: false }] });
const FORM = JSON.stringify({ school: '矩阵大学', major: '矩阵专业', summary: '矩阵申请' });

interface TalentFixtures {
  /** A programme owned by the town, with an application of the town's person at its enterprise waiting for the employer (and a document). */
  programme: number;
  application: number;
  file: number;
  /** An approved application (1,000元 granted) with one payment. */
  approved: number;
  payment: number;
  /** The personal account's own draft (complete, with a document), and an open programme it has not applied to. */
  draft: number;
  draftFile: number;
  freshProgramme: number;
}

export const talentMatrix = moduleMatrix<TalentFixtures>({
  name: 'talent',
  fixtures: async (t, p) => {
    const id = async (q: ReturnType<typeof sql>) => (await queryRows<{ id: number }>(t.ctx.db, q))[0].id;
    const code = (s: string) => `MX_${p.tag}_${s}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
    const programme = async (s: string) =>
      id(sql`insert into talent_programmes (tenant_id, code, name, kind, owner_unit_id, rules, opens_on, updated_by) values ('330784', ${code(s)}, '矩阵政策', 'other', ${p.town}, ${RULES}::jsonb, '2020-01-01', '矩阵') returning id`);
    const stored = await diskFileStore(t.ctx.config.dataDir).put(PNG);
    const file = (applicationId: number) =>
      id(sql`insert into talent_application_files (application_id, doc_key, file_name, mime, size, sha256, storage_key) values (${applicationId}, 'degree', 'm.png', 'image/png', ${PNG.length}, ${stored.sha256}, ${stored.key}) returning id`);

    const prog = await programme('A');
    const application = await id(
      sql`insert into talent_applications (tenant_id, programme_id, person_id, employer_unit_id, tier, education, form, status, pending_step, submitted_at)
          values ('330784', ${prog}, ${p.person}, ${p.enterprise}, 'C', 'master', ${FORM}::jsonb, 'submitted', 'employer', now()) returning id`,
    );
    const approved = await id(
      sql`insert into talent_applications (tenant_id, programme_id, person_id, employer_unit_id, tier, education, form, status, granted_amount, submitted_at, decided_at)
          values ('330784', ${await programme('B')}, ${p.person}, ${p.enterprise}, 'C', 'master', ${FORM}::jsonb, 'approved', 1000, '2024-11-01', '2024-12-01') returning id`,
    );
    const payment = await id(
      sql`insert into talent_payments (tenant_id, programme_id, application_id, amount, paid_on, reference, created_by)
          select tenant_id, programme_id, id, 100, '2025-01-02', ${`MXP-${p.tag}`}, '矩阵' from talent_applications where id = ${approved} returning id`,
    );
    const draft = await id(
      sql`insert into talent_applications (tenant_id, programme_id, person_id, tier, education, form)
          values ('330784', ${await programme('C')}, ${p.selfPerson}, 'C', 'master', ${FORM}::jsonb) returning id`,
    );
    return { programme: prog, application, file: await file(application), approved, payment, draft, draftFile: await file(draft), freshProgramme: await programme('D') };
  },
  cases: [
    // The talent office and the employers' reviewers.
    { method: 'GET', route: '/api/talent/programmes', need: 'review:talent', scoped: false, url: () => '/api/talent/programmes' },
    {
      method: 'POST',
      route: '/api/talent/programmes',
      need: 'manage:talent',
      scoped: true,
      url: () => '/api/talent/programmes',
      body: (_x, p, n) => ({ code: `MXN${n}`, name: '矩阵新政策', kind: 'other', ownerUnitId: p.town, rules: JSON.parse(RULES), opensOn: '2025-01-01' }),
    },
    { method: 'GET', route: '/api/talent/programmes/:id', need: 'review:talent', scoped: true, url: (x) => `/api/talent/programmes/${x.programme}` },
    { method: 'PATCH', route: '/api/talent/programmes/:id', need: 'manage:talent', scoped: true, url: (x) => `/api/talent/programmes/${x.programme}`, body: () => ({ version: 1, name: '矩阵改名' }) },
    { method: 'GET', route: '/api/talent/applications', need: 'review:talent', scoped: false, url: () => '/api/talent/applications' },
    { method: 'POST', route: '/api/talent/applications/export', need: 'review:talent', scoped: false, url: () => '/api/talent/applications/export' },
    { method: 'GET', route: '/api/talent/applications/:id', need: 'review:talent', scoped: true, url: (x) => `/api/talent/applications/${x.application}` },
    { method: 'GET', route: '/api/talent/applications/:id/files/:fileId', need: 'review:talent', scoped: true, url: (x) => `/api/talent/applications/${x.application}/files/${x.file}` },
    {
      method: 'POST',
      route: '/api/talent/applications/:id/review',
      need: 'review:talent',
      scoped: true,
      url: (x) => `/api/talent/applications/${x.application}/review`,
      body: () => ({ version: 1, step: 'employer', decision: 'approve' }),
    },
    { method: 'GET', route: '/api/talent/payments', need: 'manage:talent', scoped: false, url: () => '/api/talent/payments' },
    { method: 'POST', route: '/api/talent/payments/export', need: 'manage:talent', scoped: false, url: () => '/api/talent/payments/export' },
    { method: 'GET', route: '/api/talent/payments/totals', need: 'manage:talent', scoped: false, url: () => '/api/talent/payments/totals?year=2025&periodType=quarter' },
    {
      method: 'POST',
      route: '/api/talent/payments',
      need: 'manage:talent',
      scoped: true,
      url: () => '/api/talent/payments',
      body: (x, _p, n) => ({ applicationId: x.approved, amount: 100, paidOn: '2025-01-03', reference: `MXQ-${n}` }),
    },
    {
      method: 'POST',
      route: '/api/talent/payments/:id/reverse',
      need: 'manage:talent',
      scoped: true,
      url: (x) => `/api/talent/payments/${x.payment}/reverse`,
      body: (_x, _p, n) => ({ paidOn: '2025-01-04', reference: `MXR-${n}`, note: '矩阵冲销' }),
    },
    // The applicant's own (personal account): no target in anyone's subtree, only the caller's person.
    { method: 'GET', route: '/api/me/talent-programmes', need: 'self:service', scoped: false, url: () => '/api/me/talent-programmes' },
    { method: 'GET', route: '/api/me/employers', need: 'self:service', scoped: false, url: () => `/api/me/employers?q=${encodeURIComponent('示范')}` },
    { method: 'GET', route: '/api/me/applications', need: 'self:service', scoped: false, url: () => '/api/me/applications' },
    { method: 'POST', route: '/api/me/applications', need: 'self:service', scoped: false, url: () => '/api/me/applications', body: (x) => ({ programmeId: x.freshProgramme, tier: 'C' }) },
    { method: 'GET', route: '/api/me/applications/:id', need: 'self:service', scoped: false, url: (x) => `/api/me/applications/${x.draft}` },
    { method: 'PUT', route: '/api/me/applications/:id', need: 'self:service', scoped: false, url: (x) => `/api/me/applications/${x.draft}`, body: () => ({ version: 1, tier: 'D' }) },
    { method: 'POST', route: '/api/me/applications/:id/submit', need: 'self:service', scoped: false, url: (x) => `/api/me/applications/${x.draft}/submit`, body: () => ({ version: 1 }) },
    { method: 'POST', route: '/api/me/applications/:id/withdraw', need: 'self:service', scoped: false, url: (x) => `/api/me/applications/${x.draft}/withdraw`, body: () => ({ version: 1 }) },
    {
      method: 'POST',
      route: '/api/me/applications/:id/files',
      need: 'self:service',
      scoped: false,
      url: (x) => `/api/me/applications/${x.draft}/files?docKey=degree&name=m.png`,
      body: () => 'PNG',
      contentType: 'image/png',
    },
    { method: 'GET', route: '/api/me/applications/:id/files/:fileId', need: 'self:service', scoped: false, url: (x) => `/api/me/applications/${x.draft}/files/${x.draftFile}` },
    { method: 'POST', route: '/api/me/applications/:id/files/:fileId/remove', need: 'self:service', scoped: false, url: (x) => `/api/me/applications/${x.draft}/files/${x.draftFile}/remove` },
  ],
});
