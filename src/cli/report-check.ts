// `lizhou report check DRAFT.txt [--year 2022] [--unit 单位编码] [--json]`: fact-checks (数据核验) a
// draft against the ledger and prints the verdict per figure claim. Exit code 1 when any figure is
// a mismatch, so a script can stop a wrong draft going out; 0 otherwise (unknowns do not fail).
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Config } from '../server/config';
import { openRuntime } from '../server/runtime';
import { queryRows, type DbOrTx } from '../server/db/client';
import { findUnitsByCodes } from '../server/modules/org';
import { factCheck, type CheckedClaim, type FactCheckReport } from '../server/modules/reports/factcheck';
import { docxToText } from '../server/modules/reports/export/docx-read';

export interface CheckOptions {
  year?: string;
  json?: boolean;
  /** Unit code to check at (default: the county, the first root unit). */
  unit?: string;
}

/** Reads a draft: plain text (UTF-8) or a Word .docx. Throws a clear message for anything else. */
export async function readDraft(file: string | undefined, usage = '用法：lizhou report check DRAFT.txt|DRAFT.docx [--year 2022] [--json]'): Promise<string> {
  if (!file) throw new Error(usage);
  const ext = extname(file).toLowerCase();
  if (ext === '.txt') return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  if (ext === '.docx') {
    try {
      return await docxToText(readFileSync(file));
    } catch (e) {
      throw new Error(e instanceof Error ? `${e.message}：${file}` : String(e));
    }
  }
  throw new Error(`只支持 .txt 和 .docx 文件：${file}`);
}

export function parseYear(year: string | undefined): number {
  const y = Number(year ?? '2022');
  if (!Number.isInteger(y) || y < 2000 || y > 2100) throw new Error(`--year 应为四位年份：${year}`);
  return y;
}

const VERDICT_LABEL: Record<CheckedClaim['verdict'], string> = { verified: '✓ 核实', mismatch: '✗ 不符', unknown: '? 未知' };

/** The report as printed: one line per claim, tab-separated, then the tally. */
export function formatReport(r: FactCheckReport): string {
  const lines = [`数据核验：${r.orgUnit.name} ${r.year}年`, ['位置', '结论', '原文', '台账数值', '应写作', '来源', '所在短句'].join('\t')];
  for (const c of r.claims) {
    const src = c.source ? `${c.source.code} ${c.source.name}（${c.source.unit}，${c.source.period}${c.source.peerGroup ? `，${c.source.peerGroup}` : ''}）` : (c.reason ?? '-');
    const note = c.verdict === 'unknown' && c.source ? `${src} ${c.reason ?? ''}` : src;
    lines.push([`${c.start}-${c.end}`, VERDICT_LABEL[c.verdict], c.text, c.actual ?? '-', c.verdict === 'mismatch' ? c.suggestion : (c.expected ?? '-'), note, c.phrase].join('\t'));
  }
  lines.push(`共 ${r.claims.length} 处：核实 ${r.counts.verified}，不符 ${r.counts.mismatch}，未知 ${r.counts.unknown}`);
  return lines.join('\n');
}

/** The unit checked at and its tenant: --unit, or the first root unit (the county of a single-county install). */
async function resolveUnit(db: DbOrTx, code?: string): Promise<{ tenantId: string; id: number }> {
  if (code) {
    const [u] = await findUnitsByCodes(db, [code]);
    if (!u) throw new Error(`单位编码 ${code} 不存在`);
    return { tenantId: u.tenantId, id: u.id };
  }
  const [u] = await queryRows<{ id: number; tenant_id: string }>(db, sql`select id, tenant_id from org_units where parent_id is null order by id limit 1`);
  if (!u) throw new Error('数据库中还没有组织架构（先运行 lizhou seed demo 或 lizhou start）');
  return { tenantId: u.tenant_id, id: u.id };
}

/** Checks a draft on an open database; prints the report; returns the exit code (1 on any mismatch). */
export async function checkDraft(db: DbOrTx, text: string, opts: CheckOptions, print: (s: string) => void = console.log): Promise<number> {
  const year = parseYear(opts.year);
  const unit = await resolveUnit(db, opts.unit);
  const report = await factCheck(db, unit.tenantId, year, text, { orgUnitId: unit.id });
  print(opts.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.counts.mismatch > 0 ? 1 : 0;
}

/** The command: validates the file before opening the configured database. */
export async function reportCheck(config: Config, file: string | undefined, opts: CheckOptions): Promise<number> {
  const text = await readDraft(file);
  parseYear(opts.year);
  const { ctx, database } = await openRuntime(config);
  try {
    return await checkDraft(ctx.db, text, opts);
  } finally {
    await database.close();
  }
}
