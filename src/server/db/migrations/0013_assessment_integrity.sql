-- Published results, their rows and scheme versions are written once: later corrections to the
-- figures or the rules cannot move a result that has gone out (issue 5: frozen snapshots).
CREATE FUNCTION lizhou_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is written once and cannot be changed', TG_TABLE_NAME USING ERRCODE = 'check_violation';
END;
$$;--> statement-breakpoint
CREATE TRIGGER scheme_versions_frozen BEFORE UPDATE OR DELETE ON "scheme_versions" FOR EACH ROW EXECUTE FUNCTION lizhou_reject_change();--> statement-breakpoint
CREATE TRIGGER scheme_results_frozen BEFORE UPDATE OR DELETE ON "scheme_results" FOR EACH ROW EXECUTE FUNCTION lizhou_reject_change();--> statement-breakpoint
CREATE TRIGGER scheme_result_rows_frozen BEFORE UPDATE OR DELETE ON "scheme_result_rows" FOR EACH ROW EXECUTE FUNCTION lizhou_reject_change();--> statement-breakpoint
CREATE TRIGGER incentive_pools_frozen BEFORE UPDATE OR DELETE ON "incentive_pools" FOR EACH ROW EXECUTE FUNCTION lizhou_reject_change();--> statement-breakpoint
ALTER TABLE "schemes" ADD CONSTRAINT "schemes_scope_fk" FOREIGN KEY ("scope_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "schemes" ADD CONSTRAINT "schemes_kind_check" CHECK (kind IN ('competition', 'index', 'evaluation', 'selection'));--> statement-breakpoint
ALTER TABLE "scheme_versions" ADD CONSTRAINT "scheme_versions_scheme_fk" FOREIGN KEY ("scheme_id") REFERENCES "schemes"("id");--> statement-breakpoint
ALTER TABLE "scheme_results" ADD CONSTRAINT "scheme_results_scheme_fk" FOREIGN KEY ("scheme_id") REFERENCES "schemes"("id");--> statement-breakpoint
ALTER TABLE "scheme_results" ADD CONSTRAINT "scheme_results_version_fk" FOREIGN KEY ("version_id") REFERENCES "scheme_versions"("id");--> statement-breakpoint
ALTER TABLE "scheme_result_rows" ADD CONSTRAINT "scheme_result_rows_result_fk" FOREIGN KEY ("result_id") REFERENCES "scheme_results"("id");--> statement-breakpoint
ALTER TABLE "scheme_result_rows" ADD CONSTRAINT "scheme_result_rows_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "incentive_pools" ADD CONSTRAINT "incentive_pools_result_fk" FOREIGN KEY ("result_id") REFERENCES "scheme_results"("id");--> statement-breakpoint
ALTER TABLE "incentive_pools" ADD CONSTRAINT "incentive_pools_amount_check" CHECK (amount > 0);--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_owner_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_mode_check" CHECK (mode IN ('token', 'device'));--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_status_check" CHECK (status IN ('draft', 'open', 'closed'));--> statement-breakpoint
ALTER TABLE "survey_targets" ADD CONSTRAINT "survey_targets_survey_fk" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id");--> statement-breakpoint
ALTER TABLE "survey_targets" ADD CONSTRAINT "survey_targets_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "survey_tokens" ADD CONSTRAINT "survey_tokens_target_fk" FOREIGN KEY ("target_id") REFERENCES "survey_targets"("id");--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_target_fk" FOREIGN KEY ("target_id") REFERENCES "survey_targets"("id");--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_token_fk" FOREIGN KEY ("token_id") REFERENCES "survey_tokens"("id");--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_satisfaction_check" CHECK (satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5);
