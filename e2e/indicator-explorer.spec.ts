import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

test('an organization-department cadre sees party-member violations fall 47.06% year on year, drills into a town and exports the figures', async ({ page }) => {
  await signIn(page, 'zzb');
  await page.goto('/explore');

  // Pick the indicator by its code; the page then opens on the latest year with figures (2022).
  await page.getByRole('combobox', { name: '指标' }).fill('DY_WFJL');
  await page.locator('.ant-select-item-option').filter({ hasText: '党员违法违纪案件数' }).first().click();
  await expect(page).toHaveURL(/from=2022/);

  // The demo county: 17 cases in 2021, 9 in 2022.
  const headline = page.getByTestId('explorer-headline');
  await expect(headline.getByTestId('headline-value')).toHaveText(/^9\s*件$/);
  await expect(headline.getByTestId('headline-yoy')).toContainText('同比下降47.06%');
  await expect(headline.getByTestId('headline-yoy')).toContainText('上年同期 17件');

  // One level down from the county: its towns and streets, each with its own count.
  const drill = page.getByTestId('drill-table');
  const town = drill.locator('tr.ant-table-row').filter({ hasText: '石柱镇' });
  await expect(town).toHaveCount(1);
  await town.click();
  await expect(page.getByTestId('explorer-breadcrumb')).toContainText('石柱镇');
  await expect(headline).toContainText('石柱镇');
  await page.screenshot({ path: 'test-results/indicator-explorer-town.png', fullPage: true });

  // The URL holds the view: a reload shows the same town.
  await page.reload();
  await expect(page.getByTestId('explorer-breadcrumb')).toContainText('石柱镇');
  await page.getByTestId('explorer-breadcrumb').getByText('永康市').click();
  await expect(headline.getByTestId('headline-yoy')).toContainText('同比下降47.06%');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
});
