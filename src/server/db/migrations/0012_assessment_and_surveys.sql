CREATE TABLE "incentive_pools" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "incentive_pools_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"result_id" integer NOT NULL,
	"name" text NOT NULL,
	"amount" numeric(16, 0) NOT NULL,
	"method" text NOT NULL,
	"params" jsonb NOT NULL,
	"allocations" jsonb NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scheme_result_rows" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "scheme_result_rows_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"result_id" integer NOT NULL,
	"org_unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"unit_name" text NOT NULL,
	"parent_name" text,
	"rank" integer NOT NULL,
	"total" double precision NOT NULL,
	"grade" text,
	"vetoed" boolean DEFAULT false NOT NULL,
	"rank_change" integer,
	"breakdown" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scheme_results" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "scheme_results_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"scheme_id" integer NOT NULL,
	"version_id" integer NOT NULL,
	"period" text NOT NULL,
	"title" text NOT NULL,
	"summary" jsonb NOT NULL,
	"public_slug" text,
	"published_by" integer,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scheme_versions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "scheme_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"scheme_id" integer NOT NULL,
	"version_no" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schemes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "schemes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"description" text,
	"scope_unit_id" integer NOT NULL,
	"unit_types" text[] NOT NULL,
	"period_type" text NOT NULL,
	"current_version_no" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"archived_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "survey_responses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"survey_id" integer NOT NULL,
	"target_id" integer NOT NULL,
	"org_unit_id" integer NOT NULL,
	"answers" jsonb NOT NULL,
	"satisfaction" double precision,
	"token_id" integer,
	"device_hash" text,
	"ip_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_targets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "survey_targets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"survey_id" integer NOT NULL,
	"org_unit_id" integer NOT NULL,
	"code" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_tokens" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "survey_tokens_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"survey_id" integer NOT NULL,
	"target_id" integer NOT NULL,
	"salt" text NOT NULL,
	"token_hash" text NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "surveys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"owner_unit_id" integer NOT NULL,
	"title" text NOT NULL,
	"intro" text,
	"questions" jsonb NOT NULL,
	"mode" text DEFAULT 'token' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"period" text,
	"created_by" integer,
	"archived_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "incentive_pools_result_idx" ON "incentive_pools" USING btree ("result_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scheme_result_rows_key" ON "scheme_result_rows" USING btree ("result_id","org_unit_id");--> statement-breakpoint
CREATE INDEX "scheme_result_rows_rank_idx" ON "scheme_result_rows" USING btree ("result_id","rank");--> statement-breakpoint
CREATE INDEX "scheme_results_scheme_idx" ON "scheme_results" USING btree ("scheme_id","period","id");--> statement-breakpoint
CREATE UNIQUE INDEX "scheme_results_slug_key" ON "scheme_results" USING btree ("public_slug");--> statement-breakpoint
CREATE UNIQUE INDEX "scheme_versions_key" ON "scheme_versions" USING btree ("scheme_id","version_no");--> statement-breakpoint
CREATE UNIQUE INDEX "schemes_code_key" ON "schemes" USING btree ("tenant_id","code");--> statement-breakpoint
CREATE INDEX "survey_responses_target_idx" ON "survey_responses" USING btree ("survey_id","org_unit_id");--> statement-breakpoint
CREATE INDEX "survey_responses_time_idx" ON "survey_responses" USING btree ("survey_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_token_key" ON "survey_responses" USING btree ("token_id");--> statement-breakpoint
CREATE INDEX "survey_responses_device_idx" ON "survey_responses" USING btree ("survey_id","device_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_targets_unit_key" ON "survey_targets" USING btree ("survey_id","org_unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_targets_code_key" ON "survey_targets" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_tokens_hash_key" ON "survey_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "survey_tokens_target_idx" ON "survey_tokens" USING btree ("target_id","used_at");