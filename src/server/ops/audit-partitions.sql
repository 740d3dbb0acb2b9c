-- Partitions audit_events by month of `at` (UTC months): run once by `lizhou partition-audit`
-- (src/server/ops/audit-partitions.ts) on a database whose audit log grows by millions of events a
-- month (a city or a province). Archiving then drops whole months that are past retention instead
-- of deleting their rows one by one (docs/decisions/006). The log stays append-only: the update,
-- delete and truncate guards of migrations 0001 and 0020 are declared again on the new table, and
-- the archive drops a month through lizhou_audit_drop_month, which holds the same 180-day floor
-- (DDL by the table's owner, like DROP TABLE, is outside what triggers can guard, as before).
-- The key becomes (id, at); ids stay unique through the identity sequence.
--> statement-breakpoint
-- Creates the partition of the month holding m if missing. Events of that month already in the
-- default partition keep it there (PostgreSQL would refuse the new partition): returns whether
-- the month has its own.
CREATE FUNCTION lizhou_audit_month_partition(m timestamptz) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  first timestamp := date_trunc('month', m AT TIME ZONE 'UTC');
  lo timestamptz := first AT TIME ZONE 'UTC';
  hi timestamptz := (first + interval '1 month') AT TIME ZONE 'UTC';
  part text := 'audit_events_' || to_char(first, 'YYYYMM');
  held boolean;
BEGIN
  IF to_regclass(part) IS NOT NULL THEN RETURN true; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('lizhou_audit_month_partition'), to_char(first, 'YYYYMM')::int);
  IF to_regclass(part) IS NOT NULL THEN RETURN true; END IF;
  SELECT EXISTS (SELECT 1 FROM audit_events_default WHERE at >= lo AND at < hi) INTO held;
  IF held THEN RETURN false; END IF;
  BEGIN
    EXECUTE format('CREATE TABLE %I PARTITION OF audit_events FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
    -- A statement trigger on the parent does not fire for a TRUNCATE naming the partition itself.
    EXECUTE format('CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_events_reject_change()', part);
  EXCEPTION WHEN duplicate_table THEN
    -- Another instance, starting at the same moment, created it first.
    NULL;
  END;
  RETURN true;
END $$;
--> statement-breakpoint
-- The archive's way to remove a month: only a month partition whose every instant is more than
-- 180 days old (the floor of audit_events_guard_delete, migration 0020), and only inside a
-- transaction that has set lizhou.audit_archive, after the caller has stored its events.
CREATE FUNCTION lizhou_audit_drop_month(part text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  hi timestamptz;
BEGIN
  IF current_setting('lizhou.audit_archive', true) IS DISTINCT FROM 'on' OR part !~ '^audit_events_[0-9]{6}$'
     OR NOT EXISTS (SELECT 1 FROM pg_inherits WHERE inhparent = 'audit_events'::regclass AND inhrelid = to_regclass(part)) THEN
    RAISE EXCEPTION 'not an audit month partition being archived: %', part USING ERRCODE = 'insufficient_privilege';
  END IF;
  hi := (to_date(right(part, 6), 'YYYYMM')::timestamp + interval '1 month') AT TIME ZONE 'UTC';
  IF hi > now() - interval '180 days' THEN
    RAISE EXCEPTION 'audit_events is append-only; only events older than 180 days may be archived (%)', part USING ERRCODE = 'insufficient_privilege';
  END IF;
  EXECUTE format('ALTER TABLE audit_events DETACH PARTITION %I', part);
  EXECUTE format('DROP TABLE %I', part);
END $$;
--> statement-breakpoint
ALTER TABLE "audit_events" RENAME TO "audit_events_unpartitioned";
--> statement-breakpoint
ALTER SEQUENCE "audit_events_id_seq" RENAME TO "audit_events_unpartitioned_id_seq";
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" integer,
	"actor_name" text NOT NULL,
	"actor_role" text,
	"ip" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"org_unit_id" integer,
	"org_path" text,
	"summary" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	CONSTRAINT "audit_events_id_at_pk" PRIMARY KEY("id","at")
) PARTITION BY RANGE ("at");
--> statement-breakpoint
-- A clock far off (or an event written before its month's partition exists) lands here.
CREATE TABLE "audit_events_default" PARTITION OF "audit_events" DEFAULT;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events_default" FOR EACH STATEMENT EXECUTE FUNCTION audit_events_reject_change();
--> statement-breakpoint
-- Every month the log holds, and this month and the next two: the app adds months ahead as it runs.
SELECT lizhou_audit_month_partition(m) FROM (
  SELECT (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => k)) AT TIME ZONE 'UTC' AS m FROM generate_series(0, 2) AS k
  UNION SELECT DISTINCT date_trunc('month', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' FROM "audit_events_unpartitioned"
) months ORDER BY m;
--> statement-breakpoint
INSERT INTO "audit_events" ("id", "tenant_id", "at", "actor_id", "actor_name", "actor_role", "ip", "action", "entity_type", "entity_id", "org_unit_id", "org_path", "summary", "before", "after")
  OVERRIDING SYSTEM VALUE
  SELECT "id", "tenant_id", "at", "actor_id", "actor_name", "actor_role", "ip", "action", "entity_type", "entity_id", "org_unit_id", "org_path", "summary", "before", "after" FROM "audit_events_unpartitioned" ORDER BY "id";
--> statement-breakpoint
SELECT setval('audit_events_id_seq', greatest((SELECT max(id) FROM "audit_events"), 1), (SELECT count(*) > 0 FROM "audit_events"));
--> statement-breakpoint
DROP TABLE "audit_events_unpartitioned";
--> statement-breakpoint
CREATE INDEX "audit_events_at_idx" ON "audit_events" USING btree ("at");
--> statement-breakpoint
CREATE INDEX "audit_events_org_path_idx" ON "audit_events" USING btree ("org_path" text_pattern_ops);
--> statement-breakpoint
CREATE INDEX "audit_events_entity_idx" ON "audit_events" USING btree ("entity_type","entity_id");
--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_id");
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION audit_events_reject_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION audit_events_guard_delete();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION audit_events_reject_change();
