import { expect, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';

export const DEMO_PASSWORD = 'Lizhou@2022';
export const NEW_PASSWORD = 'Yongkang#2026';

/**
 * Signs in a demo account. The first sign-in of each account lands on the forced password change,
 * which is done here; later sign-ins use the new password.
 */
export async function signIn(page: Page, username: string) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  const outcome = await Promise.race([
    page.waitForURL('**/change-password').then(() => 'change'),
    page.getByText('用户名或密码错误').first().waitFor().then(() => 'changed-before'),
  ]);
  if (outcome === 'changed-before') {
    await page.getByLabel('密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
  } else {
    await page.getByLabel('当前密码').fill(DEMO_PASSWORD);
    await page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('确认新密码').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '修改密码' }).click();
  }
  await expect(page).not.toHaveURL(/login|change-password/);
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: '退出' }).first().click();
  await expect(page).toHaveURL(/login/);
}

/** An .xlsx in the people template's layout. */
export async function peopleSheet(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人员');
  ws.addRow(['姓名*', '身份证号*', '手机号', '所在单位编码*', '人员类别', '入党日期', '党员状态', '职务', '职级', '备注']);
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
