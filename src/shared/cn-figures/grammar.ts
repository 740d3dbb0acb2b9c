/**
 * The shape of a written figure in the genre, as regular-expression sources shared by the
 * phrase parser (anchored) and the text extractor (scanning). One grammar, so a figure the
 * formatter writes is exactly a figure the extractor finds.
 *
 *   [verb] [pre-qualifier] NUMBER [余|多] [万|亿|万亿] [余|多] [UNIT] [以上|以下|左右]
 *   NUMBER (至|到|—|-|~) NUMBER … for ranges
 */

/**
 * Measure words counted as units (成 as in "减少三成" is a tenth). Longest first so 人次 wins over 人 and 个百分点 over 个.
 * Deliberately absent: 年 月 日 周 (dates and durations: "2022年", "连续三年"), 级 届 轮 批次
 * as ordinals ("三级联动", "第十七届"), and 金 ("五金" is hardware, not five of anything).
 */
export const UNITS = [
  '个百分点', '平方公里', '平方米', '立方米', '千瓦时', '标准箱',
  '人次', '场次', '户次', '家次', '车次', '架次', '课时', '学时', '小时', '公里', '千米', '公顷', '千瓦',
  '名', '人', '个', '场', '次', '篇', '家', '项', '条', '支', '套', '处', '所', '座', '户', '件',
  '枚', '位', '元', '期', '份', '册', '部', '首', '幅', '张', '台', '辆', '吨', '亩', '米', '天',
  '间', '栋', '幢', '株', '棵', '本', '门', '类', '种', '组', '队', '笔', '宗', '起', '例', '床',
  '盏', '块', '段', '村', '镇', '批', '课', '堂', '头', '成',
  '%', '％', '倍',
].sort((a, b) => b.length - a.length);

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\%]/g, '\\$&');

/** Arabic number: "3126", "3,126", "10.67", full-width "５２００". ASCII comma only — "，" ends a clause. */
export const ARABIC_SRC = '(?:[0-9０-９]{1,3}(?:,[0-9]{3})+|[0-9０-９]+)(?:[.．][0-9０-９]+)?';
/** Chinese numeral, magnitudes included ("两千三百万"). */
export const CN_SRC = '[〇零一二两三四五六七八九十百千万亿]+';

/** One number with its magnitude and an inner 余/多: "4.7万余", "150余万", "700多", "二十余万". */
const numSrc = (p: string) =>
  `(?:(?<${p}a>${ARABIC_SRC})|(?<${p}c>${CN_SRC}))(?<${p}q1>余|多)?(?<${p}m>万亿|亿|万)?(?<${p}q2>余|多)?`;

export const PRE_QUALIFIER_SRC = '不少于|不低于|不超过|不高于|超过|超|逾|突破|将近|接近|近|大约|约';
export const CHANGE_VERB_SRC = '增长|增加|提高|提升|上升|下降|减少|降低|下滑|回落|缩短|压缩|缩小|前移|后移';
export const RANGE_SEP_SRC = '至|到|—{1,2}|－|-|~|～';
export const UNIT_SRC = UNITS.map(esc).join('|');

/**
 * The full figure pattern. Named groups: verb, pre, n1*, n2* (second number of a range),
 * unit, post.
 */
export const FIGURE_SRC =
  `(?:(?<verb>${CHANGE_VERB_SRC})了?)?(?<pre>${PRE_QUALIFIER_SRC})?` +
  numSrc('n1') +
  `(?:(?:${RANGE_SEP_SRC})${numSrc('n2')})?` +
  `(?<unit>${UNIT_SRC})?(?<post>以上|以下|左右)?`;

/**
 * Ranking: "居金华第一", "位列金华第一", "位居金华第1", "排名全省前三", "居全省首位".
 * The scope is short free text between the verb and the ordinal (a place or a list).
 */
export const RANKING_SRC =
  `(?<rverb>位居|位列|名列|排名|排在|居于|居|列)` +
  // Scope: a few characters, parenthetical lists allowed ("金华各县（市、区）").
  `(?<scope>(?:[^，。；！？、,;\\s“”《》()（）]|（[^）]{0,8}）|\\([^)]{0,8}\\)){0,12}?)` +
  `(?:第(?<ord>[0-9０-９]+|[〇零一二两三四五六七八九十百千]+)(?:位|名)?|(?<first>首位|榜首|首(?=[，。；！？,;]|$))|前(?<top>[0-9０-９]+|[一二三四五六七八九十]+)(?:位|名)?)` +
  // "列入第一批", "居第二轮": a batch or round, not a standing.
  '(?![批届轮次期季号个家条项])';
