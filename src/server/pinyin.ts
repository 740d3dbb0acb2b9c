import { pinyin } from 'pinyin-pro';

/** "石柱镇" → { initials: "szz", full: "shizhuzhen" }, lower-case, for search and sorting. */
export function pinyinKeys(name: string): { initials: string; full: string } {
  const opts = { toneType: 'none', type: 'array', nonZh: 'consecutive' } as const;
  const initials = pinyin(name, { ...opts, pattern: 'first' }).join('').toLowerCase();
  const full = pinyin(name, opts).join('').toLowerCase();
  return { initials: initials.replace(/\s+/g, ''), full: full.replace(/\s+/g, '') };
}
