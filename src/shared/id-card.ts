/**
 * Resident identity card numbers (公民身份号码), GB 11643-1999: 6-digit region code,
 * 8-digit birth date, 3-digit sequence (odd = male, even = female) and a checksum.
 */

// GB 11643 / ISO 7064 MOD 11-2: weight of position i (0-based, left to right) is 2^(17-i) mod 11.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type IdCardProblem = 'format' | 'birth_date' | 'checksum';

export interface IdCardInfo {
  /** Normalized: 18 characters, upper-case X. */
  number: string;
  birthDate: string; // YYYY-MM-DD
  gender: 'male' | 'female';
  regionCode: string;
}

/** The check character for the first 17 digits. */
export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Validates an 18-digit ID number; returns the derived facts or the first problem found. */
export function parseIdCard(
  raw: string,
  today: Date = new Date(),
): { ok: true; info: IdCardInfo } | { ok: false; problem: IdCardProblem } {
  const number = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(number)) return { ok: false, problem: 'format' };
  const y = Number(number.slice(6, 10));
  const m = Number(number.slice(10, 12));
  const d = Number(number.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const valid =
    y >= 1900 &&
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === m - 1 &&
    date.getUTCDate() === d &&
    date.getTime() <= today.getTime();
  if (!valid) return { ok: false, problem: 'birth_date' };
  if (idCardCheckChar(number.slice(0, 17)) !== number[17]) return { ok: false, problem: 'checksum' };
  return {
    ok: true,
    info: {
      number,
      birthDate: `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`,
      gender: Number(number[16]) % 2 === 1 ? 'male' : 'female',
      regionCode: number.slice(0, 6),
    },
  };
}

/** Chinese explanation of a validation problem, for forms and import reports. */
export const ID_CARD_PROBLEM_ZH: Record<IdCardProblem, string> = {
  format: '身份证号码应为18位，前17位为数字，末位为数字或X',
  birth_date: '身份证号码中的出生日期无效',
  checksum: '身份证号码校验位错误',
};

/** 330784********123X: region code and last four kept, the rest hidden. */
export function maskIdCard(number: string): string {
  return number.slice(0, 6) + '*'.repeat(number.length - 10) + number.slice(-4);
}

/** Mainland mobile numbers: 11 digits starting 1[3-9]. */
export function isValidMobile(raw: string): boolean {
  return /^1[3-9]\d{9}$/.test(raw.trim());
}

/** 138****1234 */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? phone.slice(0, 3) + '****' + phone.slice(-4) : '****';
}
