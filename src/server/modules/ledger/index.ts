// Work ledger (台账): activities, cases with their close-out workflow, projects and honours, each
// with an admin-edited category tree and extra attributes, attachments, full-text search, and
// record queries that derived indicators count or sum. Other modules use only what is exported here.
import './record-query';
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { HONOUR_LEVEL_ZH, type HonourLevel } from '../../../shared/ledger';

export { ledgerRoutes } from './ledger.routes';
export { seedCategories, categoryCatalog, queryReachesSensitive } from './categories.service';
export { runRecordQuery, recordQueryTotal, topRecords, describeRecordQuery, describeRecordQueryNamed, checkRecordQuery } from './record-query';
export { overdueCasesPerUnit } from './cases.workflow';
export { seedLedgerDemo } from './demo';
export { caseCounters, honourSummary, newlyOverdueCases } from './counters.service';

/** Honours awarded to a person (recipient), newest first, for their own career record (cadres module). */
export async function honoursOfPerson(db: DbOrTx, personId: number) {
  const rows = await queryRows<{ id: number; title: string; level: HonourLevel; issuer: string | null; awardedOn: string }>(
    db,
    sql`select h.id, h.title, h.level, h.issuer, h.awarded_on::text as "awardedOn" from honours h
        where h.recipient_type = 'person' and h.recipient_person_id = ${personId} and h.archived_at is null order by h.awarded_on desc, h.id desc`,
  );
  return rows.map(({ level, ...r }) => ({ ...r, levelName: HONOUR_LEVEL_ZH[level] }));
}
export { diskFileStore, fileStoreOf, fileTypeOf, sweepStaleTempFiles, type FileStore } from './file-store';
