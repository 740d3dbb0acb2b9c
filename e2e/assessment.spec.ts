import { expect, test, type Locator, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { signIn } from './helpers';
import { pickOption, pickTreeNode } from './ledger-helpers';

const PHONE = { width: 390, height: 844 };
const POOL = 2_000_000;

/** The antd Select box around a field's input (what it shows once something is chosen). */
const selectBox = (field: Locator) => field.locator('xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');

/** Picks an indicator in an IndicatorPicker by typing its name (the list is longer than the popup shows). */
async function pickIndicator(page: Page, field: Locator, name: string) {
  await expect(async () => {
    await field.click();
    await field.fill(name);
    await page.locator('.ant-select-item-option:visible').filter({ hasText: name }).first().click({ timeout: 3_000 });
    await expect(selectBox(field)).toContainText(name, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/** Waits until a sliding panel stops moving, so a screenshot shows it in place. */
async function settled(l: Locator) {
  let last = '';
  await expect(async () => {
    const box = JSON.stringify(await l.boundingBox());
    const same = box === last;
    last = box;
    expect(same).toBe(true);
  }).toPass({ intervals: [150], timeout: 5_000 });
}

/** "89.70" → 89.7; the figures on the page are shown with two decimals. */
const num = async (l: Locator) => Number((await l.innerText()).replace(/[^\d.-]/g, ''));

test('a county department defines a village competition, checks a village’s breakdown, publishes it with a public page and splits a 2,000,000-yuan incentive pool', async ({ page, browser }) => {
  test.setTimeout(300_000);
  const suffix = Date.now().toString(36).toUpperCase().slice(-5);
  const name = `村级党建比拼擂台（${suffix}）`;

  await signIn(page, 'zzb');
  await page.goto('/');
  await page.getByRole('menuitem', { name: '考评排名' }).click();
  await expect(page).toHaveURL(/\/assessment$/);
  await page.getByRole('button', { name: '新建方案' }).click();
  await expect(page).toHaveURL(/\/assessment\/new$/);

  // Basics: the scope defaults to the account's county, the cohort to villages and communities.
  await page.getByLabel('方案编码').fill(`cun bp ${suffix}`);
  await expect(page.getByLabel('方案编码')).toHaveValue(`CUN_BP_${suffix}`);
  await page.getByLabel('方案名称').fill(name);
  await expect(selectBox(page.getByLabel('参评范围'))).toContainText('永康市');
  await expect(selectBox(page.getByLabel('参评单位类型'))).toContainText('行政村');
  await expect(selectBox(page.getByLabel('参评单位类型'))).toContainText('社区');

  // Item 1: collective income, min–max over the cohort. The label follows the indicator.
  const item1 = page.getByTestId('item-0');
  await pickIndicator(page, item1.getByLabel('指标'), '村级集体经营性收入');
  await expect(item1.getByLabel('项目名称')).toHaveValue('村级集体经营性收入');
  await item1.getByLabel('项目名称').fill('集体经营性收入');
  await item1.getByLabel('权重（分）').fill('50');
  // Weights not adding up to 100 warn but do not block.
  await expect(page.getByTestId('weight-total')).toContainText('50');
  await expect(page.getByTestId('weight-warning')).toBeVisible();

  // Item 2: lectures counted from the ledger, scored by rank.
  await page.getByRole('button', { name: '添加计分项目' }).click();
  const item2 = page.getByTestId('item-1');
  await pickIndicator(page, item2.getByLabel('指标'), '宣讲场次');
  await item2.getByLabel('权重（分）').fill('30');
  await pickOption(page, item2.getByLabel('计分方式'), '按名次得分');

  // Item 3: new party members against a fixed target of 3.
  await page.getByRole('button', { name: '添加计分项目' }).click();
  const item3 = page.getByTestId('item-2');
  await pickIndicator(page, item3.getByLabel('指标'), '发展党员数');
  await item3.getByLabel('权重（分）').fill('20');
  await pickOption(page, item3.getByLabel('计分方式'), '目标完成率');
  await item3.getByLabel('目标值').fill('3');
  await expect(page.getByTestId('weight-total')).toContainText('权重合计 100 分');
  await expect(page.getByTestId('weight-warning')).toHaveCount(0);

  // A bonus for honours recorded in the ledger: 2 points each, at most 5.
  await page.getByRole('button', { name: '添加加分项' }).click();
  const bonus = page.getByTestId('adjustment-0');
  await bonus.getByLabel('名称', { exact: true }).fill('获得荣誉表彰');
  await bonus.getByLabel('每项分值', { exact: true }).fill('2');
  await bonus.getByLabel('封顶', { exact: true }).fill('5');
  await pickOption(page, bonus.getByLabel('台账', { exact: true }), '荣誉台账');
  await pickTreeNode(page, bonus.getByLabel('台账类别'), '荣誉表彰');

  // Grades out of order: the server's message lands on the very field.
  const grades = page.getByTestId('grades-card');
  await grades.getByLabel('第2个等次分数线').fill('90');
  await page.getByRole('button', { name: '保存方案' }).click();
  await expect(grades.getByText('等次应从高到低排列，分数线逐级降低')).toBeVisible();
  await grades.getByLabel('第2个等次分数线').fill('70');
  await expect(grades.getByText('等次应从高到低排列，分数线逐级降低')).toHaveCount(0);
  await page.getByRole('button', { name: '保存方案' }).click();
  await expect(page).toHaveURL(/\/assessment\/\d+(\?.*)?$/);
  const schemeId = Number(/\/assessment\/(\d+)/.exec(page.url())![1]);

  // The scheme opens on the latest year whose figures are in: 2022 for the demo county.
  await expect(page).toHaveURL(/period=2022/);
  await expect(page.locator('.ant-card-head-title').first()).toContainText(name);
  const table = page.getByTestId('run-table');
  await expect(page.getByTestId('run-stats')).toContainText(/参评 \d+ 个单位/);
  const rows = table.locator('tr.ant-table-row');
  await expect(rows.first()).toBeVisible();
  await expect(rows.first().locator('td').first()).toHaveText('1');
  await page.screenshot({ path: 'test-results/assessment-run-table.png' });

  // A village that earned a bonus, if any on the first page; else the top one.
  const withBonus = rows.filter({ hasText: /\+\d+\.\d\d/ });
  const row = (await withBonus.count()) ? withBonus.first() : rows.first();
  const rowTotal = await num(row.getByTestId('row-total'));
  await row.locator('td').nth(1).locator('a').click();
  const drawer = page.getByTestId('breakdown-drawer');
  await expect(drawer.getByTestId('bd-item')).toHaveCount(3);
  const itemPoints = await Promise.all((await drawer.getByTestId('bd-item-points').all()).map(num));
  const base = await num(drawer.getByTestId('bd-base'));
  const bonusPts = await num(drawer.getByTestId('bd-bonus'));
  const penalty = await num(drawer.getByTestId('bd-penalty'));
  const total = await num(drawer.getByTestId('bd-total'));
  expect(total).toBe(rowTotal);
  expect(Math.round(itemPoints.reduce((s, x) => s + x, 0) * 100) / 100).toBe(base);
  expect(Math.round((base + bonusPts - penalty) * 100) / 100).toBe(total);
  // Every item links to the figures behind it.
  await expect(drawer.getByTestId('bd-source-link')).toHaveCount(3);
  await expect(drawer.getByTestId('bd-source-link').first()).toHaveAttribute('href', /\/explore\?indicator=\d+&unit=\d+&from=2022&tab=sources/);
  if (bonusPts > 0) await expect(drawer.getByTestId('bd-adjustment').getByRole('link', { name: '查看台账记录' })).toHaveAttribute('href', /\/ledger\/honours\?.*categoryCode=RY/);
  await settled(drawer.getByTestId('bd-formula'));
  await page.screenshot({ path: 'test-results/assessment-breakdown.png' });
  await page.locator('.ant-drawer-close').click();
  await expect(drawer).toBeHidden();

  // The same on a phone: rank and unit stay put while the figures scroll sideways; the breakdown fills the screen.
  await page.setViewportSize(PHONE);
  await page.getByTestId('run-stats').evaluate((el) => {
    el.scrollIntoView({ block: 'start' });
    window.scrollBy(0, -72);
  });
  await page.screenshot({ path: 'test-results/assessment-run-table-phone.png' });
  await row.locator('td').nth(1).locator('a').click();
  await settled(drawer.getByTestId('bd-formula'));
  expect((await drawer.boundingBox())!.width).toBeGreaterThanOrEqual(PHONE.width - 1);
  await page.screenshot({ path: 'test-results/assessment-breakdown-phone.png' });
  await page.locator('.ant-drawer-close').click();
  await expect(drawer).toBeHidden();
  await page.setViewportSize({ width: 1280, height: 720 });

  // Publish with a public page.
  await page.getByRole('button', { name: '发布结果' }).click();
  const dialog = page.getByRole('dialog').filter({ hasText: '发布2022年考评结果' });
  await dialog.getByRole('switch', { name: '同时生成公开页面' }).click();
  await dialog.getByRole('button', { name: '发布' }).click();
  await expect(page).toHaveURL(/\/assessment\/results\/\d+$/);
  await expect(page.getByText('已发布快照，不随数据更正变化')).toBeVisible();
  const resultTable = page.getByTestId('result-table');
  await expect(resultTable.locator('tr.ant-table-row').first().getByTestId('row-total')).toHaveText(/\d+\.\d\d/);
  await expect(page.getByTestId('grade-chart')).toBeVisible();
  await expect(page.getByTestId('public-qr')).toBeVisible();
  const publicUrl = await page.getByTestId('public-url').inputValue();
  expect(publicUrl).toMatch(/\/p\/[A-Za-z0-9_-]{16,}$/);

  // The result export has one row per unit.
  const [resultFile] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).first().click()]);
  const resultBook = new ExcelJS.Workbook();
  await resultBook.xlsx.readFile((await resultFile.path())!);
  const cohort = Number(/参评[^\d]*(\d+) 个/.exec(await page.locator('.ant-descriptions').first().innerText())![1]);
  expect(resultBook.worksheets[0].actualRowCount - 1).toBe(cohort);

  // Anyone opens the public page on a phone, without signing in.
  const outsider = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const phone = await outsider.newPage();
  await phone.goto(publicUrl);
  await expect(phone.getByTestId('public-title')).toContainText(name);
  await expect(phone.getByTestId('public-row')).toHaveCount(Math.min(100, cohort));
  const first = phone.getByTestId('public-row').first();
  await first.getByRole('button').click();
  await expect(first.getByTestId('public-row-items')).toContainText('集体经营性收入');
  await expect(first.getByTestId('public-row-items')).toContainText('宣讲场次');
  // The page fits the phone: nothing wider than the screen.
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await phone.screenshot({ path: 'test-results/assessment-public-phone.png' });
  await phone.goto('/p/no-such-page-0123456789');
  await expect(phone.getByText('该公示页面不存在或已撤下')).toBeVisible();
  await outsider.close();

  // 2,000,000 yuan by rank tiers: 3 × 200,000, 7 × 100,000, 20 × 35,000.
  const pools = page.getByTestId('pools');
  await pools.getByLabel('奖金池总额（元）').fill(String(POOL));
  await expect(pools.getByTestId('pool-wan')).toContainText('200万元');
  await pools.getByLabel('第1档每个单位金额').fill('200000');
  await pools.getByLabel('第2档每个单位金额').fill('100000');
  await pools.getByRole('button', { name: '添加档次' }).click();
  await expect(pools.getByLabel('第3档起始名次')).toHaveValue('11');
  await pools.getByLabel('第3档截止名次').fill('30');
  await pools.getByLabel('第3档每个单位金额').fill('35000');
  await pools.getByRole('button', { name: '试算' }).click();
  const preview = pools.getByTestId('pool-preview');
  await expect(preview.getByTestId('pool-sum')).toContainText('2,000,000 元');
  await expect(preview.getByTestId('pool-sum')).toContainText('等于奖金池');
  await pools.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText(/已保存“.+”，共分配 2,000,000 元/)).toBeVisible();
  const saved = pools.getByTestId('saved-pools');
  await expect(saved).toContainText('2,000,000 元');

  const [poolFile] = await Promise.all([page.waitForEvent('download'), saved.getByTestId('export-pool').first().click()]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await poolFile.path())!);
  const sheet = book.getWorksheet('奖金分配')!;
  const header = (sheet.getRow(1).values as unknown[]).map(String);
  const unitCol = header.indexOf('单位');
  const amountCol = header.indexOf('金额（元）');
  let sum = 0;
  let totalRow: number | null = null;
  sheet.eachRow((r, i) => {
    if (i === 1) return;
    if (r.getCell(unitCol).value === '合计') totalRow = Number(r.getCell(amountCol).value);
    else sum += Number(r.getCell(amountCol).value ?? 0);
  });
  expect(sum).toBe(POOL);
  expect(totalRow).toBe(POOL);

  // The scheme lists the publication; the list shows it as the latest result.
  await page.goto(`/assessment/${schemeId}?tab=results`);
  await expect(page.getByTestId('results-list')).toContainText('有效');
  await page.goto('/assessment');
  await expect(page.getByTestId('scheme-list').locator('tr').filter({ hasText: name })).toContainText('2022年结果');
});
