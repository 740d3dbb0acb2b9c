import { expect, test, type Browser, type Page } from '@playwright/test';
import { signIn } from './helpers';

const PHONE = { width: 390, height: 844 };

/** A respondent's phone: a separate browser with no session, held upright. */
async function openOnPhone(browser: Browser, base: string, path: string): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const phone = await context.newPage();
  await phone.goto(new URL(path, base).href);
  return phone;
}

test('a town creates a survey and prints answer tokens; a villager answers from a phone with a scanned token, which then counts as used', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const title = `石柱社区群众满意度测评（${Date.now().toString(36)}）`;

  // The town's cadre writes the survey: the ready-made questions, one target unit.
  await signIn(page, 'town');
  await page.goto('/surveys');
  await page.getByRole('button', { name: '新建问卷' }).click();
  await page.getByLabel('问卷标题').fill(title);
  await expect(page.getByTestId('question-1')).toBeVisible();
  await page.getByRole('button', { name: '单选' }).click();
  await page.getByLabel('第4题题目').fill('您的身份');
  await page.getByLabel('第4题选项').fill('本社区居民');
  await page.keyboard.press('Enter');
  await page.getByLabel('第4题选项').fill('外来务工人员');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: '第4题上移' }).click();
  await expect(page.getByLabel('第3题题目')).toHaveValue('您的身份');
  await page.getByLabel('评价对象').fill('石柱社区');
  await page.locator('.ant-select-item-option:visible', { hasText: '石柱社区' }).first().click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: '创建问卷' }).click();
  await expect(page.getByText(title)).toBeVisible();
  await expect(page.getByTestId('survey-status')).toHaveText('草稿');
  await expect(page.getByTestId('survey-targets')).toContainText('石柱社区');

  // Open it, then issue five tokens and print them.
  await page.getByRole('button', { name: '开始收集' }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '开始收集' }).click();
  await expect(page.getByTestId('survey-status')).toHaveText('收集中');
  await page.getByRole('tab', { name: '答题码' }).click();
  await page.getByLabel('每个单位的答题码数量').fill('5');
  await page.getByRole('button', { name: '生成答题码' }).click();
  await expect(page.getByText('已为 1 个评价对象生成 5 个答题码')).toBeVisible();
  const [print] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('token-batches').getByRole('button', { name: '打印' }).click()]);
  await expect(print.getByTestId('token-slip')).toHaveCount(5);
  const slip = print.getByTestId('token-slip').first();
  await expect(slip.getByRole('img')).toBeVisible();
  const token = (await slip.locator('div', { hasText: /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/ }).first().textContent())!.trim();
  const pageLink = (await slip.textContent())!.match(/\/s\/([2-9A-Z]{8})/)![1];
  await print.screenshot({ path: 'test-results/survey-token-print.png', fullPage: true });
  await print.close();

  // The villager scans the slip: the answer page opens with the token filled in.
  const base = page.url();
  const phone = await openOnPhone(browser, base, `/s/${pageLink}?t=${token}`);
  await expect(phone.getByTestId('survey-title')).toHaveText(title);
  await expect(phone.getByTestId('survey-unit')).toHaveText('石柱社区');
  await expect(phone.getByTestId('token-from-link')).toContainText(token);
  // Submitting too early says which question is missing, next to it.
  await phone.getByRole('button', { name: '提交' }).click();
  await expect(phone.getByTestId('question-q1')).toContainText('第1题为必答题，请选择');
  await phone.getByTestId('question-q1').getByRole('radio', { name: '5分 很满意' }).click();
  await expect(phone.getByTestId('question-q1')).not.toContainText('必答题');
  await phone.getByTestId('question-q2').getByRole('radio', { name: '4分 满意' }).click();
  await phone.getByRole('radio', { name: '本社区居民' }).click();
  await phone.getByRole('textbox', { name: '您对村（社区）工作还有什么意见和建议？' }).fill('希望社区多组织文化活动');
  // Big enough to tap: a rating button is at least 60 px high and the five fit the screen.
  const q1 = phone.getByTestId('question-q1');
  const box = (await q1.getByRole('radio', { name: '1分 很不满意' }).boundingBox())!;
  expect(box.height).toBeGreaterThanOrEqual(60);
  expect((await q1.getByRole('radio', { name: '5分 很满意' }).boundingBox())!.x + box.width).toBeLessThanOrEqual(PHONE.width);
  await phone.screenshot({ path: 'test-results/survey-answer-phone.png', fullPage: true });
  await phone.getByRole('button', { name: '提交' }).click();
  await expect(phone.getByTestId('survey-ending')).toHaveAttribute('data-kind', 'thanks');
  await expect(phone.getByTestId('survey-ending')).toContainText('感谢您的评价！您对石柱社区的评价已收到。');
  await phone.screenshot({ path: 'test-results/survey-thanks-phone.png' });

  // Scanning the same slip again: the token is used, and the page says so plainly.
  const again = await openOnPhone(browser, base, `/s/${pageLink}?t=${token}`);
  await expect(again.getByTestId('survey-ending')).toHaveAttribute('data-kind', 'token_used');
  await expect(again.getByText('该答题码已经使用过')).toBeVisible();
  await again.screenshot({ path: 'test-results/survey-token-used-phone.png' });

  // The town sees the answer counted for the unit.
  await page.getByRole('tab', { name: '结果' }).click();
  await expect(page.getByTestId('survey-results')).toContainText('石柱社区');
  await expect(page.getByTestId('survey-results')).toContainText('90.00');
  for (const p of [phone, again]) await p.context().close();
});
