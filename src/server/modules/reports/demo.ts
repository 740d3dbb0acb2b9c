import type { DbOrTx } from '../../db/client';
import { seedDerivedCountyFigures } from '../indicators';
import { findUnitsByCodes } from '../org';
import { DEMO_TEMPLATES } from './demo-templates';
import { reportTemplates } from './reports.table';

/**
 * The demo county's summary templates, and the 2022 figures the organization summary takes from
 * mobilization records (loaded after the indicators, so stored here).
 */
export async function seedReportsDemo(db: DbOrTx, countyCode: string) {
  await seedDerivedCountyFigures(db, countyCode, ['YJ_DY', 'YJ_JH', 'PZ_GB'], '2022');
  const [county] = await findUnitsByCodes(db, [countyCode]);
  await db.insert(reportTemplates).values(DEMO_TEMPLATES.map((t) => ({ tenantId: countyCode, ownerUnitId: county.id, dept: t.dept, name: t.name, definition: t.definition, updatedBy: '演示数据', createdAt: new Date('2022-12-01T01:00:00Z'), updatedAt: new Date('2022-12-01T01:00:00Z') })));
  return { templates: DEMO_TEMPLATES.length };
}
