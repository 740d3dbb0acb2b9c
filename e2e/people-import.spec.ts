import { expect, test } from '@playwright/test';
import { peopleSheet, signIn } from './helpers';

// GB 11643 check character, computed here independently of the app's code.
function withCheck(first17: string) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

test('a town cadre imports a people sheet with one bad row, sees the error by line and column, and imports the rest', async ({ page }) => {
  await signIn(page, 'town');
  const good1 = withCheck('33078419880303021');
  const good2 = withCheck('33078419900404032');
  const bad = withCheck('33078419920505043').slice(0, 17) + (withCheck('33078419920505043').endsWith('0') ? '1' : '0');
  const file = await peopleSheet([
    ['导入测试一', good1, '19900012345', '330784105-DW-JG1', '党员', '2012-07-01', '正式'],
    ['导入测试二', bad, '', '330784105-DW-JG1', '', '', ''],
    ['导入测试三', good2, '', '330784105-DW-JG1', '志愿者', '', ''],
  ]);

  await page.goto('/people');
  await page.getByRole('button', { name: '导入 Excel' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('input[type=file]').setInputFiles({ name: '人员.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file });
  await dialog.getByRole('button', { name: '上传并预览' }).click();

  const issues = dialog.getByTestId('import-issues');
  await expect(issues).toBeVisible();
  const row = issues.locator('tbody tr').filter({ hasText: '身份证号码校验位错误' });
  await expect(row).toHaveCount(1);
  await expect(row.locator('td').nth(0)).toHaveText('3');
  await expect(row.locator('td').nth(1)).toHaveText('身份证号');
  await expect(dialog.getByText('选择「仅导入有效行」将导入 2 行，跳过 1 行错误；选择「全部不导入」则不做任何更改。')).toBeVisible();
  await page.screenshot({ path: 'test-results/people-import-preview.png', fullPage: true });

  await dialog.getByRole('button', { name: /仅导入有效行/ }).click();
  await expect(dialog.getByText('已导入 2 行')).toBeVisible();
  await dialog.getByRole('button', { name: '完成' }).click();

  await page.goto(`/people?q=${encodeURIComponent('导入测试')}`);
  const table = page.getByTestId('people-table');
  await expect(table.getByText('导入测试一')).toBeVisible();
  await expect(table.getByText('导入测试三')).toBeVisible();
  await expect(table.getByText('导入测试二')).toHaveCount(0);
});
