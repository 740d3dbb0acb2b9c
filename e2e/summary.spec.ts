import { readFileSync, statSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { signIn } from './helpers';

// On the demo county, 2022: 5,236 宣讲 sessions (the propaganda summary writes 5200余场次) and 477
// enterprise needs solved (the organization summary writes 477个), both counted from the ledger.

/** The antd Select box around a field's input (what it shows once something is chosen). */
const selectBox = (field: Locator) => field.locator('xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');

/** Picks an option of an antd Select, clicking again if a modal still sliding in carried the popup away. */
async function pickOption(page: Page, field: Locator, text: string) {
  await expect(async () => {
    if (!(await page.locator('.ant-select-dropdown:visible').count())) await field.click();
    await page.locator('.ant-select-item-option:visible').filter({ hasText: text }).first().click({ timeout: 3_000 });
    await expect(selectBox(field)).toContainText(text, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/** 年度综述 → 生成综述 for one department and 2022; lands on the new draft. */
async function generate(page: Page, dept: string) {
  await page.getByRole('menuitem', { name: '年度综述' }).click();
  await expect(page).toHaveURL(/\/reports$/);
  await page.getByRole('button', { name: '生成综述' }).click();
  const dialog = page.getByRole('dialog', { name: '生成综述' });
  await pickOption(page, dialog.getByRole('combobox', { name: '生成部门' }), dept);
  await expect(selectBox(dialog.getByRole('combobox', { name: '生成年度' }))).toContainText('2022年');
  // The department has one template: it is chosen already.
  await expect(selectBox(dialog.getByRole('combobox', { name: `${dept}模板` }))).toContainText(dept);
  await dialog.getByRole('button', { name: '生成' }).click();
  await expect(page).toHaveURL(/\/reports\/drafts\/\d+$/);
  await expect(page.getByTestId('summary-document')).toBeVisible();
}

test('the propaganda summary for 2022 links its lecture figure to the lectures in the ledger', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'zzb');
  await generate(page, '宣传思想工作');

  const doc = page.getByTestId('summary-document');
  await expect(doc.locator('h1')).toHaveText('奏响时代强音 汇聚磅礴伟力');
  await expect(doc).toContainText('——2022年全市宣传思想工作综述');
  const lectures = doc.getByTestId('summary-figure').filter({ hasText: /^5200余场次$/ });
  await expect(lectures).toHaveCount(1);

  // The figure says where it came from, and opens the records it counts.
  await lectures.hover();
  await expect(page.getByRole('tooltip')).toContainText('2022');
  await lectures.click();
  await expect(page).toHaveURL(/\/ledger\/activities\?.*categoryCode=XJ/);
  await expect(page).toHaveURL(/from=2022-01-01.*to=2022-12-31/);
  const rows = page.getByTestId('ledger-table').locator('tr.ant-table-row');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(0);
  await expect(page.locator('.ant-pagination-total-text')).toHaveText('共 5236 条');
});

test('the organization summary: figures as links, Word export, an edit checked against the ledger, history', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'zzb');
  await generate(page, '组织工作');
  const draftUrl = page.url();

  const doc = page.getByTestId('summary-document');
  await expect(doc.locator('h1')).toHaveText('凝心聚力担使命 砥砺前行续华章');
  for (const figure of ['464个', '10.67亿元']) await expect(doc.getByTestId('summary-figure').filter({ hasText: figure }).first()).toBeVisible();
  const solved = doc.getByTestId('summary-figure').filter({ hasText: /^477个$/ });
  await expect(solved).toHaveCount(1);
  await expect(solved).toHaveAttribute('href', /.+/);
  await expect(page.getByTestId('draft-revision')).toContainText('第1版');
  await page.screenshot({ path: 'test-results/summary-generated.png', fullPage: true });

  // Word export of the revision shown: a .docx (a zip: "PK") of some substance.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-docx').click()]);
  expect(download.suggestedFilename()).toMatch(/\.docx$/);
  const file = (await download.path())!;
  expect(readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK');
  expect(statSync(file).size).toBeGreaterThan(5 * 1024);

  // Edit: one figure written wrong, saved with a note.
  await page.getByRole('button', { name: '编辑' }).click();
  const box = page.getByRole('textbox', { name: '综述内容' });
  const text = await box.inputValue();
  expect(text).toContain('477个');
  await box.fill(text.replace('477个', '478个'));
  await page.getByRole('button', { name: '保存' }).click();
  const noteDialog = page.getByRole('dialog', { name: '保存修改' });
  await noteDialog.getByRole('textbox', { name: '修改说明' }).fill('调整企业需求数');
  await noteDialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('draft-revision')).toContainText('第2版');
  await expect(page.getByTestId('draft-revision')).toContainText('修改');

  // The edited text is checked against the ledger: exactly the one figure is wrong.
  await expect(page.getByTestId('check-counts')).toContainText('不符 1');
  const wrong = doc.locator('mark[data-verdict="mismatch"]');
  await expect(wrong).toHaveCount(1);
  await expect(wrong).toHaveText('478个');
  await expect(doc.getByTestId('claim-suggestion')).toHaveText(/应为477个/);
  await expect(page.getByTestId('claim-issues').locator('[data-verdict="mismatch"]')).toContainText('应为477个');
  await page.screenshot({ path: 'test-results/summary-edited.png', fullPage: true });

  // History: the generated revision and the edit; the first opens read-only by its URL.
  await page.getByRole('button', { name: /历史版本/ }).click();
  const items = page.getByTestId('history-drawer').getByTestId('revision-item');
  await expect(items).toHaveCount(2);
  await expect(items.first()).toContainText('第2版');
  await expect(items.first()).toContainText('调整企业需求数');
  await items.nth(1).click();
  await expect(page).toHaveURL(/\?revision=1$/);
  await expect(page.getByText('正在查看第1版（历史版本，只读）')).toBeVisible();
  await expect(doc.getByTestId('summary-figure').filter({ hasText: /^477个$/ })).toHaveCount(1);
  await expect(page.getByTestId('export-docx')).toHaveAttribute('href', /revision=1/);

  // On a phone the document fits the screen: the toolbar wraps, nothing scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(draftUrl);
  await expect(page.getByTestId('summary-document')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'test-results/summary-phone.png', fullPage: true });
});

test('the template editor previews live and names a slot with an unknown indicator', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'zzb');
  await page.getByRole('menuitem', { name: '综述模板' }).click();
  await expect(page).toHaveURL(/\/reports\/templates$/);
  await page.getByTestId('template-list').getByRole('link', { name: '年度组织工作综述' }).click();
  await expect(page).toHaveURL(/\/reports\/templates\/\d+$/);

  const preview = page.getByTestId('template-preview');
  await expect(preview.getByTestId('preview-document')).toContainText('——2022年全市组织工作综述');
  await expect(preview.getByTestId('summary-figure').filter({ hasText: /^477个$/ })).toHaveCount(1);

  const paragraph = page.getByRole('textbox', { name: '第1节第1段' });
  await paragraph.click();
  await paragraph.press('Control+End');
  await paragraph.pressSequentially('共有{{value NOPE_X}}。');
  const problems = preview.getByTestId('summary-problem').filter({ hasText: 'NOPE_X' });
  await expect(problems).toHaveCount(1);
  await expect(problems.first()).toContainText('第1节第1段');
  await expect(problems.first()).toContainText('NOPE_X');
  await expect(problems.first()).toContainText('不存在');
  await expect(preview.getByTestId('summary-problem-mark').first()).toHaveText('【？】');
  await page.screenshot({ path: 'test-results/summary-template-preview.png', fullPage: true });
});

test('an old summary is read figure by figure and only a confirmed row is written', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'zzb');
  await page.getByRole('menuitem', { name: '导入往年综述' }).click();
  await expect(page).toHaveURL(/\/reports\/import$/);
  await page.getByRole('textbox', { name: '综述全文' }).fill('2021年，夺得省运会金牌30枚，低价出售1800套政策性住房，全市4.5万余名党员。');
  await page.getByRole('button', { name: /识\s*别/ }).click();
  const result = page.getByTestId('import-result');
  await expect(result).toContainText('尚未写入任何数据');
  const table = page.getByTestId('proposal-table');
  const medals = table.locator('tr').filter({ hasText: '30枚' });
  await expect(medals).toContainText('YDH_JP');
  await expect(medals).toContainText('新增');
  // A figure the system counts from its own records (apartment contracts) cannot be typed in.
  const sold = table.locator('tr').filter({ hasText: '1800套' });
  await expect(sold).toContainText('政策性住房出售套数');
  await expect(sold).toContainText('由系统自动统计，不能导入');
  await expect(sold.getByTestId('import-confirm')).toHaveCount(0);
  // An approximate figure is shown, greyed, with the reason; it has nothing to confirm.
  const members = table.locator('tr').filter({ hasText: '4.5万余名' });
  await expect(members).toContainText('约数');
  await expect(members.getByTestId('import-confirm')).toHaveCount(0);

  await medals.getByTestId('import-confirm').click();
  await expect(medals).toContainText('已写入');
  await expect(medals.getByTestId('import-confirm')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/summary-import.png', fullPage: true });
});
