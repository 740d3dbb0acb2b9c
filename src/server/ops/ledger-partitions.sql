-- Partitions activities by year of held_on and cases by year of registered_on: run once by
-- `lizhou partition-ledger` (src/server/ops/ledger-partitions.ts) on a database that will hold
-- many years of a city's or a province's records, not by the migrations: on a county's database
-- the partitions cost more than they save (docs/decisions/006: under 300 users bench:load's p95
-- doubled, while bench:ledger-decade shows the gains from 1.5 million records up).
-- The key becomes (id, date); ids stay unique through the identity sequences. A foreign key must
-- name the whole key, so references to a record (attendance and a case's source activity, a
-- case's events) are kept by triggers that raise what the foreign keys raised, under their names.
-- Creates the partition for year y of a table if missing. Rows of y already in the default
-- partition keep it there (PostgreSQL would refuse the new partition): returns whether y has its own.;
--> statement-breakpoint
CREATE FUNCTION lizhou_year_partition(parent text, col text, y integer) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  part text := parent || '_' || y;
  held boolean;
BEGIN
  IF to_regclass(part) IS NOT NULL THEN RETURN true; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('lizhou_year_partition:' || parent), y);
  IF to_regclass(part) IS NOT NULL THEN RETURN true; END IF;
  -- Rows of that year already in the default partition keep it there (PostgreSQL would refuse).
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I >= %L AND %I < %L)', parent || '_default', col, make_date(y, 1, 1), col, make_date(y + 1, 1, 1)) INTO held;
  IF held THEN RETURN false; END IF;
  EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', part, parent, make_date(y, 1, 1), make_date(y + 1, 1, 1));
  RETURN true;
END $$;
--> statement-breakpoint
ALTER TABLE "activity_people" DROP CONSTRAINT "activity_people_activity_fk";
--> statement-breakpoint
ALTER TABLE "cases" DROP CONSTRAINT "cases_source_activity_fk";
--> statement-breakpoint
ALTER TABLE "case_events" DROP CONSTRAINT "case_events_case_fk";
--> statement-breakpoint
ALTER TABLE "activities" RENAME TO "activities_unpartitioned";
--> statement-breakpoint
ALTER SEQUENCE "activities_id_seq" RENAME TO "activities_unpartitioned_id_seq";
--> statement-breakpoint
CREATE TABLE "activities" (
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "activities_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"category_id" integer NOT NULL,
	"org_unit_id" integer NOT NULL,
	"title" text NOT NULL,
	"notes" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" integer,
	"archived_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"held_on" date NOT NULL,
	"ended_on" date,
	"place" text,
	"participants" integer,
	"audience" integer,
	"team" text,
	"outcomes" text,
	"search" "tsvector" GENERATED ALWAYS AS (array_to_tsvector(lizhou_bigrams(coalesce(title, '') || ' ' || coalesce(team, '') || ' ' || coalesce(place, '') || ' ' || coalesce(outcomes, '') || ' ' || coalesce(notes, '')))) STORED,
	CONSTRAINT "activities_id_held_on_pk" PRIMARY KEY("id","held_on"),
	CONSTRAINT "activities_dates_check" CHECK (ended_on IS NULL OR ended_on >= held_on),
	CONSTRAINT "activities_counts_check" CHECK ((participants IS NULL OR participants >= 0) AND (audience IS NULL OR audience >= 0)),
	CONSTRAINT "activities_category_fk" FOREIGN KEY ("category_id") REFERENCES "ledger_categories"("id"),
	CONSTRAINT "activities_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id")
) PARTITION BY RANGE ("held_on");
--> statement-breakpoint
-- Out-of-range dates (a typo of 1022 for 2022) land here instead of failing the write.
CREATE TABLE "activities_default" PARTITION OF "activities" DEFAULT;
--> statement-breakpoint
-- Every year the rows hold, and this year and next: the app adds next year's at every start.
SELECT lizhou_year_partition('activities', 'held_on', y) FROM (
  SELECT generate_series(extract(year FROM current_date)::int, extract(year FROM current_date)::int + 1) AS y
  UNION SELECT DISTINCT extract(year FROM held_on)::int FROM "activities_unpartitioned"
) years ORDER BY y;
--> statement-breakpoint
INSERT INTO "activities" ("id", "tenant_id", "category_id", "org_unit_id", "title", "notes", "attributes", "created_by", "archived_at", "version", "created_at", "updated_at", "held_on", "ended_on", "place", "participants", "audience", "team", "outcomes")
  OVERRIDING SYSTEM VALUE
  SELECT "id", "tenant_id", "category_id", "org_unit_id", "title", "notes", "attributes", "created_by", "archived_at", "version", "created_at", "updated_at", "held_on", "ended_on", "place", "participants", "audience", "team", "outcomes" FROM "activities_unpartitioned";
--> statement-breakpoint
SELECT setval('activities_id_seq', greatest((SELECT max(id) FROM "activities"), 1), (SELECT count(*) > 0 FROM "activities"));
--> statement-breakpoint
DROP TABLE "activities_unpartitioned";
--> statement-breakpoint
CREATE INDEX "activities_tenant_date_idx" ON "activities" USING btree ("tenant_id","held_on" DESC NULLS LAST,"id" DESC NULLS LAST) INCLUDE ("archived_at");
--> statement-breakpoint
CREATE INDEX "activities_unit_date_idx" ON "activities" USING btree ("org_unit_id","held_on" DESC NULLS LAST);
--> statement-breakpoint
CREATE INDEX "activities_category_date_idx" ON "activities" USING btree ("category_id","held_on") INCLUDE ("org_unit_id") WHERE archived_at IS NULL;
--> statement-breakpoint
CREATE INDEX "activities_search_idx" ON "activities" USING gin ("search");
--> statement-breakpoint
ALTER TABLE "cases" RENAME TO "cases_unpartitioned";
--> statement-breakpoint
ALTER SEQUENCE "cases_id_seq" RENAME TO "cases_unpartitioned_id_seq";
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "cases_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"category_id" integer NOT NULL,
	"org_unit_id" integer NOT NULL,
	"title" text NOT NULL,
	"notes" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" integer,
	"archived_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"registrar_unit_id" integer NOT NULL,
	"status" text DEFAULT 'registered' NOT NULL,
	"registered_on" date NOT NULL,
	"due_on" date,
	"requester" text,
	"source_activity_id" integer,
	"resolution" text,
	"resolved_on" date,
	"closed_on" date,
	"search" "tsvector" GENERATED ALWAYS AS (array_to_tsvector(lizhou_bigrams(coalesce(title, '') || ' ' || coalesce(requester, '') || ' ' || coalesce(resolution, '') || ' ' || coalesce(notes, '')))) STORED,
	CONSTRAINT "cases_id_registered_on_pk" PRIMARY KEY("id","registered_on"),
	CONSTRAINT "cases_status_check" CHECK (status IN ('registered', 'assigned', 'in_progress', 'resolved', 'closed')),
	CONSTRAINT "cases_closed_check" CHECK ((status = 'closed') = (closed_on IS NOT NULL)),
	CONSTRAINT "cases_category_fk" FOREIGN KEY ("category_id") REFERENCES "ledger_categories"("id"),
	CONSTRAINT "cases_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id"),
	CONSTRAINT "cases_registrar_fk" FOREIGN KEY ("registrar_unit_id") REFERENCES "org_units"("id")
) PARTITION BY RANGE ("registered_on");
--> statement-breakpoint
CREATE TABLE "cases_default" PARTITION OF "cases" DEFAULT;
--> statement-breakpoint
SELECT lizhou_year_partition('cases', 'registered_on', y) FROM (
  SELECT generate_series(extract(year FROM current_date)::int, extract(year FROM current_date)::int + 1) AS y
  UNION SELECT DISTINCT extract(year FROM registered_on)::int FROM "cases_unpartitioned"
) years ORDER BY y;
--> statement-breakpoint
INSERT INTO "cases" ("id", "tenant_id", "category_id", "org_unit_id", "title", "notes", "attributes", "created_by", "archived_at", "version", "created_at", "updated_at", "registrar_unit_id", "status", "registered_on", "due_on", "requester", "source_activity_id", "resolution", "resolved_on", "closed_on")
  OVERRIDING SYSTEM VALUE
  SELECT "id", "tenant_id", "category_id", "org_unit_id", "title", "notes", "attributes", "created_by", "archived_at", "version", "created_at", "updated_at", "registrar_unit_id", "status", "registered_on", "due_on", "requester", "source_activity_id", "resolution", "resolved_on", "closed_on" FROM "cases_unpartitioned";
--> statement-breakpoint
SELECT setval('cases_id_seq', greatest((SELECT max(id) FROM "cases"), 1), (SELECT count(*) > 0 FROM "cases"));
--> statement-breakpoint
DROP TABLE "cases_unpartitioned";
--> statement-breakpoint
CREATE INDEX "cases_tenant_date_idx" ON "cases" USING btree ("tenant_id","registered_on" DESC NULLS LAST,"id" DESC NULLS LAST) INCLUDE ("archived_at");
--> statement-breakpoint
CREATE INDEX "cases_unit_status_idx" ON "cases" USING btree ("org_unit_id","status","due_on");
--> statement-breakpoint
CREATE INDEX "cases_registrar_idx" ON "cases" USING btree ("registrar_unit_id","status");
--> statement-breakpoint
CREATE INDEX "cases_category_closed_idx" ON "cases" USING btree ("category_id","closed_on") INCLUDE ("org_unit_id","status") WHERE archived_at IS NULL;
--> statement-breakpoint
CREATE INDEX "cases_category_registered_idx" ON "cases" USING btree ("category_id","registered_on") INCLUDE ("org_unit_id","status") WHERE archived_at IS NULL;
--> statement-breakpoint
CREATE INDEX "cases_open_due_idx" ON "cases" USING btree ("due_on") WHERE status IN ('registered', 'assigned', 'in_progress') AND archived_at IS NULL;
--> statement-breakpoint
CREATE INDEX "cases_source_activity_idx" ON "cases" USING btree ("source_activity_id") WHERE source_activity_id is not null;
--> statement-breakpoint
CREATE INDEX "cases_search_idx" ON "cases" USING gin ("search");
--> statement-breakpoint
-- One reference kept by triggers: TG_ARGV = (referencing column, referenced table, the foreign
-- key's name). Inserts are checked once per statement over the transition table (a row at a
-- time, a bulk insert of attendance ran 3.5× slower than the foreign key); updates of a
-- reference (rare) per row. The referenced rows are locked FOR KEY SHARE as a foreign key locks
-- them, so a concurrent delete waits for this transaction.
CREATE FUNCTION lizhou_references_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing integer;
BEGIN
  EXECUTE format('SELECT 1 FROM %I WHERE id IN (SELECT %I FROM new_rows) FOR KEY SHARE', TG_ARGV[1], TG_ARGV[0]);
  EXECUTE format('SELECT n.%I FROM new_rows n WHERE n.%I IS NOT NULL AND NOT EXISTS (SELECT 1 FROM %I p WHERE p.id = n.%I) LIMIT 1', TG_ARGV[0], TG_ARGV[0], TG_ARGV[1], TG_ARGV[0]) INTO missing;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', TG_TABLE_NAME, TG_ARGV[2]
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_ARGV[2], TABLE = TG_TABLE_NAME,
            DETAIL = format('Key (%s)=(%s) is not present in table "%s".', TG_ARGV[0], missing, TG_ARGV[1]);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION lizhou_reference_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ref integer := (to_jsonb(NEW) ->> TG_ARGV[0])::integer;
  found_rows integer;
BEGIN
  IF ref IS NULL THEN RETURN NULL; END IF;
  EXECUTE format('SELECT 1 FROM %I WHERE id = $1 FOR KEY SHARE', TG_ARGV[1]) USING ref;
  GET DIAGNOSTICS found_rows = ROW_COUNT;
  IF found_rows = 0 THEN
    RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', TG_TABLE_NAME, TG_ARGV[2]
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_ARGV[2], TABLE = TG_TABLE_NAME,
            DETAIL = format('Key (%s)=(%s) is not present in table "%s".', TG_ARGV[0], ref, TG_ARGV[1]);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "activity_people_activity_fk" AFTER INSERT ON "activity_people" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lizhou_references_inserted('activity_id', 'activities', 'activity_people_activity_fk');
--> statement-breakpoint
CREATE TRIGGER "activity_people_activity_fk_update" AFTER UPDATE OF "activity_id" ON "activity_people" FOR EACH ROW EXECUTE FUNCTION lizhou_reference_updated('activity_id', 'activities', 'activity_people_activity_fk');
--> statement-breakpoint
CREATE TRIGGER "cases_source_activity_fk" AFTER INSERT ON "cases" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lizhou_references_inserted('source_activity_id', 'activities', 'cases_source_activity_fk');
--> statement-breakpoint
CREATE TRIGGER "cases_source_activity_fk_update" AFTER UPDATE OF "source_activity_id" ON "cases" FOR EACH ROW EXECUTE FUNCTION lizhou_reference_updated('source_activity_id', 'activities', 'cases_source_activity_fk');
--> statement-breakpoint
CREATE TRIGGER "case_events_case_fk" AFTER INSERT ON "case_events" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lizhou_references_inserted('case_id', 'cases', 'case_events_case_fk');
--> statement-breakpoint
CREATE TRIGGER "case_events_case_fk_update" AFTER UPDATE OF "case_id" ON "case_events" FOR EACH ROW EXECUTE FUNCTION lizhou_reference_updated('case_id', 'cases', 'case_events_case_fk');
--> statement-breakpoint
-- Deleting activities removes their attendance (ON DELETE CASCADE before) and is refused while a
-- case names one as its source. Only DELETE statements fire this: an UPDATE moving a row to
-- another year's partition is an update here, and the activity keeps its attendance.
CREATE FUNCTION lizhou_activities_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  referenced integer;
BEGIN
  SELECT c.source_activity_id INTO referenced FROM cases c WHERE c.source_activity_id IN (SELECT id FROM old_rows) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'update or delete on table "activities" violates foreign key constraint "cases_source_activity_fk" on table "cases"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'cases_source_activity_fk', TABLE = 'cases',
            DETAIL = format('Key (id)=(%s) is still referenced from table "cases".', referenced);
  END IF;
  DELETE FROM activity_people WHERE activity_id IN (SELECT id FROM old_rows);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "activities_references" AFTER DELETE ON "activities" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION lizhou_activities_deleted();
--> statement-breakpoint
CREATE FUNCTION lizhou_cases_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  referenced integer;
BEGIN
  SELECT e.case_id INTO referenced FROM case_events e WHERE e.case_id IN (SELECT id FROM old_rows) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'update or delete on table "cases" violates foreign key constraint "case_events_case_fk" on table "case_events"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'case_events_case_fk', TABLE = 'case_events',
            DETAIL = format('Key (id)=(%s) is still referenced from table "case_events".', referenced);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "cases_references" AFTER DELETE ON "cases" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION lizhou_cases_deleted();
