-- Data read on almost every request and rarely changed (a tenant's indicator definitions, targets
-- and peer standings, its ledger categories) is kept
-- in each instance's memory, tagged with a token that every change replaces (src/server/db/
-- generation-cache.ts). The token is random, not a counter: one written by a transaction that
-- rolled back is never seen by anybody else, and two databases never share one.
CREATE TABLE "cache_generations" (
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"token" text NOT NULL,
	CONSTRAINT "cache_generations_tenant_id_name_pk" PRIMARY KEY("tenant_id","name")
);--> statement-breakpoint
CREATE FUNCTION lizhou_new_generation(p_tenant text, p_name text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO cache_generations (tenant_id, name, token) VALUES (p_tenant, p_name, gen_random_uuid()::text)
  ON CONFLICT (tenant_id, name) DO UPDATE SET token = excluded.token
$$;--> statement-breakpoint
-- A table with a tenant_id column: the tenants of the rows changed get new tokens for the data set
-- named by the trigger's argument. A truncate (no rows to name a tenant by) forgets every tenant's
-- token, so nothing is cached until the next change sets a new one.
CREATE FUNCTION tenant_generation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM cache_generations WHERE name = TG_ARGV[0];
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM lizhou_new_generation(OLD.tenant_id, TG_ARGV[0]); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM lizhou_new_generation(NEW.tenant_id, TG_ARGV[0]); END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
-- A version names its indicator only; one whose indicator is gone was counted by the indicator's own delete.
CREATE FUNCTION indicator_versions_defs_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM cache_generations WHERE name = 'indicator_defs';
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT i.tenant_id INTO t FROM indicators i WHERE i.id = OLD.indicator_id;
    IF t IS NOT NULL THEN PERFORM lizhou_new_generation(t, 'indicator_defs'); END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT i.tenant_id INTO t FROM indicators i WHERE i.id = NEW.indicator_id;
    IF t IS NOT NULL THEN PERFORM lizhou_new_generation(t, 'indicator_defs'); END IF;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
-- Indicator definitions: the indicators and their versions.
CREATE TRIGGER indicators_defs_changed AFTER INSERT OR UPDATE OR DELETE ON indicators FOR EACH ROW EXECUTE FUNCTION tenant_generation_changed('indicator_defs');--> statement-breakpoint
CREATE TRIGGER indicators_defs_truncated AFTER TRUNCATE ON indicators FOR EACH STATEMENT EXECUTE FUNCTION tenant_generation_changed('indicator_defs');--> statement-breakpoint
CREATE TRIGGER indicator_versions_defs_changed AFTER INSERT OR UPDATE OR DELETE ON indicator_versions FOR EACH ROW EXECUTE FUNCTION indicator_versions_defs_changed();--> statement-breakpoint
CREATE TRIGGER indicator_versions_defs_truncated AFTER TRUNCATE ON indicator_versions FOR EACH STATEMENT EXECUTE FUNCTION indicator_versions_defs_changed();--> statement-breakpoint
-- Ledger categories.
CREATE TRIGGER ledger_categories_changed AFTER INSERT OR UPDATE OR DELETE ON ledger_categories FOR EACH ROW EXECUTE FUNCTION tenant_generation_changed('ledger_categories');--> statement-breakpoint
CREATE TRIGGER ledger_categories_truncated AFTER TRUNCATE ON ledger_categories FOR EACH STATEMENT EXECUTE FUNCTION tenant_generation_changed('ledger_categories');--> statement-breakpoint
-- Targets (目标值) and peer standings (排名), read by every cockpit headline.
CREATE TRIGGER indicator_targets_changed AFTER INSERT OR UPDATE OR DELETE ON indicator_targets FOR EACH ROW EXECUTE FUNCTION tenant_generation_changed('indicator_targets');--> statement-breakpoint
CREATE TRIGGER indicator_targets_truncated AFTER TRUNCATE ON indicator_targets FOR EACH STATEMENT EXECUTE FUNCTION tenant_generation_changed('indicator_targets');--> statement-breakpoint
CREATE TRIGGER peer_benchmarks_changed AFTER INSERT OR UPDATE OR DELETE ON peer_benchmarks FOR EACH ROW EXECUTE FUNCTION tenant_generation_changed('peer_benchmarks');--> statement-breakpoint
CREATE TRIGGER peer_benchmarks_truncated AFTER TRUNCATE ON peer_benchmarks FOR EACH STATEMENT EXECUTE FUNCTION tenant_generation_changed('peer_benchmarks');--> statement-breakpoint
INSERT INTO cache_generations (tenant_id, name, token) SELECT tenant_id, 'indicator_defs', gen_random_uuid()::text FROM (SELECT DISTINCT tenant_id FROM indicators) t;--> statement-breakpoint
INSERT INTO cache_generations (tenant_id, name, token) SELECT tenant_id, 'ledger_categories', gen_random_uuid()::text FROM (SELECT DISTINCT tenant_id FROM ledger_categories) t;--> statement-breakpoint
INSERT INTO cache_generations (tenant_id, name, token) SELECT tenant_id, 'indicator_targets', gen_random_uuid()::text FROM (SELECT DISTINCT tenant_id FROM indicator_targets) t;--> statement-breakpoint
INSERT INTO cache_generations (tenant_id, name, token) SELECT tenant_id, 'peer_benchmarks', gen_random_uuid()::text FROM (SELECT DISTINCT tenant_id FROM peer_benchmarks) t;
