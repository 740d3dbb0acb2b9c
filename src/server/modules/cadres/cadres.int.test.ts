import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';
import { computeDerived } from '../indicators/derived';
import { parsePeriod } from '../indicators';
import type { CadreDetail, CadreHome, CareRecord, CareerEntry, CorrectionItem, FtCaseDetail } from '../../../shared/cadres';

let t: TestApp;
let zzb: Client;
let town: Client;
let cadre: Client;
let myPerson: number;
let countyId: number;

const TOWN = '330784105'; // 石柱镇, the demo town account's unit

beforeAll(async () => {
  t = await createTestApp();
  // The demo's personal account must change its password at first login, like every demo account.
  const [acct] = await queryRows<{ personId: number; mustChange: boolean; role: string }>(t.ctx.db, sql`select person_id as "personId", must_change_password as "mustChange", role from users where username = 'cadre'`);
  expect(acct).toMatchObject({ mustChange: true, role: 'personal' });
  myPerson = acct.personId;
  [zzb, town, cadre] = [await t.login('zzb'), await t.login('town'), await t.login('cadre')];
  countyId = await t.unitId('330784');
}, 120_000);
afterAll(() => t?.close());

const auditCount = async (action: string) => (await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from audit_events where action = ${action}`))[0].n;

/** A current demo cadre of `code`'s subtree other than the account's own person. */
async function cadreUnder(code: string, skip: number[] = []): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    t.ctx.db,
    sql`select distinct p.id from persons p join person_roles r on r.person_id = p.id and r.role = 'cadre'
        where p.org_unit_id in (select id from org_units where path like (select path from org_units where code = ${code}) || '%') order by p.id`,
  );
  return rows.map((r) => r.id).find((id) => id !== myPerson && !skip.includes(id))!;
}

describe('the demo', () => {
  it('derives 累计容错4名干部 (RCCQ_JS) from the 2022 decisions in force', async () => {
    const ind = (await zzb.get('/api/indicators')).body.find((i: { code: string }) => i.code === 'RCCQ_JS');
    expect(ind).toMatchObject({ source: 'derived', derivation: 'cadres.tolerated', unit: '名' });
    const a = await zzb.get(`/api/indicators/${ind.id}/aggregate?unitId=${countyId}&from=2022`);
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(a.body.value).toBe(4);
    const [county] = await queryRows<{ path: string }>(t.ctx.db, sql`select path from org_units where id = ${countyId}`);
    const live = await computeDerived(t.ctx.db, 'cadres.tolerated', county.path, parsePeriod('2022')!, new Set([countyId]));
    expect(live.get(countyId)).toBe(4);
    // Four different cadres; one case's decision was changed, the first decision kept on record.
    const rows = await queryRows<{ people: number; chains: number }>(
      t.ctx.db,
      sql`select count(distinct c.person_id)::int as people, (select count(*)::int from fault_tolerance_decisions where supersedes_id is not null) as chains
          from fault_tolerance_cases c join fault_tolerance_decisions d on d.id = (select max(id) from fault_tolerance_decisions where case_id = c.id)
          where d.outcome = 'tolerated' and d.decided_on between '2022-01-01' and '2022-12-31'`,
    );
    expect(rows[0]).toEqual({ people: 4, chains: 1 });
    // The ledger no longer holds the cases: only the cadres module does.
    const [{ ledger }] = await queryRows<{ ledger: number }>(t.ctx.db, sql`select count(*)::int as ledger from cases c join ledger_categories k on k.id = c.category_id where k.code = 'RCCQ'`);
    expect(ledger).toBe(0);
  });
});

describe('干部之家: a cadre’s own record', () => {
  it('shows the masked profile, posts, career with training hours per year, dispatches, care, 容错记录 and requests', async () => {
    const res = await cadre.get('/api/me/cadre');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const home = res.body as CadreHome;
    expect(home.profile.personId).toBe(myPerson);
    expect(home.isCadre).toBe(true);
    expect(home.profile.idMasked).toMatch(/\*/);
    // No full ID number or phone anywhere in the answer.
    expect(JSON.stringify(res.body)).not.toMatch(/\d{17}[\dX]|1\d{10}/);
    expect(home.posts.some((p) => p.current && p.post)).toBe(true);
    expect(new Set(home.career.map((e) => e.kind))).toEqual(new Set(['post', 'rank', 'training', 'evaluation']));
    const y2022 = home.training.find((y) => y.year === 2022)!;
    const sum = home.career.filter((e) => e.kind === 'training' && e.startDate.startsWith('2022')).reduce((s, e) => s + (e.hours ?? 0), 0);
    expect(y2022.hours).toBe(sum);
    expect(home.dispatches.length).toBeGreaterThan(0);
    expect(home.care).toHaveLength(3);
    expect(home.care[0]).toMatchObject({ byWhom: expect.any(String), occurredOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const tolerated = home.faultTolerance.find((f) => f.outcome === 'tolerated')!;
    expect(tolerated).toMatchObject({ outcomeName: '予以容错', grounds: expect.stringContaining('容错'), note: expect.stringContaining('评先评优') });
    expect(home.corrections.find((c) => c.status === 'accepted')).toMatchObject({ response: expect.any(String), handledBy: expect.any(String) });
  });

  it('reaches only its own entries and requests (IDOR → 404), and no staff page', async () => {
    const [other] = await queryRows<{ entry: number; person: number }>(t.ctx.db, sql`select id as entry, person_id as person from cadre_career_entries where person_id <> ${myPerson} order by id limit 1`);
    const [mine] = await queryRows<{ id: number }>(t.ctx.db, sql`select id from cadre_career_entries where person_id = ${myPerson} order by id limit 1`);
    expect((await cadre.get(`/api/me/career/${mine.id}`)).status).toBe(200);
    const peek = await cadre.get(`/api/me/career/${other.entry}`);
    expect(peek.status).toBe(404);
    expect(peek.body.code).toBe('cadres.entry_not_found');
    const [theirs] = await queryRows<{ id: number }>(t.ctx.db, sql`select id from cadre_corrections where person_id <> ${myPerson} order by id limit 1`);
    expect((await cadre.get(`/api/me/corrections/${theirs.id}`)).status).toBe(404);
    const ask = await cadre.post('/api/me/corrections', { subject: `career:${other.entry}`, requested: '改成我的' });
    expect(ask.status).toBe(404);
    const [{ n }] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from cadre_corrections where subject = ${`career:${other.entry}`} and person_id = ${myPerson}`);
    expect(n).toBe(0);
    // Staff pages stay closed to a personal account, and the personal pages to staff.
    for (const url of ['/api/cadres', `/api/cadres/${other.person}`, `/api/cadres/${other.person}/care`, '/api/cadres/fault-tolerance', '/api/cadres/corrections']) {
      const r = await cadre.get(url);
      expect(r.status, url).toBe(403);
      expect(r.body.code).toBe('auth.forbidden');
    }
    expect((await zzb.get('/api/me/cadre')).status).toBe(403);
  });
});

describe('correction requests', () => {
  it('goes from the cadre’s request to the department’s answer, applying the change to the entry', async () => {
    const home = (await cadre.get('/api/me/cadre')).body as CadreHome;
    const pendingSubjects = new Set(home.corrections.filter((c) => c.status === 'pending').map((c) => c.subject));
    const entry = home.career.find((e) => e.kind === 'training' && !pendingSubjects.has(`career:${e.id}`))!;
    const empty = await cadre.post('/api/me/corrections', { subject: `career:${entry.id}`, requested: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ code: 'validation_failed', details: [{ path: 'requested', message: '请填写正确的内容' }] });
    const bad = await cadre.post('/api/me/corrections', { subject: 'career:abc', requested: '学时应为40' });
    expect(bad.body.details[0]).toMatchObject({ path: 'subject', message: '请选择需要更正的内容' });

    const before = await auditCount('cadres.correction_request');
    const ask = await cadre.post('/api/me/corrections', { subject: `career:${entry.id}`, requested: `学时应为 ${(entry.hours ?? 0) + 4} 学时`, reason: '以结业证书为准' });
    expect(ask.status, JSON.stringify(ask.body)).toBe(201);
    expect(ask.body).toMatchObject({ status: 'pending', statusName: '待处理', subjectLabel: expect.stringContaining(entry.title) });
    expect(await auditCount('cadres.correction_request')).toBe(before + 1);
    const twice = await cadre.post('/api/me/corrections', { subject: `career:${entry.id}`, requested: '再次申请' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('cadres.correction_pending');
    expect((await cadre.get(`/api/me/corrections/${ask.body.id}`)).body.id).toBe(ask.body.id);

    // The department's queue shows it, with the entry as it stands for applying the change.
    const queue = (await zzb.get('/api/cadres/corrections?status=pending&pageSize=200')).body.items as CorrectionItem[];
    const item = queue.find((c) => c.id === ask.body.id)!;
    expect(item.entry).toMatchObject({ id: entry.id, version: entry.version });
    expect((await town.get('/api/cadres/corrections')).status).toBe(403);

    const noReason = await zzb.post(`/api/cadres/corrections/${item.id}/answer`, { version: item.version, decision: 'reject' });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ code: 'cadres.reason_required', details: [{ path: 'response', message: expect.stringContaining('理由') }] });
    const stale = await zzb.post(`/api/cadres/corrections/${item.id}/answer`, { version: item.version + 5, decision: 'accept', response: '已更正' });
    expect(stale.status).toBe(409);
    const ok = await zzb.post(`/api/cadres/corrections/${item.id}/answer`, { version: item.version, decision: 'accept', change: { version: entry.version, hours: (entry.hours ?? 0) + 4 } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ status: 'accepted', response: '已按申请更正', handledBy: '组织部干部（演示）' });
    const again = await zzb.post(`/api/cadres/corrections/${item.id}/answer`, { version: ok.body.version, decision: 'reject', response: '重复' });
    expect(again.body.code).toBe('cadres.correction_answered');

    // The cadre sees the answer and the corrected entry.
    const after = (await cadre.get('/api/me/cadre')).body as CadreHome;
    expect(after.corrections.find((c) => c.id === item.id)).toMatchObject({ status: 'accepted', statusName: '已采纳' });
    expect(after.career.find((e) => e.id === entry.id)).toMatchObject({ hours: (entry.hours ?? 0) + 4, version: entry.version + 1 });
  });

  it('rejects a profile request with a reason the cadre reads', async () => {
    const ask = await cadre.post('/api/me/corrections', { subject: 'profile', requested: '出生年月应为 1985-06' });
    expect(ask.status).toBe(201);
    const onlyChange = await zzb.post(`/api/cadres/corrections/${ask.body.id}/answer`, { version: 1, decision: 'accept', change: { version: 1, title: 'x' } });
    expect(onlyChange.body.code).toBe('cadres.change_not_applicable');
    const res = await zzb.post(`/api/cadres/corrections/${ask.body.id}/answer`, { version: 1, decision: 'reject', response: '与户籍信息一致，原记录无误' });
    expect(res.status).toBe(200);
    const mine = (await cadre.get(`/api/me/corrections/${ask.body.id}`)).body as CorrectionItem;
    expect(mine).toMatchObject({ status: 'rejected', statusName: '未采纳', response: '与户籍信息一致，原记录无误' });
  });
});

describe('career entries', () => {
  it('validates across fields in Chinese with codes, and locks optimistically', async () => {
    const person = await cadreUnder(TOWN);
    const post = (body: unknown) => zzb.post(`/api/cadres/${person}/career`, body);
    const noHours = await post({ kind: 'training', title: '专题培训', startDate: '2022-04-01' });
    expect(noHours.status).toBe(400);
    expect(noHours.body).toMatchObject({ code: 'cadres.hours_required', message: '培训须填写学时', details: [{ path: 'hours', message: '培训须填写学时' }] });
    const several = await post({ kind: 'evaluation', title: '2022年度考核', startDate: '2023-01-20', endDate: '2022-12-31', hours: 4 });
    expect(several.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['endDate', 'grade', 'hours']);
    expect((await post({ kind: 'post', title: '科长', startDate: '2022-02-30' })).body.details[0]).toMatchObject({ path: 'startDate', message: '开始日期不是有效的日期' });
    expect((await post({ kind: 'rank', title: '', startDate: '2022-02-01' })).body.details[0]).toMatchObject({ path: 'title', message: '请填写名称' });

    const created = await post({ kind: 'training', title: '专题培训', startDate: '2022-04-01', hours: 16 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const e = created.body as CareerEntry;
    expect(e).toMatchObject({ kindName: '培训', hours: 16, version: 1 });
    const first = await zzb.patch(`/api/cadres/career/${e.id}`, { version: 1, hours: 24 });
    expect(first.body).toMatchObject({ hours: 24, version: 2 });
    const stale = await zzb.patch(`/api/cadres/career/${e.id}`, { version: 1, hours: 8 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'cadres.entry_version_conflict', details: { current: { hours: 24, version: 2 } } });
    expect((await zzb.post(`/api/cadres/career/${e.id}/delete`, { version: 1 })).status).toBe(409);
    expect((await zzb.post(`/api/cadres/career/${e.id}/delete`, { version: 2 })).status).toBe(200);
    expect(await queryRows(t.ctx.db, sql`select 1 from cadre_career_entries where id = ${e.id}`)).toEqual([]);
    const [trail] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from audit_events where entity_type = 'cadre_career_entry' and entity_id = ${String(e.id)}`);
    expect(trail.n).toBe(3);
    // Not a cadre, or outside the account's area: not found.
    const [plain] = await queryRows<{ id: number }>(t.ctx.db, sql`select p.id from persons p where not exists (select 1 from person_roles r where r.person_id = p.id and r.role in ('cadre', 'non_party_cadre')) order by p.id limit 1`);
    expect((await zzb.get(`/api/cadres/${plain.id}`)).status).toBe(404);
  });

  it('lists the area’s cadres with their post and training hours, filters by unit and name, exports .xlsx', async () => {
    const all = await zzb.get('/api/cadres?pageSize=500');
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThan(0);
    expect(all.body.items.every((c: { post: string | null }) => c.post)).toBe(true);
    expect(all.body.year).toBe(2023);
    const shizhu = await t.unitId(TOWN);
    const mine = await zzb.get(`/api/cadres?orgUnitId=${shizhu}&pageSize=500`);
    expect(mine.body.total).toBeLessThan(all.body.total);
    expect(mine.body.items.map((c: { personId: number }) => c.personId)).toContain(myPerson);
    const me = mine.body.items.find((c: { personId: number }) => c.personId === myPerson);
    const byName = await zzb.get(`/api/cadres?q=${encodeURIComponent(me.name)}`);
    expect(byName.body.items.map((c: { personId: number }) => c.personId)).toContain(myPerson);
    const before = await auditCount('cadres.export');
    const file = await zzb.post(`/api/cadres/export?orgUnitId=${shizhu}`);
    expect(file.status).toBe(200);
    expect(String(file.headers['content-type'])).toContain('spreadsheetml');
    expect(await auditCount('cadres.export')).toBe(before + 1);
    expect((await town.get('/api/cadres')).status).toBe(403);
  });
});

describe('care records (关心关爱)', () => {
  it('are seen by the department (each read logged) and by the cadre, never by peers', async () => {
    const before = await auditCount('cadres.care_read');
    const list = await zzb.get(`/api/cadres/${myPerson}/care`);
    expect(list.status).toBe(200);
    expect((list.body as CareRecord[]).length).toBe(3);
    expect(await auditCount('cadres.care_read')).toBe(before + 1);
    const future = await zzb.post(`/api/cadres/${myPerson}/care`, { kind: 'visit', occurredOn: '2099-01-01', byWhom: '镇党委书记', summary: '走访' });
    expect(future.body).toMatchObject({ code: 'cadres.care_in_future', details: [{ path: 'occurredOn' }] });
    const add = await zzb.post(`/api/cadres/${myPerson}/care`, { kind: 'talk', occurredOn: '2023-05-06', byWhom: '市委组织部干部科', summary: '岗位交流前谈心谈话' });
    expect(add.status, JSON.stringify(add.body)).toBe(201);
    expect(add.body).toMatchObject({ kindName: '谈心谈话', createdBy: '组织部干部（演示）' });
    expect(((await cadre.get('/api/me/cadre')).body as CadreHome).care.map((c) => c.id)).toContain(add.body.id);
    // A peer — a staff account without manage:cadres, or another personal account — cannot read them.
    expect((await town.get(`/api/cadres/${myPerson}/care`)).status).toBe(403);
    expect(await auditCount('cadres.care_read')).toBe(before + 1);
  });
});

describe('容错澄清', () => {
  it('runs application → investigation → decision; a changed decision is a new row; reads are logged; the figure follows', async () => {
    const [county] = await queryRows<{ path: string }>(t.ctx.db, sql`select path from org_units where id = ${countyId}`);
    const figure = async () => (await computeDerived(t.ctx.db, 'cadres.tolerated', county.path, parsePeriod('2022')!, new Set([countyId]))).get(countyId);
    const taken = (await queryRows<{ id: number }>(t.ctx.db, sql`select person_id as id from fault_tolerance_cases`)).map((r) => r.id);
    const person = await cadreUnder(TOWN, taken);
    const [plain] = await queryRows<{ id: number }>(
      t.ctx.db,
      sql`select p.id from persons p where p.org_unit_id in (select id from org_units where path like (select path from org_units where code = ${TOWN}) || '%')
          and not exists (select 1 from person_roles r where r.person_id = p.id and r.role in ('cadre', 'non_party_cadre')) order by p.id limit 1`,
    );
    const notCadre = await zzb.post('/api/cadres/fault-tolerance', { personId: plain.id, requestKind: 'tolerance', matter: '事项', applicant: '本人', appliedOn: '2022-03-01' });
    expect(notCadre.body).toMatchObject({ code: 'cadres.not_a_cadre', details: [{ path: 'personId' }] });
    const badKind = await zzb.post('/api/cadres/fault-tolerance', { personId: person, requestKind: 'pardon', matter: '事项', applicant: '本人', appliedOn: '2022-03-01' });
    expect(badKind.body.details[0]).toMatchObject({ path: 'requestKind', message: '请选择申请类别（容错免责或澄清正名）' });

    const opened = await zzb.post('/api/cadres/fault-tolerance', { personId: person, requestKind: 'tolerance', matter: '在项目推进中先行先试出现失误', applicant: '本人', appliedOn: '2022-03-01' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    let c = opened.body as FtCaseDetail;
    expect(c).toMatchObject({ status: 'applied', statusName: '已受理', decision: null, decisions: [] });
    const early = await zzb.post(`/api/cadres/fault-tolerance/${c.id}/decisions`, { version: c.version, outcome: 'tolerated', grounds: '符合容错情形', committee: '领导小组', decidedOn: '2022-04-01' });
    expect(early.body.code).toBe('cadres.not_investigated');
    const backwards = await zzb.post(`/api/cadres/fault-tolerance/${c.id}/investigation`, { version: c.version, investigation: '查明经过', investigatedBy: '干部监督科', investigatedOn: '2022-02-01' });
    expect(backwards.body).toMatchObject({ code: 'cadres.investigated_before_applied', details: [{ path: 'investigatedOn' }] });
    c = (await zzb.post(`/api/cadres/fault-tolerance/${c.id}/investigation`, { version: c.version, investigation: '查明经过', investigatedBy: '干部监督科', investigatedOn: '2022-03-20' })).body;
    expect(c.status).toBe('investigating');

    const before = await figure();
    c = (await zzb.post(`/api/cadres/fault-tolerance/${c.id}/decisions`, { version: c.version, outcome: 'tolerated', grounds: '出于公心、未谋私利，符合容错情形', committee: '领导小组', decidedOn: '2022-04-01' })).body;
    expect(c.decision).toMatchObject({ outcome: 'tolerated', outcomeName: '予以容错', supersedesId: null });
    expect(await figure()).toBe(before! + 1);
    expect((await zzb.post(`/api/cadres/fault-tolerance/${c.id}/investigation`, { version: c.version, investigation: '改', investigatedBy: '某', investigatedOn: '2022-03-21' })).body.code).toBe('cadres.case_decided');

    // Changing the decision needs a reason and appends a row naming the one it supersedes.
    const noReason = await zzb.post(`/api/cadres/fault-tolerance/${c.id}/decisions`, { version: c.version, outcome: 'not_applicable', grounds: '复核认定不符合', committee: '领导小组', decidedOn: '2022-05-01' });
    expect(noReason.body).toMatchObject({ code: 'cadres.change_reason_required', details: [{ path: 'changeReason', message: expect.stringContaining('变更理由') }] });
    const stale = await zzb.post(`/api/cadres/fault-tolerance/${c.id}/decisions`, { version: c.version - 1, outcome: 'not_applicable', grounds: '复核', committee: '领导小组', decidedOn: '2022-05-01', changeReason: '复核' });
    expect(stale.status).toBe(409);
    const first = c.decision!;
    c = (await zzb.post(`/api/cadres/fault-tolerance/${c.id}/decisions`, { version: c.version, outcome: 'not_applicable', grounds: '复核认定不符合容错条件', committee: '领导小组', decidedOn: '2022-05-01', changeReason: '收到新的举报材料，复核后变更' })).body;
    expect(c.decisions.map((d) => d.outcome)).toEqual(['tolerated', 'not_applicable']);
    expect(c.decision).toMatchObject({ outcome: 'not_applicable', supersedesId: first.id, changeReason: '收到新的举报材料，复核后变更' });
    expect(c.decisions[0]).toMatchObject({ id: first.id, grounds: first.grounds, decidedOn: '2022-04-01' });
    expect(await figure()).toBe(before);

    // The database itself refuses to edit or delete a decision.
    await expect(t.ctx.db.execute(sql`update fault_tolerance_decisions set outcome = 'tolerated' where id = ${first.id}`)).rejects.toThrow();
    await expect(t.ctx.db.execute(sql`delete from fault_tolerance_decisions where id = ${first.id}`)).rejects.toThrow();

    // Every read is logged: the list, the case, and the cadre's record that shows the outcome.
    const reads = await auditCount('cadres.ft_read');
    const list = await zzb.get('/api/cadres/fault-tolerance?pageSize=200');
    expect(list.body.items.map((i: { id: number }) => i.id)).toContain(c.id);
    expect((await zzb.get(`/api/cadres/fault-tolerance/${c.id}`)).body.decisions).toHaveLength(2);
    const detail = (await zzb.get(`/api/cadres/${person}`)).body as CadreDetail;
    expect(detail.faultTolerance.find((f) => f.caseId === c.id)).toMatchObject({ outcome: 'not_applicable', note: expect.stringContaining('选拔任用') });
    expect(await auditCount('cadres.ft_read')).toBe(reads + 3);
    // The town account has no manage:cadres: 403 and nothing logged.
    expect((await town.get(`/api/cadres/fault-tolerance/${c.id}`)).status).toBe(403);
    expect(await auditCount('cadres.ft_read')).toBe(reads + 3);
  });
});
