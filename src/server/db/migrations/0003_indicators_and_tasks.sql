CREATE TABLE "indicator_targets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "indicator_targets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"indicator_id" integer NOT NULL,
	"org_unit_id" integer NOT NULL,
	"period" text NOT NULL,
	"target" double precision NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_value_history" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "indicator_value_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"value_id" integer NOT NULL,
	"action" text NOT NULL,
	"old_value" double precision,
	"new_value" double precision,
	"reason" text,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_values" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "indicator_values_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"indicator_id" integer NOT NULL,
	"org_unit_id" integer NOT NULL,
	"period" text NOT NULL,
	"value" double precision,
	"source" text DEFAULT 'entered' NOT NULL,
	"task_id" integer,
	"comment" text,
	"return_reason" text,
	"approved_value" double precision,
	"approved_at" timestamp with time zone,
	"approved_by" text,
	"changes_since_signoff" integer DEFAULT 0 NOT NULL,
	"entered_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_versions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "indicator_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"indicator_id" integer NOT NULL,
	"version_no" integer NOT NULL,
	"effective_from" text NOT NULL,
	"aggregation" jsonb NOT NULL,
	"value_kind" text NOT NULL,
	"min_value" double precision,
	"max_value" double precision,
	"not_above" text,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "indicators_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"department_id" integer,
	"direction" text NOT NULL,
	"period_type" text NOT NULL,
	"source" text DEFAULT 'entered' NOT NULL,
	"derivation" text,
	"description" text,
	"archived_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "peer_benchmarks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "peer_benchmarks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"indicator_id" integer NOT NULL,
	"org_unit_id" integer NOT NULL,
	"period" text NOT NULL,
	"peer_group" text NOT NULL,
	"rank" integer NOT NULL,
	"peer_count" integer NOT NULL,
	"value" double precision,
	"source_title" text NOT NULL,
	"source_ref" text,
	"source_date" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "collection_tasks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "collection_tasks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"title" text NOT NULL,
	"period" text NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"issuer_unit_id" integer NOT NULL,
	"issued_by" text NOT NULL,
	"note" text,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_indicators" (
	"task_id" integer NOT NULL,
	"indicator_id" integer NOT NULL,
	"position" integer NOT NULL,
	"required" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_submissions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "task_submissions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"task_id" integer NOT NULL,
	"org_unit_id" integer NOT NULL,
	"status" text DEFAULT 'not_started' NOT NULL,
	"return_reason" text,
	"submitted_at" timestamp with time zone,
	"submitted_by" text,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" text,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_targets_key" ON "indicator_targets" USING btree ("indicator_id","org_unit_id","period");--> statement-breakpoint
CREATE INDEX "indicator_value_history_value_idx" ON "indicator_value_history" USING btree ("value_id");--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_values_key" ON "indicator_values" USING btree ("indicator_id","org_unit_id","period");--> statement-breakpoint
CREATE INDEX "indicator_values_indicator_period_idx" ON "indicator_values" USING btree ("indicator_id","period");--> statement-breakpoint
CREATE INDEX "indicator_values_task_idx" ON "indicator_values" USING btree ("task_id","org_unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_versions_no_key" ON "indicator_versions" USING btree ("indicator_id","version_no");--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_versions_from_key" ON "indicator_versions" USING btree ("indicator_id","effective_from");--> statement-breakpoint
CREATE UNIQUE INDEX "indicators_tenant_code_key" ON "indicators" USING btree ("tenant_id","code");--> statement-breakpoint
CREATE INDEX "peer_benchmarks_indicator_idx" ON "peer_benchmarks" USING btree ("indicator_id","period");--> statement-breakpoint
CREATE INDEX "collection_tasks_tenant_idx" ON "collection_tasks" USING btree ("tenant_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "task_indicators_key" ON "task_indicators" USING btree ("task_id","indicator_id");--> statement-breakpoint
CREATE UNIQUE INDEX "task_submissions_key" ON "task_submissions" USING btree ("task_id","org_unit_id");--> statement-breakpoint
CREATE INDEX "task_submissions_unit_idx" ON "task_submissions" USING btree ("org_unit_id","status");