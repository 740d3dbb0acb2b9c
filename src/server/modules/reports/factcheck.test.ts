import { describe, expect, it } from 'vitest';
import { expectedWording, judgeChange, judgePointChange, judgeQuantity, judgeRanking, roundingStep } from './factcheck';

describe('verdict rules', () => {
  it('no qualifier: the value itself; money to 0.01 of 万/亿; percentages at the decimals written', () => {
    expect(judgeQuantity(477, '', 477)).toBe(true);
    expect(judgeQuantity(477, '', 478)).toBe(false);
    expect(judgeQuantity(1_067_000_000, '', 1_067_000_000, { money: true })).toBe(true);
    expect(judgeQuantity(1_067_000_000, '', 1_066_800_000, { money: true })).toBe(true);
    expect(judgeQuantity(1_067_000_000, '', 1_066_000_000, { money: true })).toBe(false);
    expect(judgeQuantity(2_000_000, '', 2_004_000, { money: true })).toBe(false);
    expect(judgeQuantity(1_066_800_000, '', 1_067_000_000)).toBe(false);
    expect(judgeQuantity(45.5, '', 45.4545, { percent: true })).toBe(true);
    expect(judgeQuantity(45.46, '', 45.4545, { percent: true })).toBe(false);
  });

  it('余: above, and the value rounded down at one or two significant figures', () => {
    expect(judgeQuantity(5200, '余', 5236)).toBe(true);
    expect(judgeQuantity(47_000, '余', 47_213)).toBe(true);
    expect(judgeQuantity(5200, '余', 5200)).toBe(false); // never on an exact figure
    expect(judgeQuantity(5000, '余', 5236)).toBe(true); // one significant figure
    expect(judgeQuantity(5100, '余', 5236)).toBe(false); // true but no writer rounds so: a typo
    expect(judgeQuantity(5300, '余', 5236)).toBe(false);
    expect(judgeQuantity(70, '余', 73)).toBe(true); // the seed's 社会服务70余场次
    expect(judgeQuantity(73, '余', 73)).toBe(false);
    expect(judgeQuantity(1_500_000, '多', 1_523_400)).toBe(true);
  });

  it('超/以上/以下, 近 within 5% below, 约 within half the rounding step', () => {
    expect(judgeQuantity(200_000, '超', 203_456)).toBe(true);
    expect(judgeQuantity(200_000, '超', 200_000)).toBe(false);
    expect(judgeQuantity(100, '以上', 100)).toBe(true);
    expect(judgeQuantity(100, '以下', 101)).toBe(false);
    expect(judgeQuantity(4900, '近', 4870)).toBe(true);
    expect(judgeQuantity(5000, '近', 4700)).toBe(false);
    expect(judgeQuantity(5000, '近', 5010)).toBe(false);
    expect(judgeQuantity(5300, '约', 5260)).toBe(true);
    expect(judgeQuantity(5300, '约', 5230)).toBe(false);
    expect(roundingStep(5236)).toBe(100);
    expect(roundingStep(47_213)).toBe(1000);
    expect(roundingStep(67)).toBe(1);
  });

  it('changes: relative change ×100 rounded as written, with the direction', () => {
    expect(judgeChange(47.06, 'down', '', 9, 17)).toBe(true);
    expect(judgeChange(47.1, 'down', '', 9, 17)).toBe(true);
    expect(judgeChange(47.06, 'up', '', 9, 17)).toBe(false);
    expect(judgeChange(47, 'down', '', 9, 17)).toBe(true);
    expect(judgeChange(46.06, 'down', '', 9, 17)).toBe(false);
    expect(judgeChange(40, 'down', '超', 9, 17)).toBe(true);
    expect(judgePointChange(2.3, 'up', 62.3, 60)).toBe(true);
    expect(judgePointChange(2.3, 'down', 62.3, 60)).toBe(false);
  });

  it('rankings compare with the standing', () => {
    expect(judgeRanking(1, 1)).toBe(true);
    expect(judgeRanking(3, 1)).toBe(false);
  });

  it('suggests the formatter’s wording in the claim’s style', () => {
    expect(expectedWording({ text: '5100余场次', unit: '场次', qualifier: '余', kind: 'quantity' }, 5236)).toBe('5200余场次');
    expect(expectedWording({ text: '4.8万余名', unit: '名', qualifier: '余', kind: 'quantity' }, 47_213)).toBe('4.7万余名');
    expect(expectedWording({ text: '10.6亿元', unit: '元', qualifier: '', kind: 'quantity' }, 1_067_000_000)).toBe('10.67亿元');
    expect(expectedWording({ text: '478个', unit: '个', qualifier: '', kind: 'quantity' }, 477)).toBe('477个');
    expect(expectedWording({ text: '同比下降40%', unit: '%', qualifier: '', kind: 'change' }, 9, 17)).toBe('同比下降47.06%');
    expect(expectedWording({ text: '居金华第3', unit: '', qualifier: '', kind: 'ranking' }, 1)).toBe('居金华第1');
    expect(expectedWording({ text: '全省第三', unit: '', qualifier: '', kind: 'ranking' }, 2)).toBe('全省第二');
  });
});
