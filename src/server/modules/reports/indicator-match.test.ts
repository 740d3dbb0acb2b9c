import { describe, expect, it } from 'vitest';
import { matchClaim, nameOverlap, unitsCompatible, unitScale, type IndicatorInfo } from './indicator-match';

const IND: IndicatorInfo[] = [
  { code: 'DY_RS', name: '党员人数', unit: '名' },
  { code: 'DY_FZ', name: '发展党员数', unit: '名' },
  { code: 'DY_WFJL', name: '党员违法违纪案件数', unit: '件' },
  { code: 'WJWF_JS', name: '党员违纪违法案件数', unit: '件' },
  { code: 'XJ_CC', name: '宣讲场次', unit: '场次' },
  { code: 'XJ_SP', name: '宣讲微视频数', unit: '个' },
  { code: 'QYXQ_JJ', name: '企业需求解决数', unit: '个' },
  { code: 'XXQG_GJ', name: '学习强国稿件数', unit: '篇' },
  { code: 'YM_GJ', name: '央媒稿件数', unit: '篇' },
  { code: 'GJQJ_TZ', name: '共建强基项目投资', unit: '元' },
  { code: 'JT_JYSR', name: '村级集体经营性收入', unit: '万元' },
  { code: 'JT_100_ZB', name: '经营性收入100万元以上行政村占比', unit: '%' },
  { code: 'RC_SSGS', name: '上市公司数', unit: '家' },
  { code: 'RC_GJ', name: '入选国家级人才数', unit: '人' },
  { code: 'RC_SJ', name: '入选省级人才数', unit: '人' },
];
const top = (phrase: string, unit: string, kind: 'quantity' | 'change' | 'ranking' | 'honour' = 'quantity', ranked: string[] = []) => matchClaim({ phrase, unit, kind }, IND, new Set(ranked))[0]?.code;

describe('matchClaim', () => {
  it('maps the genre’s words to indicators through the synonym table', () => {
    expect(top('全市共有党员4.7万余名', '名')).toBe('DY_RS');
    expect(top('发展党员23名', '名')).toBe('DY_FZ');
    expect(top('开展宣讲5200余场次', '场次')).toBe('XJ_CC');
    expect(top('解决企业需求477个', '个')).toBe('QYXQ_JJ');
    expect(top('在学习强国发表稿件463篇', '篇')).toBe('XXQG_GJ');
    expect(top('央媒刊发稿件30篇', '篇')).toBe('YM_GJ');
    expect(top('百镇共建强基项目总投资10.67亿元', '元')).toBe('GJQJ_TZ');
    expect(top('上市公司达15家', '家')).toBe('RC_SSGS');
  });

  it('prefers the ledger-derived case count over the typed one, for counts and changes', () => {
    expect(top('查处党员违纪违法案件9件', '件')).toBe('WJWF_JS');
    expect(top('党员违法数量同比下降47.06%', '%', 'change')).toBe('WJWF_JS');
    expect(matchClaim({ phrase: '党员违法数量同比下降47.06%', unit: '%', kind: 'change' }, IND).map((c) => c.code)).toContain('DY_WFJL');
  });

  it('requires a compatible unit', () => {
    expect(top('开展宣讲5200余场次', '篇')).toBe(undefined);
    expect(top('宣讲产出微视频120个', '个')).toBe('XJ_SP');
    expect(top('全市共有党员4.7万余元', '元')).toBe(undefined);
    expect(top('村级集体经营性收入3.2亿元', '元')).toBe('JT_JYSR');
    expect(unitsCompatible('人', '名')).toBe(true);
    expect(unitsCompatible('场', '场次')).toBe(true);
    expect(unitsCompatible('篇', '个')).toBe(false);
    expect(unitScale('万元')).toBe(1e4);
  });

  it('matches rankings only to indicators with a peer standing', () => {
    expect(top('经营性收入100万元以上行政村占比居金华第1', '', 'ranking', ['JT_100_ZB'])).toBe('JT_100_ZB');
    expect(top('经营性收入100万元以上行政村占比居金华第1', '', 'ranking', [])).toBe(undefined);
  });

  it('falls back to the indicator name’s characters, ignoring generic words', () => {
    expect(nameOverlap('企业需求解决数', '帮助企业解决需求')).toBe(2);
    expect(top('省级海外引才19人入围答辩', '人')).toBe(undefined);
    expect(nameOverlap('党员人数', '人数众多')).toBe(0);
    expect(matchClaim({ phrase: '植树3000棵', unit: '棵', kind: 'quantity' }, IND)).toEqual([]);
    const byName = matchClaim({ phrase: '宣讲场次达到200场', unit: '场', kind: 'quantity' }, [{ code: 'X', name: '理论宣讲场次', unit: '场' }]);
    expect(byName[0]).toMatchObject({ code: 'X', by: 'name', matched: '宣讲场次' });
  });
});
