import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { queryRows } from '../../db/client';
import { unitNameOf } from '../org';
import { AppError, badRequest, conflict, fieldError, notFound, type FieldIssue } from '../../errors';
import { SURVEY_MODE_ZH, SURVEY_STATUS_ZH, type SurveyMode, type SurveyQuestion } from '../../../shared/surveys';
import { checkAnswers } from './answers';
import { AnswerWriter, type WriteOutcome } from './answer-writer';
import { RateLimiter } from './rate-limit';
import type { AnswerPost } from './surveys.schema';
import type { SurveyStatus } from './surveys.service';
import { TARGET_CODE_PATTERN, hashToken, normalizeToken } from './tokens';

/**
 * The respondent's side, reached with nothing but a target's public code (and, in token mode, a
 * one-time token): no session, no account. Nothing about a respondent is kept but keyed hashes of
 * their device id and network address (per survey, so they cannot be linked across surveys), for
 * the one-per-device rule and the abuse report — never the address itself.
 */

/** Open-link (device mode) answers one address may send to one survey per window, per instance. */
export const IP_LIMIT = 30;
export const IP_WINDOW_MS = 60_000;
/** How long a target's survey stays cached; questions never change once a survey has opened. */
const CACHE_MS = 5_000;

interface PublicTarget {
  surveyId: number;
  targetId: number;
  orgUnitId: number;
  code: string;
  unitName: string;
  title: string;
  intro: string | null;
  questions: SurveyQuestion[];
  mode: SurveyMode;
  status: SurveyStatus;
}

const unknownCode = () => notFound('survey.not_found', '问卷链接无效，请核对链接或重新扫码');
const notOpen = (t: PublicTarget) =>
  t.status === 'closed'
    ? new AppError(410, 'survey.closed', '本次评价已结束，感谢您的关注', { title: t.title, unitName: t.unitName })
    : new AppError(410, 'survey.not_open', '本次评价尚未开始，请在通知的时间后再打开', { title: t.title, unitName: t.unitName });

export class PublicSurveys {
  private cache = new Map<string, { t: PublicTarget; until: number }>();
  readonly limiter = new RateLimiter(IP_LIMIT, IP_WINDOW_MS);
  readonly writer: AnswerWriter;

  constructor(private readonly ctx: AppContext, kind: 'pglite' | 'postgres') {
    this.writer = new AnswerWriter(ctx.db, kind === 'postgres' ? 4 : 1);
  }

  /**
   * A target by its public code. Cached for a few seconds per instance: the questions of an open
   * survey are fixed, and whether it is still open is checked again where the sheet is written.
   */
  private async target(rawCode: string): Promise<PublicTarget> {
    const code = rawCode.toUpperCase();
    if (!TARGET_CODE_PATTERN.test(code)) throw unknownCode();
    const now = Date.now();
    const hit = this.cache.get(code);
    if (hit && hit.until > now) return hit.t;
    const [t] = await queryRows<PublicTarget>(
      this.ctx.db,
      sql`select s.id as "surveyId", g.id as "targetId", g.org_unit_id as "orgUnitId", g.code, ${unitNameOf('"g"."org_unit_id"')} as "unitName", s.title, s.intro, s.questions, s.mode, s.status
          from survey_targets g join surveys s on s.id = g.survey_id
          where g.code = ${code} and s.archived_at is null`,
    );
    if (!t) throw unknownCode();
    if (this.cache.size > 20_000) this.cache.clear();
    this.cache.set(code, { t, until: now + CACHE_MS });
    return t;
  }

  /** Forgets cached targets of a survey whose status changed on this instance. */
  forget(surveyId: number) {
    for (const [code, e] of this.cache) if (e.t.surveyId === surveyId) this.cache.delete(code);
  }

  deviceHash = (surveyId: number, deviceId: string) => this.ctx.crypto.lookupHash(`survey.device:${surveyId}:${deviceId}`);
  ipHash = (surveyId: number, ip: string) => this.ctx.crypto.lookupHash(`survey.ip:${surveyId}:${ip}`);

  /**
   * What the answer page shows: the survey, the unit asked about and the questions; whether this
   * device has answered already (open links), and the state of a token passed in the link.
   */
  async view(code: string, deviceId: string, rawToken?: string) {
    const t = await this.target(code);
    if (t.status !== 'open') throw notOpen(t);
    let answered = false;
    if (t.mode === 'device') {
      const [r] = await queryRows<{ id: number }>(this.ctx.db, sql`select id from survey_responses where survey_id = ${t.surveyId} and device_hash = ${this.deviceHash(t.surveyId, deviceId)} limit 1`);
      answered = r != null;
    }
    let token: { state: 'unused' | 'used' | 'invalid' } | null = null;
    if (t.mode === 'token' && rawToken) {
      const normal = normalizeToken(rawToken);
      const [row] = normal ? await queryRows<{ targetId: number; used: boolean }>(this.ctx.db, sql`select target_id as "targetId", used_at is not null as used from survey_tokens where token_hash = ${hashToken(normal)}`) : [];
      token = { state: !row || row.targetId !== t.targetId ? 'invalid' : row.used ? 'used' : 'unused' };
    }
    return {
      code: t.code,
      title: t.title,
      intro: t.intro,
      unitName: t.unitName,
      mode: t.mode,
      modeName: SURVEY_MODE_ZH[t.mode],
      status: t.status,
      statusName: SURVEY_STATUS_ZH[t.status],
      questions: t.questions.map((q) => ({ key: q.key, type: q.type, label: q.label, options: q.options ?? [], required: q.required })),
      answered,
      token,
    };
  }

  /** Checks and stores one answer sheet; answers once it is committed (or why it was refused). */
  async answer(code: string, input: AnswerPost, deviceId: string, ip: string) {
    const t = await this.target(code);
    if (t.status !== 'open') throw notOpen(t);
    const issues: FieldIssue[] = [];
    let tokenHash: string | null = null;
    if (t.mode === 'token') {
      const normal = input.token ? normalizeToken(input.token) : null;
      if (!input.token?.trim()) issues.push({ path: 'token', message: '请输入答题码' });
      else if (!normal) issues.push({ path: 'token', message: '答题码应为 12 位字母和数字，如 ABCD-EFGH-JKMN，请核对' });
      else tokenHash = hashToken(normal);
    }
    const checked = checkAnswers(t.questions, input.answers);
    if (!checked.ok) issues.push(...checked.issues);
    if (issues.length || !checked.ok) throw badRequest('survey.answers_invalid', issues.length === 1 ? issues[0].message : `有 ${issues.length} 处需要修改：${issues[0].message}`, issues);
    const ipHash = this.ipHash(t.surveyId, ip);
    if (t.mode === 'device') {
      const slot = this.limiter.take(ipHash);
      if (!slot.ok) throw new AppError(429, 'survey.rate_limited', `提交过于频繁，请 ${slot.retryAfterSeconds} 秒后再试`, { retryAfterSeconds: slot.retryAfterSeconds });
    }
    const outcome = await this.writer.submit({
      surveyId: t.surveyId,
      targetId: t.targetId,
      orgUnitId: t.orgUnitId,
      answers: checked.value.answers,
      satisfaction: checked.value.satisfaction,
      tokenHash,
      deviceHash: this.deviceHash(t.surveyId, deviceId),
      ipHash,
      onePerDevice: t.mode === 'device',
    });
    if (outcome !== 'stored') throw this.refusal(t, outcome);
    return { ok: true as const, message: '提交成功，感谢您的评价！', unitName: t.unitName };
  }

  private refusal(t: PublicTarget, outcome: Exclude<WriteOutcome, 'stored'>): AppError {
    switch (outcome) {
      case 'closed':
        this.forget(t.surveyId);
        return notOpen({ ...t, status: 'closed' });
      case 'token_used':
        return conflict('survey.token_used', '该答题码已经使用过，每个答题码只能提交一次。如需评价，请向发放答题码的单位另行领取');
      case 'token_invalid':
        return fieldError('survey.token_invalid', 'token', '答题码无效，请核对后重新输入（答题码只能用于发放它的村、社区）');
      case 'device_used':
        return conflict('survey.already_answered', '您已经提交过本次评价，每台手机只能提交一次，感谢您的参与');
    }
  }
}
