import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';

let t: TestApp;
let zzb: Client;
let town: Client;

beforeAll(async () => {
  t = await createTestApp();
  [zzb, town] = await Promise.all([t.login('zzb'), t.login('town')]);
});
afterAll(() => t?.close());

describe('POST /api/reports/check', () => {
  it('checks a pasted draft at the account\'s unit and says which figure is wrong, with the ledger\'s value', async () => {
    const r0 = await zzb.post('/api/reports/check', { year: 2022, text: '解决企业需求1个。' });
    expect(r0.status, JSON.stringify(r0.body)).toBe(200);
    const actual = r0.body.claims[0].actual as number;
    expect(r0.body.claims[0]).toMatchObject({ text: '1个', verdict: actual === 1 ? 'verified' : 'mismatch', source: { code: 'QYXQ_JJ' } });
    const r = await zzb.post('/api/reports/check', { year: 2022, text: `解决企业需求${actual}个，植树3000棵。` });
    expect(r.body.claims.map((c: { verdict: string }) => c.verdict)).toEqual(['verified', 'unknown']);
    expect(r.body.counts).toEqual({ verified: 1, mismatch: 0, unknown: 1 });
  });

  it('refuses an empty draft and a unit outside the account\'s subtree', async () => {
    const empty = await zzb.post('/api/reports/check', { year: 2022, text: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.details[0]).toMatchObject({ path: 'text', message: '请粘贴稿件内容' });
    const county = await t.unitId('330784');
    expect((await town.post('/api/reports/check', { year: 2022, text: '解决企业需求1个。', unitId: county })).status).toBe(404);
    const own = await town.post('/api/reports/check', { year: 2022, text: '解决企业需求1个。' });
    expect(own.status).toBe(200);
    expect(own.body.orgUnit.name).toBe('石柱镇');
  });
});
