import { Document, Packer, Paragraph, TextRun } from 'docx';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../errors';
import { docxToText, documentXmlToText, MAX_DOCX_BYTES } from './docx-read';
import { deflatedZip, lyingAboutSize } from '../../../testing/zip-bomb';

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const zipOf = (files: Record<string, string | Buffer>) => {
  const zip = new JSZip();
  for (const [name, data] of Object.entries(files)) zip.file(name, data);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
};

describe('docxToText', () => {
  it('reads the paragraphs of a Word document, one a line', async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph('凝心聚力担使命 砥砺前行续华章'),
            new Paragraph({ children: [new TextRun('组织200名新党员'), new TextRun({ text: '开展入党宣誓 & <重温>。', bold: true })] }),
            new Paragraph(''),
            new Paragraph({ children: [new TextRun('甲'), new TextRun({ text: '乙', break: 1 })] }),
          ],
        },
      ],
    });
    const text = await docxToText(await Packer.toBuffer(doc));
    expect(text).toBe('凝心聚力担使命 砥砺前行续华章\n组织200名新党员开展入党宣誓 & <重温>。\n\n甲\n乙');
  });

  it('refuses garbage, non-docx zips and legacy .doc files as report.docx_invalid', async () => {
    const cases = [
      Buffer.from('这不是文档，只是一段文字'),
      Buffer.alloc(0),
      Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 7)]),
      await zipOf({ 'hello.txt': '你好' }),
      await zipOf({ 'word/document.xml': '<html>不是 Word</html>' }),
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]),
    ];
    for (const buf of cases) {
      const e = await refusal(docxToText(buf));
      expect(e.code).toBe('report.docx_invalid');
      expect(e.status).toBe(400);
      expect(e.message).toMatch(/^文件不是有效的 Word 文档（\.docx）/);
    }
  });

  it('refuses an upload over 10 MB before unzipping it', async () => {
    const big = Buffer.alloc(MAX_DOCX_BYTES + 1);
    big.write('PK\x03\x04', 'latin1');
    const e = await refusal(docxToText(big));
    expect(e.code).toBe('report.docx_too_large');
  });

  it('stops inflating a zip bomb at 20 MB of document.xml, whatever size the zip declares', async () => {
    // 30 MB of zeros deflate to about 30 kB.
    const honest = deflatedZip('word/document.xml', Buffer.alloc(30 * 1024 * 1024));
    expect(honest.length).toBeLessThan(100 * 1024);
    // The same bomb claiming 1000 bytes in both the local and the central header.
    const lying = lyingAboutSize(honest, 1000);
    for (const bomb of [honest, lying]) {
      const e = await refusal(docxToText(bomb));
      expect(e.code).toBe('report.docx_too_large');
      expect(e.status).toBe(413);
      expect(e.message).toContain('文档内容过大');
    }
  });

  it('reads a hand-built zip the same way (the bomb builder makes valid zips)', async () => {
    const xml = '<w:document><w:body><w:p><w:r><w:t>正常内容</w:t></w:r></w:p></w:body></w:document>';
    expect(await docxToText(deflatedZip('word/document.xml', Buffer.from(xml)))).toBe('正常内容');
  });
});

describe('documentXmlToText', () => {
  it('keeps text, tabs and breaks; drops deleted revisions, field codes and text-box fallbacks', () => {
    const xml =
      '<w:document><w:body>' +
      '<w:p><w:r><w:t>第&#x4E00;名&amp;</w:t></w:r><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del><w:r><w:tab/><w:t xml:space="preserve"> 尾</w:t></w:r></w:p>' +
      '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>3</w:t></w:r></w:p>' +
      '<w:p><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></mc:Choice>' +
      '<mc:Fallback><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:p>' +
      '</w:body></w:document>';
    expect(documentXmlToText(xml)).toBe('第一名&\t 尾\n3\n框内\n');
  });
});
