import ExcelJS from 'exceljs';
import { AppError, badRequest } from './errors';
import { checkZipInflation, ZipTooLarge } from './zip-guard';

/** One data row of an uploaded sheet: `line` is the Excel row number the user sees. */
export interface SheetRow {
  line: number;
  values: Record<string, string>;
}

/** A problem with one cell of an import, reported back by Excel row and column header. */
export interface RowIssue {
  line: number;
  column: string;
  message: string;
}

export interface ColumnSpec {
  key: string;
  header: string;
  width?: number;
}

/** Most a workbook may inflate to, and most data rows one import takes. */
export const MAX_XLSX_INFLATED_BYTES = 256 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('text' in v && typeof v.text === 'string') return v.text.trim();
    if ('richText' in v) return v.richText.map((r) => r.text).join('').trim();
    if ('result' in v) return String(v.result ?? '').trim();
    return String(cell.text ?? '').trim();
  }
  return String(v).trim();
}

/**
 * Reads the first sheet. Row 1 is the header; columns are matched by header text, so users may
 * reorder them or add their own. Missing required headers are refused outright.
 */
export async function readSheet(buffer: Buffer, columns: ColumnSpec[], required: string[], limits: { maxInflatedBytes?: number; maxRows?: number } = {}): Promise<SheetRow[]> {
  // Checked before ExcelJS sees the file: it would inflate a zip bomb whole.
  try {
    await checkZipInflation(buffer, limits.maxInflatedBytes ?? MAX_XLSX_INFLATED_BYTES);
  } catch (e) {
    if (e instanceof ZipTooLarge) throw new AppError(413, 'import.too_large', '文件解压后超过256MB，请拆分成几个文件分别导入');
    throw badRequest('import.not_xlsx', '无法读取文件：请上传 Excel (.xlsx) 文件');
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw badRequest('import.not_xlsx', '无法读取文件：请上传 Excel (.xlsx) 文件');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw badRequest('import.empty', '文件中没有工作表');
  const headerIndex = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => headerIndex.set(cellText(cell).replace(/\*$/, ''), col));
  const missing = columns.filter((c) => required.includes(c.key) && !headerIndex.has(c.header));
  if (missing.length) {
    throw badRequest(
      'import.missing_columns',
      `表头缺少必需的列：${missing.map((c) => c.header).join('、')}。请使用下载的模板`,
      missing.map((c) => ({ path: c.key, message: `缺少列「${c.header}」` })),
    );
  }
  const maxRows = limits.maxRows ?? MAX_IMPORT_ROWS;
  if (ws.actualRowCount - 1 > maxRows) throw badRequest('import.too_many_rows', `文件有 ${ws.actualRowCount - 1} 行数据，单次最多导入 ${maxRows} 行，请拆分后分别导入`);
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, line) => {
    if (line === 1) return;
    const values: Record<string, string> = {};
    let any = false;
    for (const c of columns) {
      const col = headerIndex.get(c.header);
      const text = col ? cellText(row.getCell(col)) : '';
      values[c.key] = text;
      if (text) any = true;
    }
    if (any) rows.push({ line, values });
  });
  return rows;
}

/** A workbook with one sheet, a bold frozen header, and `*` marking required columns. */
export async function writeSheet(
  sheetName: string,
  columns: ColumnSpec[],
  rows: Record<string, unknown>[],
  required: string[] = [],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '丽州';
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({
    key: c.key,
    header: required.includes(c.key) ? `${c.header}*` : c.header,
    width: c.width ?? 16,
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  // Text format for code-like columns so Excel keeps leading zeros and long digit strings.
  for (const c of columns) ws.getColumn(c.key).numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Several sheets in one workbook (e.g. a headline, a drill-down and the figures behind it). */
export async function writeWorkbook(sheets: { name: string; columns: ColumnSpec[]; rows: Record<string, unknown>[] }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '丽州';
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.columns.map((c) => ({ key: c.key, header: c.header, width: c.width ?? 16 }));
    ws.getRow(1).font = { bold: true };
    for (const r of sheet.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
