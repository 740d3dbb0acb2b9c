import { expect, test, type Page } from '@playwright/test';
import { signIn } from './helpers';

const ESTATE = '人才公寓·五金城苑（演示）';

/** The inventory's count card of a status, as a number. */
async function count(page: Page, status: 'free' | 'reserved' | 'rented' | 'sold') {
  const text = await page.getByTestId(`count-${status}`).locator('.ant-statistic-content-value').innerText();
  return Number(text.replace(/,/g, ''));
}

test('the organization department allocates talent apartments by the published rule and everyone can see who got which flat', async ({ page }) => {
  await signIn(page, 'zzb');
  await page.getByRole('link', { name: '人才公寓', exact: true }).click();
  await expect(page).toHaveURL(/\/talent\/apartments$/);

  // Counts per status: the seed's 3,126 flats sold, and what the contracts say is let.
  await expect(page.getByTestId('count-sold')).toContainText('3,126');
  const before = { free: await count(page, 'free'), reserved: await count(page, 'reserved'), rented: await count(page, 'rented') };
  const api = (await (await page.request.get('/api/apartments?pageSize=1')).json()) as { counts: Record<string, number> };
  expect(before).toEqual({ free: api.counts.free, reserved: api.counts.reserved, rented: api.counts.rented });
  // A count card filters the list.
  await page.getByTestId('count-rented').click();
  await expect(page.getByTestId('apartments-table').locator('tbody tr.ant-table-row').first()).toContainText('已出租');

  // Preview the allocation of the demo programme's approved applications over one estate's free flats.
  await page.getByRole('tab', { name: '按规则分配' }).click();
  await expect(page).toHaveURL(/\/talent\/apartments\/allocation$/);
  await expect(page.getByText('2026年度人才公寓免费租住（演示）（待分配 8 份）')).toBeVisible();
  await page.getByLabel('房源范围').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option-content', { hasText: ESTATE }).click();
  await page.getByRole('button', { name: '预览分配结果' }).click();
  const preview = page.getByTestId('allocation-preview');
  await expect(preview).toContainText('按评分从高到低排序');
  await expect(preview).toContainText('提交时间先后');
  const rows = preview.locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(8);
  // Score first: the A-tier applicant leads; the tie between two C-tier applicants is broken by time.
  await expect(rows.nth(0)).toContainText('100');
  await expect(preview).toContainText('按提交时间排在其后');

  await page.getByRole('button', { name: '确认分配并公布' }).click();
  await page.getByRole('button', { name: '确认分配', exact: true }).click();
  await expect(page).toHaveURL(/\/talent\/apartments\/allocations\/\d+$/);
  const id = page.url().split('/').pop();

  // The published result: each applicant with their flat and why, and the rule beside it.
  const published = page.getByTestId('allocation-result');
  await expect(published).toContainText('分配规则');
  const run = (await (await page.request.get(`/api/apartment-allocations/${id}`)).json()) as { results: { personName: string; apartmentLabel: string | null; rank: number }[] };
  expect(run.results).toHaveLength(8);
  const resultRows = published.locator('tbody tr.ant-table-row');
  await expect(resultRows).toHaveCount(8);
  for (const r of run.results) {
    expect(r.apartmentLabel, r.personName).toContain('五金城苑');
    const row = resultRows.nth(r.rank - 1);
    await expect(row).toContainText(r.personName);
    await expect(row).toContainText(r.apartmentLabel!);
    await expect(row).toContainText('已预留，待签约');
  }
  expect(new Set(run.results.map((r) => r.apartmentLabel)).size).toBe(8);

  // The inventory counts follow: eight flats reserved.
  await page.getByRole('tab', { name: '房源', exact: true }).click();
  await expect(page).toHaveURL(/\/talent\/apartments$/);
  await expect(page.getByTestId('count-reserved')).toContainText(String(before.reserved + 8));
  expect(await count(page, 'free')).toBe(before.free - 8);
  expect(await count(page, 'rented')).toBe(before.rented);
});
