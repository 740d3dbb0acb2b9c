/**
 * The demo county's three summary templates, written from the seed's 2022 summaries
 * (../shared/seeds/000_543cd74df5d7101c.txt): the seed's sentences with every figure replaced by
 * a slot, so a year's summary is drafted from that year's records and figures.
 */
import type { ReportDept, TemplateDefinition } from '../../../shared/reports';

const org: TemplateDefinition = {
  title: '凝心聚力担使命 砥砺前行续华章',
  subtitle: '——{year}年全市组织工作综述',
  sections: [
    {
      name: '总体情况',
      heading: '',
      paragraphs: [
        '{year}年，全市组织战线在市委的坚强领导下，紧紧围绕发展大局选贤任能、强基固本、聚才引智，为纵深推进世界五金之都建设提供坚强组织保证。',
      ],
    },
    {
      name: '筑牢忠诚根基',
      heading: '',
      paragraphs: [
        '过去一年，我们筑牢忠诚根基，政治自觉、政治定力不断增强。围绕“六学六进六争先”学习实践活动，第一时间动员号召全市{{value DY_RS style=approx}}党员学习宣传贯彻党的二十大精神，全面掀起学习贯彻热潮。开展“信仰之源大寻访”活动，组织{{value DY_XS}}新党员赴刘英烈士陵园开展新党员入党宣誓。全覆盖开展省党代会精神集中培训，突出抓好工业经济型专业干部培训，高质量举办中青年干部培训班，集成推进政治铸魂、业务赋能。',
      ],
    },
    {
      name: '紧贴中心大局',
      heading: '',
      paragraphs: [
        '过去一年，我们紧贴中心大局，组织优势、组织担当充分彰显。聚焦大战大考，创新构建模块化快响激活机制，统筹组建3+4应急队伍、{{value YJ_DY}}应急响应单元，为打赢{{value YJ_JH unit=场}}疫情防控遭遇战提供有力保障。实施“四个一线”赋能工程，先后抽调{{value PZ_GB style=approx}}优秀干部参与五金产业转型升级、城市更新、招大引强等重点工作。市镇联动举办“稳进提质”现场集中办公活动{{value BG_CC}}，解决企业需求{{value QYXQ_JJ}}。出台“集体经济巩固提升十条”，{year}年全市经营性收入100万元以上行政村占比位居金华{{rank JT_100_ZB}}。启动“百镇共建强基”项目{{count project category=GJQJ}}，总投资{{value GJQJ_TZ}}，实施“共富工坊”“五全联建”行动。',
      ],
    },
    {
      name: '聚力选育管用',
      heading: '',
      paragraphs: [
        '过去一年，我们聚力选育管用，干部队伍、干部工作有效重塑。开展“容错澄清激励担当、护航经济稳进提质”专项行动，累计容错{{value RCCQ_JS unit=名}}干部。树牢实干实绩实效论英雄导向，推荐选树省、金华市“担当作为好干部”{{value GB_HGB}}，金华市“扛旗先锋”{{value GB_KQXF}}，抗击疫情先进团队{{value KY_XJTD}}、个人{{value KY_XJGR}}。面向清华、北大选聘{{value GB_MXXP}}高素质专业化优秀毕业生，激活年轻干部“源头活水”。',
      ],
    },
    {
      name: '建强战斗堡垒',
      heading: '',
      paragraphs: [
        '过去一年，我们建强战斗堡垒，治理体系、治理能力更加完善。深入实施“红动丽州、强基争先”行动，全域推行党建联建机制，{{value DJ_SFD}}共同富裕党建示范带初见成效。搭建镇村比拼擂台，设立{{pool CZBP}}激励奖金，有力激发镇村干部动能。持续推进党员整治立规，党员违法数量同比{{change WJWF_JS basis=none}}。大力推进现代社区建设，创建{{grade ZXSQ 争先社区}}争先社区，培育壮大{{value SQ_XXDW}}“小巷队伍”。深化“服务力指数”做法，群众评价工作考核位列金华{{rank QZPJ_DF style=chinese}}。',
      ],
    },
    {
      name: '突出首位战略',
      heading: '',
      paragraphs: [
        '过去一年，我们突出首位战略，人才平台人才生态持续优化。聚焦五金产业转型升级，全力推进海外引才，国家级海外引才复审通过率居金华{{rank HW_GJTGL style=chinese}}，省级海外引才{{value HW_SJDB}}入围答辩，入选国家级人才{{value RC_GJ}}、省级{{value RC_SJ}}。首位力度出台人才安居安心政策，半年发放人才购房补助{{value RC_GFBZ}}。启动“销售金蓝领公寓”，低价出售{{value RC_ZFCS}}政策性住房，定向人才免费租房{{value RC_MFZF}}，引才留才生态持续优化。',
      ],
    },
  ],
};

const propaganda: TemplateDefinition = {
  title: '奏响时代强音 汇聚磅礴伟力',
  subtitle: '——{year}年全市宣传思想工作综述',
  sections: [
    {
      name: '总体情况',
      heading: '',
      paragraphs: ['{year}年，全市宣传思想战线在市委的坚强领导下，守正创新、担当实干，为打造“世界五金之都”品质活力永康提供坚强思想保证和强大精神力量。'],
    },
    {
      name: '高举思想之旗',
      heading: '',
      paragraphs: [
        '一年来，我们聚力高举思想之旗，着力推动立心铸魂。纵深推进理论铸魂溯源工程，“学习强国”平台全年共刊发稿件{{value XXQG_GJ}}。着力构建“五金”理论宣讲矩阵，深入开展“六学六进六争先”学习实践活动，组织{{value XJ_TD}}特色宣讲团开展基层宣讲{{value XJ_CC style=approx}}，推出“五金青年说”宣讲微视频{{value XJ_SP style=approx}}，持续推动党的二十大精神飞入寻常百姓家。',
      ],
    },
    {
      name: '讲好永康故事',
      heading: '',
      paragraphs: [
        '一年来，我们聚力讲好永康故事，全面展现奋进形象。创新发展外宣项目，借船出海、借梯登高，全年央媒（含新媒体）刊发稿件{{value YM_GJ style=approx}}。迭代上线“掌上永康”客户端，取得日均活跃用户数{{value ZSYK_RJHY style=approx}}、活跃用户数{{value ZSYK_HY}}的佳绩，媒体融合指数和传播能力走在前列。',
      ],
    },
    {
      name: '推进文润永康',
      heading: '',
      paragraphs: [
        '一年来，我们聚力推进文润永康，加速攀登文化高峰。高标准完成{{value WHLT_JC unit=家}}农村文化礼堂民生实事建设。成功举办省第十七届运动会火炬传递活动和{{value YDH_BS}}项目比赛，荣获{{value YDH_JP}}金牌，超额完成目标。',
      ],
    },
    {
      name: '弘扬时代新风',
      heading: '',
      paragraphs: [
        '一年来，我们聚力弘扬时代新风，绚丽绽放文明之花。{{value WM_ZJHR}}入选“浙江好人”，{{value WM_ZMSJ style=approx sig=1}}“最美路人”“抬车救人”事迹多次亮相人民日报、新华社等主流媒体。开展“慈善一日捐”“家风共传承”等系列活动，参与群众{{value WH_CYRC style=over}}。',
      ],
    },
  ],
};

const unitedFront: TemplateDefinition = {
  title: '同心奋进新征程 携手建功新时代',
  subtitle: '——{year}年全市统战工作综述',
  sections: [
    {
      name: '总体情况',
      heading: '',
      paragraphs: ['{year}年，永康统一战线统筹推进各领域统战工作，为助力打造“世界五金之都”品质活力永康凝聚正能量、画好同心圆。全市统一战线共获得金华及以上荣誉、表彰、批示{{value RY_JHS}}。'],
    },
    {
      name: '聚焦中心工作',
      heading: '',
      paragraphs: [
        '一年来，我们聚焦中心工作，统战法宝作用不断发挥。支持并引导统一战线力量围绕中心工作开展专题调研、民主监督等工作，累计报送议政直通车建议{{value YZZTC_JY}}、开展社会服务{{value SHFW_CC unit=场次 style=approx sig=1}}。共富直采侨“活动”助农产品海外销售{{value QL_HWXS style=approx}}。',
      ],
    },
    {
      name: '注重守正创新',
      heading: '',
      paragraphs: [
        '一年来，我们注重守正创新，统战特色亮点不断呈现。新打造“之江同心”·丽州石榴红“民族团结进步教育实践基地”等阵地{{value MZ_ZD}}，“石榴籽心向党”·民族少年一家亲”系列活动惠及各族学生{{value MZ_XSRC style=approx mark=多}}。成功创建金华市级示范型“清廉民企”{{grade QLMQ 示范型 unit=家}}，标准型{{grade QLMQ 标准型 unit=家}}。',
      ],
    },
    {
      name: '全力防范风险',
      heading: '',
      paragraphs: ['一年来，我们全力防范风险，统战领域安全不断稳固。抓好宗教领域风险隐患源头管理，为场所加装视频监控系统、智慧用电系统、燃气报警系统{{value AFSB_TS style=approx}}，民族宗教实现全年平稳、全域和顺。'],
    },
  ],
};

export const DEMO_TEMPLATES: { dept: ReportDept; name: string; definition: TemplateDefinition }[] = [
  { dept: 'org', name: '年度组织工作综述', definition: org },
  { dept: 'propaganda', name: '年度宣传思想工作综述', definition: propaganda },
  { dept: 'united-front', name: '年度统战工作综述', definition: unitedFront },
];
