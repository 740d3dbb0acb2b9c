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
import { badRequest } from '../../errors';
import { getUnitInScope } from '../org';
import { loadDefinitions, writeSignedOffFigures } from '../indicators';
import type { ImportProposal } from '../../../shared/reports';
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
  if (!(input.value >= 0)) throw badRequest('report_import.bad_value', '导入的数值不能为负', [{ path: 'value', message: '导入的数值不能为负' }]);
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
