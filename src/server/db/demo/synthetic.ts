import { idCardCheckChar } from '../../../shared/id-card';

/** Small deterministic PRNG (mulberry32) so the demo is the same on every machine. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)],
  };
}
export type Rng = ReturnType<typeof rng>;

// Surnames common in Yongkang, and neutral given-name characters; combinations are generated,
// not taken from any real roster.
const SURNAMES = '胡陈李王应吕徐朱楼程黄周施卢章俞杜潘金吴舒郑孙俞夏蒋叶何丁'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰春晓海燕林雪飞鹏宇浩然欣怡梓涵子轩一诺佳琪思远文博嘉豪晨阳'.split('');

export function syntheticName(r: Rng): string {
  const given = r.next() < 0.7 ? r.pick(GIVEN) + r.pick(GIVEN) : r.pick(GIVEN);
  return r.pick(SURNAMES) + given;
}

/**
 * A checksum-valid ID number for a synthetic person. Region 330784 (Yongkang); `serial` makes it
 * unique: its digits fill the 3-digit sequence and shift the birth day within the year.
 */
export function syntheticIdNumber(r: Rng, birthYear: number, male: boolean, used: Set<string>): { id: string; birthDate: string } {
  for (;;) {
    const start = Date.UTC(birthYear, 0, 1);
    const day = new Date(start + r.int(0, 364) * 86_400_000);
    const ymd = day.toISOString().slice(0, 10).replace(/-/g, '');
    let seq = r.int(0, 998);
    if ((seq % 2 === 1) !== male) seq += 1;
    const first17 = `330784${ymd}${String(seq).padStart(3, '0')}`;
    const id = first17 + idCardCheckChar(first17);
    if (!used.has(id)) {
      used.add(id);
      return { id, birthDate: day.toISOString().slice(0, 10) };
    }
  }
}

/**
 * Demo phones come from one block, 1990000xxxx, chosen by this project for synthetic data and
 * never used for real people in the demo; the README says so.
 */
export function syntheticPhone(serial: number): string {
  return `1990${String(serial).padStart(7, '0')}`;
}
