-- A county-level ledger list counts its unarchived records up to 10,001 (the "10000+" cap): with
-- archived_at in the tenant index the count reads the index only, where it was a sequential scan
-- of the table on every list page (bench:load: 5,365 scans reading 86 M activity rows; 4.6 → 2.8 ms).
-- src/server/ops/ledger-partitions.sql builds the same indexes on a partitioned ledger.
DROP INDEX IF EXISTS "activities_tenant_date_idx";--> statement-breakpoint
CREATE INDEX "activities_tenant_date_idx" ON "activities" USING btree ("tenant_id","held_on" DESC NULLS LAST,"id" DESC NULLS LAST) INCLUDE ("archived_at");--> statement-breakpoint
DROP INDEX IF EXISTS "cases_tenant_date_idx";--> statement-breakpoint
CREATE INDEX "cases_tenant_date_idx" ON "cases" USING btree ("tenant_id","registered_on" DESC NULLS LAST,"id" DESC NULLS LAST) INCLUDE ("archived_at");
