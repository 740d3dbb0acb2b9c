CREATE TABLE "activation_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "activation_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"activation_id" integer NOT NULL,
	"kind" text NOT NULL,
	"member_id" integer,
	"actor_name" text NOT NULL,
	"summary" text NOT NULL,
	"detail" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activation_members" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "activation_members_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"activation_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"token_hash" text NOT NULL,
	"token_salt" text NOT NULL,
	"notified_at" timestamp with time zone,
	"notify_count" integer DEFAULT 0 NOT NULL,
	"last_notified_at" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"response" text,
	"arrived_at" timestamp with time zone,
	"declined_at" timestamp with time zone,
	"decline_reason" text,
	"response_via" text,
	"checked_in_by" text,
	"checked_in_by_user_id" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activation_units" (
	"tenant_id" text NOT NULL,
	"activation_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"min_strength" integer NOT NULL,
	CONSTRAINT "activation_units_activation_id_unit_id_pk" PRIMARY KEY("activation_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "activations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "activations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"issuer_unit_id" integer NOT NULL,
	"event" text NOT NULL,
	"level" text NOT NULL,
	"instructions" text,
	"assembly_point" text NOT NULL,
	"assembly_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"issued_by" text NOT NULL,
	"issued_by_user_id" integer,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stand_down_at" timestamp with time zone,
	"stand_down_by" text,
	"after_action_notes" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mobilization_forces" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mobilization_forces_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"org_unit_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"archived_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mobilization_notifications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mobilization_notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"activation_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"channels" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"claimed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "response_units" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "response_units_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"force_id" integer,
	"org_unit_id" integer NOT NULL,
	"name" text NOT NULL,
	"leader_person_id" integer,
	"deputy_person_id" integer,
	"min_strength" integer DEFAULT 1 NOT NULL,
	"note" text,
	"archived_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roster_members" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "roster_members_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"unit_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"position" text DEFAULT 'member' NOT NULL,
	"skills" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"availability" text DEFAULT 'available' NOT NULL,
	"availability_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispatches" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dispatches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"person_id" integer NOT NULL,
	"front" text NOT NULL,
	"posted_unit_id" integer NOT NULL,
	"posted_to" text,
	"role" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"ended_early_on" date,
	"end_reason" text,
	"note" text,
	"created_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "activation_events_activation_idx" ON "activation_events" USING btree ("activation_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "activation_members_token_key" ON "activation_members" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "activation_members_person_key" ON "activation_members" USING btree ("activation_id","person_id");--> statement-breakpoint
CREATE INDEX "activation_members_unit_idx" ON "activation_members" USING btree ("activation_id","unit_id");--> statement-breakpoint
CREATE INDEX "activation_units_unit_idx" ON "activation_units" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "activations_tenant_issued_idx" ON "activations" USING btree ("tenant_id","issued_at");--> statement-breakpoint
CREATE INDEX "activations_issuer_idx" ON "activations" USING btree ("issuer_unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mobilization_forces_name_key" ON "mobilization_forces" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "mobilization_notifications_member_idx" ON "mobilization_notifications" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "mobilization_notifications_status_idx" ON "mobilization_notifications" USING btree ("status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "response_units_org_name_key" ON "response_units" USING btree ("org_unit_id","name");--> statement-breakpoint
CREATE INDEX "response_units_force_idx" ON "response_units" USING btree ("force_id");--> statement-breakpoint
CREATE INDEX "response_units_tenant_idx" ON "response_units" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "roster_members_unit_person_key" ON "roster_members" USING btree ("unit_id","person_id");--> statement-breakpoint
CREATE INDEX "roster_members_person_idx" ON "roster_members" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "dispatches_person_idx" ON "dispatches" USING btree ("person_id","start_date");--> statement-breakpoint
CREATE INDEX "dispatches_tenant_front_idx" ON "dispatches" USING btree ("tenant_id","front","start_date");--> statement-breakpoint
CREATE INDEX "dispatches_posted_unit_idx" ON "dispatches" USING btree ("posted_unit_id");