import { expect, test, type Page } from '@playwright/test';
import { signIn, signOut } from './helpers';

const PDF = (title: string) => Buffer.from(`%PDF-1.4\n% ${title}\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
const year = String(new Date().getFullYear());

/** Picks an option of an antd Select found by its label, typing to narrow it first. */
async function choose(page: Page, label: string, option: string | RegExp, type?: string) {
  const box = page.getByRole('combobox', { name: label });
  await box.click();
  if (type) await box.fill(type);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

/** 人才购房补助发放额 for the county this year, in 万元, as the indicators API aggregates it (null: no payment yet). */
async function subsidyPaid(page: Page): Promise<{ id: number; value: number | null }> {
  const list = await (await page.request.get('/api/indicators')).json();
  const id = list.find((i: { code: string }) => i.code === 'RC_GFBZ').id as number;
  const res = await page.request.get(`/api/indicators/${id}/aggregate?from=${year}`);
  expect(res.ok()).toBe(true);
  return { id, value: (await res.json()).value };
}

test('a talent applies for the housing subsidy with uploads; the employer, the talent office and the committee approve; the payment appears in the ledger and the indicator rises', async ({ page }) => {
  test.setTimeout(240_000);

  // The talent, on a phone-sized screen, starts an application: a draft kept on the server.
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'talent');
  await page.goto('/me/applications');
  await page.getByRole('button', { name: '申请人才购房补助' }).click();
  await expect(page).toHaveURL(/\/me\/applications\/\d+$/);
  const applicationId = page.url().match(/(\d+)$/)![1];
  await expect(page.getByText('草稿').first()).toBeVisible();

  await choose(page, '人才层次', 'C类（省级领军人才）');
  await choose(page, '最高学历', '硕士研究生');
  await choose(page, '用人单位', '石柱示范五金制品有限公司', '石柱');
  await page.getByLabel('在本县工作年限').fill('3');
  await page.getByLabel('毕业院校').fill('浙江工业大学');
  await page.getByLabel('所学专业').fill('机械工程');
  await page.getByLabel('所购房屋坐落').fill('永康市丽州府3幢2单元501室');
  // A wrong contract number is named beside its field when the draft is saved.
  await page.getByLabel('购房合同备案号').fill('合同一');
  await page.getByLabel('购房日期').fill('2026-03-15');
  await page.getByLabel('购房日期').press('Enter');
  await page.getByLabel('建筑面积（平方米）').fill('128');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.getByText('购房合同备案号应为6至40位字母、数字或短横线')).toBeVisible();
  await page.getByLabel('购房合同备案号').fill('YKSPF2026-00123');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.getByText('草稿已保存').first()).toBeVisible();

  // Submitting without documents names each missing one.
  await page.getByRole('button', { name: '提交申请' }).click();
  await expect(page.getByText('请上传购房合同及发票')).toBeVisible();
  // A file that is not a PDF or an image is refused by its content, whatever its name.
  await page.getByLabel('上传学历学位证书').setInputFiles({ name: '学位证.pdf', mimeType: 'application/pdf', buffer: Buffer.from('这不是PDF文件') });
  await expect(page.getByText('只能上传 PDF、JPEG 或 PNG 文件').first()).toBeVisible();
  for (const [label, file] of [
    ['学历学位证书', '硕士学位证书.pdf'],
    ['人才层次认定证明', 'C类人才认定书.pdf'],
    ['购房合同及发票', '购房合同.pdf'],
    ['劳动合同或社保缴纳证明', '劳动合同.pdf'],
  ]) {
    await page.getByLabel(`上传${label}`).setInputFiles({ name: file, mimeType: 'application/pdf', buffer: PDF(file) });
    await expect(page.getByRole('link', { name: new RegExp(file) })).toBeVisible();
  }
  await page.getByRole('button', { name: '提交申请' }).click();
  await expect(page.getByText('申请已提交').first()).toBeVisible();
  await expect(page.getByText('待用人单位审核').first()).toBeVisible();
  const no = (await page.getByText(/^申请编号 RCGFBZ-\d+$/).textContent())!.replace('申请编号 ', '');
  await page.screenshot({ path: 'test-results/talent-submitted-phone.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await signOut(page);

  // The employer finds it among the applications waiting for its decision and approves.
  await signIn(page, 'employer');
  await page.goto('/talent/applications?mine=1');
  await page.getByRole('link', { name: no }).click();
  await expect(page).toHaveURL(new RegExp(`/talent/applications/${applicationId}$`));
  await expect(page.getByTestId('documents').getByRole('link')).toHaveCount(4);
  await expect(page.getByTestId('decision-card')).toContainText('用人单位审核');
  await page.getByRole('button', { name: '提交审核意见' }).click();
  await expect(page.getByText('待人才办审核').first()).toBeVisible();
  await signOut(page);

  // The talent office (组织部) approves its step…
  await signIn(page, 'zzb');
  await page.goto(`/talent/applications/${applicationId}`);
  await expect(page.getByTestId('decision-card')).toContainText('人才办审核');
  await page.getByLabel('意见（选填）').fill('材料齐全，层次认定无误');
  await page.getByRole('button', { name: '提交审核意见' }).click();
  await expect(page.getByText('待评审委员会审定').first()).toBeVisible();
  // …and, having decided one step, may not decide the committee's.
  await expect(page.getByTestId('decision-card')).toContainText('同一人不能审核同一申请的两个环节');
  const before = await subsidyPaid(page);
  await signOut(page);

  // Another department's account sits for the committee and fixes the amount of the tier.
  await signIn(page, 'xcb');
  await page.goto(`/talent/applications/${applicationId}`);
  await expect(page.getByTestId('decision-card')).toContainText('评审委员会审定');
  await expect(page.getByLabel('核定金额（元）')).toHaveValue('500000');
  await page.getByRole('button', { name: '提交审核意见' }).click();
  await expect(page.getByText('申请已通过', { exact: false }).or(page.getByText('已通过')).first()).toBeVisible();
  await expect(page.getByTestId('history')).toContainText('评审委员会审定：通过');
  await signOut(page);

  // The talent office records the payment from the ledger page.
  await signIn(page, 'zzb');
  await page.goto('/talent/payments');
  await page.getByRole('button', { name: '登记发放' }).click();
  const dialog = page.getByRole('dialog', { name: '登记补助发放' });
  await dialog.getByRole('combobox').click();
  await dialog.getByRole('combobox').fill(no);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: no }).click();
  await expect(dialog.getByLabel('发放金额（元）')).toHaveValue('500000');
  await dialog.getByLabel('凭证号').fill(`GKZF${year}-E2E-0001`);
  await dialog.getByRole('button', { name: '登记' }).click();
  await expect(page.getByText('已登记发放').first()).toBeVisible();
  const row = page.getByTestId('payments-table').locator('tr.ant-table-row').filter({ hasText: no });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('500,000.00元');
  await expect(row).toContainText(`GKZF${year}-E2E-0001`);

  // The indicator counted from the ledger rises by the payment: 50万元.
  const after = await subsidyPaid(page);
  expect(after.value! - (before.value ?? 0)).toBeCloseTo(50, 6);
  await page.goto(`/explore?indicator=${after.id}&from=${year}`);
  await expect(page.getByTestId('explorer-headline').getByTestId('headline-value')).toHaveText(new RegExp(`^${String(after.value).replace('.', '\\.')}\\s*万元$`));
  await page.screenshot({ path: 'test-results/talent-indicator.png', fullPage: true });

  // The applicant sees the decision and what was paid.
  await signOut(page);
  await signIn(page, 'talent');
  await page.goto(`/me/applications/${applicationId}`);
  await expect(page.getByText('申请已通过，核定补助 50万元，已发放 50万元')).toBeVisible();
});
