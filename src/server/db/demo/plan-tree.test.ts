import { describe, expect, it } from 'vitest';
import { planTree } from './demo-county';
import { rng } from './synthetic';

// The demo's tree is also the province load test's tree for every other county of Zhejiang.
describe('planTree', () => {
  const names = (code: string) => planTree(code, {}, rng(1)).flat().map((u) => u.name);

  it('names the seed county’s venues, schools and departments as the seed document does', () => {
    const yongkang = names('330784');
    expect(yongkang).toEqual(expect.arrayContaining(['市委组织部', '正觉寺', '金江龙教堂', '金川教堂', '石柱初级中学', '大徐小学']));
  });

  it('names another county’s committee by its kind, and its venues and enterprises generically', () => {
    const county = names('330723'); // 武义县
    expect(county).toEqual(expect.arrayContaining(['县委组织部', '县委宣传部机关党支部']));
    expect(county.filter((n) => n.includes('正觉寺') || n.includes('五金制品') || n.includes('大徐'))).toEqual([]);
    expect(county.some((n) => n.endsWith('宗教活动场所'))).toBe(true);
    expect(names('330102')).toContain('区委统战部'); // 上城区
  });

  it('puts every unit under a parent planned at the level above', () => {
    const levels = planTree('330723', {}, rng(2));
    for (let depth = 1; depth < levels.length; depth++) {
      const above = new Set(levels.slice(0, depth).flat().map((u) => u.code));
      for (const u of levels[depth]) expect(above.has(u.parentCode!), u.code).toBe(true);
    }
  });
});
