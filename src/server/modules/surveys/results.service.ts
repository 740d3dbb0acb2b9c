import { sql } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows } from '../../db/client';
import { requirePermission } from '../../access';
import { conflict } from '../../errors';
import { recordAudit } from '../audit';
import { writeSignedOffFigures } from '../indicators';
import { QUESTION_TYPE_ZH, type SurveyQuestion } from '../../../shared/surveys';
import type { ColumnSpec } from '../../xlsx';
import { toScore } from './answers';
import type { AbuseQuery } from './surveys.schema';
import { iso, surveyFor, targetsOf, type TargetInfo } from './surveys.service';

/**
 * Results per target unit, the abuse report, and results written into an indicator.
 *
 * A unit's satisfaction is the mean, over its answer sheets, of each sheet's mean rating (1–5);
 * sheets without a rating do not count. As a score out of 100 (百分制) it is that mean × 20, to two
 * decimals — the figure written into an indicator.
 */

/** Answers per option (single, multi), per score 1–5 (rating), or given at all (text). */
export type Distribution = Record<string, number>;

export interface UnitResult extends TargetInfo {
  score: number | null;
  questions: Record<string, Distribution>;
}

/** How often each option or score was chosen, per target, for every question but free text. */
async function distributions(ctx: AppContext, surveyId: number, questions: readonly SurveyQuestion[], targetIds: readonly number[]) {
  const keys = questions.map((q) => q.key);
  const out = new Map<number, Record<string, Distribution>>();
  if (!keys.length || !targetIds.length) return out;
  const textKeys = new Set(questions.filter((q) => q.type === 'text').map((q) => q.key));
  // Keys are [A-Za-z0-9_-] (SurveyQuestionSchema), safe in an array literal.
  const rows = await queryRows<{ targetId: number; key: string; value: string; n: number }>(
    ctx.db,
    sql`select r.target_id as "targetId", e.key, case when e.key = any(${`{${[...textKeys].join(',')}}`}::text[]) then '' else coalesce(m.v, e.value #>> '{}') end as value, count(*)::int as n
        from survey_responses r
        cross join lateral jsonb_each(r.answers) e
        left join lateral jsonb_array_elements_text(case when jsonb_typeof(e.value) = 'array' then e.value else '[]'::jsonb end) m(v) on true
        where r.survey_id = ${surveyId} and r.target_id = any(${`{${targetIds.join(',')}}`}::int[]) and e.key = any(${`{${keys.join(',')}}`}::text[])
        group by 1, 2, 3`,
  );
  for (const r of rows) {
    const unit = out.get(r.targetId) ?? {};
    const d = (unit[r.key] ??= {});
    // Free text is counted (answered or not), never grouped by its content.
    d[textKeys.has(r.key) ? 'answered' : r.value] = (d[textKeys.has(r.key) ? 'answered' : r.value] ?? 0) + r.n;
    out.set(r.targetId, unit);
  }
  return out;
}

/** Sum of distributions over units. */
function addUp(list: Record<string, Distribution>[]): Record<string, Distribution> {
  const total: Record<string, Distribution> = {};
  for (const unit of list) {
    for (const [key, d] of Object.entries(unit)) {
      const t = (total[key] ??= {});
      for (const [v, n] of Object.entries(d)) t[v] = (t[v] ?? 0) + n;
    }
  }
  return total;
}

/**
 * Results for the targets in the actor's subtree: each unit's sheets, satisfaction (1–5), score
 * (百分制) and per-question distributions, and the same over all of them. Free-text answers are
 * shown to the survey's managers only (the latest 200).
 */
export async function surveyResults(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'read:assessment');
  const s = await surveyFor(ctx.db, actor, id, 'read');
  const questions = s.row.questions;
  const targets = await targetsOf(ctx.db, actor, id);
  const dist = await distributions(ctx, id, questions, targets.map((t) => t.targetId));
  const units: UnitResult[] = targets.map((t) => ({ ...t, score: t.satisfaction == null ? null : toScore(t.satisfaction), questions: dist.get(t.targetId) ?? {} }));
  const [overall] = await queryRows<{ n: number; satisfaction: number | null }>(
    ctx.db,
    sql`select count(*)::int as n, avg(satisfaction) as satisfaction from survey_responses where survey_id = ${id} and target_id = any(${`{${targets.map((t) => t.targetId).join(',')}}`}::int[])`,
  );
  const satisfaction = overall.satisfaction == null ? null : Number(overall.satisfaction);
  const manage = s.owns && actor.permissions.includes('manage:surveys');
  const textKeys = questions.filter((q) => q.type === 'text').map((q) => q.key);
  const comments =
    manage && textKeys.length && targets.length
      ? await queryRows<{ targetId: number; key: string; text: string; at: Date }>(
          ctx.db,
          sql`select r.target_id as "targetId", e.key, e.value #>> '{}' as text, r.created_at as at
              from survey_responses r cross join lateral jsonb_each(r.answers) e
              where r.survey_id = ${id} and e.key = any(${`{${textKeys.join(',')}}`}::text[]) and (e.value #>> '{}') <> ''
              order by r.created_at desc, r.id desc limit 200`,
        )
      : [];
  const unitName = new Map(targets.map((t) => [t.targetId, t.unitName]));
  const label = new Map(questions.map((q) => [q.key, q.label]));
  return {
    survey: { id: s.row.id, title: s.row.title, period: s.row.period, status: s.row.status, mode: s.row.mode, canManage: manage },
    questions: questions.map((q) => ({ key: q.key, type: q.type, typeName: QUESTION_TYPE_ZH[q.type], label: q.label, options: q.options ?? [], required: q.required })),
    totals: { responses: overall.n, satisfaction, score: satisfaction == null ? null : toScore(satisfaction), questions: addUp(units.map((u) => u.questions)) },
    units,
    comments: comments.map((c) => ({ unitName: unitName.get(c.targetId) ?? '', question: label.get(c.key) ?? c.key, text: c.text, at: iso(c.at)! })),
  };
}

type Results = Awaited<ReturnType<typeof surveyResults>>;

/** The results as two sheets: one row per unit, and one row per unit, question and option. */
export function resultSheets(r: Results): { name: string; columns: ColumnSpec[]; rows: Record<string, unknown>[] }[] {
  const fixed = (n: number | null, digits: number) => (n == null ? '' : Number(n.toFixed(digits)));
  const ratingCols = r.questions.filter((q) => q.type === 'rating');
  const mean = (d: Distribution | undefined) => {
    if (!d) return null;
    let sum = 0;
    let n = 0;
    for (const [v, c] of Object.entries(d)) {
      sum += Number(v) * c;
      n += c;
    }
    return n ? sum / n : null;
  };
  const units = [
    ...r.units.map((u) => ({ parent: u.parentName ?? '', unit: u.unitName, responses: u.responses, satisfaction: fixed(u.satisfaction, 2), score: fixed(u.score, 2), ...Object.fromEntries(ratingCols.map((q) => [`q_${q.key}`, fixed(mean(u.questions[q.key]), 2)])) })),
    { parent: '', unit: '合计', responses: r.totals.responses, satisfaction: fixed(r.totals.satisfaction, 2), score: fixed(r.totals.score, 2), ...Object.fromEntries(ratingCols.map((q) => [`q_${q.key}`, fixed(mean(r.totals.questions[q.key]), 2)])) },
  ];
  const options: Record<string, unknown>[] = [];
  for (const u of [...r.units.map((x) => ({ name: x.unitName, questions: x.questions })), { name: '合计', questions: r.totals.questions }]) {
    for (const q of r.questions) {
      const d = u.questions[q.key] ?? {};
      const answered = q.type === 'multi' ? null : Object.values(d).reduce((a, b) => a + b, 0);
      const values = q.type === 'rating' ? ['5', '4', '3', '2', '1'] : q.type === 'text' ? ['answered'] : q.options;
      for (const v of values) {
        options.push({
          unit: u.name,
          question: q.label,
          type: q.typeName,
          option: q.type === 'rating' ? `${v}分` : q.type === 'text' ? '填写了意见' : v,
          count: d[v] ?? 0,
          share: answered ? `${(((d[v] ?? 0) / answered) * 100).toFixed(1)}%` : '',
        });
      }
    }
  }
  return [
    {
      name: '各单位结果',
      columns: [
        { key: 'parent', header: '所属镇街', width: 14 },
        { key: 'unit', header: '评价对象', width: 20 },
        { key: 'responses', header: '答卷数', width: 10 },
        { key: 'satisfaction', header: '平均满意度（1–5分）', width: 18 },
        { key: 'score', header: '百分制得分', width: 12 },
        ...ratingCols.map((q) => ({ key: `q_${q.key}`, header: `${q.label}（平均分）`, width: 24 })),
      ],
      rows: units,
    },
    {
      name: '选项分布',
      columns: [
        { key: 'unit', header: '评价对象', width: 20 },
        { key: 'question', header: '题目', width: 36 },
        { key: 'type', header: '题型', width: 10 },
        { key: 'option', header: '选项', width: 20 },
        { key: 'count', header: '人次', width: 8 },
        { key: 'share', header: '占比', width: 8 },
      ],
      rows: options,
    },
  ];
}

/**
 * Answers that arrived suspiciously: minutes in which one target took more than `perMinute`
 * sheets, and devices or network addresses (as short keyed-hash labels) behind more than
 * `perDevice` / `perIp` sheets. Only a survey's managers see it.
 */
export async function abuseReport(ctx: AppContext, actor: Actor, id: number, q: AbuseQuery) {
  requirePermission(actor, 'manage:surveys');
  await surveyFor(ctx.db, actor, id, 'manage');
  const targets = await targetsOf(ctx.db, actor, id);
  const name = new Map(targets.map((t) => [t.targetId, t.unitName]));
  const bursts = await queryRows<{ targetId: number; minute: Date; n: number }>(
    ctx.db,
    sql`select target_id as "targetId", date_trunc('minute', created_at) as minute, count(*)::int as n
        from survey_responses where survey_id = ${id}
        group by 1, 2 having count(*) > ${q.perMinute} order by n desc, minute limit 200`,
  );
  const sources = (column: 'device_hash' | 'ip_hash', above: number) =>
    queryRows<{ hash: string; n: number; targetIds: number[]; first: Date; last: Date }>(
      ctx.db,
      sql`select ${sql.identifier(column)} as hash, count(*)::int as n, array_agg(distinct target_id) as "targetIds", min(created_at) as first, max(created_at) as last
          from survey_responses where survey_id = ${id} and ${sql.identifier(column)} is not null
          group by 1 having count(*) > ${above} order by n desc limit 100`,
    );
  const shape = (rows: Awaited<ReturnType<typeof sources>>) =>
    rows.map((r) => ({ label: r.hash.slice(0, 8), count: r.n, units: r.targetIds.map((t) => name.get(Number(t)) ?? '').filter(Boolean), first: iso(r.first)!, last: iso(r.last)! }));
  return {
    thresholds: q,
    bursts: bursts.map((b) => ({ targetId: b.targetId, unitName: name.get(b.targetId) ?? '', minute: iso(b.minute)!, count: b.n })),
    devices: shape(await sources('device_hash', q.perDevice)),
    addresses: shape(await sources('ip_hash', q.perIp)),
  };
}

/**
 * Writes each target unit's score (百分制) for the survey's period into an indicator, as signed-off
 * figures with source 'survey' (indicators/external-figures.service.ts keeps the indicator rules).
 * Only a closed survey with a period; writing again replaces this survey's own earlier figures.
 */
export async function writeResultsToIndicator(ctx: AppContext, actor: Actor, id: number, indicatorId: number) {
  requirePermission(actor, 'manage:surveys');
  return ctx.db.transaction(async (tx) => {
    const s = await surveyFor(tx, actor, id, 'manage', true);
    if (s.row.status !== 'closed') throw conflict('survey.not_closed', '请先结束收集，再把结果写入指标');
    if (!s.row.period) throw conflict('survey.period_missing', '请先在问卷中填写评价期次（如 2022），结果将写入该期次');
    const units = await queryRows<{ orgUnitId: number; n: number; satisfaction: number }>(
      tx,
      sql`select org_unit_id as "orgUnitId", count(*)::int as n, avg(satisfaction) as satisfaction from survey_responses
          where survey_id = ${id} and satisfaction is not null group by org_unit_id order by org_unit_id`,
    );
    if (!units.length) throw conflict('survey.no_results', '还没有含评分的答卷，没有可写入的结果');
    const title = `群众评价《${s.row.title}》`;
    const written = await writeSignedOffFigures(tx, actor, {
      indicatorId,
      period: s.row.period,
      rows: units.map((u) => ({ orgUnitId: u.orgUnitId, value: toScore(Number(u.satisfaction)), comment: `${title}：${u.n} 份答卷，平均 ${Number(u.satisfaction).toFixed(2)} 分（满分 5 分）` })),
      source: 'survey',
      sourceRef: `survey:${id}`,
      comment: title,
      allowedTreeRules: ['avg', 'max', 'min'],
    });
    await recordAudit(tx, actor, {
      action: 'survey.write_indicator',
      entityType: 'survey',
      entityId: id,
      orgUnitId: s.row.ownerUnitId,
      orgPath: s.ownerPath,
      summary: `将问卷《${s.row.title}》${units.length} 个单位的结果写入指标「${written.indicator.name}」（${s.row.period}）`,
      after: { indicatorId, period: s.row.period, units: units.length, created: written.created, replaced: written.replaced },
    });
    return written;
  });
}
