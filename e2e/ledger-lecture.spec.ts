import { expect, test, type Page } from '@playwright/test';
import { signIn } from './helpers';
import { apiOf, cstYear, lectureIndicatorId, pickOption, pickTreeNode, pngBytes } from './ledger-helpers';

const PHONE = { width: 390, height: 844 };

/** 石柱镇's 宣讲场次 this year as the explorer shows it to the town (its own unit). */
async function townLectureCount(page: Page, indicatorId: number, year: number): Promise<number> {
  await page.goto(`/explore?indicator=${indicatorId}&from=${year}`);
  const headline = page.getByTestId('explorer-headline');
  await expect(headline).toContainText('石柱镇');
  await expect(headline).toContainText(`${year}年`);
  const text = (await headline.getByTestId('headline-value').innerText()).trim();
  const shown = text.startsWith('—') ? 0 : Number(text.replace(/[^\d]/g, ''));
  // The figure on the page is the API's for the same unit and year.
  const api = await apiOf(page);
  const aggregate = await api.get<{ value: number | null; unit: { name: string } }>(`/api/indicators/${indicatorId}/aggregate?unitId=${api.me.orgUnitId}&from=${year}`);
  expect(aggregate.unit.name).toBe('石柱镇');
  expect(shown).toBe(aggregate.value ?? 0);
  return shown;
}

test('a village cadre logs a lecture with a photo from a phone in under a minute, and 石柱镇’s 宣讲场次 rises by exactly one', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const year = cstYear();
  const title = `党的二十大精神进礼堂微宣讲（${Date.now().toString(36)}）`;
  const indicatorId = await lectureIndicatorId(browser);

  // The town reads its figure before the lecture is logged.
  await signIn(page, 'town');
  const before = await townLectureCount(page, indicatorId, year);

  // The cadre of 石柱社区, on a phone held upright, right after the lecture.
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const phone = await context.newPage();
  await signIn(phone, 'village');
  await phone.goto('/ledger/activities');
  const started = Date.now();
  await phone.getByRole('button', { name: '登记活动' }).click();
  const form = phone.getByRole('dialog').filter({ hasText: '现场照片' });
  await expect(form).toBeVisible();
  // The form fills the phone's width: a page, not a floating box.
  const box = await form.boundingBox();
  expect(box!.width).toBeGreaterThanOrEqual(PHONE.width - 1);

  await pickTreeNode(phone, form.getByLabel('类别'), '党的二十大精神宣讲');
  await form.getByLabel('活动名称').fill(title);
  // The date starts at today.
  await expect(form.getByLabel('活动日期')).toHaveValue(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
  await form.getByLabel('参与人数').fill('36');
  // The category's attributes (inherited from 宣讲) appear once it is chosen.
  await pickOption(phone, form.getByLabel('宣讲形式'), '微宣讲');
  await phone.getByTestId('photo-camera-input').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: pngBytes() });
  await expect(form.getByTestId('picked-photos').locator('img')).toHaveCount(1);
  await phone.screenshot({ path: 'test-results/ledger-lecture-phone-form.png' });
  await form.getByTestId('picked-photos').scrollIntoViewIfNeeded();
  await phone.screenshot({ path: 'test-results/ledger-lecture-phone-form-photo.png' });
  await form.getByRole('button', { name: '保存' }).click();
  await expect(phone.getByText(`已登记活动「${title}」，并上传 1 个文件`)).toBeVisible();
  expect(Date.now() - started).toBeLessThan(60_000);

  // The lecture is in the village's list with its photo.
  const row = phone.getByTestId('ledger-table').locator('tr.ant-table-row').filter({ hasText: title });
  await expect(row).toHaveCount(1);
  await row.click();
  const drawer = phone.getByTestId('record-drawer');
  await expect(drawer.getByTestId('record-fields')).toContainText('宣讲 / 党的二十大精神宣讲');
  await expect(drawer.getByTestId('record-fields')).toContainText('微宣讲');
  await expect(drawer.getByTestId('record-fields')).toContainText('36');
  const photo = drawer.getByTestId('attachment').locator('img');
  await expect(photo).toHaveCount(1);
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(drawer.getByTestId('record-timeline')).toContainText('上传附件');
  await phone.screenshot({ path: 'test-results/ledger-lecture-phone-detail.png' });
  await context.close();

  // The town's figure counts the lecture live: exactly one more.
  const after = await townLectureCount(page, indicatorId, year);
  expect(after).toBe(before + 1);

  // …and opens to the records behind it, as many as the figure says, the new lecture among them.
  await page.getByTestId('headline-ledger-link').click();
  await expect(page).toHaveURL(/\/ledger\/activities\?.*categoryCode=XJ/);
  await expect(page).toHaveURL(new RegExp(`from=${year}-01-01.*to=${year}-12-31`));
  const list = page.getByTestId('ledger-table');
  await expect(page.locator('.ant-pagination-total-text')).toHaveText(`共 ${after} 条`);
  await page.getByLabel('全文检索').fill('进礼堂微宣讲');
  await page.getByLabel('全文检索').press('Enter');
  await expect(list.locator('tr.ant-table-row').filter({ hasText: title })).toHaveCount(1);
});
