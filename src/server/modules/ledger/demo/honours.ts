import { personsUnder } from '../../people';
import type { HonourLevel } from '../../../../shared/ledger';
import { honours } from '../ledger.table';
import { at, dateIn, sample, type DemoScope, type Unit } from './scope';

type HonourInsert = typeof honours.$inferInsert;

interface Spec {
  title: string;
  code: 'XJJT' | 'XJGR' | 'SFD' | 'PS';
  level: HonourLevel;
  issuer: string;
  /** A unit; or a person, credited to their unit. */
  to: Unit | { personId: number; unitId: number; name: string } | null;
  month?: number;
}

/**
 * "全市统一战线共获得金华及以上荣誉、表彰、批示45项": those the seed names (侨联 and 民宗 work,
 * 工商联, the three venues, the two schools, the two 清廉民企, the practice case), then awards,
 * model sites and instructions credited to the 统战部, towns, villages and people it works
 * with. Beyond what the seed names, titles are illustrative. Ordered most notable first, so a
 * smaller county takes the first few.
 */
async function unitedFrontHonours(s: DemoScope): Promise<Spec[]> {
  const { r, depts } = s;
  const tzb = depts.TZB;
  const pick = <T>(list: readonly T[], i: number): T | null => (list.length ? list[i % list.length] : null);
  // Villages spread over towns, so the model sites are not all in one place.
  const spread = s.towns.flatMap((t, ti) => (s.villagesOf.get(t.id) ?? []).slice(ti % 2, ti % 2 + 1));
  const staff = (await personsUnder(s.db, tzb.path)).slice(0, 8);
  const worthies = sample(r, await personsUnder(s.db, s.county.path, { role: 'worthy' }), 6);
  const person = (list: typeof staff, i: number) => {
    const p = pick(list, i);
    return p ? { personId: p.id, unitId: p.orgUnitId, name: p.name } : null;
  };
  const venue = (i: number) => pick(s.venues, i);
  const school = (i: number) => pick(s.schools, i);
  const enterprise = (i: number) => pick(s.enterprises, i);

  const out: Spec[] = [
    { title: '永康市侨联（侨务）工作获评全省侨联系统先进集体', code: 'XJJT', level: 'provincial', issuer: '浙江省归国华侨联合会', to: tzb, month: 12 },
    { title: '永康市民族宗教工作获评全省民族宗教工作先进集体', code: 'XJJT', level: 'provincial', issuer: '浙江省民族宗教事务委员会', to: tzb, month: 11 },
    { title: '永康市工商联获评全国民企调查点工作先进单位', code: 'XJJT', level: 'national', issuer: '中华全国工商业联合会', to: tzb, month: 9 },
    { title: '《统战元素促进共同富裕的永康探索》入选全省统战工作实践创新案例', code: 'SFD', level: 'provincial', issuer: '中共浙江省委统战部', to: tzb, month: 12 },
    ...[0, 1, 2].map((i): Spec => ({ title: `${venue(i)?.name ?? '宗教活动场所'}获评省级宗教示范场所`, code: 'SFD', level: 'provincial', issuer: '浙江省民族宗教事务委员会', to: venue(i) ?? tzb, month: 10 })),
    ...[0, 1].map((i): Spec => ({ title: `${school(i)?.name ?? '学校'}获评省级民族团结进步重点培育单位`, code: 'SFD', level: 'provincial', issuer: '浙江省民族宗教事务委员会', to: school(i) ?? tzb, month: 8 })),
    ...[0, 1].map((i): Spec => ({ title: `${enterprise(i)?.name ?? '民营企业'}获评金华市级示范型“清廉民企”`, code: 'SFD', level: 'city', issuer: '中共金华市委统战部、金华市工商业联合会', to: enterprise(i) ?? tzb, month: 11 })),
    { title: '承办全国首个省、市、县三级联动“各族群众互嵌式发展计划”培训活动获国家民委肯定', code: 'PS', level: 'national', issuer: '国家民族事务委员会', to: tzb, month: 7 },
    { title: '“千名乡贤助共富”行动获省委统战部领导批示肯定', code: 'PS', level: 'provincial', issuer: '中共浙江省委统战部', to: tzb, month: 6 },
    { title: '“永商会客厅”建设获金华市委领导批示肯定', code: 'PS', level: 'city', issuer: '中共金华市委', to: tzb, month: 8 },
    { title: '“创二代青蓝接力工程”获金华市委统战部领导批示肯定', code: 'PS', level: 'city', issuer: '中共金华市委统战部', to: tzb, month: 5 },
    { title: '“共富直采侨”助农活动获金华市侨联领导批示肯定', code: 'PS', level: 'city', issuer: '金华市归国华侨联合会', to: tzb, month: 10 },
    { title: '“之江同心·丽州石榴红”基地获评金华市民族团结进步教育基地', code: 'SFD', level: 'city', issuer: '金华市民族宗教事务局', to: pick(s.towns, 0) ?? tzb, month: 9 },
    { title: '市新联会获评金华市新的社会阶层人士统战工作实践创新基地', code: 'SFD', level: 'city', issuer: '中共金华市委统战部', to: tzb, month: 7 },
    { title: '“两个健康”永康实践获金华市统战工作实践创新成果奖', code: 'XJJT', level: 'city', issuer: '中共金华市委统战部', to: tzb, month: 12 },
    { title: '市委统战部获评金华市统一战线先进集体', code: 'XJJT', level: 'city', issuer: '中共金华市委统战部', to: tzb, month: 12 },
    ...[0, 1, 2, 3].map((i): Spec => ({ title: `${pick(spread, i)?.name ?? '村（社区）'}获评金华市民族团结进步示范村（社区）`, code: 'SFD', level: 'city', issuer: '金华市民族宗教事务局', to: pick(spread, i) ?? tzb, month: 11 })),
    ...[4, 5, 6].map((i): Spec => ({ title: `${pick(spread, i)?.name ?? '村（社区）'}获评金华市“同心荟”乡贤工作示范点`, code: 'SFD', level: 'city', issuer: '中共金华市委统战部', to: pick(spread, i) ?? tzb, month: 6 })),
    ...[1, 2, 3, 4, 5, 6].map((i): Spec => ({ title: `${pick(s.towns, i)?.name ?? ''}统战工作站获评金华市“同心”共富示范站`, code: 'SFD', level: 'city', issuer: '中共金华市委统战部', to: pick(s.towns, i) ?? tzb, month: 12 })),
    ...[0, 1, 2].map((i): Spec => ({ title: `${person(staff, i)?.name ?? '统战干部'}获评金华市优秀统战干部`, code: 'XJGR', level: 'city', issuer: '中共金华市委统战部', to: person(staff, i) ?? tzb, month: 12 })),
    ...[0, 1, 2, 3].map((i): Spec => ({ title: `${person(worthies, i)?.name ?? '乡贤'}获评金华市“最美乡贤”`, code: 'XJGR', level: 'city', issuer: '中共金华市委统战部', to: person(worthies, i) ?? tzb, month: 9 })),
    ...[4, 5].map((i): Spec => ({ title: `${person(worthies, i)?.name ?? '侨界人士'}获评金华市侨界先进个人`, code: 'XJGR', level: 'city', issuer: '金华市归国华侨联合会', to: person(worthies, i) ?? tzb, month: 10 })),
    { title: `${venue(1)?.name ?? '宗教活动场所'}获评金华市“和谐寺观教堂”`, code: 'SFD', level: 'city', issuer: '金华市民族宗教事务局', to: venue(1) ?? tzb, month: 12 },
    { title: '市工商联获评金华市工商联系统先进集体', code: 'XJJT', level: 'city', issuer: '金华市工商业联合会', to: tzb, month: 12 },
    { title: '九三学社永康市支社获评九三学社浙江省委先进基层组织', code: 'XJJT', level: 'provincial', issuer: '九三学社浙江省委员会', to: tzb, month: 12 },
  ];
  if (out.length !== 45) throw new Error(`demo ledger: ${out.length} united-front honours listed, the seed says 45`);
  return out.slice(0, s.figures.honoursCityAndAbove);
}

/** Honours that do not count toward the 45: 县市级 ones in 2022, and 2021's. */
function otherHonours(s: DemoScope): Spec[] {
  const { r } = s;
  const villages = sample(r, s.villages, s.scaled(16, 3));
  return [
    ...villages.slice(0, Math.ceil(villages.length / 2)).map((v): Spec => ({ title: `${v.name}获评永康市先进基层党组织`, code: 'XJJT', level: 'county', issuer: '中共永康市委', to: v, month: 6 })),
    ...villages.slice(Math.ceil(villages.length / 2)).map((v): Spec => ({ title: `${v.name}获评永康市“文明村（社区）”`, code: 'SFD', level: 'county', issuer: '永康市精神文明建设委员会', to: v, month: 12 })),
    ...s.towns.slice(0, 3).map((t): Spec => ({ title: `${t.name}获评永康市“双建争先”先进镇（街道）`, code: 'XJJT', level: 'county', issuer: '中共永康市委', to: t, month: 12 })),
    { title: '市委统战部获评2021年度金华市统战工作先进单位', code: 'XJJT', level: 'city', issuer: '中共金华市委统战部', to: s.depts.TZB, month: -3 },
    { title: `${s.towns[0].name}党工委获评2021年度金华市先进基层党组织`, code: 'XJJT', level: 'city', issuer: '中共金华市委', to: s.towns[0], month: -6 },
    { title: '“浙里干部之家”应用获金华市委组织部领导批示肯定', code: 'PS', level: 'city', issuer: '中共金华市委组织部', to: s.depts.ZZB, month: -11 },
    { title: '市委宣传部获评2021年度浙江省宣传思想文化工作先进集体', code: 'XJJT', level: 'provincial', issuer: '中共浙江省委宣传部', to: s.depts.XCB, month: -12 },
  ];
}

/** The county's honours; a negative month is in 2021. */
export async function seedHonours(s: DemoScope): Promise<number> {
  const { r } = s;
  const specs = [...(await unitedFrontHonours(s)), ...otherHonours(s)];
  const rows: HonourInsert[] = specs.map((h) => {
    const year = (h.month ?? 1) < 0 ? 2021 : 2022;
    const month = Math.abs(h.month ?? r.int(1, 12));
    const awardedOn = dateIn(r, year, undefined, [month, month]);
    const to = h.to ?? s.depts.TZB;
    const person = 'personId' in to ? to : null;
    return {
      tenantId: s.tenantId,
      categoryId: s.category('honour', h.code),
      orgUnitId: person ? person.unitId : (to as Unit).id,
      title: h.title,
      level: h.level,
      issuer: h.issuer,
      awardedOn,
      recipientType: person ? 'person' : 'unit',
      recipientPersonId: person ? person.personId : null,
      createdAt: at(awardedOn, 16),
      updatedAt: at(awardedOn, 16),
    };
  });
  await s.db.insert(honours).values(rows);
  return rows.length;
}
