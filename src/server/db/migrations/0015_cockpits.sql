CREATE TABLE "cockpits" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cockpits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"owner_unit_id" integer NOT NULL,
	"scope" text NOT NULL,
	"definition" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "cockpits_owner_idx" ON "cockpits" USING btree ("tenant_id","owner_unit_id");--> statement-breakpoint
ALTER TABLE "cockpits" ADD CONSTRAINT "cockpits_owner_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "cockpits" ADD CONSTRAINT "cockpits_scope_check" CHECK (scope IN ('county', 'org', 'propaganda', 'united-front'));
