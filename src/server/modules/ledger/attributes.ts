import type { DbOrTx } from '../../db/client';
import type { AttributeDef } from '../../../shared/ledger';
import { findUnitsByIds } from '../org';
import { personSummaries } from '../people';
import type { FieldIssue } from '../../errors';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks a record's extra attributes against its category's definitions and returns the clean
 * values (numbers as numbers, blanks dropped) with every problem under `attributes.<key>`.
 * Person and unit attributes must name records the actor can see.
 */
export async function checkAttributes(
  db: DbOrTx,
  defs: readonly AttributeDef[],
  input: Record<string, unknown> | undefined,
  scopePath: string,
): Promise<{ values: Record<string, unknown>; issues: FieldIssue[] }> {
  const values: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  const raw = input ?? {};
  for (const key of Object.keys(raw)) {
    if (!defs.some((d) => d.key === key)) issues.push({ path: `attributes.${key}`, message: `该类别没有“${key}”这一属性` });
  }
  for (const d of defs) {
    const v = raw[d.key];
    const path = `attributes.${d.key}`;
    if (v == null || v === '') {
      if (d.required) issues.push({ path, message: `请填写${d.label}` });
      continue;
    }
    switch (d.type) {
      case 'text':
        if (typeof v !== 'string' || v.length > 500) issues.push({ path, message: `${d.label}应为不超过 500 字的文本` });
        else values[d.key] = v.trim();
        break;
      case 'number': {
        const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
        if (!Number.isFinite(n)) issues.push({ path, message: `${d.label}应为数字` });
        else if (d.min != null && n < d.min) issues.push({ path, message: `${d.label}不能小于 ${d.min}` });
        else if (d.max != null && n > d.max) issues.push({ path, message: `${d.label}不能大于 ${d.max}` });
        else values[d.key] = n;
        break;
      }
      case 'date':
        if (typeof v !== 'string' || !DATE.test(v) || Number.isNaN(Date.parse(v))) issues.push({ path, message: `${d.label}应为日期，如 2022-06-30` });
        else values[d.key] = v;
        break;
      case 'choice':
        if (typeof v !== 'string' || !(d.options ?? []).includes(v)) issues.push({ path, message: `${d.label}应为以下之一：${(d.options ?? []).join('、')}` });
        else values[d.key] = v;
        break;
      case 'person': {
        const id = Number(v);
        const [p] = Number.isInteger(id) && id > 0 ? await personSummaries(db, [id]) : [];
        if (!p || !p.path.startsWith(scopePath)) issues.push({ path, message: `${d.label}所选人员不存在或不在您的管辖范围内` });
        else values[d.key] = id;
        break;
      }
      case 'unit': {
        const id = Number(v);
        const [u] = Number.isInteger(id) && id > 0 ? await findUnitsByIds(db, [id]) : [];
        if (!u) issues.push({ path, message: `${d.label}所选单位不存在` });
        else values[d.key] = id;
        break;
      }
    }
  }
  return { values, issues };
}
