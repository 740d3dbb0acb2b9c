import { z } from 'zod';
import { SURVEY_MODES, SurveyQuestionSchema } from '../../../shared/surveys';
import { parsePeriod } from '../../../shared/periods';

const id = z.number({ error: '请选择' }).int().positive();
const version = z.number().int().positive();
const period = z
  .string()
  .trim()
  .refine((v) => parsePeriod(v) != null, '期次格式应为 2022、2022H1、2022Q3 或 2022-07');

export const IdParam = z.object({ id: z.coerce.number().int().positive() });
export const CodeParam = z.object({ code: z.string().max(20) });

const questions = z
  .array(SurveyQuestionSchema)
  .min(1, '请至少添加一道题')
  .max(50, '最多 50 道题')
  .superRefine((qs, ctx) => {
    const seen = new Set<string>();
    qs.forEach((q, i) => {
      if (seen.has(q.key)) ctx.addIssue({ code: 'custom', message: `题目编号「${q.key}」重复`, path: [i, 'key'] });
      seen.add(q.key);
    });
  });

const fields = {
  title: z.string().trim().min(1, '请填写问卷标题').max(100, '问卷标题不能超过 100 个字'),
  intro: z.string().trim().max(1000, '问卷说明不能超过 1000 个字').nullable().optional(),
  questions,
  mode: z.enum(SURVEY_MODES, { error: '请选择答题方式' }),
  /** The period its results are written for as indicator values, e.g. 2022. */
  period: period.nullable().optional(),
  /** Units asked about, each under the owner unit. */
  targetUnitIds: z.array(id).max(5000, '评价对象最多 5000 个').optional(),
  /** Adds every village and community under each of these units. */
  villagesUnderIds: z.array(id).max(200).optional(),
};

export const SurveyCreateSchema = z.object({
  ...fields,
  /** The unit that runs the survey; the account's own unit when left out. */
  ownerUnitId: id.optional(),
});
export type SurveyCreate = z.infer<typeof SurveyCreateSchema>;

export const SurveyUpdateSchema = z.object({
  version,
  title: fields.title.optional(),
  intro: fields.intro,
  questions: questions.optional(),
  mode: fields.mode.optional(),
  period: fields.period,
  /** The full list of target units wanted (replaces; once collecting, units can only be added). */
  targetUnitIds: fields.targetUnitIds,
  villagesUnderIds: fields.villagesUnderIds,
});
export type SurveyUpdate = z.infer<typeof SurveyUpdateSchema>;

export const VersionSchema = z.object({ version });

export const SurveyListQuerySchema = z.object({
  status: z.enum(['draft', 'open', 'closed']).optional(),
  q: z.string().trim().max(50).optional(),
});

export const TokenIssueSchema = z.object({
  /** Tokens per target. */
  count: z.number({ error: '请填写每个单位的答题码数量' }).int('数量应为整数').min(1, '每个单位至少 1 个').max(500, '每个单位每次最多 500 个'),
  /** Survey target ids; every target when left out. */
  targetIds: z.array(z.number().int().positive()).max(5000).optional(),
});

export const TokenQuerySchema = z.object({
  /** A batch is the tokens issued together: their issue time (ISO), from the batch list. */
  batch: z.iso.datetime({ offset: true, error: '批次格式不正确' }).optional(),
  targetId: z.coerce.number().int().positive().optional(),
  includeUsed: z.enum(['true', 'false']).optional(),
});
export type TokenQuery = z.infer<typeof TokenQuerySchema>;

export const AbuseQuerySchema = z.object({
  /** Answers to one target within one minute above which the minute is reported. */
  perMinute: z.coerce.number().int().min(2).max(10_000).default(10),
  /** Answers from one device above which it is reported. */
  perDevice: z.coerce.number().int().min(1).max(10_000).default(2),
  /** Answers from one network address above which it is reported. */
  perIp: z.coerce.number().int().min(2).max(100_000).default(20),
});
export type AbuseQuery = z.infer<typeof AbuseQuerySchema>;

export const WriteIndicatorSchema = z.object({ indicatorId: id });

// ---- public answering ----

export const PublicViewQuerySchema = z.object({ t: z.string().max(40).optional() });

export const AnswerPostSchema = z.object({
  /** The one-time token, as typed or from the link (token mode only). */
  token: z.string().max(40).optional(),
  /** Question key → answer: an option, a list of options, a rating 1–5, or text. */
  answers: z.record(z.string().max(30), z.unknown()),
});
export type AnswerPost = z.infer<typeof AnswerPostSchema>;
