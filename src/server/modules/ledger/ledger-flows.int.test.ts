import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { DEMO_PASSWORD } from '../../db/demo/demo-county';
import { createUserAsSystem } from '../auth';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';

let t: TestApp;
let admin: Client;
let zzb: Client;
let town: Client;
let village: Client;
let townId: number;
let villageId: number;
const cat = new Map<string, number>();
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f6a4e80000000049454e44ae426082', 'hex');

beforeAll(async () => {
  t = await createTestApp();
  [admin, zzb, town, village] = await Promise.all([t.login('admin'), t.login('zzb'), t.login('town'), t.login('village')]);
  townId = (await town.get('/api/auth/me')).body.orgUnitId;
  villageId = (await village.get('/api/auth/me')).body.orgUnitId;
  for (const kind of ['activity', 'case', 'project', 'honour']) for (const c of (await zzb.get(`/api/ledger/categories?kind=${kind}`)).body) cat.set(c.code, c.id);
});
afterAll(() => t?.close());

async function sheet(header: string[], rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('s');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('import', () => {
  const header = ['类别编码', '标题', '活动日期', '组织单位编码', '参与人数', '媒体级别'];
  const rows = (tag: string) => [
    ['GJ', `${tag}好稿`, '2022-03-01', '', 3, '学习强国'],
    ['GJ', `${tag}缺级别`, '2022-03-02', '', 3, ''],
    ['NOPE', `${tag}坏类别`, '2022-03-03', '', 3, ''],
    ['PX', `${tag}坏日期`, '2022-13-40', '', -1, ''],
  ];

  it('previews every bad row by line and column, then applies only the valid rows', async () => {
    const file = await sheet(header, rows('甲'));
    const preview = await village.upload('/api/activities/import?mode=preview', file);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ total: 4, valid: 1, invalid: 3, applied: 0 });
    const at = (line: number) => preview.body.issues.filter((i: { line: number }) => i.line === line).map((i: { column: string }) => i.column);
    expect(at(3)).toEqual(['媒体级别']);
    expect(at(4)).toEqual(['类别编码']);
    expect(at(5).sort()).toEqual(['参与人数', '活动日期'].sort());
    const applied = await village.upload(`/api/activities/import?mode=valid-only&previewToken=${preview.body.previewToken}`, file);
    expect(applied.body.applied).toBe(1);
    const found = await village.get(`/api/activities?q=${encodeURIComponent('甲好稿')}`);
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0].attributes).toEqual({ outlet: '学习强国' });
  });

  it('applies nothing in all-or-nothing mode when a row is bad', async () => {
    const file = await sheet(header, rows('乙'));
    const preview = await village.upload('/api/activities/import?mode=preview', file);
    const res = await village.upload(`/api/activities/import?mode=all-or-nothing&previewToken=${preview.body.previewToken}`, file);
    expect(res.body.applied).toBe(0);
    expect((await village.get(`/api/activities?q=${encodeURIComponent('乙好稿')}`)).body.items).toHaveLength(0);
  });

  it('exports a sheet that imports back', async () => {
    await village.post('/api/activities', { categoryId: cat.get('PX'), title: '往返测试培训', heldOn: '2022-04-01', participants: 12, attributes: { hours: 2 } });
    const exported = await village.post(`/api/activities/export?q=${encodeURIComponent('往返测试')}`);
    expect(exported.status).toBe(200);
    const preview = await village.upload('/api/activities/import?mode=preview', exported.raw);
    expect(preview.body, JSON.stringify(preview.body.issues)).toMatchObject({ total: 1, valid: 1, invalid: 0 });
  });
});

describe('attachments', () => {
  it('stores a photo, serves it back, and refuses a file whose bytes are not what it claims', async () => {
    const { body: a } = await village.post('/api/activities', { categoryId: cat.get('FW'), title: '附件测试', heldOn: '2022-05-01' });
    const up = await village.request('POST', `/api/activities/${a.id}/attachments?name=${encodeURIComponent('现场照片.png')}`, PNG, { 'content-type': 'image/png' });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const got = await town.get(`/api/attachments/${up.body.id}`);
    expect(got.status).toBe(200);
    expect(Buffer.compare(got.raw, PNG)).toBe(0);
    const lying = await village.request('POST', `/api/activities/${a.id}/attachments?name=x.jpg`, PNG, { 'content-type': 'image/jpeg' });
    expect(lying.status).toBe(400);
    expect(lying.body.code).toBe('ledger.attachment_mismatch');
    const text = await village.request('POST', `/api/activities/${a.id}/attachments?name=x.txt`, Buffer.from('hello'), { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    const detail = await village.get(`/api/activities/${a.id}`);
    expect(detail.body.files.map((f: { fileName: string }) => f.fileName)).toEqual(['现场照片.png']);
    // Another town cannot fetch it.
    await createUserAsSystem(t.ctx, { username: 'dongcheng', displayName: '东城', orgUnitCode: '330784001', role: 'town', password: DEMO_PASSWORD });
    const dc = await t.login('dongcheng');
    expect((await dc.get(`/api/attachments/${up.body.id}`)).status).toBe(404);
    expect((await dc.get(`/api/activities/${a.id}`)).status).toBe(404);
  });
});

describe('case workflow across three levels', () => {
  it('lets the town re-assign down, the village resolve, the county return and then close', async () => {
    let c = (await zzb.post('/api/cases', { categoryId: cat.get('QYXQ'), title: '三级流转', registeredOn: '2022-08-01' })).body;
    c = (await zzb.post(`/api/cases/${c.id}/assign`, { version: c.version, unitId: townId })).body;
    const sideways = await town.post(`/api/cases/${c.id}/assign`, { version: c.version, unitId: await t.unitId('330784001') });
    expect(sideways.status).toBe(400);
    c = (await town.post(`/api/cases/${c.id}/assign`, { version: c.version, unitId: villageId, note: '请社区落实' })).body;
    expect(c.orgUnitId).toBe(villageId);
    const townEdit = await town.patch(`/api/cases/${c.id}`, { version: c.version, title: '改标题' });
    expect(townEdit.status).toBe(400);
    c = (await village.post(`/api/cases/${c.id}/progress`, { version: c.version, note: '已上门' })).body;
    expect(c.status).toBe('in_progress');
    c = (await village.post(`/api/cases/${c.id}/resolve`, { version: c.version, resolution: '已解决' })).body;
    expect((await town.post(`/api/cases/${c.id}/close`, { version: c.version })).status).toBe(403);
    const noReason = await zzb.post(`/api/cases/${c.id}/return`, { version: c.version, reason: '' });
    expect(noReason.status).toBe(400);
    c = (await zzb.post(`/api/cases/${c.id}/return`, { version: c.version, reason: '企业反映未解决' })).body;
    expect(c.status).toBe('in_progress');
    expect(c.resolvedOn).toBeNull();
    c = (await village.post(`/api/cases/${c.id}/resolve`, { version: c.version, resolution: '再次协调，已解决' })).body;
    const stale = await zzb.post(`/api/cases/${c.id}/close`, { version: c.version - 1 });
    expect(stale.status).toBe(409);
    c = (await zzb.post(`/api/cases/${c.id}/close`, { version: c.version })).body;
    expect(c.status).toBe('closed');
    const events = (await zzb.get(`/api/cases/${c.id}`)).body.events.map((e: { action: string }) => e.action);
    expect(events).toEqual(['register', 'assign', 'assign', 'progress', 'resolve', 'return', 'resolve', 'close']);
    expect((await zzb.post(`/api/cases/${c.id}/return`, { version: c.version, reason: 'x' })).status).toBe(400);
  });
});

describe('categories', () => {
  it('lets an admin add a category with attributes that new records must satisfy', async () => {
    const dup = await admin.post('/api/ledger/categories', { kind: 'activity', parentId: cat.get('XJ'), code: 'XJ_T', name: '测试宣讲', attributes: [{ key: 'format', label: '形式', type: 'text' }] });
    expect(dup.status).toBe(400);
    expect(dup.body.code).toBe('ledger.attribute_duplicate');
    const ok = await admin.post('/api/ledger/categories', { kind: 'activity', parentId: cat.get('XJ'), code: 'XJ_T', name: '测试宣讲', attributes: [{ key: 'village', label: '所到村', type: 'unit', required: true }] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const missing = await village.post('/api/activities', { categoryId: ok.body.id, title: '缺属性', heldOn: '2022-02-02' });
    expect(missing.status).toBe(400);
    expect(missing.body.details.map((d: { path: string }) => d.path)).toEqual(['attributes.village']);
    const good = await village.post('/api/activities', { categoryId: ok.body.id, title: '有属性', heldOn: '2022-02-02', attributes: { village: villageId, format: '微宣讲' } });
    expect(good.status, JSON.stringify(good.body)).toBe(201);
    expect((await zzb.post('/api/ledger/categories', { kind: 'activity', code: 'ZZ', name: '部门不能建' })).status).toBe(403);
  });
});

describe('derived sums', () => {
  it('sums project investment and leaves out archived records', async () => {
    const preview = async () =>
      (await town.post('/api/ledger/query-preview', { query: { kind: 'project', measure: 'sum', field: 'actual_investment', categoryCode: 'WHLT', dateBasis: 'started' }, from: '2024-01-01', to: '2024-12-31' })).body.value as number;
    const before = await preview();
    const p = (await town.post('/api/projects', { categoryId: cat.get('WHLT'), title: '礼堂', startedOn: '2024-05-01', funds: [{ source: '财政', planned: 10, actual: 7.5 }] })).body;
    expect(await preview()).toBe(before + 7.5);
    expect((await town.post(`/api/projects/${p.id}/archive`, { version: p.version, archived: true })).status).toBe(200);
    expect(await preview()).toBe(before);
    const [{ n }] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from projects where id = ${p.id}`);
    expect(n).toBe(1);
  });
});

describe('full-text search', () => {
  it('finds a record by any part of its title of one character or more (no false negatives)', async () => {
    const alphabet = [...'党建宣讲共富企业需求村社镇街礼堂项目'];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...alphabet), { minLength: 2, maxLength: 12 }), fc.nat(), fc.nat(), async (chars, a, b) => {
        const title = `${chars.join('')}第${++run}号`;
        const { body: rec } = await village.post('/api/activities', { categoryId: cat.get('ZT'), title, heldOn: '2021-06-01' });
        const from = a % chars.length;
        const len = 1 + (b % (chars.length - from));
        const part = chars.slice(from, from + len).join('');
        const res = await village.get(`/api/activities?pageSize=200&from=2021-06-01&to=2021-06-01&q=${encodeURIComponent(`${part} 第${run}号`)}`);
        expect(res.body.items.map((i: { id: number }) => i.id)).toContain(rec.id);
      }),
      { numRuns: 25 },
    );
  });
});
