CREATE TYPE "public"."classification" AS ENUM('public', 'internal', 'confidential', 'restricted');--> statement-breakpoint
CREATE TYPE "public"."dataset_format" AS ENUM('csv', 'jsonl', 'parquet', 'text', 'pdf', 'png', 'jpeg', 'tiff', 'zip');--> statement-breakpoint
CREATE TYPE "public"."scan_status" AS ENUM('queued', 'running', 'completed', 'failed', 'cancelled');--> statement-breakpoint
CREATE TABLE "dataset_classification_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"from_classification" "classification",
	"to_classification" "classification" NOT NULL,
	"reason" text NOT NULL,
	"changed_by" uuid,
	"scan_id" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dataset_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scan_id" uuid NOT NULL,
	"location_kind" text NOT NULL,
	"location" text NOT NULL,
	"entity_type" text NOT NULL,
	"count" integer NOT NULL,
	"confidence" real NOT NULL,
	"detector" text NOT NULL,
	"explanation" text NOT NULL,
	"masked_samples" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dataset_scans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"status" "scan_status" DEFAULT 'queued' NOT NULL,
	"scanner_version" text NOT NULL,
	"mode" text DEFAULT 'full' NOT NULL,
	"job_id" uuid,
	"attempts" integer DEFAULT 0 NOT NULL,
	"bytes_read" bigint DEFAULT 0 NOT NULL,
	"bytes_total" bigint NOT NULL,
	"lease_id" uuid,
	"heartbeat_at" timestamp with time zone,
	"error_code" text,
	"error_message" text,
	"reasons" jsonb,
	"requested_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "dataset_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dataset_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"format" "dataset_format" NOT NULL,
	"storage_key" text NOT NULL,
	"row_count" bigint,
	"columns" jsonb,
	"classification" "classification",
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "datasets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dataset_classification_changes" ADD CONSTRAINT "dataset_classification_changes_version_id_dataset_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_classification_changes" ADD CONSTRAINT "dataset_classification_changes_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_classification_changes" ADD CONSTRAINT "dataset_classification_changes_scan_id_dataset_scans_id_fk" FOREIGN KEY ("scan_id") REFERENCES "public"."dataset_scans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_findings" ADD CONSTRAINT "dataset_findings_scan_id_dataset_scans_id_fk" FOREIGN KEY ("scan_id") REFERENCES "public"."dataset_scans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_scans" ADD CONSTRAINT "dataset_scans_version_id_dataset_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_scans" ADD CONSTRAINT "dataset_scans_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_versions" ADD CONSTRAINT "dataset_versions_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_versions" ADD CONSTRAINT "dataset_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "datasets" ADD CONSTRAINT "datasets_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "datasets" ADD CONSTRAINT "datasets_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "datasets" ADD CONSTRAINT "datasets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dataset_classification_changes_version_id_changed_at_index" ON "dataset_classification_changes" USING btree ("version_id","changed_at");--> statement-breakpoint
CREATE INDEX "dataset_findings_scan_id_index" ON "dataset_findings" USING btree ("scan_id");--> statement-breakpoint
CREATE INDEX "dataset_scans_version_id_created_at_index" ON "dataset_scans" USING btree ("version_id","created_at");--> statement-breakpoint
CREATE INDEX "dataset_scans_status_heartbeat_at_index" ON "dataset_scans" USING btree ("status","heartbeat_at");--> statement-breakpoint
CREATE UNIQUE INDEX "dataset_scans_one_open_per_version" ON "dataset_scans" USING btree ("version_id") WHERE status in ('queued', 'running');--> statement-breakpoint
CREATE UNIQUE INDEX "dataset_versions_dataset_id_number_index" ON "dataset_versions" USING btree ("dataset_id","number");--> statement-breakpoint
CREATE INDEX "dataset_versions_sha256_index" ON "dataset_versions" USING btree ("sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "datasets_team_id_name_index" ON "datasets" USING btree ("team_id","name");--> statement-breakpoint
CREATE INDEX "datasets_name_index" ON "datasets" USING btree ("name");--> statement-breakpoint
ALTER TABLE "model_version_training_data" ADD CONSTRAINT "model_version_training_data_dataset_version_id_dataset_versions_id_fk" FOREIGN KEY ("dataset_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE no action ON UPDATE no action;