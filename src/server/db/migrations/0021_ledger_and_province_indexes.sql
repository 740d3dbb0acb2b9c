-- Found by bench:load:province (a county among 89 others, 4.8 GB): queries that read every
-- county's rows to answer for one.
-- The cockpit's open-task counter: a county's unapproved forms by index.
CREATE INDEX "task_submissions_open_idx" ON "task_submissions" USING btree ("tenant_id","task_id") WHERE status <> 'approved';--> statement-breakpoint
-- A county-level people list counts the county's unarchived people: with archived_at in the index
-- the count reads the index only (41 → 92 ms otherwise, fetching 53,000 rows from a 2.8 GB table).
DROP INDEX IF EXISTS "persons_tenant_name_idx";--> statement-breakpoint
CREATE INDEX "persons_tenant_name_idx" ON "persons" USING btree ("tenant_id","name_pinyin") INCLUDE ("archived_at");--> statement-breakpoint
-- Deleting an activity looks for a case that came from it by index (the foreign key's check, or
-- the trigger's on a partitioned ledger: src/server/ops/ledger-partitions.sql).
CREATE INDEX "cases_source_activity_idx" ON "cases" USING btree ("source_activity_id") WHERE source_activity_id is not null;
