import { expect, test, type Page } from '@playwright/test';
import { signIn } from './helpers';

/** The demo county's 全市 cockpit, as the signed-in account lists it. */
async function countyCockpitId(page: Page): Promise<number> {
  const res = await page.request.get('/api/cockpits');
  expect(res.ok()).toBeTruthy();
  const list = (await res.json()) as { id: number; scope: string }[];
  const county = list.find((c) => c.scope === 'county');
  expect(county, 'the demo county has a 全市 cockpit').toBeTruthy();
  return county!.id;
}

test('a county leader reads the 全市 cockpit on a 1920×1080 wall screen without scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await signIn(page, 'leader');
  const id = await countyCockpitId(page);
  await page.goto(`/screen/${id}`);

  const screen = page.getByTestId('cockpit-screen');
  await expect(screen.getByTestId('cockpit-title')).toHaveText('永康市党建工作驾驶舱');
  await expect(screen.getByTestId('cockpit-as-of')).toContainText(/数据更新于 \d{2}:\d{2}/);

  // The seed's figures, written as the year-end summaries write them.
  const headlines = screen.getByTestId('cockpit-headline');
  await expect(headlines.filter({ hasText: '企业需求解决' }).getByTestId('cockpit-figure')).toHaveText(/477个/);
  await expect(headlines.getByTestId('cockpit-figure').filter({ hasText: /亿元/ }).first()).toBeVisible();
  // Peer standing badge and the year's honours (the cockpit reports 2022).
  // The badge reads 金华第1; its hidden text spells the standing out for screen readers.
  await expect(screen.locator('[data-indicator="JT_100_ZB"]').getByTestId('cockpit-standing')).toContainText(/^\s*金华第1（金华市9个县（市、区）中第1名/);
  await expect(screen.getByTestId('cockpit-honours').getByTestId('cockpit-figure')).not.toHaveText(/^0/);
  await expect(screen.getByTestId('cockpit-league')).toBeVisible();
  await expect(screen.getByTestId('cockpit-honours')).toBeVisible();
  // Trend lines are drawn once the chart chunk has loaded.
  await expect(screen.locator('.cockpit-spark canvas').first()).toBeVisible();

  // One screen: no vertical scrollbar, and every figure inside the window.
  expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1)).toBe(true);
  for (const figure of await screen.getByTestId('cockpit-figure').all()) {
    const box = await figure.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(1080);
  }
  await page.screenshot({ path: 'test-results/cockpit-wall.png' });
});

test('on a phone the cockpit is one column with no sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'leader');
  const id = await countyCockpitId(page);

  // 驾驶舱 opens the 全市 cockpit directly.
  await page.goto('/cockpit');
  await expect(page).toHaveURL(new RegExp(`/cockpit/${id}$`));
  const grid = page.getByTestId('cockpit-grid');
  await expect(grid.getByTestId('cockpit-headline').filter({ hasText: '企业需求解决' }).getByTestId('cockpit-figure')).toHaveText(/477个/);

  // Figures stay large on a phone.
  const size = await grid.getByTestId('cockpit-figure').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(28);
  // One column: the cards are stacked, each as wide as the grid.
  const boxes = await Promise.all((await grid.locator('.cockpit-cell').all()).slice(0, 3).map((c) => c.boundingBox()));
  expect(new Set(boxes.map((b) => Math.round(b!.x))).size).toBe(1);

  await expect(grid.locator('.cockpit-spark canvas').first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await page.screenshot({ path: 'test-results/cockpit-phone.png', fullPage: true });
});

test('a headline opens its drill-down: county → town → village, and on to the ledger records behind the figure', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, 'leader');
  const id = await countyCockpitId(page);
  await page.goto(`/cockpit/${id}`);

  // Anywhere on the card opens the explorer on that indicator, the cockpit's unit and year.
  const card = page.getByTestId('cockpit-headline').filter({ hasText: '企业需求解决' });
  await expect(card.getByTestId('cockpit-figure')).toHaveText(/477个/);
  await card.click();
  await expect(page).toHaveURL(/\/explore\?.*indicator=\d+/);
  await expect(page).toHaveURL(/from=\d{4}/);
  const headline = page.getByTestId('explorer-headline');
  await expect(headline.getByTestId('headline-value')).toHaveText(/^477\s*个$/);

  // One level down: the towns and streets, the most needs solved first; the first one opens.
  const drill = page.getByTestId('drill-table');
  const town = drill.locator('tr.ant-table-row.clickable-row').first();
  await expect(town).toBeVisible();
  const townName = (await town.locator('td').first().innerText()).trim();
  const townCount = Number((await town.locator('td').nth(2).innerText()).replace(/,/g, ''));
  expect(townCount).toBeGreaterThan(0);
  await town.click();
  const crumbs = page.getByTestId('explorer-breadcrumb');
  await expect(crumbs).toContainText(townName);
  await expect(headline).toContainText(townName);
  await expect(headline.getByTestId('headline-value')).toHaveText(new RegExp(`^${townCount}\\s*个$`));

  // Needs are handled by the towns, so its villages have no figures of their own: shown on request.
  await page.getByRole('checkbox', { name: /显示无数据的单位/ }).check();
  const village = drill.locator('tr.ant-table-row.clickable-row').filter({ hasText: '行政村' }).first();
  const villageName = (await village.locator('td').first().innerText()).trim();
  await village.click();
  await expect(crumbs).toContainText(villageName);
  await expect(headline).toContainText(villageName);

  // Back up to the town, and on to the records behind its figure: they reconcile with it.
  await crumbs.getByText(townName, { exact: true }).click();
  await expect(headline.getByTestId('headline-value')).toHaveText(new RegExp(`^${townCount}\\s*个$`));
  await headline.getByTestId('headline-ledger-link').click();
  await expect(page).toHaveURL(/\/ledger\/cases\?.*categoryCode=QYXQ/);
  const rows = page.getByTestId('ledger-table').locator('tr.ant-table-row');
  await expect(rows.first()).toBeVisible();
  await expect(page.locator('.ant-pagination-total-text')).toHaveText(`共 ${townCount} 条`);
});
