/**
 * Annotated answer keys for the extractor and the precision/recall measure over them.
 *
 * Matching rule: a predicted claim matches a key entry when their spans overlap and value,
 * unit, kind and qualifier all agree (value to 1e-9 relative). Each key entry matches at most
 * one prediction. Precision = matched / predicted; recall = matched / key entries.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FigureClaim } from './extract';

export interface KeyEntry {
  /** A substring occurring once in the text that contains `text`: locates the span. */
  anchor: string;
  text: string;
  value: number;
  unit: string;
  qualifier: string;
  kind: FigureClaim['kind'];
  direction?: 'up' | 'down';
  upper?: number;
}

export interface AnswerKey {
  /** Text file: relative to the repository root when it starts with "../", else to answer-keys/. */
  source: string;
  description: string;
  excluded: Record<string, string>;
  claims: KeyEntry[];
}

export const KEY_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'answer-keys');
const REPO_ROOT = resolve(KEY_DIR, '../../../../..');

/** Loads a key and its text; entries get their [start, end) from the anchor. */
export function loadAnswerKey(file: string): { key: AnswerKey; text: string; spans: Array<KeyEntry & { start: number; end: number }> } {
  const key = JSON.parse(readFileSync(resolve(KEY_DIR, file), 'utf8')) as AnswerKey;
  const text = readFileSync(key.source.startsWith('../') ? resolve(REPO_ROOT, key.source) : resolve(KEY_DIR, key.source), 'utf8');
  const spans = key.claims.map((c) => {
    const at = text.indexOf(c.anchor);
    if (at < 0 || text.indexOf(c.anchor, at + 1) >= 0) throw new Error(`anchor ${c.anchor} must occur exactly once in ${key.source}`);
    const start = at + c.anchor.indexOf(c.text);
    return { ...c, start, end: start + c.text.length };
  });
  return { key, text, spans };
}

const sameValue = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

export interface Score {
  precision: number;
  recall: number;
  matched: number;
  predicted: number;
  expected: number;
  missed: KeyEntry[];
  spurious: FigureClaim[];
}

/** Scores predictions against key spans by the matching rule above. */
export function score(predicted: FigureClaim[], key: Array<KeyEntry & { start: number; end: number }>): Score {
  const used = new Set<number>();
  const spurious: FigureClaim[] = [];
  for (const p of predicted) {
    const i = key.findIndex(
      (k, j) => !used.has(j) && p.start < k.end && p.end > k.start && sameValue(p.value, k.value) && p.unit === k.unit && p.kind === k.kind && p.qualifier === k.qualifier,
    );
    if (i >= 0) used.add(i);
    else spurious.push(p);
  }
  const matched = used.size;
  return {
    precision: predicted.length ? matched / predicted.length : 1,
    recall: key.length ? matched / key.length : 1,
    matched,
    predicted: predicted.length,
    expected: key.length,
    missed: key.filter((_, j) => !used.has(j)),
    spurious,
  };
}
