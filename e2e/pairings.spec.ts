import { expect, test, type Page } from '@playwright/test';
import { signIn } from './helpers';

/** Opens a page and waits for the silent-pairings answer it asks for, so what it shows is current. */
async function openAndWait(page: Page, url: string) {
  await Promise.all([page.waitForResponse((r) => r.url().includes('/api/pairings/silent') && r.ok()), page.goto(url)]);
}

test('a town cadre opens the pairings gone silent, logs a visit to one, and it leaves the silent view', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'town');

  // 结对联系 counts the silent pairings 石柱镇 answers for.
  await openAndWait(page, '/pairings');
  const counter = page.getByTestId('silent-count');
  await expect(counter).toBeVisible();
  const before = Number(await counter.innerText());
  expect(before).toBeGreaterThan(0);
  await page.getByRole('button', { name: '查看沉默结对' }).click();
  await expect(page).toHaveURL(/\/pairings\/silent/);

  // Only those the town can act on; the longest silence comes first.
  // The box follows the address (a router transition), so it turns checked a moment after the click.
  const mine = page.getByLabel('只看本级负责的');
  await Promise.all([page.waitForResponse((r) => r.url().includes('actionable=true') && r.ok()), mine.click()]);
  await expect(mine).toBeChecked();
  const table = page.getByTestId('silent-table');
  const first = table.locator('tr.ant-table-row').first();
  await expect(first).toBeVisible();
  await expect(first).toContainText('天');
  const link = first.getByRole('link').first();
  const title = (await link.innerText()).trim();
  await link.click();

  // The pairing: silent, with its parties and timeline, and the form to log a contact.
  await expect(page.getByTestId('pairing-title')).toHaveText(title);
  await expect(page.getByTestId('silence')).toContainText('沉默');
  const summary = `到村走访，商定下季度联建活动（${Date.now().toString(36)}）`;
  const form = page.getByTestId('contact-form');
  await form.getByText('走访调研', { exact: true }).click();
  await form.getByLabel('联系内容').fill(summary);
  await form.getByRole('button', { name: '记录联系' }).click();
  await expect(page.getByText('已记录联系')).toBeVisible();
  await expect(page.getByTestId('contact-timeline')).toContainText(summary);
  await expect(page.getByTestId('silence')).toHaveText('0 天前联系');

  // Back on the silent view it is gone, and the counter is one less.
  await openAndWait(page, '/pairings/silent?mine=1');
  await expect(table).toBeVisible();
  await expect(table).not.toContainText(title);
  await openAndWait(page, '/pairings');
  await expect(page.getByTestId('silent-counter')).toContainText(before > 1 ? `有 ${before - 1} 个` : '没有 90 天以上未联系的');
});
