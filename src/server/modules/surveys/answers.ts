import type { FieldIssue } from '../../errors';
import type { SurveyQuestion } from '../../../shared/surveys';

/** Longest text answer, in characters. */
export const TEXT_ANSWER_MAX = 500;

export type AnswerValue = string | string[] | number;

export interface CheckedAnswers {
  /** Normalized: trimmed text, options as given, unanswered optional questions left out. */
  answers: Record<string, AnswerValue>;
  /** Mean of the 1–5 rating answers; null when none was rated. */
  satisfaction: number | null;
}

const empty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/**
 * Checks a respondent's answers against the questions (pure; the answer service and its tests use
 * it). Every problem is reported at once as a field issue `answers.<key>` with a Chinese message,
 * so the page can show each next to its question.
 */
export function checkAnswers(questions: readonly SurveyQuestion[], raw: Record<string, unknown>): { ok: true; value: CheckedAnswers } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const answers: Record<string, AnswerValue> = {};
  const ratings: number[] = [];
  const known = new Set(questions.map((q) => q.key));
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) issues.push({ path: `answers.${key}`, message: '问卷中没有这道题，请刷新页面后重新填写' });
  }
  questions.forEach((q, i) => {
    const path = `answers.${q.key}`;
    const v = raw[q.key];
    const n = `第${i + 1}题`;
    if (empty(v)) {
      if (q.required) issues.push({ path, message: q.type === 'text' ? `${n}为必答题，请填写` : `${n}为必答题，请选择` });
      return;
    }
    switch (q.type) {
      case 'single':
        if (typeof v !== 'string' || !q.options?.includes(v)) issues.push({ path, message: `${n}请从给出的选项中选择一项` });
        else answers[q.key] = v;
        return;
      case 'multi': {
        const list = Array.isArray(v) ? v : [v];
        if (!list.every((x) => typeof x === 'string' && q.options?.includes(x))) issues.push({ path, message: `${n}请从给出的选项中选择` });
        else if (new Set(list).size !== list.length) issues.push({ path, message: `${n}的选项不能重复` });
        else answers[q.key] = list as string[];
        return;
      }
      case 'rating':
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 5) issues.push({ path, message: `${n}请打 1 到 5 分` });
        else {
          answers[q.key] = v;
          ratings.push(v);
        }
        return;
      case 'text': {
        if (typeof v !== 'string') {
          issues.push({ path, message: `${n}请填写文字` });
          return;
        }
        const text = v.trim();
        // Counted in characters as people see them (an emoji is one), not UTF-16 units.
        if ([...text].length > TEXT_ANSWER_MAX) issues.push({ path, message: `${n}最多填写 ${TEXT_ANSWER_MAX} 个字，当前 ${[...text].length} 个字` });
        else answers[q.key] = text;
        return;
      }
    }
  });
  if (issues.length) return { ok: false, issues };
  return { ok: true, value: { answers, satisfaction: ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null } };
}

/** 1–5 satisfaction as a score out of 100 (百分制), two decimals. */
export const toScore = (satisfaction: number): number => Math.round(satisfaction * 20 * 100) / 100;
