DROP INDEX "persons_name_pinyin_idx";--> statement-breakpoint
DROP INDEX "persons_tenant_idx";--> statement-breakpoint
CREATE INDEX "persons_tenant_name_idx" ON "persons" USING btree ("tenant_id","name_pinyin");--> statement-breakpoint
CREATE INDEX "persons_name_pinyin_prefix_idx" ON "persons" USING btree ("name_pinyin" text_pattern_ops);