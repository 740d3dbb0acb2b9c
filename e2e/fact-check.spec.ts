import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

// On the demo county, 2022: 477 enterprise needs solved, 10.67亿元 invested in 百镇共建强基 and
// 463 学习强国 articles are the ledger's figures; 宣讲 was 5,236 sessions, so "5100余场次" is
// true but written as no writer rounds (the formatter writes 5200余场次).
const DRAFT =
  '2022年，全市解决企业需求477个，启动“百镇共建强基”项目，总投资10.67亿元，“学习强国”平台全年刊发稿件463篇，开展宣讲5100余场次。';

test('an organization-department cadre checks a year-end draft and finds the one figure written wrong', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'zzb');
  await page.getByRole('menuitem', { name: '数据核验' }).click();
  await expect(page).toHaveURL(/\/reports\/check$/);

  // An empty draft: the server's message appears on the field.
  await page.getByRole('button', { name: '核验' }).click();
  await expect(page.getByText('请粘贴稿件内容')).toBeVisible();

  await expect(page.getByRole('combobox', { name: '核验年度' })).toBeVisible();
  await page.getByRole('textbox', { name: '稿件内容' }).fill(DRAFT);
  await expect(page.getByText('请粘贴稿件内容')).toBeHidden();
  await expect(page.getByText(`${DRAFT.length} / 50000`)).toBeVisible();
  await page.getByRole('button', { name: '核验' }).click();

  const summary = page.getByTestId('fact-check-summary');
  await expect(summary).toContainText('核实 3');
  await expect(summary).toContainText('不符 1');
  await expect(summary).toContainText('未知 0');

  // The draft comes back with each figure highlighted by verdict.
  const draft = page.getByTestId('fact-check-draft');
  await expect(draft.locator('mark[data-verdict="mismatch"]')).toHaveText(['5100余场次']);
  await expect(draft.locator('mark[data-verdict="verified"]')).toHaveText(['477个', '10.67亿元', '463篇']);

  // The table lists the mismatch first, with the ledger's figure and how to write it.
  const rows = page.getByTestId('claim-table').getByTestId('claim-row');
  await expect(rows).toHaveCount(4);
  const wrong = rows.first();
  await expect(wrong).toContainText('5100余场次');
  await expect(wrong.getByText('不符', { exact: true })).toBeVisible();
  await expect(wrong).toContainText('5,236场次');
  await expect(wrong).toContainText('应为5200余场次');
  await expect(wrong).toContainText('宣讲场次 · 2022年');
  await expect(wrong).toContainText('开展宣讲5100余场次');
  for (const figure of ['477个', '10.67亿元', '463篇']) {
    const row = rows.filter({ hasText: figure });
    await expect(row).toHaveCount(1);
    await expect(row.getByText('核实', { exact: true })).toBeVisible();
  }
  await expect(rows.getByText('不符', { exact: true })).toHaveCount(1);
  await expect(rows.getByText('核实', { exact: true })).toHaveCount(3);
  await page.screenshot({ path: 'test-results/fact-check-desktop.png', fullPage: true });

  // 只看不符 leaves the one row; clicking a verified highlight brings its row back and selects it.
  await page.getByRole('switch', { name: '只看不符' }).click();
  await expect(rows).toHaveCount(1);
  await draft.getByRole('button', { name: /463篇/ }).click();
  await expect(rows).toHaveCount(4);
  await expect(page.getByRole('switch', { name: '只看不符' })).not.toBeChecked();

  // The source links to the explorer for that indicator, unit and year.
  await wrong.getByRole('link', { name: '宣讲场次 · 2022年' }).click();
  await expect(page).toHaveURL(/\/explore\?indicator=\d+&unit=\d+&from=2022/);

  // On a phone the claims collapse to cards.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goBack();
  await expect(page).toHaveURL(/\/reports\/check$/);
  await page.getByRole('textbox', { name: '稿件内容' }).fill(DRAFT);
  await page.getByRole('button', { name: '核验' }).click();
  const cards = page.getByTestId('claim-list').getByTestId('claim-row');
  await expect(cards).toHaveCount(4);
  await expect(cards.first()).toContainText('应为5200余场次');
  await expect(cards.first()).toContainText('5,236场次');
  await page.screenshot({ path: 'test-results/fact-check-phone.png', fullPage: true });
});
