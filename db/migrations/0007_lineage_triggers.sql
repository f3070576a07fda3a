-- Modelgate's own facts feed the lineage graph in the transaction that writes them (AFTER INSERT
-- triggers), so the graph can never miss or invent a dataset version, model version, training
-- edge or deployment. Edges point downstream:
--   dataset_version -trained_on-> training_run -produced-> model_version -deployed_as-> deployment
-- One training run per model version (the run that produced it, carrying the training code hash).
-- Each lineage_ensure_* function is idempotent: it returns the node's id, creating it when missing.
CREATE FUNCTION lineage_node_id(p_kind text, p_subject uuid) RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT id FROM lineage_nodes WHERE kind = p_kind AND subject_id = p_subject
$$;
--> statement-breakpoint
CREATE FUNCTION lineage_ensure_dataset_version_node(p_version_id uuid) RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
  v_id uuid := lineage_node_id('dataset_version', p_version_id);
BEGIN
  IF v_id IS NOT NULL THEN RETURN v_id; END IF;
  INSERT INTO lineage_nodes (kind, subject_id, namespace, name, team_id, label, facets)
  SELECT 'dataset_version', dv.id, 'modelgate', d.name || '@v' || dv.number, d.team_id, d.name || ' v' || dv.number,
         jsonb_build_object('datasetId', d.id, 'datasetName', d.name, 'number', dv.number, 'sha256', dv.sha256,
                            'format', dv.format, 'fileName', dv.file_name)
    FROM dataset_versions dv JOIN datasets d ON d.id = dv.dataset_id
   WHERE dv.id = p_version_id
  ON CONFLICT (kind, subject_id) WHERE subject_id IS NOT NULL DO NOTHING
  RETURNING id INTO v_id;
  RETURN coalesce(v_id, lineage_node_id('dataset_version', p_version_id));
END;
$$;
--> statement-breakpoint
CREATE FUNCTION lineage_ensure_model_version_node(p_version_id uuid) RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
  v_id uuid := lineage_node_id('model_version', p_version_id);
  v_run uuid;
BEGIN
  IF v_id IS NOT NULL THEN RETURN v_id; END IF;
  INSERT INTO lineage_nodes (kind, subject_id, namespace, name, team_id, label, facets)
  SELECT 'model_version', mv.id, 'modelgate', m.name || '@v' || mv.version, m.team_id, m.name || ' v' || mv.version,
         jsonb_build_object('modelId', m.id, 'modelName', m.name, 'version', mv.version,
                            'artifactSha256', mv.artifact_sha256, 'artifactFormat', mv.artifact_format)
    FROM model_versions mv JOIN registered_models m ON m.id = mv.model_id
   WHERE mv.id = p_version_id
  ON CONFLICT (kind, subject_id) WHERE subject_id IS NOT NULL DO NOTHING
  RETURNING id INTO v_id;
  v_id := coalesce(v_id, lineage_node_id('model_version', p_version_id));
  -- The training run that produced it, with the training code it ran.
  INSERT INTO lineage_nodes (kind, subject_id, namespace, name, team_id, label, facets)
  SELECT 'training_run', mv.id, 'modelgate', m.name || '@v' || mv.version || '/training', m.team_id,
         'Training of ' || m.name || ' v' || mv.version,
         jsonb_build_object('modelId', m.id, 'modelName', m.name, 'version', mv.version, 'modelVersionId', mv.id,
                            'trainingCode', mv.training_code,
                            'codeHash', coalesce(mv.training_code->>'commit', mv.training_code->>'contentSha256'),
                            'startedBy', mv.created_by, 'recordedAt', mv.created_at)
    FROM model_versions mv JOIN registered_models m ON m.id = mv.model_id
   WHERE mv.id = p_version_id
  ON CONFLICT (kind, subject_id) WHERE subject_id IS NOT NULL DO NOTHING
  RETURNING id INTO v_run;
  v_run := coalesce(v_run, lineage_node_id('training_run', p_version_id));
  IF v_id IS NOT NULL AND v_run IS NOT NULL THEN
    INSERT INTO lineage_edges (from_id, to_id, relation, source)
    VALUES (v_run, v_id, 'produced', 'modelgate') ON CONFLICT DO NOTHING;
  END IF;
  RETURN v_id;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION lineage_link_training_data(p_model_version_id uuid, p_dataset_version_id uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_dataset uuid := lineage_ensure_dataset_version_node(p_dataset_version_id);
  v_run uuid;
BEGIN
  PERFORM lineage_ensure_model_version_node(p_model_version_id);
  v_run := lineage_node_id('training_run', p_model_version_id);
  INSERT INTO lineage_edges (from_id, to_id, relation, source)
  VALUES (v_dataset, v_run, 'trained_on', 'modelgate') ON CONFLICT DO NOTHING;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION lineage_ensure_deployment_node(p_deployment_id uuid) RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
  v_id uuid := lineage_node_id('deployment', p_deployment_id);
  v_model_version uuid;
  v_version_node uuid;
BEGIN
  IF v_id IS NOT NULL THEN RETURN v_id; END IF;
  INSERT INTO lineage_nodes (kind, subject_id, namespace, name, team_id, label, facets)
  SELECT 'deployment', d.id, 'modelgate', m.name || '@v' || mv.version || '/' || e.name || '/' || d.id, m.team_id,
         m.name || ' v' || mv.version || ' in ' || e.name,
         jsonb_build_object('modelId', m.id, 'modelName', m.name, 'version', mv.version, 'modelVersionId', mv.id,
                            'environment', e.name, 'environmentId', e.id, 'deploymentKind', d.kind,
                            'deployedAt', d.created_at)
    FROM deployments d
    JOIN model_versions mv ON mv.id = d.model_version_id
    JOIN registered_models m ON m.id = mv.model_id
    JOIN environments e ON e.id = d.environment_id
   WHERE d.id = p_deployment_id
  ON CONFLICT (kind, subject_id) WHERE subject_id IS NOT NULL DO NOTHING
  RETURNING id INTO v_id;
  v_id := coalesce(v_id, lineage_node_id('deployment', p_deployment_id));
  SELECT model_version_id INTO v_model_version FROM deployments WHERE id = p_deployment_id;
  v_version_node := lineage_ensure_model_version_node(v_model_version);
  IF v_id IS NOT NULL AND v_version_node IS NOT NULL THEN
    INSERT INTO lineage_edges (from_id, to_id, relation, source)
    VALUES (v_version_node, v_id, 'deployed_as', 'modelgate') ON CONFLICT DO NOTHING;
  END IF;
  RETURN v_id;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION lineage_on_dataset_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lineage_ensure_dataset_version_node(NEW.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION lineage_on_model_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lineage_ensure_model_version_node(NEW.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION lineage_on_training_data() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lineage_link_training_data(NEW.model_version_id, NEW.dataset_version_id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION lineage_on_deployment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lineage_ensure_deployment_node(NEW.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER lineage_dataset_versions AFTER INSERT ON dataset_versions
  FOR EACH ROW EXECUTE FUNCTION lineage_on_dataset_version();
--> statement-breakpoint
CREATE TRIGGER lineage_model_versions AFTER INSERT ON model_versions
  FOR EACH ROW EXECUTE FUNCTION lineage_on_model_version();
--> statement-breakpoint
CREATE TRIGGER lineage_model_version_training_data AFTER INSERT ON model_version_training_data
  FOR EACH ROW EXECUTE FUNCTION lineage_on_training_data();
--> statement-breakpoint
CREATE TRIGGER lineage_deployments AFTER INSERT ON deployments
  FOR EACH ROW EXECUTE FUNCTION lineage_on_deployment();
--> statement-breakpoint
-- Backfill what existed before these triggers.
SELECT lineage_ensure_dataset_version_node(id) FROM dataset_versions ORDER BY created_at;
--> statement-breakpoint
SELECT lineage_ensure_model_version_node(id) FROM model_versions ORDER BY created_at;
--> statement-breakpoint
SELECT lineage_link_training_data(model_version_id, dataset_version_id) FROM model_version_training_data;
--> statement-breakpoint
SELECT lineage_ensure_deployment_node(id) FROM deployments ORDER BY created_at;
