CREATE TABLE "care_facilities" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "care_facilities_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"org_unit_id" integer NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"beds" integer DEFAULT 0 NOT NULL,
	"lng" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "care_map_settings" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"thresholds" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_geometries" (
	"org_unit_id" integer PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"lng" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"boundary" jsonb,
	"source" text NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "care_facilities_unit_idx" ON "care_facilities" USING btree ("tenant_id","org_unit_id");--> statement-breakpoint
ALTER TABLE "unit_geometries" ADD CONSTRAINT "unit_geometries_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "care_facilities" ADD CONSTRAINT "care_facilities_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "care_facilities" ADD CONSTRAINT "care_facilities_kind_check" CHECK (kind IN ('home_center', 'day_care', 'wellness'));--> statement-breakpoint
ALTER TABLE "care_facilities" ADD CONSTRAINT "care_facilities_beds_check" CHECK (beds >= 0);
