import { describe, expect, it } from 'vitest';
import { idCardCheckChar, isValidMobile, maskIdCard, maskPhone, parseIdCard } from './id-card';

describe('parseIdCard', () => {
  it('accepts the GB 11643 standard example and derives birth date and gender', () => {
    // The example number printed in GB 11643-1999, annex.
    const r = parseIdCard('11010519491231002X');
    expect(r).toEqual({
      ok: true,
      info: { number: '11010519491231002X', birthDate: '1949-12-31', gender: 'female', regionCode: '110105' },
    });
  });

  it('normalizes a lower-case x and surrounding spaces', () => {
    const r = parseIdCard(' 11010519491231002x ');
    expect(r.ok && r.info.number).toBe('11010519491231002X');
  });

  it('reports a wrong check character as a checksum problem', () => {
    expect(parseIdCard('110105194912310021')).toEqual({ ok: false, problem: 'checksum' });
  });

  it('derives male from an odd sequence digit', () => {
    const first17 = '33078419800101001';
    const r = parseIdCard(first17 + idCardCheckChar(first17));
    expect(r.ok && r.info.gender).toBe('male');
  });

  it.each([
    ['too short', '3307841980010100'],
    ['letters inside', '3307841980A101001X'],
    ['15-digit legacy number', '330784800101001'],
  ])('rejects %s as a format problem', (_label, input) => {
    expect(parseIdCard(input)).toEqual({ ok: false, problem: 'format' });
  });

  it.each([
    ['30 February', '33078419800230001'],
    ['month 13', '33078419801301001'],
    ['future birth', '33078421000101001'],
  ])('rejects %s as a birth-date problem even with a valid checksum', (_label, first17) => {
    expect(parseIdCard(first17 + idCardCheckChar(first17))).toEqual({ ok: false, problem: 'birth_date' });
  });
});

describe('masks and phones', () => {
  it('keeps region code and last four digits of an ID', () => {
    expect(maskIdCard('33078419800101123X')).toBe('330784********123X');
  });
  it('masks the middle of a phone', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
  it('validates mainland mobile numbers', () => {
    expect(isValidMobile('13812345678')).toBe(true);
    expect(isValidMobile('12812345678')).toBe(false);
    expect(isValidMobile('1381234567')).toBe(false);
  });
});
