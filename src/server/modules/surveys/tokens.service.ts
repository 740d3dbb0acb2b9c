import { sql } from 'drizzle-orm';
import type { Actor, AppContext } from '../../context';
import { queryRows } from '../../db/client';
import { requirePermission } from '../../access';
import { badRequest, conflict } from '../../errors';
import { recordAudit } from '../audit';
import { surveyFor, targetsOf, iso } from './surveys.service';
import type { TokenQuery } from './surveys.schema';
import { formatToken, hashToken, newSalt, publicPath, tokenFromSalt } from './tokens';

/**
 * One-time answer tokens (答题码) for token-mode surveys. A batch is the tokens issued by one
 * request, all stamped with the same time; it can be printed or exported again at any time, since
 * each token is derived from its stored salt (never stored itself). Reading tokens is recorded in
 * the audit log: they are credentials.
 */

/** Most tokens one request may issue, and one print page may show. */
export const MAX_TOKENS_PER_REQUEST = 50_000;
export const MAX_TOKENS_PER_PAGE = 3_000;

/** Issues `count` tokens for each chosen target (every target when none is chosen). */
export async function issueTokens(ctx: AppContext, actor: Actor, id: number, input: { count: number; targetIds?: number[] }) {
  requirePermission(actor, 'manage:surveys');
  return ctx.db.transaction(async (tx) => {
    const s = await surveyFor(tx, actor, id, 'manage', true);
    if (s.row.mode !== 'token') throw conflict('survey.not_token_mode', '该问卷为公开链接方式，不需要答题码');
    const all = await targetsOf(tx, actor, id);
    const chosen = input.targetIds ? all.filter((t) => input.targetIds!.includes(t.targetId)) : all;
    if (input.targetIds && chosen.length !== new Set(input.targetIds).size) throw badRequest('survey.target_not_found', '所选评价对象不属于本问卷');
    if (!chosen.length) throw badRequest('survey.no_targets', '请先选择评价对象');
    if (chosen.length * input.count > MAX_TOKENS_PER_REQUEST) throw badRequest('survey.too_many_tokens', `一次最多生成 ${MAX_TOKENS_PER_REQUEST} 个答题码，请减少数量或分批生成`);
    // One timestamp for the whole batch (the transaction's), so the batch can be found again.
    const [{ at }] = await queryRows<{ at: Date }>(tx, sql`select now() as at`);
    const need = new Map(chosen.map((t) => [t.targetId, input.count]));
    let issued = 0;
    // 60-bit tokens collide only by extreme chance; a collision is simply drawn again.
    for (let attempt = 0; [...need.values()].some((n) => n > 0) && attempt < 5; attempt++) {
      const items = [...need].flatMap(([targetId, n]) => Array.from({ length: n }, () => {
        const salt = newSalt();
        return { target_id: targetId, salt, hash: hashToken(tokenFromSalt(ctx.crypto, salt)) };
      }));
      for (let i = 0; i < items.length; i += 5000) {
        const rows = await queryRows<{ targetId: number }>(
          tx,
          sql`insert into survey_tokens (survey_id, target_id, salt, token_hash, created_at)
              select ${id}, x.target_id, x.salt, x.hash, ${iso(at)}::timestamptz from jsonb_to_recordset(${JSON.stringify(items.slice(i, i + 5000))}::jsonb) as x(target_id int, salt text, hash text)
              on conflict (token_hash) do nothing returning target_id as "targetId"`,
        );
        for (const r of rows) need.set(r.targetId, need.get(r.targetId)! - 1);
        issued += rows.length;
      }
    }
    await recordAudit(tx, actor, {
      action: 'survey.tokens_issue',
      entityType: 'survey',
      entityId: id,
      orgUnitId: s.row.ownerUnitId,
      orgPath: s.ownerPath,
      summary: `为问卷《${s.row.title}》的 ${chosen.length} 个评价对象各生成 ${input.count} 个答题码（共 ${issued} 个）`,
      after: { batch: iso(at), targets: chosen.length, perTarget: input.count, issued },
    });
    return { batch: iso(at)!, targets: chosen.length, issued };
  });
}

/** The batches issued so far, newest first, with how many of each were used. */
export async function tokenBatches(ctx: AppContext, actor: Actor, id: number) {
  requirePermission(actor, 'manage:surveys');
  await surveyFor(ctx.db, actor, id, 'manage');
  const rows = await queryRows<{ at: Date; targets: number; issued: number; used: number }>(
    ctx.db,
    sql`select created_at as at, count(distinct target_id)::int as targets, count(*)::int as issued, count(used_at)::int as used
        from survey_tokens where survey_id = ${id} group by created_at order by created_at desc`,
  );
  return rows.map((r) => ({ batch: iso(r.at)!, targets: r.targets, issued: r.issued, used: r.used }));
}

export interface TokenSheetTarget {
  targetId: number;
  unitName: string;
  parentName: string | null;
  code: string;
  link: string;
  tokens: { token: string; display: string; link: string; used: boolean }[];
}

/**
 * Tokens for printing or export, grouped by target: one batch or all, one target or all, unused
 * ones only unless asked. Derives each token from its salt; writes one audit event.
 */
export async function tokenSheet(ctx: AppContext, actor: Actor, id: number, q: TokenQuery, limit: number, purpose: 'print' | 'export') {
  requirePermission(actor, 'manage:surveys');
  const s = await surveyFor(ctx.db, actor, id, 'manage');
  const targets = await targetsOf(ctx.db, actor, id);
  const chosen = q.targetId ? targets.filter((t) => t.targetId === q.targetId) : targets;
  if (q.targetId && !chosen.length) throw badRequest('survey.target_not_found', '所选评价对象不属于本问卷');
  const rows = await queryRows<{ targetId: number; salt: string; usedAt: Date | null }>(
    ctx.db,
    sql`select target_id as "targetId", salt, used_at as "usedAt" from survey_tokens
        where survey_id = ${id}
          ${q.targetId ? sql`and target_id = ${q.targetId}` : sql``}
          ${q.batch ? sql`and date_trunc('milliseconds', created_at) = ${q.batch}::timestamptz` : sql``}
          ${q.includeUsed === 'true' ? sql`` : sql`and used_at is null`}
        order by target_id, id limit ${limit + 1}`,
  );
  const truncated = rows.length > limit;
  const byTarget = new Map<number, TokenSheetTarget['tokens']>();
  for (const r of rows.slice(0, limit)) {
    const token = tokenFromSalt(ctx.crypto, r.salt);
    const list = byTarget.get(r.targetId) ?? [];
    list.push({ token, display: formatToken(token), link: '', used: r.usedAt != null });
    byTarget.set(r.targetId, list);
  }
  const sheet: TokenSheetTarget[] = chosen
    .filter((t) => byTarget.has(t.targetId))
    .map((t) => ({
      targetId: t.targetId,
      unitName: t.unitName,
      parentName: t.parentName,
      code: t.code,
      link: t.link,
      tokens: byTarget.get(t.targetId)!.map((k) => ({ ...k, link: publicPath(t.code, k.token) })),
    }));
  const count = sheet.reduce((a, t) => a + t.tokens.length, 0);
  if (count) {
    await recordAudit(ctx.db, actor, {
      action: purpose === 'print' ? 'survey.tokens_print' : 'survey.tokens_export',
      entityType: 'survey',
      entityId: id,
      orgUnitId: s.row.ownerUnitId,
      orgPath: s.ownerPath,
      summary: `${purpose === 'print' ? '打印' : '导出'}问卷《${s.row.title}》的答题码 ${count} 个（${sheet.length} 个评价对象）`,
      after: { batch: q.batch ?? null, targetId: q.targetId ?? null, includeUsed: q.includeUsed === 'true', count },
    });
  }
  return { survey: { id: s.row.id, title: s.row.title, intro: s.row.intro, mode: s.row.mode }, truncated, limit, count, targets: sheet };
}
