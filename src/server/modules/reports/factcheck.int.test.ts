import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness';
import { aggregateAt, loadDefinitions, rangeFor } from '../indicators';
import { findUnitsByCodes } from '../org';
import { formatQuantity } from '../../../shared/cn-figures';
import { checkDraft } from '../../../cli/report-check';
import { factCheck } from './factcheck';

const TENANT = '330784';

describe('fact-check against the small demo county', () => {
  let t: TestApp;
  let values: Record<string, number>;
  let draft: string;
  beforeAll(async () => {
    t = await createTestApp();
    const db = t.ctx.db;
    const [county] = await findUnitsByCodes(db, [TENANT]);
    const defs = await loadDefinitions(db, TENANT);
    const read = async (code: string) => {
      const def = defs.get(code)!;
      const m = await aggregateAt(db, defs, code, rangeFor(def.row.periodType, '2022'), { tenantId: TENANT, underPath: county.path, provisional: false }, new Set([county.id]));
      return m.get(county.id)!;
    };
    values = { DY_RS: await read('DY_RS'), XJ_CC: await read('XJ_CC'), QYXQ_JJ: await read('QYXQ_JJ') };
    // The demo's own figures written the way the genre writes them.
    draft = `全市共有党员${formatQuantity(values.DY_RS, { unit: '名', style: 'approx' })}，开展宣讲${formatQuantity(values.XJ_CC, { unit: '场次', style: 'approx' })}，解决企业需求${formatQuantity(values.QYXQ_JJ, { unit: '个' })}。`;
  }, 120_000);
  afterAll(() => t?.close());

  it('verifies a draft written from the demo figures', async () => {
    expect(values.DY_RS).toBeGreaterThan(0);
    expect(values.XJ_CC).toBeGreaterThan(0);
    expect(values.QYXQ_JJ).toBeGreaterThan(0);
    const r = await factCheck(t.ctx.db, TENANT, 2022, draft);
    expect(r.claims.map((c) => [c.source?.code, c.verdict])).toEqual([
      ['DY_RS', 'verified'],
      ['XJ_CC', 'verified'],
      ['QYXQ_JJ', 'verified'],
    ]);
    expect(r.counts).toEqual({ verified: 3, mismatch: 0, unknown: 0 });
  });

  it('flags exactly the changed figure, with the ledger value and the wording, and leaves an unrelated figure unknown', async () => {
    const wrong = values.QYXQ_JJ + 7;
    const text = draft.replace(`解决企业需求${values.QYXQ_JJ}个`, `解决企业需求${wrong}个`) + '植树3000棵。';
    expect(text).toContain(`${wrong}个`);
    const r = await factCheck(t.ctx.db, TENANT, 2022, text);
    expect(r.claims.map((c) => c.verdict)).toEqual(['verified', 'verified', 'mismatch', 'unknown']);
    const bad = r.claims[2];
    expect(bad).toMatchObject({ text: `${wrong}个`, actual: values.QYXQ_JJ, suggestion: `应为${values.QYXQ_JJ}个`, source: { code: 'QYXQ_JJ', name: '企业需求解决数', period: '2022' } });
    expect(text.slice(bad.start, bad.end)).toBe(bad.text);
    expect(r.claims[3]).toMatchObject({ text: '3000棵', verdict: 'unknown' });
  });

  it('checks the 同比 change of party-member cases and the 金华 standing', async () => {
    const r = await factCheck(t.ctx.db, TENANT, 2022, '经营性收入100万元以上行政村占比居金华第1。党员违法违纪案件同比下降99.99%。');
    expect(r.claims[0]).toMatchObject({ kind: 'ranking', verdict: 'verified', actual: 1, source: { code: 'JT_100_ZB' } });
    // The small demo's case counts differ from the county's 17 → 9: whatever they are, 99.99% is not it.
    expect(r.claims[1]).toMatchObject({ kind: 'change', source: { code: 'WJWF_JS' } });
    expect(['mismatch', 'unknown']).toContain(r.claims[1].verdict);
    const wrongRank = await factCheck(t.ctx.db, TENANT, 2022, '经营性收入100万元以上行政村占比居金华第3。');
    expect(wrongRank.claims[0]).toMatchObject({ verdict: 'mismatch', suggestion: '应为居金华第1' });
  });

  it('gives the CLI exit code: 1 with a mismatch, 0 without', async () => {
    const out: string[] = [];
    expect(await checkDraft(t.ctx.db, draft, { year: '2022' }, (s) => out.push(s))).toBe(0);
    expect(out.join('\n')).toContain('核实 3，不符 0');
    const wrong = draft.replace(`解决企业需求${values.QYXQ_JJ}个`, `解决企业需求${values.QYXQ_JJ + 1}个`);
    const json: string[] = [];
    expect(await checkDraft(t.ctx.db, wrong, { year: '2022', json: true }, (s) => json.push(s))).toBe(1);
    expect(JSON.parse(json[0]).counts.mismatch).toBe(1);
  });
});

describe('fact-check of the seed summary against the full demo county', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({});
  }, 300_000);
  afterAll(() => t?.close());

  // Its speed is measured by `npm run bench:reports`, not asserted here.
  it('verifies the seed’s ledger figures', async () => {
    const text = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), 'answer-keys/seed-2022-yongkang.txt'), 'utf8');
    const r = await factCheck(t.ctx.db, TENANT, 2022, text);
    const verdict = (s: string) => r.claims.find((c) => c.text === s);
    for (const [s, code] of [
      ['5200余场次', 'XJ_CC'],
      ['477个', 'QYXQ_JJ'],
      ['10.67亿元', 'GJQJ_TZ'],
      ['下降47.06%', 'WJWF_JS'],
      ['463篇', 'XXQG_GJ'],
      ['位居金华第1', 'JT_100_ZB'],
      ['位列金华第一', 'QZPJ_DF'],
      ['230余篇', 'YM_GJ'],
      ['45项', 'RY_JHS'],
      ['70余场次', 'SHFW_CC'],
      ['19人', 'HW_SJDB'],
      ['3126套', 'RC_ZFCS'],
    ]) expect(verdict(s), s).toMatchObject({ verdict: 'verified', source: { code } });
    // Figures without an indicator (a count of project records, a publication's grade count) are unknown, never guessed.
    expect(verdict('36个')?.verdict).toBe('unknown');
    console.log(`seed: ${JSON.stringify(r.counts)}; mismatches: ${r.claims.filter((c) => c.verdict === 'mismatch').map((c) => `${c.text} (${c.source?.code} ${c.suggestion})`).join('; ')}`);
  }, 60_000);
});
