import { sql } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestApp, type Client, type TestApp } from '../../testing/harness';
import { DEMO_PASSWORD } from '../../db/demo/demo-county';
import { createUserAsSystem } from '../auth';
import type { DraftDetail, GeneratedSummary, ReportTemplate, ReportTemplateSummary, TemplateDefinition } from '../../../shared/reports';

/** Year-end summaries on the small demo county: templates, drafts with history, exports, imports, scope. */
describe('year-end summaries (年度综述)', () => {
  let t: TestApp;
  let zzb: Client;
  let town: Client;
  let village: Client;
  let templates: ReportTemplateSummary[];
  const tpl = (dept: string) => templates.find((x) => x.dept === dept)!;
  beforeAll(async () => {
    t = await createTestApp();
    zzb = await t.login('zzb');
    town = await t.login('town');
    village = await t.login('village');
    templates = (await zzb.get('/api/report-templates')).body;
  }, 120_000);
  afterAll(() => t?.close());

  describe('templates', () => {
    it('ships the three departments’ templates, visible to the towns below the county', async () => {
      expect(templates.map((x) => x.dept).sort()).toEqual(['org', 'propaganda', 'united-front']);
      expect((await town.get('/api/report-templates')).body.map((x: ReportTemplateSummary) => x.id).sort()).toEqual(templates.map((x) => x.id).sort());
    });

    it('previews a definition live, naming each slot that cannot be resolved and why', async () => {
      const definition: TemplateDefinition = {
        title: '{year}年测试综述',
        subtitle: '',
        sections: [
          { name: '一', heading: '', paragraphs: ['解决企业需求{{value QYXQ_JJ}}，党员违法数量同比{{change WJWF_JS basis=none}}。', '指标{{value NOPE_X}}，写法{{value XJ_CC style=roughly}}，方案{{grade NOPE 优秀}}。'] },
          { name: '二', heading: '', paragraphs: ['未闭合{{value XJ_CC', '没有排名{{rank DY_FZ}}，类型{{foo X}}。'] },
        ],
      };
      const res = await zzb.post('/api/report-templates/preview', { dept: 'org', year: 2022, definition });
      expect(res.status).toBe(200);
      const g = res.body as GeneratedSummary;
      expect(g.title).toBe('2022年测试综述');
      expect(g.figureCount).toBe(2);
      expect(g.problems.map((p) => [p.section, p.paragraph, p.code])).toEqual([
        [1, 2, 'slot.unknown_indicator'],
        [1, 2, 'slot.bad_style'],
        [1, 2, 'slot.unknown_scheme'],
        [2, 1, 'slot.syntax'],
        [2, 2, 'slot.no_standing'],
        [2, 2, 'slot.syntax'],
      ]);
      expect(g.problems[0].message).toContain('NOPE_X');
      expect(g.problems.find((p) => p.code === 'slot.no_standing')!.message).toContain('排名');
      const first = g.sections[0].paragraphs[0];
      const figure = first.find((s) => s.figure)!;
      expect(figure.figure!.source.kind).toBe('records');
      expect(figure.figure!.source.recordQuery).toMatchObject({ kind: 'case', categoryCode: 'QYXQ' });
      expect(first.map((s) => s.text).join('')).toMatch(/^解决企业需求\d+个，党员违法数量同比(下降|增长)[\d.]+%。$/);
    });

    it('reports stray and full-width braces, slots outside paragraphs, and too many slots', async () => {
      const para = (p: string) => ({ dept: 'org', year: 2022, definition: { title: '测试', subtitle: '', sections: [{ name: '一', heading: '', paragraphs: [p] }] } });
      const stray = (await zzb.post('/api/report-templates/preview', para('甲{{value XJ_CC 乙{{value QYXQ_JJ}}丙}}，丁｛｛value XJ_CC｝｝，{{value XJ_CC unit=}}'))).body as GeneratedSummary;
      expect(stray.problems.map((p) => p.message)).toEqual([
        expect.stringContaining('缺少 }}'),
        expect.stringContaining('多余的 }}'),
        expect.stringContaining('全角'),
        expect.stringContaining('没有写值'),
      ]);
      const inTitle = await zzb.post('/api/report-templates/preview', { dept: 'org', year: 2022, definition: { title: '{{value XJ_CC}}', subtitle: '', sections: [{ name: '一', heading: '', paragraphs: ['正文'] }] } });
      expect(inTitle.status).toBe(400);
      expect(inTitle.body.details).toEqual([expect.objectContaining({ path: 'definition.title', message: expect.stringContaining('不能使用数据槽') })]);
      const many = await zzb.post('/api/report-templates/preview', para('{{value XJ_CC}}'.repeat(301)));
      expect(many.status).toBe(400);
      expect(JSON.stringify(many.body.details)).toContain('最多300个数据槽');
    });

    it('never lists the titles of sensitive cases, though it counts them', async () => {
      const res = (await zzb.post('/api/report-templates/preview', { dept: 'org', year: 2022, definition: { title: '测试', subtitle: '', sections: [{ name: '一', heading: '', paragraphs: ['违纪违法{{count case category=WJWF unit=件}}，如{{top case category=WJWF}}。'] }] } })).body as GeneratedSummary;
      expect(res.figureCount).toBe(1);
      expect(res.problems).toEqual([expect.objectContaining({ code: 'slot.sensitive' })]);
    });

    it('counts a town’s own units in grades and pools, not the county’s', async () => {
      const definition = { title: '测试', subtitle: '', sections: [{ name: '一', heading: '', paragraphs: ['奖金{{pool CZBP}}。'] }] };
      const county = (await zzb.post('/api/report-templates/preview', { dept: 'org', year: 2022, definition })).body as GeneratedSummary;
      const mine = (await town.post('/api/report-templates/preview', { dept: 'org', year: 2022, definition })).body as GeneratedSummary;
      const amount = (g: GeneratedSummary) => g.sections[0].paragraphs[0].find((s) => s.figure)?.figure?.value ?? 0;
      expect(amount(county)).toBe(2_000_000);
      expect(amount(mine)).toBeLessThan(amount(county));
      const [{ inside }] = await queryRows<{ inside: number }>(
        t.ctx.db,
        sql`select coalesce(sum((a->>'amount')::numeric), 0)::float8 inside from incentive_pools p join scheme_results r on r.id = p.result_id join schemes s on s.id = r.scheme_id,
            jsonb_array_elements(p.allocations) a where s.code = 'CZBP' and r.period = '2022'
            and (a->>'orgUnitId')::int in (select id from org_units where path like (select path from org_units where code = '330784105') || '%')`,
      );
      expect(amount(mine)).toBe(inside);
    });

    it('validates a definition field by field, in Chinese', async () => {
      const res = await zzb.post('/api/report-templates', { dept: 'org', name: '', definition: { title: '', sections: [] } });
      expect(res.status).toBe(400);
      const paths = (res.body.details as { path: string; message: string }[]).map((d) => d.path);
      expect(paths).toEqual(expect.arrayContaining(['name', 'definition.title', 'definition.sections']));
    });

    it('saves with optimistic locking and records the change', async () => {
      const current = (await zzb.get(`/api/report-templates/${tpl('propaganda').id}`)).body as ReportTemplate;
      const definition = { ...current.definition, subtitle: '——{year}年全市宣传思想工作综述（修订）' };
      const saved = await zzb.put(`/api/report-templates/${current.id}`, { name: current.name, definition, version: current.version });
      expect(saved.status).toBe(200);
      expect(saved.body.version).toBe(current.version + 1);
      const stale = await zzb.put(`/api/report-templates/${current.id}`, { name: current.name, definition: current.definition, version: current.version });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('report_template.stale');
      const [audit] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int n from audit_events where action = 'report_template.update' and entity_id = ${String(current.id)}`);
      expect(audit.n).toBe(1);
      templates = (await zzb.get('/api/report-templates')).body;
    });

    it('lets a town use the county’s templates but not change them; it keeps its own', async () => {
      const t0 = (await town.get(`/api/report-templates/${tpl('org').id}`)).body as ReportTemplate;
      const refused = await town.put(`/api/report-templates/${t0.id}`, { name: t0.name, definition: t0.definition, version: t0.version });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('report_template.owned_above');
      const own = await town.post('/api/report-templates', { dept: 'org', name: '石柱镇组织工作综述', definition: t0.definition });
      expect(own.status).toBe(200);
      // The county does not lose sight of it; another town never sees it.
      expect((await zzb.get('/api/report-templates')).body.some((x: ReportTemplateSummary) => x.id === own.body.id)).toBe(true);
      await createUserAsSystem(t.ctx, { username: 'other_town', displayName: '东城街道账号', orgUnitCode: '330784001', role: 'town', password: DEMO_PASSWORD });
      const other = await t.login('other_town');
      expect((await other.get('/api/report-templates')).body.some((x: ReportTemplateSummary) => x.id === own.body.id)).toBe(false);
      expect((await other.get(`/api/report-templates/${own.body.id}`)).status).toBe(404);
    });
  });

  describe('drafts', () => {
    let draft: DraftDetail;
    it('generates a summary with every figure traced to its source', async () => {
      const res = await zzb.post('/api/report-drafts', { templateId: tpl('org').id, year: 2022 });
      expect(res.status).toBe(200);
      draft = res.body;
      expect(draft.revisions).toHaveLength(1);
      expect(draft.revision.kind).toBe('generated');
      const g = draft.revision.generated!;
      expect(g.problems).toEqual([]);
      const figures = g.sections.flatMap((s) => s.paragraphs.flat()).filter((s) => s.figure);
      expect(figures.length).toBe(g.figureCount);
      expect(figures.every((f) => f.figure!.source.label && f.figure!.source.unitId === g.unit.id)).toBe(true);
      expect(new Set(figures.map((f) => f.figure!.source.kind))).toEqual(new Set(['indicator', 'records', 'assessment', 'pool']));
      expect(draft.revision.text.split('\n')[0]).toBe('凝心聚力担使命 砥砺前行续华章');
      expect(draft.revision.text).toContain('——2022年全市组织工作综述');
    });

    it('keeps a hand edit as a new revision, fact-checked figure by figure; a stale save is refused', async () => {
      const figure = draft.revision.generated!.sections.flatMap((s) => s.paragraphs.flat()).find((s) => s.figure?.source.indicatorCode === 'QYXQ_JJ')!;
      const wrong = `${figure.figure!.value + 1}个`;
      const text = draft.revision.text.replace(`企业需求${figure.text}`, `企业需求${wrong}`);
      expect(text).not.toBe(draft.revision.text);
      const saved = await zzb.put(`/api/report-drafts/${draft.id}`, { text, version: draft.version, note: '改一个数' });
      expect(saved.status).toBe(200);
      const edited = saved.body as DraftDetail;
      expect(edited.revisions.map((r) => r.kind)).toEqual(['generated', 'edited']);
      expect(edited.revision.note).toBe('改一个数');
      const mismatches = edited.revision.check!.claims.filter((c) => c.verdict === 'mismatch');
      expect(mismatches.map((c) => [c.text, c.suggestion])).toEqual([[wrong, `应为${figure.text}`]]);
      // Every other figure the template wrote is verified: by its indicator, or by its own slot resolved again.
      expect(edited.revision.check!.counts.unknown, JSON.stringify(edited.revision.check!.claims.filter((c) => c.verdict === 'unknown'))).toBe(0);
      const pool = edited.revision.check!.claims.find((c) => c.unit === '元' && c.source?.code.startsWith('{{pool'));
      expect(pool?.verdict).toBe('verified');
      const stale = await zzb.put(`/api/report-drafts/${draft.id}`, { text: draft.revision.text, version: draft.version, note: '' });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('report_draft.stale');
      // History: the first revision is still there, as generated.
      const first = (await zzb.get(`/api/report-drafts/${draft.id}?revision=1`)).body as DraftDetail;
      expect(first.revision.kind).toBe('generated');
      expect(first.revision.text).toBe(draft.revision.text);
      draft = edited;
    });

    it('never rewrites a revision, even in the database', async () => {
      const err = await t.ctx.db.execute(sql`update report_draft_revisions set text = 'x' where draft_id = ${draft.id}`).then(
        () => null,
        (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
      );
      expect(err).toMatch(/written once/);
    });

    it('refuses an empty text and regenerates on request as a further revision', async () => {
      const empty = await zzb.put(`/api/report-drafts/${draft.id}`, { text: '只有标题', version: draft.version, note: '' });
      expect(empty.status).toBe(400);
      expect(empty.body.code).toBe('report_draft.empty');
      const again = await zzb.post(`/api/report-drafts/${draft.id}/regenerate`, { version: draft.version });
      expect(again.status).toBe(200);
      expect(again.body.revisions.map((r: { kind: string }) => r.kind)).toEqual(['generated', 'edited', 'generated']);
      draft = again.body;
    });

    it('exports .docx, PDF, HTML and text; markup typed into a draft is never run', async () => {
      const withMarkup = draft.revision.text.replace('过去一年', '<script>alert(1)</script>过去一年');
      draft = (await zzb.put(`/api/report-drafts/${draft.id}`, { text: withMarkup, version: draft.version, note: '' })).body;
      const docx = await zzb.get(`/api/report-drafts/${draft.id}/export?format=docx`);
      expect(docx.status).toBe(200);
      expect(String(docx.headers['content-disposition'])).toContain(encodeURIComponent('2022年组织工作综述'));
      const zip = await JSZip.loadAsync(docx.raw);
      const xml = await zip.file('word/document.xml')!.async('string');
      expect(xml).toContain('凝心聚力担使命');
      expect(xml).toContain('&lt;script&gt;');
      const pdf = await zzb.get(`/api/report-drafts/${draft.id}/export?format=pdf`);
      expect(pdf.raw.subarray(0, 5).toString()).toBe('%PDF-');
      const html = await zzb.get(`/api/report-drafts/${draft.id}/export?format=html`);
      expect(html.raw.toString()).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html.raw.toString()).not.toContain('<script>');
      const txt = await zzb.get(`/api/report-drafts/${draft.id}/export?format=txt&revision=1`);
      expect(txt.raw.toString()).toBe((await zzb.get(`/api/report-drafts/${draft.id}?revision=1`)).body.revision.text);
      const bad = await zzb.get(`/api/report-drafts/${draft.id}/export?format=doc`);
      expect(bad.status).toBe(400);
    });

    it('shows a draft only inside its unit’s subtree', async () => {
      const list = (await town.get('/api/report-drafts')).body as { id: number }[];
      expect(list.some((d) => d.id === draft.id)).toBe(false);
      expect((await town.get(`/api/report-drafts/${draft.id}`)).status).toBe(404);
      expect((await village.put(`/api/report-drafts/${draft.id}`, { text: draft.revision.text, version: draft.version, note: '' })).status).toBe(403);
      const own = await town.post('/api/report-drafts', { templateId: tpl('org').id, year: 2022 });
      expect(own.status).toBe(200);
      expect(own.body.unit.name).toBe('石柱镇');
      expect((await zzb.get('/api/report-drafts?year=2022')).body.map((d: { id: number }) => d.id)).toEqual(expect.arrayContaining([draft.id, own.body.id]));
    });
  });

  describe('importing an old summary', () => {
    const text = '2021年，推荐选树“担当作为好干部”3名，“扛旗先锋”5名。低价出售2000套政策性住房。夺得省运会金牌30枚。全市4.7万余名党员。解决企业需求400个。';
    it('proposes a value per figure and writes nothing until a row is confirmed', async () => {
      const [before] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int n from indicator_values`);
      const res = await zzb.post('/api/reports/import/propose', { year: 2021, text });
      expect(res.status).toBe(200);
      const rows = res.body.proposals as { text: string; status: string; indicator?: { code: string }; value?: number; existing?: number | null; reason?: string }[];
      const by = (s: string) => rows.find((r) => r.text === s)!;
      expect(by('3名')).toMatchObject({ status: 'same', indicator: { code: 'GB_HGB' }, value: 3, existing: 3 });
      expect(by('5名')).toMatchObject({ status: 'differs', indicator: { code: 'GB_KQXF' }, value: 5, existing: 2 });
      // 政策性住房出售套数 is counted from the apartment contracts now: never typed in.
      expect(by('2000套')).toMatchObject({ status: 'blocked', indicator: { code: 'RC_ZFCS' }, value: 2000 });
      expect(by('2000套').reason).toContain('自动统计');
      expect(by('30枚')).toMatchObject({ status: 'new', indicator: { code: 'YDH_JP' }, value: 30, existing: null });
      expect(by('4.7万余名')).toMatchObject({ status: 'blocked' });
      expect(by('4.7万余名').reason).toContain('约数');
      expect(by('400个')).toMatchObject({ status: 'blocked', indicator: { code: 'QYXQ_JJ' } });
      const [after] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int n from indicator_values`);
      expect(after.n).toBe(before.n);
    });

    it('writes a confirmed row as a signed-off 2021 figure with the document as its source; never over another source', async () => {
      const rows = (await zzb.post('/api/reports/import/propose', { year: 2021, text })).body.proposals as { text: string; indicator: { id: number }; value: number }[];
      const sold = rows.find((r) => r.text === '30枚')!;
      const ok = await zzb.post('/api/reports/import/confirm', { year: 2021, indicatorId: sold.indicator.id, value: sold.value, documentTitle: '2021年全市组织工作综述', claimText: '夺得省运会金牌30枚' });
      expect(ok.status).toBe(200);
      const [v] = await queryRows<{ approved: number; source: string; comment: string }>(
        t.ctx.db,
        sql`select approved_value approved, source, comment from indicator_values where indicator_id = ${sold.indicator.id} and period = '2021'`,
      );
      expect(v).toMatchObject({ approved: 30, source: 'document' });
      expect(v.comment).toContain('2021年全市组织工作综述');
      const again = (await zzb.post('/api/reports/import/propose', { year: 2021, text })).body.proposals as { text: string; status: string }[];
      expect(again.find((r) => r.text === '30枚')!.status).toBe('same');
      // The demo's history figure for 扛旗先锋 came from another source: refused, not overwritten.
      const other = rows.find((r) => r.text === '5名')!;
      const refused = await zzb.post('/api/reports/import/confirm', { year: 2021, indicatorId: other.indicator.id, value: 5, documentTitle: '2021年全市组织工作综述', claimText: '“扛旗先锋”5名' });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/[\u4e00-\u9fa5]/);
      expect((await town.post('/api/reports/import/propose', { year: 2021, text })).status).toBe(403);
    });

    it('refuses a confirmed value the quoted text does not state exactly, and this year’s figures', async () => {
      const rows = (await zzb.post('/api/reports/import/propose', { year: 2021, text })).body.proposals as { text: string; phrase: string; indicator: { id: number }; value: number }[];
      const members = rows.find((r) => r.text === '4.7万余名')!;
      const approx = await zzb.post('/api/reports/import/confirm', { year: 2021, indicatorId: members.indicator.id, value: 47000, documentTitle: '旧综述', claimText: members.phrase });
      expect(approx.status).toBe(400);
      expect(approx.body.code).toBe('report_import.approximate');
      const sold = rows.find((r) => r.text === '2000套')!;
      const wrong = await zzb.post('/api/reports/import/confirm', { year: 2021, indicatorId: sold.indicator.id, value: 2500, documentTitle: '旧综述', claimText: sold.phrase });
      expect(wrong.status).toBe(400);
      expect(wrong.body.code).toBe('report_import.value_not_in_text');
      const thisYear = new Date().getUTCFullYear() + 1;
      const future = await zzb.post('/api/reports/import/confirm', { year: thisYear, indicatorId: sold.indicator.id, value: 2000, documentTitle: '旧综述', claimText: sold.phrase });
      expect(future.status).toBe(400);
      expect(future.body.code).toBe('report_import.not_past_year');
    });
  });
});
