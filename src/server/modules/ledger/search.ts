import { sql, type SQL } from 'drizzle-orm';

/**
 * The query side of the ledger's Chinese full-text search (index side: `lizhou_bigrams`,
 * migration 0007). Every term must match: a run of Han characters matches as its bigrams (a
 * single character as a prefix of one), a Latin/digit word as a prefix.
 */
const HAN = /[\u4e00-\u9fff\u3400-\u4dbf]+/g;
const WORD = /[a-z0-9]+/g;

/** The tsquery text for a user's search, or null when it holds nothing searchable. */
export function searchQuery(input: string): string | null {
  const lexemes: string[] = [];
  for (const run of input.match(HAN) ?? []) {
    const chars = [...run];
    if (chars.length === 1) lexemes.push(`'${chars[0]}':*`);
    for (let i = 0; i + 1 < chars.length; i++) lexemes.push(`'${chars[i]}${chars[i + 1]}'`);
  }
  for (const word of input.toLowerCase().match(WORD) ?? []) lexemes.push(`'${word}':*`);
  return lexemes.length ? [...new Set(lexemes)].join(' & ') : null;
}

/** `search @@ query` for a table's search column, or null when the input has nothing to search. */
export function matches(column: SQL | string, input: string): SQL | null {
  const q = searchQuery(input);
  if (!q) return null;
  return sql`${typeof column === 'string' ? sql.raw(column) : column} @@ ${q}::tsquery`;
}
