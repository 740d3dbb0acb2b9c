import { expect, test, type Page } from '@playwright/test';
import { signIn, signOut } from './helpers';
import { fillDate, pickOption, pickTreeNode, pickUnit } from './ledger-helpers';

/** Registers a 企业需求 case on /ledger/cases; the new case's drawer opens on a desk. */
async function registerCase(page: Page, title: string, registeredOn?: string) {
  await page.goto('/ledger/cases');
  await page.getByRole('button', { name: '登记事项' }).click();
  const form = page.getByRole('dialog').filter({ hasText: '登记事项' });
  await pickTreeNode(page, form.getByLabel('类别'), '企业需求');
  await form.getByLabel('事项标题').fill(title);
  if (registeredOn) await fillDate(form.getByLabel('登记日期'), registeredOn);
  await form.getByLabel('提出方').fill('石柱示范五金制品有限公司');
  await pickOption(page, form.getByLabel('需求类型'), '要素保障');
  await form.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText(`已登记事项「${title}」`)).toBeVisible();
  await expect(page.getByTestId('record-drawer')).toContainText(title);
}

/** Takes a workflow step from the open case drawer and waits for the status it leads to. */
async function step(page: Page, action: string, fields: Record<string, string>, status: string) {
  await page.getByTestId('case-workflow').getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog').filter({ has: page.locator('.ant-modal-title') }).last();
  for (const [label, value] of Object.entries(fields)) {
    if (label === '承办单位') await pickUnit(page, dialog.getByLabel(label), value);
    else await dialog.getByLabel(label).fill(value);
  }
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await expect(page.getByTestId('case-status')).toHaveText(status);
}

async function closeDrawer(page: Page) {
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('record-drawer')).toBeHidden();
}

/** Opens a case found by full-text search of its title. */
async function openCase(page: Page, title: string, query = '') {
  await page.goto(`/ledger/cases?q=${encodeURIComponent(title)}${query}`);
  const row = page.getByTestId('ledger-table').locator('tr.ant-table-row').filter({ hasText: title });
  await expect(row).toHaveCount(1);
  await row.click();
  await expect(page.getByTestId('record-drawer')).toContainText(title);
  return row;
}

test('the organization department registers an enterprise need and assigns it to 石柱镇, the town resolves it, and the department closes it', async ({ page }) => {
  test.setTimeout(180_000);
  const title = `企业用地指标需求（${Date.now().toString(36)}）`;

  await signIn(page, 'zzb');
  await registerCase(page, title);
  await expect(page.getByTestId('case-status')).toHaveText('已登记');
  // 企业需求 has a 15-day deadline, set from the registered date.
  await step(page, '交办', { 承办单位: '石柱镇', 交办说明: '请石柱镇对接企业，十五日内反馈' }, '已交办');
  await expect(page.getByTestId('case-events')).toContainText('交办 永康市 → 石柱镇');
  await closeDrawer(page);
  await signOut(page);

  // The town sees the case among those it handles, and resolves it.
  await signIn(page, 'town');
  await openCase(page, title, '&mine=handling');
  await step(page, '办结', { 办理结果: '已协调落实用地指标 12 亩，企业确认' }, '已办结');
  // Closing is the registering side's step, not the handler's.
  await expect(page.getByTestId('case-workflow').getByRole('button', { name: '销号', exact: true })).toHaveCount(0);
  await closeDrawer(page);
  await signOut(page);

  // The department verifies and closes it (销号).
  await signIn(page, 'zzb');
  const row = await openCase(page, title);
  await step(page, '销号', { 销号意见: '经核实，企业诉求已解决' }, '已销号');
  await expect(page.getByTestId('case-events')).toContainText('销号');
  await expect(page.getByTestId('case-events')).toContainText('经核实，企业诉求已解决');
  await expect(page.getByTestId('case-workflow').getByRole('button')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/ledger-case-closed.png', fullPage: true });
  await closeDrawer(page);
  await expect(row).toContainText('已销号');
});

test('a case registered long ago and assigned is flagged 已超期 in the list and in the 超期事项 view', async ({ page }) => {
  test.setTimeout(120_000);
  const title = `企业融资对接需求（${Date.now().toString(36)}）`;

  await signIn(page, 'zzb');
  await registerCase(page, title, '2022-01-03');
  await step(page, '交办', { 承办单位: '石柱镇' }, '已交办');
  // 15 days from 2022-01-03.
  await expect(page.getByTestId('record-fields')).toContainText('2022-01-18');
  await expect(page.getByTestId('record-fields').getByTestId('case-overdue')).toContainText(/已超期 \d+ 天/);

  // In the list, only overdue cases: this one, flagged red with the days.
  await page.goto(`/ledger/cases?flag=overdue&q=${encodeURIComponent(title)}`);
  const row = page.getByTestId('ledger-table').locator('tr.ant-table-row').filter({ hasText: title });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('case-overdue')).toContainText(/已超期 \d+ 天/);

  // The 超期事项 view counts it against 石柱镇 with its missed deadline.
  await page.goto('/ledger/overdue');
  const town = page.getByTestId('overdue-table').locator('tr.ant-table-row').filter({ hasText: /^石柱镇/ });
  await expect(town).toHaveCount(1);
  const overdue = Number(await town.locator('td').nth(2).innerText());
  expect(overdue).toBeGreaterThanOrEqual(1);
  // The oldest missed deadline is this case's, unless the town has an older one still open.
  const oldest = await town.locator('td').nth(4).innerText();
  expect(oldest <= '2022-01-18').toBeTruthy();
  await page.screenshot({ path: 'test-results/ledger-overdue-view.png', fullPage: true });

  // A row opens that unit's overdue cases.
  await town.click();
  await expect(page).toHaveURL(/\/ledger\/cases\?unitId=\d+&flag=overdue/);
  await expect(page.getByRole('radio', { name: '已超期' })).toBeChecked();
  await page.getByLabel('全文检索').fill(title);
  await page.getByLabel('全文检索').press('Enter');
  await expect(page.getByTestId('ledger-table').locator('tr.ant-table-row').filter({ hasText: title })).toHaveCount(1);
});
