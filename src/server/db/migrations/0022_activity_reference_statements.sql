-- Deleting an activity looks for a case that came from it: by index, not a scan of cases.
CREATE INDEX "cases_source_activity_idx" ON "cases" USING btree ("source_activity_id") WHERE source_activity_id is not null;--> statement-breakpoint
-- Attendance inserted and activities deleted in bulk (an import, an archive) were checked a row
-- at a time, each probing every year's partition: 3.5× slower than the foreign key
-- (bench/ledger-decade.ts). Inserts and deletes are now checked once per statement over its
-- transition table; updates of the reference (rare) stay per row.
DROP TRIGGER "activity_people_activity_fk" ON "activity_people";--> statement-breakpoint
DROP TRIGGER "activities_references" ON "activities";--> statement-breakpoint
DROP FUNCTION lizhou_activity_deleted();--> statement-breakpoint
CREATE FUNCTION lizhou_activity_people_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing integer;
BEGIN
  -- Lock the named activities as a foreign key would, so a concurrent delete waits for us.
  PERFORM 1 FROM activities WHERE id IN (SELECT activity_id FROM new_rows) FOR KEY SHARE;
  SELECT n.activity_id INTO missing FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM activities a WHERE a.id = n.activity_id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "activity_people" violates foreign key constraint "activity_people_activity_fk"'
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'activity_people_activity_fk', TABLE = 'activity_people',
            DETAIL = format('Key (activity_id)=(%s) is not present in table "activities".', missing);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "activity_people_activity_fk" AFTER INSERT ON "activity_people" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lizhou_activity_people_inserted();--> statement-breakpoint
-- The per-row check, now also told which constraint it stands for (its trigger's name differs).
CREATE OR REPLACE FUNCTION lizhou_activity_reference_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  col text := TG_ARGV[0];
  fk text := coalesce(TG_ARGV[1], TG_NAME);
  ref integer := (to_jsonb(NEW) ->> TG_ARGV[0])::integer;
BEGIN
  IF ref IS NULL THEN RETURN NULL; END IF;
  PERFORM 1 FROM activities WHERE id = ref FOR KEY SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', TG_TABLE_NAME, fk
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = fk, TABLE = TG_TABLE_NAME,
            DETAIL = format('Key (%s)=(%s) is not present in table "activities".', col, ref);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "activity_people_activity_fk_update" AFTER UPDATE OF "activity_id" ON "activity_people" FOR EACH ROW EXECUTE FUNCTION lizhou_activity_reference_check('activity_id', 'activity_people_activity_fk');--> statement-breakpoint
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
END $$;--> statement-breakpoint
CREATE TRIGGER "activities_references" AFTER DELETE ON "activities" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION lizhou_activities_deleted();
