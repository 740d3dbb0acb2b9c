import { expect, test, type Page } from '@playwright/test';
import { signIn, signOut } from './helpers';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** The hours a training row states ("… 48 学时"). */
async function hoursOf(page: Page, testId: string): Promise<number> {
  const text = await page.getByTestId(testId).innerText();
  return Number(/([\d.]+) 学时/.exec(text)![1]);
}

test('a cadre signs in on a phone, sees their record and asks to correct a training entry; the organization department applies it and the cadre sees the answer', async ({ page }) => {
  test.setTimeout(180_000);
  const stamp = `e2e-${Date.now().toString(36)}`;

  // The personal account's first sign-in goes through the forced password change, then home is 干部之家.
  await page.setViewportSize(PHONE);
  await signIn(page, 'cadre');
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole('heading', { name: '干部之家' })).toBeVisible();
  await expect(page.getByTestId('my-applications-link')).toBeVisible();
  await expect(page.getByTestId('current-post').first()).toBeVisible();
  await expect(page.getByText('身份证号').first()).toBeVisible();
  await expect(page.getByText(/\d{6}\*+/).first()).toBeVisible();
  await expect(page.getByText('一线派驻', { exact: true })).toBeVisible();
  await expect(page.locator('[data-testid^="care-"]').first()).toBeVisible();
  await expect(page.getByTestId('ft-records')).toContainText('容错记录');
  await expect(page.getByTestId('ft-records')).toContainText('评先评优');
  await page.screenshot({ path: 'test-results/cadre-home-phone.png', fullPage: true });

  // Training: the hours of each year, and 申请更正 on one course.
  await page.getByRole('tab', { name: /^培训/ }).click();
  await expect(page.getByTestId('training-years')).toContainText('学时');
  const row = page.getByRole('tabpanel', { name: /^培训/ }).locator('[data-testid^="career-"]').first();
  const rowId = (await row.getAttribute('data-testid'))!;
  const hours = await hoursOf(page, rowId);
  const wanted = hours + 4;
  await row.getByRole('button', { name: '申请更正' }).click();
  const dialog = page.getByRole('dialog', { name: '申请更正' });
  await dialog.getByLabel('正确的内容应为').fill(`学时应为 ${wanted} 学时（${stamp}）`);
  // Closing the dialog keeps what was typed: it comes back when the dialog opens again.
  await dialog.getByRole('button', { name: /取\s*消/ }).click();
  await row.getByRole('button', { name: '申请更正' }).click();
  await expect(page.getByText('已恢复上次未提交的内容')).toBeVisible();
  await expect(dialog.getByLabel('正确的内容应为')).toHaveValue(`学时应为 ${wanted} 学时（${stamp}）`);
  await dialog.getByLabel('说明（依据）').fill('以结业证书为准');
  await dialog.getByRole('button', { name: '提交申请' }).click();
  await expect(page.getByText('更正申请已提交')).toBeVisible();
  const mine = page.getByTestId('my-corrections');
  await expect(mine.locator('[data-testid^="correction-"]', { hasText: stamp })).toContainText('待处理');

  // The organization department (组织部) sees the request in its queue and applies the change.
  await page.setViewportSize(DESKTOP);
  await signOut(page);
  await signIn(page, 'zzb');
  await page.goto('/cadres/corrections');
  const request = page.getByRole('row', { name: new RegExp(stamp) });
  await expect(request).toContainText('待处理');
  await request.getByRole('button', { name: '答复' }).click();
  const answer = page.getByRole('dialog', { name: /答复更正申请/ });
  await expect(answer.getByText('同时按申请修改该履历条目')).toBeVisible();
  await answer.getByLabel('学时').fill(String(wanted));
  await answer.getByLabel('答复（处理情况）').fill(`已核对结业名册，学时更正为 ${wanted}`);
  await answer.getByRole('button', { name: '提交答复' }).click();
  await expect(page.getByText('已采纳，申请人可看到答复')).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(stamp) })).toHaveCount(0);

  // The cadre sees the answer and the corrected hours.
  await signOut(page);
  await page.setViewportSize(PHONE);
  await signIn(page, 'cadre');
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByTestId('my-corrections').locator('[data-testid^="correction-"]', { hasText: stamp })).toContainText('已采纳');
  await expect(page.getByTestId('my-corrections')).toContainText(`学时更正为 ${wanted}`);
  await page.getByRole('tab', { name: /^培训/ }).click();
  await expect(page.getByTestId(rowId)).toContainText(`${wanted} 学时`);
});
