/**
 * Importing an old summary (导入往年综述): the fact-checker's extraction and matching propose an
 * indicator value for each figure of a past year's text; nothing is written until a user
 * confirms a row, and then only that figure, as a signed-off value whose source is the document
 * (indicators' writeSignedOffFigures: a figure collected by a task, or written from another
 * source, is never overwritten). Approximate figures (余/超/近/约) are not values and are refused.
 */
import type { Actor } from '../../context';
import type { DbOrTx } from '../../db/client';
import { requirePermission } from '../../access';
import { badRequest, notFound } from '../../errors';
import { getUnitInScope } from '../org';
import { loadDefinitions, writeSignedOffFigures } from '../indicators';
import type { ImportProposal } from '../../../shared/reports';
import { extractClaims } from './extract';
import { factCheck } from './factcheck';
import { unitScale } from './indicator-match';

export async function proposeImport(db: DbOrTx, actor: Actor, input: { year: number; text: string; unitId?: number }): Promise<{ proposals: ImportProposal[] }> {
  requirePermission(actor, 'define:indicators');
  const unit = await getUnitInScope(db, actor, input.unitId ?? actor.orgUnitId);
  const [report, defs] = [await factCheck(db, actor.tenantId, input.year, input.text, { orgUnitId: unit.id }), await loadDefinitions(db, actor.tenantId)];
  const proposals = report.claims.map((c): ImportProposal => {
    const base = { text: c.text, phrase: c.phrase, start: c.start, end: c.end };
    if (c.kind === 'change' || c.kind === 'ranking') return { ...base, status: 'unmatched', reason: c.kind === 'change' ? '同比变化不是指标数值，不能导入' : '排名请在“兄弟县市排名”中录入' };
    const def = c.source ? defs.get(c.source.code) : undefined;
    if (!def) return { ...base, status: 'unmatched', reason: c.reason ?? '没有对应的指标' };
    const indicator = { id: def.row.id, code: def.row.code, name: def.row.name, unit: def.row.unit };
    const value = c.value / unitScale(def.row.unit);
    const existing = c.actual == null ? null : c.actual / unitScale(def.row.unit);
    const blocked = (reason: string): ImportProposal => ({ ...base, indicator, value, existing, status: 'blocked', reason });
    if (c.qualifier) return blocked(`“${c.text}”是约数（${c.qualifier}），不能作为准确数值写入`);
    if (def.row.source !== 'entered') return blocked(`「${def.row.name}」由系统自动统计，不能导入`);
    if (def.row.periodType !== 'year') return blocked(`「${def.row.name}」不是年度指标，年度综述中的数字不能写入`);
    if (existing == null) return { ...base, indicator, value, existing, status: 'new' };
    return { ...base, indicator, value, existing, status: Math.abs(existing - value) < 1e-9 ? 'same' : 'differs' };
  });
  return { proposals };
}

export async function confirmImport(db: DbOrTx, actor: Actor, input: { year: number; indicatorId: number; value: number; documentTitle: string; claimText: string; unitId?: number }) {
  requirePermission(actor, 'define:indicators');
  const unit = await getUnitInScope(db, actor, input.unitId ?? actor.orgUnitId);
  // This year's and later figures come from collection, not from a summary of a past year.
  const thisYear = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
  if (input.year >= thisYear) throw badRequest('report_import.not_past_year', `只能导入往年（${thisYear}年以前）的综述`, [{ path: 'year', message: `只能导入往年（${thisYear}年以前）的综述` }]);
  // The value must be an exact figure the quoted text states, in the indicator's unit.
  const [indicator] = [...(await loadDefinitions(db, actor.tenantId)).values()].filter((d) => d.row.id === input.indicatorId);
  if (!indicator) throw notFound('indicator.not_found', '指标不存在');
  const stated = extractClaims(input.claimText).filter((c) => c.kind !== 'change' && c.kind !== 'ranking');
  const match = stated.find((c) => Math.abs(c.value / unitScale(indicator.row.unit) - input.value) < 1e-9 * Math.max(1, input.value));
  if (!match) throw badRequest('report_import.value_not_in_text', `原文“${input.claimText.slice(0, 40)}”中没有${input.value}${indicator.row.unit}这个数`, [{ path: 'value', message: '数值与原文不符' }]);
  if (match.qualifier) throw badRequest('report_import.approximate', `“${match.text}”是约数（${match.qualifier}），不能作为准确数值写入`, [{ path: 'value', message: '约数不能写入' }]);
  const written = await writeSignedOffFigures(db, actor, {
    indicatorId: input.indicatorId,
    period: String(input.year),
    rows: [{ orgUnitId: unit.id, value: input.value }],
    source: 'document',
    sourceRef: `document:${input.documentTitle}`,
    comment: `据《${input.documentTitle}》：“${input.claimText}”`,
  });
  return { indicatorId: input.indicatorId, period: String(input.year), value: input.value, written };
}
