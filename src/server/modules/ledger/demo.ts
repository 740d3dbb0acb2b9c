import type { DbOrTx } from '../../db/client';
import { seedCategories } from './categories.service';

type Rng = { next(): number; int(min: number, max: number): number; pick<T>(list: readonly T[]): T };

/** The demo county's ledger: category trees, then records from which the seed's 2022 figures come. */
export async function seedLedgerDemo(db: DbOrTx, countyCode: string, _r: Rng, _opts: { actorName: string }) {
  await seedCategories(db, countyCode);
}
