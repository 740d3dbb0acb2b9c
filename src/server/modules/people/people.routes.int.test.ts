import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { idCardCheckChar } from '../../../shared/id-card';
import { queryRows } from '../../db/client';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';

let t: TestApp;
let admin: Client;
let town: Client;
let village: Client;
const validId = (first17: string) => first17 + idCardCheckChar(first17);

beforeAll(async () => {
  t = await createTestApp();
  [admin, town, village] = await Promise.all([t.login('admin'), t.login('town'), t.login('village')]);
});
afterAll(() => t?.close());

async function sheet(rows: (string | Date)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人员');
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const HEADER = ['姓名*', '身份证号*', '手机号', '所在单位编码*', '人员类别', '入党日期', '党员状态', '职务', '职级', '备注'];

describe('people list', () => {
  it('pages, sorts by pinyin and masks ID numbers and phones', async () => {
    const r = await admin.get('/api/people?page=2&pageSize=25');
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(t.demo.people);
    expect(r.body.items).toHaveLength(25);
    for (const p of r.body.items) {
      expect(p.idMasked).toMatch(/^330784\*{8}\d{3}[\dX]$/);
      if (p.phoneMasked) expect(p.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(JSON.stringify(p)).not.toMatch(/\d{17}[\dX]/);
    }
  });

  it('filters by branch, role and party status', async () => {
    const branch = await t.unitId('330784105-DW-JG1');
    const r = await admin.get(`/api/people?orgUnitId=${branch}&role=party_member&pageSize=200`);
    expect(r.body.total).toBeGreaterThan(0);
    expect(r.body.items.every((p: { orgUnitId: number; roles: string[] }) => p.orgUnitId === branch && p.roles.includes('party_member'))).toBe(true);
    const [{ n }] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int n from persons where org_unit_id = ${branch}`);
    expect(r.body.total).toBe(n);
  });

  it('counts exactly the generated party members across the county', async () => {
    const r = await admin.get('/api/people?role=party_member&pageSize=1');
    expect(r.body.total).toBe(t.demo.partyMembers);
  });

  it('finds a person by exact full ID number without storing it in plain text', async () => {
    const [row] = await queryRows<{ id: number; id_cipher: string }>(t.ctx.db, sql`select id, id_cipher from persons order by id limit 1`);
    const plain = t.ctx.crypto.open(row.id_cipher);
    const [{ n }] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int n from persons where id_cipher like ${'%' + plain + '%'} or id_masked = ${plain}`);
    expect(n).toBe(0);
    const r = await admin.get(`/api/people?q=${plain}`);
    expect(r.body.items.map((p: { id: number }) => p.id)).toEqual([row.id]);
  });

  it('limits a village cadre to their own village', async () => {
    const r = await village.get('/api/people?pageSize=200');
    const villageId = await t.unitId('330784105001');
    const units = await queryRows<{ id: number }>(t.ctx.db, sql`select id from org_units where path like (select path from org_units where id = ${villageId}) || '%'`);
    const ids = new Set(units.map((u) => u.id));
    expect(r.body.total).toBeGreaterThan(0);
    expect(r.body.items.every((p: { orgUnitId: number }) => ids.has(p.orgUnitId))).toBe(true);
    const outside = await t.unitId('330784001');
    expect((await village.get(`/api/people?orgUnitId=${outside}`)).status).toBe(404);
  });
});

describe('revealing personal data', () => {
  it('shows the full ID to a permitted user and writes an audit entry', async () => {
    const list = await town.get('/api/people?pageSize=1');
    const p = list.body.items[0];
    const r = await town.post(`/api/people/${p.id}/reveal`);
    expect(r.status).toBe(200);
    expect(r.body.idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(r.body.idNumber.slice(0, 6) + '********' + r.body.idNumber.slice(-4)).toBe(p.idMasked);
    const auditor = await t.login('auditor');
    const log = await auditor.get(`/api/audit/events?action=people.reveal&entityId=${p.id}`);
    expect(log.body.items[0]).toMatchObject({ action: 'people.reveal', entityId: String(p.id), actorName: expect.stringContaining('石柱镇') });
    expect(JSON.stringify(log.body)).not.toContain(r.body.idNumber);
  });

  it('refuses reveal to a village cadre and a leader', async () => {
    const list = await village.get('/api/people?pageSize=1');
    expect((await village.post(`/api/people/${list.body.items[0].id}/reveal`)).status).toBe(403);
    const leader = await t.login('leader');
    expect((await leader.post(`/api/people/${list.body.items[0].id}/reveal`)).status).toBe(403);
  });
});

describe('creating and editing people', () => {
  const branchCode = '330784105-DW-JG1';

  it('derives birth date and gender from the ID number', async () => {
    const orgUnitId = await t.unitId(branchCode);
    const r = await town.post('/api/people', {
      name: '测试甲',
      idNumber: validId('33078419900715002'),
      phone: '19900000001',
      orgUnitId,
      roles: [{ role: 'party_member', orgUnitId, startDate: '2015-07-01', status: 'formal' }],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ birthDate: '1990-07-15', gender: 'female', idMasked: '330784********002' + validId('33078419900715002').slice(-1) });
  });

  it('rejects a bad checksum, a bad phone and a party member without a branch, in Chinese next to each field', async () => {
    const orgUnitId = await t.unitId('330784105');
    const good = validId('33078419900715004');
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const r = await town.post('/api/people', { name: '测试乙', idNumber: bad, phone: '123', orgUnitId, roles: [] });
    expect(r.status).toBe(400);
    const byPath = Object.fromEntries(r.body.details.map((d: { path: string; message: string }) => [d.path, d.message]));
    expect(byPath.idNumber).toBe('身份证号码校验位错误');
    expect(byPath.phone).toBe('手机号应为11位大陆手机号码');

    const role = await town.post('/api/people', { name: '测试乙', idNumber: validId('33078419900715003'), orgUnitId, roles: [{ role: 'party_member', orgUnitId, startDate: '2015-07-01', status: 'formal' }] });
    expect(role.body.code).toBe('people.role_invalid');
    expect(role.body.details[0]).toMatchObject({ path: 'roles.0.orgUnitId', message: expect.stringContaining('不是党组织') });
  });

  it('refuses a duplicate ID number', async () => {
    const orgUnitId = await t.unitId(branchCode);
    const r = await town.post('/api/people', { name: '重复', idNumber: validId('33078419900715002'), orgUnitId, roles: [] });
    expect(r.body).toMatchObject({ code: 'people.id_duplicate', details: [{ path: 'idNumber' }] });
  });

  it('keeps the stored phone when an edit does not send it, and clears it when sent empty', async () => {
    const list = await town.get(`/api/people?q=${encodeURIComponent('测试甲')}`);
    const p = (await town.get(`/api/people/${list.body.items[0].id}`)).body;
    expect(p.phoneMasked).toBe('199****0001');
    const base = { name: p.name, orgUnitId: p.orgUnitId, roles: p.roles.map(({ role, orgUnitId, startDate, status }: Record<string, unknown>) => ({ role, orgUnitId, startDate, status })) };
    const kept = await town.put(`/api/people/${p.id}`, { ...base, version: p.version, note: '只改备注' });
    expect(kept.body.phoneMasked).toBe('199****0001');
    const cleared = await town.put(`/api/people/${p.id}`, { ...base, version: kept.body.version, phone: '' });
    expect(cleared.body.phoneMasked).toBeNull();
    const back = await town.put(`/api/people/${p.id}`, { ...base, version: cleared.body.version, phone: '19900000001' });
    expect(back.body.phoneMasked).toBe('199****0001');
    expect((await town.post(`/api/people/${p.id}/reveal`)).body.phone).toBe('19900000001');
  });

  it('lets a village cadre save a member whose county-level role they cannot see the unit of, without changing that role', async () => {
    const villageBranch = (await village.get('/api/people?role=party_member&pageSize=1')).body.items[0];
    const countyDept = await t.unitId('330784-ZZB');
    const p = (await admin.get(`/api/people/${villageBranch.id}`)).body;
    const roles = [...p.roles.map(({ role, orgUnitId, startDate, status }: Record<string, unknown>) => ({ role, orgUnitId, startDate, status })), { role: 'cadre', orgUnitId: countyDept, startDate: '2020-01-01', post: '兼职委员' }];
    const withCadre = await admin.put(`/api/people/${p.id}`, { name: p.name, orgUnitId: p.orgUnitId, roles, version: p.version });
    expect(withCadre.status).toBe(200);

    const seen = (await village.get(`/api/people/${p.id}`)).body;
    const back = seen.roles.map(({ role, orgUnitId, startDate, endDate, status, post, rank }: Record<string, unknown>) => ({ role, orgUnitId, startDate, endDate, status, post, rank }));
    const kept = await village.put(`/api/people/${p.id}`, { name: seen.name, orgUnitId: seen.orgUnitId, roles: back, version: seen.version, note: '村里更新备注' });
    expect(kept.status).toBe(200);
    expect((await admin.get(`/api/people/${p.id}`)).body.roles.some((r: { role: string; post: string }) => r.role === 'cadre' && r.post === '兼职委员')).toBe(true);

    const changed = back.map((r: { role: string; post?: string }) => (r.role === 'cadre' ? { ...r, post: '改了' } : r));
    const refused = await village.put(`/api/people/${p.id}`, { name: seen.name, orgUnitId: seen.orgUnitId, roles: changed, version: kept.body.version });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('people.role_invalid');

    const dropped = back.filter((r: { role: string }) => r.role !== 'cadre');
    const refusedDrop = await village.put(`/api/people/${p.id}`, { name: seen.name, orgUnitId: seen.orgUnitId, roles: dropped, version: kept.body.version });
    expect(refusedDrop.status).toBe(400);
    expect(refusedDrop.body.message).toContain('不能删除管辖范围以外单位');
  });

  it('returns 409 with the newer record when two people edit the same person', async () => {
    const list = await town.get(`/api/people?q=${encodeURIComponent('测试甲')}`);
    const p = (await town.get(`/api/people/${list.body.items[0].id}`)).body;
    const edit = { name: p.name, phone: '19900000002', orgUnitId: p.orgUnitId, roles: p.roles.map(({ role, orgUnitId, startDate, status }: Record<string, unknown>) => ({ role, orgUnitId, startDate, status })), version: p.version };
    const first = await town.put(`/api/people/${p.id}`, { ...edit, name: '测试甲改' });
    expect(first.status).toBe(200);
    const second = await admin.put(`/api/people/${p.id}`, { ...edit, name: '测试甲又改' });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('people.version_conflict');
    expect(second.body.details.current).toMatchObject({ name: '测试甲改', phoneMasked: '199****0002', version: p.version + 1 });
  });
});

describe('importing people', () => {
  it('previews every bad row by line and column, then imports only the valid rows when asked', async () => {
    const unit = '330784105-DW-JG2';
    const a = validId('33078419800101001');
    const file = await sheet([
      HEADER,
      ['导入甲', a, '19900000011', unit, '党员', '2005-07-01', '正式'],
      ['导入乙', '330784198001010011', '', unit, '党员', '2005-07-01', '正式'],
      ['导入丙', validId('33078419800101003'), '', 'NO-SUCH', '', '', ''],
      ['导入丁', a, '', unit, '', '', ''],
      ['', validId('33078419800101005'), '', unit, '', '', ''],
      ['导入戊', validId('33078419800101007'), '', unit, '党员,志愿者', '2021/3/5', '预备'],
      ['导入己', validId('33078419800101009'), '', '330784001', '', '', ''],
      ['导入庚', validId('33078420100101001'), '', unit, '党员', '2015-01-01', '正式'],
    ]);
    const preview = await town.upload('/api/people/import?mode=preview', file);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ total: 8, valid: 2, invalid: 6, applied: 0 });
    expect(preview.body.issues).toEqual([
      { line: 3, column: '身份证号', message: '身份证号码校验位错误' },
      { line: 4, column: '所在单位编码', message: '单位编码 NO-SUCH 不存在或不在您的管辖范围内' },
      { line: 5, column: '身份证号', message: '身份证号与第 2 行重复' },
      { line: 6, column: '姓名', message: '「姓名」不能为空' },
      { line: 8, column: '所在单位编码', message: '单位编码 330784001 不存在或不在您的管辖范围内' },
      { line: 9, column: '入党日期', message: '入党日期早于年满18周岁' },
    ]);
    const before = (await town.get('/api/people?pageSize=1')).body.total;

    const nothing = await town.upload(`/api/people/import?mode=all-or-nothing&previewToken=${preview.body.previewToken}`, file);
    expect(nothing.body.applied).toBe(0);
    expect((await town.get('/api/people?pageSize=1')).body.total).toBe(before);

    const applied = await town.upload(`/api/people/import?mode=valid-only&previewToken=${preview.body.previewToken}`, file);
    expect(applied.body.applied).toBe(2);
    expect((await town.get('/api/people?pageSize=1')).body.total).toBe(before + 2);
    const wu = (await town.get(`/api/people?q=${encodeURIComponent('导入戊')}`)).body.items[0];
    expect(wu.roles.sort()).toEqual(['party_member', 'volunteer']);
    const detail = (await town.get(`/api/people/${wu.id}`)).body;
    expect(detail.roles.find((r: { role: string }) => r.role === 'party_member')).toMatchObject({ startDate: '2021-03-05', status: 'probationary' });

    // The same file again: every row is now a duplicate of the registry.
    const again = await town.upload('/api/people/import?mode=preview', file);
    expect(again.body.issues.filter((i: { message: string }) => i.message === '该身份证号已在人员库中登记').map((i: { line: number }) => i.line)).toEqual([2, 5, 7]);
  });

  it('refuses to apply an import that was never previewed', async () => {
    const file = await sheet([HEADER, ['未预览', validId('33078419800101011'), '', '330784105-DW-JG2', '', '', '']]);
    const r = await town.upload('/api/people/import?mode=valid-only', file);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('import.preview_required');
    expect((await town.get(`/api/people?q=${encodeURIComponent('未预览')}`)).body.total).toBe(0);
  });

  it('refuses a sheet without the required columns', async () => {
    const file = await sheet([['名字', '号码'], ['甲', '1']]);
    const r = await town.upload('/api/people/import?mode=preview', file);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('import.missing_columns');
    expect(r.body.message).toContain('姓名');
  });

  it('offers a template whose header the import accepts', async () => {
    const tpl = await town.get('/api/people/import/template');
    expect(tpl.status).toBe(200);
    const r = await town.upload('/api/people/import?mode=preview', tpl.raw);
    expect(r.body).toMatchObject({ total: 0, invalid: 0 });
  });
});

describe('export', () => {
  it('exports the filtered list masked by default, and logs the export', async () => {
    const branch = await t.unitId('330784105-DW-JG1');
    const r = await town.post(`/api/people/export?orgUnitId=${branch}`);
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(4).value).toBe('身份证号');
    const ids: string[] = [];
    ws.eachRow((row, n) => n > 1 && ids.push(String(row.getCell(4).value)));
    const total = (await town.get(`/api/people?orgUnitId=${branch}&pageSize=1`)).body.total;
    expect(ids).toHaveLength(total);
    expect(ids.every((id) => /^330784\*{8}/.test(id))).toBe(true);
    const auditor = await t.login('auditor');
    expect((await auditor.get('/api/audit/events?action=people.export')).body.items[0].summary).toContain(`${total} 人`);
  });

  it('exports full values only with the reveal permission', async () => {
    expect((await village.post('/api/people/export?reveal=true')).status).toBe(403);
    const r = await town.post('/api/people/export?reveal=true');
    expect(r.status).toBe(200);
  });

  it('is a POST protected by the CSRF token, so another site cannot trigger it with a link', async () => {
    // GET is not an export route (it falls to /api/people/:id and fails validation).
    const viaGet = await town.get('/api/people/export?reveal=true');
    expect(viaGet.status).toBe(400);
    expect(String(viaGet.headers['content-type'])).not.toContain('spreadsheet');
    const forged = await town.request('POST', '/api/people/export?reveal=true', {}, { 'x-csrf-token': 'forged' });
    expect(forged.status).toBe(403);
  });

  it('does not write a searched ID number into the audit log', async () => {
    const [row] = await queryRows<{ id_cipher: string }>(t.ctx.db, sql`select id_cipher from persons order by id limit 1`);
    const plain = t.ctx.crypto.open(row.id_cipher);
    expect((await town.post(`/api/people/export?q=${plain}`)).status).toBe(200);
    const auditor = await t.login('auditor');
    const log = await auditor.get('/api/audit/events?action=people.export&pageSize=200');
    expect(JSON.stringify(log.body)).not.toContain(plain);
  });
});
