import { deflateSync } from 'node:zlib';
import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import { signIn } from './helpers';

/** The signed-in page's API, with the session's CSRF token on writes (as the web app sends it). */
export async function apiOf(page: Page) {
  const me = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string; orgUnitId: number };
  const headers = { 'x-csrf-token': me.csrfToken };
  return {
    me,
    get: async <T>(path: string): Promise<T> => {
      const res = await page.request.get(path);
      expect(res.ok(), `${path}: ${res.status()} ${await res.text()}`).toBeTruthy();
      return (await res.json()) as T;
    },
    post: async <T>(path: string, data: unknown): Promise<T> => {
      const res = await page.request.post(path, { data, headers });
      expect(res.ok(), `${path}: ${res.status()} ${await res.text()}`).toBeTruthy();
      return (await res.json()) as T;
    },
  };
}

/** Today's year in China Standard Time, the period a lecture held today counts in. */
export const cstYear = () => new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

interface IndicatorRow {
  id: number;
  code: string;
  source: string;
  derivation: string | null;
  definition: { recordQuery: { kind: string; measure: string; categoryCode: string } | null } | null;
}

/**
 * The demo's 宣讲场次 (XJ_CC): activities in category 宣讲 (with its children) counted by 活动日期.
 * A demo that predates it has XJ_CC as a typed figure, so a ledger-derived stand-in is created
 * under another code by the organization department — the test works either way.
 */
export async function lectureIndicatorId(browser: Browser): Promise<number> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  try {
    await signIn(page, 'zzb');
    const api = await apiOf(page);
    const all = await api.get<IndicatorRow[]>('/api/indicators?includeArchived=true');
    const derived = (i: IndicatorRow) => i.source === 'derived' && i.derivation === 'ledger.records' && i.definition?.recordQuery?.kind === 'activity' && i.definition.recordQuery.measure === 'count' && i.definition.recordQuery.categoryCode === 'XJ';
    const found = all.find((i) => i.code === 'XJ_CC' && derived(i)) ?? all.find((i) => i.code === 'XJ_CC_TZ' && derived(i));
    if (found) return found.id;
    const created = await api.post<{ id: number }>('/api/indicators', {
      code: 'XJ_CC_TZ',
      name: '宣讲场次',
      unit: '场次',
      direction: 'higher',
      periodType: 'year',
      source: 'derived',
      derivation: 'ledger.records',
      definition: { effectiveFrom: '2022', aggregation: { kind: 'simple', tree: 'sum', time: 'sum' }, valueKind: 'integer', recordQuery: { kind: 'activity', measure: 'count', categoryCode: 'XJ', dateBasis: 'held' } },
    });
    return created.id;
  } finally {
    await context.close();
  }
}

/** The antd Select (or TreeSelect) box around a field's input, which shows what is chosen. */
const selectBox = (field: Locator) => field.locator('xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');

/**
 * Opens a select and clicks an option until the box shows it: a drawer still sliding in can
 * carry the popup away from under the pointer, which a person would simply click again.
 */
async function choose(page: Page, field: Locator, option: Locator, shown: string | RegExp, open: () => Promise<void>) {
  await expect(async () => {
    if (!(await page.locator('.ant-select-dropdown:visible').count())) await open();
    await option.first().click({ timeout: 3_000 });
    await expect(selectBox(field)).toContainText(shown, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/** Picks a node of an antd TreeSelect by its title. */
export async function pickTreeNode(page: Page, field: Locator, title: string) {
  await choose(page, field, page.locator('.ant-select-tree-node-content-wrapper:visible').filter({ hasText: new RegExp(`^${title}$`) }), title, () => field.click());
}

/** Picks an option of an antd Select by its text. */
export async function pickOption(page: Page, field: Locator, text: string) {
  await choose(page, field, page.locator('.ant-select-item-option:visible').filter({ hasText: text }), text, () => field.click());
}

/** Picks an org unit in an OrgUnitPicker by typing its name; the option starts with the name. */
export async function pickUnit(page: Page, field: Locator, name: string) {
  await choose(page, field, page.locator('.ant-select-item-option:visible').filter({ hasText: new RegExp(`^${name}（`) }), name, () => field.fill(name));
}

/** Types a date into an antd DatePicker and confirms it. */
export async function fillDate(field: Locator, date: string) {
  await field.click();
  await field.fill(date);
  await field.press('Enter');
  await expect(field).toHaveValue(date);
}

/** A small real PNG (a red square with a white cross), made here rather than shipped as a fixture. */
export function pngBytes(size = 24): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < size; x++) {
      const cross = Math.abs(x - size / 2) < 2 || Math.abs(y - size / 2) < 2;
      rows.push(...(cross ? [255, 255, 255] : [200, 16, 46]));
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from(rows))), chunk('IEND', Buffer.alloc(0))]);
}
