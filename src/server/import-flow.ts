import { createHash } from 'node:crypto';
import type { Db, Tx } from './db/client';
import { badRequest, conflict } from './errors';
import type { RowIssue } from './xlsx';

export type ImportMode = 'preview' | 'valid-only' | 'all-or-nothing';

/** What every import reports, in preview and after applying. */
export interface ImportReport {
  mode: ImportMode;
  total: number;
  valid: number;
  invalid: number;
  issues: RowIssue[];
  /** Rows written; 0 for a preview, and for all-or-nothing when any row is bad. */
  applied: number;
  /** Pass back with the apply request: it refuses if the file or the data changed since. */
  previewToken: string;
}

/**
 * Runs one import in a single transaction: validate every row against the current data, then
 * (unless previewing) write the valid rows. "all-or-nothing" writes nothing when any row is bad;
 * "valid-only" writes exactly the rows the preview called valid — if the preview no longer
 * matches (file edited, data changed), it refuses rather than import something not shown.
 */
export async function runImport<T>(opts: {
  db: Db;
  file: Buffer;
  mode: ImportMode;
  previewToken?: string;
  validate: (tx: Tx) => Promise<{ total: number; valid: T[]; issues: RowIssue[] }>;
  /** What applying a valid row would do ("create", "rename v3"…): part of the preview token. */
  describe?: (row: T) => string;
  apply: (tx: Tx, rows: T[]) => Promise<number>;
}): Promise<ImportReport> {
  return opts.db.transaction(async (tx) => {
    const { total, valid, issues } = await opts.validate(tx);
    issues.sort((a, b) => a.line - b.line);
    const token = createHash('sha256')
      .update(createHash('sha256').update(opts.file).digest('hex'))
      .update(JSON.stringify(issues))
      .update(JSON.stringify(opts.describe ? valid.map(opts.describe) : valid.length))
      .digest('hex')
      .slice(0, 32);
    const badLines = new Set(issues.map((i) => i.line));
    const report: ImportReport = {
      mode: opts.mode,
      total,
      valid: total - badLines.size,
      invalid: badLines.size,
      issues,
      applied: 0,
      previewToken: token,
    };
    if (opts.mode === 'preview') return report;
    if (!opts.previewToken) {
      throw badRequest('import.preview_required', '请先上传预览，确认检查结果后再导入');
    }
    if (opts.previewToken !== token) {
      throw conflict('import.preview_stale', '文件或数据在预览后已发生变化，请重新预览后再导入');
    }
    if (opts.mode === 'all-or-nothing' && issues.length > 0) return report;
    report.applied = await opts.apply(tx, valid);
    return report;
  });
}
