import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatQuantity } from '../../../shared/cn-figures/format';
import { extractClaims, type FigureClaim } from './extract';

const only = (text: string) => {
  const claims = extractClaims(text);
  expect(claims, JSON.stringify(claims)).toHaveLength(1);
  return claims[0];
};
const texts = (s: string) => extractClaims(s).map((c) => c.text);

describe('extractClaims: what is a claim', () => {
  it.each<[string, Partial<FigureClaim>]>([
    ['动员全市4.7万余名党员。', { text: '4.7万余名', value: 47_000, unit: '名', qualifier: '余', kind: 'quantity' }],
    ['总投资10.67亿元。', { text: '10.67亿元', value: 1_067_000_000, unit: '元', qualifier: '' }],
    ['党员违法数量同比断崖式下降47.06%。', { text: '下降47.06%', value: 47.06, unit: '%', kind: 'change', direction: 'down' }],
    ['基层宣讲5200余场次', { value: 5200, unit: '场次', qualifier: '余' }],
    ['海外销售150余万元', { value: 1_500_000, unit: '元', qualifier: '余' }],
    ['惠及学生700多人次', { value: 700, unit: '人次', qualifier: '多' }],
    ['参与群众超20万人次', { text: '超20万人次', value: 200_000, qualifier: '超' }],
    ['抓获嫌疑人近200名', { text: '近200名', value: 200, qualifier: '近' }],
    ['追缴资金约1.8亿元', { value: 180_000_000, qualifier: '约' }],
    ['兼职网格员逾5000名', { value: 5000, qualifier: '逾' }],
    ['覆盖率达到95%以上。', { value: 95, unit: '%', qualifier: '以上' }],
    ['生猪存栏保持在12.6万头左右', { value: 126_000, unit: '头', qualifier: '约' }],
    ['组织干警一百二十名', { value: 120, unit: '名' }],
    ['实现消费收入两千三百万元', { value: 23_000_000, unit: '元' }],
    ['出售3,126套政策性住房', { text: '3,126套', value: 3126, unit: '套' }],
    ['面积２６．８万亩', { value: 268_000, unit: '亩' }],
    ['每期培训20—30人', { text: '20—30人', value: 20, upper: 30, unit: '人' }],
    ['每村配备3至5个', { value: 3, upper: 5, unit: '个' }],
    ['提高2.3个百分点', { value: 2.3, unit: '个百分点', kind: 'change', direction: 'up' }],
    ['销售额增长1.5倍', { value: 1.5, unit: '倍', kind: 'change', direction: 'up' }],
    ['较上年下降0.04。', { value: 0.04, unit: '', kind: 'change' }],
    ['占比位居金华第1。', { text: '位居金华第1', value: 1, kind: 'ranking' }],
    ['考核位列金华第一', { text: '位列金华第一', value: 1, kind: 'ranking' }],
    ['通过率居全省首位', { text: '居全省首位', value: 1, kind: 'ranking' }],
    ['整治工作全省第一。', { text: '全省第一', value: 1, kind: 'ranking' }],
    ['综合排名全省前三', { value: 3, qualifier: '前', kind: 'ranking' }],
    ['荣获39枚金牌', { value: 39, unit: '枚', kind: 'honour' }],
    ['韦明昆等6人入选“浙江好人”', { value: 6, unit: '人', kind: 'honour' }],
    ['12个集体获省级以上表彰', { value: 12, unit: '个', kind: 'honour' }],
    ['“两抢”案件实现零发案', { text: '零', value: 0, kind: 'quantity' }],
    ['完成设施改造提升226座', { text: '226座', value: 226, unit: '座', kind: 'quantity' }],
    ['开展宣讲百余场', { text: '百余场', value: 100, unit: '场', qualifier: '余' }],
    ['推送评论文章逾千篇', { text: '逾千篇', value: 1000, unit: '篇', qualifier: '逾' }],
    ['粉丝总量突破150万', { text: '突破150万', value: 1_500_000, unit: '', qualifier: '超' }],
    ['确保全年宣讲不少于5000场次', { value: 5000, unit: '场次', qualifier: '以上' }],
    ['测评位次较上年前移4位', { text: '前移4位', value: 4, unit: '位', kind: 'change', direction: 'up' }],
    ['存栏稳定在6,800头以上的合理区间', { value: 6800, unit: '头', qualifier: '以上' }],
    ['6部作品在省级以上比赛中获奖', { value: 6, unit: '部', kind: 'honour' }],
  ])('%s', (text, expected) => {
    const c = only(text);
    expect(c).toMatchObject(expected);
    expect(text.slice(c.start, c.end)).toBe(c.text);
  });
});

describe('extractClaims: what is not a claim', () => {
  it.each([
    '2022年是党的二十大召开之年',
    '截至12月31日，3月起实施',
    '连续三年铁腕推进整治',
    '半年发放补助',
    '第一时间动员号召',
    '选派一批骨干充实一线，一体化推进，统一战线，金华唯一',
    '开展“千名乡贤助共富”行动',
    '围绕“六学六进六争先”活动，出台“集体经济巩固提升十条”',
    '出台《护航民营经济高质量发展二十条》',
    '入选第一批浙江省基地，省第十七届运动会，第二轮复审',
    '统筹组建3+4应急队伍',
    '推动落实统战工作第一责任人制度',
    '支持5G基站和G20峰会',
    '全市经营性收入100万元以上行政村',
    '消除年收入30万元以下的薄弱村',
    '千名乡贤回乡，百镇共建',
    '10万+作品',
    '坚决做到两个维护，增强四个意识，协调推进四个全面战略布局',
    '“八八战略”实施20周年',
  ])('%s', (text) => expect(extractClaims(text)).toEqual([]));

  it('keeps the count outside a quoted name', () => {
    expect(texts('培育壮大12支“小巷队伍”')).toEqual(['12支']);
    expect(texts('创建金华市级示范型“清廉民企”2家，标准型16家')).toEqual(['2家', '16家']);
  });

  it('skips the size of the list an award comes from', () => {
    expect(extractClaims('胡则史迹馆获评全省100家清廉建设成绩突出单位')).toEqual([]);
    expect(extractClaims('入选全省首批20个县域金名片展播名单')).toEqual([]);
  });
});

describe('extractClaims: kinds and phrases', () => {
  it('carries the award verb over a parallel enumeration', () => {
    const claims = extractClaims('推荐选树“担当作为好干部”4名，金华市“扛旗先锋”1名，抗击疫情先进团队67个、个人115名。累计容错4名干部。');
    expect(claims.map((c) => `${c.text}:${c.kind}`)).toEqual(['4名:honour', '1名:honour', '67个:honour', '115名:honour', '4名:quantity']);
  });

  it('gives the clause between punctuation, layout line breaks removed', () => {
    const text = '过去一年，我们紧贴中心大局，组\n\n织优势充分彰显，统筹组建464个应急响应单元，为打赢13场疫情防控遭遇战提供保障。';
    const claims = extractClaims(text);
    expect(claims.map((c) => c.phrase)).toEqual(['统筹组建464个应急响应单元', '为打赢13场疫情防控遭遇战提供保障']);
  });

  it('ends a phrase at ASCII commas but not inside 3,126', () => {
    expect(extractClaims('是关键之年,低价出售3,126套,定向租房255套').map((c) => c.phrase)).toEqual(['低价出售3,126套', '定向租房255套']);
  });
});

describe('extractClaims: properties', () => {
  const units = ['名', '场次', '个', '家', '人次', '元', '套', '篇'];
  it('finds every formatted figure in a sentence, with exact spans and values', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 2, max: 5e9 }), fc.constantFrom(...units), fc.constantFrom('exact' as const, 'approx' as const)), { minLength: 1, maxLength: 6 }), (items) => {
        const parts = items.map(([n, unit, style]) => formatQuantity(n, { unit, style }));
        const text = '一年来，' + parts.map((p) => `开展工作${p}`).join('，') + '。';
        const claims = extractClaims(text);
        expect(claims.map((c) => c.text)).toEqual(parts);
        for (const c of claims) expect(text.slice(c.start, c.end)).toBe(c.text);
        items.forEach(([n, unit, style], i) => {
          expect(claims[i].unit).toBe(unit);
          if (style === 'exact') expect(claims[i].value).toBe(n);
          else expect(n - claims[i].value).toBeGreaterThanOrEqual(0);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('never throws and keeps spans consistent on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'一二两三十百千万亿余多超近约第居全省首位0123456789.,，。“”《》年月日名个元%至—-半批以上下增长下降'.split('')), maxLength: 60 }), (s) => {
        for (const c of extractClaims(s)) expect(s.slice(c.start, c.end)).toBe(c.text);
      }),
      { numRuns: 2000 },
    );
  });

  it('extracts a 10,000-character draft well under the 2 s fact-check budget', () => {
    const para = '过去一年，全市4.7万余名党员参加学习，开展宣讲5200余场次，总投资10.67亿元，同比下降47.06%，居金华第一。';
    const text = para.repeat(Math.ceil(10_000 / para.length));
    const t0 = performance.now();
    const claims = extractClaims(text);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(claims.length).toBe(5 * Math.ceil(10_000 / para.length));
  });
});
