import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Text from users (unit names, record titles, summaries) must never be executed as HTML in a
 * page: React escapes everything it renders, so the only way in is a raw-HTML escape hatch.
 * This test keeps the web app free of them.
 */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(tsx?|html)$/.test(name) ? [p] : [];
  });
}

describe('the web app', () => {
  it('renders no raw HTML (dangerouslySetInnerHTML, innerHTML, outerHTML, insertAdjacentHTML, document.write)', () => {
    const offenders = files(join(import.meta.dirname, '.'))
      .filter((f) => !f.endsWith('no-raw-html.test.ts'))
      .flatMap((f) => (/dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write\(/.test(readFileSync(f, 'utf8')) ? [f] : []));
    expect(files(import.meta.dirname).length).toBeGreaterThan(50);
    expect(offenders).toEqual([]);
  });
});
