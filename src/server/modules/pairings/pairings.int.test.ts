import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { DEMO_PASSWORD } from '../../db/demo/demo-county';
import { createUserAsSystem } from '../auth';
import { derivedSource } from '../indicators/derived';
import { parsePeriod } from '../indicators';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';
import type { PairingDetail, PairingListItem, PairingListPage, SilentPairingsPage } from '../../../shared/pairings';
import { todayCst } from './pairings.service';

const SHIZHU = '330784105';
const DONGCHENG = '330784001';
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('pairings (结对联系) on the small demo county', () => {
  let t: TestApp;
  let zzb: Client;
  let town: Client;
  let village: Client;
  let leader: Client;
  let otherTown: Client;
  let ids: { shizhu: number; village: number; otherVillage: number; enterprise: number; enterpriseBranch: number; dongchengVillage: number; zzbDept: number };
  let people: { cadre: number; townCadre: number; entrepreneur: number; entrepreneur2: number };

  const one = async <T>(rows: Promise<T[]>) => (await rows)[0];
  const jointBody = (title: string, units: number[], extra: Record<string, unknown> = {}) => ({
    kind: 'joint_building',
    title,
    purpose: '测试联建',
    ownerUnitId: ids.shizhu,
    startDate: '2024-01-01',
    parties: units.map((orgUnitId) => ({ orgUnitId, roleLabel: '联建单位' })),
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp();
    zzb = await t.login('zzb');
    town = await t.login('town');
    village = await t.login('village');
    leader = await t.login('leader');
    await createUserAsSystem(t.ctx, { username: 'dc_town', displayName: '东城街道干部（测试）', orgUnitCode: DONGCHENG, role: 'town', password: DEMO_PASSWORD });
    otherTown = await t.login('dc_town');
    const villageCode = t.demo.accounts.find((a) => a.username === 'village')!.unitCode;
    const q = <T>(s: ReturnType<typeof sql>) => queryRows<T>(t.ctx.db, s);
    ids = {
      shizhu: await t.unitId(SHIZHU),
      village: await t.unitId(villageCode),
      otherVillage: (await one(q<{ id: number }>(sql`select id from org_units where parent_id = (select id from org_units where code = ${SHIZHU}) and type in ('village', 'community') and code <> ${villageCode} order by code limit 1`))).id,
      enterprise: await t.unitId(`${SHIZHU}-QY1`),
      enterpriseBranch: await t.unitId(`${SHIZHU}-QY1-DZB`),
      dongchengVillage: (await one(q<{ id: number }>(sql`select id from org_units where parent_id = (select id from org_units where code = ${DONGCHENG}) and type in ('village', 'community') order by code limit 1`))).id,
      zzbDept: await t.unitId('330784-ZZB'),
    };
    const cadreAt = async (code: string) =>
      (await one(q<{ id: number }>(sql`select p.id from persons p join person_roles r on r.person_id = p.id and r.role = 'cadre' where p.org_unit_id = (select id from org_units where code = ${code}) order by p.id limit 1`))).id;
    const inEnterprise = await q<{ id: number }>(
      sql`select p.id from persons p join org_units o on o.id = p.org_unit_id where o.path like (select path from org_units where code = ${`${SHIZHU}-QY1`}) || '%'
          and not exists (select 1 from person_roles r where r.person_id = p.id and r.role in ('cadre', 'non_party_cadre')) order by p.id limit 2`,
    );
    people = { cadre: await cadreAt('330784-ZZB-JG'), townCadre: await cadreAt(`${SHIZHU}-DW-JG1`), entrepreneur: inEnterprise[0].id, entrepreneur2: inEnterprise[1].id };
  }, 180_000);
  afterAll(() => t?.close());

  it('loads four belts of 4–8 units, ~20 leader–entrepreneur pairings and 联建 pairs, some of them silent', async () => {
    const belts = (await zzb.get('/api/pairings?kind=belt&pageSize=100')).body as PairingListPage;
    expect(belts.total).toBe(4);
    for (const b of belts.items) {
      expect(b.title).toMatch(/党建示范带（演示）$/);
      expect(b.parties.length).toBeGreaterThanOrEqual(4);
      expect(b.parties.length).toBeLessThanOrEqual(8);
      expect(b.parties.every((p) => p.orgUnitId != null)).toBe(true);
    }
    const leaders = (await zzb.get('/api/pairings?kind=leader_entrepreneur&pageSize=100')).body as PairingListPage;
    expect(leaders.total).toBeGreaterThanOrEqual(15);
    expect(leaders.items.every((p) => p.parties.map((x) => x.roleLabel).sort().join() === ['企业家', '联系领导'].sort().join())).toBe(true);
    // Masked phones only, never a full number.
    expect(JSON.stringify(leaders.items)).not.toMatch(/1990\d{7}/);
    expect((await zzb.get('/api/pairings?kind=joint_building&pageSize=100')).body.total).toBeGreaterThanOrEqual(10);
    const silent = (await town.get('/api/pairings/silent')).body as SilentPairingsPage;
    expect(silent.days).toBe(90);
    expect(silent.actionable).toBeGreaterThan(0);
    // Silent with contacts long ago, and silent since its start with none.
    expect(silent.items.some((i) => i.lastContactOn != null && i.canEdit)).toBe(true);
    expect(silent.items.some((i) => i.lastContactOn == null && i.canEdit)).toBe(true);
    const all = (await town.get('/api/pairings?status=active&pageSize=500')).body as PairingListPage;
    expect(all.items.some((p) => p.canEdit && p.silentDays! < 90)).toBe(true);
  });

  it('derives 共同富裕党建示范带数 from the belts standing at each year end: 2 in 2021, 4 in 2022', async () => {
    const ind = ((await zzb.get('/api/indicators')).body as { code: string; id: number; source: string }[]).find((i) => i.code === 'DJ_SFD')!;
    expect(ind.source).toBe('derived');
    const county = await t.unitId('330784');
    expect((await zzb.get(`/api/indicators/${ind.id}/aggregate?unitId=${county}&from=2021`)).body.value).toBe(2);
    expect((await zzb.get(`/api/indicators/${ind.id}/aggregate?unitId=${county}&from=2022`)).body.value).toBe(4);
    // The source counts live records: a belt ended in 2022 leaves that year's count, one started later does not enter it.
    const [{ path }] = await queryRows<{ path: string }>(t.ctx.db, sql`select path from org_units where id = ${county}`);
    const count = async (year: string) => (await derivedSource('pairings.belts')!.compute(t.ctx.db, path, parsePeriod(year)!)).reduce((a, r) => a + r.value, 0);
    expect(await count('2022')).toBe(4);
    const belt = (await town.post('/api/pairings', { ...jointBody('测试示范带（2023年起）', [ids.village, ids.otherVillage]), kind: 'belt', startDate: '2023-03-01' })).body as PairingDetail;
    expect(await count('2022')).toBe(4);
    expect(await count('2023')).toBe(5);
    await town.post(`/api/pairings/${belt.id}/end`, { version: belt.version, endedOn: '2023-06-30', reason: '测试' });
    expect(await count('2023')).toBe(4);
  });

  it('refuses bad pairings with Chinese errors beside the fields', async () => {
    const le = (leaderId: number, entId: number, labels = ['联系领导', '企业家']) => ({
      kind: 'leader_entrepreneur',
      title: '测试联系',
      purpose: '测试',
      startDate: '2024-01-01',
      parties: [
        { personId: leaderId, roleLabel: labels[0] },
        { personId: entId, roleLabel: labels[1] },
      ],
    });
    let res = await zzb.post('/api/pairings', le(people.cadre, people.entrepreneur, ['企业家', '企业家']));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('pairings.leader_entrepreneur_sides');
    expect(res.body.details[0]).toMatchObject({ path: 'parties', message: expect.stringContaining('有且只有一名联系领导和一名企业家') });
    res = await zzb.post('/api/pairings', { ...le(people.cadre, people.entrepreneur), parties: [...le(people.cadre, people.entrepreneur).parties, { orgUnitId: ids.enterprise, roleLabel: '企业' }] });
    expect(res.body.code).toBe('pairings.leader_entrepreneur_sides');
    res = await zzb.post('/api/pairings', le(people.entrepreneur2, people.entrepreneur));
    expect(res.body.code).toBe('pairings.leader_not_cadre');
    expect(res.body.details[0].path).toBe('parties.0.personId');
    res = await zzb.post('/api/pairings', le(people.cadre, people.cadre));
    expect(res.body.code).toBe('pairings.duplicate_party');
    res = await town.post('/api/pairings', { ...jointBody('一个单位的带', [ids.village]), kind: 'belt' });
    expect(res.body).toMatchObject({ code: 'pairings.belt_needs_two_units', details: [{ path: 'parties', message: expect.stringContaining('至少两个') }] });
    res = await town.post('/api/pairings', jointBody('倒置日期', [ids.village, ids.enterprise], { startDate: '2024-05-01', endDate: '2024-04-30' }));
    expect(res.status).toBe(400);
    expect(res.body.details).toContainEqual({ path: 'endDate', message: '结束日期不能早于开始日期' });
    res = await town.post('/api/pairings', jointBody('跨镇联建', [ids.village, ids.dongchengVillage]));
    expect(res.body).toMatchObject({ code: 'pairings.party_out_of_scope', details: [{ path: 'parties.1.orgUnitId' }] });
    res = await town.post('/api/pairings', jointBody('别人的', [ids.village, ids.enterprise], { ownerUnitId: ids.dongchengVillage }));
    expect(res.body.code).toBe('pairings.owner_out_of_scope');
    res = await town.post('/api/pairings', { ...jointBody('无名', [ids.village, ids.enterprise]), title: ' ' });
    expect(res.body.details).toContainEqual({ path: 'title', message: '请填写结对名称' });
    // Nothing of it was written.
    expect((await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from pairings where title in ('测试联系', '一个单位的带', '倒置日期', '跨镇联建', '别人的')`))[0].n).toBe(0);

    // A good one, then contacts outside its period or in the future.
    const ok = await zzb.post('/api/pairings', le(people.cadre, people.entrepreneur));
    expect(ok.status).toBe(201);
    expect(ok.body.partiesText).toMatch(/（联系领导） ↔ .*（企业家）/);
    const tomorrow = addDays(todayCst(), 1);
    res = await zzb.post(`/api/pairings/${ok.body.id}/contacts`, { occurredOn: tomorrow, kind: 'visit', summary: '明天的走访' });
    expect(res.body).toMatchObject({ code: 'pairings.contact_in_future', details: [{ path: 'occurredOn', message: '联系日期不能晚于今天' }] });
    res = await zzb.post(`/api/pairings/${ok.body.id}/contacts`, { occurredOn: '2023-12-31', kind: 'visit', summary: '开始前' });
    expect(res.body.code).toBe('pairings.contact_before_start');
    res = await zzb.post(`/api/pairings/${ok.body.id}/contacts`, { occurredOn: '2024-02-01', kind: 'phone', summary: '未知方式' });
    expect(res.status).toBe(400);
    expect(res.body.details[0].path).toBe('kind');
  });

  it('lets the owner’s subtree write, a party unit’s account only read, and nobody else see it', async () => {
    // A town-owned 联建 with the village account's own village as a party.
    const created = await town.post('/api/pairings', jointBody('石柱镇测试村企联建', [ids.village, ids.enterpriseBranch]));
    expect(created.status).toBe(201);
    const p = created.body as PairingDetail;
    expect(p.canEdit).toBe(true);
    // The village: a party, so it reads it (list and detail), but cannot log a contact or edit it.
    const seen = await village.get(`/api/pairings/${p.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.canEdit).toBe(false);
    expect(((await village.get('/api/pairings?pageSize=500')).body as PairingListPage).items.map((i) => i.id)).toContain(p.id);
    const refused = await village.post(`/api/pairings/${p.id}/contacts`, { occurredOn: todayCst(), kind: 'visit', summary: '村里来记录' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('pairings.read_only');
    expect(refused.body.message).toContain('石柱镇');
    expect((await village.request('PUT', `/api/pairings/${p.id}`, { ...jointBody('改名', [ids.village, ids.enterpriseBranch]), version: 1 })).status).toBe(403);
    // A pairing of the same town without the village: not visible to it at all.
    const other = (await town.post('/api/pairings', jointBody('不含本村的联建', [ids.otherVillage, ids.enterpriseBranch]))).body as PairingDetail;
    expect((await village.get(`/api/pairings/${other.id}`)).status).toBe(404);
    expect((await village.post(`/api/pairings/${other.id}/contacts`, { occurredOn: todayCst(), kind: 'visit', summary: 'x' })).status).toBe(404);
    // Another town sees neither.
    expect((await otherTown.get(`/api/pairings/${p.id}`)).status).toBe(404);
    expect(((await otherTown.get('/api/pairings?pageSize=500')).body as PairingListPage).items.some((i) => i.title.startsWith('石柱镇测试'))).toBe(false);
    // A county-owned pairing with a 石柱镇 branch: the town reads it, the department writes it.
    const county = (await zzb.post('/api/pairings', { ...jointBody('部门联村测试', [ids.enterpriseBranch, await t.unitId('330784-ZZB-JG')]), ownerUnitId: ids.zzbDept })).body as PairingDetail;
    const townView = await town.get(`/api/pairings/${county.id}`);
    expect(townView.status).toBe(200);
    expect(townView.body.canEdit).toBe(false);
    expect((await town.post(`/api/pairings/${county.id}/end`, { version: 1, endedOn: todayCst(), reason: '越权' })).body.code).toBe('pairings.read_only');
    expect((await zzb.post(`/api/pairings/${county.id}/contacts`, { occurredOn: todayCst(), kind: 'talk', summary: '部门来村座谈' })).status).toBe(201);
    // Read-only roles read, cannot write.
    expect((await leader.get(`/api/pairings/${p.id}`)).status).toBe(200);
    expect((await leader.post(`/api/pairings/${p.id}/contacts`, { occurredOn: todayCst(), kind: 'visit', summary: 'x' })).body.code).toBe('auth.forbidden');
    // Filtering by a unit outside the subtree is refused as not found.
    expect((await town.get(`/api/pairings?orgUnitId=${ids.dongchengVillage}`)).status).toBe(404);
  });

  it('edits under optimistic locking and ends early with a reason, all in the audit log', async () => {
    const p = (await town.post('/api/pairings', jointBody('锁测试联建', [ids.village, ids.enterprise], { startDate: '2023-01-01' }))).body as PairingDetail;
    const body = { ...jointBody('锁测试联建（改）', [ids.village, ids.enterprise, ids.otherVillage], { startDate: '2023-01-01' }), version: p.version };
    const first = await town.request('PUT', `/api/pairings/${p.id}`, body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 2, title: '锁测试联建（改）' });
    expect(first.body.parties).toHaveLength(3);
    const stale = await town.request('PUT', `/api/pairings/${p.id}`, { ...body, title: '过期的修改' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('pairings.version_conflict');
    expect(stale.body.details.current).toMatchObject({ version: 2, title: '锁测试联建（改）' });

    await town.post(`/api/pairings/${p.id}/contacts`, { occurredOn: '2024-03-01', kind: 'joint_activity', summary: '联合主题党日' });
    // The start cannot move past a logged contact, nor the end before one.
    const late = await town.request('PUT', `/api/pairings/${p.id}`, { ...body, version: 2, startDate: '2024-04-01' });
    expect(late.body.code).toBe('pairings.start_after_contacts');
    const ended = await town.post(`/api/pairings/${p.id}/end`, { version: 2, endedOn: '2024-02-01', reason: '村企调整' });
    expect(ended.body.code).toBe('pairings.end_before_contacts');
    const ok = await town.post(`/api/pairings/${p.id}/end`, { version: 2, endedOn: '2024-06-30', reason: '企业搬迁出镇' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'ended', endedOn: '2024-06-30', endReason: '企业搬迁出镇', version: 3, silentDays: null });
    expect((await town.post(`/api/pairings/${p.id}/end`, { version: 3, endedOn: '2024-07-30', reason: '再来' })).body.code).toBe('pairings.already_ended');
    expect((await town.post(`/api/pairings/${p.id}/contacts`, { occurredOn: '2024-07-01', kind: 'visit', summary: '结束后' })).body.code).toBe('pairings.contact_after_end');
    const history = ok.body.history.map((h: { action: string }) => h.action);
    expect(history).toEqual(['pairings.create', 'pairings.update', 'pairings.contact', 'pairings.end']);
    const events = await queryRows<{ action: string; actorName: string; orgUnitId: number }>(
      t.ctx.db,
      sql`select action, actor_name as "actorName", org_unit_id as "orgUnitId" from audit_events where entity_type = 'pairing' and entity_id = ${String(p.id)} order by id`,
    );
    expect(events.every((e) => e.orgUnitId === ids.shizhu && e.actorName === '石柱镇干部（演示）')).toBe(true);
    // Refused writes left no event.
    expect(events).toHaveLength(4);
  });

  it('lists a pairing as silent from 90 days without contact, not at 89, and drops it when a contact is logged', async () => {
    const today = todayCst();
    const mk = async (title: string, startDate: string, contactDaysAgo: number | null) => {
      const p = (await town.post('/api/pairings', jointBody(title, [ids.otherVillage, ids.enterprise], { startDate }))).body as PairingDetail;
      if (contactDaysAgo != null) expect((await town.post(`/api/pairings/${p.id}/contacts`, { occurredOn: addDays(today, -contactDaysAgo), kind: 'visit', summary: `${contactDaysAgo}天前走访` })).status).toBe(201);
      return p.id;
    };
    const long = addDays(today, -400);
    const c89 = await mk('沉默边界-89', long, 89);
    const c90 = await mk('沉默边界-90', long, 90);
    const c91 = await mk('沉默边界-91', long, 91);
    const n89 = await mk('从未联系-89', addDays(today, -89), null);
    const n90 = await mk('从未联系-90', addDays(today, -90), null);
    const future = await mk('尚未开始', addDays(today, 5), null);
    const silentIds = async (c: Client, query = '') => {
      const res = (await c.get(`/api/pairings/silent?pageSize=500${query}`)).body as SilentPairingsPage;
      return res;
    };
    const view = await silentIds(town);
    const mine = new Map(view.items.map((i) => [i.id, i]));
    expect(mine.has(c89)).toBe(false);
    expect(mine.get(c90)?.silentDays).toBe(90);
    expect(mine.get(c91)?.silentDays).toBe(91);
    expect(mine.get(c91)?.lastContactOn).toBe(addDays(today, -91));
    expect(mine.has(n89)).toBe(false);
    expect(mine.get(n90)).toMatchObject({ silentDays: 90, lastContactOn: null });
    expect(mine.has(future)).toBe(false);
    // Sorted by days of silence, longest first.
    const days = view.items.map((i) => i.silentDays!);
    expect([...days].sort((a, b) => b - a)).toEqual(days);
    expect(view.items.every((i) => i.status === 'active' && i.silentDays! >= 90)).toBe(true);
    // The threshold is a parameter.
    const at91 = new Set((await silentIds(town, '&days=91')).items.map((i) => i.id));
    expect(at91.has(c90)).toBe(false);
    expect(at91.has(c91)).toBe(true);
    expect((await town.get('/api/pairings/silent?days=0')).status).toBe(400);
    // Filters: kind and unit.
    expect((await silentIds(town, '&kind=belt')).items.every((i) => i.kind === 'belt')).toBe(true);
    const byUnit = await silentIds(town, `&orgUnitId=${ids.otherVillage}`);
    expect(byUnit.items.map((i) => i.id)).toEqual(expect.arrayContaining([c90, c91, n90]));
    expect(byUnit.items.every((i) => i.parties.some((p) => p.orgUnitId === ids.otherVillage) || i.ownerUnitId === ids.otherVillage)).toBe(true);
    // The counter: what the town itself can act on; another town sees none of it.
    expect(view.actionable).toBe(view.items.filter((i) => i.canEdit).length);
    const before = view.actionable;
    expect((await silentIds(otherTown)).items.some((i) => i.ownerUnitId === ids.shizhu)).toBe(false);
    // A contact today takes it out of the view.
    await town.post(`/api/pairings/${c91}/contacts`, { occurredOn: today, kind: 'talk', summary: '恢复联系' });
    const after = await silentIds(town);
    expect(after.items.some((i) => i.id === c91)).toBe(false);
    expect(after.actionable).toBe(before - 1);
    // The export carries the same rows.
    const file = await town.request('POST', '/api/pairings/silent/export?days=90');
    expect(file.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.raw as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.getRow(1).values).toEqual(expect.arrayContaining(['结对名称', '最近联系', '沉默天数']));
    const titles = sheet.getColumn(1).values.slice(2);
    expect(titles).toContain('沉默边界-90');
    expect(titles).not.toContain('沉默边界-91');
    expect(titles).toHaveLength(after.total);
  });

  it('shows the detail with parties, period and the contact timeline, newest first', async () => {
    const list = (await town.get('/api/pairings?kind=belt')).body as PairingListPage;
    const belt = list.items.find((b) => b.ownerUnitId === ids.shizhu && b.title.endsWith('（演示）'))! as PairingListItem;
    const d = (await town.get(`/api/pairings/${belt.id}`)).body as PairingDetail;
    expect(d.purpose.length).toBeGreaterThan(0);
    expect(d.parties.some((p) => p.roleLabel === '牵头单位')).toBe(true);
    expect(d.contacts.length).toBe(d.contactCount);
    const dates = d.contacts.map((c) => c.occurredOn);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(d.contacts.every((c) => c.kindName && c.occurredOn <= todayCst() && c.occurredOn >= d.startDate)).toBe(true);
  });
});
