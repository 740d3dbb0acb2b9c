import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChineseNumeral, parseNumber, parseOrdinal, toChineseNumeral, toHalfWidthDigits } from './numerals';

describe('parseChineseNumeral', () => {
  it.each([
    ['〇', 0], ['零', 0], ['一', 1], ['两', 2], ['十', 10], ['十二', 12], ['二十', 20], ['一百二十', 120],
    ['一百零五', 105], ['一千零五', 1005], ['两千三百', 2300], ['二千三百万', 23_000_000], ['两千三百万', 23_000_000],
    ['二十万', 200_000], ['十万', 100_000], ['一万零五百', 10_500], ['三亿五千万', 350_000_000], ['一亿零五万', 100_050_000],
    ['一万亿', 1e12], ['二〇二二', 2022], ['壹佰贰拾', 120], ['四千七百', 4700],
  ])('%s → %d', (s, n) => expect(parseChineseNumeral(s)).toBe(n));

  it.each(['半', '半年', '', '万', '亿', '千', '三四', '百千', '十十', '一批', 'abc', '第一'])('rejects %j', (s) => {
    expect(parseChineseNumeral(s)).toBeNull();
  });
});

describe('parseNumber', () => {
  it.each([
    ['4.7万', 47_000], ['10.67亿', 1_067_000_000], ['1.2亿', 120_000_000], ['3,126', 3126], ['12,345,678', 12_345_678],
    ['５２００', 5200], ['１０．６７亿', 1_067_000_000], ['150万', 1_500_000], ['两千三百万', 23_000_000], ['0', 0], ['47.06', 47.06],
  ])('%s → %d', (s, n) => expect(parseNumber(s)).toBe(n));

  it.each(['半', '1,23', '4.7万万', '第1', '', '万'])('rejects %j', (s) => expect(parseNumber(s)).toBeNull());

  it('multiplies decimals by 万/亿 without binary noise', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), fc.constantFrom(['万', 1e4], ['亿', 1e8]), (hundredths, [mag, size]) => {
        const text = (hundredths / 100).toFixed(2) + mag;
        expect(parseNumber(text)).toBe(hundredths * (size / 100));
      }),
    );
  });
});

describe('parseOrdinal', () => {
  it.each([['第一', 1], ['第1', 1], ['第十二', 12], ['第２', 2]])('%s → %d', (s, n) => expect(parseOrdinal(s)).toBe(n));
  it.each(['第', '第零', '第半', '一', '第一时间'])('rejects %j', (s) => expect(parseOrdinal(s)).toBeNull());
});

describe('toChineseNumeral', () => {
  it.each([
    [0, '零'], [2, '二'], [10, '十'], [12, '十二'], [20, '二十'], [105, '一百零五'], [110, '一百一十'], [120, '一百二十'],
    [2300, '两千三百'], [10_010, '一万零一十'], [10_500, '一万零五百'], [20_000, '两万'], [200_000, '二十万'],
    [1_001_000, '一百万一千'], [23_000_000, '两千三百万'], [100_001_000, '一亿零一千'], [100_050_000, '一亿零五万'],
    [200_000_000, '两亿'], [350_000_000, '三亿五千万'],
  ])('%d → %s', (n, s) => expect(toChineseNumeral(n)).toBe(s));

  it('rejects negatives and fractions', () => {
    expect(() => toChineseNumeral(-1)).toThrow(RangeError);
    expect(() => toChineseNumeral(1.5)).toThrow(RangeError);
  });

  it('round-trips through the parser, with 两 or 二 alike', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (n) => {
        const written = toChineseNumeral(n);
        expect(parseChineseNumeral(written)).toBe(n);
        expect(parseChineseNumeral(written.replace(/两/g, '二'))).toBe(n);
        expect(parseNumber(written)).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('toHalfWidthDigits', () => {
  it('maps full-width digits and point only', () => expect(toHalfWidthDigits('４．７万，')).toBe('4.7万，'));
});
