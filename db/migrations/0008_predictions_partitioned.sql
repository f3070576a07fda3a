-- Predictions are partitioned by UTC day on created_at (db/schema/predictions.ts describes the
-- columns). The table created by the generated migrations was new and empty in the same release,
-- so it is recreated rather than converted; columns, constraint and index names are those
-- drizzle-kit generated, so the schema snapshot stays exact.
DROP TABLE "predictions";
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
) PARTITION BY RANGE ("created_at");
--> statement-breakpoint
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
-- Rows for a day without its partition land here, so an insert never fails for a missing
-- partition; predictions_maintain() moves them into their day's partition.
CREATE TABLE "predictions_default" PARTITION OF "predictions" DEFAULT;
--> statement-breakpoint
-- Creates the partition of one UTC day if it is missing (true when it made one). It is built
-- on its own and then attached, which locks the parent only in SHARE UPDATE EXCLUSIVE mode, so
-- concurrent inserts go on; rows of that day waiting in the default partition move into it.
CREATE FUNCTION predictions_ensure_partition(day date) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  part text := format('predictions_p%s', to_char(day, 'YYYYMMDD'));
  lo timestamptz := day::timestamp AT TIME ZONE 'UTC';
  hi timestamptz := (day + 1)::timestamp AT TIME ZONE 'UTC';
BEGIN
  IF to_regclass(part) IS NOT NULL THEN
    RETURN false;
  END IF;
  -- Two maintainers (several portal processes) must not race to create the same partition.
  PERFORM pg_advisory_xact_lock(hashtext('predictions_partitions'));
  IF to_regclass(part) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE %I (LIKE predictions INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
  EXECUTE format(
    'WITH moved AS (DELETE FROM predictions_default WHERE created_at >= $1 AND created_at < $2 RETURNING *) INSERT INTO %I SELECT * FROM moved',
    part) USING lo, hi;
  EXECUTE format('ALTER TABLE predictions ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
  RETURN true;
END;
$$;
--> statement-breakpoint
-- The periodic job (and this migration): partitions for yesterday through days_ahead days
-- ahead, and for every day that has rows waiting in the default partition. Returns how many
-- partitions it created.
CREATE FUNCTION predictions_maintain(days_ahead integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  today date := (now() AT TIME ZONE 'UTC')::date;
  d date;
  made integer := 0;
BEGIN
  FOR d IN SELECT DISTINCT (created_at AT TIME ZONE 'UTC')::date FROM predictions_default LOOP
    IF predictions_ensure_partition(d) THEN made := made + 1; END IF;
  END LOOP;
  FOR d IN SELECT (today + i) FROM generate_series(-1, days_ahead) AS i LOOP
    IF predictions_ensure_partition(d) THEN made := made + 1; END IF;
  END LOOP;
  RETURN made;
END;
$$;
--> statement-breakpoint
SELECT predictions_maintain(7);
