-- Activities partitioned by year of held_on, so a decade of records stays fast: a year's queries
-- read one partition, and an old year can be detached and archived whole (docs/decisions/006).
-- The key becomes (id, held_on); ids stay unique through the identity sequence. A foreign key
-- must name the whole key, so the two references to an activity (attendance, a case's source)
-- are kept by triggers that raise the same errors under the same constraint names.
ALTER TABLE "activity_people" DROP CONSTRAINT "activity_people_activity_fk";--> statement-breakpoint
ALTER TABLE "cases" DROP CONSTRAINT "cases_source_activity_fk";--> statement-breakpoint
ALTER TABLE "activities" RENAME TO "activities_unpartitioned";--> statement-breakpoint
ALTER SEQUENCE "activities_id_seq" RENAME TO "activities_unpartitioned_id_seq";--> statement-breakpoint
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
) PARTITION BY RANGE ("held_on");--> statement-breakpoint
-- Out-of-range dates (a typo of 1022 for 2022) land here instead of failing the write.
CREATE TABLE "activities_default" PARTITION OF "activities" DEFAULT;--> statement-breakpoint
-- Creates the partition for year y if missing. Rows of y already in the default partition keep
-- it there (PostgreSQL refuses the new partition otherwise): returns whether y has its own.
CREATE FUNCTION lizhou_activities_partition(y integer) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  part text := 'activities_' || y;
BEGIN
  IF to_regclass(part) IS NOT NULL THEN RETURN true; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('lizhou_activities_partition'), y);
  IF to_regclass(part) IS NOT NULL THEN RETURN true; END IF;
  IF EXISTS (SELECT 1 FROM activities_default WHERE held_on >= make_date(y, 1, 1) AND held_on < make_date(y + 1, 1, 1)) THEN RETURN false; END IF;
  EXECUTE format('CREATE TABLE %I PARTITION OF activities FOR VALUES FROM (%L) TO (%L)', part, make_date(y, 1, 1), make_date(y + 1, 1, 1));
  RETURN true;
END $$;--> statement-breakpoint
-- 2015 to next year, and every year the existing rows hold. The app adds next year's partition
-- at every start (db/client.ts), so a new year never begins in the default partition.
SELECT lizhou_activities_partition(y) FROM (
  SELECT generate_series(2015, extract(year FROM current_date)::int + 1) AS y
  UNION SELECT DISTINCT extract(year FROM held_on)::int FROM "activities_unpartitioned"
) years ORDER BY y;--> statement-breakpoint
INSERT INTO "activities" ("id", "tenant_id", "category_id", "org_unit_id", "title", "notes", "attributes", "created_by", "archived_at", "version", "created_at", "updated_at", "held_on", "ended_on", "place", "participants", "audience", "team", "outcomes")
  OVERRIDING SYSTEM VALUE
  SELECT "id", "tenant_id", "category_id", "org_unit_id", "title", "notes", "attributes", "created_by", "archived_at", "version", "created_at", "updated_at", "held_on", "ended_on", "place", "participants", "audience", "team", "outcomes" FROM "activities_unpartitioned";--> statement-breakpoint
SELECT setval('activities_id_seq', greatest((SELECT max(id) FROM "activities"), 1), (SELECT count(*) > 0 FROM "activities"));--> statement-breakpoint
DROP TABLE "activities_unpartitioned";--> statement-breakpoint
CREATE INDEX "activities_tenant_date_idx" ON "activities" USING btree ("tenant_id","held_on" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "activities_unit_date_idx" ON "activities" USING btree ("org_unit_id","held_on" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "activities_category_date_idx" ON "activities" USING btree ("category_id","held_on") INCLUDE ("org_unit_id") WHERE archived_at IS NULL;--> statement-breakpoint
CREATE INDEX "activities_search_idx" ON "activities" USING gin ("search");--> statement-breakpoint
-- The references, kept by triggers. Locking the activity FOR KEY SHARE, as a foreign key does,
-- stops a concurrent delete from removing it before this transaction commits.
CREATE FUNCTION lizhou_activity_reference_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  col text := TG_ARGV[0];
  ref integer := (to_jsonb(NEW) ->> TG_ARGV[0])::integer;
BEGIN
  IF ref IS NULL THEN RETURN NULL; END IF;
  PERFORM 1 FROM activities WHERE id = ref FOR KEY SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', TG_TABLE_NAME, TG_NAME
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_NAME, TABLE = TG_TABLE_NAME,
            DETAIL = format('Key (%s)=(%s) is not present in table "activities".', col, ref);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "activity_people_activity_fk" AFTER INSERT OR UPDATE OF "activity_id" ON "activity_people" FOR EACH ROW EXECUTE FUNCTION lizhou_activity_reference_check('activity_id');--> statement-breakpoint
CREATE TRIGGER "cases_source_activity_fk" AFTER INSERT OR UPDATE OF "source_activity_id" ON "cases" FOR EACH ROW EXECUTE FUNCTION lizhou_activity_reference_check('source_activity_id');--> statement-breakpoint
-- Deleting an activity removes its attendance (ON DELETE CASCADE before) and is refused while a
-- case names it as its source. An update that moves a row to another year's partition fires
-- this too (a delete plus an insert); the activity still exists then, so nothing happens.
CREATE FUNCTION lizhou_activity_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM activities WHERE id = OLD.id) THEN RETURN NULL; END IF;
  IF EXISTS (SELECT 1 FROM cases WHERE source_activity_id = OLD.id) THEN
    RAISE EXCEPTION 'update or delete on table "activities" violates foreign key constraint "cases_source_activity_fk" on table "cases"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'cases_source_activity_fk', TABLE = 'cases',
            DETAIL = format('Key (id)=(%s) is still referenced from table "cases".', OLD.id);
  END IF;
  DELETE FROM activity_people WHERE activity_id = OLD.id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "activities_references" AFTER DELETE ON "activities" FOR EACH ROW EXECUTE FUNCTION lizhou_activity_deleted();
