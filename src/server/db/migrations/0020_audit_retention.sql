-- The audit log stays append-only, with one exception for retention (MLPS 2.0 level 3 asks for
-- at least 180 days): `lizhou audit archive` may delete events older than 180 days, and only
-- inside a transaction that has set lizhou.audit_archive (after writing them to an archive file).
-- The 180-day floor is enforced here, so no configuration or code path can delete newer events.
DROP TRIGGER audit_events_no_update ON "audit_events";--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION audit_events_reject_change();--> statement-breakpoint
CREATE FUNCTION audit_events_guard_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('lizhou.audit_archive', true) = 'on' AND OLD.at < now() - interval '180 days' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only; only events older than 180 days may be archived' USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION audit_events_guard_delete();
