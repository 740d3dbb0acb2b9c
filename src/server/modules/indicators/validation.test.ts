import { describe, expect, it } from 'vitest';
import { checkValue, median, outlierWarnings, parseFigure, siblingMedian } from './validation';

const rule = { name: '党员人数', unit: '名', valueKind: 'integer' as const, minValue: 0, maxValue: 5000 };

describe('checking a figure', () => {
  it('accepts a figure in range and refuses one outside it, saying the bound and unit', () => {
    expect(checkValue(rule, 120)).toBeNull();
    expect(checkValue(rule, -1)).toBe('不能小于 0名');
    expect(checkValue(rule, 5001)).toBe('不能大于 5000名');
  });

  it('refuses a fraction for a count', () => {
    expect(checkValue(rule, 1.5)).toBe('「党员人数」应为整数');
    expect(checkValue({ ...rule, valueKind: 'decimal' }, 1.5)).toBeNull();
  });

  it('reads figures the way people type them', () => {
    expect(parseFigure(' 1,234 ')).toBe(1234);
    expect(parseFigure('12.5%')).toBe(12.5);
    expect(parseFigure('')).toBeNull();
    expect(parseFigure('十二')).toBe('invalid');
  });
});

describe('outlier warnings', () => {
  it('warns when a figure more than halves or grows by over half since last period', () => {
    expect(outlierWarnings(100, { label: '上期', value: 60 }, null, '名')).toEqual(['与上期（60名）相比增加67%，变化较大']);
    expect(outlierWarnings(70, { label: '上期', value: 60 }, null, '名')).toEqual([]);
    expect(outlierWarnings(20, { label: '上期', value: 60 }, null, '名')[0]).toContain('减少67%');
  });

  it('lets small counts move by one without a warning', () => {
    expect(outlierWarnings(2, { label: '上期', value: 1 }, null, '起')).toEqual([]);
  });

  it('warns against the siblings\' median only with enough siblings', () => {
    expect(outlierWarnings(400, null, siblingMedian([90, 100, 110]), '场次')).toEqual(['明显高于同级单位的中位数（100场次）']);
    expect(outlierWarnings(20, null, siblingMedian([90, 100, 110]), '场次')).toEqual(['明显低于同级单位的中位数（100场次）']);
    expect(outlierWarnings(400, null, siblingMedian([90, 100]), '场次')).toEqual([]);
    expect(median([3, 1, 2, 10])).toBe(2.5);
    expect(outlierWarnings(0, null, siblingMedian([1, 1, 0, 1]), '个')).toEqual([]);
  });
});
