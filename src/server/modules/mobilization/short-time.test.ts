import { describe, expect, it } from 'vitest';
import { shortTime } from './activation.service';

describe('times in messages to members', () => {
  it('are written the Chinese way, in Beijing time', () => {
    expect(shortTime(new Date('2026-03-14T13:40:00Z'))).toBe('3月14日 21:40');
    expect(shortTime(new Date('2026-11-27T16:05:00Z'))).toBe('11月28日 00:05');
  });
});
