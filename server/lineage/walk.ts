/**
 * Walks the lineage graph from a set of nodes, upstream (towards the inputs) and/or downstream
 * (towards what was made from them), in one SQL statement: a recursive CTE per direction, then
 * the reached nodes, the edges between them and the count of hidden neighbours.
 *
 * Each recursive CTE is a breadth-first search whose state is one row per hop: the frontier
 * (nodes first reached at this hop) and everything visited so far. A node is expanded once, at the
 * hop it is first reached, so a cycle cannot loop and the work never grows with the number of
 * paths (a per-path guard would: 5 parents per node over 10 hops is ~10 million paths). The walk
 * stops at `maxDepth` hops or when no new node is reached, so "any depth" is safe on any graph.
 *
 * `visible` (a condition on the `lineage_nodes` table, e.g. from abilityWhere; omitted = everything)
 * keeps the walk inside what the reader may see: it never steps onto a hidden node, so it cannot
 * reveal what lies behind one either. Hidden nodes next to the reached ones are only counted.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type TDbOrTx } from '@/db/client';
import type { TLineageEdgeSource, TLineageNodeKind } from '@/db/schema/lineage';

export type TLineageDirection = 'upstream' | 'downstream';

export type TWalkedNode = {
  id: string;
  kind: TLineageNodeKind;
  subjectId: string | null;
  namespace: string;
  name: string;
  teamId: string | null;
  label: string;
  facets: Record<string, unknown>;
  createdAt: string;
  /** Hops from the nearest start node (0 for the start nodes). */
  depth: number;
  /** How the walk reached it: 'start', or the direction it was found in. */
  side: 'start' | TLineageDirection;
};

export type TWalkedEdge = { fromId: string; toId: string; relation: string; source: TLineageEdgeSource; createdAt: string };

export type TWalkResult = {
  nodes: TWalkedNode[];
  edges: TWalkedEdge[];
  /** Distinct nodes next to the expanded ones (in the walked direction) that the reader may not see. */
  hidden: number;
  /** True when the walk stopped at maxDepth while there was more to find, or at maxNodes. */
  truncated: boolean;
};

/** A uuid[] as one parameter (a Postgres array literal), so the statement text does not depend on the count. */
const uuidArray = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

function bfs(name: 'up' | 'down', walk: boolean, starts: SQL, maxDepth: number, visible: SQL | undefined): SQL {
  const cte = sql.raw(name);
  if (!walk) return sql`${cte}(depth, frontier, visited) as (select 0, '{}'::uuid[], '{}'::uuid[] where false)`;
  const [near, far] = name === 'up' ? [sql`e.to_id`, sql`e.from_id`] : [sql`e.from_id`, sql`e.to_id`];
  // Without a visibility rule the walk needs only the edges table (index-only scans).
  const filter = visible ? sql`join lineage_nodes on lineage_nodes.id = ${far} where (${visible}) and` : sql`where`;
  return sql`${cte}(depth, frontier, visited) as (
    select 0, ${starts}, ${starts}
    union all
    select w.depth + 1, step.ids, w.visited || step.ids
      from ${cte} w
      cross join lateral (
        select coalesce(array_agg(distinct ${far}), '{}'::uuid[]) as ids
          from lineage_edges e ${filter} ${near} = any(w.frontier)
           and not exists (select 1 from unnest(w.visited) as seen(id) where seen.id = ${far})
      ) step
     where w.depth < ${maxDepth}::int and cardinality(w.frontier) > 0
  )`;
}

/** Is anything visible one hop past the last frontier (the walk stopped at maxDepth with more to find)? */
function probe(name: 'up' | 'down', visible: SQL | undefined): SQL {
  const cte = sql.raw(name);
  const [near, far] = name === 'up' ? [sql`e.to_id`, sql`e.from_id`] : [sql`e.from_id`, sql`e.to_id`];
  const filter = visible ? sql`join lineage_nodes on lineage_nodes.id = ${far} where (${visible}) and` : sql`where`;
  return sql`exists (
    select 1 from (select frontier, visited from ${cte} order by depth desc limit 1) last,
                  lineage_edges e ${filter} ${near} = any(last.frontier)
       and not exists (select 1 from unnest(last.visited) as seen(id) where seen.id = ${far}))`;
}

/**
 * The subgraph around `startIds`: nodes reached upstream and/or downstream within `maxDepth` hops
 * (at most `maxNodes`, nearest first), the edges between them, and a count of hidden neighbours.
 * Start nodes must already be known to be visible to the reader (the service checks them).
 */
export async function walkLineage(db: TDbOrTx, opts: TWalkOptions): Promise<TWalkResult> {
  const [row] = rowsOf<{ total: number; more: boolean; nodes: TWalkedNode[] | string | null; edges: TWalkedEdge[] | string | null; hidden: number }>(
    await db.execute(walkLineageSql(opts)),
  );
  // json_agg renders timestamps as Postgres text ("…+00:00"); the API speaks ISO 8601 in UTC.
  const iso = <T extends { createdAt: string }>(item: T): T => ({ ...item, createdAt: new Date(item.createdAt).toISOString() });
  const parse = <T>(value: T[] | string | null | undefined): T[] => (typeof value === 'string' ? (JSON.parse(value) as T[]) : (value ?? []));
  const nodes = parse(row?.nodes).map(iso);
  const edges = parse(row?.edges).map(iso);
  return {
    nodes,
    edges,
    hidden: Number(row?.hidden ?? 0),
    truncated: Boolean(row?.more) || (opts.maxNodes !== undefined && Number(row?.total ?? 0) > opts.maxNodes),
  };
}

export type TWalkOptions = { startIds: string[]; directions: TLineageDirection[]; maxDepth: number; maxNodes?: number; visible?: SQL };

/** The walk's one statement (exported so the bench can EXPLAIN it). */
export function walkLineageSql(opts: TWalkOptions): SQL {
  const { visible, maxDepth } = opts;
  const starts = uuidArray(opts.startIds);
  const up = opts.directions.includes('upstream');
  const down = opts.directions.includes('downstream');
  const hiddenWhere = visible ? sql`not coalesce((${visible}), false)` : sql`false`;
  return sql`
      with recursive ${bfs('up', up, starts, maxDepth, visible)}, ${bfs('down', down, starts, maxDepth, visible)},
      reached as (
        select id, min(depth) as depth, (array_agg(side order by depth, side = 'start' desc))[1] as side
          from (
            select s.id, 0 as depth, 'start' as side from unnest(${starts}) as s(id)
            union all
            select r.id, w.depth, 'upstream' from up w cross join lateral unnest(w.frontier) as r(id) where w.depth > 0
            union all
            select r.id, w.depth, 'downstream' from down w cross join lateral unnest(w.frontier) as r(id) where w.depth > 0
          ) found
         group by id
      ),
      kept as (select * from reached order by depth, id limit ${opts.maxNodes ?? null}::int)
      select
        (select count(*)::int from reached) as total,
        ${up ? probe('up', visible) : sql`false`} or ${down ? probe('down', visible) : sql`false`} as more,
        (select json_agg(json_build_object(
                  'id', n.id, 'kind', n.kind, 'subjectId', n.subject_id, 'namespace', n.namespace, 'name', n.name,
                  'teamId', n.team_id, 'label', n.label, 'facets', n.facets,
                  'createdAt', n.created_at, 'depth', k.depth, 'side', k.side)
                  order by k.depth, n.label, n.id)
           from kept k join lineage_nodes n on n.id = k.id) as nodes,
        (select json_agg(json_build_object(
                  'fromId', e.from_id, 'toId', e.to_id, 'relation', e.relation, 'source', e.source, 'createdAt', e.created_at)
                  order by e.from_id, e.to_id, e.relation)
           from lineage_edges e
          where e.from_id in (select id from kept) and e.to_id in (select id from kept)) as edges,
        (select count(distinct lineage_nodes.id)::int
           from (
             select e.from_id as id from kept k join lineage_edges e on e.to_id = k.id
              where ${sql.raw(String(up))} and k.side in ('start', 'upstream') and k.depth < ${maxDepth}::int
             union
             select e.to_id from kept k join lineage_edges e on e.from_id = k.id
              where ${sql.raw(String(down))} and k.side in ('start', 'downstream') and k.depth < ${maxDepth}::int
           ) neighbour
           join lineage_nodes on lineage_nodes.id = neighbour.id
          where ${hiddenWhere}) as hidden`;
}
