import { expect, test } from '@playwright/test';
import { signIn, signOut } from './helpers';

test('a town cadre sees a masked ID number, reveals it, and the auditor finds that in the audit log', async ({ page }) => {
  await signIn(page, 'town');
  await page.goto('/people');
  const table = page.getByTestId('people-table');
  const first = table.locator('tbody tr.ant-table-row').first();
  await expect(first).toContainText(/330784\*{8}\d{3}[\dX]/);
  const name = (await first.locator('td').first().innerText()).trim();
  await first.click();

  const drawer = page.getByRole('dialog');
  await expect(drawer.getByText(/330784\*{8}/).first()).toBeVisible();
  await drawer.getByRole('button', { name: '查看完整信息' }).click();
  await expect(drawer.getByText(/^330784\d{11}[\dX]$/).first()).toBeVisible();
  await expect(drawer.getByText('此操作已记入审计日志')).toBeVisible();
  await page.screenshot({ path: 'test-results/people-revealed.png', fullPage: true });
  await page.keyboard.press('Escape');
  await signOut(page);

  await signIn(page, 'auditor');
  await page.goto('/audit');
  const audit = page.getByTestId('audit-table');
  await expect(audit.getByText(`查看「${name}」的完整身份证号和手机号`).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/audit.png', fullPage: true });
});

test('a village cadre sees only masked ID numbers and has no way to reveal them', async ({ page }) => {
  await signIn(page, 'village');
  await page.goto('/people');
  const first = page.getByTestId('people-table').locator('tbody tr.ant-table-row').first();
  await expect(first).toContainText(/330784\*{8}/);
  await first.click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByText(/330784\*{8}/).first()).toBeVisible();
  await expect(drawer.getByRole('button', { name: '查看完整信息' })).toHaveCount(0);
});

test('a leader reads the people list on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'leader');
  await page.goto('/people');
  await expect(page.getByTestId('people-table').locator('tbody tr.ant-table-row').first()).toBeVisible();
  await expect(page.getByRole('button', { name: '导入 Excel' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/people-phone.png', fullPage: true });
});
