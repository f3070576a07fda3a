-- Prediction batches in the lineage graph: one node per deployment per UTC day
-- (kind prediction_batch, namespace = the deployment id, name = YYYY-MM-DD), linked
-- deployment -served-> batch, written in the transaction that inserts the predictions.
--
-- Predictions arrive at thousands per second through a group-committing recorder (multi-row
-- INSERTs), so this is a STATEMENT-level trigger over the transition table, not a row trigger:
-- per INSERT statement it groups the new rows by (deployment, day) — almost always one or two
-- groups — and probes the node's unique index once per group. Only the first statement of a
-- deployment's day writes anything. (Deriving batches at query time instead would need a
-- GROUP BY over the predictions table on every lineage query; this keeps queries on the graph.)
-- On the partitioned table, a statement trigger on the parent sees the rows of every partition.
CREATE FUNCTION lineage_ensure_prediction_batches() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH batches AS (
    SELECT DISTINCT p.deployment_id, to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day
      FROM new_predictions p
  ),
  missing AS (
    SELECT b.deployment_id, b.day, lineage_ensure_deployment_node(b.deployment_id) AS deployment_node
      FROM batches b
     WHERE NOT EXISTS (
       SELECT 1 FROM lineage_nodes n
        WHERE n.kind = 'prediction_batch' AND n.subject_id IS NULL
          AND n.namespace = b.deployment_id::text AND n.name = b.day)
  ),
  made AS (
    INSERT INTO lineage_nodes (kind, subject_id, namespace, name, team_id, label, facets)
    SELECT 'prediction_batch', NULL, m.deployment_id::text, m.day, d.team_id, d.label || ': predictions ' || m.day,
           d.facets || jsonb_build_object('deploymentId', m.deployment_id, 'day', m.day)
      FROM missing m JOIN lineage_nodes d ON d.id = m.deployment_node
    ON CONFLICT (kind, namespace, name) WHERE subject_id IS NULL DO NOTHING
    RETURNING id, namespace
  )
  INSERT INTO lineage_edges (from_id, to_id, relation, source)
  SELECT m.deployment_node, made.id, 'served', 'modelgate'
    FROM made JOIN missing m ON m.deployment_id::text = made.namespace
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER lineage_predictions AFTER INSERT ON predictions
  REFERENCING NEW TABLE AS new_predictions
  FOR EACH STATEMENT EXECUTE FUNCTION lineage_ensure_prediction_batches();
--> statement-breakpoint
-- Backfill the batches of predictions recorded before this trigger.
WITH batches AS (
  SELECT DISTINCT deployment_id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM predictions
),
nodes AS (
  INSERT INTO lineage_nodes (kind, subject_id, namespace, name, team_id, label, facets)
  SELECT 'prediction_batch', NULL, b.deployment_id::text, b.day, d.team_id, d.label || ': predictions ' || b.day,
         d.facets || jsonb_build_object('deploymentId', b.deployment_id, 'day', b.day)
    FROM batches b JOIN lineage_nodes d ON d.id = lineage_ensure_deployment_node(b.deployment_id)
  ON CONFLICT (kind, namespace, name) WHERE subject_id IS NULL DO NOTHING
  RETURNING id, namespace
)
INSERT INTO lineage_edges (from_id, to_id, relation, source)
SELECT d.id, nodes.id, 'served', 'modelgate'
  FROM nodes JOIN lineage_nodes d ON d.kind = 'deployment' AND d.subject_id = nodes.namespace::uuid
ON CONFLICT DO NOTHING;
