import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signIn } from './helpers';

const PHONE = { width: 390, height: 844 };
/**
 * The default notifier writes every message as a JSON line under the data folder — the stand-in
 * for an SMS gateway (docs/decisions/008). Reading it is how a member "receives" the text here.
 */
const OUTBOX = fileURLToPath(new URL('../.tmp/e2e-data/outbox/', import.meta.url));

interface SentLink {
  name: string;
  unit: string;
  link: string;
}

/** The personal links sent for one order, as the members' phones would receive them. */
async function linksFor(event: string): Promise<SentLink[]> {
  const files = await readdir(OUTBOX).catch(() => [] as string[]);
  const out: SentLink[] = [];
  for (const f of files.filter((x) => x.startsWith('checkin-links-'))) {
    for (const line of (await readFile(join(OUTBOX, f), 'utf8')).split('\n').filter(Boolean)) {
      const m = JSON.parse(line) as { to: { name: string }; title: string; text: string; link: string };
      if (m.title.includes(event)) out.push({ name: m.to.name, unit: m.text.split('：')[0], link: m.link });
    }
  }
  return out;
}

/** A member's phone: a separate browser with no session, held upright. */
async function openOnPhone(browser: Browser, base: string, link: string): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const phone = await context.newPage();
  await phone.goto(new URL(link, base).href);
  return phone;
}

test('a town commander activates two units, two members answer from their phones, the board follows live, and stand-down closes the links', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const event = `防汛应急处置演练（${Date.now().toString(36)}）`;

  // The town (石柱镇) issues an order to two of its communities' units.
  await signIn(page, 'town');
  await page.goto('/mobilization');
  await page.getByRole('button', { name: '发布激活令' }).click();
  await page.getByLabel('事件').fill(event);
  await page.getByText('Ⅱ级', { exact: true }).click();
  await expect(page.getByRole('radio', { name: 'Ⅱ级' })).toBeChecked();
  await page.getByLabel('集结地点').fill('石柱镇人民政府大院');
  await page.getByLabel('任务要求').fill('携带雨具和手电，到达后向单元负责人报到。');
  for (const unit of ['石柱社区应急响应单元', '俞溪头社区应急响应单元']) {
    const query = unit.slice(0, 4);
    await page.getByLabel('激活的单元').fill(query);
    // The picker asks the server after a pause and then replaces its options; a click on the
    // list still showing would hit a row that is about to move. Click once the results are in.
    const unpicked = page.locator('.ant-select-item-option:visible:not(.ant-select-item-option-selected)');
    await expect.poll(async () => {
      const texts = await unpicked.allTextContents();
      return texts.length > 0 && texts.every((t) => t.includes(query));
    }).toBe(true);
    await unpicked.filter({ hasText: unit }).click();
    await expect(page.locator('.ant-select-selection-item', { hasText: unit })).toBeVisible();
  }
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('activation-reach')).toContainText('将激活所选 2 个单元');
  await page.getByRole('button', { name: '发布激活令' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '发布', exact: true }).click();
  await expect(page.getByText(/激活令已发布：激活 2 个单元/)).toBeVisible();
  await expect(page.getByTestId('activation-status')).toHaveText('激活中');
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-mode', 'live');
  await expect(page.getByTestId('total-arrived')).toContainText('0');
  const board = page.url();
  // Set on the page once: still there at the end only if the board never reloaded.
  await page.evaluate(() => ((window as unknown as { boardMarker: string }).boardMarker = 'no reload'));

  // Each member's link arrives through the notifier; take one member of each unit, plus a third.
  let links: SentLink[] = [];
  await expect.poll(async () => (links = await linksFor(event)).length, { timeout: 20_000 }).toBeGreaterThan(2);
  const first = links.find((l) => l.unit === '石柱社区应急响应单元')!;
  const second = links.find((l) => l.unit === '俞溪头社区应急响应单元')!;
  const third = links.find((l) => l !== first && l !== second)!;
  expect(first && second && third).toBeTruthy();

  // The first member opens the link on a phone and reports arrival.
  const phoneA = await openOnPhone(browser, board, first.link);
  await expect(phoneA.getByTestId('checkin-order')).toContainText(event);
  await expect(phoneA.getByTestId('checkin-order')).toContainText('石柱镇人民政府大院');
  await expect(phoneA.getByTestId('checkin-order')).toContainText(first.unit);
  await expect(phoneA.getByTestId('checkin-order')).toContainText(`${first.name} 同志`);
  await phoneA.getByRole('button', { name: '我已到达' }).click();
  await expect(phoneA.getByTestId('checkin-state')).toHaveText('已报到');
  await expect(phoneA.getByTestId('checkin-feedback')).toContainText('报到成功');
  await phoneA.screenshot({ path: 'test-results/mobilization-checkin-phone.png', fullPage: true });

  // The commander's board counts the arrival without a reload.
  await expect(page.getByTestId('total-arrived')).toContainText('1');
  await expect(page.getByTestId('total-opened')).toContainText('1');

  // A second tap (a retry after a dropped connection) is accepted and counted once.
  const again = await phoneA.request.post(new URL(`/api/checkin/${first.link.split('/c/')[1]}`, board).href, { data: { response: 'arrived' } });
  expect((await again.json()).changed).toBe(false);
  await phoneA.reload();
  await expect(phoneA.getByTestId('checkin-state')).toHaveText('已报到');
  await expect(phoneA.getByTestId('checkin-repeat')).toHaveText('已报到，无需重复操作');

  // The second member cannot come and says why.
  const phoneB = await openOnPhone(browser, board, second.link);
  await expect(phoneB.getByTestId('checkin-order')).toContainText(second.unit);
  await phoneB.getByRole('button', { name: '无法到岗' }).click();
  await phoneB.getByLabel('无法到岗的原因').fill('在外地出差，今晚无法返回');
  await phoneB.getByRole('button', { name: '提交说明' }).click();
  await expect(phoneB.getByTestId('checkin-state')).toHaveText('已说明无法到岗');

  await expect(page.getByTestId('total-declined')).toContainText('1');
  await expect(page.getByTestId('total-arrived')).toContainText('1');
  await expect(page.getByTestId('members-table')).toContainText('在外地出差，今晚无法返回');
  expect(await page.evaluate(() => (window as unknown as { boardMarker?: string }).boardMarker)).toBe('no reload');
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-mode', 'live');
  await page.screenshot({ path: 'test-results/mobilization-board.png', fullPage: true });

  // The commander stands the order down with after-action notes.
  await page.getByRole('button', { name: '解除激活令' }).click();
  const dialog = page.getByRole('dialog', { name: `解除激活令：${event}` });
  await dialog.getByLabel('复盘记录').fill('演练顺利，通知送达及时。');
  await dialog.getByRole('button', { name: '解除激活令' }).click();
  await expect(page.getByTestId('activation-status')).toHaveText('已解除');
  await expect(page.getByTestId('after-action')).toBeVisible();
  await expect(page.getByTestId('summary-arrived')).toContainText('1 人');
  await expect(page.getByTestId('notes')).toContainText('演练顺利');

  // Every link is closed now: the members' pages say so, and a link never opened too.
  await phoneA.reload();
  await expect(phoneA.getByTestId('checkin-closed')).toContainText('该激活令已解除');
  const phoneC = await openOnPhone(browser, board, third.link);
  await expect(phoneC.getByTestId('checkin-closed')).toContainText('该激活令已解除');
  await phoneC.screenshot({ path: 'test-results/mobilization-closed-phone.png', fullPage: true });
  for (const p of [phoneA, phoneB, phoneC]) await p.context().close();
});
