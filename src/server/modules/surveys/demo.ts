import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { rng } from '../../db/demo/synthetic';
import type { FieldCrypto } from '../../secrets';
import type { SurveyQuestion } from '../../../shared/surveys';
import { seedIndicator, writeSignedOffFigures } from '../indicators';
import { findUnitsByCodes, unitsOfTypesUnder } from '../org';
import { toScore } from './answers';
import { surveyTargets, surveys } from './surveys.table';
import { CODE_ALPHABET, hashToken, tokenFromSalt } from './tokens';

type Rng = { next(): number; int(min: number, max: number): number; pick<T>(list: readonly T[]): T };

export const DEMO_SURVEY_TITLE = '2022年度村（社区）群众满意度测评';
/** The yearly indicator the demo survey's results are written into (the 服务力指数 reads it). */
export const DEMO_SURVEY_INDICATOR = 'QZPJ_CS';

const PRIORITIES = ['道路交通', '环境卫生', '养老服务', '文化活动', '产业发展', '矛盾调解'];
const QUESTIONS: SurveyQuestion[] = [
  { key: 'overall', type: 'rating', label: '您对本村（社区）党组织和村（社区）干部的总体工作满意吗？', required: true },
  { key: 'service', type: 'rating', label: '您对村（社区）便民服务（代办事项、办事效率）满意吗？', required: true },
  { key: 'environment', type: 'rating', label: '您对村（社区）人居环境和公共设施满意吗？', required: true },
  { key: 'openness', type: 'rating', label: '您对村务（居务）公开和集体资产管理满意吗？', required: true },
  { key: 'priority', type: 'multi', label: '您最希望村（社区）在哪些方面加强？（可多选）', options: PRIORITIES, required: true },
  { key: 'identity', type: 'single', label: '您的身份', options: ['本村（社区）居民', '外来务工人员', '个体工商户或企业主', '其他'], required: false },
  { key: 'comment', type: 'text', label: '您对村（社区）工作还有什么意见和建议？', required: false },
];
const COMMENTS = [
  '希望村里的路灯再多装几盏，晚上出行不方便',
  '垃圾分类做得不错，希望继续保持',
  '老年食堂办得好，希望增加送餐服务',
  '村干部办事热心，为我们代办了医保手续',
  '希望文化礼堂多组织一些活动',
  '停车位紧张，建议规划一下',
  '村务公开栏内容更新不够及时',
  '希望多开展一些技能培训，帮助就业',
  '河道保洁要再加强',
  '调解邻里纠纷很及时，点赞',
  '希望增加健身设施',
  '快递点太远，希望村里设一个代收点',
];

const CLOSED_AT = new Date('2022-12-26T02:00:00Z');

/**
 * The demo county's 2022 satisfaction survey (群众满意度测评): token mode, one target per village and
 * community, run by the county (组织部), closed, with 10–30 synthetic answer sheets per unit; one
 * village also shows a burst from a single phone (12 sheets in four minutes) for the abuse report.
 * Its results are written into a new yearly indicator QZPJ_CS 村（社区）群众满意度 for 2022 the way
 * the 写入指标 action does. Deterministic: every draw comes from a stream of its own with a fixed
 * seed, and every date is fixed — it takes nothing from the demo's shared stream, so the seeders
 * after it (考评排名) get the same data with or without it.
 */
export async function seedSurveyDemo(db: DbOrTx, crypto: FieldCrypto, countyCode: string, opts: { actorName: string }) {
  const own = rng(20_221_226);
  const [county] = await findUnitsByCodes(db, [countyCode]);
  const villages = await unitsOfTypesUnder(db, county.path, ['village', 'community']);
  const [survey] = await db
    .insert(surveys)
    .values({
      tenantId: countyCode,
      ownerUnitId: county.id,
      title: DEMO_SURVEY_TITLE,
      intro: '为了解群众对村（社区）党组织和干部工作的评价，组织部开展本次测评。答卷不记名，每个答题码只能使用一次，请根据实际感受如实填写。',
      questions: QUESTIONS,
      mode: 'token',
      status: 'closed',
      period: '2022',
      version: 3,
      createdAt: new Date('2022-12-01T01:00:00Z'),
      updatedAt: CLOSED_AT,
    })
    .returning({ id: surveys.id });

  // Target codes from the stream; a repeat (40 bits: practically never) is drawn again.
  const codes = new Set<string>();
  const code = () => {
    for (;;) {
      const c = Array.from({ length: 8 }, () => CODE_ALPHABET[Math.floor(own.next() * 32)]).join('');
      if (!codes.has(c)) return codes.add(c), c;
    }
  };
  const targets = await db
    .insert(surveyTargets)
    .values(villages.map((v) => ({ surveyId: survey.id, orgUnitId: v.id, code: code() })))
    .returning({ id: surveyTargets.id, orgUnitId: surveyTargets.orgUnitId });

  // Sheets per unit: a unit's own level of satisfaction, each rating scattered around it.
  const start = Date.parse('2022-12-05T00:00:00Z');
  const span = Date.parse('2022-12-20T12:00:00Z') - start;
  const burstUnit = targets.length ? targets[Math.min(7, targets.length - 1)] : null;
  type Sheet = { targetId: number; orgUnitId: number; answers: Record<string, unknown>; satisfaction: number; createdAt: Date; device: string; ip: string };
  const sheets: Sheet[] = [];
  const tokens: { targetId: number; salt: string; hash: string; usedAt: Date | null }[] = [];
  const rate = (mean: number) => Math.min(5, Math.max(1, Math.round(mean + (own.next() + own.next() + own.next() - 1.5) * 1.3)));
  const sheet = (t: { id: number; orgUnitId: number }, mean: number, at: Date, device: string, ip: string) => {
    const ratings = { overall: rate(mean), service: rate(mean), environment: rate(mean - 0.15), openness: rate(mean - 0.1) };
    const picks = PRIORITIES.filter(() => own.next() < 0.3);
    const answers: Record<string, unknown> = { ...ratings, priority: picks.length ? picks : [own.pick(PRIORITIES)] };
    if (own.next() < 0.8) answers.identity = own.next() < 0.85 ? '本村（社区）居民' : own.pick(['外来务工人员', '个体工商户或企业主', '其他']);
    if (own.next() < 0.15) answers.comment = own.pick(COMMENTS);
    const values = Object.values(ratings);
    sheets.push({ targetId: t.id, orgUnitId: t.orgUnitId, answers, satisfaction: values.reduce((a, b) => a + b, 0) / values.length, createdAt: at, device, ip });
  };
  for (const [i, t] of targets.entries()) {
    const mean = 3.7 + own.next() * 1.2;
    const n = own.int(10, 30);
    const ips = own.int(2, 6);
    for (let k = 0; k < n; k++) sheet(t, mean, new Date(start + Math.floor(own.next() * span)), `u${i}-d${k}`, `u${i}-n${own.int(1, ips)}`);
    if (t === burstUnit) {
      // One phone, twelve tokens, four minutes: the kind of thing the abuse report is for.
      const at = Date.parse('2022-12-18T13:03:00Z');
      for (let k = 0; k < 12; k++) sheet(t, 5, new Date(at + k * 20_000 + own.int(0, 9_000)), `u${i}-burst`, `u${i}-n1`);
    }
  }
  // Every sheet used a token; each unit also has a few tokens handed out but never used.
  const token = (targetId: number, usedAt: Date | null) => {
    const s = salt(own);
    tokens.push({ targetId, salt: s, hash: hashToken(tokenFromSalt(crypto, s)), usedAt });
  };
  for (const s of sheets) token(s.targetId, s.createdAt);
  for (const t of targets) for (let k = own.int(2, 8); k > 0; k--) token(t.id, null);
  // One statement per table, the rows as one JSON parameter: far cheaper than thousands of bound
  // parameters (embedded PGlite parses each one). Sheets find their token by its hash (indexed).
  const issuedAt = '2022-12-02T02:00:00Z';
  await db.execute(
    sql`insert into survey_tokens (survey_id, target_id, salt, token_hash, used_at, created_at)
        select ${survey.id}, x.target_id, x.salt, x.hash, x.used_at, ${issuedAt}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(tokens.map((k) => ({ target_id: k.targetId, salt: k.salt, hash: k.hash, used_at: k.usedAt })))}::jsonb)
          as x(target_id int, salt text, hash text, used_at timestamptz)`,
  );
  const hash = (kind: string, v: string) => crypto.lookupHash(`survey.${kind}:${survey.id}:demo-${v}`);
  await db.execute(
    sql`insert into survey_responses (survey_id, target_id, org_unit_id, answers, satisfaction, token_id, device_hash, ip_hash, created_at)
        select ${survey.id}, x.target_id, x.org_unit_id, x.answers, x.satisfaction, k.id, x.device_hash, x.ip_hash, x.created_at
        from jsonb_to_recordset(${JSON.stringify(
          sheets.map((s, i) => ({
            target_id: s.targetId,
            org_unit_id: s.orgUnitId,
            answers: s.answers,
            satisfaction: s.satisfaction,
            token_hash: tokens[i].hash,
            device_hash: hash('device', s.device),
            ip_hash: hash('ip', s.ip),
            created_at: s.createdAt,
          })),
        )}::jsonb) as x(target_id int, org_unit_id int, answers jsonb, satisfaction float8, token_hash text, device_hash text, ip_hash text, created_at timestamptz)
        join survey_tokens k on k.token_hash = x.token_hash`,
  );

  // The results, written as the 写入指标 action writes them (same SQL mean, same rounding).
  const indicatorId = await seedIndicator(db, countyCode, {
    code: DEMO_SURVEY_INDICATOR,
    name: '村（社区）群众满意度',
    unit: '分',
    dept: 'ZZB',
    periodType: 'year',
    effectiveFrom: '2021',
    aggregation: { kind: 'simple', tree: 'avg', time: 'avg' },
    valueKind: 'decimal',
    minValue: 0,
    maxValue: 100,
    description: '由群众评价问卷结果写入：村（社区）答卷的平均满意度（1–5分）×20；镇街和全市取所辖村（社区）的平均',
  });
  const units = await queryRows<{ orgUnitId: number; n: number; satisfaction: number }>(
    db,
    sql`select org_unit_id as "orgUnitId", count(*)::int as n, avg(satisfaction) as satisfaction from survey_responses
        where survey_id = ${survey.id} and satisfaction is not null group by org_unit_id order by org_unit_id`,
  );
  const title = `群众评价《${DEMO_SURVEY_TITLE}》`;
  if (units.length) {
    await writeSignedOffFigures(
      db,
      { system: true, tenantId: countyCode, displayName: opts.actorName, scopePath: county.path },
      {
        indicatorId,
        period: '2022',
        rows: units.map((u) => ({ orgUnitId: u.orgUnitId, value: toScore(Number(u.satisfaction)), comment: `${title}：${u.n} 份答卷，平均 ${Number(u.satisfaction).toFixed(2)} 分（满分 5 分）` })),
        source: 'survey',
        sourceRef: `survey:${survey.id}`,
        comment: title,
        at: CLOSED_AT,
      },
    );
  }
  return { surveyId: survey.id, targets: targets.length, responses: sheets.length, tokens: tokens.length };
}

function salt(r: Rng): string {
  return Buffer.from(Array.from({ length: 16 }, () => Math.floor(r.next() * 256))).toString('base64url');
}
