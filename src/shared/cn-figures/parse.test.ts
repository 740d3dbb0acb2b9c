import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatChange, formatMoney, formatPercent, formatPointChange, formatQuantity, formatRank, type QuantityStyle } from './format';
import { UNITS } from './grammar';
import { parseFigure } from './parse';

describe('parseFigure', () => {
  it.each<[string, object | null]>([
    ['4.7万余名', { value: 47_000, unit: '名', qualifier: '余', kind: 'quantity' }],
    ['10.67亿元', { value: 1_067_000_000, unit: '元', qualifier: '', kind: 'quantity' }],
    ['下降47.06%', { value: 47.06, unit: '%', kind: 'change', direction: 'down' }],
    ['增长12.5%', { value: 12.5, unit: '%', kind: 'change', direction: 'up' }],
    ['提高2.3个百分点', { value: 2.3, unit: '个百分点', kind: 'change', direction: 'up' }],
    ['第一', { value: 1, kind: 'ranking' }],
    ['第1', { value: 1, kind: 'ranking' }],
    ['首位', { value: 1, kind: 'ranking' }],
    ['居金华第一', { value: 1, kind: 'ranking', scope: '金华' }],
    ['位居金华第1', { value: 1, kind: 'ranking', scope: '金华' }],
    ['排名全省前三', { value: 3, kind: 'ranking', qualifier: '前', scope: '全省' }],
    ['5200余场次', { value: 5200, unit: '场次', qualifier: '余' }],
    ['150余万元', { value: 1_500_000, unit: '元', qualifier: '余' }],
    ['700多人次', { value: 700, unit: '人次', qualifier: '多' }],
    ['超20万人次', { value: 200_000, unit: '人次', qualifier: '超' }],
    ['超过300家', { value: 300, unit: '家', qualifier: '超' }],
    ['逾千名', { value: 1000, unit: '名', qualifier: '逾' }],
    ['百余场', { value: 100, unit: '场', qualifier: '余' }],
    ['突破150万', { value: 1_500_000, unit: '', qualifier: '超' }],
    ['不少于5000场次', { value: 5000, unit: '场次', qualifier: '以上' }],
    ['12.6万头左右', { value: 126_000, unit: '头', qualifier: '约' }],
    ['30万元以下', { value: 300_000, unit: '元', qualifier: '以下' }],
    ['前移4位', { value: 4, unit: '位', kind: 'change', direction: 'up' }],
    ['缩短3至5天', { value: 3, upper: 5, unit: '天', kind: 'change', direction: 'down' }],
    ['逾1000名', { value: 1000, unit: '名', qualifier: '逾' }],
    ['近5000人', { value: 5000, unit: '人', qualifier: '近' }],
    ['约5300人', { value: 5300, unit: '人', qualifier: '约' }],
    ['100万元以上', { value: 1_000_000, unit: '元', qualifier: '以上' }],
    ['3,126套', { value: 3126, unit: '套', qualifier: '' }],
    ['５２００余场次', { value: 5200, unit: '场次', qualifier: '余' }],
    ['一百二十个', { value: 120, unit: '个' }],
    ['两千三百万元', { value: 23_000_000, unit: '元' }],
    ['二十余万人', { value: 200_000, unit: '人', qualifier: '余' }],
    ['3至5个', { value: 3, upper: 5, unit: '个' }],
    ['20—30人', { value: 20, upper: 30, unit: '人' }],
    ['3至5万人', { value: 30_000, upper: 50_000, unit: '人' }],
    ['1.2亿', { value: 120_000_000, unit: '' }],
    ['47.06％', { value: 47.06, unit: '%' }],
    ['半年', null],
    ['2022年', null],
    ['第一批', null],
    ['', null],
  ])('%s', (text, expected) => {
    const got = parseFigure(text);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toMatchObject(expected);
  });
});

// Measure words a count can carry (percent-like units are covered by their own properties).
const COUNT_UNITS = UNITS.filter((u) => !['%', '％', '倍', '个百分点'].includes(u));
const stepFor = (n: number, sig: number) => 10 ** Math.max(0, Math.floor(Math.log10(n)) + 1 - sig);

describe('round trips: parseFigure(format(n))', () => {
  it('exact style gives back n exactly, without a qualifier', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e13 }), fc.constantFrom(...COUNT_UNITS), (n, unit) => {
        expect(parseFigure(formatQuantity(n, { unit }))).toMatchObject({ value: n, unit, qualifier: '', kind: 'quantity' });
      }),
      { numRuns: 3000 },
    );
  });

  it('approximate styles give back a written value whose qualifier is true of n', () => {
    const styles: QuantityStyle[] = ['approx', 'over', 'near', 'about'];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e13 }), fc.constantFrom(...COUNT_UNITS), fc.constantFrom(...styles), (n, unit, style) => {
        const text = formatQuantity(n, { unit, style });
        const p = parseFigure(text);
        expect(p, text).not.toBeNull();
        const { value, qualifier } = p!;
        expect(p!.unit).toBe(unit);
        switch (qualifier) {
          case '':
            expect(value).toBe(n); // never a bare figure that is not the value
            break;
          case '余': // true value above the written figure, within the two-significant-figure step
            expect(n).toBeGreaterThan(value);
            expect(n - value).toBeLessThan(stepFor(n, 2));
            break;
          case '超': // above a one-significant-figure threshold
            expect(n).toBeGreaterThan(value);
            expect(n - value).toBeLessThan(stepFor(n, 1));
            break;
          case '近': // slightly below: at most 5% under the written figure
            expect(value).toBeGreaterThan(n);
            expect((value - n) / value).toBeLessThanOrEqual(0.05);
            break;
          case '约':
            expect(Math.abs(value - n)).toBeLessThanOrEqual(stepFor(n, 2) / 2);
            break;
          default:
            throw new Error(`unexpected qualifier ${qualifier} in ${text}`);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('money is within half a hundredth of its magnitude, exact style exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e13 }), (yuan) => {
        const text = formatMoney(yuan);
        const p = parseFigure(text)!;
        expect(p).toMatchObject({ unit: '元', qualifier: '' });
        const size = yuan >= 1e8 ? 1e8 : yuan >= 1e4 ? 1e4 : 1;
        expect(Math.abs(p.value - yuan)).toBeLessThanOrEqual(size * 0.005 + 1e-6);
        expect(parseFigure(formatMoney(yuan, { style: 'exact' }))!.value).toBe(yuan);
      }),
      { numRuns: 3000 },
    );
  });

  it('percentages and changes keep value, direction and rounding', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e7 }), fc.integer({ min: 1, max: 1e7 }), (current, base) => {
        const text = formatChange(current, base);
        const p = parseFigure(text.replace(/^同比/, ''));
        const rate = (current - base) / base;
        if (text.endsWith('持平')) {
          expect(Math.abs(rate) * 100).toBeLessThan(0.005);
          return;
        }
        expect(p).toMatchObject({ unit: '%', kind: 'change', direction: rate > 0 ? 'up' : 'down' });
        expect(Math.abs(p!.value - Math.abs(rate) * 100)).toBeLessThanOrEqual(0.005 + 1e-9);
        const pct = parseFigure(formatPercent(current / base))!;
        expect(Math.abs(pct.value - (current / base) * 100)).toBeLessThanOrEqual(0.005 + 1e-9);
      }),
      { numRuns: 3000 },
    );
  });

  it('percentage-point changes and ranks round-trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 999 }), fc.boolean(), (a, b, rank, arabic) => {
        const text = formatPointChange(a / 10_000, b / 10_000);
        if (a === b) expect(text).toBe('持平');
        else expect(parseFigure(text)).toMatchObject({ value: Math.abs(a - b) / 100, unit: '个百分点', direction: a > b ? 'up' : 'down' });
        expect(parseFigure(formatRank(rank, '金华', { style: arabic ? 'arabic' : 'chinese' }))).toMatchObject({ value: rank, kind: 'ranking', scope: '金华' });
      }),
      { numRuns: 2000 },
    );
  });
});
