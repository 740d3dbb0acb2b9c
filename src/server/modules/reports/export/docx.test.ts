import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { SummaryDocument } from '../../../../shared/reports';
import { docxToText } from './docx-read';
import { chineseNumber, summaryBlocks, summaryToDocx } from './docx';

const SAMPLE: SummaryDocument = {
  title: '凝心聚力担使命 砥砺前行续华章',
  subtitle: '——2022年全市组织工作综述',
  sections: [
    {
      heading: '筑牢忠诚根基',
      paragraphs: [
        '过去一年，我们筑牢忠诚根基，政治自觉、政治定力不断增强。围绕“六学六进六争先”学习实践活动，动员全市4.7万余名党员学习宣传贯彻党的二十大精神。',
        '开展“信仰之源大寻访”活动，组织200名新党员赴刘英烈士陵园开展新党员入党宣誓。',
      ],
    },
    {
      heading: '紧贴中心大局',
      paragraphs: ['统筹组建3+4应急队伍、464个应急响应单元，为打赢13场疫情防控遭遇战提供有力保障 & 支撑<注>。'],
    },
  ],
};

const twips = (mm: number) => Math.round((mm * 1440) / 25.4);

async function parts(buf: Buffer) {
  const zip = await JSZip.loadAsync(buf);
  const read = async (name: string) => {
    const f = zip.file(name);
    if (!f) throw new Error(`missing part ${name}`);
    return f.async('string');
  };
  const footers = await Promise.all(zip.file(/^word\/footer\d+\.xml$/).map((f) => f.async('string')));
  return {
    document: await read('word/document.xml'),
    styles: await read('word/styles.xml'),
    settings: await read('word/settings.xml'),
    fontTable: await read('word/fontTable.xml'),
    core: await read('docProps/core.xml'),
    footers,
  };
}

const styleXml = (styles: string, id: string) => {
  const m = new RegExp(`<w:style [^>]*w:styleId="${id}"[\\s\\S]*?</w:style>`).exec(styles);
  if (!m) throw new Error(`no style ${id}`);
  return m[0];
};

describe('summaryToDocx (GB/T 9704-2012)', () => {
  it('lays out an A4 page with the standard margins and a 22-line grid', async () => {
    const { document } = await parts(await summaryToDocx(SAMPLE));
    expect(document).toContain('<w:pgSz w:w="11906" w:h="16838"');
    expect([twips(37), twips(35), twips(28), twips(26)]).toEqual([2098, 1984, 1587, 1474]);
    expect(document).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(document).toMatch(/<w:docGrid w:type="lines" w:linePitch="579"\/>/);
    // 22 lines at 579 twips fit the 225 mm block; 580 would not.
    expect(22 * 579).toBeLessThanOrEqual(16838 - 2098 - 1984);
    expect(22 * 580).toBeGreaterThan(16838 - 2098 - 1984);
  });

  it('styles title, subtitle, headings and body with the GB fonts, sizes and exact 28.95 pt spacing', async () => {
    const { styles, document } = await parts(await summaryToDocx(SAMPLE));
    const title = styleXml(styles, 'GwTitle');
    expect(title).toContain('w:eastAsia="方正小标宋简体"');
    expect(title).toContain('<w:sz w:val="44"/>');
    expect(title).toContain('<w:jc w:val="center"/>');
    const subtitle = styleXml(styles, 'GwSubtitle');
    expect(subtitle).toContain('w:eastAsia="楷体_GB2312"');
    expect(subtitle).toContain('<w:sz w:val="32"/>');
    const body = styleXml(styles, 'GwBody');
    expect(body).toContain('w:eastAsia="仿宋_GB2312"');
    expect(body).toContain('w:ascii="Times New Roman"');
    expect(body).toContain('w:hAnsi="Times New Roman"');
    expect(body).toContain('<w:sz w:val="32"/>');
    expect(body).toContain('<w:jc w:val="both"/>');
    // 28 characters a line: 三号 condensed by 0.25 pt, 28 × 15.75 pt within the 156 mm (442.25 pt) block.
    expect(body).toContain('<w:spacing w:val="-5"/>');
    expect(28 * (16 - 5 / 20)).toBeLessThanOrEqual((11906 - 1587 - 1474) / 20);
    expect(28 * (16 - 4 / 20)).toBeGreaterThan((11906 - 1587 - 1474) / 20);
    expect(body).toMatch(/<w:ind w:firstLine="640" w:firstLineChars="200"\/>/);
    const heading = styleXml(styles, 'GwHeading1');
    expect(heading).toContain('w:eastAsia="黑体"');
    expect(heading).toContain('<w:sz w:val="32"/>');
    for (const s of [title, subtitle, body, heading]) expect(s).toMatch(/<w:spacing [^>]*w:line="579" w:lineRule="exact"\/>/);
    expect(styles).toMatch(/<w:docDefaults>[\s\S]*w:eastAsia="仿宋_GB2312"[\s\S]*<w:sz w:val="32"\/>/);

    const order = [...document.matchAll(/<w:pStyle w:val="(\w+)"\/><\/w:pPr>(?:<w:r><w:t xml:space="preserve">([^<]*)<\/w:t>)?/g)].map((m) => [m[1], m[2] ?? '']);
    expect(order.slice(0, 4)).toEqual([
      ['GwTitle', SAMPLE.title],
      ['GwSubtitle', SAMPLE.subtitle],
      ['GwBody', ''],
      ['GwHeading1', '一、筑牢忠诚根基'],
    ]);
    expect(order).toContainEqual(['GwHeading1', '二、紧贴中心大局']);
    expect(document).toContain('支撑&lt;注&gt;');
  });

  it('numbers page footers "— N —" in 4号宋体, odd pages right and even pages left', async () => {
    const { document, settings, footers, styles } = await parts(await summaryToDocx(SAMPLE));
    expect(settings).toMatch(/<w:evenAndOddHeaders\/>/);
    expect(document).toMatch(/<w:footerReference w:type="default" r:id="rId\d+"\/>/);
    expect(document).toMatch(/<w:footerReference w:type="even" r:id="rId\d+"\/>/);
    expect(footers).toHaveLength(2);
    for (const f of footers) {
      expect(f).toContain('<w:instrText xml:space="preserve">PAGE</w:instrText>');
      expect(f).toContain('— </w:t>');
      expect(f).toContain(' —</w:t>');
    }
    expect(footers.some((f) => f.includes('<w:jc w:val="right"/>'))).toBe(true);
    expect(footers.some((f) => f.includes('<w:jc w:val="left"/>'))).toBe(true);
    const pageNumber = styleXml(styles, 'GwPageNumber');
    expect(pageNumber).toContain('<w:sz w:val="28"/>');
    expect(pageNumber).toContain('w:ascii="宋体"');
  });

  it('declares font fallbacks in the font table and sets the title property', async () => {
    const { fontTable, core } = await parts(await summaryToDocx(SAMPLE));
    expect(fontTable).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/>');
    expect(fontTable).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="华文中宋"/>');
    expect(fontTable).toContain('<w:font w:name="黑体"><w:altName w:val="SimHei"/>');
    expect(fontTable).toContain('<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>');
    expect(core).toContain(`<dc:title>${SAMPLE.title}</dc:title>`);
  });

  it('round-trips through docxToText with every line intact, and prints the 附注', async () => {
    const text = await docxToText(await summaryToDocx(SAMPLE, { footerNote: '数据截至2022年12月31日' }));
    const lines = text.split('\n');
    expect(lines).toContain(SAMPLE.title);
    expect(lines).toContain(SAMPLE.subtitle);
    for (const s of SAMPLE.sections) for (const p of s.paragraphs) expect(lines).toContain(p);
    expect(lines.at(-1)).toBe('（数据截至2022年12月31日）');
  });

  it('leaves out empty headings and subtitles and keeps numbering for headed sections only', () => {
    const blocks = summaryBlocks({
      title: '标题',
      subtitle: '',
      sections: [
        { heading: '', paragraphs: ['导语。'] },
        { heading: '甲', paragraphs: ['第一段。\n第二段。'] },
        { heading: '二、已编号', paragraphs: [] },
      ],
    });
    expect(blocks).toEqual([
      { kind: 'title', text: '标题' },
      { kind: 'blank', text: '' },
      { kind: 'body', text: '导语。' },
      { kind: 'heading', text: '一、甲' },
      { kind: 'body', text: '第一段。' },
      { kind: 'body', text: '第二段。' },
      { kind: 'heading', text: '二、已编号' },
    ]);
    expect([1, 9, 10, 11, 20, 23].map(chineseNumber)).toEqual(['一', '九', '十', '十一', '二十', '二十三']);
  });
});
