-- Mobilization: references across modules, value checks, and two guards in the database itself.
ALTER TABLE "mobilization_forces" ADD CONSTRAINT "mobilization_forces_org_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "response_units" ADD CONSTRAINT "response_units_force_fk" FOREIGN KEY ("force_id") REFERENCES "mobilization_forces"("id");--> statement-breakpoint
ALTER TABLE "response_units" ADD CONSTRAINT "response_units_org_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "response_units" ADD CONSTRAINT "response_units_leader_fk" FOREIGN KEY ("leader_person_id") REFERENCES "persons"("id");--> statement-breakpoint
ALTER TABLE "response_units" ADD CONSTRAINT "response_units_deputy_fk" FOREIGN KEY ("deputy_person_id") REFERENCES "persons"("id");--> statement-breakpoint
ALTER TABLE "response_units" ADD CONSTRAINT "response_units_min_strength_check" CHECK ("min_strength" >= 0);--> statement-breakpoint
ALTER TABLE "roster_members" ADD CONSTRAINT "roster_members_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "response_units"("id");--> statement-breakpoint
ALTER TABLE "roster_members" ADD CONSTRAINT "roster_members_person_fk" FOREIGN KEY ("person_id") REFERENCES "persons"("id");--> statement-breakpoint
ALTER TABLE "roster_members" ADD CONSTRAINT "roster_members_position_check" CHECK ("position" IN ('leader', 'deputy', 'member'));--> statement-breakpoint
ALTER TABLE "roster_members" ADD CONSTRAINT "roster_members_availability_check" CHECK ("availability" IN ('available', 'limited', 'unavailable'));--> statement-breakpoint
ALTER TABLE "activations" ADD CONSTRAINT "activations_issuer_fk" FOREIGN KEY ("issuer_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "activations" ADD CONSTRAINT "activations_level_check" CHECK ("level" IN ('I', 'II', 'III', 'IV'));--> statement-breakpoint
ALTER TABLE "activations" ADD CONSTRAINT "activations_status_check" CHECK ("status" IN ('active', 'stood_down'));--> statement-breakpoint
ALTER TABLE "activation_units" ADD CONSTRAINT "activation_units_activation_fk" FOREIGN KEY ("activation_id") REFERENCES "activations"("id");--> statement-breakpoint
ALTER TABLE "activation_units" ADD CONSTRAINT "activation_units_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "response_units"("id");--> statement-breakpoint
ALTER TABLE "activation_members" ADD CONSTRAINT "activation_members_activation_unit_fk" FOREIGN KEY ("activation_id", "unit_id") REFERENCES "activation_units"("activation_id", "unit_id");--> statement-breakpoint
ALTER TABLE "activation_members" ADD CONSTRAINT "activation_members_person_fk" FOREIGN KEY ("person_id") REFERENCES "persons"("id");--> statement-breakpoint
ALTER TABLE "activation_members" ADD CONSTRAINT "activation_members_response_check" CHECK (
  ("response" IS NULL) OR ("response" = 'arrived' AND "arrived_at" IS NOT NULL) OR ("response" = 'declined' AND "declined_at" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "activation_members" ADD CONSTRAINT "activation_members_via_check" CHECK ("response_via" IS NULL OR "response_via" IN ('link', 'hand'));--> statement-breakpoint
ALTER TABLE "activation_events" ADD CONSTRAINT "activation_events_activation_fk" FOREIGN KEY ("activation_id") REFERENCES "activations"("id");--> statement-breakpoint
ALTER TABLE "mobilization_notifications" ADD CONSTRAINT "mobilization_notifications_member_fk" FOREIGN KEY ("member_id") REFERENCES "activation_members"("id");--> statement-breakpoint
ALTER TABLE "mobilization_notifications" ADD CONSTRAINT "mobilization_notifications_activation_fk" FOREIGN KEY ("activation_id") REFERENCES "activations"("id");--> statement-breakpoint
ALTER TABLE "mobilization_notifications" ADD CONSTRAINT "mobilization_notifications_status_check" CHECK ("status" IN ('queued', 'sent', 'failed'));--> statement-breakpoint
ALTER TABLE "dispatches" ADD CONSTRAINT "dispatches_person_fk" FOREIGN KEY ("person_id") REFERENCES "persons"("id");--> statement-breakpoint
ALTER TABLE "dispatches" ADD CONSTRAINT "dispatches_posted_unit_fk" FOREIGN KEY ("posted_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "dispatches" ADD CONSTRAINT "dispatches_front_check" CHECK ("front" IN ('transformation', 'urban_renewal', 'investment', 'grassroots'));--> statement-breakpoint
ALTER TABLE "dispatches" ADD CONSTRAINT "dispatches_dates_check" CHECK (("end_date" IS NULL OR "end_date" >= "start_date") AND ("ended_early_on" IS NULL OR "ended_early_on" >= "start_date"));--> statement-breakpoint
-- The order's timeline is append-only, like the audit log.
CREATE TRIGGER activation_events_no_update BEFORE UPDATE OR DELETE ON "activation_events"
  FOR EACH ROW EXECUTE FUNCTION audit_events_reject_change();--> statement-breakpoint
CREATE TRIGGER activation_events_no_truncate BEFORE TRUNCATE ON "activation_events"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_reject_change();--> statement-breakpoint
-- A stood-down order's check-ins are its after-action record: once the order stands down, no
-- answer may change (the links are closed), whoever issues the UPDATE.
CREATE FUNCTION activation_members_guard_closed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.response IS DISTINCT FROM OLD.response OR NEW.arrived_at IS DISTINCT FROM OLD.arrived_at OR NEW.declined_at IS DISTINCT FROM OLD.declined_at)
     AND EXISTS (SELECT 1 FROM activations a WHERE a.id = OLD.activation_id AND a.status = 'stood_down') THEN
    RAISE EXCEPTION 'activation % has been stood down', OLD.activation_id USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER activation_members_closed BEFORE UPDATE ON "activation_members"
  FOR EACH ROW EXECUTE FUNCTION activation_members_guard_closed();
