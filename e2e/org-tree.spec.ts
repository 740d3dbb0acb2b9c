import { expect, test } from '@playwright/test';
import { signIn } from './helpers';
import { pickOption } from './ledger-helpers';

test('a town cadre finds the town by pinyin initials and adds a village under it', async ({ page }) => {
  await signIn(page, 'town');
  await page.goto('/org');
  const tree = page.getByTestId('org-tree');
  await expect(tree.getByText('石柱镇').first()).toBeVisible();

  await page.getByLabel('搜索单位').fill('sz');
  await page.getByLabel('搜索单位').press('Enter');
  await page.getByRole('list', { name: '单位搜索结果' }).getByRole('button').first().click();
  await expect(page).toHaveURL(/unit=\d+/);

  await page.getByRole('button', { name: '新建下级单位' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('编码').fill('330784105999');
  await dialog.getByLabel('名称').fill('丽州示范村');
  await pickOption(page, dialog.getByLabel('类型'), '行政村');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();
  await expect(tree.getByText('丽州示范村')).toBeVisible();

  // The same code a second time is refused next to the field.
  await page.getByLabel('搜索单位').fill('石柱镇');
  await page.getByLabel('搜索单位').press('Enter');
  await page.getByRole('list', { name: '单位搜索结果' }).getByRole('button').first().click();
  await page.getByRole('button', { name: '新建下级单位' }).click();
  await dialog.getByLabel('编码').fill('330784105999');
  await dialog.getByLabel('名称').fill('重复的村');
  await pickOption(page, dialog.getByLabel('类型'), '行政村');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('编码 330784105999 已被「丽州示范村」使用')).toBeVisible();
  await page.screenshot({ path: 'test-results/org-duplicate-code.png', fullPage: true });
});
