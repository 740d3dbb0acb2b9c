/**
 * The demo county's cadre records: career entries (posts, ranks, training with hours, annual
 * evaluations) for every demo cadre (a current 'cadre' role in the registry), some care records
 * and correction requests, and the 容错澄清 cases behind "累计容错4名干部" — the four 2022 cases the
 * ledger demo used to hold (same matters and dates), one clarification (2021), one case found not
 * applicable and one still under investigation. A personal account `cadre` is linked to a demo
 * cadre of the town account's town who has a dispatch. Draws come from this module's own random
 * stream, so no other demo figure moves; all people are the registry's synthetic ones.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { queryRows, type DbOrTx } from '../../db/client';
import { rng, type Rng } from '../../db/demo/synthetic';
import { createUserAsSystem } from '../auth';
import { seedDerivedCountyFigures } from '../indicators';
import { dispatchesOfPerson } from '../mobilization';
import { findUnitsByCodes, findUnitsByIds, unitsOfTypesUnder } from '../org';
import type { CareKind, EvaluationGrade, FtOutcome, FtRequestKind } from '../../../shared/cadres';
import { cadreCareerEntries, cadreCorrections, careRecords, faultToleranceCases, faultToleranceDecisions } from './cadres.table';
import { cadresUnder, type CadreRow } from '../people';

/** "累计容错4名干部": the matters and application dates of the 2022 cases (as ledger/demo/cases.ts had them). */
const FAULT_TOLERANCE_2022 = [
  ['对某镇干部在企业帮扶中先行先试出现失误予以容错', '2022-05-16', 'town'],
  ['对某街道干部在城市有机更新征迁中程序瑕疵予以容错', '2022-07-08', 'street'],
  ['对某部门干部在疫情防控物资紧急采购中的失误予以容错', '2022-09-02', 'department'],
  ['对某镇干部在招商项目推进中超前决策失误予以容错', '2022-11-21', 'town'],
] as const;

const COMMITTEE = '永康市容错免责和澄清正名工作领导小组';

const TRAININGS: readonly (readonly [string, number, 'county' | 'ZZB'])[] = [
  ['市委党校中青年干部培训班', 48, 'county'],
  ['学习贯彻党的二十大精神专题轮训', 16, 'ZZB'],
  ['浙江省干部网络学院在线学习', 24, 'ZZB'],
  ['数字化改革专题培训', 12, 'county'],
  ['基层治理能力提升培训班', 32, 'ZZB'],
  ['五金产业转型升级专题研修', 16, 'county'],
  ['“浙里干部之家”应用操作培训', 8, 'ZZB'],
  ['安全生产和应急管理专题培训', 12, 'county'],
];

const CARE: readonly (readonly [CareKind, string, string, string | null])[] = [
  ['visit', '春节前走访慰问，了解家庭生活情况', '镇党委书记', null],
  ['talk', '岗位调整前谈心谈话，听取本人意见', '市委组织部干部科', null],
  ['health_check', '组织参加年度健康体检', '市委组织部', '体检结果已反馈本人'],
  ['hardship', '家属患病住院，协调办理医疗救助', '市委组织部干部科', '每季度回访一次'],
  ['visit', '一线派驻期间走访慰问', '派驻单位党委', null],
  ['talk', '提拔任职前廉政谈话', '市纪委市监委派驻纪检组', null],
];

const pad = (n: number) => String(n).padStart(2, '0');
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const minDate = (a: string, b: string) => (a < b ? a : b);
/** 09:30 China Standard Time on `date`, as an instant. */
const at = (date: string, hour = 9) => new Date(`${date}T${pad(hour)}:30:00+08:00`);

function grade(r: Rng): EvaluationGrade {
  const x = r.next();
  return x < 0.2 ? '优秀' : x < 0.985 ? '称职' : '基本称职';
}

/** Inserts in chunks (PGlite and PostgreSQL both cap a statement's parameters). */
async function insertChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 500) await write(rows.slice(i, i + 500));
}

export interface CadresDemoAccount {
  username: string;
  displayName: string;
  unitCode: string;
  unitName: string;
}

export async function seedCadresDemo(ctx: AppContext, db: DbOrTx, countyCode: string, opts: { actorName: string; townCode: string; password: string }) {
  const r = rng(20221109);
  const [county] = await findUnitsByCodes(db, [countyCode]);
  const [zzb] = await findUnitsByCodes(db, [`${countyCode}-ZZB`]);
  const cadres = (await cadresUnder(db, countyCode, county.path, undefined, { limit: 1_000_000, offset: 0 })).rows.sort((a, b) => a.personId - b.personId);
  const areas = await unitsOfTypesUnder(db, county.path, ['town', 'street', 'department']);
  const areaOf = (c: CadreRow) => areas.find((a) => c.path.startsWith(a.path));

  // ---- career entries for every cadre
  type Entry = typeof cadreCareerEntries.$inferInsert;
  const entries: Entry[] = [];
  for (const c of cadres) {
    const mine: Entry[] = [];
    const e = (x: Omit<Entry, 'tenantId' | 'personId' | 'createdBy' | 'createdAt' | 'updatedAt'>) => {
      const row: Entry = { tenantId: countyCode, personId: c.personId, createdBy: opts.actorName, createdAt: at(x.startDate), updatedAt: at(x.startDate), ...x };
      mine.push(row);
    };
    const unit = c.postUnitId ?? c.orgUnitId;
    const post = c.post ?? '科员';
    // Earlier posts and ranks only where the person was of working age then (the registry's ages are synthetic).
    const firstJob = Number(c.birthMonth.slice(0, 4)) + 22;
    const earlier = (from: number, to: number) => r.int(Math.max(from, firstJob), Math.max(to, firstJob));
    const postYear = earlier(2011, 2015);
    if (post !== '科员' && postYear <= 2017) e({ kind: 'post', title: '科员', orgUnitId: unit, startDate: `${postYear}-${pad(r.int(1, 12))}-01`, endDate: '2017-12-31' });
    e({ kind: 'post', title: post, orgUnitId: unit, startDate: '2018-01-01' });
    const rankYear = r.int(2019, 2022);
    const rankMonth = pad(r.int(1, 12));
    const firstRank = earlier(2012, 2016);
    if (firstRank < rankYear) e({ kind: 'rank', title: '二级科员', startDate: `${firstRank}-07-01`, endDate: addDays(`${rankYear}-${rankMonth}-01`, -1) });
    e({ kind: 'rank', title: c.rank ?? '一级科员', startDate: `${rankYear}-${rankMonth}-01` });
    for (const year of [2021, 2022, 2023]) {
      const n = r.int(1, 3);
      const picked = new Set<number>();
      for (let i = 0; i < n; i++) picked.add(r.int(0, TRAININGS.length - 1));
      for (const k of picked) {
        const [title, hours, by] = TRAININGS[k];
        const start = `${year}-${pad(r.int(3, 11))}-${pad(r.int(1, 25))}`;
        e({ kind: 'training', title, orgUnitId: by === 'ZZB' ? (zzb?.id ?? county.id) : county.id, startDate: start, endDate: hours >= 24 ? addDays(start, Math.ceil(hours / 8) - 1) : start, hours });
      }
      e({ kind: 'evaluation', title: `${year}年度考核`, startDate: `${year + 1}-01-${pad(r.int(15, 28))}`, grade: grade(r), note: `${year}年度公务员（参公人员）年度考核` });
    }
    entries.push(...mine);
  }

  // ---- the personal account's cadre: in the town account's town, with a dispatch if any has one.
  // The authorization-matrix test links its own personal account to the town's first person, so
  // that one is passed over here (an account per person).
  const [town] = await findUnitsByCodes(db, [opts.townCode]);
  const [{ first }] = await queryRows<{ first: number | null }>(db, sql`select min(p.id) as first from persons p join org_units o on o.id = p.org_unit_id where o.path like ${town.path + '%'}`);
  // Of working age over the whole record (2011–2023) where the town has such a cadre, so the demo's career reads true.
  const born = (c: CadreRow) => Number(c.birthMonth.slice(0, 4));
  const inTown = cadres.filter((c) => c.path.startsWith(town.path) && c.personId !== first);
  const fit = inTown.filter((c) => born(c) >= 1966 && born(c) <= 1988);
  const candidates = fit.length ? fit : inTown;
  let me = candidates[0] ?? cadres.find((c) => c.personId !== first)!;
  for (const c of candidates) {
    if ((await dispatchesOfPerson(db, c.personId)).length) {
      me = c;
      break;
    }
  }

  // ---- care records: the account's cadre has three; about one cadre in twelve has one or two.
  type Care = typeof careRecords.$inferInsert;
  const care: Care[] = [];
  const careFor = (c: CadreRow, k: number, date: string) => {
    const [kind, summary, byWhom, followUp] = CARE[k];
    care.push({ tenantId: countyCode, personId: c.personId, kind, occurredOn: date, byWhom, summary, followUp, createdBy: opts.actorName, createdAt: at(date, 16) });
  };
  careFor(me, 0, '2022-01-25');
  careFor(me, 2, '2022-09-14');
  careFor(me, 4, '2022-11-03');
  for (const c of cadres) {
    if (c === me || r.next() >= 1 / 12) continue;
    const n = r.int(1, 2);
    for (let i = 0; i < n; i++) careFor(c, r.int(0, CARE.length - 1), `${r.int(2021, 2023)}-${pad(r.int(1, 12))}-${pad(r.int(1, 28))}`);
  }

  const others = cadres.filter((c) => c !== me).slice(0, 12);
  await insertChunks(entries, (chunk) => db.insert(cadreCareerEntries).values(chunk));
  await insertChunks(care, (chunk) => db.insert(careRecords).values(chunk));
  const ids = await queryRows<{ id: number; personId: number; kind: string; title: string; startDate: string; hours: number | null; grade: string | null }>(
    db,
    sql`select id, person_id as "personId", kind, title, start_date::text as "startDate", hours::float8 as hours, grade from cadre_career_entries where tenant_id = ${countyCode} and person_id in (${sql.join(
      [me, ...others].map((c) => sql`${c.personId}`),
      sql`, `,
    )}) order by id`,
  );
  const entryOf = (personId: number, kind: string) => ids.filter((e) => e.personId === personId && e.kind === kind);

  // ---- correction requests: the account's cadre had one accepted (the hours were corrected);
  // others wait in the queue, one was not accepted.
  const corrections: (typeof cadreCorrections.$inferInsert)[] = [];
  const myTraining = entryOf(me.personId, 'training')[0];
  if (myTraining) {
    const corrected = (myTraining.hours ?? 0) + 8;
    await db.execute(sql`update cadre_career_entries set hours = ${corrected}, version = 2, updated_at = ${at('2023-02-14', 15).toISOString()}::timestamptz where id = ${myTraining.id}`);
    corrections.push({
      tenantId: countyCode,
      personId: me.personId,
      subject: `career:${myTraining.id}`,
      subjectLabel: `培训：${myTraining.title}（${myTraining.startDate}）`,
      requested: `学时应为 ${corrected} 学时`,
      reason: '结业证书载明的学时与系统记录不一致',
      status: 'accepted',
      response: '已核对培训班结业名册，学时已更正',
      handledBy: opts.actorName,
      handledAt: at('2023-02-14', 15),
      version: 2,
      createdAt: at('2023-02-10', 10),
    });
  }
  const [a, b, c] = others;
  const aTraining = a && entryOf(a.personId, 'training')[0];
  if (aTraining) {
    corrections.push({ tenantId: countyCode, personId: a.personId, subject: `career:${aTraining.id}`, subjectLabel: `培训：${aTraining.title}（${aTraining.startDate}）`, requested: `结束日期应为 ${addDays(aTraining.startDate, 4)}`, reason: '培训班实际为期五天', createdAt: at('2024-03-05', 10) });
  }
  if (b) corrections.push({ tenantId: countyCode, personId: b.personId, subject: 'profile', subjectLabel: '基本信息', requested: '现任职务应为办公室副主任', reason: '2023年已调整工作岗位，见任职通知', createdAt: at('2024-03-12', 10) });
  const cEval = c && entryOf(c.personId, 'evaluation').find((e) => e.title.startsWith('2022'));
  if (cEval) {
    corrections.push({
      tenantId: countyCode,
      personId: c.personId,
      subject: `career:${cEval.id}`,
      subjectLabel: `年度考核：${cEval.title}（${cEval.startDate}）`,
      requested: '考核等次应为优秀',
      status: 'rejected',
      response: '经核对2022年度考核结果通报，该同志考核等次为称职，原记录无误',
      handledBy: opts.actorName,
      handledAt: at('2023-03-08', 15),
      version: 2,
      createdAt: at('2023-03-01', 10),
    });
  }
  if (corrections.length) await db.insert(cadreCorrections).values(corrections);

  // ---- 容错澄清 cases
  const used = new Set<number>([me.personId]);
  const pick = (type: string, avoidArea?: number) => {
    const fits = cadres.filter((x) => !used.has(x.personId) && areaOf(x)?.type === type && areaOf(x)?.id !== avoidArea);
    const any = cadres.filter((x) => !used.has(x.personId));
    const chosen = (fits.length ? fits : any)[fits.length ? r.int(0, fits.length - 1) : 0];
    used.add(chosen.personId);
    return chosen;
  };
  interface PlannedCase {
    person: CadreRow;
    kind: FtRequestKind;
    matter: string;
    applicant: string;
    appliedOn: string;
    investigation: string;
    investigatedOn: string;
    decisions: { outcome: FtOutcome; grounds: string; decidedOn: string; changeReason?: string }[];
  }
  const planned: PlannedCase[] = [];
  FAULT_TOLERANCE_2022.forEach(([title, appliedOn, type], i) => {
    const person = i === 0 && areaOf(me)?.type === 'town' ? me : pick(type, areaOf(me)?.id);
    const matter = title.replace(/^对某(镇|街道|部门)干部/, '').replace(/予以容错$/, '');
    const decidedOn = minDate(addDays(appliedOn, r.int(20, 40)), '2022-12-31');
    const investigatedOn = minDate(addDays(appliedOn, r.int(8, 15)), decidedOn);
    const grounds = `经调查核实，该同志${matter}，属于在推进改革发展中为担当作为、出于公心造成的失误，未谋取私利，未造成重大损失且已积极采取措施挽回影响，符合《永康市干部容错免责实施办法》规定的容错情形，依规予以容错免责。`;
    const decisions: PlannedCase['decisions'] = [{ outcome: 'tolerated', grounds, decidedOn }];
    // One decision was changed (same outcome, corrected grounds): the first stays on record.
    if (i === 1) {
      decisions[0] = { outcome: 'tolerated', grounds: grounds.replace('《永康市干部容错免责实施办法》', '《永康市干部容错免责实施办法（试行）》第五条'), decidedOn: addDays(decidedOn, -3) };
      decisions.push({ outcome: 'tolerated', grounds, decidedOn, changeReason: '原决定援引的条款有误，依领导小组会议纪要更正认定依据，结论不变' });
    }
    planned.push({ person, kind: 'tolerance', matter: `${matter}，申请容错免责`, applicant: i % 2 ? '所在单位党（工）委' : '本人', appliedOn, investigation: `市委组织部会同市纪委市监委调阅相关资料、听取所在单位和本人说明，查明${matter}的经过、动机和后果，未发现谋取私利情形。`, investigatedOn, decisions });
  });
  planned.push({
    person: pick('town', areaOf(me)?.id),
    kind: 'clarification',
    matter: '被匿名举报在征迁工作中优亲厚友，申请澄清正名',
    applicant: '所在单位党委',
    appliedOn: '2021-10-11',
    investigation: '经调阅征迁档案、走访征迁户，举报反映的问题不属实。',
    investigatedOn: '2021-11-05',
    decisions: [{ outcome: 'clarified', grounds: '经核查，举报反映问题不属实，依规在一定范围内予以澄清正名，消除不良影响。', decidedOn: '2021-11-19' }],
  });
  planned.push({
    person: pick('town', areaOf(me)?.id),
    kind: 'tolerance',
    matter: '在村级工程项目审批中未按规定履行集体决策程序，申请容错免责',
    applicant: '本人',
    appliedOn: '2022-06-13',
    investigation: '经调查，该同志明知须经集体研究，仍个人决定审批，程序违规情形清楚。',
    investigatedOn: '2022-07-01',
    decisions: [{ outcome: 'not_applicable', grounds: '该同志明知规定仍擅自决定，不符合“出于公心、未谋私利、程序基本合规”的容错条件，不予容错，按有关规定处理。', decidedOn: '2022-07-22' }],
  });
  planned.push({
    person: pick('department'),
    kind: 'tolerance',
    matter: '在企业纾困资金拨付中因政策理解偏差造成程序瑕疵，申请容错免责',
    applicant: '所在单位党组',
    appliedOn: '2023-04-10',
    investigation: '正在调阅资金拨付档案、听取相关企业和经办人员意见。',
    investigatedOn: '2023-04-21',
    decisions: [],
  });
  for (const p of planned) {
    const decided = p.decisions.length > 0;
    const [row] = await db
      .insert(faultToleranceCases)
      .values({
        tenantId: countyCode,
        personId: p.person.personId,
        orgUnitId: p.person.orgUnitId,
        requestKind: p.kind,
        matter: p.matter,
        appliedOn: p.appliedOn,
        applicant: p.applicant,
        status: decided ? 'decided' : 'investigating',
        investigation: p.investigation,
        investigatedBy: '市委组织部干部监督科',
        investigatedOn: p.investigatedOn,
        version: 2 + p.decisions.length,
        createdBy: opts.actorName,
        createdAt: at(p.appliedOn),
      })
      .returning({ id: faultToleranceCases.id });
    let previous: number | null = null;
    for (const d of p.decisions) {
      const [dec]: { id: number }[] = await db
        .insert(faultToleranceDecisions)
        .values({ caseId: row.id, outcome: d.outcome, grounds: d.grounds, committee: COMMITTEE, decidedOn: d.decidedOn, supersedesId: previous, changeReason: previous ? d.changeReason! : null, decidedBy: opts.actorName, createdAt: at(d.decidedOn, 17) })
        .returning({ id: faultToleranceDecisions.id });
      previous = dec.id;
    }
  }

  // RCCQ_JS is derived from these decisions: store the county's figures like the other derived ones.
  for (const period of ['2021', '2022']) await seedDerivedCountyFigures(db, countyCode, ['RCCQ_JS'], period);

  // ---- the personal account (must change its password at first login, like every demo account)
  const [home] = await findUnitsByIds(db, [me.orgUnitId]);
  const account: CadresDemoAccount = { username: 'cadre', displayName: `${me.name}（演示）`, unitCode: home.code, unitName: home.name };
  await createUserAsSystem(ctx, { username: account.username, displayName: account.displayName, orgUnitCode: home.code, role: 'personal', personId: me.personId, password: opts.password, via: '演示数据' }, db);
  return { account, personId: me.personId, cadres: cadres.length, entries: entries.length, care: care.length, corrections: corrections.length, cases: planned.length };
}
