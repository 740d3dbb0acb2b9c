import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { deflatedZip, lyingAboutSize } from './testing/zip-bomb';
import { readSheet, writeSheet } from './xlsx';

const COLUMNS = [
  { key: 'name', header: '姓名' },
  { key: 'note', header: '备注' },
];

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('s');
  ws.addRow(['姓名', '备注']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('reading an uploaded .xlsx', () => {
  it('reads rows by header, and takes a formula cell only as its cached result, never its formula', async () => {
    const buf = await workbook([
      ['甲', { formula: 'HYPERLINK("http://evil.example","点我")', result: '点我' }],
      ['乙', { formula: '1+1' }],
    ]);
    const rows = await readSheet(buf, COLUMNS, ['name']);
    expect(rows).toEqual([
      { line: 2, values: { name: '甲', note: '点我' } },
      { line: 3, values: { name: '乙', note: '' } },
    ]);
  });

  it('refuses a zip bomb before the spreadsheet library inflates it, whatever size it declares', async () => {
    const honest = deflatedZip('xl/worksheets/sheet1.xml', Buffer.alloc(3 * 1024 * 1024));
    for (const bomb of [honest, lyingAboutSize(honest, 1000)]) {
      const e = await refusal(readSheet(bomb, COLUMNS, ['name'], { maxInflatedBytes: 1024 * 1024 }));
      expect(e.status).toBe(413);
      expect(e.code).toBe('import.too_large');
      expect(e.message).toContain('请拆分');
    }
  });

  it('refuses a file that is not a workbook with a Chinese message', async () => {
    for (const junk of [Buffer.from('姓名,备注\n甲,乙'), Buffer.from('PK\x03\x04garbage')]) {
      const e = await refusal(readSheet(junk, COLUMNS, ['name']));
      expect(e.code).toBe('import.not_xlsx');
      expect(e.message).toContain('.xlsx');
    }
    // A zip that holds no workbook.
    const e = await refusal(readSheet(deflatedZip('hello.txt', Buffer.from('hi')), COLUMNS, ['name']));
    expect(e.code).toBe('import.empty');
    expect(e.message).toBe('文件中没有工作表');
  });

  it('refuses more rows than one import takes, saying how many there are', async () => {
    const buf = await workbook(Array.from({ length: 12 }, (_, i) => [`人${i}`, '']));
    const e = await refusal(readSheet(buf, COLUMNS, ['name'], { maxRows: 10 }));
    expect(e.code).toBe('import.too_many_rows');
    expect(e.message).toContain('12 行');
    expect(await readSheet(buf, COLUMNS, ['name'], { maxRows: 12 })).toHaveLength(12);
  });
});

describe('writing an exported .xlsx', () => {
  it('writes what users typed as text: a leading = never becomes a formula, markup stays characters', async () => {
    const typed = ['=HYPERLINK("http://evil.example","点我")', '+1+cmd|\' /C calc\'!A0', '@SUM(1,1)', '<img src=x onerror=alert(1)>'];
    const file = await writeSheet('导出', COLUMNS, typed.map((note, i) => ({ name: `张${i}`, note })));
    // The raw sheet XML holds no formula element at all.
    const sheetXml = await (await JSZip.loadAsync(file)).file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheetXml).not.toMatch(/<f[\s>]/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    const cells = typed.map((_, i) => wb.worksheets[0].getRow(i + 2).getCell(2));
    expect(cells.map((c) => c.type)).toEqual(typed.map(() => ExcelJS.ValueType.String));
    expect(cells.map((c) => c.value)).toEqual(typed);
  });
});
