-- Derived counts read (category, date) and need only the unit: index-only at province scale.
DROP INDEX IF EXISTS "activities_category_date_idx";--> statement-breakpoint
CREATE INDEX "activities_category_date_idx" ON "activities" USING btree ("category_id", "held_on") INCLUDE ("org_unit_id");--> statement-breakpoint
ALTER TABLE "ledger_categories" ADD CONSTRAINT "ledger_categories_kind_check" CHECK (kind IN ('activity', 'case', 'project', 'honour'));--> statement-breakpoint
ALTER TABLE "ledger_categories" ADD CONSTRAINT "ledger_categories_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "ledger_categories"("id");--> statement-breakpoint
ALTER TABLE "ledger_categories" ADD CONSTRAINT "ledger_categories_sla_check" CHECK (sla_days IS NULL OR sla_days > 0);--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_category_fk" FOREIGN KEY ("category_id") REFERENCES "ledger_categories"("id");--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_dates_check" CHECK (ended_on IS NULL OR ended_on >= held_on);--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_counts_check" CHECK ((participants IS NULL OR participants >= 0) AND (audience IS NULL OR audience >= 0));--> statement-breakpoint
ALTER TABLE "activity_people" ADD CONSTRAINT "activity_people_activity_fk" FOREIGN KEY ("activity_id") REFERENCES "activities"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "activity_people" ADD CONSTRAINT "activity_people_person_fk" FOREIGN KEY ("person_id") REFERENCES "persons"("id");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_category_fk" FOREIGN KEY ("category_id") REFERENCES "ledger_categories"("id");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_registrar_fk" FOREIGN KEY ("registrar_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_source_activity_fk" FOREIGN KEY ("source_activity_id") REFERENCES "activities"("id");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_status_check" CHECK (status IN ('registered', 'assigned', 'in_progress', 'resolved', 'closed'));--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_closed_check" CHECK ((status = 'closed') = (closed_on IS NOT NULL));--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_fk" FOREIGN KEY ("case_id") REFERENCES "cases"("id");--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_category_fk" FOREIGN KEY ("category_id") REFERENCES "ledger_categories"("id");--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_status_check" CHECK (status IN ('planned', 'in_progress', 'completed', 'suspended'));--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_progress_check" CHECK (progress BETWEEN 0 AND 100);--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_investment_check" CHECK (planned_investment >= 0 AND actual_investment >= 0);--> statement-breakpoint
ALTER TABLE "project_funds" ADD CONSTRAINT "project_funds_project_fk" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "project_funds" ADD CONSTRAINT "project_funds_amount_check" CHECK (planned >= 0 AND actual >= 0);--> statement-breakpoint
ALTER TABLE "project_milestones" ADD CONSTRAINT "project_milestones_project_fk" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "honours" ADD CONSTRAINT "honours_category_fk" FOREIGN KEY ("category_id") REFERENCES "ledger_categories"("id");--> statement-breakpoint
ALTER TABLE "honours" ADD CONSTRAINT "honours_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "honours" ADD CONSTRAINT "honours_person_fk" FOREIGN KEY ("recipient_person_id") REFERENCES "persons"("id");--> statement-breakpoint
ALTER TABLE "honours" ADD CONSTRAINT "honours_level_check" CHECK (level IN ('national', 'provincial', 'city', 'county'));--> statement-breakpoint
ALTER TABLE "honours" ADD CONSTRAINT "honours_recipient_check" CHECK ((recipient_type = 'person') = (recipient_person_id IS NOT NULL) AND recipient_type IN ('person', 'unit'));
