import { z } from 'zod';

/** Public evaluation (群众评价) questionnaires: question types and the definitions the API accepts. */
export const QUESTION_TYPES = ['single', 'multi', 'rating', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const QUESTION_TYPE_ZH: Record<QuestionType, string> = { single: '单选', multi: '多选', rating: '1–5分评分', text: '文字意见' };

export const SurveyQuestionSchema = z
  .object({
    key: z
      .string()
      .trim()
      .min(1, '请填写题目编号')
      .max(30)
      .regex(/^[A-Za-z0-9_-]+$/, '题目编号只能包含字母、数字、下划线和短横线'),
    type: z.enum(QUESTION_TYPES),
    label: z.string().trim().min(1, '请填写题目').max(200, '题目最多200个字'),
    options: z.array(z.string().trim().min(1, '选项不能为空').max(60, '选项最多60个字')).max(20, '最多20个选项').optional(),
    required: z.boolean().default(true),
  })
  .superRefine((q, ctx) => {
    if ((q.type === 'single' || q.type === 'multi') && (q.options?.length ?? 0) < 2) ctx.addIssue({ code: 'custom', message: '选择题至少需要两个选项', path: ['options'] });
    if (q.options && new Set(q.options).size !== q.options.length) ctx.addIssue({ code: 'custom', message: '选项不能重复', path: ['options'] });
  });
export type SurveyQuestion = z.infer<typeof SurveyQuestionSchema>;

export const SURVEY_MODES = ['token', 'device'] as const;
export type SurveyMode = (typeof SURVEY_MODES)[number];
export const SURVEY_MODE_ZH: Record<SurveyMode, string> = { token: '一次性答题码（每码限答一次）', device: '公开链接（每台设备限答一次，限流）' };
export const SURVEY_STATUS_ZH = { draft: '草稿', open: '收集中', closed: '已结束' } as const;
