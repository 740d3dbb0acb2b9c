import { describe, expect, it } from 'vitest';
import { searchQuery } from './search';

describe('searchQuery', () => {
  it('turns Han runs into bigrams and words into prefixes', () => {
    expect(searchQuery('企业需求')).toBe("'企业' & '业需' & '需求'");
    expect(searchQuery('宣讲 2022')).toBe("'宣讲' & '2022':*");
    expect(searchQuery('讲')).toBe("'讲':*");
    expect(searchQuery('ABC')).toBe("'abc':*");
  });
  it('ignores punctuation and quotes that would break the tsquery', () => {
    expect(searchQuery("'; drop table x --")).toBe("'drop':* & 'table':* & 'x':*");
    expect(searchQuery('！？。')).toBeNull();
  });
});
