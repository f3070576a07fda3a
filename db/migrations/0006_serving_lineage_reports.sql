CREATE TYPE "public"."deployment_kind" AS ENUM('deploy', 'rollback');--> statement-breakpoint
CREATE TYPE "public"."monitoring_alert_kind" AS ENUM('drift', 'latency');--> statement-breakpoint
CREATE TYPE "public"."monitoring_alert_state" AS ENUM('open', 'acknowledged', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."monitoring_profile_source" AS ENUM('dataset', 'predictions');--> statement-breakpoint
CREATE TABLE "lineage_edges" (
	"from_id" uuid NOT NULL,
	"to_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lineage_edges_from_id_to_id_relation_pk" PRIMARY KEY("from_id","to_id","relation"),
	CONSTRAINT "lineage_edges_source_known" CHECK ("lineage_edges"."source" in ('modelgate', 'openlineage'))
);
--> statement-breakpoint
CREATE TABLE "lineage_nodes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"subject_id" uuid,
	"namespace" text DEFAULT 'modelgate' NOT NULL,
	"name" text NOT NULL,
	"team_id" uuid,
	"label" text NOT NULL,
	"facets" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lineage_nodes_kind_known" CHECK ("lineage_nodes"."kind" in ('dataset_version', 'training_run', 'model_version', 'deployment', 'prediction_batch', 'external_dataset', 'external_job', 'external_run'))
);
--> statement-breakpoint
CREATE TABLE "predictions" (
	"model_version_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"request_id" uuid NOT NULL,
	"deployment_id" uuid NOT NULL,
	"environment_id" uuid NOT NULL,
	"caller_user_id" uuid,
	"caller_token_id" uuid,
	"input" jsonb NOT NULL,
	"output" jsonb NOT NULL,
	"latency_ms" real NOT NULL,
	CONSTRAINT "predictions_pkey" PRIMARY KEY("model_version_id","created_at","request_id")
);
--> statement-breakpoint
CREATE TABLE "deployments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"model_version_id" uuid NOT NULL,
	"environment_id" uuid NOT NULL,
	"promotion_request_id" uuid NOT NULL,
	"kind" "deployment_kind" NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"deployed_by" uuid NOT NULL,
	"token_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"superseded_at" timestamp with time zone,
	"superseded_by" uuid
);
--> statement-breakpoint
CREATE TABLE "report_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"subject_label" text NOT NULL,
	"team_id" uuid NOT NULL,
	"format" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"stage" text DEFAULT 'queued' NOT NULL,
	"requested_by" uuid NOT NULL,
	"token_id" uuid,
	"token_scopes" text[],
	"job_id" uuid,
	"sha256" text,
	"size_bytes" bigint,
	"error_code" text,
	"error_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "monitoring_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_version_id" uuid NOT NULL,
	"kind" "monitoring_alert_kind" NOT NULL,
	"state" "monitoring_alert_state" DEFAULT 'open' NOT NULL,
	"summary" text NOT NULL,
	"details" jsonb NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_by" uuid,
	"acknowledged_at" timestamp with time zone,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"resolution" text
);
--> statement-breakpoint
CREATE TABLE "monitoring_profiles" (
	"model_version_id" uuid PRIMARY KEY NOT NULL,
	"source" "monitoring_profile_source" NOT NULL,
	"dataset_version_id" uuid,
	"row_count" integer NOT NULL,
	"features" jsonb NOT NULL,
	"reference_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_thresholds" (
	"model_version_id" uuid PRIMARY KEY NOT NULL,
	"psi" real NOT NULL,
	"ks" real NOT NULL,
	"p99_latency_ms" real NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "openlineage_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"run_id" uuid,
	"event_type" text,
	"event_time" timestamp with time zone NOT NULL,
	"namespace" text NOT NULL,
	"name" text NOT NULL,
	"event" jsonb NOT NULL,
	"sha256" text NOT NULL,
	"normalisations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"team_id" uuid,
	"received_by" uuid NOT NULL,
	"token_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "openlineage_events_kind_known" CHECK ("openlineage_events"."kind" in ('RunEvent', 'DatasetEvent', 'JobEvent')),
	CONSTRAINT "openlineage_events_run_has_id" CHECK (("openlineage_events"."kind" = 'RunEvent') = ("openlineage_events"."run_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "lineage_edges" ADD CONSTRAINT "lineage_edges_from_id_lineage_nodes_id_fk" FOREIGN KEY ("from_id") REFERENCES "public"."lineage_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lineage_edges" ADD CONSTRAINT "lineage_edges_to_id_lineage_nodes_id_fk" FOREIGN KEY ("to_id") REFERENCES "public"."lineage_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lineage_nodes" ADD CONSTRAINT "lineage_nodes_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_model_id_registered_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."registered_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_environment_id_environments_id_fk" FOREIGN KEY ("environment_id") REFERENCES "public"."environments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_promotion_request_id_promotion_requests_id_fk" FOREIGN KEY ("promotion_request_id") REFERENCES "public"."promotion_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_deployed_by_users_id_fk" FOREIGN KEY ("deployed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_token_id_api_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."api_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_superseded_by_deployments_id_fk" FOREIGN KEY ("superseded_by") REFERENCES "public"."deployments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_jobs" ADD CONSTRAINT "report_jobs_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_jobs" ADD CONSTRAINT "report_jobs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_alerts" ADD CONSTRAINT "monitoring_alerts_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_alerts" ADD CONSTRAINT "monitoring_alerts_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_alerts" ADD CONSTRAINT "monitoring_alerts_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_profiles" ADD CONSTRAINT "monitoring_profiles_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_profiles" ADD CONSTRAINT "monitoring_profiles_dataset_version_id_dataset_versions_id_fk" FOREIGN KEY ("dataset_version_id") REFERENCES "public"."dataset_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_thresholds" ADD CONSTRAINT "monitoring_thresholds_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_thresholds" ADD CONSTRAINT "monitoring_thresholds_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "openlineage_events" ADD CONSTRAINT "openlineage_events_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "openlineage_events" ADD CONSTRAINT "openlineage_events_received_by_users_id_fk" FOREIGN KEY ("received_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lineage_edges_to_id_from_id_index" ON "lineage_edges" USING btree ("to_id","from_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lineage_nodes_kind_subject_key" ON "lineage_nodes" USING btree ("kind","subject_id") WHERE "lineage_nodes"."subject_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "lineage_nodes_kind_namespace_name_key" ON "lineage_nodes" USING btree ("kind","namespace","name") WHERE "lineage_nodes"."subject_id" is null;--> statement-breakpoint
CREATE INDEX "lineage_nodes_team_id_index" ON "lineage_nodes" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "deployments_one_current" ON "deployments" USING btree ("model_id","environment_id") WHERE superseded_at is null;--> statement-breakpoint
CREATE INDEX "deployments_environment_id_created_at_index" ON "deployments" USING btree ("environment_id","created_at");--> statement-breakpoint
CREATE INDEX "deployments_model_version_id_created_at_index" ON "deployments" USING btree ("model_version_id","created_at");--> statement-breakpoint
CREATE INDEX "deployments_promotion_request_id_index" ON "deployments" USING btree ("promotion_request_id");--> statement-breakpoint
CREATE INDEX "report_jobs_requested_by_created_at_index" ON "report_jobs" USING btree ("requested_by","created_at");--> statement-breakpoint
CREATE INDEX "report_jobs_subject_type_subject_id_index" ON "report_jobs" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_alerts_one_unresolved" ON "monitoring_alerts" USING btree ("model_version_id","kind") WHERE state <> 'resolved';--> statement-breakpoint
CREATE INDEX "monitoring_alerts_model_version_id_opened_at_index" ON "monitoring_alerts" USING btree ("model_version_id","opened_at");--> statement-breakpoint
CREATE INDEX "monitoring_alerts_state_opened_at_index" ON "monitoring_alerts" USING btree ("state","opened_at");--> statement-breakpoint
CREATE UNIQUE INDEX "openlineage_events_run_key" ON "openlineage_events" USING btree ("run_id",coalesce("event_type", ''),"event_time") WHERE "openlineage_events"."kind" = 'RunEvent';--> statement-breakpoint
CREATE UNIQUE INDEX "openlineage_events_static_key" ON "openlineage_events" USING btree ("kind","namespace","name","event_time") WHERE "openlineage_events"."kind" <> 'RunEvent';--> statement-breakpoint
CREATE INDEX "openlineage_events_received_at_index" ON "openlineage_events" USING btree ("received_at");