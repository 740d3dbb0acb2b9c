CREATE TABLE "report_draft_revisions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "report_draft_revisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"draft_id" integer NOT NULL,
	"revision_no" integer NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"generated" jsonb,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_drafts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "report_drafts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"dept" text NOT NULL,
	"year" integer NOT NULL,
	"org_unit_id" integer NOT NULL,
	"template_id" integer,
	"title" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_templates" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "report_templates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"dept" text NOT NULL,
	"owner_unit_id" integer NOT NULL,
	"name" text NOT NULL,
	"definition" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "report_draft_revisions_key" ON "report_draft_revisions" USING btree ("draft_id","revision_no");--> statement-breakpoint
CREATE INDEX "report_drafts_year_idx" ON "report_drafts" USING btree ("tenant_id","year","dept");--> statement-breakpoint
CREATE UNIQUE INDEX "report_templates_name_key" ON "report_templates" USING btree ("owner_unit_id","dept","name");--> statement-breakpoint
ALTER TABLE "report_templates" ADD CONSTRAINT "report_templates_owner_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "report_templates" ADD CONSTRAINT "report_templates_dept_check" CHECK (dept IN ('org', 'propaganda', 'united-front'));--> statement-breakpoint
ALTER TABLE "report_drafts" ADD CONSTRAINT "report_drafts_dept_check" CHECK (dept IN ('org', 'propaganda', 'united-front'));--> statement-breakpoint
ALTER TABLE "report_drafts" ADD CONSTRAINT "report_drafts_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "report_drafts" ADD CONSTRAINT "report_drafts_template_fk" FOREIGN KEY ("template_id") REFERENCES "report_templates"("id");--> statement-breakpoint
ALTER TABLE "report_draft_revisions" ADD CONSTRAINT "report_draft_revisions_draft_fk" FOREIGN KEY ("draft_id") REFERENCES "report_drafts"("id");--> statement-breakpoint
ALTER TABLE "report_draft_revisions" ADD CONSTRAINT "report_draft_revisions_kind_check" CHECK (kind IN ('generated', 'edited'));--> statement-breakpoint
-- A draft's history is written once: an edit adds a revision, it never rewrites one.
CREATE TRIGGER report_draft_revisions_frozen BEFORE UPDATE OR DELETE ON "report_draft_revisions" FOR EACH ROW EXECUTE FUNCTION lizhou_reject_change();
