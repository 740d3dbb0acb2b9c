import type { DbOrTx } from '../../db/client';
import { seedCategories } from './categories.service';
import { seedActivities } from './demo/activities';
import { seedCases } from './demo/cases';
import { seedHonours } from './demo/honours';
import { seedProjects } from './demo/projects';
import { loadScope, type Rng } from './demo/scope';

export { ledgerDemoFigures, SEED_FIGURES, type LedgerFigures } from './demo/scope';

/**
 * The demo county's ledger: the category trees, then records from which the seed's 2022
 * figures come when derived indicators count or sum them (see SEED_FIGURES) — lectures,
 * on-site office events and the enterprise needs they raised, articles, joint projects and
 * their funding, cultural halls, security systems at religious venues, honours, proposals,
 * social services, fault-tolerance and discipline cases — with 2021 records and other
 * categories around them, and a few open cases of November 2026 for the overdue view.
 * Deterministic: every date and stamp comes from `r` or a fixed date, never the clock. A
 * smaller county (tests) gets proportionally fewer records (`ledgerDemoFigures`).
 */
export async function seedLedgerDemo(db: DbOrTx, countyCode: string, r: Rng, opts: { actorName: string }) {
  await seedCategories(db, countyCode);
  const s = await loadScope(db, countyCode, r, opts.actorName);
  const { events, count: activities } = await seedActivities(s);
  const cases = await seedCases(s, events);
  const projects = await seedProjects(s);
  const honours = await seedHonours(s);
  return { activities, cases, projects, honours, figures: s.figures };
}
