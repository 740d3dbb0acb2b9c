CREATE TABLE "activities" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "activities_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
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
	"search" "tsvector" GENERATED ALWAYS AS (array_to_tsvector(lizhou_bigrams(coalesce(title, '') || ' ' || coalesce(team, '') || ' ' || coalesce(place, '') || ' ' || coalesce(outcomes, '') || ' ' || coalesce(notes, '')))) STORED
);
--> statement-breakpoint
CREATE TABLE "activity_people" (
	"activity_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	CONSTRAINT "activity_people_activity_id_person_id_pk" PRIMARY KEY("activity_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "attachments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"record_kind" text NOT NULL,
	"record_id" integer NOT NULL,
	"file_name" text NOT NULL,
	"mime" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by" integer,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"action" text NOT NULL,
	"from_unit_id" integer,
	"to_unit_id" integer,
	"note" text,
	"actor_user_id" integer,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cases_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
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
	"search" "tsvector" GENERATED ALWAYS AS (array_to_tsvector(lizhou_bigrams(coalesce(title, '') || ' ' || coalesce(requester, '') || ' ' || coalesce(resolution, '') || ' ' || coalesce(notes, '')))) STORED
);
--> statement-breakpoint
CREATE TABLE "honours" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "honours_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
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
	"level" text NOT NULL,
	"issuer" text,
	"awarded_on" date NOT NULL,
	"recipient_type" text NOT NULL,
	"recipient_person_id" integer,
	"search" "tsvector" GENERATED ALWAYS AS (array_to_tsvector(lizhou_bigrams(coalesce(title, '') || ' ' || coalesce(issuer, '') || ' ' || coalesce(notes, '')))) STORED
);
--> statement-breakpoint
CREATE TABLE "ledger_categories" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ledger_categories_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"parent_id" integer,
	"path" text DEFAULT '' NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"attributes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sla_days" integer,
	"sensitive" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"archived_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_funds" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "project_funds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"project_id" integer NOT NULL,
	"source" text NOT NULL,
	"planned" numeric(16, 2) DEFAULT 0 NOT NULL,
	"actual" numeric(16, 2) DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_milestones" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "project_milestones_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"project_id" integer NOT NULL,
	"name" text NOT NULL,
	"planned_on" date,
	"done_on" date,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "projects_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
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
	"partner_unit_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"started_on" date NOT NULL,
	"planned_end_on" date,
	"completed_on" date,
	"progress" smallint DEFAULT 0 NOT NULL,
	"planned_investment" numeric(16, 2) DEFAULT 0 NOT NULL,
	"actual_investment" numeric(16, 2) DEFAULT 0 NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (array_to_tsvector(lizhou_bigrams(coalesce(title, '') || ' ' || coalesce(notes, '')))) STORED
);
--> statement-breakpoint
CREATE INDEX "activities_tenant_date_idx" ON "activities" USING btree ("tenant_id","held_on" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "activities_unit_date_idx" ON "activities" USING btree ("org_unit_id","held_on" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "activities_category_date_idx" ON "activities" USING btree ("category_id","held_on");--> statement-breakpoint
CREATE INDEX "activities_search_idx" ON "activities" USING gin ("search");--> statement-breakpoint
CREATE INDEX "activity_people_person_idx" ON "activity_people" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "attachments_record_idx" ON "attachments" USING btree ("record_kind","record_id");--> statement-breakpoint
CREATE INDEX "case_events_case_idx" ON "case_events" USING btree ("case_id","at");--> statement-breakpoint
CREATE INDEX "cases_tenant_date_idx" ON "cases" USING btree ("tenant_id","registered_on" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cases_unit_status_idx" ON "cases" USING btree ("org_unit_id","status","due_on");--> statement-breakpoint
CREATE INDEX "cases_registrar_idx" ON "cases" USING btree ("registrar_unit_id","status");--> statement-breakpoint
CREATE INDEX "cases_category_closed_idx" ON "cases" USING btree ("category_id","closed_on");--> statement-breakpoint
CREATE INDEX "cases_category_registered_idx" ON "cases" USING btree ("category_id","registered_on");--> statement-breakpoint
CREATE INDEX "cases_search_idx" ON "cases" USING gin ("search");--> statement-breakpoint
CREATE INDEX "honours_tenant_date_idx" ON "honours" USING btree ("tenant_id","awarded_on" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "honours_unit_idx" ON "honours" USING btree ("org_unit_id","awarded_on");--> statement-breakpoint
CREATE INDEX "honours_category_idx" ON "honours" USING btree ("category_id","awarded_on");--> statement-breakpoint
CREATE INDEX "honours_search_idx" ON "honours" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_categories_code_key" ON "ledger_categories" USING btree ("tenant_id","kind","code");--> statement-breakpoint
CREATE INDEX "ledger_categories_path_idx" ON "ledger_categories" USING btree ("tenant_id","kind","path");--> statement-breakpoint
CREATE UNIQUE INDEX "project_funds_source_key" ON "project_funds" USING btree ("project_id","source");--> statement-breakpoint
CREATE INDEX "project_milestones_project_idx" ON "project_milestones" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "projects_tenant_date_idx" ON "projects" USING btree ("tenant_id","started_on" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "projects_unit_idx" ON "projects" USING btree ("org_unit_id","started_on");--> statement-breakpoint
CREATE INDEX "projects_category_idx" ON "projects" USING btree ("category_id","started_on");--> statement-breakpoint
CREATE INDEX "projects_search_idx" ON "projects" USING gin ("search");