import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

test('an organization-department cadre finds a red village on the elderly-care map, reads its gap, and maps an indicator over the towns', async ({ page }) => {
  await signIn(page, 'zzb');

  // 地图 → 养老设施三色图 from the menu.
  await page.getByRole('menuitem', { name: '地图' }).click();
  await page.getByRole('link', { name: '养老设施三色图' }).click();
  await expect(page).toHaveURL(/\/maps\/care$/);

  // The legend counts each colour; the map draws on a canvas.
  const legend = page.getByTestId('care-legend');
  await expect(legend).toContainText(/红色（缺口）\s*\d+\s*个/);
  await expect(legend).toContainText(/黄色（基本达标）\s*\d+\s*个/);
  await expect(legend).toContainText(/绿色（达标）\s*\d+\s*个/);
  await expect(legend).toContainText(/养老设施\s*\d+\s*处/);
  await expect(page.getByTestId('care-map').locator('canvas').first()).toBeVisible();

  // Red villages come first in the table; with none under the current standard, tighten it.
  const table = page.getByTestId('care-table');
  await expect(table.locator('tr.ant-table-row').first()).toBeVisible();
  const red = table.locator('tr.ant-table-row').filter({ hasText: '红色' });
  if ((await red.count()) === 0) {
    const panel = page.getByTestId('care-thresholds');
    await panel.getByLabel('绿色床位标准').fill('80');
    await panel.getByLabel('红色床位标准').fill('60');
    await panel.getByLabel('绿色距离标准').fill('0.5');
    await panel.getByLabel('红色距离标准').fill('1');
    await panel.getByRole('button', { name: '保存标准' }).click();
    await expect(page.getByText('标准已保存')).toBeVisible();
    await expect(panel).toContainText('每千名老人床位不少于80张');
  }
  const first = table.locator('tr.ant-table-row').first();
  await expect(first).toContainText('红色（缺口）');
  const village = (await first.locator('td').first().innerText()).trim();

  // Its gap: the explanation says what is missing, with the three nearest facilities.
  await first.click();
  const gap = page.getByTestId('care-gap');
  await expect(gap).toContainText(village);
  await expect(gap).toContainText('缺');
  await expect(gap).toContainText('60岁以上老人');
  await expect(gap).toContainText('每千人床位');
  await expect(gap.getByTestId('care-nearest')).toHaveCount(3);
  await expect(gap.getByTestId('care-nearest').first()).toContainText('公里');
  await page.screenshot({ path: 'test-results/care-map.png', fullPage: true });
  await page.keyboard.press('Escape');
  await expect(gap).toBeHidden();

  // 指标地图: 企业需求解决数 over the county's towns in 2022.
  await page.goto('/maps');
  const picker = page.getByRole('combobox', { name: '指标' });
  await picker.fill('QYXQ_JJ');
  await page.locator('.ant-select-item-option').filter({ hasText: '企业需求解决数' }).first().click();
  await expect(page).toHaveURL(/indicator=\d+/);
  await expect(page.getByTestId('map-title')).toContainText('企业需求解决数');
  await expect(page.getByTestId('map-title')).toContainText('2022');
  await expect(page.getByTestId('indicator-map').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('map-source')).toContainText('来源：指标分析 · 边界：示意图（演示，非精确边界）');
  const towns = page.getByTestId('indicator-map-table');
  const town = towns.locator('tr.ant-table-row').filter({ hasText: '石柱镇' });
  await expect(town).toHaveCount(1);
  await expect(towns.locator('tr.ant-table-row')).not.toHaveCount(0);
  await page.screenshot({ path: 'test-results/indicator-map.png', fullPage: true });

  // A town drills into its villages; the URL keeps the view and the breadcrumb leads back.
  const countyUrl = page.url();
  await town.click();
  await expect(page).toHaveURL(/unit=\d+/);
  await expect(page.getByTestId('map-breadcrumb')).toContainText('石柱镇');
  await expect(page.getByTestId('map-title')).toContainText('石柱镇');
  await expect(page.getByTestId('indicator-map-table').locator('tr.ant-table-row').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/indicator-map-town.png', fullPage: true });
  await page.reload();
  await expect(page.getByTestId('map-breadcrumb')).toContainText('石柱镇');

  // An indicator entered per village draws the villages as points; a village opens the explorer.
  await picker.fill('LN_60');
  await page.locator('.ant-select-item-option').filter({ hasText: 'LN_60' }).first().click();
  await expect(page.getByTestId('map-title')).toContainText('石柱镇');
  await expect(page.getByTestId('indicator-map').locator('canvas').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/indicator-map-villages.png', fullPage: true });
  const villageUrl = page.url();
  const villageRow = page.getByTestId('indicator-map-table').locator('tr.ant-table-row').filter({ hasText: '行政村' }).first();
  await villageRow.click();
  await expect(page).toHaveURL(/\/explore\?indicator=\d+&unit=\d+&from=2022/);
  await page.goto(villageUrl);
  await expect(page.getByTestId('map-breadcrumb')).toContainText('石柱镇');
  await page.getByTestId('map-breadcrumb').getByText('永康市').click();
  await expect(towns.locator('tr.ant-table-row').filter({ hasText: '石柱镇' })).toHaveCount(1);

  // 上传边界: a bad file is refused in the browser; a file naming an unknown unit writes nothing.
  await page.goto('/maps/boundaries');
  const input = page.locator('input[type=file]');
  await input.setInputFiles({ name: 'broken.geojson', mimeType: 'application/json', buffer: Buffer.from('{"type": "FeatureCollection", ') });
  await expect(page.getByTestId('boundary-file-problem')).toContainText('不是有效的 JSON');
  const fc = {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { code: 'NO-SUCH-UNIT' }, geometry: { type: 'Polygon', coordinates: [[[120, 28.9], [120.01, 28.9], [120.01, 28.91], [120, 28.9]]] } }],
  };
  await input.setInputFiles({ name: 'unknown.geojson', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(fc)) });
  await expect(page.getByText('已读取“unknown.geojson”：共1个边界')).toBeVisible();
  await page.getByRole('button', { name: '上传并写入' }).click();
  await expect(page.getByTestId('boundary-result')).toContainText('未写入任何数据');
  await expect(page.getByTestId('boundary-problems').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('boundary-problems')).toContainText('NO-SUCH-UNIT');

  // On a phone the map is full width with the table below, and the page never scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ['/maps/care', countyUrl]) {
    await page.goto(path);
    await expect(page.locator('canvas').first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    if (path === '/maps/care') await page.screenshot({ path: 'test-results/care-map-phone.png', fullPage: true });
  }
});
