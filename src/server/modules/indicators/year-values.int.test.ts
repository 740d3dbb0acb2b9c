import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestApp, type TestApp } from '../../testing/harness';
import { loadDefinitions } from './definitions.service';
import { yearValueAt, yearValuesAt } from './aggregate.service';

// A cockpit's trend reads six years in one query per indicator; it must say exactly what asking
// year by year says, for every kind of indicator (entered, ledger-derived, talent payments,
// ratios, formulas) at every level of the tree.
describe('yearValuesAt: a trend in one query, the same figures as year by year', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 120_000);
  afterAll(() => t?.close());

  it('matches yearValueAt for every indicator of the demo county, at the county, a town and a village', async () => {
    const [{ tenantId }] = await queryRows<{ tenantId: string }>(t.ctx.db, sql`select tenant_id as "tenantId" from org_units where parent_id is null order by id limit 1`);
    const defs = await loadDefinitions(t.ctx.db, tenantId);
    const units = await queryRows<{ id: number; path: string; type: string }>(
      t.ctx.db,
      sql`(select id, path, type from org_units where tenant_id = ${tenantId} and parent_id is null)
          union all (select id, path, type from org_units where tenant_id = ${tenantId} and type = 'town' order by id limit 1)
          union all (select id, path, type from org_units where tenant_id = ${tenantId} and type = 'village' order by id limit 1)`,
    );
    expect(units.map((u) => u.type)).toHaveLength(3);
    const years = [2017, 2018, 2019, 2020, 2021, 2022];
    const kinds = new Set<string>();
    let figures = 0;
    for (const def of defs.values()) {
      kinds.add(`${def.row.source}:${def.versions[def.versions.length - 1].aggregation.kind}`);
      for (const unit of units) {
        const together = await yearValuesAt(t.ctx.db, defs, def.row.code, years, tenantId, unit);
        const oneByOne: (number | null)[] = [];
        for (const y of years) oneByOne.push(await yearValueAt(t.ctx.db, defs, def.row.code, y, tenantId, unit));
        // Equal up to the order in which floating-point figures were added up.
        expect(together.map((v) => v == null), `${def.row.code} at ${unit.type}`).toEqual(oneByOne.map((v) => v == null));
        together.forEach((v, i) => v != null && expect(v, `${def.row.code} at ${unit.type} in ${years[i]}`).toBeCloseTo(oneByOne[i]!, 6));
        figures += oneByOne.filter((v) => v != null).length;
      }
    }
    // The comparison covered real figures of every kind, not a table of nulls.
    expect(figures).toBeGreaterThan(100);
    expect([...kinds]).toEqual(expect.arrayContaining(['entered:simple', 'derived:simple', 'entered:ratio']));
  }, 120_000);
});
