-- Cases partitioned by year of registered_on, as activities are by held_on (0021, 0022): the key
-- becomes (id, registered_on); a case's events reference it through triggers that raise what the
-- foreign key raised, under its name. One function now makes a year's partition of either table.
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
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION lizhou_activities_partition(y integer) RETURNS boolean LANGUAGE sql AS $$ SELECT lizhou_year_partition('activities', 'held_on', y) $$;--> statement-breakpoint
ALTER TABLE "case_events" DROP CONSTRAINT "case_events_case_fk";--> statement-breakpoint
ALTER TABLE "cases" RENAME TO "cases_unpartitioned";--> statement-breakpoint
ALTER SEQUENCE "cases_id_seq" RENAME TO "cases_unpartitioned_id_seq";--> statement-breakpoint
DROP TRIGGER "cases_source_activity_fk" ON "cases_unpartitioned";--> statement-breakpoint
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
) PARTITION BY RANGE ("registered_on");--> statement-breakpoint
CREATE TABLE "cases_default" PARTITION OF "cases" DEFAULT;--> statement-breakpoint
SELECT lizhou_year_partition('cases', 'registered_on', y) FROM (
  SELECT generate_series(2015, extract(year FROM current_date)::int + 1) AS y
  UNION SELECT DISTINCT extract(year FROM registered_on)::int FROM "cases_unpartitioned"
) years ORDER BY y;--> statement-breakpoint
INSERT INTO "cases" ("id", "tenant_id", "category_id", "org_unit_id", "title", "notes", "attributes", "created_by", "archived_at", "version", "created_at", "updated_at", "registrar_unit_id", "status", "registered_on", "due_on", "requester", "source_activity_id", "resolution", "resolved_on", "closed_on")
  OVERRIDING SYSTEM VALUE
  SELECT "id", "tenant_id", "category_id", "org_unit_id", "title", "notes", "attributes", "created_by", "archived_at", "version", "created_at", "updated_at", "registrar_unit_id", "status", "registered_on", "due_on", "requester", "source_activity_id", "resolution", "resolved_on", "closed_on" FROM "cases_unpartitioned";--> statement-breakpoint
SELECT setval('cases_id_seq', greatest((SELECT max(id) FROM "cases"), 1), (SELECT count(*) > 0 FROM "cases"));--> statement-breakpoint
DROP TABLE "cases_unpartitioned";--> statement-breakpoint
CREATE INDEX "cases_tenant_date_idx" ON "cases" USING btree ("tenant_id","registered_on" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cases_unit_status_idx" ON "cases" USING btree ("org_unit_id","status","due_on");--> statement-breakpoint
CREATE INDEX "cases_registrar_idx" ON "cases" USING btree ("registrar_unit_id","status");--> statement-breakpoint
CREATE INDEX "cases_category_closed_idx" ON "cases" USING btree ("category_id","closed_on") INCLUDE ("org_unit_id","status") WHERE archived_at IS NULL;--> statement-breakpoint
CREATE INDEX "cases_category_registered_idx" ON "cases" USING btree ("category_id","registered_on") INCLUDE ("org_unit_id","status") WHERE archived_at IS NULL;--> statement-breakpoint
CREATE INDEX "cases_open_due_idx" ON "cases" USING btree ("due_on") WHERE status IN ('registered', 'assigned', 'in_progress') AND archived_at IS NULL;--> statement-breakpoint
CREATE INDEX "cases_source_activity_idx" ON "cases" USING btree ("source_activity_id") WHERE source_activity_id is not null;--> statement-breakpoint
CREATE INDEX "cases_search_idx" ON "cases" USING gin ("search");--> statement-breakpoint
CREATE TRIGGER "cases_source_activity_fk" AFTER INSERT OR UPDATE OF "source_activity_id" ON "cases" FOR EACH ROW EXECUTE FUNCTION lizhou_activity_reference_check('source_activity_id');--> statement-breakpoint
-- A case's events: inserts checked once per statement, locking the case as a foreign key would.
CREATE FUNCTION lizhou_case_events_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing integer;
BEGIN
  PERFORM 1 FROM cases WHERE id IN (SELECT case_id FROM new_rows) FOR KEY SHARE;
  SELECT n.case_id INTO missing FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = n.case_id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "case_events" violates foreign key constraint "case_events_case_fk"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'case_events_case_fk', TABLE = 'case_events',
            DETAIL = format('Key (case_id)=(%s) is not present in table "cases".', missing);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "case_events_case_fk" AFTER INSERT ON "case_events" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lizhou_case_events_inserted();--> statement-breakpoint
CREATE FUNCTION lizhou_case_events_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM cases WHERE id = NEW.case_id FOR KEY SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'insert or update on table "case_events" violates foreign key constraint "case_events_case_fk"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'case_events_case_fk', TABLE = 'case_events',
            DETAIL = format('Key (case_id)=(%s) is not present in table "cases".', NEW.case_id);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "case_events_case_fk_update" AFTER UPDATE OF "case_id" ON "case_events" FOR EACH ROW EXECUTE FUNCTION lizhou_case_events_updated();--> statement-breakpoint
-- A case with events cannot be deleted (the foreign key had no ON DELETE action). DELETE
-- statements only: moving a case to another year's partition is an update.
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
END $$;--> statement-breakpoint
CREATE TRIGGER "cases_references" AFTER DELETE ON "cases" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION lizhou_cases_deleted();
