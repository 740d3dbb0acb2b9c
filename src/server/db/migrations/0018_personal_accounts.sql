ALTER TABLE "users" ADD COLUMN "person_id" integer;--> statement-breakpoint
CREATE UNIQUE INDEX "users_person_key" ON "users" USING btree ("person_id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_person_fk" FOREIGN KEY ("person_id") REFERENCES "persons"("id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_personal_has_person" CHECK (("role" = 'personal') = ("person_id" is not null));
