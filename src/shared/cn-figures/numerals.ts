/**
 * Chinese and mixed numerals as they appear in county year-end summaries (年度综述):
 * "一百二十", "两千三百万", "三亿五千万", "4.7万", "10.67亿", "3,126", "５２００", "第一".
 *
 * Everything here is pure and shared by server and web.
 */

const DIGITS: Record<string, number> = {
  〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
  // Financial (大写) forms appear in money tables pasted into drafts.
  壹: 1, 贰: 2, 叁: 3, 肆: 4, 伍: 5, 陆: 6, 柒: 7, 捌: 8, 玖: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 1e4, 亿: 1e8 };

/** Characters that can make up a Chinese numeral (digits and magnitudes). */
export const CN_NUMERAL_CHARS = '〇零一二两三四五六七八九壹贰叁肆伍陆柒捌玖十拾百佰千仟万亿';

/** Full-width digits and point (０-９, ．) → ASCII, so pasted Word text parses like typed text. */
export function toHalfWidthDigits(s: string): string {
  return s.replace(/[０-９．]/g, (c) => (c === '．' ? '.' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

/**
 * Parses a pure Chinese numeral ("一百二十" → 120, "两千三百万" → 23_000_000, "三亿五千万",
 * "十二", "〇", "一万零五百"). Also accepts digit-by-digit forms like "二〇二二" → 2022.
 * Returns null for anything that is not a complete numeral — notably "半" (half), which in
 * "半年" is a duration, not a figure.
 */
export function parseChineseNumeral(input: string): number | null {
  const s = input.trim();
  if (!s || [...s].some((c) => !CN_NUMERAL_CHARS.includes(c))) return null;
  // "二〇二二", "一九九八": digit-by-digit (years, codes). Two digits without 〇 are not
  // positional: "三四个" means three or four.
  if ((s.length > 2 || /[〇零]/.test(s)) && s.length > 1 && [...s].every((c) => c in DIGITS)) {
    return Number([...s].map((c) => DIGITS[c]).join(''));
  }
  let total = 0; // completed 亿 sections
  let section = 0; // value below the current big unit
  let digit: number | null = null;
  let lastSmall = 10_000; // magnitudes must fall within a section: 千 then 百 then 十
  for (const c of s) {
    if (c in DIGITS) {
      // "三四" is not a numeral; 零 only marks a gap ("一千零五", "一亿零五万").
      if (digit !== null && digit !== 0) return null;
      digit = DIGITS[c];
      continue;
    }
    if (c in SMALL_UNITS) {
      const u = SMALL_UNITS[c];
      if (u >= lastSmall) return null; // "百千" / "十十"
      // A bare 十 at the start means 一十 ("十二" = 12); elsewhere a magnitude needs a digit.
      if (digit === null && !(u === 10 && section === 0 && total === 0)) return null;
      section += (digit ?? 1) * u;
      digit = null;
      lastSmall = u;
      continue;
    }
    const big = BIG_UNITS[c];
    const value = section + (digit ?? 0);
    if (value === 0 && total === 0) {
      // "万" / "亿" alone are not numerals.
      return null;
    }
    if (big === 1e8) {
      total = (total + value) * 1e8;
    } else {
      if (value === 0) return null; // "亿万" is not a numeral
      total += value * 1e4;
    }
    section = 0;
    digit = null;
    lastSmall = 10_000;
  }
  return total + section + (digit ?? 0);
}

const MAGNITUDE: Record<string, number> = { 万亿: 1e12, 亿: 1e8, 万: 1e4, 千: 1e3, 百: 1e2 };

/**
 * Parses a number as these documents write it, in any of the mixed forms:
 * "4.7万" → 47_000, "10.67亿" → 1_067_000_000, "3,126" → 3126, "５２００" → 5200,
 * "两千三百万" → 23_000_000, "1.2亿" → 120_000_000. Returns null for non-numbers
 * ("半", "一批", "第一" — ordinals go through {@link parseOrdinal}).
 */
export function parseNumber(input: string): number | null {
  const s = toHalfWidthDigits(input.trim());
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万亿|亿|万|千|百)?$/.exec(s);
  if (m) {
    const base = Number(m[1].replace(/,/g, '') + (m[2] ?? ''));
    return m[3] ? scale(base, MAGNITUDE[m[3]]) : base;
  }
  return parseChineseNumeral(s);
}

/**
 * Multiplies a decimal by a power of ten without binary noise (4.7 × 1e4 is 47000.00000000001
 * in floating point; here it is 47000).
 */
export function scale(value: number, factor: number): number {
  const r = value * factor;
  const rounded = Math.round(r);
  return Math.abs(r - rounded) < 1e-6 * Math.max(1, Math.abs(r)) ? rounded : r;
}

/** "第一" / "第1" / "第十二" → 1 / 1 / 12; anything else → null. */
export function parseOrdinal(input: string): number | null {
  const m = /^第(.+)$/.exec(input.trim());
  if (!m) return null;
  const n = parseNumber(m[1]);
  return n !== null && Number.isInteger(n) && n > 0 ? n : null;
}

const CN_DIGIT_CHARS = '零一二三四五六七八九';

/** Writes 0..9999 as one section; `leading` marks the first section of the whole numeral. */
function sectionToChinese(n: number, leading: boolean): string {
  const units = ['千', '百', '十', ''];
  const digits = [Math.floor(n / 1000), Math.floor(n / 100) % 10, Math.floor(n / 10) % 10, n % 10];
  let out = '';
  let pendingZero = false;
  let started = false;
  for (let i = 0; i < 4; i++) {
    const d = digits[i];
    if (d === 0) {
      if (started) pendingZero = true;
      continue;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    // House choice: 两 before 千 at the head of a section ("两千三百万"), 二 elsewhere
    // ("二百", "二十"); the parser accepts both.
    const ch = d === 2 && i === 0 ? '两' : CN_DIGIT_CHARS[d];
    // "十二", not "一十二", when 十 leads the whole numeral.
    out += d === 1 && i === 2 && leading && !started ? '' : ch;
    out += units[i];
    started = true;
  }
  return out;
}

/**
 * Writes a non-negative integer as a Chinese numeral the way these documents do:
 * 120 → "一百二十", 23_000_000 → "两千三百万", 12 → "十二", 10_500 → "一万零五百",
 * 350_000_000 → "三亿五千万", 0 → "零". A lone 2 before 万/亿 is written 两 ("两万").
 * Round-trips through {@link parseChineseNumeral}.
 */
export function toChineseNumeral(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`toChineseNumeral: ${n} is not a non-negative safe integer`);
  if (n === 0) return '零';
  const sections: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 1e4)) sections.push(v % 1e4);
  const bigNames = ['', '万', '亿', '万亿'];
  let out = '';
  let needZero = false;
  for (let i = sections.length - 1; i >= 0; i--) {
    const sec = sections[i];
    const leading = out === '';
    if (sec === 0) {
      if (!leading) needZero = true;
      continue;
    }
    // A section below 1000 after a higher one needs 零 ("一万零五百").
    if (!leading && (needZero || sec < 1000)) out += '零';
    needZero = false;
    let text = sectionToChinese(sec, leading);
    if (sec === 2 && i > 0) text = '两';
    out += text + bigNames[i];
  }
  return out;
}
