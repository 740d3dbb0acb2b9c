import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, NEW_PASSWORD } from './helpers';

test('an admin signs in for the first time and must change the password before anything else', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/login/);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码', { exact: true }).fill('wrong-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByText('用户名或密码错误').first()).toBeVisible();

  await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/change-password/);

  // Other pages stay closed until the password is changed.
  await page.goto('/people');
  await expect(page).toHaveURL(/change-password/);

  await page.getByLabel('当前密码').fill(DEMO_PASSWORD);
  await page.getByLabel('新密码', { exact: true }).fill('weakpassword');
  await page.getByLabel('确认新密码').fill('weakpassword');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByText('密码需包含大写字母、小写字母、数字、符号中的至少三类').first()).toBeVisible();

  await page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('确认新密码').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page).not.toHaveURL(/change-password|login/);
  await expect(page.getByText('系统管理员').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/home-admin.png', fullPage: true });
});
