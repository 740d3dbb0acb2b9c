CREATE TABLE "cadre_career_entries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cadre_career_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"person_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"org_unit_id" integer,
	"start_date" date NOT NULL,
	"end_date" date,
	"hours" numeric(7, 1),
	"grade" text,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cadre_corrections" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cadre_corrections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"person_id" integer NOT NULL,
	"subject" text NOT NULL,
	"subject_label" text NOT NULL,
	"requested" text NOT NULL,
	"reason" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"response" text,
	"handled_by" text,
	"handled_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_records" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "care_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"person_id" integer NOT NULL,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"by_whom" text NOT NULL,
	"summary" text NOT NULL,
	"follow_up" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fault_tolerance_cases" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fault_tolerance_cases_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"person_id" integer NOT NULL,
	"org_unit_id" integer NOT NULL,
	"request_kind" text NOT NULL,
	"matter" text NOT NULL,
	"applied_on" date NOT NULL,
	"applicant" text NOT NULL,
	"status" text DEFAULT 'applied' NOT NULL,
	"investigation" text,
	"investigated_by" text,
	"investigated_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fault_tolerance_decisions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fault_tolerance_decisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"outcome" text NOT NULL,
	"grounds" text NOT NULL,
	"committee" text NOT NULL,
	"decided_on" date NOT NULL,
	"supersedes_id" integer,
	"change_reason" text,
	"decided_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "apartment_allocations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "apartment_allocations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"programme_id" integer NOT NULL,
	"rule_text" text NOT NULL,
	"results" jsonb NOT NULL,
	"published" boolean DEFAULT true NOT NULL,
	"ran_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "apartment_contracts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "apartment_contracts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"apartment_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"application_id" integer,
	"kind" text NOT NULL,
	"signed_on" date NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"terminated_on" date,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "apartments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "apartments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"org_unit_id" integer NOT NULL,
	"estate" text NOT NULL,
	"building" text NOT NULL,
	"unit_no" text NOT NULL,
	"area" numeric(7, 2) NOT NULL,
	"status" text DEFAULT 'free' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recruitment_candidates" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recruitment_candidates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"year" integer NOT NULL,
	"name" text NOT NULL,
	"person_id" integer,
	"field" text NOT NULL,
	"employer_unit_id" integer NOT NULL,
	"level" text NOT NULL,
	"stage" text DEFAULT 'applied' NOT NULL,
	"stopped_at" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recruitment_stage_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recruitment_stage_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"candidate_id" integer NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"moved_on" date NOT NULL,
	"note" text,
	"moved_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "talent_application_files" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "talent_application_files_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"application_id" integer NOT NULL,
	"doc_key" text NOT NULL,
	"file_name" text NOT NULL,
	"mime" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"removed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "talent_applications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "talent_applications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"programme_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"employer_unit_id" integer,
	"tier" text,
	"education" text,
	"years_in_county" integer,
	"form" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"pending_step" text,
	"score" numeric(8, 2),
	"granted_amount" numeric(14, 2),
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "talent_payments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "talent_payments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"programme_id" integer NOT NULL,
	"application_id" integer NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"paid_on" date NOT NULL,
	"reference" text NOT NULL,
	"reverses_id" integer,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "talent_programmes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "talent_programmes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"owner_unit_id" integer NOT NULL,
	"rules" jsonb NOT NULL,
	"opens_on" date NOT NULL,
	"closes_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "talent_reviews" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "talent_reviews_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"application_id" integer NOT NULL,
	"step" text NOT NULL,
	"decision" text NOT NULL,
	"reason" text,
	"reviewer_id" integer NOT NULL,
	"reviewer_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pairing_contacts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pairing_contacts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"pairing_id" integer NOT NULL,
	"occurred_on" date NOT NULL,
	"kind" text NOT NULL,
	"summary" text NOT NULL,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pairing_parties" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pairing_parties_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"pairing_id" integer NOT NULL,
	"person_id" integer,
	"org_unit_id" integer,
	"role_label" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pairings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pairings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"purpose" text NOT NULL,
	"owner_unit_id" integer NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"ended_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "cadre_career_person_idx" ON "cadre_career_entries" USING btree ("person_id","start_date");--> statement-breakpoint
CREATE INDEX "cadre_corrections_person_idx" ON "cadre_corrections" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "cadre_corrections_status_idx" ON "cadre_corrections" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "care_records_person_idx" ON "care_records" USING btree ("person_id","occurred_on");--> statement-breakpoint
CREATE INDEX "fault_tolerance_person_idx" ON "fault_tolerance_cases" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "fault_tolerance_unit_idx" ON "fault_tolerance_cases" USING btree ("tenant_id","org_unit_id");--> statement-breakpoint
CREATE INDEX "fault_tolerance_decisions_case_idx" ON "fault_tolerance_decisions" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "apartment_contracts_apartment_idx" ON "apartment_contracts" USING btree ("apartment_id");--> statement-breakpoint
CREATE INDEX "apartment_contracts_signed_idx" ON "apartment_contracts" USING btree ("tenant_id","kind","signed_on");--> statement-breakpoint
CREATE UNIQUE INDEX "apartments_flat_key" ON "apartments" USING btree ("tenant_id","estate","building","unit_no");--> statement-breakpoint
CREATE INDEX "apartments_status_idx" ON "apartments" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "recruitment_candidates_year_idx" ON "recruitment_candidates" USING btree ("tenant_id","year","stage");--> statement-breakpoint
CREATE INDEX "recruitment_stage_events_candidate_idx" ON "recruitment_stage_events" USING btree ("candidate_id","id");--> statement-breakpoint
CREATE INDEX "talent_application_files_app_idx" ON "talent_application_files" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "talent_applications_one_live_key" ON "talent_applications" USING btree ("programme_id","person_id") WHERE status <> 'withdrawn';--> statement-breakpoint
CREATE INDEX "talent_applications_status_idx" ON "talent_applications" USING btree ("tenant_id","programme_id","status");--> statement-breakpoint
CREATE INDEX "talent_applications_employer_idx" ON "talent_applications" USING btree ("employer_unit_id");--> statement-breakpoint
CREATE INDEX "talent_payments_programme_idx" ON "talent_payments" USING btree ("tenant_id","programme_id","paid_on");--> statement-breakpoint
CREATE INDEX "talent_payments_app_idx" ON "talent_payments" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "talent_programmes_code_key" ON "talent_programmes" USING btree ("tenant_id","code");--> statement-breakpoint
CREATE INDEX "talent_reviews_app_idx" ON "talent_reviews" USING btree ("application_id","id");--> statement-breakpoint
CREATE INDEX "pairing_contacts_pairing_idx" ON "pairing_contacts" USING btree ("pairing_id","occurred_on");--> statement-breakpoint
CREATE INDEX "pairing_parties_pairing_idx" ON "pairing_parties" USING btree ("pairing_id");--> statement-breakpoint
CREATE INDEX "pairing_parties_person_idx" ON "pairing_parties" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "pairing_parties_unit_idx" ON "pairing_parties" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "pairings_owner_idx" ON "pairings" USING btree ("tenant_id","owner_unit_id");--> statement-breakpoint
ALTER TABLE "cadre_career_entries" ADD CONSTRAINT "cadre_career_person_fk" FOREIGN KEY ("person_id") REFERENCES "persons"("id");--> statement-breakpoint
ALTER TABLE "cadre_career_entries" ADD CONSTRAINT "cadre_career_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "cadre_career_entries" ADD CONSTRAINT "cadre_career_kind_check" CHECK ("kind" in ('post', 'rank', 'training', 'evaluation'));--> statement-breakpoint
ALTER TABLE "cadre_career_entries" ADD CONSTRAINT "cadre_career_dates_check" CHECK ("end_date" is null or "end_date" >= "start_date");--> statement-breakpoint
ALTER TABLE "cadre_corrections" ADD CONSTRAINT "cadre_corrections_person_fk" FOREIGN KEY ("person_id") REFERENCES "persons"("id");--> statement-breakpoint
ALTER TABLE "cadre_corrections" ADD CONSTRAINT "cadre_corrections_status_check" CHECK ("status" in ('pending', 'accepted', 'rejected'));--> statement-breakpoint
ALTER TABLE "care_records" ADD CONSTRAINT "care_records_person_fk" FOREIGN KEY ("person_id") REFERENCES "persons"("id");--> statement-breakpoint
ALTER TABLE "care_records" ADD CONSTRAINT "care_records_kind_check" CHECK ("kind" in ('visit', 'talk', 'health_check', 'hardship', 'other'));--> statement-breakpoint
ALTER TABLE "fault_tolerance_cases" ADD CONSTRAINT "fault_tolerance_person_fk" FOREIGN KEY ("person_id") REFERENCES "persons"("id");--> statement-breakpoint
ALTER TABLE "fault_tolerance_cases" ADD CONSTRAINT "fault_tolerance_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "fault_tolerance_cases" ADD CONSTRAINT "fault_tolerance_status_check" CHECK ("status" in ('applied', 'investigating', 'decided'));--> statement-breakpoint
ALTER TABLE "fault_tolerance_cases" ADD CONSTRAINT "fault_tolerance_kind_check" CHECK ("request_kind" in ('tolerance', 'clarification'));--> statement-breakpoint
ALTER TABLE "fault_tolerance_decisions" ADD CONSTRAINT "fault_tolerance_decisions_case_fk" FOREIGN KEY ("case_id") REFERENCES "fault_tolerance_cases"("id");--> statement-breakpoint
ALTER TABLE "fault_tolerance_decisions" ADD CONSTRAINT "fault_tolerance_decisions_supersedes_fk" FOREIGN KEY ("supersedes_id") REFERENCES "fault_tolerance_decisions"("id");--> statement-breakpoint
ALTER TABLE "fault_tolerance_decisions" ADD CONSTRAINT "fault_tolerance_decisions_outcome_check" CHECK ("outcome" in ('tolerated', 'clarified', 'not_applicable'));--> statement-breakpoint
ALTER TABLE "fault_tolerance_decisions" ADD CONSTRAINT "fault_tolerance_decisions_change_check" CHECK (("supersedes_id" is null) = ("change_reason" is null));--> statement-breakpoint
CREATE TRIGGER fault_tolerance_decisions_frozen BEFORE UPDATE OR DELETE ON "fault_tolerance_decisions" FOR EACH ROW EXECUTE FUNCTION lizhou_reject_change();--> statement-breakpoint
ALTER TABLE "pairings" ADD CONSTRAINT "pairings_owner_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "pairings" ADD CONSTRAINT "pairings_kind_check" CHECK ("kind" in ('leader_entrepreneur', 'joint_building', 'belt', 'other'));--> statement-breakpoint
ALTER TABLE "pairings" ADD CONSTRAINT "pairings_dates_check" CHECK ("end_date" is null or "end_date" >= "start_date");--> statement-breakpoint
ALTER TABLE "pairing_parties" ADD CONSTRAINT "pairing_parties_pairing_fk" FOREIGN KEY ("pairing_id") REFERENCES "pairings"("id");--> statement-breakpoint
ALTER TABLE "pairing_parties" ADD CONSTRAINT "pairing_parties_person_fk" FOREIGN KEY ("person_id") REFERENCES "persons"("id");--> statement-breakpoint
ALTER TABLE "pairing_parties" ADD CONSTRAINT "pairing_parties_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "pairing_parties" ADD CONSTRAINT "pairing_parties_one_side_check" CHECK (("person_id" is null) <> ("org_unit_id" is null));--> statement-breakpoint
ALTER TABLE "pairing_contacts" ADD CONSTRAINT "pairing_contacts_pairing_fk" FOREIGN KEY ("pairing_id") REFERENCES "pairings"("id");--> statement-breakpoint
ALTER TABLE "talent_programmes" ADD CONSTRAINT "talent_programmes_owner_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "talent_programmes" ADD CONSTRAINT "talent_programmes_kind_check" CHECK ("kind" in ('housing_subsidy', 'apartment', 'other'));--> statement-breakpoint
ALTER TABLE "talent_applications" ADD CONSTRAINT "talent_applications_programme_fk" FOREIGN KEY ("programme_id") REFERENCES "talent_programmes"("id");--> statement-breakpoint
ALTER TABLE "talent_applications" ADD CONSTRAINT "talent_applications_person_fk" FOREIGN KEY ("person_id") REFERENCES "persons"("id");--> statement-breakpoint
ALTER TABLE "talent_applications" ADD CONSTRAINT "talent_applications_employer_fk" FOREIGN KEY ("employer_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "talent_applications" ADD CONSTRAINT "talent_applications_status_check" CHECK ("status" in ('draft', 'submitted', 'returned', 'approved', 'rejected', 'withdrawn'));--> statement-breakpoint
ALTER TABLE "talent_applications" ADD CONSTRAINT "talent_applications_step_check" CHECK (("pending_step" is not null) = ("status" = 'submitted') and ("pending_step" is null or "pending_step" in ('employer', 'office', 'committee')));--> statement-breakpoint
ALTER TABLE "talent_application_files" ADD CONSTRAINT "talent_application_files_app_fk" FOREIGN KEY ("application_id") REFERENCES "talent_applications"("id");--> statement-breakpoint
ALTER TABLE "talent_reviews" ADD CONSTRAINT "talent_reviews_app_fk" FOREIGN KEY ("application_id") REFERENCES "talent_applications"("id");--> statement-breakpoint
ALTER TABLE "talent_reviews" ADD CONSTRAINT "talent_reviews_reviewer_fk" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "talent_reviews" ADD CONSTRAINT "talent_reviews_decision_check" CHECK ("decision" in ('approve', 'reject', 'return') and "step" in ('employer', 'office', 'committee'));--> statement-breakpoint
CREATE TRIGGER talent_reviews_frozen BEFORE UPDATE OR DELETE ON "talent_reviews" FOR EACH ROW EXECUTE FUNCTION lizhou_reject_change();--> statement-breakpoint
ALTER TABLE "talent_payments" ADD CONSTRAINT "talent_payments_programme_fk" FOREIGN KEY ("programme_id") REFERENCES "talent_programmes"("id");--> statement-breakpoint
ALTER TABLE "talent_payments" ADD CONSTRAINT "talent_payments_app_fk" FOREIGN KEY ("application_id") REFERENCES "talent_applications"("id");--> statement-breakpoint
ALTER TABLE "talent_payments" ADD CONSTRAINT "talent_payments_reverses_fk" FOREIGN KEY ("reverses_id") REFERENCES "talent_payments"("id");--> statement-breakpoint
ALTER TABLE "talent_payments" ADD CONSTRAINT "talent_payments_sign_check" CHECK (("reverses_id" is null and "amount" > 0) or ("reverses_id" is not null and "amount" < 0));--> statement-breakpoint
CREATE TRIGGER talent_payments_frozen BEFORE UPDATE OR DELETE ON "talent_payments" FOR EACH ROW EXECUTE FUNCTION lizhou_reject_change();--> statement-breakpoint
ALTER TABLE "apartments" ADD CONSTRAINT "apartments_unit_fk" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "apartments" ADD CONSTRAINT "apartments_status_check" CHECK ("status" in ('free', 'reserved', 'rented', 'sold') and "area" > 0);--> statement-breakpoint
ALTER TABLE "apartment_contracts" ADD CONSTRAINT "apartment_contracts_apartment_fk" FOREIGN KEY ("apartment_id") REFERENCES "apartments"("id");--> statement-breakpoint
ALTER TABLE "apartment_contracts" ADD CONSTRAINT "apartment_contracts_person_fk" FOREIGN KEY ("person_id") REFERENCES "persons"("id");--> statement-breakpoint
ALTER TABLE "apartment_contracts" ADD CONSTRAINT "apartment_contracts_app_fk" FOREIGN KEY ("application_id") REFERENCES "talent_applications"("id");--> statement-breakpoint
ALTER TABLE "apartment_contracts" ADD CONSTRAINT "apartment_contracts_kind_check" CHECK ("kind" in ('sale', 'rent', 'free_rent') and ("end_date" is null or "end_date" >= "start_date"));--> statement-breakpoint
CREATE UNIQUE INDEX "apartment_contracts_one_live_key" ON "apartment_contracts" ("apartment_id") WHERE "terminated_on" is null;--> statement-breakpoint
ALTER TABLE "apartment_allocations" ADD CONSTRAINT "apartment_allocations_programme_fk" FOREIGN KEY ("programme_id") REFERENCES "talent_programmes"("id");--> statement-breakpoint
ALTER TABLE "recruitment_candidates" ADD CONSTRAINT "recruitment_candidates_person_fk" FOREIGN KEY ("person_id") REFERENCES "persons"("id");--> statement-breakpoint
ALTER TABLE "recruitment_candidates" ADD CONSTRAINT "recruitment_candidates_employer_fk" FOREIGN KEY ("employer_unit_id") REFERENCES "org_units"("id");--> statement-breakpoint
ALTER TABLE "recruitment_candidates" ADD CONSTRAINT "recruitment_candidates_stage_check" CHECK ("stage" in ('applied', 'screened', 'defence', 'selected', 'not_selected') and "level" in ('national', 'provincial') and (("stage" = 'not_selected') = ("stopped_at" is not null)));--> statement-breakpoint
ALTER TABLE "recruitment_stage_events" ADD CONSTRAINT "recruitment_stage_events_candidate_fk" FOREIGN KEY ("candidate_id") REFERENCES "recruitment_candidates"("id");--> statement-breakpoint
CREATE TRIGGER recruitment_stage_events_frozen BEFORE UPDATE OR DELETE ON "recruitment_stage_events" FOR EACH ROW EXECUTE FUNCTION lizhou_reject_change();
