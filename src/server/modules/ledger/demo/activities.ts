import { sql } from 'drizzle-orm';
import { independentReads, type DbOrTx } from '../../../db/client';
import { rng } from '../../../db/demo/synthetic';
import { personsUnder } from '../../people';
import { activities } from '../ledger.table';
import { addDays, at, dateBetween, dateIn, inChunks, sample, shortTown, shuffled, split, type DemoScope, type Rng, type Unit } from './scope';

type ActivityInsert = typeof activities.$inferInsert;

/**
 * 15 特色宣讲团: the seed gives the number and names only “五金青年说”; the other names are
 * illustrative. Weights say roughly how many of the lectures each team gives.
 */
const LECTURE_TEAMS: readonly { name: string; weight: number }[] = [
  { name: '永康市百姓宣讲团', weight: 16 },
  { name: '五金工匠宣讲团', weight: 10 },
  { name: '“五金青年说”青年宣讲团', weight: 9 },
  { name: '“丽州红”党员先锋宣讲团', weight: 9 },
  { name: '“银发”老干部宣讲团', weight: 7 },
  { name: '巾帼宣讲团', weight: 6 },
  { name: '乡贤宣讲团', weight: 7 },
  { name: '“永商”企业家宣讲团', weight: 5 },
  { name: '新时代文明实践志愿宣讲团', weight: 9 },
  { name: '文艺轻骑兵宣讲团', weight: 5 },
  { name: '胡公文化宣讲团', weight: 4 },
  { name: '道德模范宣讲团', weight: 4 },
  { name: '退役军人宣讲团', weight: 3 },
  { name: '党校名师宣讲团', weight: 4 },
  { name: '“红领巾”少年宣讲团', weight: 2 },
];
/** “五金青年说” makes the micro-videos (“推出‘五金青年说’宣讲微视频120余个”). */
const VIDEO_TEAM = LECTURE_TEAMS[2].name;

function weighted<T extends { weight: number }>(r: Rng, list: readonly T[]): T {
  let x = r.next() * list.reduce((a, b) => a + b.weight, 0);
  for (const item of list) if ((x -= item.weight) < 0) return item;
  return list[list.length - 1];
}

const base = (s: DemoScope, code: string, unit: Unit, heldOn: string, title: string, extra: Partial<ActivityInsert> = {}): ActivityInsert => ({
  tenantId: s.tenantId,
  categoryId: s.category('activity', code),
  orgUnitId: unit.id,
  title,
  heldOn,
  createdAt: at(heldOn, 18),
  updatedAt: at(heldOn, 18),
  ...extra,
});

// ---------------------------------------------------------------- 宣讲

const LECTURE_TOPICS: Record<'XJ_ESD' | 'XJ_GTFY' | 'XJ', readonly string[]> = {
  XJ_ESD: ['党的二十大精神宣讲', '党的二十大精神微宣讲', '“二十大精神进万家”宣讲', '党的二十大报告解读', '学习贯彻党的二十大精神专题宣讲', '“把二十大精神带回家”宣讲'],
  XJ_GTFY: ['共同富裕政策宣讲', '“共富工坊”政策宣讲', '共同富裕示范带建设宣讲', '“千名乡贤助共富”宣讲', '“集体经济巩固提升十条”宣讲'],
  XJ: ['“六学六进六争先”理论宣讲', '习近平新时代中国特色社会主义思想宣讲', '省第十五次党代会精神宣讲', '“五金产业转型升级”政策宣讲', '“立信义、弃陋习、扬正气”宣讲', '“浙江有礼·益满丽州”文明宣讲'],
};

function lecturePlace(r: Rng, unit: Unit): string {
  if (unit.type === 'village') return r.pick([`${unit.name}文化礼堂`, `${unit.name}党群服务中心`, `${unit.name}村民广场`]);
  if (unit.type === 'community') return r.pick([`${unit.name}党群服务中心`, `${unit.name}新时代文明实践站`, `${unit.name}居民议事厅`]);
  return r.pick([`${unit.name}新时代文明实践所`, `${unit.name}党群服务中心`, `${shortTown(unit.name)}某五金企业车间`, `${unit.name}文化广场`]);
}

/**
 * 2022's lectures, organized by towns and villages: about two in five are 党的二十大精神宣讲
 * after the congress closed (22 October), a quarter 共同富裕宣讲, the rest general theory
 * lectures; micro-videos are credited to some of “五金青年说”'s lectures.
 */
function lectures(s: DemoScope, total: number, videos: number): ActivityInsert[] {
  const { r } = s;
  const esd = Math.round(total * 0.4);
  const gtfy = Math.round(total * 0.25);
  const rows: ActivityInsert[] = [];
  for (let i = 0; i < total; i++) {
    const code = i < esd ? 'XJ_ESD' : i < esd + gtfy ? 'XJ_GTFY' : 'XJ';
    const heldOn = code === 'XJ_ESD' ? dateBetween(r, '2022-10-24', '2022-12-31') : dateIn(r, 2022);
    const unit = s.villages.length && r.next() < 0.72 ? r.pick(s.villages) : r.pick(s.towns);
    // 省第十五次党代会 met in June 2022: its lectures come after.
    const topics = LECTURE_TOPICS[code].filter((t) => !t.includes('党代会') || heldOn >= '2022-06-25');
    const town = unit.type === 'town' || unit.type === 'street';
    const format = code === 'XJ_ESD' ? r.pick(['集中宣讲', '集中宣讲', '微宣讲', '微宣讲', '文艺宣讲', '线上宣讲']) : r.pick(['集中宣讲', '微宣讲', '微宣讲', '文艺宣讲', '线上宣讲']);
    rows.push(
      base(s, code, unit, heldOn, `${unit.name}${r.pick(topics)}`, {
        place: lecturePlace(r, unit),
        team: weighted(r, LECTURE_TEAMS).name,
        participants: r.int(1, 4),
        audience: town ? r.int(60, 320) : r.int(25, 160),
        attributes: { format },
      }),
    );
  }
  // Videos: one to three per lecture, on enough of the team's lectures to hold them all.
  const own = rows.filter((x) => x.team === VIDEO_TEAM);
  const pool = own.length * 3 >= videos ? own : rows;
  const chosen = sample(r, pool, Math.min(pool.length, Math.max(1, Math.ceil(videos * 0.6))));
  const per = chosen.map(() => 1);
  for (let left = videos - chosen.length; left > 0; ) {
    const k = r.int(0, chosen.length - 1);
    if (per[k] < 3) {
      per[k]++;
      left--;
    }
  }
  chosen.forEach((x, k) => {
    x.attributes = { ...(x.attributes as object), format: '微宣讲', videos: per[k] };
    x.outcomes = `制作宣讲微视频${per[k]}条，在“掌上永康”客户端发布`;
  });
  return rows.sort((a, b) => (a.heldOn < b.heldOn ? -1 : a.heldOn > b.heldOn ? 1 : 0));
}

/**
 * 2021's lectures: general theory and 共同富裕 lectures (the 20th congress and the provincial
 * congress came in 2022). Drawn from their own seeded stream, so adding them moved nothing else
 * in the demo.
 */
function lectures2021(s: DemoScope, total: number): ActivityInsert[] {
  const r = rng(2021);
  const topics = { XJ: LECTURE_TOPICS.XJ.filter((t) => !t.includes('党代会')), XJ_GTFY: LECTURE_TOPICS.XJ_GTFY } as const;
  const rows: ActivityInsert[] = [];
  for (let i = 0; i < total; i++) {
    const code = r.next() < 0.3 ? 'XJ_GTFY' : 'XJ';
    const unit = s.villages.length && r.next() < 0.72 ? r.pick(s.villages) : r.pick(s.towns);
    const town = unit.type === 'town' || unit.type === 'street';
    rows.push(
      base(s, code, unit, dateIn(r, 2021), `${unit.name}${r.pick(topics[code])}`, {
        place: lecturePlace(r, unit),
        team: weighted(r, LECTURE_TEAMS).name,
        participants: r.int(1, 4),
        audience: town ? r.int(60, 300) : r.int(25, 150),
        attributes: { format: r.pick(['集中宣讲', '微宣讲', '微宣讲', '文艺宣讲']) },
      }),
    );
  }
  return rows;
}

// ---------------------------------------------------------------- 现场集中办公

export interface OnSiteEvent {
  id: number;
  heldOn: string;
  /** The town that hosted it; null for the county's own (金华市首场). */
  town: Unit | null;
  /** How many enterprise needs (企业需求) were registered at it. */
  needs: number;
}

/**
 * "顺利承办金华市首场“稳进提质”现场集中办公活动，市镇联动举办…26场，解决企业需求477个": the
 * first hosted by the county in late May 2022, the rest by the towns in turn until December.
 */
async function onSiteEvents(s: DemoScope): Promise<OnSiteEvent[]> {
  const { r, figures } = s;
  const n = figures.onSiteEvents;
  const needs = split(r, figures.enterpriseNeedsSolved, n, 1);
  const plan = Array.from({ length: n }, (_, i) => {
    const town = i === 0 ? null : s.towns[(i - 1) % s.towns.length];
    const round = i === 0 ? 0 : Math.floor((i - 1) / s.towns.length);
    const heldOn = i === 0 ? '2022-05-27' : addDays('2022-06-08', Math.round(((i - 1) * 180) / Math.max(1, n - 1)) + r.int(0, 2));
    const title = town ? `${town.name}“稳进提质”现场集中办公活动${round ? `（第${'一二三四五'[round]}场）` : ''}` : `金华市首场“稳进提质”现场集中办公活动（${s.county.name}）`;
    const answered = Math.round(needs[i] * (0.3 + r.next() * 0.3));
    return {
      town,
      heldOn,
      row: base(s, 'BG', town ?? s.county, heldOn, title, {
        place: town ? `${shortTown(town.name)}工业功能区` : `${s.county.name}五金科技工业园区`,
        participants: r.int(20, 45),
        attributes: { enterprises: needs[i] + r.int(5, 20) },
        outcomes: `收集企业需求${needs[i]}个，现场答复${answered}个，其余交办镇（街道）和部门限时办结`,
      }),
    };
  });
  const ids = await s.db.insert(activities).values(plan.map((p) => p.row)).returning({ id: activities.id });
  return plan.map((p, i) => ({ id: ids[i].id, heldOn: p.heldOn, town: p.town, needs: needs[i] }));
}

// ---------------------------------------------------------------- 稿件发布

const ARTICLE_SUBJECTS = [
  '五金产业转型升级',
  '“共富工坊”建设',
  '现场集中办公',
  '“百镇共建强基”',
  '农村文化礼堂建设',
  '人才引育',
  '基层治理',
  '新时代文明实践',
  '城市有机更新',
  '乡贤助力共富',
  '民族团结进步创建',
  '“清廉民企”建设',
  '理论宣讲',
  '党建联建',
  '集体经济发展',
  '“浙里干部之家”建设',
  '五金产业大脑建设',
  '“掌上永康”融媒体建设',
  '胡公文化传承',
  '上山文化遗址保护',
];
const SUBJECTS_2022 = ['党的二十大精神宣讲', '“六学六进六争先”学习实践活动', '“稳进提质”攻坚', '“浙江有礼·益满丽州”文明实践'];
const SUBJECTS_2021 = ['党史学习教育', '“我为群众办实事”实践活动', '共同富裕示范区建设'];
const PREDICATES = ['跑出“加速度”', '交出高分答卷', '绘就共富新图景', '激活发展新动能', '擦亮金名片', '让群众得实惠', '按下“快进键”', '结出新硕果', '走深走实', '见行见效'];
const TOWN_STORIES = ['党群服务中心成了家门口的“连心站”', '村企结对走上共富路', '文化礼堂里的宣讲声', '乡贤回归助力村庄蝶变', '网格员守护“最后一公里”', '“共富工坊”让村民家门口就业', '老旧小区换新颜', '“小巷队伍”守护百姓平安', '党员志愿者冲在一线', '五金小微园区里的新气象'];
const OUTLET_MEDIA: Record<string, readonly string[]> = {
  学习强国: ['“学习强国”浙江学习平台', '“学习强国”金华学习平台'],
  央媒: ['人民日报', '新华社', '央视新闻', '光明日报', '经济日报', '中国新闻网', '人民网', '新华网', '央视网', '中国日报网'],
  省级: ['浙江日报', '浙江卫视', '浙江新闻客户端', '浙江之声'],
  地市: ['金华日报', '金华电视台', '金华新闻客户端'],
};
/** "防疫经验做法、暖心故事等内容“一日五上央视”": five pieces on one day in August 2022. */
const CCTV_DAY = { date: '2022-08-06', items: [
  ['浙江永康：防疫一线党员冲锋在前', '央视新闻频道《新闻直播间》'],
  ['浙江永康：“小巷队伍”织密防疫网', '央视综合频道《新闻30分》'],
  ['浙江永康：核酸采样点里的暖心故事', '央视新闻频道《朝闻天下》'],
  ['浙江永康：五金企业闭环生产稳订单', '央视中文国际频道《中国新闻》'],
  ['浙江永康：志愿者为封控小区送菜上门', '央视新闻客户端'],
] as const };

/** A year's articles by outlet, credited to the 宣传部 and (a quarter) to the town whose story it is. */
function articles(s: DemoScope, year: 2021 | 2022, counts: Record<keyof typeof OUTLET_MEDIA, number>): ActivityInsert[] {
  const { r } = s;
  const subjects = [...ARTICLE_SUBJECTS, ...(year === 2022 ? SUBJECTS_2022 : SUBJECTS_2021)];
  const combos = shuffled(r, subjects.flatMap((sub) => PREDICATES.map((p) => `${sub}${p}`)));
  let next = 0;
  const rows: ActivityInsert[] = [];
  for (const [outlet, n] of Object.entries(counts)) {
    for (let i = 0; i < n; i++) {
      if (year === 2022 && outlet === '央媒' && i < Math.min(n, CCTV_DAY.items.length)) {
        const [title, media] = CCTV_DAY.items[i];
        rows.push(base(s, 'GJ', s.depts.XCB, CCTV_DAY.date, title, { team: '市融媒体中心', notes: `刊发媒体：${media}`, attributes: { outlet } }));
        continue;
      }
      const town = r.next() < 0.25 ? r.pick(s.towns) : null;
      const prefix = outlet === '央媒' ? '浙江永康' : '永康';
      const title = town ? `${prefix}${town.name}：${r.pick(TOWN_STORIES)}` : `${prefix}：${combos[next++ % combos.length]}`;
      rows.push(base(s, 'GJ', town ?? s.depts.XCB, dateIn(r, year), title, { team: town ? `${town.name}宣传办` : '市融媒体中心', notes: `刊发媒体：${r.pick(OUTLET_MEDIA[outlet])}`, attributes: { outlet } }));
    }
  }
  // "相关做法登上《人民日报》": the 共富工坊 / 五全联建 story, one of the year's central-media pieces.
  if (year === 2022 && counts['央媒'] > CCTV_DAY.items.length) {
    const last = rows.filter((x) => (x.attributes as { outlet: string }).outlet === '央媒').at(-1)!;
    Object.assign(last, { title: '浙江永康：“共富工坊”“五全联建”让村民家门口增收', notes: '刊发媒体：人民日报', orgUnitId: s.depts.XCB.id, heldOn: '2022-09-14', createdAt: at('2022-09-14', 18), updatedAt: at('2022-09-14', 18) });
  }
  return rows;
}

// ---------------------------------------------------------------- 社会服务

const SERVICES = [
  '农工党“同心光明行”眼科义诊',
  '九三学社“科技下乡”农技服务',
  '民建“助学圆梦”结对帮扶',
  '民盟“烛光行动”支教送课',
  '侨界志愿者助农直播带货',
  '新联会“同心”法律服务进村',
  '工商联“万企兴万村”结对帮扶',
  '知联会科普进校园',
  '“石榴籽”少数民族群众就业帮扶',
  '乡贤“共富基金”助老敬老',
  '民进“好书进乡村”捐赠',
  '“共富直采侨”助农产品对接',
];

/** 统一战线社会服务: organized by the 统战部 or a town's 统战委员, in a town or village. */
function services(s: DemoScope, year: 2021 | 2022, n: number): ActivityInsert[] {
  const { r } = s;
  return Array.from({ length: n }, () => {
    const place = s.villages.length && r.next() < 0.5 ? r.pick(s.villages) : r.pick(s.towns);
    const town = s.townOf.get(place.id) ?? place;
    const unit = r.next() < 0.55 ? s.depts.TZB : town;
    return base(s, 'FW', unit, dateIn(r, year), `${r.pick(SERVICES)}（${place.name}）`, {
      place: place.name,
      participants: r.int(6, 30),
      audience: r.int(40, 600),
      team: unit.id === s.depts.TZB.id ? '统一战线志愿服务队' : `${town.name}统战工作站`,
    });
  });
}

// ---------------------------------------------------------------- 培训, 主题活动, 入党宣誓, 中心组学习

function otherActivities(s: DemoScope, supervisors: number[]): ActivityInsert[] {
  const { r, depts } = s;
  const rows: ActivityInsert[] = [];
  const training: [string, Unit, string, number, number][] = [
    ['全市省第十五次党代会精神集中培训', depts.ZZB, '2022-07-05', 620, 8],
    ['工业经济型专业干部培训班', depts.ZZB, '2022-04-18', 58, 40],
    ['全市中青年干部培训班', depts.ZZB, '2022-09-13', 52, 120],
    ['全市统战干部能力提升培训', depts.TZB, '2022-05-24', 86, 12],
    ['全市新闻宣传业务培训', depts.XCB, '2022-06-16', 110, 8],
    ['“共富工坊”带头人培训', depts.ZZB, '2022-08-23', 140, 16],
    ['全市村（社区）党组织书记轮训', depts.ZZB, '2021-03-16', 452, 24],
    ['全市年轻干部“墩苗”培训班', depts.ZZB, '2021-10-12', 48, 80],
    ['全市宣传思想文化干部培训', depts.XCB, '2021-06-08', 95, 8],
  ];
  for (const [title, unit, heldOn, people, hours] of training) rows.push(base(s, 'PX', unit, heldOn, title, { endedOn: hours > 8 ? addDays(heldOn, Math.ceil(hours / 8) - 1) : null, place: `${s.county.name}委党校`, participants: people, attributes: { hours } }));
  for (const t of s.towns) {
    for (const year of [2021, 2022]) rows.push(base(s, 'PX', t, dateIn(r, year, undefined, [3, 6]), `${t.name}村社干部履职能力培训`, { place: `${t.name}党群服务中心`, participants: r.int(40, 120), attributes: { hours: r.pick([4, 8, 12]) } }));
  }

  const themed: [string, Unit, string, number][] = [
    ['“六学六进六争先”学习实践活动动员部署会', depts.ZZB, '2022-03-02', 300],
    ['“信仰之源大寻访”活动', depts.ZZB, '2022-06-25', 260],
    ['统一战线“同心向党”“五金”主题画展巡展', depts.TZB, '2022-09-20', 120],
    ['宗教界学习贯彻党的二十大精神暨书画展', depts.TZB, '2022-11-18', 80],
    ['“石榴籽心向党·民族少年一家亲”系列活动', depts.TZB, '2022-07-15', 700],
    ['民营经济人士“永商永远跟党走”主题教育', depts.TZB, '2022-06-28', 150],
    ['留联会“一会三地”沪杭永企业家创新创业论坛', depts.TZB, '2022-10-28', 200],
    ['“慈善一日捐”活动', depts.XCB, '2022-06-30', 5000],
    ['“家风共传承”主题活动', depts.XCB, '2022-05-15', 600],
    ['“浙礼第一课”进校园', depts.XCB, '2022-09-01', 2000],
    ['庆祝中国共产党成立100周年主题活动', depts.ZZB, '2021-07-01', 1200],
    ['“我为群众办实事”实践活动', depts.ZZB, '2021-04-20', 800],
  ];
  for (const [title, unit, heldOn, people] of themed) rows.push(base(s, 'ZT', unit, heldOn, title, { participants: people }));

  // "组织200名新党员赴刘英烈士陵园开展新党员入党宣誓", and each town's own around 1 July.
  rows.push(base(s, 'XS', depts.ZZB, '2022-06-30', '新党员赴刘英烈士陵园开展入党宣誓', { place: '刘英烈士陵园', participants: 200, outcomes: '“信仰之源大寻访”活动的一部分' }));
  for (const t of s.towns) {
    for (const year of [2021, 2022]) rows.push(base(s, 'XS', t, `${year}-0${r.pick([6, 7])}-${String(r.int(1, 28)).padStart(2, '0')}`, `${t.name}新党员入党宣誓仪式`, { place: `${t.name}党群服务中心`, participants: r.int(8, 25) }));
  }

  // 理论学习中心组学习 with 巡听旁听: a 组织部/宣传部 cadre sits in and rates the session.
  const topics: Record<number, string> = {
    2: '“六学六进六争先”',
    3: '全国两会精神',
    4: '《习近平谈治国理政》第四卷',
    5: '意识形态工作责任制',
    6: '省第十五次党代会精神',
    7: '习近平总书记“7·26”重要讲话精神',
    8: '共同富裕示范区建设',
    9: '铸牢中华民族共同体意识',
    10: '党的二十大报告',
    11: '党的二十大精神',
    12: '中央经济工作会议精神',
  };
  const groups: { unit: Unit; label: string; months: number[] }[] = [
    ...[depts.ZZB, depts.XCB, depts.TZB].map((u) => ({ unit: u, label: u.name, months: [2, 3, 4, 5, 6, 7, 9, 10, 11, 12] })),
    ...s.townCommittees.map((c) => ({ unit: c, label: `${s.townOf.get(c.id)!.name}党委`, months: sample(r, [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 8).sort((a, b) => a - b) })),
  ];
  for (const g of groups) {
    for (const m of g.months) {
      const heldOn = `2022-${String(m).padStart(2, '0')}-${String(m === 12 ? r.int(18, 28) : m === 10 ? r.int(24, 31) : r.int(5, 28)).padStart(2, '0')}`;
      const attributes: Record<string, unknown> = { rating: r.int(82, 98) };
      if (supervisors.length) attributes.supervisor = r.pick(supervisors);
      rows.push(base(s, 'ZXZ', g.unit, heldOn, `${g.label}理论学习中心组${topics[m]}专题学习`, { participants: r.int(10, 28), attributes }));
    }
  }
  return rows;
}

/**
 * The county's activities: lectures, on-site office events (returned for the cases they raise),
 * articles, social services, and training, themed events, oath ceremonies and study sessions.
 */
export async function seedActivities(s: DemoScope): Promise<{ events: OnSiteEvent[]; count: number }> {
  const { figures, scaled } = s;
  const events = await onSiteEvents(s);
  const supervisors = (await independentReads(s.db, [() => personsUnder(s.db, s.depts.ZZB.path), () => personsUnder(s.db, s.depts.XCB.path)] as const)).flat().slice(0, 12).map((p) => p.id);
  const rows = [
    ...lectures(s, figures.lectures, figures.lectureVideos),
    ...articles(s, 2021, { 学习强国: scaled(402, 3), 央媒: scaled(198, 2), 省级: scaled(71, 1), 地市: scaled(109, 1) }),
    ...articles(s, 2022, { 学习强国: figures.xxqgArticles, 央媒: figures.centralMediaArticles, 省级: scaled(86, 1), 地市: scaled(124, 1) }),
    ...services(s, 2021, scaled(61, 2)),
    ...services(s, 2022, figures.socialServices),
    ...otherActivities(s, supervisors),
    ...lectures2021(s, figures.lectures2021),
  ];
  await insertActivities(s.db, rows);
  return { events, count: rows.length + events.length };
}

/**
 * Inserts activities a chunk at a time as one JSON parameter that `jsonb_to_recordset` reads,
 * rather than a bind parameter per column and row: about twice as fast on PGlite, and the
 * thousands of lectures are most of the demo ledger's load time.
 */
async function insertActivities(db: DbOrTx, rows: ActivityInsert[]) {
  await inChunks(rows, async (chunk) => {
    await db.execute(sql`
      insert into activities (tenant_id, category_id, org_unit_id, title, notes, attributes, held_on, ended_on, place, participants, audience, team, outcomes, created_at, updated_at)
      select x."tenantId", x."categoryId", x."orgUnitId", x.title, x.notes, coalesce(x.attributes, '{}'), x."heldOn", x."endedOn", x.place, x.participants, x.audience, x.team, x.outcomes, x."createdAt", x."updatedAt"
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as x("tenantId" text, "categoryId" int, "orgUnitId" int, title text, notes text, attributes jsonb, "heldOn" date, "endedOn" date,
        place text, participants int, audience int, team text, outcomes text, "createdAt" timestamptz, "updatedAt" timestamptz)`);
    return [];
  });
}
