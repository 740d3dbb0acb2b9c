import { expect, test, type Page } from '@playwright/test';
import { signIn, signOut } from './helpers';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/**
 * A fresh yearly indicator for 2026, created through the API so the scenario does not depend on
 * which indicators the demo county happens to carry (and no demo figures can interfere).
 */
async function createIndicator(page: Page) {
  const me = await (await page.request.get('/api/auth/me')).json();
  const suffix = Date.now().toString(36).toUpperCase();
  const name = `演示党员人数（${suffix.toLowerCase()}）`;
  const res = await page.request.post('/api/indicators', {
    headers: { 'x-csrf-token': me.csrfToken },
    data: {
      code: `E2E_PM_${suffix}`,
      name,
      unit: '人',
      direction: 'higher',
      periodType: 'year',
      source: 'entered',
      definition: { effectiveFrom: '2020', aggregation: { kind: 'simple', tree: 'sum', time: 'latest' }, valueKind: 'integer', minValue: 0, maxValue: 5000 },
    },
  });
  expect(res.status()).toBe(201);
  const { id } = await res.json();
  return { id: id as number, name };
}

/** The village cadre opens the task from the to-do list on a phone. */
async function openMyForm(page: Page, title: string) {
  await page.setViewportSize(PHONE);
  await page.goto('/tasks');
  await page.getByTestId('fill-list').getByRole('link', { name: `填报：${title}` }).click();
  await expect(page.getByTestId('form-unit')).toHaveText('石柱社区');
}

async function submitForm(page: Page) {
  await page.getByTestId('form-actions').getByRole('button', { name: '报送' }).click();
  await page.getByRole('button', { name: '确认报送' }).click();
  await expect(page.getByTestId('form-status')).toHaveText('已报送');
}

async function openForReview(page: Page, title: string) {
  await page.setViewportSize(DESKTOP);
  await page.goto('/tasks');
  await page.getByTestId('review-list').getByRole('link', { name: `审核：石柱社区 ${title}` }).click();
  await expect(page.getByTestId('form-status')).toHaveText('已报送');
}

test('the county issues a task, a village fills it on a phone, the town returns and then approves it, and the county sees it counted', async ({ page }) => {
  test.setTimeout(240_000);
  const title = `2026年度村社党员人数统计（${Date.now().toString(36)}）`;

  // The county (组织部) issues the task to one village for a fresh period.
  await signIn(page, 'zzb');
  const indicator = await createIndicator(page);
  await page.goto('/tasks');
  await page.getByRole('button', { name: '下发任务' }).click();
  await page.getByLabel('任务名称').fill(title);
  await page.getByLabel('期次').click();
  await page.locator('.ant-select-item-option:visible', { hasText: /^2026年$/ }).click();
  await page.getByLabel('填报指标').click();
  await page.getByLabel('填报指标').fill(indicator.name);
  await page.locator('.ant-select-item-option:visible', { hasText: indicator.name }).click();
  await page.keyboard.press('Escape');
  await page.getByLabel('指定单位').check();
  await page.getByLabel('指定填报单位').fill('石柱社区');
  await page.locator('.ant-select-item-option:visible', { hasText: '石柱社区（石柱镇）' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: '下发任务' }).click();
  await expect(page.getByText('任务已下发至 1 个单位，共 1 项指标')).toBeVisible();
  await expect(page).toHaveURL(/\/tasks\/\d+$/);
  const board = new URL(page.url()).pathname;
  await expect(page.getByTestId('approved-share')).toHaveText('0%');
  await expect(page.getByTestId('progress-units').getByText('石柱社区')).toBeVisible();
  // Nothing signed off yet: the county total for the new indicator is empty.
  await page.goto(`/explore?indicator=${indicator.id}&from=2026`);
  await expect(page.getByTestId('headline-value')).toHaveText('—');
  await signOut(page);

  // The village enters a figure out of range on a phone and sees why, next to the field.
  await signIn(page, 'village');
  await openMyForm(page, title);
  const field = page.getByTestId(/^field-E2E_PM_/);
  await field.getByLabel(indicator.name, { exact: true }).fill('6000');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(field.getByText('不能大于 5000人')).toBeVisible();
  await expect(page.getByTestId('form-error')).toContainText('有 1 项需要修改，未保存');
  await page.screenshot({ path: 'test-results/task-fill-error-phone.png', fullPage: true });
  await field.getByLabel(indicator.name, { exact: true }).fill('120');
  await submitForm(page);
  await page.setViewportSize(DESKTOP);
  await signOut(page);

  // The town returns it with a reason for the figure.
  await signIn(page, 'town');
  await openForReview(page, title);
  await page.getByRole('button', { name: '退回修改' }).click();
  const dialog = page.getByRole('dialog', { name: '退回修改' });
  await dialog.getByLabel('退回修改原因').fill('党员人数与组织部台账不一致，请核对');
  await dialog.getByLabel(`${indicator.name}的退回原因`).fill('台账为 126 人');
  await dialog.getByRole('button', { name: '确认退回修改' }).click();
  await expect(page.getByTestId('form-status')).toHaveText('已退回');
  await signOut(page);

  // The village sees the reason beside the figure, corrects it and submits again.
  await signIn(page, 'village');
  await openMyForm(page, title);
  await expect(page.getByTestId('form-return-reason')).toContainText('党员人数与组织部台账不一致，请核对');
  await expect(field.getByTestId('field-return-reason')).toContainText('台账为 126 人');
  await page.screenshot({ path: 'test-results/task-returned-phone.png', fullPage: true });
  await field.getByLabel(indicator.name, { exact: true }).fill('126');
  await submitForm(page);
  await page.setViewportSize(DESKTOP);
  await signOut(page);

  // The town approves; the figure is locked.
  await signIn(page, 'town');
  await openForReview(page, title);
  await page.getByTestId('form-actions').getByRole('button', { name: '审核通过' }).click();
  await page.getByRole('button', { name: '确认通过' }).click();
  await expect(page.getByTestId('form-status')).toHaveText('已审核');
  await expect(field.getByLabel('已审核锁定')).toBeVisible();
  await signOut(page);

  // The county sees the task complete and the signed-off figure in the county total.
  await signIn(page, 'zzb');
  await page.goto(board);
  await expect(page.getByTestId('approved-share')).toHaveText('100%');
  await expect(page.getByTestId('count-approved')).toContainText('1');
  await page.screenshot({ path: 'test-results/task-progress-done.png', fullPage: true });
  await page.goto(`/explore?indicator=${indicator.id}&from=2026`);
  await expect(page.getByTestId('headline-value')).toContainText('126');
});
