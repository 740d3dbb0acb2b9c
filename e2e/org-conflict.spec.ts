import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

test('two cadres rename the same village at once: the second sees both versions and chooses', async ({ page, browser }) => {
  await signIn(page, 'town');
  await page.goto('/org');
  await page.getByLabel('搜索单位').fill('塘里村');
  await page.getByLabel('搜索单位').press('Enter');
  await page.getByRole('list', { name: '单位搜索结果' }).getByRole('button').first().click();
  await expect(page).toHaveURL(/unit=\d+/);
  const unitUrl = new URL(page.url()).pathname + new URL(page.url()).search;

  // The town cadre opens the form…
  await page.getByRole('button', { name: '重命名/修改' }).click();
  const mine = page.getByRole('dialog');
  await expect(mine.getByLabel('名称')).toHaveValue('塘里村');

  // …while the county administrator renames the same village in another browser.
  const other = await browser.newContext();
  const adminPage = await other.newPage();
  await signIn(adminPage, 'admin');
  await adminPage.goto(unitUrl);
  await adminPage.getByRole('button', { name: '重命名/修改' }).click();
  await adminPage.getByRole('dialog').getByLabel('名称').fill('塘里村（县里改）');
  await adminPage.getByRole('dialog').getByRole('button', { name: '保存' }).click();
  await expect(adminPage.getByRole('dialog')).toBeHidden();
  await other.close();

  // The town cadre's save is refused with both versions side by side, nothing overwritten.
  await mine.getByLabel('名称').fill('塘里村（镇里改）');
  await mine.getByRole('button', { name: '保存' }).click();
  const conflict = page.getByRole('dialog', { name: '该记录已被他人修改' });
  await expect(conflict).toBeVisible();
  await expect(conflict.getByRole('cell', { name: '塘里村（镇里改）' })).toBeVisible();
  await expect(conflict.getByRole('cell', { name: '塘里村（县里改）' })).toBeVisible();
  await page.screenshot({ path: 'test-results/org-version-conflict.png', fullPage: true });

  await conflict.getByRole('button', { name: '在最新版本上重新提交我的修改' }).click();
  await expect(conflict).toBeHidden();
  await expect(page.getByTestId('org-tree').getByText('塘里村（镇里改）')).toBeVisible();
});
