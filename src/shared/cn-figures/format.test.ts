import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatChange, formatMoney, formatNumber, formatOrdinal, formatPercent, formatPointChange, formatQuantity, formatRank,
  type QuantityStyle,
} from './format';

describe('formatQuantity', () => {
  it.each<[number, string, QuantityStyle, string]>([
    [47_213, '名', 'approx', '4.7万余名'],
    [5236, '场次', 'approx', '5200余场次'],
    [5236, '场次', 'exact', '5236场次'],
    [5200, '场次', 'approx', '5200场次'], // exact figure: never 余
    [47_000, '名', 'approx', '4.7万名'],
    [384, '名', 'approx', '380余名'],
    [13, '场', 'approx', '13场'], // below 100 the genre writes counts exactly
    [99, '个', 'approx', '99个'],
    [1_523_400, '元', 'approx', '150余万元'],
    [50_123, '人', 'approx', '5万余人'],
    [110_000, '人次', 'exact', '11万人次'],
    [47_213, '名', 'exact', '47213名'],
    [203_456, '人次', 'over', '超20万人次'],
    [200_000, '人次', 'over', '20万人次'],
    [4870, '人', 'near', '近5000人'],
    [4700, '人', 'near', '4700人'],
    [4730, '人', 'near', '近4800人'], // 5000 is 5.4% away; 4800 is 1.5% away
    [5236, '场次', 'about', '约5200场次'],
    [5260, '场次', 'about', '约5300场次'],
    [5300, '场次', 'about', '5300场次'],
  ])('%d %s %s → %s', (n, unit, style, out) => expect(formatQuantity(n, { unit, style })).toBe(out));

  it('falls back to 余 when no round figure is within 5% above', () => {
    // 5236 → next round figures 6000 (12.7% away) and 5300 (1.2%): 近5300 is honest.
    expect(formatQuantity(5236, { unit: '人', style: 'near' })).toBe('近5300人');
    // 1010 → 2000 (49%), 1100 (8.2%): neither, so 余.
    expect(formatQuantity(1010, { unit: '人', style: 'near' })).toBe('1000余人');
  });

  it('rejects negative and non-finite counts', () => {
    expect(() => formatQuantity(-1, { unit: '名' })).toThrow(RangeError);
    expect(() => formatQuantity(Number.NaN, { unit: '名' })).toThrow(RangeError);
  });

  it('never writes a qualifier on a value the rounding leaves unchanged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 8 }), fc.constantFrom<QuantityStyle>('approx', 'about'), (m, e, style) => {
        const n = m * 10 ** e; // at most two significant figures
        expect(formatQuantity(n, { unit: '个', style })).not.toMatch(/[余约超近]/);
      }),
    );
  });
});

describe('formatNumber', () => {
  it.each([[110_000, '11万'], [1_067_000_000, '10.67亿'], [47_213, '47213'], [5200, '5200'], [10_000, '1万'], [12.5, '12.5']])(
    '%d → %s',
    (n, s) => expect(formatNumber(n)).toBe(s),
  );
});

describe('formatMoney', () => {
  it.each([
    [1_067_000_000, '10.67亿元'], [120_000_000, '1.2亿元'], [2_000_000, '200万元'], [3500, '3500元'],
    [1_067_123_456, '10.67亿元'], [99_999_999, '1亿元'], [15_000, '1.5万元'], [12_345, '1.23万元'], [0, '0元'],
  ])('%d → %s', (n, s) => expect(formatMoney(n)).toBe(s));

  it('exact style never rounds', () => {
    expect(formatMoney(1_067_123_456, { style: 'exact' })).toBe('1067123456元');
    expect(formatMoney(1_067_000_000, { style: 'exact' })).toBe('10.67亿元');
  });

  it('approx style uses 余 like counts', () => expect(formatMoney(1_523_400, { style: 'approx' })).toBe('150余万元'));
});

describe('formatPercent', () => {
  it.each([[0.4706, '47.06%'], [1, '100%'], [0.5, '50%'], [0.123456, '12.35%'], [0, '0%']])('%d → %s', (r, s) =>
    expect(formatPercent(r)).toBe(s),
  );
});

describe('formatChange', () => {
  it.each<[number, number, '同比' | '环比' | '', string]>([
    [9, 17, '同比', '同比下降47.06%'],
    [112.5, 100, '同比', '同比增长12.5%'],
    [100, 100, '同比', '与上年持平'],
    [100, 100, '环比', '与上期持平'],
    [100_001, 100_000, '同比', '与上年基本持平'],
    [150, 100, '', '增长50%'],
  ])('%d vs %d (%s) → %s', (c, b, basis, s) => expect(formatChange(c, b, { basis })).toBe(s));

  it('refuses a rate against zero', () => expect(() => formatChange(5, 0)).toThrow(RangeError));
});

describe('formatPointChange', () => {
  it.each([
    [0.623, 0.6, '提高2.3个百分点'], [0.55, 0.6, '下降5个百分点'], [0.6, 0.6, '持平'],
  ])('%d vs %d → %s', (c, b, s) => expect(formatPointChange(c, b)).toBe(s));
  it('takes a basis', () => expect(formatPointChange(0.7, 0.6, { basis: '同比' })).toBe('同比提高10个百分点'));
});

describe('ordinals and ranks', () => {
  it('writes 第1 or 第一', () => {
    expect(formatOrdinal(1, 'arabic')).toBe('第1');
    expect(formatOrdinal(1, 'chinese')).toBe('第一');
    expect(formatOrdinal(12)).toBe('第十二');
    expect(() => formatOrdinal(0)).toThrow(RangeError);
  });
  it('writes standings', () => {
    expect(formatRank(1, '金华')).toBe('居金华第一');
    expect(formatRank(1, '金华', { style: 'arabic', verb: '位居' })).toBe('位居金华第1');
    expect(formatRank(3, '全省', { verb: '位列' })).toBe('位列全省第三');
  });
});
