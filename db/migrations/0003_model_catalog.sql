-- pg_trgm backs substring search on model names (PGlite loads it from its contrib bundle, see db/client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TYPE "public"."artifact_format" AS ENUM('onnx', 'other');--> statement-breakpoint
CREATE TYPE "public"."model_risk_tier" AS ENUM('low', 'medium', 'high', 'critical');--> statement-breakpoint
CREATE TABLE "model_version_training_data" (
	"model_version_id" uuid NOT NULL,
	"dataset_version_id" uuid NOT NULL,
	CONSTRAINT "model_version_training_data_model_version_id_dataset_version_id_pk" PRIMARY KEY("model_version_id","dataset_version_id")
);
--> statement-breakpoint
CREATE TABLE "model_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"artifact_sha256" text NOT NULL,
	"artifact_size" bigint NOT NULL,
	"artifact_format" "artifact_format" NOT NULL,
	"artifact_key" text NOT NULL,
	"training_code" jsonb NOT NULL,
	"prediction_code" jsonb NOT NULL,
	"dependencies" jsonb NOT NULL,
	"lockfile_sha256" text,
	"parameters" jsonb NOT NULL,
	"metrics" jsonb NOT NULL,
	"signature" jsonb,
	"model_card" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_versions_version_positive" CHECK ("model_versions"."version" > 0),
	CONSTRAINT "model_versions_sha256_hex" CHECK ("model_versions"."artifact_sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "registered_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"team_id" uuid NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"owner_id" uuid NOT NULL,
	"risk_tier" "model_risk_tier" NOT NULL,
	"latest_version" integer DEFAULT 0 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "model_version_training_data" ADD CONSTRAINT "model_version_training_data_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_model_id_registered_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."registered_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registered_models" ADD CONSTRAINT "registered_models_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registered_models" ADD CONSTRAINT "registered_models_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registered_models" ADD CONSTRAINT "registered_models_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "model_version_training_data_dataset_version_id_index" ON "model_version_training_data" USING btree ("dataset_version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "model_versions_model_id_version_index" ON "model_versions" USING btree ("model_id","version");--> statement-breakpoint
CREATE INDEX "model_versions_created_by_model_id_index" ON "model_versions" USING btree ("created_by","model_id");--> statement-breakpoint
CREATE INDEX "model_versions_artifact_sha256_index" ON "model_versions" USING btree ("artifact_sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "registered_models_lower_name_key" ON "registered_models" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "registered_models_name_trgm_idx" ON "registered_models" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "registered_models_tags_idx" ON "registered_models" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "registered_models_team_name_idx" ON "registered_models" USING btree ("team_id",lower("name"));--> statement-breakpoint
CREATE INDEX "registered_models_created_by_index" ON "registered_models" USING btree ("created_by");--> statement-breakpoint
-- Model versions and their lineage edges are recorded facts (DESIGN.md §2): the database
-- refuses to change or remove them, whoever asks; a correction is a new version.
CREATE FUNCTION model_versions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is immutable (% refused): register a new version instead', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER model_versions_no_update_delete BEFORE UPDATE OR DELETE ON model_versions
  FOR EACH ROW EXECUTE FUNCTION model_versions_refuse_change();
--> statement-breakpoint
CREATE TRIGGER model_versions_no_truncate BEFORE TRUNCATE ON model_versions
  FOR EACH STATEMENT EXECUTE FUNCTION model_versions_refuse_change();
--> statement-breakpoint
CREATE TRIGGER model_version_training_data_no_update_delete BEFORE UPDATE OR DELETE ON model_version_training_data
  FOR EACH ROW EXECUTE FUNCTION model_versions_refuse_change();
--> statement-breakpoint
CREATE TRIGGER model_version_training_data_no_truncate BEFORE TRUNCATE ON model_version_training_data
  FOR EACH STATEMENT EXECUTE FUNCTION model_versions_refuse_change();
--> statement-breakpoint
-- Replica mode (session_replication_role) skips ordinary triggers; these fire in every mode.
ALTER TABLE model_versions ENABLE ALWAYS TRIGGER model_versions_no_update_delete;
--> statement-breakpoint
ALTER TABLE model_versions ENABLE ALWAYS TRIGGER model_versions_no_truncate;
--> statement-breakpoint
ALTER TABLE model_version_training_data ENABLE ALWAYS TRIGGER model_version_training_data_no_update_delete;
--> statement-breakpoint
ALTER TABLE model_version_training_data ENABLE ALWAYS TRIGGER model_version_training_data_no_truncate;
