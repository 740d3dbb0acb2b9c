import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';
import { isDuplicateApplication } from './applications.service';

const PDF = Buffer.from('%PDF-1.4\n%测试材料\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
const DOCS = ['degree', 'tier_cert', 'purchase', 'labour'];
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const year = () => today().slice(0, 4);

/** A complete housing-subsidy form for a C类 talent at 石柱镇's demo enterprise. */
const housingForm = (employerUnitId: number) => ({
  tier: 'C',
  education: 'master',
  employerUnitId,
  yearsInCounty: 3,
  form: { school: '浙江工业大学', major: '机械工程', position: '研发工程师', houseAddress: '永康市丽州府3幢2单元501室', contractNo: 'YKSPF2026-00123', purchaseDate: '2026-03-15', floorArea: 128 },
});

describe('talent applications, reviews and payments', () => {
  let t: TestApp;
  let talent: Client;
  let employer: Client;
  let zzb: Client;
  let xcb: Client;
  let town: Client;
  let village: Client;
  let housing: { id: number; code: string };
  let allowance: { id: number };
  let enterprise: number;

  const upload = (c: Client, id: number, docKey: string, bytes: Buffer, type = 'application/pdf', name = `${docKey}.pdf`) =>
    c.request('POST', `/api/me/applications/${id}/files?docKey=${docKey}&name=${encodeURIComponent(name)}`, bytes, { 'content-type': type });
  const indicatorValue = async (code: string, period: string) => {
    const ind = (await zzb.get('/api/indicators')).body.find((i: { code: string }) => i.code === code);
    const county = await t.unitId('330784');
    const res = await zzb.get(`/api/indicators/${ind.id}/aggregate?unitId=${county}&from=${period}`);
    expect(res.status).toBe(200);
    return res.body.value as number | null;
  };
  const auditCount = async (action: string, entityId: number) =>
    (await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from audit_events where action = ${action} and entity_id = ${String(entityId)}`))[0].n;
  /** A fresh personal account for a new synthetic talent of 石柱镇's enterprise. */
  let people = 0;
  const newApplicant = async () => {
    const n = people++;
    const [p] = await queryRows<{ id: number }>(
      t.ctx.db,
      sql`insert into persons (tenant_id, name, name_pinyin, gender, birth_date, id_cipher, id_hash, id_masked, org_unit_id, source)
          values ('330784', ${`测试人才${n}`}, 'ceshi', 'male', '1990-01-01', 'x', ${`talent-test-${n}`}, '330784********0000', ${enterprise}, 'test') returning id`,
    );
    const { createUserAsSystem } = await import('../auth');
    const { DEMO_PASSWORD } = await import('../../db/demo/demo-county');
    await createUserAsSystem(t.ctx, { username: `tt${n}`, displayName: `测试人才${n}`, orgUnitCode: '330784105-QY1', role: 'personal', personId: p.id, password: DEMO_PASSWORD });
    return { client: await t.login(`tt${n}`), personId: p.id };
  };
  /** Creates, fills, documents and submits an application; returns its id and version. */
  const submitted = async (c: Client, fields = housingForm(enterprise)) => {
    const draft = await c.post('/api/me/applications', { programmeId: housing.id, ...fields });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    for (const k of DOCS) expect((await upload(c, draft.body.id, k, PDF)).status).toBe(201);
    const v = (await c.get(`/api/me/applications/${draft.body.id}`)).body.version;
    const res = await c.post(`/api/me/applications/${draft.body.id}/submit`, { version: v });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { id: number; version: number; pendingStep: string };
  };
  const review = async (c: Client, id: number, body: Record<string, unknown>) => {
    const v = (await zzb.get(`/api/talent/applications/${id}`)).body.version;
    return c.post(`/api/talent/applications/${id}/review`, { version: v, ...body });
  };

  beforeAll(async () => {
    t = await createTestApp();
    [talent, employer, zzb, xcb, town, village] = await Promise.all(['talent', 'employer', 'zzb', 'xcb', 'town', 'village'].map((u) => t.login(u)));
    const programmes = (await zzb.get('/api/talent/programmes')).body as { id: number; code: string }[];
    housing = programmes.find((p) => p.code === 'RCGFBZ')!;
    allowance = programmes.find((p) => p.code === 'RCSHJT')!;
    enterprise = await t.unitId('330784105-QY1');
  }, 180_000);
  afterAll(() => t?.close());

  it('has the demo subsidy programme, its pipeline and RC_GFBZ counted from the payment ledger', async () => {
    expect(housing).toBeTruthy();
    const ind = (await zzb.get('/api/indicators')).body.find((i: { code: string }) => i.code === 'RC_GFBZ');
    expect(ind.source).toBe('derived');
    const [paid] = await queryRows<{ y2021: number; y2022: number; h2: number }>(
      t.ctx.db,
      sql`select coalesce(sum(amount) filter (where paid_on between '2021-01-01' and '2021-12-31'), 0)::float8 as y2021,
                 coalesce(sum(amount) filter (where paid_on between '2022-01-01' and '2022-12-31'), 0)::float8 as y2022,
                 coalesce(sum(amount) filter (where paid_on between '2022-07-01' and '2022-12-31'), 0)::float8 as h2 from talent_payments`,
    );
    expect(paid.y2022).toBeGreaterThan(0);
    expect(paid.h2).toBe(0);
    expect(await indicatorValue('RC_GFBZ', '2021')).toBeCloseTo(paid.y2021 / 10_000, 6);
    expect(await indicatorValue('RC_GFBZ', '2022')).toBeCloseTo(paid.y2022 / 10_000, 6);
    // No stand-in figure is stored for it any more.
    const [{ n }] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from indicator_values where indicator_id = ${ind.id}`);
    expect(n).toBe(0);
    const steps = (await zzb.get('/api/talent/applications?pageSize=200&status=submitted')).body.items.map((a: { pendingStep: string }) => a.pendingStep);
    expect(new Set(steps)).toEqual(new Set(['employer', 'office', 'committee']));
    // Drafts are the applicant's own: staff never see one.
    expect((await zzb.get('/api/talent/applications?status=draft')).body.total).toBe(0);
    const mine = (await talent.get('/api/me/talent-programmes')).body as { code: string; open: boolean; fields: unknown[] }[];
    expect(mine.find((p) => p.code === 'RCGFBZ')).toMatchObject({ open: true });
  });

  it('checks eligibility on submission with a specific message per rule', async () => {
    const draft = await talent.post('/api/me/applications', { programmeId: allowance.id, tier: 'C', education: 'bachelor', yearsInCounty: 1, form: { school: '浙江大学' } });
    expect(draft.status).toBe(201);
    expect(draft.body.status).toBe('draft');
    const res = await talent.post(`/api/me/applications/${draft.body.id}/submit`, { version: draft.body.version });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('talent_application.ineligible');
    const by = Object.fromEntries(res.body.details.map((d: { path: string; message: string }) => [d.path, d.message]));
    expect(by).toMatchObject({
      tier: '该政策仅限B类及以上人才申请',
      education: '该政策要求硕士研究生及以上学历',
      yearsInCounty: '在本县工作年限须满2年',
      employerUnitId: '该政策要求填写在本县的用人单位',
      'form.major': '请填写所学专业',
      'form.summary': '请填写申请事由',
      'documents.degree': '请上传学历学位证书',
      'documents.tier_cert': '请上传人才层次认定证明',
    });
    // An employer of the wrong kind is named as such.
    const village = await t.unitId((await queryRows<{ code: string }>(t.ctx.db, sql`select code from org_units where type = 'village' order by id limit 1`))[0].code);
    const wrongKind = await talent.put(`/api/me/applications/${draft.body.id}`, { version: draft.body.version, employerUnitId: village });
    expect(wrongKind.status).toBe(200);
    const again = await talent.post(`/api/me/applications/${draft.body.id}/submit`, { version: wrongKind.body.version });
    expect(again.body.details.find((d: { path: string }) => d.path === 'employerUnitId').message).toBe('用人单位须为企业或学校');
    // Nothing was submitted: the draft is kept as it was typed.
    expect((await talent.get(`/api/me/applications/${draft.body.id}`)).body).toMatchObject({ status: 'draft', tier: 'C', form: { school: '浙江大学' } });
  });

  it('validates every field of a draft with a Chinese message beside it', async () => {
    const bad = await talent.post('/api/me/applications', { programmeId: housing.id, tier: 'F', yearsInCounty: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['tier', 'yearsInCounty']);
    const form = await talent.post('/api/me/applications', { programmeId: housing.id, form: { contractNo: '合同1', purchaseDate: '2026-02-30', floorArea: 5000 } });
    expect(form.status).toBe(400);
    const by = Object.fromEntries(form.body.details.map((d: { path: string; message: string }) => [d.path, d.message]));
    expect(by).toEqual({ 'form.contractNo': '购房合同备案号应为6至40位字母、数字或短横线', 'form.purchaseDate': '购房日期格式应为 2022-06-30', 'form.floorArea': '建筑面积（平方米）不能大于 1000' });
    const employer = await talent.post('/api/me/applications', { programmeId: housing.id, employerUnitId: 999_999 });
    expect(employer.body).toMatchObject({ code: 'talent_application.employer_not_found', details: [{ path: 'employerUnitId', message: '用人单位不存在，请从列表中选择' }] });
    // None of them was kept.
    expect((await talent.get('/api/me/applications')).body.filter((a: { programmeId: number }) => a.programmeId === housing.id)).toEqual([]);
  });

  it('checks uploads by content and size, and lets only the applicant and reviewers read them', async () => {
    const { client: me } = await newApplicant();
    const draft = (await me.post('/api/me/applications', { programmeId: housing.id })).body;
    const text = await upload(me, draft.id, 'degree', Buffer.from('这不是PDF，只是改了扩展名'), 'application/pdf', '学位证.pdf');
    expect(text.status).toBe(415);
    expect(text.body).toMatchObject({ code: 'talent_application.file_type', details: [{ path: 'documents.degree' }] });
    expect(text.body.message).toContain('只能上传 PDF、JPEG 或 PNG');
    const docx = await upload(me, draft.id, 'degree', Buffer.from('PK\u0003\u0004word'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', '学位证.docx');
    expect(docx.body.code).toBe('talent_application.file_type');
    expect((await upload(me, draft.id, 'degree', Buffer.alloc(0))).body.code).toBe('talent_application.file_empty');
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
    const tooBig = await upload(me, draft.id, 'degree', big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatchObject({ code: 'talent_application.file_too_large', message: '学历学位证书：文件不能超过 10 MB' });
    expect((await upload(me, draft.id, 'diploma', PDF)).body.code).toBe('talent_application.document_unknown');
    // The type is the content's, whatever the upload claims.
    const png = await upload(me, draft.id, 'degree', PNG, 'application/pdf', '学位证.png');
    expect(png.status).toBe(201);
    expect(png.body.mime).toBe('image/png');
    expect((await upload(me, draft.id, 'labour', JPEG, 'image/jpeg', '社保.jpg')).body.mime).toBe('image/jpeg');
    const own = await me.get(`/api/me/applications/${draft.id}/files/${png.body.id}`);
    expect(own.status).toBe(200);
    expect(own.raw.equals(PNG)).toBe(true);
    // Someone else's application and files are simply not there.
    expect((await talent.get(`/api/me/applications/${draft.id}/files/${png.body.id}`)).status).toBe(404);
    expect((await upload(talent, draft.id, 'degree', PDF)).status).toBe(404);
    // Staff see nothing of a draft.
    expect((await zzb.get(`/api/talent/applications/${draft.id}/files/${png.body.id}`)).status).toBe(404);
    // Removing a file keeps the record of it.
    const removed = await me.post(`/api/me/applications/${draft.id}/files/${png.body.id}/remove`);
    expect(removed.body.files.map((f: { id: number }) => f.id)).not.toContain(png.body.id);
    expect(await auditCount('talent_application.file_remove', draft.id)).toBe(1);
  });

  it('takes a draft through submission, three reviews and payments; the indicator rises', async () => {
    const before = (await indicatorValue('RC_GFBZ', year())) ?? 0;
    // Kept as a draft while typed…
    const draft = await talent.post('/api/me/applications', { programmeId: housing.id, tier: 'C' });
    expect(draft.status).toBe(201);
    const saved = await talent.put(`/api/me/applications/${draft.body.id}`, { version: draft.body.version, ...housingForm(enterprise) });
    expect(saved.body).toMatchObject({ status: 'draft', employerName: expect.stringContaining('石柱'), form: { floorArea: '128' } });
    expect((await talent.put(`/api/me/applications/${draft.body.id}`, { version: draft.body.version, tier: 'B' })).status).toBe(409);
    // …submitted only with every document.
    const early = await talent.post(`/api/me/applications/${draft.body.id}/submit`, { version: saved.body.version });
    expect(early.body.details.map((d: { path: string }) => d.path).sort()).toEqual(DOCS.map((k) => `documents.${k}`).sort());
    for (const k of DOCS) expect((await upload(talent, draft.body.id, k, PDF)).status).toBe(201);
    const version = (await talent.get(`/api/me/applications/${draft.body.id}`)).body.version;
    const sub = await talent.post(`/api/me/applications/${draft.body.id}/submit`, { version });
    expect(sub.body).toMatchObject({ status: 'submitted', pendingStep: 'employer' });
    const id = sub.body.id as number;
    // Once submitted it cannot be changed or withdrawn.
    expect((await talent.put(`/api/me/applications/${id}`, { version: sub.body.version, tier: 'B' })).body.code).toBe('talent_application.not_editable');
    expect((await talent.post(`/api/me/applications/${id}/withdraw`, { version: sub.body.version })).body.code).toBe('talent_application.not_withdrawable');

    // The employer's step, then the office's; the office cannot act before the employer.
    expect((await review(zzb, id, { step: 'office', decision: 'approve' })).body.code).toBe('talent_review.step_moved');
    const queue = (await employer.get('/api/talent/applications?actionable=true')).body.items as { id: number; pendingStep: string; actionable: boolean }[];
    expect(queue.find((a) => a.id === id)).toMatchObject({ pendingStep: 'employer', actionable: true });
    expect((await review(employer, id, { step: 'employer', decision: 'approve' })).body).toMatchObject({ pendingStep: 'office' });
    // The employer cannot decide the office's step.
    expect((await review(employer, id, { step: 'office', decision: 'approve' })).status).toBe(403);
    const office = await review(zzb, id, { step: 'office', decision: 'approve', reason: '材料齐全，层次认定无误' });
    expect(office.body).toMatchObject({ pendingStep: 'committee', action: { step: 'committee', canDecide: false } });
    // One person, one step: the office's reviewer cannot also decide for the committee.
    const twice = await review(zzb, id, { step: 'committee', decision: 'approve' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('talent_review.separation_of_duties');
    // An amount other than the programme's needs a reason.
    expect((await review(xcb, id, { step: 'committee', decision: 'approve', grantedAmount: 450_000 })).body).toMatchObject({ code: 'talent_review.amount_reason_required', details: [{ path: 'amountReason' }] });
    const approved = await review(xcb, id, { step: 'committee', decision: 'approve' });
    expect(approved.body).toMatchObject({ status: 'approved', pendingStep: null, grantedAmount: 500_000 });
    expect(approved.body.history.map((h: { step: string; decision: string }) => `${h.step}:${h.decision}`)).toEqual(['employer:approve', 'office:approve', 'committee:approve']);
    // A decision is final: nothing more to decide, and the stored decisions cannot be edited.
    expect((await review(xcb, id, { step: 'committee', decision: 'reject', reason: '改主意' })).body.code).toBe('talent_review.step_moved');
    await expect(t.ctx.db.execute(sql`update talent_reviews set decision = 'reject' where application_id = ${id}`)).rejects.toThrow();
    expect(await auditCount('talent_application.submit', id)).toBe(1);
    expect(await auditCount('talent_application.approve', id)).toBe(3);
    // The applicant sees the decisions, not who took them.
    const mine = (await talent.get(`/api/me/applications/${id}`)).body;
    expect(mine.history.every((h: { reviewerName: string | null }) => h.reviewerName === null)).toBe(true);

    // Payments: never above what is granted and not yet paid.
    const over = await zzb.post('/api/talent/payments', { applicationId: id, amount: 500_000.01, paidOn: today(), reference: 'TEST-PAY-1' });
    expect(over.body).toMatchObject({ code: 'talent_payment.over_granted', details: [{ path: 'amount' }] });
    const first = await zzb.post('/api/talent/payments', { applicationId: id, amount: 300_000, paidOn: today(), reference: 'TEST-PAY-1' });
    expect(first.status).toBe(201);
    expect(await indicatorValue('RC_GFBZ', year())).toBeCloseTo(before + 30, 6);
    expect((await zzb.post('/api/talent/payments', { applicationId: id, amount: 100, paidOn: today(), reference: 'TEST-PAY-1' })).body.code).toBe('talent_payment.reference_used');
    expect((await zzb.post('/api/talent/payments', { applicationId: id, amount: 200_001, paidOn: today(), reference: 'TEST-PAY-2' })).body.message).toContain('200,000元');
    expect((await zzb.post('/api/talent/payments', { applicationId: id, amount: 200_000, paidOn: today(), reference: 'TEST-PAY-2' })).status).toBe(201);
    expect(await indicatorValue('RC_GFBZ', year())).toBeCloseTo(before + 50, 6);
    expect((await zzb.post('/api/talent/payments', { applicationId: id, amount: 1, paidOn: today(), reference: 'TEST-PAY-3' })).body.message).toContain('已全部发放');

    // A reversal is a negative row naming the payment; the payment itself stays.
    const reversed = await zzb.post(`/api/talent/payments/${first.body.id}/reverse`, { paidOn: today(), reference: 'TEST-REV-1', note: '收款账号有误' });
    expect(reversed.status).toBe(201);
    expect(reversed.body).toMatchObject({ amount: -300_000, reversesId: first.body.id });
    expect((await zzb.post(`/api/talent/payments/${first.body.id}/reverse`, { paidOn: today(), reference: 'TEST-REV-2', note: '再冲一次' })).body.code).toBe('talent_payment.already_reversed');
    expect((await zzb.post(`/api/talent/payments/${reversed.body.id}/reverse`, { paidOn: today(), reference: 'TEST-REV-3', note: '冲销冲销' })).body.code).toBe('talent_payment.is_reversal');
    expect(await indicatorValue('RC_GFBZ', year())).toBeCloseTo(before + 20, 6);
    const ledger = (await zzb.get(`/api/talent/payments?applicationId=${id}`)).body;
    expect(ledger).toMatchObject({ total: 3, net: 200_000 });
    expect(ledger.items.find((p: { id: number }) => p.id === first.body.id).reversedById).toBe(reversed.body.id);
    const totals = (await zzb.get(`/api/talent/payments/totals?year=${year()}&periodType=quarter&programmeId=${housing.id}`)).body;
    expect(totals.total).toBe(200_000);
    expect(totals.rows[0].periodLabel).toMatch(/^\d{4}年第\d季度$/);
    // The applicant sees what has been paid.
    expect((await talent.get(`/api/me/applications/${id}`)).body.paidAmount).toBe(200_000);
    expect(await auditCount('talent_payment.reverse', reversed.body.id)).toBe(1);
    // Payments are never edited in place.
    await expect(t.ctx.db.execute(sql`delete from talent_payments where id = ${first.body.id}`)).rejects.toThrow();
  });

  it('refuses a second application to the same programme with its number', async () => {
    const res = await talent.post('/api/me/applications', { programmeId: housing.id });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('talent_application.duplicate');
    const existing = (await talent.get('/api/me/applications')).body.find((a: { programmeId: number; status: string }) => a.programmeId === housing.id && a.status !== 'withdrawn');
    expect(res.body.message).toBe(`您已申请过该政策（申请编号${existing.no}），不能重复申请`);
    // The database refuses it too, and that refusal is recognised as the same duplicate.
    const err = await t.ctx.db.execute(sql`insert into talent_applications (tenant_id, programme_id, person_id) select tenant_id, programme_id, person_id from talent_applications where id = ${existing.id}`).catch((e: unknown) => e);
    expect(isDuplicateApplication(err)).toBe(true);
    // A withdrawn draft does not count: its applicant may start again.
    const { client: other } = await newApplicant();
    const d = (await other.post('/api/me/applications', { programmeId: housing.id })).body;
    expect((await other.post('/api/me/applications', { programmeId: housing.id })).status).toBe(409);
    expect((await other.post(`/api/me/applications/${d.id}/withdraw`, { version: d.version })).body.status).toBe('withdrawn');
    expect((await other.post('/api/me/applications', { programmeId: housing.id })).status).toBe(201);
  });

  it('returns an application for changes; the applicant corrects and resubmits and review restarts at the employer', async () => {
    const { client: me } = await newApplicant();
    const app = await submitted(me);
    expect((await review(town, app.id, { step: 'employer', decision: 'approve' })).status).toBe(200);
    const noReason = await review(zzb, app.id, { step: 'office', decision: 'return' });
    expect(noReason.body).toMatchObject({ code: 'talent_review.reason_required', details: [{ path: 'reason', message: '退回修改时请写明需要补正的内容' }] });
    expect((await review(zzb, app.id, { step: 'office', decision: 'return', reason: '请补充购房发票' })).body).toMatchObject({ status: 'returned', pendingStep: null });
    const back = (await me.get(`/api/me/applications/${app.id}`)).body;
    expect(back.history.at(-1)).toMatchObject({ step: 'office', decision: 'return', reason: '请补充购房发票' });
    expect((await upload(me, app.id, 'purchase', JPEG, 'image/jpeg', '发票.jpg')).status).toBe(201);
    const fixed = await me.put(`/api/me/applications/${app.id}`, { version: (await me.get(`/api/me/applications/${app.id}`)).body.version, yearsInCounty: 4 });
    const again = await me.post(`/api/me/applications/${app.id}/submit`, { version: fixed.body.version });
    expect(again.body).toMatchObject({ status: 'submitted', pendingStep: 'employer' });
    expect(await auditCount('talent_application.resubmit', app.id)).toBe(1);
    // The office that returned it may decide its own step again, but not the employer's.
    expect((await review(zzb, app.id, { step: 'employer', decision: 'approve' })).body.code).toBe('talent_review.separation_of_duties');
    expect((await review(employer, app.id, { step: 'employer', decision: 'approve' })).status).toBe(200);
    expect((await review(zzb, app.id, { step: 'office', decision: 'reject', reason: '' })).body.code).toBe('talent_review.reason_required');
    expect((await review(zzb, app.id, { step: 'office', decision: 'reject', reason: '层次认定材料不符' })).body).toMatchObject({ status: 'rejected' });
    // A rejected application cannot be paid.
    expect((await zzb.post('/api/talent/payments', { applicationId: app.id, amount: 1, paidOn: today(), reference: 'TEST-REJ' })).body.code).toBe('talent_payment.not_approved');
  });

  it('acts only on the caller’s own person: another person’s application is not found', async () => {
    const { client: other } = await newApplicant();
    const d = (await other.post('/api/me/applications', { programmeId: housing.id })).body;
    expect((await talent.get(`/api/me/applications/${d.id}`)).status).toBe(404);
    expect((await talent.put(`/api/me/applications/${d.id}`, { version: d.version, tier: 'A' })).status).toBe(404);
    expect((await talent.post(`/api/me/applications/${d.id}/submit`, { version: d.version })).status).toBe(404);
    expect((await talent.post(`/api/me/applications/${d.id}/withdraw`, { version: d.version })).status).toBe(404);
    expect((await talent.get('/api/me/applications')).body.map((a: { id: number }) => a.id)).not.toContain(d.id);
    // Staff accounts have no applications of their own.
    expect((await zzb.get('/api/me/applications')).status).toBe(403);
    // The applicant's untouched draft is as it was.
    expect((await other.get(`/api/me/applications/${d.id}`)).body.version).toBe(d.version);
  });

  it('limits the employer’s step to employers in the reviewer’s subtree', async () => {
    const { client: me } = await newApplicant();
    const app = await submitted(me);
    // An application at another town's enterprise.
    const elsewhere = (await zzb.get('/api/talent/applications?step=employer&status=submitted&pageSize=100')).body.items.find((a: { employerName: string }) => !a.employerName.includes('石柱'));
    expect(elsewhere).toBeTruthy();
    expect((await employer.get(`/api/talent/applications/${elsewhere.id}`)).status).toBe(404);
    expect((await review(employer, elsewhere.id, { step: 'employer', decision: 'approve' })).status).toBe(404);
    const seen = (await employer.get('/api/talent/applications?pageSize=200')).body.items as { employerName: string }[];
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((a) => a.employerName.includes('石柱'))).toBe(true);
    // A village cadre's subtree holds no employer: nothing to see, nothing to decide.
    expect((await village.get('/api/talent/applications')).body.total).toBe(0);
    expect((await review(village, app.id, { step: 'employer', decision: 'approve' })).status).toBe(404);
    // The town sees its enterprise's application, and its step; not the office's.
    expect((await town.get(`/api/talent/applications/${app.id}`)).body.action).toMatchObject({ step: 'employer', canDecide: true });
    expect((await review(town, app.id, { step: 'employer', decision: 'approve' })).status).toBe(200);
    expect((await town.get(`/api/talent/applications/${app.id}`)).body.action).toMatchObject({ step: 'office', canDecide: false });
    expect((await review(town, app.id, { step: 'office', decision: 'approve' })).body.code).toBe('auth.forbidden');
    // Payments and programmes are the talent office's.
    expect((await town.get('/api/talent/payments')).status).toBe(403);
    expect((await town.post('/api/talent/programmes', {})).status).toBe(403);
  });

  it('logs every staff read of a document and exports the queue with personal data masked', async () => {
    const row = (await zzb.get('/api/talent/applications?step=office&status=submitted')).body.items.find((a: { phoneMasked: string | null }) => a.phoneMasked);
    const detail = (await zzb.get(`/api/talent/applications/${row.id}`)).body;
    expect(detail.person.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    const file = await zzb.get(`/api/talent/applications/${row.id}/files/${detail.files[0].id}`);
    expect(file.status).toBe(200);
    expect(String(file.headers['content-type'])).toBe('application/pdf');
    expect(await auditCount('talent_application.file_read', row.id)).toBe(1);
    const res = await zzb.post('/api/talent/applications/export?status=submitted');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(4).value).toBe('手机号（脱敏）');
    const phones: string[] = [];
    ws.eachRow((r, i) => i > 1 && phones.push(String(r.getCell(4).value ?? '')));
    expect(phones.length).toBeGreaterThan(3);
    expect(phones.filter(Boolean).every((p) => /^\d{3}\*{4}\d{4}$/.test(p))).toBe(true);
  });

  it('keeps programmes with checked rules and optimistic locking', async () => {
    const rules = { tiers: ['A', 'B'], minEducation: 'master', employerRequired: true, employerTypes: ['enterprise'], minYearsInCounty: 2, amounts: { A: 300_000 }, scores: {}, documents: [{ key: 'degree', label: '学位证书', required: true }, { key: 'degree', label: '学位证书', required: true }] };
    const bad = await zzb.post('/api/talent/programmes', { code: 'TEST_HS', name: '测试补助', kind: 'housing_subsidy', rules, opensOn: '2026-01-01', closesOn: '2025-12-31' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['closesOn', 'rules.amounts.B', 'rules.documents.1.key']);
    const fixedRules = { ...rules, amounts: { A: 300_000, B: 200_000 }, documents: [rules.documents[0]] };
    const created = await zzb.post('/api/talent/programmes', { code: 'TEST_HS', name: '测试补助', kind: 'housing_subsidy', rules: fixedRules, opensOn: '2026-01-01' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ownerName: '市委组织部', open: true, version: 1 });
    expect((await zzb.post('/api/talent/programmes', { code: 'TEST_HS', name: '又一个', kind: 'other', rules: fixedRules, opensOn: '2026-01-01' })).body.code).toBe('talent_programme.code_taken');
    const updated = await xcb.patch(`/api/talent/programmes/${created.body.id}`, { version: 1, closesOn: today() });
    expect(updated.body).toMatchObject({ version: 2, closesOn: today() });
    const stale = await zzb.patch(`/api/talent/programmes/${created.body.id}`, { version: 1, name: '改名' });
    expect(stale.status).toBe(409);
    expect(stale.body.details.current.name).toBe('测试补助');
    expect(await auditCount('talent_programme.update', created.body.id)).toBe(1);
    // Closed programmes take no new applications.
    await zzb.patch(`/api/talent/programmes/${created.body.id}`, { version: 2, opensOn: '2020-01-01', closesOn: '2020-12-31' });
    const closed = await talent.post('/api/me/applications', { programmeId: created.body.id });
    expect(closed.body).toMatchObject({ code: 'talent_application.programme_closed', message: '该政策的申请期为2020年1月1日至2020年12月31日，当前不在申请期内' });
  });
});
