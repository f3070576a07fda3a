/**
 * The lineage graph's write API (tables in db/schema/lineage.ts). Usable in any transaction; both
 * calls are idempotent, so replaying the same facts (an OpenLineage event received twice, a backfill)
 * changes nothing.
 *
 * - `upsertNode(tx, node) → Promise<string>`: the node's id. A node with `subjectId` is keyed by
 *   (kind, subjectId); one without by (kind, namespace, name). An existing node keeps its id and
 *   `createdAt`; `label`, `teamId` (when given) and `facets` (merged, new keys win) are updated.
 * - `addEdge(tx, fromId, toId, relation, source) → Promise<boolean>`: true when the edge is new.
 *   Edges point downstream: from the input to what was made from it (dataset → run → model …).
 * - `findNode(tx, key) → Promise<string | null>`: the id of a node by (kind, subjectId) or
 *   (kind, namespace, name), without creating it.
 *
 * Modelgate's own facts (dataset versions, model versions and their training data, deployments,
 * prediction batches) are written by database triggers (migrations `*_lineage_triggers.sql`), in the
 * same transaction as the row they mirror; callers only write external (OpenLineage) facts here.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type TDbOrTx } from '@/db/client';
import type { TLineageEdgeSource, TLineageNodeKind } from '@/db/schema/lineage';

export type TUpsertLineageNode = {
  kind: TLineageNodeKind;
  /** The Modelgate row this node mirrors; omit for external nodes. */
  subjectId?: string | null;
  /** Defaults to 'modelgate'. External nodes: the OpenLineage namespace. */
  namespace?: string;
  /** External nodes: the OpenLineage name (the key); Modelgate nodes: a readable name. */
  name: string;
  /** Null/omitted: no team owns it and only roles that see every team see it. */
  teamId?: string | null;
  /** Shown in the graph; defaults to `name`. */
  label?: string;
  facets?: Record<string, unknown>;
};

export type TLineageNodeKey =
  | { kind: TLineageNodeKind; subjectId: string }
  | { kind: TLineageNodeKind; namespace: string; name: string };

export async function upsertNode(tx: TDbOrTx, node: TUpsertLineageNode): Promise<string> {
  const namespace = node.namespace ?? 'modelgate';
  const label = node.label ?? node.name;
  const facets = JSON.stringify(node.facets ?? {});
  const teamId = node.teamId ?? null;
  const keepTeam = node.teamId === undefined;
  const conflict = node.subjectId
    ? sql`(kind, subject_id) where subject_id is not null`
    : sql`(kind, namespace, name) where subject_id is null`;
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`
      insert into lineage_nodes (kind, subject_id, namespace, name, team_id, label, facets)
      values (${node.kind}, ${node.subjectId ?? null}::uuid, ${namespace}, ${node.name}, ${teamId}::uuid, ${label}, ${facets}::jsonb)
      on conflict ${conflict} do update set
        label = excluded.label,
        team_id = case when ${keepTeam} then lineage_nodes.team_id else excluded.team_id end,
        facets = lineage_nodes.facets || excluded.facets
      returning id`),
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('lineage node upsert returned no id');
  return id;
}

export async function addEdge(
  tx: TDbOrTx,
  fromId: string,
  toId: string,
  relation: string,
  source: TLineageEdgeSource,
): Promise<boolean> {
  const rows = rowsOf<{ inserted: number }>(
    await tx.execute(sql`
      insert into lineage_edges (from_id, to_id, relation, source)
      values (${fromId}::uuid, ${toId}::uuid, ${relation}, ${source})
      on conflict (from_id, to_id, relation) do nothing
      returning 1 as inserted`),
  );
  return rows.length > 0;
}

export async function findNode(tx: TDbOrTx, key: TLineageNodeKey): Promise<string | null> {
  const where =
    'subjectId' in key
      ? sql`kind = ${key.kind} and subject_id = ${key.subjectId}::uuid`
      : sql`kind = ${key.kind} and subject_id is null and namespace = ${key.namespace} and name = ${key.name}`;
  const rows = rowsOf<{ id: string }>(await tx.execute(sql`select id from lineage_nodes where ${where}`));
  return rows[0]?.id ?? null;
}
