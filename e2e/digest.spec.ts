import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

// The weekly send itself (`lizhou digest send`) cannot run here: the embedded database takes one
// process and the e2e server holds it. Its delivery is covered by the server's integration tests;
// this spec covers subscribing, the preview and the inbox page.

test('a county leader subscribes to the weekly digest from the cockpit and previews it; the inbox starts empty', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, 'leader');

  // 驾驶舱 opens the 全市 cockpit.
  await page.goto('/cockpit');
  await expect(page).toHaveURL(/\/cockpit\/\d+$/);
  await expect(page.getByTestId('cockpit-title')).toHaveText('永康市党建工作驾驶舱');

  const button = page.getByTestId('digest-subscribe');
  await expect(button).toHaveText('订阅每周简报');
  await button.click();
  const dialog = page.getByRole('dialog', { name: '订阅每周简报' });
  await expect(dialog).toContainText('每周一次：变化最大的指标、本周新增超期事项、排名变化，发送到站内信');
  await expect(dialog).toContainText('本系统的邮件通道需由运维接入');

  // This week's digest, as it would be sent now: the three sections under the cockpit's heading.
  await dialog.getByRole('button', { name: '预览本周简报' }).click();
  const preview = dialog.getByTestId('digest-preview');
  await expect(preview.getByTestId('digest-header')).toContainText('永康市党建工作驾驶舱');
  await expect(preview.getByTestId('digest-header')).toHaveText(/\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/);
  await expect(preview.getByRole('heading', { name: '一、变化最大的指标' })).toBeVisible();
  await expect(preview.getByRole('heading', { name: '二、本周新增超期事项' })).toBeVisible();
  await expect(preview.getByRole('heading', { name: '三、排名变化' })).toBeVisible();
  // The demo cockpit's headline figures have year-on-year changes, so there are movers to list.
  await expect(preview.getByTestId('digest-movers').locator('li').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/digest-preview.png' });

  // A malformed address is refused before anything is sent.
  const email = dialog.getByLabel('邮箱（可选）');
  await email.fill('leader-at-example');
  await dialog.getByRole('button', { name: '订阅', exact: true }).click();
  await expect(dialog.getByText('邮箱格式不正确')).toBeVisible();

  await email.fill('leader@example.com');
  await dialog.getByRole('button', { name: '订阅', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(button).toHaveText('已订阅');

  // The subscription is the server's: still there after a reload, with the address kept.
  await page.reload();
  await expect(page.getByTestId('digest-subscribe')).toHaveText('已订阅');
  await page.getByTestId('digest-subscribe').click();
  await expect(page.getByRole('dialog', { name: '订阅每周简报' }).getByLabel('邮箱（可选）')).toHaveValue('leader@example.com');
  await page.getByRole('dialog', { name: '订阅每周简报' }).getByRole('button', { name: '关闭' }).click();
  await expect(page.getByRole('dialog', { name: '订阅每周简报' })).toBeHidden();

  // The header's bell leads to the inbox, empty until the first weekly send.
  const bell = page.getByTestId('inbox-bell');
  await expect(bell).toBeVisible();
  await bell.click();
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(page.getByRole('heading', { name: '站内信' })).toBeVisible();
  await expect(page.getByText('暂无消息')).toBeVisible();
});
