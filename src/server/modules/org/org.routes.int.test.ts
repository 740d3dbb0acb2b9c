import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';

let t: TestApp;
let admin: Client;
let town: Client;
const SHIZHU = '330784105';

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  town = await t.login('town');
});
afterAll(() => t?.close());

async function sheet(rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('s');
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('org tree', () => {
  it('shows the scope root and lazily its children', async () => {
    const root = await admin.get('/api/org/root');
    expect(root.status).toBe(200);
    expect(root.body).toMatchObject({ code: '330784', name: '永康市', type: 'county' });
    const kids = await admin.get(`/api/org/units/${root.body.id}/children`);
    const names = kids.body.map((k: { name: string }) => k.name);
    expect(names).toEqual(expect.arrayContaining(['市委组织部', '东城街道', '石柱镇', '交通运输行业党委']));
    expect(kids.body.find((k: { name: string }) => k.name === '石柱镇').childCount).toBeGreaterThan(0);
  });

  it('finds 石柱镇 by pinyin initials "sz" and by name', async () => {
    const byPinyin = await admin.get('/api/org/search?q=sz');
    expect(byPinyin.body[0].name).toBe('石柱镇');
    const byName = await admin.get(`/api/org/search?q=${encodeURIComponent('石柱')}`);
    expect(byName.body.map((u: { name: string }) => u.name)).toContain('石柱镇');
  });

  it('creates a village under a town, renames it, and refuses a stale rename with 409', async () => {
    const parentId = await t.unitId(SHIZHU);
    const created = await town.post('/api/org/units', { parentId, code: '330784105999', name: '测试新村', type: 'village' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '测试新村', parentId, version: 1 });
    expect(created.body.path.endsWith(`${parentId}.${created.body.id}.`)).toBe(true);

    const renamed = await town.patch(`/api/org/units/${created.body.id}`, { version: 1, name: '测试二村' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.version).toBe(2);

    const stale = await admin.patch(`/api/org/units/${created.body.id}`, { version: 1, name: '覆盖' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('org.version_conflict');
    expect(stale.body.details.current).toMatchObject({ name: '测试二村', version: 2 });
  });

  it('rejects a duplicate code and a child type that does not fit, in Chinese, naming the field', async () => {
    const parentId = await t.unitId(SHIZHU);
    const dup = await town.post('/api/org/units', { parentId, code: SHIZHU, name: '重复', type: 'village' });
    expect(dup.status).toBe(400);
    expect(dup.body).toMatchObject({ code: 'org.code_taken', details: [{ path: 'code' }] });
    expect(dup.body.message).toContain('已被');
    const wrong = await town.post('/api/org/units', { parentId, code: 'X-1', name: '错', type: 'county' });
    expect(wrong.body.code).toBe('org.type_not_allowed');
    const empty = await town.post('/api/org/units', { parentId, code: '', name: '', type: 'village' });
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('validation_failed');
    expect(empty.body.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['code', 'name']));
  });

  it('moves a subtree and rewrites every descendant path; refuses a move under its own child', async () => {
    const village = await t.unitId('330784105001');
    const branchRow = (await admin.get(`/api/org/units/${village}/children`)).body[0];
    const target = await t.unitId('330784001');
    const unit = (await admin.get(`/api/org/units/${village}`)).body;

    const cycle = await admin.post(`/api/org/units/${village}/move`, { version: unit.version, newParentId: branchRow.id });
    expect(cycle.status).toBe(400);
    expect(cycle.body.code).toBe('org.move_cycle');

    const moved = await admin.post(`/api/org/units/${village}/move`, { version: unit.version, newParentId: target });
    expect(moved.status).toBe(200);
    const child = (await admin.get(`/api/org/units/${branchRow.id}`)).body;
    expect(child.path.startsWith(moved.body.path)).toBe(true);
    expect(child.depth).toBe(moved.body.depth + 1);
    // The town user no longer sees the moved village.
    expect((await town.get(`/api/org/units/${village}`)).status).toBe(404);
  });

  it('archives only leaf-first and never deletes; archived units drop out of the tree', async () => {
    const village = await t.unitId('330784105002');
    const v = (await town.get(`/api/org/units/${village}`)).body;
    const refused = await town.post(`/api/org/units/${village}/archive`, { version: v.version });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('org.has_active_children');

    const created = await town.post('/api/org/units', { parentId: village, code: 'TMP-LEAF', name: '临时小组', type: 'other' });
    const archived = await town.post(`/api/org/units/${created.body.id}/archive`, { version: 1 });
    expect(archived.body.archived).toBe(true);
    const kids = (await town.get(`/api/org/units/${village}/children`)).body.map((k: { code: string }) => k.code);
    expect(kids).not.toContain('TMP-LEAF');
    const withArchived = (await town.get(`/api/org/units/${village}/children?includeArchived=true`)).body.map((k: { code: string }) => k.code);
    expect(withArchived).toContain('TMP-LEAF');
    const hidden = await town.get('/api/org/search?q=TMP-LEAF&includeArchived=false');
    expect(hidden.body).toEqual([]);
    const shown = await town.get('/api/org/search?q=TMP-LEAF&includeArchived=true');
    expect(shown.body.map((u: { code: string }) => u.code)).toEqual(['TMP-LEAF']);
    const restored = await town.post(`/api/org/units/${created.body.id}/restore`, { version: 2 });
    expect(restored.body.archived).toBe(false);
  });

  it('exports a subtree as .xlsx that previews cleanly when imported back', async () => {
    const id = await t.unitId(SHIZHU);
    const file = await town.get(`/api/org/units/${id}/export`);
    expect(file.status).toBe(200);
    const preview = await town.upload('/api/org/import?mode=preview', file.raw);
    expect(preview.status).toBe(200);
    expect(preview.body.invalid).toBe(0);
    expect(preview.body.total).toBeGreaterThan(3);
  });

  it('imports new units with parents later in the file, reporting each bad row by line and column', async () => {
    const file = await sheet([
      ['编码', '名称', '类型', '上级编码'],
      ['NEW-B1', '新村党支部', '党支部', 'NEW-V1'],
      ['NEW-V1', '新村', '行政村', SHIZHU],
      ['NEW-X', '坏类型', '星球', SHIZHU],
      ['NEW-Y', '无上级', '行政村', 'NOPE'],
      ['NEW-V1', '重复', '行政村', SHIZHU],
      ['NEW-Z', '越权', '行政村', '330784001'],
    ]);
    const preview = await town.upload('/api/org/import?mode=preview', file);
    expect(preview.body).toMatchObject({ total: 6, valid: 2, invalid: 4, applied: 0 });
    expect(preview.body.issues).toEqual([
      { line: 4, column: '类型', message: expect.stringContaining('未知的单位类型「星球」') },
      { line: 5, column: '上级编码', message: '上级编码 NOPE 不存在或不在您的管辖范围内' },
      { line: 6, column: '编码', message: expect.stringContaining('与第 3 行重复') },
      { line: 7, column: '上级编码', message: '上级编码 330784001 不存在或不在您的管辖范围内' },
    ]);
    const none = await town.upload(`/api/org/import?mode=all-or-nothing&previewToken=${preview.body.previewToken}`, file);
    expect(none.body.applied).toBe(0);
    expect((await town.get('/api/org/search?q=NEW-V1')).body).toHaveLength(0);

    const applied = await town.upload(`/api/org/import?mode=valid-only&previewToken=${preview.body.previewToken}`, file);
    expect(applied.body.applied).toBe(2);
    const found = (await town.get(`/api/org/search?q=${encodeURIComponent('新村党支部')}`)).body;
    expect(found).toHaveLength(1);
    expect(found[0].parentName).toBe('新村');
  });

  it('refuses to apply an import whose preview is stale', async () => {
    const file = await sheet([
      ['编码', '名称', '类型', '上级编码'],
      ['STALE-1', '过期村', '行政村', SHIZHU],
    ]);
    const preview = await town.upload('/api/org/import?mode=preview', file);
    await town.post('/api/org/units', { parentId: await t.unitId(SHIZHU), code: 'STALE-1', name: '抢先', type: 'village' });
    const res = await town.upload(`/api/org/import?mode=valid-only&previewToken=${preview.body.previewToken}`, file);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('import.preview_stale');
  });

  it("exports the whole county, root included, in a form that previews back without errors", async () => {
    const root = (await admin.get('/api/org/root')).body;
    const file = await admin.get(`/api/org/units/${root.id}/export`);
    const preview = await admin.upload('/api/org/import?mode=preview', file.raw);
    expect(preview.body.issues).toEqual([]);
    expect(preview.body.total).toBeGreaterThan(50);
  });

  it('refuses an import that turns a unit into a type its children cannot sit under', async () => {
    const file = await sheet([
      ['编码', '名称', '类型', '上级编码'],
      ['330784105200', '石柱村', '县（市、区）', SHIZHU],
    ]);
    const preview = await town.upload('/api/org/import?mode=preview', file);
    expect(preview.body.issues).toEqual([{ line: 2, column: '类型', message: expect.stringContaining('不能设立') }]);
  });

  it('refuses a retype that would strand the children, and edits to the account’s own unit', async () => {
    const village = await t.unitId('330784105200');
    const v = (await admin.get(`/api/org/units/${village}`)).body;
    const r = await admin.patch(`/api/org/units/${village}`, { version: v.version, type: 'branch' });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('org.type_not_allowed');
    const own = await t.unitId(SHIZHU);
    const u = (await town.get(`/api/org/units/${own}`)).body;
    const self = await town.patch(`/api/org/units/${own}`, { version: u.version, type: 'branch' });
    expect(self.body.code).toBe('org.edit_scope_root');
  });

  it('never lets two concurrent moves make a cycle', async () => {
    const parentId = await t.unitId(SHIZHU);
    const a = (await admin.post('/api/org/units', { parentId, code: 'CYC-A', name: '甲组', type: 'other' })).body;
    const b = (await admin.post('/api/org/units', { parentId, code: 'CYC-B', name: '乙组', type: 'other' })).body;
    const [ab, ba] = await Promise.all([
      admin.post(`/api/org/units/${a.id}/move`, { version: 1, newParentId: b.id }),
      town.post(`/api/org/units/${b.id}/move`, { version: 1, newParentId: a.id }),
    ]);
    expect([ab.status, ba.status].sort()).toEqual([200, 400]);
    const after = await Promise.all([admin.get(`/api/org/units/${a.id}`), admin.get(`/api/org/units/${b.id}`)]);
    const [pa, pb] = after.map((r) => r.body.path as string);
    expect(pa.startsWith(pb) && pb.startsWith(pa)).toBe(false);
  });

  it('refuses a second archive made from the same stale version', async () => {
    const parentId = await t.unitId(SHIZHU);
    const created = await town.post('/api/org/units', { parentId, code: 'TWICE', name: '两次归档', type: 'other' });
    const [a, b] = await Promise.all([
      town.post(`/api/org/units/${created.body.id}/archive`, { version: 1 }),
      admin.post(`/api/org/units/${created.body.id}/archive`, { version: 1 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });

  it('rejects a file that is not a spreadsheet', async () => {
    const res = await town.upload('/api/org/import?mode=preview', Buffer.from('hello'));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('import.not_xlsx');
  });

  it('records every write in the audit log with before and after', async () => {
    const auditor = await t.login('auditor');
    const log = await auditor.get('/api/audit/events?action=org.update');
    const rename = log.body.items.find((e: { summary: string }) => e.summary.includes('测试新村'));
    expect(rename).toMatchObject({ actorName: expect.stringContaining('石柱镇'), before: { name: '测试新村' }, after: { name: '测试二村' } });
  });
});
