/**
 * The slot grammar of summary templates: `{{kind ARG [ARG2] key=value …}}` inside a paragraph.
 * Kinds and options are listed in src/shared/reports.ts (SLOT_KINDS). Parsing is separate from
 * resolving so the editor's preview can report a malformed slot without touching the database.
 */
import { SLOT_KINDS, type SlotKind } from '../../../shared/reports';

export interface Slot {
  /** As written, braces included. */
  raw: string;
  kind: SlotKind;
  /** Positional arguments: the indicator, record kind or scheme code, then e.g. a grade. */
  args: string[];
  opts: Record<string, string>;
}

export type Part = { text: string } | { slot: Slot } | { bad: { raw: string; message: string } };

const SLOT = /\{\{([^{}]*)\}\}/g;

/** Options each kind accepts; anything else is reported, so a typo never silently does nothing. */
const OPTIONS: Record<SlotKind, readonly string[]> = {
  value: ['style', 'unit', 'mark', 'sig'],
  change: ['basis', 'decimals'],
  rank: ['style'],
  count: ['category', 'basis', 'levels', 'statuses', 'attr', 'style', 'unit', 'mark', 'sig'],
  sum: ['field', 'category', 'basis', 'levels', 'statuses', 'attr', 'style', 'unit', 'mark', 'sig'],
  top: ['category', 'basis', 'by', 'n', 'levels', 'statuses', 'attr'],
  grade: ['unit'],
  pool: ['style'],
};
const ARGS: Record<SlotKind, [min: number, max: number, what: string]> = {
  value: [1, 1, '指标代码'],
  change: [1, 1, '指标代码'],
  rank: [1, 1, '指标代码'],
  count: [1, 1, '台账类型（activity/case/project/honour）'],
  sum: [1, 1, '台账类型（activity/case/project/honour）'],
  top: [1, 1, '台账类型（activity/case/project/honour）'],
  grade: [2, 2, '考评方案代码和等次'],
  pool: [1, 1, '考评方案代码'],
};

function parseSlot(raw: string, body: string): Slot | { message: string } {
  const words = body.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return { message: `数据槽 ${raw} 是空的` };
  const kind = words[0] as SlotKind;
  if (!SLOT_KINDS.includes(kind)) return { message: `数据槽 ${raw} 的类型“${words[0]}”不存在，可用：${SLOT_KINDS.join('、')}` };
  const args: string[] = [];
  const opts: Record<string, string> = {};
  for (const w of words.slice(1)) {
    if (w.includes('＝')) return { message: `数据槽 ${raw} 中的“＝”是全角等号，请改为半角“=”` };
    const eq = w.indexOf('=');
    if (eq < 0) {
      args.push(w);
      continue;
    }
    const key = w.slice(0, eq);
    if (!OPTIONS[kind].includes(key)) return { message: `数据槽 ${raw} 不支持选项“${key}”，可用：${OPTIONS[kind].join('、')}` };
    if (eq === w.length - 1) return { message: `数据槽 ${raw} 的选项“${key}”没有写值` };
    if (key in opts) return { message: `数据槽 ${raw} 的选项“${key}”写了两次` };
    opts[key] = w.slice(eq + 1);
  }
  const [min, max, what] = ARGS[kind];
  if (args.length < min || args.length > max) return { message: `数据槽 ${raw} 应写明${what}` };
  return { raw, kind, args, opts };
}

/** Braces left in text: an unclosed or stray slot, or full-width ones the writer meant as a slot; one message each. */
function strayBraces(text: string): string[] {
  const out: string[] = [];
  let fullWidth = false;
  for (const m of text.matchAll(/\{\{|\}\}|｛｛|｝｝/g)) {
    const near = text.slice(Math.max(0, m.index - 8), m.index + 12);
    if (m[0].startsWith('｛') || m[0].startsWith('｝')) {
      // A full-width pair is one mistake, not two.
      if (!fullWidth) out.push(`“${near}”中的大括号是全角字符，数据槽请用半角 {{ }}`);
      fullWidth = true;
    } else out.push(m[0] === '{{' ? `数据槽未闭合：“${near}”缺少 }}` : `多余的 }}：“${near}”`);
  }
  return out;
}

/** Splits a paragraph into text and slots; a malformed slot becomes a `bad` part with the reason. */
export function parseParagraph(text: string): Part[] {
  const out: Part[] = [];
  const pushText = (chunk: string) => {
    if (!chunk) return;
    const stray = strayBraces(chunk);
    if (stray.length) for (const message of stray) out.push({ bad: { raw: chunk.slice(0, 20), message } });
    else out.push({ text: chunk });
  };
  let last = 0;
  for (const m of text.matchAll(SLOT)) {
    pushText(text.slice(last, m.index));
    const parsed = parseSlot(m[0], m[1]);
    out.push('message' in parsed ? { bad: { raw: m[0], message: parsed.message } } : { slot: parsed });
    last = m.index + m[0].length;
  }
  pushText(text.slice(last));
  return out;
}

/** How many slots a text holds (well-formed or not): the template's size limit counts them. */
export const slotCount = (text: string) => (text.match(/\{\{/g) ?? []).length;
