import { sql } from 'drizzle-orm';
import { rowsOf, type TTx } from '@/db/client';
import type { TLineageNodeKind } from '@/db/schema/lineage';
import type { TEventReferences } from '../../openlineage/references';
import type { TLinkTarget, TResolvedLinks } from './resolve-links';

/** A link as the response and the audit event report it: which OpenLineage node is which Modelgate version. */
export interface TLinkView {
  from: { kind: TLineageNodeKind; namespace: string; name: string };
  to: TLinkTarget;
}

/** One accepted event's part of the graph. */
export interface TGraphInput {
  refs: TEventReferences;
  links: TResolvedLinks;
  /** The team new external nodes of this event are filed under. */
  teamId: string | null;
  eventTime: string;
}

type TNodeSpec = { kind: TLineageNodeKind; namespace: string; name: string; label: string; facets: Record<string, unknown>; linkedTeam?: string };
type TNodeKey = string;

const keyOf = (n: { kind: string; namespace: string; name: string }): TNodeKey => `${n.kind}\u0000${n.namespace}\u0000${n.name}`;

/** The nodes, edges and links one event asks for, by node key. */
function planEvent({ refs, links, eventTime }: TGraphInput) {
  const nodes: TNodeSpec[] = [];
  const edges: [TNodeKey, TNodeKey, string][] = [];
  const sameAs: [TNodeSpec, TLinkTarget][] = [];
  const job: TNodeSpec | null = refs.job ? { kind: 'external_job', namespace: refs.job.namespace, name: refs.job.name, label: refs.job.name, facets: refs.job.facets } : null;
  const run: TNodeSpec | null =
    refs.run && refs.job
      ? {
          kind: 'external_run',
          namespace: refs.job.namespace,
          name: refs.run.runId,
          label: `${refs.job.name} run ${refs.run.runId.slice(0, 8)}`,
          facets: { runId: refs.run.runId, lastEventTime: eventTime },
          linkedTeam: links.model?.teamId,
        }
      : null;
  if (job && !run && links.model) job.linkedTeam = links.model.teamId;
  if (job) nodes.push(job);
  if (run) nodes.push(run);
  if (job && run) edges.push([keyOf(job), keyOf(run), 'ran_as']);
  if (refs.parent && run) {
    const parentJob: TNodeSpec = { kind: 'external_job', namespace: refs.parent.namespace, name: refs.parent.name, label: refs.parent.name, facets: {} };
    const parentRun: TNodeSpec = {
      kind: 'external_run',
      namespace: refs.parent.namespace,
      name: refs.parent.runId,
      label: `${refs.parent.name} run ${refs.parent.runId.slice(0, 8)}`,
      facets: { runId: refs.parent.runId },
    };
    nodes.push(parentJob, parentRun);
    edges.push([keyOf(parentJob), keyOf(parentRun), 'ran_as'], [keyOf(parentRun), keyOf(run), 'parent_of']);
  }
  const center = run ?? job;
  refs.datasets.forEach((d, i) => {
    const target = links.datasets.get(i);
    const node: TNodeSpec = { kind: 'external_dataset', namespace: d.namespace, name: d.name, label: d.name, facets: d.facets, linkedTeam: target?.teamId };
    nodes.push(node);
    if (center && d.role === 'input') edges.push([keyOf(node), keyOf(center), 'input_of']);
    if (center && d.role === 'output') edges.push([keyOf(center), keyOf(node), 'output_of']);
    if (target) sameAs.push([node, target]);
  });
  if (links.model && center) sameAs.push([center, links.model]);
  return { nodes, edges, sameAs };
}

/**
 * Writes accepted events into the lineage graph (the tables and rules of server/lineage/graph-store.ts,
 * in set form: one statement per batch for nodes and edges, not one per row), all in the
 * caller's transaction: external_dataset, external_job and external_run nodes, and edges pointing
 * downstream — input dataset -input_of-> run (or job, for a JobEvent) -output_of-> output dataset,
 * job -ran_as-> run, parent run -parent_of-> run, and OpenLineage node <-same_as-> the Modelgate
 * dataset or model version it is (both directions). A node several events name is written once (facets merged in
 * event order). New external nodes are filed under their event's team; existing ones keep theirs
 * unless an event links them to a version (then they take that version's team).
 */
export async function writeEventGraph(tx: TTx, inputs: TGraphInput[]): Promise<TLinkView[][]> {
  const plans = inputs.map(planEvent);
  const merged = new Map<TNodeKey, TNodeSpec & { teamId: string | null }>();
  plans.forEach((plan, i) => {
    for (const node of plan.nodes) {
      const key = keyOf(node);
      const seen = merged.get(key);
      if (!seen) merged.set(key, { ...node, facets: { ...node.facets }, teamId: inputs[i]!.teamId });
      else {
        Object.assign(seen.facets, node.facets);
        seen.label = node.label;
        if (node.linkedTeam) seen.linkedTeam = node.linkedTeam;
      }
    }
  });
  if (merged.size === 0) return plans.map(() => []);
  const edges = new Map<string, [TNodeKey, TNodeKey, string]>();
  for (const plan of plans) for (const edge of plan.edges) edges.set(edge.join('\u0001'), edge);
  // Nodes an event links to a version take its team (their own statement); the rest and every edge go in one.
  const linked = await upsertExternalNodes(tx, [...merged.values()].filter((n) => n.linkedTeam));
  const ids = await upsertNodesAndEdges(
    tx,
    [...merged.values()].filter((n) => !n.linkedTeam),
    linked,
    [...edges.values()].map(([from, to, relation]) => [merged.get(from)!, merged.get(to)!, relation]),
  );
  for (const [key, id] of linked) ids.set(key, id);
  // A node another transaction created after this statement's snapshot (and left unchanged) has no id
  // yet and its edges were skipped: read it now and add the edges again (existing ones are kept).
  const late = [...merged.values()].filter((n) => !ids.has(keyOf(n)));
  if (late.length > 0) {
    for (const [key, id] of await upsertExternalNodes(tx, late.map((n) => ({ ...n, linkedTeam: undefined })))) ids.set(key, id);
    await addEdges(tx, [...edges.values()].map(([from, to, relation]) => [ids.get(from)!, ids.get(to)!, relation]));
  }

  const targets = new Map<string, TLinkTarget>();
  for (const plan of plans) for (const [, target] of plan.sameAs) targets.set(target.id, target);
  const targetNodes = new Map<string, string | null>();
  await Promise.all(
    [...targets.values()].map(async (target) => {
      const fn = target.kind === 'dataset_version' ? 'lineage_ensure_dataset_version_node' : 'lineage_ensure_model_version_node';
      const [row] = rowsOf<{ id: string | null }>(await tx.execute(sql`select ${sql.raw(fn)}(${target.id}::uuid) as id`));
      targetNodes.set(target.id, row?.id ?? null);
    }),
  );
  const sameAs = new Map<string, [string, string]>();
  const views = plans.map((plan) =>
    plan.sameAs.flatMap(([node, target]): TLinkView[] => {
      const to = targetNodes.get(target.id);
      if (!to) return [];
      const from = ids.get(keyOf(node))!;
      // Both ways, so upstream and downstream walks cross from the OpenLineage twin to Modelgate's node.
      sameAs.set(`${from}\u0001${to}`, [from, to]);
      sameAs.set(`${to}\u0001${from}`, [to, from]);
      return [{ from: { kind: node.kind, namespace: node.namespace, name: node.name }, to: target }];
    }),
  );
  await addEdges(tx, [...sameAs.values()].map(([from, to]) => [from, to, 'same_as']));
  return views;
}

const byKey = (a: { kind: string; namespace: string; name: string }, b: { kind: string; namespace: string; name: string }) => (keyOf(a) < keyOf(b) ? -1 : 1);

/**
 * The common case in one statement: graph-store's upsertNode for nodes no event links (an existing
 * node keeps its team, label replaced, facets merged; a node that would not change is not
 * rewritten) and addEdge for every edge of the batch (an existing edge is left as it is). Edges
 * name their ends by (kind, namespace, name): nodes of this statement or `known` ones.
 */
async function upsertNodesAndEdges(
  tx: TTx,
  nodes: (TNodeSpec & { teamId: string | null })[],
  known: Map<TNodeKey, string>,
  edges: [TNodeSpec, TNodeSpec, string][],
): Promise<Map<TNodeKey, string>> {
  const nodeRows = [...nodes].sort(byKey).map((n) => ({ kind: n.kind, namespace: n.namespace, name: n.name, team_id: n.teamId, label: n.label, facets: n.facets }));
  const knownRows = [...known].map(([key, id]) => {
    const [kind, namespace, name] = key.split('\u0000');
    return { id, kind, namespace, name };
  });
  const edgeRows = edges.map(([from, to, relation]) => ({ fk: from.kind, fns: from.namespace, fn: from.name, tk: to.kind, tns: to.namespace, tn: to.name, relation }));
  const rows = rowsOf<{ id: string; kind: string; namespace: string; name: string }>(
    await tx.execute(sql`
      with nodes_in as (
        select * from jsonb_to_recordset(${JSON.stringify(nodeRows)}::jsonb) as x(kind text, namespace text, name text, team_id uuid, label text, facets jsonb)
      ),
      ins as (
        insert into lineage_nodes (kind, subject_id, namespace, name, team_id, label, facets)
        select x.kind, null, x.namespace, x.name, x.team_id, x.label, x.facets from nodes_in x
        on conflict (kind, namespace, name) where subject_id is null do update set
          label = excluded.label,
          facets = lineage_nodes.facets || excluded.facets
        where lineage_nodes.label is distinct from excluded.label
           or (lineage_nodes.facets || excluded.facets) <> lineage_nodes.facets
        returning id, kind, namespace, name
      ),
      ids as (
        select id, kind, namespace, name from ins
        union all
        select n.id, n.kind, n.namespace, n.name from lineage_nodes n
          join nodes_in x on n.kind = x.kind and n.namespace = x.namespace and n.name = x.name
         where n.subject_id is null and not exists (select 1 from ins where ins.id = n.id)
        union all
        select * from jsonb_to_recordset(${JSON.stringify(knownRows)}::jsonb) as k(id uuid, kind text, namespace text, name text)
      ),
      edge_ins as (
        insert into lineage_edges (from_id, to_id, relation, source)
        select f.id, t.id, e.relation, 'openlineage'
          from jsonb_to_recordset(${JSON.stringify(edgeRows)}::jsonb) as e(fk text, fns text, fn text, tk text, tns text, tn text, relation text)
          join ids f on f.kind = e.fk and f.namespace = e.fns and f.name = e.fn
          join ids t on t.kind = e.tk and t.namespace = e.tns and t.name = e.tn
        on conflict (from_id, to_id, relation) do nothing
      )
      select id, kind, namespace, name from ids`),
  );
  return new Map(rows.map((r) => [keyOf(r), r.id]));
}

/**
 * graph-store's upsertNode for many external nodes in two statements (nodes an event links to a
 * version take that version's team; the others keep an existing node's team, and a new node gets
 * its event's team). Same conflict target and merge rule as upsertNode: label replaced, facets
 * merged with new keys winning (a node that would not change is not rewritten). Rows go in key order, so concurrent batches lock shared nodes in
 * the same order.
 */
async function upsertExternalNodes(tx: TTx, nodes: (TNodeSpec & { teamId: string | null })[]): Promise<Map<TNodeKey, string>> {
  const ids = new Map<TNodeKey, string>();
  if (nodes.length === 0) return ids;
  const sorted = [...nodes].sort(byKey);
  for (const linked of [false, true]) {
    const rows = sorted
      .filter((n) => Boolean(n.linkedTeam) === linked)
      .map((n) => ({ kind: n.kind, namespace: n.namespace, name: n.name, team_id: n.linkedTeam ?? n.teamId, label: n.label, facets: n.facets }));
    if (rows.length === 0) continue;
    const result = rowsOf<{ id: string; kind: string; namespace: string; name: string }>(
      await tx.execute(sql`
        insert into lineage_nodes (kind, subject_id, namespace, name, team_id, label, facets)
        select x.kind, null, x.namespace, x.name, x.team_id, x.label, x.facets
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(kind text, namespace text, name text, team_id uuid, label text, facets jsonb)
        on conflict (kind, namespace, name) where subject_id is null do update set
          label = excluded.label,
          ${linked ? sql`team_id = excluded.team_id,` : sql``}
          facets = lineage_nodes.facets || excluded.facets
        -- A node re-sent as it is (the common case: every run repeats its datasets' facets) is not rewritten.
        where lineage_nodes.label is distinct from excluded.label
           or (lineage_nodes.facets || excluded.facets) <> lineage_nodes.facets
           ${linked ? sql`or lineage_nodes.team_id is distinct from excluded.team_id` : sql``}
        returning id, kind, namespace, name`),
    );
    for (const row of result) ids.set(keyOf(row), row.id);
  }
  // Nodes left as they were are not returned by the upsert: read their ids.
  const unchanged = sorted.filter((n) => !ids.has(keyOf(n)));
  if (unchanged.length > 0) {
    const rows = rowsOf<{ id: string; kind: string; namespace: string; name: string }>(
      await tx.execute(sql`
        select id, kind, namespace, name from lineage_nodes
         where subject_id is null and (kind, namespace, name) in (${sql.join(
           unchanged.map((n) => sql`(${n.kind}, ${n.namespace}, ${n.name})`),
           sql`, `,
         )})`),
    );
    for (const row of rows) ids.set(keyOf(row), row.id);
  }
  return ids;
}

/** graph-store's addEdge for many edges in one statement (source openlineage; an existing edge is left as it is). */
async function addEdges(tx: TTx, edges: [string, string, string][]): Promise<void> {
  if (edges.length === 0) return;
  const rows = edges.map(([from_id, to_id, relation]) => ({ from_id, to_id, relation }));
  await tx.execute(sql`
    insert into lineage_edges (from_id, to_id, relation, source)
    select x.from_id, x.to_id, x.relation, 'openlineage'
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(from_id uuid, to_id uuid, relation text)
    on conflict (from_id, to_id, relation) do nothing`);
}
