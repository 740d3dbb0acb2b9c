-- Derived figures count live records by (category, date) and need only the unit (and status):
-- partial on live rows so the scans are index-only, measured at 1 M activities (bench/ledger.ts).
DROP INDEX IF EXISTS "activities_category_date_idx";--> statement-breakpoint
CREATE INDEX "activities_category_date_idx" ON "activities" USING btree ("category_id", "held_on") INCLUDE ("org_unit_id") WHERE archived_at IS NULL;--> statement-breakpoint
DROP INDEX IF EXISTS "cases_category_closed_idx";--> statement-breakpoint
CREATE INDEX "cases_category_closed_idx" ON "cases" USING btree ("category_id", "closed_on") INCLUDE ("org_unit_id", "status") WHERE archived_at IS NULL;--> statement-breakpoint
DROP INDEX IF EXISTS "cases_category_registered_idx";--> statement-breakpoint
CREATE INDEX "cases_category_registered_idx" ON "cases" USING btree ("category_id", "registered_on") INCLUDE ("org_unit_id", "status") WHERE archived_at IS NULL;--> statement-breakpoint
-- Overdue lists read open cases by deadline.
CREATE INDEX "cases_open_due_idx" ON "cases" USING btree ("due_on") WHERE status IN ('registered', 'assigned', 'in_progress') AND archived_at IS NULL;
