ALTER TABLE "indicators" ADD CONSTRAINT "indicators_department_fk" FOREIGN KEY ("department_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "indicator_versions" ADD CONSTRAINT "indicator_versions_indicator_fk" FOREIGN KEY ("indicator_id") REFERENCES "indicators"("id");--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_indicator_fk" FOREIGN KEY ("indicator_id") REFERENCES "indicators"("id");--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_org_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_task_fk" FOREIGN KEY ("task_id") REFERENCES "collection_tasks"("id");--> statement-breakpoint
ALTER TABLE "indicator_value_history" ADD CONSTRAINT "indicator_value_history_value_fk" FOREIGN KEY ("value_id") REFERENCES "indicator_values"("id");--> statement-breakpoint
ALTER TABLE "indicator_targets" ADD CONSTRAINT "indicator_targets_indicator_fk" FOREIGN KEY ("indicator_id") REFERENCES "indicators"("id");--> statement-breakpoint
ALTER TABLE "indicator_targets" ADD CONSTRAINT "indicator_targets_org_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "peer_benchmarks" ADD CONSTRAINT "peer_benchmarks_indicator_fk" FOREIGN KEY ("indicator_id") REFERENCES "indicators"("id");--> statement-breakpoint
ALTER TABLE "peer_benchmarks" ADD CONSTRAINT "peer_benchmarks_org_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "collection_tasks" ADD CONSTRAINT "collection_tasks_issuer_fk" FOREIGN KEY ("issuer_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "task_indicators" ADD CONSTRAINT "task_indicators_task_fk" FOREIGN KEY ("task_id") REFERENCES "collection_tasks"("id");--> statement-breakpoint
ALTER TABLE "task_indicators" ADD CONSTRAINT "task_indicators_indicator_fk" FOREIGN KEY ("indicator_id") REFERENCES "indicators"("id");--> statement-breakpoint
ALTER TABLE "task_submissions" ADD CONSTRAINT "task_submissions_task_fk" FOREIGN KEY ("task_id") REFERENCES "collection_tasks"("id");--> statement-breakpoint
ALTER TABLE "task_submissions" ADD CONSTRAINT "task_submissions_org_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "task_submissions" ADD CONSTRAINT "task_submissions_status_check" CHECK ("status" IN ('not_started', 'draft', 'submitted', 'returned', 'approved'));--> statement-breakpoint
-- Figure history is append-only, like the audit log.
CREATE TRIGGER indicator_value_history_no_update BEFORE UPDATE OR DELETE ON "indicator_value_history"
  FOR EACH ROW EXECUTE FUNCTION audit_events_reject_change();--> statement-breakpoint
CREATE TRIGGER indicator_value_history_no_truncate BEFORE TRUNCATE ON "indicator_value_history"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_reject_change();--> statement-breakpoint
-- A figure whose submission is submitted or approved is locked: its working value cannot change
-- until the reviewer returns or reopens it (which the service records in the figure's history).
CREATE FUNCTION indicator_values_guard_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.value IS DISTINCT FROM OLD.value AND OLD.task_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM task_submissions s WHERE s.task_id = OLD.task_id AND s.org_unit_id = OLD.org_unit_id AND s.status IN ('submitted', 'approved')
  ) THEN
    RAISE EXCEPTION 'indicator value % is locked by a submitted or approved submission', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER indicator_values_lock BEFORE UPDATE ON "indicator_values"
  FOR EACH ROW EXECUTE FUNCTION indicator_values_guard_lock();--> statement-breakpoint
-- Aggregates read (indicator, period range) → (unit, figure): a covering index makes that an
-- index-only scan (bench/indicators.ts: root aggregate 145 → 52 ms at province scale). Same
-- name as the index in indicators.table.ts, which drizzle cannot declare with INCLUDE.
DROP INDEX "indicator_values_indicator_period_idx";--> statement-breakpoint
CREATE INDEX "indicator_values_indicator_period_idx" ON "indicator_values" ("indicator_id", "period") INCLUDE ("org_unit_id", "approved_value", "value");
