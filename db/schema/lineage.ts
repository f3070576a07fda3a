import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { teams } from './identity';

/**
 * What a lineage node stands for. Modelgate's own facts carry `subjectId` (the row they mirror);
 * external ones (OpenLineage) are named by `namespace` + `name`. A prediction batch is one
 * deployment's predictions of one UTC day (namespace = deployment id, name = YYYY-MM-DD).
 */
export const LINEAGE_NODE_KINDS = [
  'dataset_version',
  'training_run',
  'model_version',
  'deployment',
  'prediction_batch',
  'external_dataset',
  'external_job',
  'external_run',
] as const;
export type TLineageNodeKind = (typeof LINEAGE_NODE_KINDS)[number];

/** Who wrote an edge: Modelgate's own triggers, or an ingested OpenLineage event. */
export const LINEAGE_EDGE_SOURCES = ['modelgate', 'openlineage'] as const;
export type TLineageEdgeSource = (typeof LINEAGE_EDGE_SOURCES)[number];

/**
 * Relations in use (free text in the database so ingestion can add more):
 * dataset_version -trained_on-> training_run -produced-> model_version -deployed_as-> deployment
 * -served-> prediction_batch; OpenLineage: dataset -input_of-> run/job -output_of-> dataset
 * (edges always point downstream, from the input to what was made from it); same_as links an
 * external node to the Modelgate node it names.
 */
export const LINEAGE_RELATIONS = ['trained_on', 'produced', 'deployed_as', 'served', 'input_of', 'output_of', 'same_as'] as const;

/**
 * A node of the lineage graph. `teamId` decides who sees it: null means no team owns it, and only
 * roles that see every team (auditor, governance officer, admin) see such nodes.
 */
export const lineageNodes = pgTable(
  'lineage_nodes',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: LINEAGE_NODE_KINDS }).notNull(),
    /** The Modelgate row this node mirrors (dataset version, model version, deployment …); null for external nodes. */
    subjectId: uuid(),
    /** For external nodes the OpenLineage namespace and name; for Modelgate nodes a readable name. */
    namespace: text().notNull().default('modelgate'),
    name: text().notNull(),
    teamId: uuid().references(() => teams.id),
    label: text().notNull(),
    facets: jsonb().$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('lineage_nodes_kind_subject_key').on(t.kind, t.subjectId).where(sql`${t.subjectId} is not null`),
    uniqueIndex('lineage_nodes_kind_namespace_name_key').on(t.kind, t.namespace, t.name).where(sql`${t.subjectId} is null`),
    index().on(t.teamId),
    check(
      'lineage_nodes_kind_known',
      sql`${t.kind} in ('dataset_version', 'training_run', 'model_version', 'deployment', 'prediction_batch', 'external_dataset', 'external_job', 'external_run')`,
    ),
  ],
);

/** A directed edge, always pointing downstream (input → what was made from it). */
export const lineageEdges = pgTable(
  'lineage_edges',
  {
    fromId: uuid().notNull().references(() => lineageNodes.id),
    toId: uuid().notNull().references(() => lineageNodes.id),
    relation: text().notNull(),
    source: text({ enum: LINEAGE_EDGE_SOURCES }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.fromId, t.toId, t.relation] }),
    // Upstream walks go from to_id to from_id; downstream walks use the primary key.
    index().on(t.toId, t.fromId),
    check('lineage_edges_source_known', sql`${t.source} in ('modelgate', 'openlineage')`),
  ],
);
