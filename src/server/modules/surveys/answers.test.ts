import { describe, expect, it } from 'vitest';
import { FieldCrypto } from '../../secrets';
import type { SurveyQuestion } from '../../../shared/surveys';
import { checkAnswers, toScore } from './answers';
import { RateLimiter } from './rate-limit';
import { TOKEN_PATTERN, base32, formatToken, normalizeToken, tokenFromSalt } from './tokens';

const QUESTIONS: SurveyQuestion[] = [
  { key: 'overall', type: 'rating', label: '总体满意度', required: true },
  { key: 'service', type: 'rating', label: '服务', required: false },
  { key: 'pick', type: 'single', label: '身份', options: ['居民', '其他'], required: true },
  { key: 'many', type: 'multi', label: '希望加强', options: ['道路', '环境', '养老'], required: false },
  { key: 'note', type: 'text', label: '意见', required: false },
];

describe('checking answers', () => {
  it('accepts a complete sheet and averages its ratings', () => {
    const r = checkAnswers(QUESTIONS, { overall: 5, service: 4, pick: '居民', many: ['道路', '养老'], note: '  路灯不够  ' });
    expect(r).toEqual({ ok: true, value: { answers: { overall: 5, service: 4, pick: '居民', many: ['道路', '养老'], note: '路灯不够' }, satisfaction: 4.5 } });
  });

  it('leaves out unanswered optional questions; no rating means no satisfaction', () => {
    const r = checkAnswers(QUESTIONS.filter((q) => q.type !== 'rating'), { pick: '其他', note: '   ' });
    expect(r).toEqual({ ok: true, value: { answers: { pick: '其他' }, satisfaction: null } });
  });

  it('reports every bad answer as a field issue in Chinese', () => {
    const r = checkAnswers(QUESTIONS, { service: 2.5, pick: '外星人', many: ['道路', '道路'], note: '字'.repeat(501), extra: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.issues.map((i) => [i.path, i.message]));
    expect(byPath).toEqual({
      'answers.extra': '问卷中没有这道题，请刷新页面后重新填写',
      'answers.overall': '第1题为必答题，请选择',
      'answers.service': '第2题请打 1 到 5 分',
      'answers.pick': '第3题请从给出的选项中选择一项',
      'answers.many': '第4题的选项不能重复',
      'answers.note': '第5题最多填写 500 个字，当前 501 个字',
    });
  });

  it('refuses ratings outside 1–5 and text that is not text', () => {
    for (const bad of [0, 6, '5', true]) {
      const r = checkAnswers(QUESTIONS, { overall: bad, pick: '居民' });
      expect(r.ok, String(bad)).toBe(false);
    }
    expect(checkAnswers(QUESTIONS, { overall: 3, pick: '居民', note: 42 }).ok).toBe(false);
    expect(checkAnswers(QUESTIONS, { overall: 3, pick: '居民', many: ['飞机'] }).ok).toBe(false);
  });

  it('counts text length in characters, so 500 emoji still fit', () => {
    expect(checkAnswers(QUESTIONS, { overall: 3, pick: '居民', note: '👍'.repeat(500) }).ok).toBe(true);
  });

  it('scores out of 100 as the mean × 20, to two decimals', () => {
    expect(toScore(4.5)).toBe(90);
    expect(toScore(3.75)).toBe(75);
    expect(toScore(13 / 3)).toBe(86.67);
  });
});

describe('answer tokens', () => {
  const crypto = new FieldCrypto(Buffer.alloc(32, 7));

  it('derives the same 12-character token from a salt every time, in the unambiguous alphabet', () => {
    const a = tokenFromSalt(crypto, 'salt-1');
    expect(a).toMatch(TOKEN_PATTERN);
    expect(tokenFromSalt(crypto, 'salt-1')).toBe(a);
    expect(tokenFromSalt(crypto, 'salt-2')).not.toBe(a);
    expect(tokenFromSalt(new FieldCrypto(Buffer.alloc(32, 8)), 'salt-1')).not.toBe(a);
    expect(a).not.toMatch(/[01IO]/);
  });

  it('reads a token as people type it', () => {
    const t = tokenFromSalt(crypto, 'x');
    expect(normalizeToken(formatToken(t).toLowerCase())).toBe(t);
    expect(normalizeToken(` ${formatToken(t).replace(/-/g, ' ')} `)).toBe(t);
    expect(normalizeToken('ABCD-EFGH-IJKL')).toBeNull(); // I is not in the alphabet
    expect(normalizeToken('ABCD')).toBeNull();
  });

  it('spells 5 bits per character', () => {
    expect(base32(Uint8Array.from([0, 0, 0, 0, 0]), 8)).toBe('22222222');
    expect(base32(Uint8Array.from([255, 255, 255, 255, 255]), 8)).toBe('ZZZZZZZZ');
    expect(base32(Uint8Array.from([0b00001_000, 0b10_00000_0]), 3)).toBe('342');
  });
});

describe('the per-address limiter', () => {
  it('allows `limit` per window, then says when to retry, then opens again', () => {
    const l = new RateLimiter(3, 60_000);
    expect([1, 2, 3].map(() => l.take('a', 1_000).ok)).toEqual([true, true, true]);
    expect(l.take('a', 1_500)).toEqual({ ok: false, retryAfterSeconds: 60 });
    expect(l.take('b', 1_500).ok).toBe(true);
    expect(l.take('a', 61_000).ok).toBe(true);
  });

  it('keeps memory bounded', () => {
    const l = new RateLimiter(1, 60_000, 100);
    for (let i = 0; i < 1000; i++) l.take(`k${i}`, 0);
    expect((l as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThanOrEqual(100);
  });
});
